"""Domain events: appended in the caller's transaction, refused when personal, served in order."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from shared import testing
from shared.auth import TokenVerifier, mint_token
from shared.db import create_db_engine, new_metadata, unit_of_work
from shared.events import (
    append_event,
    check_payload,
    event_feed_position,
    event_feed_router,
    is_bsn,
)
from shared.plumbing import PlumbingTables, plumbing_tables
from shared.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from shared.settings import ServiceSettings

SECRET = "events-test-signing-key-long-enough-for-hs256"
SETTINGS = ServiceSettings(JWT_SECRET=SECRET, JWT_AUDIENCE="balans", JWT_ISSUER="balans-dev")


def bearer(*roles: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(secret=SECRET, subject='t', roles=roles)}"}


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[Engine, PlumbingTables]]:
    """SQLite, or PostgreSQL when BALANS_TEST_POSTGRES_URL is set."""
    url = testing.create_scratch_database("events", tmp_path)
    engine = create_db_engine(url)
    metadata = new_metadata()
    tables = plumbing_tables(metadata)
    metadata.create_all(engine)
    yield engine, tables
    engine.dispose()
    testing.drop_scratch_database(url)


@pytest.fixture
def client(database: tuple[Engine, PlumbingTables]) -> Iterator[TestClient]:
    engine, tables = database
    app = FastAPI()
    install_problem_handlers(app)
    app.state.connect = engine.connect
    app.state.plumbing = tables
    app.state.token_verifier = TokenVerifier(SETTINGS)
    app.include_router(event_feed_router())
    with TestClient(app) as test_client:
        yield test_client


def append(database: tuple[Engine, PlumbingTables], count: int, **payload: Any) -> None:
    engine, tables = database
    with unit_of_work(engine.connect) as session:
        for number in range(count):
            append_event(
                session,
                tables,
                type="signaal.ontvangen",
                gemeentecode="GM0362",
                subject_key=f"key-{number}",
                payload={"volgnummer": number, **payload},
            )


def feed(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/v1/events", params=params, headers=bearer("service"))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class TestFeed:
    def test_empty_feed_keeps_the_cursor(self, client: TestClient) -> None:
        assert feed(client) == {"items": [], "nextCursor": 0, "hasMore": False}
        assert feed(client, after=7) == {"items": [], "nextCursor": 7, "hasMore": False}

    def test_events_come_in_cursor_order_with_camel_case_fields(
        self, client: TestClient, database: tuple[Engine, PlumbingTables]
    ) -> None:
        append(database, 3)
        page = feed(client)
        assert [item["cursor"] for item in page["items"]] == [1, 2, 3]
        assert [item["payload"]["volgnummer"] for item in page["items"]] == [0, 1, 2]
        first = page["items"][0]
        assert set(first) == {
            "cursor",
            "eventId",
            "type",
            "occurredAt",
            "gemeentecode",
            "subjectKey",
            "payload",
        }
        assert first["subjectKey"] == "key-0"
        assert first["occurredAt"].endswith("Z")
        assert page["nextCursor"] == 3
        assert page["hasMore"] is False

    def test_paging_with_after_and_limit(
        self, client: TestClient, database: tuple[Engine, PlumbingTables]
    ) -> None:
        append(database, 5)
        first = feed(client, limit=2)
        assert [item["cursor"] for item in first["items"]] == [1, 2]
        assert first["hasMore"] is True
        second = feed(client, after=first["nextCursor"], limit=2)
        assert [item["cursor"] for item in second["items"]] == [3, 4]
        last = feed(client, after=second["nextCursor"], limit=2)
        assert [item["cursor"] for item in last["items"]] == [5]
        assert last["hasMore"] is False
        assert feed(client, after=5) == {"items": [], "nextCursor": 5, "hasMore": False}

    def test_events_of_a_rolled_back_transaction_never_appear(
        self, client: TestClient, database: tuple[Engine, PlumbingTables]
    ) -> None:
        engine, tables = database

        def use_case_that_fails() -> None:
            with unit_of_work(engine.connect) as session:
                append_event(
                    session, tables, type="x", gemeentecode="GM0362", subject_key=None, payload={}
                )
                raise RuntimeError("the use case failed")

        with pytest.raises(RuntimeError):
            use_case_that_fails()
        append(database, 1)
        page = feed(client)
        assert [item["type"] for item in page["items"]] == ["signaal.ontvangen"]

    def test_the_position_for_the_metrics_is_the_newest_cursor(
        self, database: tuple[Engine, PlumbingTables]
    ) -> None:
        engine, tables = database
        with engine.connect() as session:
            assert event_feed_position(session, tables) == 0
        append(database, 4)
        with engine.connect() as session:
            assert event_feed_position(session, tables) == 4

    def test_bi_may_read_the_feed(self, client: TestClient) -> None:
        assert client.get("/v1/events", headers=bearer("bi")).status_code == 200

    def test_without_a_token_401(self, client: TestClient) -> None:
        response = client.get("/v1/events")
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE

    def test_other_roles_403(self, client: TestClient) -> None:
        assert client.get("/v1/events", headers=bearer("consulent")).status_code == 403

    @pytest.mark.parametrize(
        "params",
        [
            {"after": "-1"},
            {"after": "1.5"},
            {"after": "1.0"},
            {"after": "true"},
            {"after": "abc"},
            {"limit": "0"},
            {"limit": "1001"},
            {"limit": "false"},
            {"limit": "+3"},
        ],
    )
    def test_bad_cursor_or_limit_400(self, client: TestClient, params: dict[str, str]) -> None:
        response = client.get("/v1/events", params=params, headers=bearer("service"))
        assert response.status_code == 400
        assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
        assert response.json()["invalidParams"][0]["name"] == next(iter(params))

    def test_the_route_is_documented(self, client: TestClient) -> None:
        operation = client.app.openapi()["paths"]["/v1/events"]["get"]  # type: ignore[attr-defined]
        assert operation["summary"]
        assert {"200", "400", "401", "403"} <= set(operation["responses"])
        assert PROBLEM_MEDIA_TYPE in operation["responses"]["400"]["content"]


class TestPayloadGuard:
    @pytest.mark.parametrize("key", ["bsn", "naam", "geboortedatum", "geboorteDatum", "Post_code"])
    def test_personal_keys_are_refused(
        self, database: tuple[Engine, PlumbingTables], key: str
    ) -> None:
        engine, tables = database
        with engine.connect() as session, pytest.raises(ValueError, match="personal"):
            append_event(
                session,
                tables,
                type="x",
                gemeentecode="GM0362",
                subject_key=None,
                payload={"huishouden": {key: "x"}},
            )

    def test_a_bsn_value_is_refused_anywhere(self) -> None:
        with pytest.raises(ValueError, match="BSN"):
            check_payload({"kenmerken": ["a", {"ref": "111222333"}]})

    def test_nine_digits_failing_the_eleven_test_are_allowed(self) -> None:
        check_payload({"dossier": "123456789", "bedrag": "100000000"})

    def test_eleven_test(self) -> None:
        assert is_bsn("111222333")
        assert is_bsn("123456782")
        assert not is_bsn("123456789")
        assert not is_bsn("12345678")
        assert not is_bsn("１２３４５６７８２")  # full-width digits are not a BSN

    def test_amounts_and_dates_are_stored_as_json_text(
        self, client: TestClient, database: tuple[Engine, PlumbingTables]
    ) -> None:
        engine, tables = database
        with unit_of_work(engine.connect) as session:
            append_event(
                session,
                tables,
                type="x",
                gemeentecode="GM0362",
                subject_key=None,
                payload={"bedrag": Decimal("412.50")},
                occurred_at=datetime(2025, 3, 4, 10, 0, tzinfo=UTC),
            )
        item = feed(client)["items"][0]
        assert item["payload"] == {"bedrag": "412.50"}
        assert item["occurredAt"] == "2025-03-04T10:00:00Z"

    def test_a_naive_instant_is_refused(self, database: tuple[Engine, PlumbingTables]) -> None:
        engine, tables = database
        with engine.connect() as session, pytest.raises(ValueError, match="aware"):
            append_event(
                session,
                tables,
                type="x",
                gemeentecode="GM0362",
                subject_key=None,
                payload={},
                occurred_at=datetime(2025, 3, 4, 10, 0),
            )


@pytest.mark.postgres
@pytest.mark.skipif(testing.postgres_server_url() is None, reason="needs PostgreSQL")
def test_on_postgresql_appenders_commit_in_cursor_order(
    database: tuple[Engine, PlumbingTables],
) -> None:
    engine, tables = database
    factory = engine.connect

    def second_appender() -> None:
        with unit_of_work(factory) as session:
            append_event(
                session, tables, type="tweede", gemeentecode="GM0362", subject_key=None, payload={}
            )

    with unit_of_work(factory) as first:
        append_event(
            first, tables, type="eerste", gemeentecode="GM0362", subject_key=None, payload={}
        )
        thread = threading.Thread(target=second_appender)
        thread.start()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # waits for the first transaction's lock
    thread.join(timeout=10)
    with factory() as session:
        rows = session.execute(sa.select(tables.event.c.id, tables.event.c.type)).all()
    assert [row.type for row in sorted(rows)] == ["eerste", "tweede"]
