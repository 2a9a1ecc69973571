"""The intake app plus one slow route, for the graceful-shutdown test (a real uvicorn process).

`BALANS_TEST_STARTED_FILE` names a file the slow route creates when it has begun, so the test
knows the request is in flight before it sends SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from fastapi import FastAPI

from services.intake.app import create_app as create_intake

SLOW_SECONDS = 2.0


def create_app() -> FastAPI:
    app = create_intake()
    started = Path(os.environ["BALANS_TEST_STARTED_FILE"])

    @app.get("/test/langzaam", include_in_schema=False)
    async def langzaam() -> dict[str, str]:
        started.write_text("begonnen")  # noqa: ASYNC240 - a few bytes, test only
        await asyncio.sleep(SLOW_SECONDS)
        return {"status": "afgemaakt"}

    return app
