"""Logboek Dataverwerkingen: a record per resident per processing, searchable by `privacy`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import pytest
import sqlalchemy as sa
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from shared import testing, tracecontext
from shared.auth import Principal, Role, TokenVerifier, mint_token, require_roles
from shared.db import Connect, DbSession, create_db_engine, new_metadata, unit_of_work
from shared.events import append_event
from shared.plumbing import PlumbingTables, plumbing_tables
from shared.problems import NotFound, install_problem_handlers
from shared.processing_log import (
    PRIVACY_INZAGE,
    log_processing,
    processing_log_router,
    processing_logged,
)
from shared.settings import ServiceSettings

SECRET = "processing-log-test-signing-key-long-enough!!"
SETTINGS = ServiceSettings(JWT_SECRET=SECRET, JWT_AUDIENCE="balans", JWT_ISSUER="balans-dev")
REGISTER = frozenset({"schuldhulp-intake", PRIVACY_INZAGE})
Consulent = Annotated[Principal, Depends(require_roles(Role.consulent))]


def bearer(*roles: str, subject: str = "medewerker-1") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(secret=SECRET, subject=subject, roles=roles)}"}


class Service:
    def __init__(self, directory: Path) -> None:
        self.url = testing.create_scratch_database("service", directory)
        self.engine: Engine = create_db_engine(self.url)
        metadata = new_metadata()
        self.tables: PlumbingTables = plumbing_tables(metadata)
        metadata.create_all(self.engine)
        self.connect: Connect = self.engine.connect
        self.app = self._build()

    def records(self) -> list[Any]:
        with self.connect() as session:
            log = self.tables.processing_log
            return list(session.execute(sa.select(log).order_by(log.c.id)).all())

    def events(self) -> int:
        with self.connect() as session:
            query = sa.select(sa.func.count()).select_from(self.tables.event)
            return int(session.execute(query).scalar_one())

    def _build(self) -> FastAPI:
        app = FastAPI()
        install_problem_handlers(app)
        app.state.connect = self.connect
        app.state.plumbing = self.tables
        app.state.token_verifier = TokenVerifier(SETTINGS)
        app.include_router(processing_log_router())

        @app.get("/v1/huishoudens/{nummer}")
        async def read_household(
            nummer: int, session: DbSession, principal: Consulent
        ) -> dict[str, str]:
            with processing_logged(
                session,
                self.tables,
                activities=REGISTER,
                principal=principal,
                action="huishouden-inzien",
                activity_id="schuldhulp-intake",
                subject_keys=["key-a", "key-b", "key-a"],
            ):
                # A write that must roll back when the read fails.
                append_event(
                    session,
                    self.tables,
                    type="huishouden.ingezien",
                    gemeentecode="GM0362",
                    subject_key=None,
                    payload={},
                )
                if nummer == 404:
                    raise NotFound("Dit huishouden bestaat niet.")
            return {"status": "gelezen"}

        return app


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    found = Service(tmp_path)
    yield found
    found.engine.dispose()
    testing.drop_scratch_database(found.url)


@pytest.fixture
def client(service: Service) -> Iterator[TestClient]:
    with TestClient(service.app) as test_client:
        yield test_client


def search(client: TestClient, body: dict[str, Any], **params: Any) -> Any:
    response = client.post(
        "/v1/verwerkingen/zoeken", json=body, params=params, headers=bearer("privacy")
    )
    assert response.status_code == 200, response.text
    return response.json()


class TestRecording:
    def test_a_read_writes_one_record_per_resident(
        self, client: TestClient, service: Service
    ) -> None:
        response = client.get("/v1/huishoudens/1", headers=bearer("consulent"))
        assert response.status_code == 200
        records = service.records()
        assert [r.subject_key for r in records] == ["key-a", "key-b"]
        first = records[0]
        assert first.action == "huishouden-inzien"
        assert first.activity_id == "schuldhulp-intake"
        assert first.actor == "medewerker-1"
        assert first.role == "consulent"
        assert first.result == "success"
        assert first.started_at <= first.ended_at
        assert len(first.trace_id) == 32
        assert len(first.span_id) == 16
        assert records[1].trace_id == first.trace_id

    def test_a_failed_read_is_logged_although_the_request_rolls_back(
        self, client: TestClient, service: Service
    ) -> None:
        response = client.get("/v1/huishoudens/404", headers=bearer("consulent"))
        assert response.status_code == 404
        assert service.events() == 0  # the request's own writes were rolled back
        records = service.records()
        assert [(r.subject_key, r.result) for r in records] == [
            ("key-a", "failure"),
            ("key-b", "failure"),
        ]

    def test_the_trace_of_the_request_is_recorded(self, service: Service) -> None:
        principal = Principal(subject="s", roles=frozenset({Role.consulent, Role.loket}))
        trace, span = tracecontext.new_trace_id(), tracecontext.new_span_id()
        tokens = tracecontext.trace_id_var.set(trace), tracecontext.span_id_var.set(span)
        try:
            with unit_of_work(service.connect) as session:
                log_processing(
                    session,
                    service.tables,
                    activities=REGISTER,
                    principal=principal,
                    action="a",
                    activity_id="schuldhulp-intake",
                    subject_keys=["k"],
                )
        finally:
            tracecontext.span_id_var.reset(tokens[1])
            tracecontext.trace_id_var.reset(tokens[0])
        (record,) = service.records()
        assert (record.trace_id, record.span_id) == (trace, span)
        assert record.role == "loket"  # the first of the caller's roles, in Role's order

    def test_many_residents_are_logged_in_order_with_the_same_shared_values(
        self, service: Service
    ) -> None:
        principal = Principal(subject="s", roles=frozenset({Role.consulent}))
        keys = [f"sleutel-{i:04d}" for i in range(1500)] + ["sleutel-0003"]  # a repeat: once
        with service.connect() as session, session.begin():
            log_processing(
                session,
                service.tables,
                activities=REGISTER,
                principal=principal,
                action="lijst",
                activity_id="schuldhulp-intake",
                subject_keys=keys,
            )
        records = service.records()
        assert [r.subject_key for r in records] == keys[:1500]
        shared = {(r.action, r.actor, r.role, r.result, r.trace_id, r.started_at) for r in records}
        assert len(shared) == 1
        assert shared.pop()[:4] == ("lijst", "s", "consulent", "success")

    def test_an_activity_outside_the_register_is_refused(self, service: Service) -> None:
        principal = Principal(subject="s", roles=frozenset({Role.consulent}))
        with service.connect() as session, pytest.raises(ValueError, match="register"):
            log_processing(
                session,
                service.tables,
                activities=REGISTER,
                principal=principal,
                action="a",
                activity_id="marketing",
                subject_keys=["k"],
            )

    def test_a_role_the_caller_lacks_is_refused(self, service: Service) -> None:
        principal = Principal(subject="s", roles=frozenset({Role.consulent}))
        with service.connect() as session, pytest.raises(ValueError, match="role"):
            log_processing(
                session,
                service.tables,
                activities=REGISTER,
                principal=principal,
                action="a",
                activity_id="schuldhulp-intake",
                subject_keys=["k"],
                role=Role.admin,
            )

    def test_a_failure_outside_a_transaction_is_written_at_once(self, service: Service) -> None:
        principal = Principal(subject="s", roles=frozenset({Role.consulent}))

        def read_that_fails() -> None:
            with (
                service.connect() as session,
                processing_logged(
                    session,
                    service.tables,
                    activities=REGISTER,
                    principal=principal,
                    action="a",
                    activity_id="schuldhulp-intake",
                    subject_keys=["k"],
                ),
            ):
                raise LookupError

        with pytest.raises(LookupError):
            read_that_fails()
        assert [r.result for r in service.records()] == ["failure"]


class TestSearch:
    def test_the_privacy_officer_finds_the_records_in_camel_case(self, client: TestClient) -> None:
        client.get("/v1/huishoudens/1", headers=bearer("consulent"))
        page = search(client, {"subjectKey": "key-a"})
        assert page["total"] == 1
        assert page["page"] == 1
        (item,) = page["items"]
        assert item["subjectKey"] == "key-a"
        assert item["activityId"] == "schuldhulp-intake"
        assert item["result"] == "success"
        assert item["startedAt"].endswith("Z")
        assert set(item) == {
            "id",
            "traceId",
            "spanId",
            "action",
            "activityId",
            "subjectKey",
            "actor",
            "role",
            "result",
            "startedAt",
            "endedAt",
        }

    def test_the_search_itself_is_logged_as_privacy_inzage(
        self, client: TestClient, service: Service
    ) -> None:
        search(client, {"subjectKey": "key-z"})
        (record,) = service.records()
        assert record.activity_id == PRIVACY_INZAGE
        assert record.role == "privacy"
        assert record.subject_key == "key-z"
        assert search(client, {"subjectKey": "key-z"})["total"] == 1

    def test_paging_and_period(self, client: TestClient) -> None:
        for _ in range(3):
            client.get("/v1/huishoudens/1", headers=bearer("consulent"))
        page = search(client, {"subjectKey": "key-b"}, page=2, pageSize=2)
        assert page["total"] == 3
        assert len(page["items"]) == 1
        future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        assert search(client, {"subjectKey": "key-b", "vanaf": future})["total"] == 0
        # 3 reads, and the 2 searches before this one (each search is logged too)
        assert search(client, {"subjectKey": "key-b", "tot": future})["total"] == 5

    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"subjectKey": ""},
            {"subjectKey": "k", "vanaf": "2025-01-01T00:00:00"},  # no offset
            {"subjectKey": "k", "vanaf": "2025-02-01T00:00:00Z", "tot": "2025-01-01T00:00:00Z"},
            {"subjectKey": "k", "onbekend": 1},
        ],
    )
    def test_an_invalid_search_400(self, client: TestClient, body: dict[str, Any]) -> None:
        response = client.post("/v1/verwerkingen/zoeken", json=body, headers=bearer("privacy"))
        assert response.status_code == 400

    @pytest.mark.parametrize("role", ["consulent", "admin", "bi", "service"])
    def test_other_roles_403(self, client: TestClient, service: Service, role: str) -> None:
        response = client.post(
            "/v1/verwerkingen/zoeken", json={"subjectKey": "k"}, headers=bearer(role)
        )
        assert response.status_code == 403
        assert service.records() == []

    def test_without_a_token_401(self, client: TestClient) -> None:
        assert client.post("/v1/verwerkingen/zoeken", json={"subjectKey": "k"}).status_code == 401
