"""Assignments to one counsellor are serialised, so two at once cannot both pass the caseload
limit (seed §3.3): on PostgreSQL by an advisory lock per counsellor, on SQLite by BEGIN
IMMEDIATE."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.dialects import postgresql

from services.trajectory import repository, workflow
from services.trajectory.context import Ctx
from services.trajectory.models import toewijzing
from services.trajectory.schemas import ToewijzingCreate
from shared import testing
from shared.auth import Principal, Role
from shared.db import unit_of_work
from shared.problems import RuleViolation
from tests.trajectory.conftest import CONSULENT, COORDINATOR, VANDAAG, open_traject

LOCK = "pg_advisory_xact_lock"


def test_the_lock_key_is_stable_and_fits_a_bigint() -> None:
    # Pinned: every process (and every release) must lock the same key for a counsellor.
    assert repository.consulent_lock("j.devries") == -8575328746839435242
    assert repository.consulent_lock("p.bakker") != repository.consulent_lock("j.devries")
    assert repository.consulent_lock("x") != repository.GARANTIEFONDS_LOCK
    for naam in ("j.devries", "p.bakker", "x" * 200):
        assert -(2**63) <= repository.consulent_lock(naam) < 2**63


class _Opname:
    """A connection stand-in that records what is executed on it."""

    def __init__(self, dialect: str) -> None:
        self.dialect = type("Dialect", (), {"name": dialect})()
        self.executed: list[tuple[Any, Any]] = []

    def execute(self, statement: Any, parameters: Any = None) -> None:
        self.executed.append((statement, parameters))


def test_postgresql_takes_the_counsellors_advisory_lock() -> None:
    session = _Opname("postgresql")
    repository.vergrendel_consulent(session, "j.devries")  # type: ignore[arg-type]
    ((statement, parameters),) = session.executed
    assert LOCK in str(statement.compile(dialect=postgresql.dialect()))
    assert parameters == {"key": repository.consulent_lock("j.devries")}


def test_sqlite_needs_no_lock_statement() -> None:
    session = _Opname("sqlite")
    repository.vergrendel_consulent(session, "j.devries")  # type: ignore[arg-type]
    assert session.executed == []


def test_the_guarantee_fund_keeps_its_own_key() -> None:
    session = _Opname("postgresql")
    repository.vergrendel_garantiefonds(session)  # type: ignore[arg-type]
    assert session.executed[0][1] == {"key": repository.GARANTIEFONDS_LOCK}


@contextmanager
def _statements(client: TestClient) -> Iterator[list[tuple[str, Any]]]:
    engine: sa.Engine = client.app.state.engine  # type: ignore[attr-defined]
    seen: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def _limiet_een(client: TestClient) -> None:
    response = client.put("/v1/consulenten/j.devries", json={"fte": "0.03"}, headers=COORDINATOR)
    assert response.status_code == 200, response.text  # limit: 45 x 0.03 = 1


def _toewijzen(client: TestClient, traject_id: str) -> Any:
    return client.post(
        f"/v1/trajecten/{traject_id}/toewijzingen",
        json={"consulent": "j.devries"},
        headers=CONSULENT,
    )


def test_an_assignment_locks_the_counsellor_and_the_limit_holds(client: TestClient) -> None:
    _limiet_een(client)
    eerste = open_traject(client)
    tweede = open_traject(client, subject_key="c" * 64)
    with _statements(client) as seen:
        assert _toewijzen(client, eerste).status_code == 201
    locks = [p for s, p in seen if LOCK in s]
    if client.app.state.engine.dialect.name == "postgresql":  # type: ignore[attr-defined]
        assert len(locks) == 1
        assert repository.consulent_lock("j.devries") in dict(locks[0]).values()
    else:
        assert locks == []
    refused = _toewijzen(client, tweede)
    assert refused.status_code == 422, refused.text
    assert "limiet 1" in refused.json()["detail"]


def test_intakes_counsellor_is_locked_too(client: TestClient) -> None:
    with _statements(client) as seen:
        open_traject(client, consulent="j.devries")
    if client.app.state.engine.dialect.name == "postgresql":  # type: ignore[attr-defined]
        assert any(LOCK in s for s, _ in seen)


def _tegelijk(client: TestClient, *opdrachten: tuple[str, ToewijzingCreate]) -> dict[int, object]:
    """Two assignments in two transactions at once: the first waits, uncommitted, half a
    second after its assignment (without a lock the second would not see it meanwhile). Per
    assignment "toegewezen" or the refusal."""
    app: Any = client.app
    first_assigned = threading.Event()
    results: dict[int, object] = {}

    def ctx(session: sa.Connection) -> Ctx:
        principal = Principal(subject="coord", roles=frozenset({Role.coordinator}))
        return Ctx(session=session, policy=app.state.policy, principal=principal, vandaag=VANDAAG)

    def wijs_toe(n: int) -> None:
        traject_id, body = opdrachten[n]
        if n == 1:
            first_assigned.wait(5)
        try:
            with unit_of_work(app.state.connect) as session:
                workflow.wijs_toe(ctx(session), traject_id, body)
                if n == 0:
                    first_assigned.set()
                    time.sleep(0.5)
            results[n] = "toegewezen"
        except RuleViolation as exc:
            results[n] = exc

    threads = [threading.Thread(target=wijs_toe, args=(n,)) for n in range(len(opdrachten))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return results


ALLEEN_POSTGRES = pytest.mark.skipif(
    testing.postgres_server_url() is None, reason="SQLite admits one writer at a time"
)


@ALLEEN_POSTGRES
def test_two_assignments_at_once_do_not_both_pass_the_limit(client: TestClient) -> None:
    _limiet_een(client)
    eerste = open_traject(client)
    tweede = open_traject(client, subject_key="c" * 64)
    body = ToewijzingCreate(consulent="j.devries")
    results = _tegelijk(client, (eerste, body), (tweede, body))
    assert results[0] == "toegewezen"
    assert isinstance(results[1], RuleViolation), results
    view = client.get("/v1/capaciteit", headers=COORDINATOR).json()
    assert view["consulenten"][0]["actief"] == 1


@ALLEEN_POSTGRES
def test_one_case_assigned_twice_at_once_is_assigned_once(client: TestClient) -> None:
    """The case row is locked as well: the second assignment of the same counsellor sees the
    first and changes nothing (one assignment in the case's record, not two)."""
    traject_id = open_traject(client)
    body = ToewijzingCreate(consulent="j.devries")
    results = _tegelijk(client, (traject_id, body), (traject_id, body))
    assert results == {0: "toegewezen", 1: "toegewezen"}
    app: Any = client.app
    with app.state.engine.connect() as connection:
        aantal = connection.execute(
            sa.select(sa.func.count())
            .select_from(toewijzing)
            .where(toewijzing.c.traject_id == traject_id)
        ).scalar_one()
    assert aantal == 1
