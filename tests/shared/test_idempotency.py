"""Idempotency-Key: a repeat gets the first answer, never a second effect."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
import httpx
import pytest
import sqlalchemy as sa
from fastapi import Depends, FastAPI, Response
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import Connection, Engine

from shared import idempotency, testing
from shared.auth import Principal, Role, TokenVerifier, mint_token, require_roles
from shared.db import Connect, DbSession, create_db_engine, new_metadata, unit_of_work
from shared.events import append_event
from shared.idempotency import Idempotency, IdempotencyRequired, purge_expired
from shared.plumbing import PlumbingTables, plumbing_tables
from shared.problems import PROBLEM_MEDIA_TYPE, RuleViolation, install_problem_handlers
from shared.settings import ServiceSettings

SECRET = "idempotency-test-signing-key-long-enough-hs256"
SETTINGS = ServiceSettings(JWT_SECRET=SECRET, JWT_AUDIENCE="balans", JWT_ISSUER="balans-dev")
Caller = Annotated[Principal, Depends(require_roles(Role.service, Role.creditor))]


def headers(key: str | None = "key-1", subject: str = "service:signals") -> dict[str, str]:
    """A caller's token, and the Idempotency-Key unless `key` is None."""
    token = mint_token(secret=SECRET, subject=subject, roles=["service"])
    found = {"Authorization": f"Bearer {token}"}
    if key is not None:
        found["Idempotency-Key"] = key
    return found


class Melding(BaseModel):
    omschrijving: str
    weiger: bool = False
    vergeet_vast_te_leggen: bool = False


class MeldingRead(BaseModel):
    nummer: int
    omschrijving: str


class Receiver:
    """An app whose POST has one visible effect per execution: an event row."""

    def __init__(self, directory: Path) -> None:
        self.url = testing.create_scratch_database("receiver", directory)
        self.engine: Engine = create_db_engine(self.url)
        metadata = new_metadata()
        self.tables: PlumbingTables = plumbing_tables(metadata)
        metadata.create_all(self.engine)
        self.connect: Connect = self.engine.connect
        self.gate: asyncio.Event | None = None
        self.thread_gate: threading.Event | None = None
        self.app = self.build_app()

    def effects(self) -> int:
        with self.connect() as session:
            query = sa.select(sa.func.count()).select_from(self.tables.event)
            return int(session.execute(query).scalar_one())

    def key_rows(self) -> list[Any]:
        with self.connect() as session:
            return list(session.execute(sa.select(self.tables.idempotency_key)).all())

    def build_app(self) -> FastAPI:
        """One replica of the service; several may share the database."""
        app = FastAPI()
        install_problem_handlers(app)
        app.state.connect = self.connect
        app.state.plumbing = self.tables
        app.state.token_verifier = TokenVerifier(SETTINGS)

        def effect(session: Connection, melding: Melding) -> MeldingRead:
            if melding.weiger:
                raise RuleViolation("Deze melding wordt geweigerd.")
            append_event(
                session,
                self.tables,
                type="melding.ontvangen",
                gemeentecode="GM0362",
                subject_key=None,
                payload={"omschrijving": melding.omschrijving},
            )
            count = sa.select(sa.func.count()).select_from(self.tables.event)
            nummer = int(session.execute(count).scalar_one())
            return MeldingRead(nummer=nummer, omschrijving=melding.omschrijving)

        @app.post("/v1/meldingen", status_code=201, response_model=MeldingRead)
        async def create(
            melding: Melding, session: DbSession, guard: Idempotency, _caller: Caller
        ) -> Response:
            if guard.replay is not None:
                return guard.replay
            if self.gate is not None:
                await self.gate.wait()
            if self.thread_gate is not None:
                await anyio.to_thread.run_sync(self.thread_gate.wait)
            created = effect(session, melding)
            if melding.vergeet_vast_te_leggen:
                return Response(status_code=201)
            return guard.record(
                201, created, headers={"Location": f"/v1/meldingen/{created.nummer}"}
            )

        @app.post("/v1/verplicht", status_code=201, response_model=MeldingRead)
        async def create_strict(
            melding: Melding, session: DbSession, guard: IdempotencyRequired, _caller: Caller
        ) -> Response:
            if guard.replay is not None:
                return guard.replay
            return guard.record(201, effect(session, melding))

        return app


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Receiver]:
    found = Receiver(tmp_path)
    yield found
    found.engine.dispose()
    testing.drop_scratch_database(found.url)


@pytest.fixture
def client(receiver: Receiver) -> Iterator[TestClient]:
    with TestClient(receiver.app) as test_client:
        yield test_client


def post(
    client: TestClient,
    body: dict[str, Any],
    *,
    key: str | None = "key-1",
    subject: str = "service:signals",
) -> httpx.Response:
    response: httpx.Response = client.post(
        "/v1/meldingen", json=body, headers=headers(key, subject)
    )
    return response


