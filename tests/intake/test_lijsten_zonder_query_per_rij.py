"""No list endpoint queries per row: one row or several take the same number of statements."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.intake.conftest import CONSULENT, LOKET, plan, register


@contextmanager
def counted(client: TestClient) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    engine = client.app.state.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def statements_for(client: TestClient, ask: Callable[[], dict]) -> tuple[int, int]:
    """(statements, rows) for one call of the list endpoint."""
    with counted(client) as statements:
        page = ask()
    return len(statements), len(page["items"])


def close(client: TestClient, melding_id: str) -> None:
    response = client.post(
        f"/v1/meldingen/{melding_id}/uitkomst",
        json={"soort": "geen-vervolg", "reden": "Ingetrokken."},
        headers=CONSULENT,
    )
    assert response.status_code == 201, response.text


def test_search_by_bsn_takes_as_many_statements_for_one_melding_as_for_three(intake, clock) -> None:
    def search() -> dict:
        response = intake.post("/v1/meldingen/zoeken", json={"bsn": "111222333"}, headers=LOKET)
        assert response.status_code == 200
        return response.json()

    first = register(intake)
    one = statements_for(intake, search)
    clock.set(date(2026, 5, 4))
    close(intake, first["id"])
    second = register(intake)
    close(intake, second["id"])
    register(intake)
    three = statements_for(intake, search)
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]


def test_appointments_list_takes_as_many_statements_for_one_as_for_three(intake) -> None:
    melding = register(intake)
    path = f"/v1/meldingen/{melding['id']}/aanmeldgesprekken"

    def lijst() -> dict:
        response = intake.get(path, headers=LOKET)
        assert response.status_code == 200
        return response.json()

    gesprek = plan(intake, melding["id"])
    one = statements_for(intake, lijst)
    for datum in ("2026-05-07", "2026-05-08"):
        moved = intake.post(
            f"/v1/aanmeldgesprekken/{gesprek['id']}/verplaatsingen",
            json={"datum": datum, "tijd": "09:00", "reden": "Inwoner verhinderd."},
            headers=LOKET,
        )
        assert moved.status_code == 201, moved.text
        gesprek = moved.json()
    three = statements_for(intake, lijst)
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]


def test_status_history_takes_as_many_statements_for_one_change_as_for_two(intake, clock) -> None:
    melding = register(intake)
    path = f"/v1/meldingen/{melding['id']}/statuswijzigingen"

    def historie() -> dict:
        response = intake.get(path, headers=CONSULENT)
        assert response.status_code == 200
        return response.json()

    one = statements_for(intake, historie)
    clock.set(date(2026, 5, 4))
    close(intake, melding["id"])
    two = statements_for(intake, historie)
    assert (one[1], two[1]) == (1, 2)
    assert one[0] == two[0]
