"""Stand-in intake and trajectory apps for the signals tests (reached through httpx transports)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI, Request


def bekendheid_app(*, lopend_voor: set[str] | None = None) -> FastAPI:
    """Answers POST /v1/bekendheid: `lopend` for the keys given."""
    app = FastAPI()
    keys = lopend_voor if lopend_voor is not None else set()

    @app.post("/v1/bekendheid")
    async def bekendheid(body: dict[str, Any]) -> dict[str, Any]:
        known = body["subjectKey"] in keys
        return {"bekend": known, "lopend": known, "referentie": None, "laatstAfgeslotenOp": None}

    return app


def intake_app(received: list[tuple[str, dict[str, Any]]]) -> FastAPI:
    """Intake's receiving end of the hand-over; records (Idempotency-Key, body)."""
    app = FastAPI()

    @app.post("/v1/vroegsignaal-overdrachten", status_code=201)
    async def overdracht(request: Request) -> dict[str, Any]:
        body = await request.json()
        received.append((request.headers.get("Idempotency-Key", ""), body))
        return {"meldingId": "8d5d7c56-1b39-4c7e-a8c4-4f3d3c1c0f11", "casusId": body["casusId"]}

    return app


def transports(intake: FastAPI, trajectory: FastAPI) -> dict[str, httpx.AsyncBaseTransport]:
    return {
        "intake": httpx.ASGITransport(app=intake),
        "trajectory": httpx.ASGITransport(app=trajectory),
    }
