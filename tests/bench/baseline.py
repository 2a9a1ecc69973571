"""The baseline app: a bare FastAPI app with one scenario's handler and the raw driver.

Started by the harness as `uvicorn tests.bench.baseline:create_app --factory` with
`BENCH_SCENARIO` (the scenario's name) and `BENCH_DATABASE_URL` set. No auth, no middleware, no
problem handlers, no sessions: the same minimal database work, inline in `async def`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI

from tests.bench.scenario import RawDb
from tests.bench.scenarios import get_scenario


def create_app() -> FastAPI:
    scenario = get_scenario(os.environ["BENCH_SCENARIO"])
    db = RawDb(os.environ["BENCH_DATABASE_URL"])

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            db.close()

    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, lifespan=lifespan)

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "up"}

    scenario.baseline(app, db)
    return app