class TestReplay:
    def test_a_repeat_returns_the_first_status_body_and_headers(
        self, client: TestClient, receiver: Receiver
    ) -> None:
        first = post(client, {"omschrijving": "huurachterstand"})
        assert first.status_code == 201
        assert "Idempotent-Replayed" not in first.headers
        repeat = post(client, {"omschrijving": "huurachterstand"})
        assert repeat.status_code == 201
        assert repeat.content == first.content
        assert repeat.headers["Idempotent-Replayed"] == "true"
        assert repeat.headers["Location"] == first.headers["Location"] == "/v1/meldingen/1"
        assert repeat.headers["content-type"] == "application/json"
        assert receiver.effects() == 1

    def test_the_key_is_stored_with_caller_hash_and_expiry(
        self, client: TestClient, receiver: Receiver
    ) -> None:
        post(client, {"omschrijving": "x"})
        (row,) = receiver.key_rows()
        assert row.caller == "service:signals"
        assert row.key == "key-1"
        assert row.state == "completed"
        assert len(row.request_hash) == 64
        assert row.expires_at - row.created_at >= timedelta(hours=24)

    def test_a_quoted_key_is_the_same_key(self, client: TestClient, receiver: Receiver) -> None:
        post(client, {"omschrijving": "x"}, key="abc")
        repeat = post(client, {"omschrijving": "x"}, key='"abc"')
        assert repeat.headers["Idempotent-Replayed"] == "true"
        assert receiver.effects() == 1

    def test_the_same_key_with_another_body_422(
        self, client: TestClient, receiver: Receiver
    ) -> None:
        post(client, {"omschrijving": "huurachterstand"})
        other = post(client, {"omschrijving": "energieschuld"})
        assert other.status_code == 422
        assert other.headers["content-type"] == PROBLEM_MEDIA_TYPE
        assert other.json()["type"].endswith("/rule-violation")
        assert receiver.effects() == 1

    def test_the_same_key_on_another_path_422(self, client: TestClient) -> None:
        post(client, {"omschrijving": "x"})
        other = client.post("/v1/verplicht", json={"omschrijving": "x"}, headers=headers())
        assert other.status_code == 422

    def test_different_callers_with_the_same_key_are_independent(
        self, client: TestClient, receiver: Receiver
    ) -> None:
        first = post(client, {"omschrijving": "x"}, subject="service:signals")
        second = post(client, {"omschrijving": "x"}, subject="service:intake")
        assert first.status_code == second.status_code == 201
        assert "Idempotent-Replayed" not in second.headers
        assert receiver.effects() == 2

    def test_without_a_key_every_request_runs(self, client: TestClient, receiver: Receiver) -> None:
        for _ in range(2):
            response = post(client, {"omschrijving": "x"}, key=None)
            assert response.status_code == 201
            assert "Idempotent-Replayed" not in response.headers
        assert receiver.effects() == 2
        assert receiver.key_rows() == []

    def test_a_route_may_require_the_key(self, client: TestClient) -> None:
        response = client.post("/v1/verplicht", json={"omschrijving": "x"}, headers=headers(None))
        assert response.status_code == 400
        assert response.json()["invalidParams"][0]["name"] == "Idempotency-Key"
        ok = client.post("/v1/verplicht", json={"omschrijving": "x"}, headers=headers())
        assert ok.status_code == 201

    @pytest.mark.parametrize("key", ["", "x" * 256, '""'])
    def test_an_invalid_key_400(self, client: TestClient, key: str) -> None:
        response = post(client, {"omschrijving": "x"}, key=key)
        assert response.status_code == 400
        assert response.json()["invalidParams"] == [
            {"name": "Idempotency-Key", "reason": "1 tot 255 afdrukbare ASCII-tekens."}
        ]

    def test_the_longest_key_is_accepted(self, client: TestClient) -> None:
        assert post(client, {"omschrijving": "x"}, key="k" * 255).status_code == 201

    def test_the_header_is_documented(self, client: TestClient) -> None:
        operation = client.app.openapi()["paths"]["/v1/meldingen"]["post"]  # type: ignore[attr-defined]
        names = [parameter["name"] for parameter in operation["parameters"]]
        assert "Idempotency-Key" in names


