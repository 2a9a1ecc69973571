"""A stand-in for trajectory's `POST /v1/aanvragen`, built on the shared contract and
shared.idempotency, until the proof issue runs the hand-over against the real service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI, Response

from shared.auth import TokenVerifier
from shared.contracts.handoffs import (
    TRAJECTORY_AANVRAGEN_PATH,
    AanvraagOntvangen,
    AanvraagSchuldhulp,
)
from shared.db import Connect, DbSession, create_db_engine, new_metadata
from shared.idempotency import IdempotencyRequired
from shared.plumbing import plumbing_tables
from shared.problems import install_problem_handlers
from shared.settings import ServiceSettings


class TrajectoryStandIn:
    """Trajectory as far as intake's aanvraag is concerned: one trajectory per request."""

    def __init__(self, directory: Path) -> None:
        metadata = new_metadata()
        self.plumbing = plumbing_tables(metadata)
        self.traject = sa.Table(
            "traject",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("aanvraag_id", sa.String(36), nullable=False),
            sa.Column("body", sa.JSON, nullable=False),
        )
        self.engine = create_db_engine(f"sqlite:///{directory / 'trajectory-stand-in.db'}")
        metadata.create_all(self.engine)
        self.connect: Connect = self.engine.connect
        self.app = self._app()

    def _app(self) -> FastAPI:
        app = FastAPI()
        app.state.connect = self.connect
        app.state.plumbing = self.plumbing
        app.state.token_verifier = TokenVerifier(ServiceSettings(environment="test"))
        install_problem_handlers(app)
        traject = self.traject

        @app.post(TRAJECTORY_AANVRAGEN_PATH, status_code=201)
        async def open_traject(
            body: AanvraagSchuldhulp, session: DbSession, guard: IdempotencyRequired
        ) -> Response:
            if guard.replay is not None:
                return guard.replay
            result = session.execute(
                traject.insert().values(
                    aanvraag_id=str(body.aanvraag_id), body=body.model_dump(mode="json")
                )
            )
            traject_id = f"00000000-0000-4000-8000-{result.inserted_primary_key[0]:012d}"
            answer = AanvraagOntvangen(traject_id=traject_id, aanvraag_id=body.aanvraag_id)
            return guard.record(201, answer)

        return app

    def trajecten(self) -> list[Any]:
        with self.connect() as session:
            return list(session.execute(sa.select(self.traject)).all())

    def close(self) -> None:
        self.engine.dispose()


class Flaky(httpx.AsyncBaseTransport):
    """Forwards to an ASGI app, but the first `down` calls fail as if nobody listens, and the
    next `lose` calls reach the app but lose its answer (a dropped connection)."""

    def __init__(self, app: FastAPI, *, down: int = 0, lose: int = 0) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.down = down
        self.lose = lose
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.down > 0:
            self.down -= 1
            raise httpx.ConnectError("connection refused", request=request)
        response = await self.inner.handle_async_request(request)
        if self.lose > 0:
            self.lose -= 1
            await response.aread()
            raise httpx.ReadError("connection reset", request=request)
        return response
