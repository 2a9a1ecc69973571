"""Every service's OpenAPI document passes the Logius API Design Rules linter with zero errors."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SERVICES

ROOT = Path(__file__).resolve().parents[2]
RULESET = Path(__file__).parent / "adr" / "linter.yaml"
SPECTRAL = ROOT / "tools" / "spectral" / "node_modules" / ".bin" / "spectral"


@pytest.fixture(scope="module")
def spectral() -> Path:
    if not SPECTRAL.exists():
        if os.environ.get("CI"):
            pytest.fail("Spectral is not installed; `make spectral` installs it")
        pytest.skip("Spectral is not installed; `make spectral` installs it (needs npm)")
    return SPECTRAL


@pytest.mark.parametrize("service", list(SERVICES))
def test_openapi_document_passes_the_api_design_rules(
    service: str, spectral: Path, make_app, tmp_path: Path
) -> None:
    document = make_app(service).openapi()
    path = tmp_path / f"{service}.json"
    path.write_text(json.dumps(document))
    result = subprocess.run(
        [
            str(spectral),
            "lint",
            "--ruleset",
            str(RULESET),
            "--format",
            "json",
            "--quiet",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    findings = json.loads(result.stdout or "[]")
    errors = [
        f"{'.'.join(map(str, f['path']))}: {f['message']}" for f in findings if f["severity"] == 0
    ]
    assert errors == [], "\n".join(errors)