class TestAtomicity:
    def test_a_failed_request_stores_no_key_and_a_retry_runs_anew(
        self, client: TestClient, receiver: Receiver
    ) -> None:
        refused = post(client, {"omschrijving": "x", "weiger": True})
        assert refused.status_code == 422
        assert receiver.key_rows() == []
        assert post(client, {"omschrijving": "x"}, key="key-2").status_code == 201
        assert receiver.effects() == 1

    def test_a_handler_that_does_not_record_is_rolled_back(self, receiver: Receiver) -> None:
        with TestClient(receiver.app, raise_server_exceptions=False) as client:
            response = post(client, {"omschrijving": "x", "vergeet_vast_te_leggen": True})
        assert response.status_code == 500
        assert receiver.key_rows() == []
        assert receiver.effects() == 0

    def test_a_key_committed_by_another_process_meanwhile_is_replayed(
        self, client: TestClient, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        post(client, {"omschrijving": "x"})
        real_find = idempotency._find
        calls = 0

        def find_after_the_race(*args: Any) -> Any:
            # The first look finds nothing: the other process had not committed yet.
            nonlocal calls
            calls += 1
            return None if calls == 1 else real_find(*args)

        monkeypatch.setattr(idempotency, "_find", find_after_the_race)
        repeat = post(client, {"omschrijving": "x"})
        assert repeat.status_code == 201
        assert repeat.headers["Idempotent-Replayed"] == "true"
        assert receiver.effects() == 1

    @pytest.mark.anyio
    async def test_a_repeat_while_the_first_runs_409(
        self, receiver: Receiver, anyio_backend: str
    ) -> None:
        receiver.gate = asyncio.Event()
        transport = httpx.ASGITransport(app=receiver.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            body = {"omschrijving": "x"}
            first = asyncio.create_task(client.post("/v1/meldingen", json=body, headers=headers()))
            for _ in range(100):
                if getattr(receiver.app.state, "idempotency_in_flight", None):
                    break
                await asyncio.sleep(0.01)
            repeat = await client.post("/v1/meldingen", json=body, headers=headers())
            assert repeat.status_code == 409
            assert repeat.headers["Retry-After"] == "1"
            assert repeat.json()["type"].endswith("/conflict")
            other = await client.post(
                "/v1/meldingen", json={"omschrijving": "y"}, headers=headers()
            )
            assert other.status_code == 422  # another request under a key in use
            receiver.gate.set()
            assert (await first).status_code == 201
            assert receiver.app.state.idempotency_in_flight == {}
            later = await client.post("/v1/meldingen", json=body, headers=headers())
            assert later.headers["Idempotent-Replayed"] == "true"
        assert receiver.effects() == 1


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class TestRetention:
    def test_expired_keys_are_purged(self, client: TestClient, receiver: Receiver) -> None:
        post(client, {"omschrijving": "x"}, key="old")
        post(client, {"omschrijving": "x"}, key="new")
        with unit_of_work(receiver.connect) as session:
            assert purge_expired(session, receiver.tables, datetime.now(UTC)) == 0
        later = datetime.now(UTC) + timedelta(hours=24, seconds=1)
        with unit_of_work(receiver.connect) as session:
            table = receiver.tables.idempotency_key
            session.execute(
                sa.update(table).where(table.c.key == "new").values(expires_at=later + timedelta(1))
            )
            assert purge_expired(session, receiver.tables, later) == 1
        assert [row.key for row in receiver.key_rows()] == ["new"]

    def test_an_expired_key_runs_anew(self, client: TestClient, receiver: Receiver) -> None:
        post(client, {"omschrijving": "x"})
        with unit_of_work(receiver.connect) as session:
            table = receiver.tables.idempotency_key
            past = datetime.now(UTC) - timedelta(seconds=1)
            session.execute(sa.update(table).values(expires_at=past))
        again = post(client, {"omschrijving": "x"})
        assert again.status_code == 201
        assert "Idempotent-Replayed" not in again.headers
        assert receiver.effects() == 2


@pytest.mark.postgres
@pytest.mark.skipif(testing.postgres_server_url() is None, reason="needs PostgreSQL")
def test_on_postgresql_a_repeat_at_another_replica_waits_and_replays(receiver: Receiver) -> None:
    receiver.thread_gate = threading.Event()
    replicas = [receiver.app, receiver.build_app()]
    answers: dict[int, httpx.Response] = {}

    def send(number: int, client: TestClient) -> None:
        answers[number] = client.post(
            "/v1/meldingen", json={"omschrijving": "x"}, headers=headers()
        )

    with TestClient(replicas[0]) as first_client, TestClient(replicas[1]) as second_client:
        first = threading.Thread(target=send, args=(0, first_client))
        first.start()
        for _ in range(200):
            if getattr(replicas[0].state, "idempotency_in_flight", None):
                break
            time.sleep(0.01)
        second = threading.Thread(target=send, args=(1, second_client))
        second.start()
        second.join(timeout=0.5)
        assert second.is_alive()  # its key insert waits for the first replica's transaction
        receiver.thread_gate.set()
        first.join(timeout=10)
        second.join(timeout=10)
    assert answers[0].status_code == answers[1].status_code == 201
    assert answers[1].headers["Idempotent-Replayed"] == "true"
    assert answers[1].content == answers[0].content
    assert receiver.effects() == 1
