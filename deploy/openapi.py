"""Write each service's OpenAPI document to a folder: `make openapi` (docs/openapi/)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from fastapi import FastAPI

SERVICE_NAMES = ("intake", "signals", "trajectory", "reporting")


def load_apps() -> dict[str, FastAPI]:
    """Every service's app, built from its settings (nothing is started or migrated)."""
    return {
        name: importlib.import_module(f"services.{name}.app").create_app() for name in SERVICE_NAMES
    }


def write_documents(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, app in load_apps().items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n")
        app.state.engine.dispose()
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_documents(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/openapi")):
        print(written_path)
