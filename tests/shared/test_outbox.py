"""Transactional outbox: delivery to a receiver that is down at first, with exactly one effect."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import Depends, FastAPI, Response
from pydantic import BaseModel
from sqlalchemy import Engine

from shared import testing
from shared.auth import Principal, Role, TokenVerifier, mint_token, require_roles
from shared.db import Connect, DbSession, create_db_engine, new_metadata, unit_of_work
from shared.events import append_event
from shared.idempotency import Idempotency
from shared.outbox import (
    Backoff,
    OutboxRelay,
    backlog,
    enqueue_command,
    failed_permanently,
)
from shared.plumbing import PlumbingTables, plumbing_tables
from shared.problems import RuleViolation, install_problem_handlers
from shared.settings import ServiceSettings

pytestmark = pytest.mark.anyio

SECRET = "outbox-test-signing-key-long-enough-for-hs256"
SETTINGS = ServiceSettings(JWT_SECRET=SECRET, JWT_AUDIENCE="balans", JWT_ISSUER="balans-dev")


def as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def soon(**delta: float) -> datetime:
    """An instant just after now (plus `delta`): every queued command is due then."""
    return datetime.now(UTC) + timedelta(seconds=1) + timedelta(**delta)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Database:
    def __init__(self, name: str, directory: Path) -> None:
        self.url = testing.create_scratch_database(name, directory)
        self.engine: Engine = create_db_engine(self.url)
        metadata = new_metadata()
        self.tables: PlumbingTables = plumbing_tables(metadata)
        metadata.create_all(self.engine)
        self.connect: Connect = self.engine.connect

    def close(self) -> None:
        self.engine.dispose()
        testing.drop_scratch_database(self.url)

    def outbox(self) -> list[Any]:
        with self.connect() as session:
            return list(session.execute(sa.select(self.tables.outbox)).all())

    def event_count(self) -> int:
        with self.connect() as session:
            query = sa.select(sa.func.count()).select_from(self.tables.event)
            return int(session.execute(query).scalar_one())


@pytest.fixture
def sender(tmp_path: Path) -> Iterator[Database]:
    database = Database("sender", tmp_path)
    yield database
    database.close()


@pytest.fixture
def receiver_db(tmp_path: Path) -> Iterator[Database]:
    database = Database("receiver", tmp_path)
    yield database
    database.close()


class Aanvraag(BaseModel):
    referentie: str
    weiger: bool = False


class Ontvangen(BaseModel):
    referentie: str


ServiceCaller = Annotated[Principal, Depends(require_roles(Role.service))]


def receiver_app(database: Database) -> FastAPI:
    """A service that opens a case per command: its effect is one event row."""
    app = FastAPI()
    install_problem_handlers(app)
    app.state.connect = database.connect
    app.state.plumbing = database.tables
    app.state.token_verifier = TokenVerifier(SETTINGS)

    @app.post("/v1/trajecten", status_code=201)
    async def open_case(
        body: Aanvraag, session: DbSession, guard: Idempotency, _caller: ServiceCaller
    ) -> Response:
        if guard.replay is not None:
            return guard.replay
        if body.weiger:
            raise RuleViolation("Deze aanvraag kan niet tot een traject leiden.")
        append_event(
            session,
            database.tables,
            type="traject.geopend",
            gemeentecode="GM0362",
            subject_key=None,
            payload={"referentie": body.referentie},
        )
        return guard.record(201, Ontvangen(referentie=body.referentie))

    return app


class Flaky(httpx.AsyncBaseTransport):
    """Passes requests on to the receiver, after failing the first ones in a chosen way."""

    def __init__(self, app: FastAPI, *, down: int = 0, lose_responses: int = 0) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.down = down
        self.lose_responses = lose_responses
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down > 0:
            self.down -= 1
            raise httpx.ConnectError("connection refused", request=request)
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.responses.append(response)
        if self.lose_responses > 0:  # the receiver did the work; the answer got lost
            self.lose_responses -= 1
            raise httpx.ReadTimeout("timed out", request=request)
        return response


def relay_for(database: Database, transport: httpx.AsyncBaseTransport) -> OutboxRelay:
    return OutboxRelay(
        database.connect,
        tables=database.tables,
        destinations={"trajectory": "http://trajectory.test/"},
        token_provider=lambda: mint_token(
            secret=SECRET, subject="service:intake", roles=["service"]
        ),
        client=httpx.AsyncClient(transport=transport),
        backoff=Backoff(jitter=0.0),
    )


def enqueue(database: Database, referentie: str = "A-1", **extra: Any) -> str:
    with unit_of_work(database.connect) as session:
        return enqueue_command(
            session,
            database.tables,
            destination="trajectory",
            path="/v1/trajecten",
            body={"referentie": referentie, **extra},
        )


async def test_delivered_with_idempotency_key_token_and_json(
    sender: Database, receiver_db: Database
) -> None:
    transport = Flaky(receiver_app(receiver_db))
    relay = relay_for(sender, transport)
    message_id = enqueue(sender)
    assert await relay.deliver_due() == 1
    await relay.client.aclose()
    request = transport.requests[0]
    assert request.url == "http://trajectory.test/v1/trajecten"
    assert request.headers["Idempotency-Key"] == message_id
    assert request.headers["Authorization"].startswith("Bearer ")
    assert request.headers["Content-Type"] == "application/json"
    assert len(request.headers["traceparent"].split("-")) == 4
    (row,) = sender.outbox()
    assert row.delivered_at is not None
    assert row.response_status == 201
    assert row.attempts == 1
    assert receiver_db.event_count() == 1


async def test_a_receiver_down_at_first_gets_it_later_with_growing_backoff(
    sender: Database, receiver_db: Database
) -> None:
    transport = Flaky(receiver_app(receiver_db), down=3)
    relay = relay_for(sender, transport)
    enqueue(sender)
    now = soon()
    delays = []
    for _ in range(3):
        assert await relay.deliver_due(now=now) == 1
        (row,) = sender.outbox()
        assert row.delivered_at is None
        assert "ConnectError" in row.last_error
        assert await relay.deliver_due(now=now) == 0  # not due before its backoff ends
        delay = as_utc(row.next_attempt_at) - now
        delays.append(delay.total_seconds())
        now += delay
    assert delays == [0.5, 1.0, 2.0]
    with sender.connect() as session:
        assert backlog(session, sender.tables) == 1
    assert await relay.deliver_due(now=now) == 1
    await relay.client.aclose()
    (row,) = sender.outbox()
    assert row.delivered_at is not None
    assert row.response_status == 201
    assert row.attempts == 4
    assert receiver_db.event_count() == 1
    with sender.connect() as session:
        assert backlog(session, sender.tables) == 0


async def test_a_lost_response_is_resent_and_has_one_effect(
    sender: Database, receiver_db: Database
) -> None:
    transport = Flaky(receiver_app(receiver_db), lose_responses=2)
    relay = relay_for(sender, transport)
    enqueue(sender)
    now = soon()
    for _ in range(3):
        await relay.deliver_due(now=now)
        now += timedelta(minutes=10)
    await relay.client.aclose()
    assert [response.status_code for response in transport.responses] == [201, 201, 201]
    replayed = [r.headers.get("Idempotent-Replayed") for r in transport.responses]
    assert replayed == [None, "true", "true"]
    (row,) = sender.outbox()
    assert row.delivered_at is not None
    assert receiver_db.event_count() == 1


async def test_a_refused_command_is_not_retried(
    sender: Database,
    receiver_db: Database,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Another test's in-process tool may have run dictConfig, which disables existing loggers.
    monkeypatch.setattr(logging.getLogger("shared.outbox"), "disabled", False)
    transport = Flaky(receiver_app(receiver_db))
    relay = relay_for(sender, transport)
    enqueue(sender, weiger=True)
    with caplog.at_level(logging.ERROR, logger="shared.outbox"):
        assert await relay.deliver_due(now=soon()) == 1
    assert await relay.deliver_due(now=soon(days=7)) == 0
    await relay.client.aclose()
    assert len(transport.requests) == 1
    (row,) = sender.outbox()
    assert row.response_status == 422
    assert row.delivered_at is not None
    assert "kan niet tot een traject leiden" in row.last_error
    assert "refused for good" in caplog.text
    with sender.connect() as session:
        assert backlog(session, sender.tables) == 0
        assert failed_permanently(session, sender.tables) == 1
    assert receiver_db.event_count() == 0


@pytest.mark.parametrize(
    ("status", "headers", "least_delay"),
    [
        (503, {}, 0.5),
        (500, {}, 0.5),
        (429, {"Retry-After": "120"}, 120.0),
        (409, {"Retry-After": "1"}, 1.0),  # the receiver is still busy with this key
        (408, {}, 0.5),
    ],
)
async def test_transient_answers_are_retried(
    sender: Database, status: int, headers: dict[str, str], least_delay: float
) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, headers=headers))
    relay = relay_for(sender, transport)
    enqueue(sender)
    now = soon()
    assert await relay.deliver_due(now=now) == 1
    await relay.client.aclose()
    (row,) = sender.outbox()
    assert row.delivered_at is None
    assert row.response_status == status
    delay = (as_utc(row.next_attempt_at) - now).total_seconds()
    assert delay == least_delay


async def test_a_conflict_without_retry_after_is_final(sender: Database) -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(409, json={"detail": "Bestaat al."})
    )
    relay = relay_for(sender, transport)
    enqueue(sender)
    await relay.deliver_due(now=soon())
    await relay.client.aclose()
    (row,) = sender.outbox()
    assert row.delivered_at is not None
    assert row.last_error == "HTTP 409: Bestaat al."


async def test_a_claimed_message_is_not_sent_twice_at_the_same_time(sender: Database) -> None:
    arrived, release = asyncio.Event(), asyncio.Event()
    calls = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        arrived.set()
        await release.wait()
        return httpx.Response(201)

    first = relay_for(sender, httpx.MockTransport(slow))
    second = relay_for(sender, httpx.MockTransport(slow))
    enqueue(sender)
    sending = asyncio.create_task(first.deliver_due())
    await arrived.wait()
    assert await second.deliver_due() == 0  # claimed by the first relay: skipped
    release.set()
    assert await sending == 1
    await first.client.aclose()
    await second.client.aclose()
    assert calls == 1


async def test_an_unknown_destination_is_kept_for_a_fixed_configuration(sender: Database) -> None:
    relay = relay_for(sender, httpx.MockTransport(lambda request: httpx.Response(201)))
    relay.destinations = {}
    enqueue(sender)
    await relay.deliver_due(now=soon())
    await relay.client.aclose()
    (row,) = sender.outbox()
    assert row.delivered_at is None
    assert "unknown destination" in row.last_error


async def test_backoff_is_capped_and_jittered_down() -> None:
    backoff = Backoff()
    assert backoff.delay(1, 0.0) == 0.5
    assert backoff.delay(4, 0.0) == 4.0
    assert backoff.delay(100, 0.0) == 300.0
    assert backoff.delay(10_000, 0.0) == 300.0
    assert backoff.delay(4, 0.999) == pytest.approx(2.002)


async def test_run_forever_delivers_until_stopped(sender: Database, receiver_db: Database) -> None:
    transport = Flaky(receiver_app(receiver_db))
    relay = OutboxRelay(
        sender.connect,
        tables=sender.tables,
        destinations={"trajectory": "http://trajectory.test"},
        token_provider=lambda: mint_token(secret=SECRET, subject="s", roles=["service"]),
        client=httpx.AsyncClient(transport=transport),
    )
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run_forever(interval=0.01, stop=stop))
    enqueue(sender)
    for _ in range(200):
        if receiver_db.event_count():
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(running, timeout=5)
    await relay.client.aclose()
    assert receiver_db.event_count() == 1


async def test_a_relay_without_a_client_makes_and_closes_its_own(sender: Database) -> None:
    relay = OutboxRelay(
        sender.connect, tables=sender.tables, destinations={}, token_provider=lambda: "t"
    )
    stop = asyncio.Event()
    stop.set()
    assert relay.client is not None
    await relay.run_forever(interval=0.01, stop=stop)
    assert relay._client is None


def test_only_commands_with_a_path_are_queued(sender: Database) -> None:
    with sender.connect() as session:
        with pytest.raises(ValueError, match="command"):
            enqueue_command(
                session, sender.tables, destination="x", method="GET", path="/", body={}
            )
        with pytest.raises(ValueError, match="path"):
            enqueue_command(session, sender.tables, destination="x", path="v1/x", body={})


@pytest.mark.postgres
@pytest.mark.skipif(testing.postgres_server_url() is None, reason="needs PostgreSQL")
async def test_a_row_locked_by_another_relay_is_skipped_not_waited_for(sender: Database) -> None:
    relay = relay_for(sender, httpx.MockTransport(lambda request: httpx.Response(201)))
    enqueue(sender)
    outbox = sender.tables.outbox
    with sender.engine.connect() as other, other.begin():
        # Another replica in the middle of its claim transaction.
        other.execute(sa.select(outbox.c.id).with_for_update())
        assert await relay.deliver_due() == 0
    assert await relay.deliver_due() == 1
    await relay.client.aclose()
