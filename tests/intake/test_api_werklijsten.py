"""The desk's work lists: crises today, plans due, overdue against the norm and the law."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from tests.intake.conftest import BI, CONSULENT, LOKET, register


def lijst(client, **query) -> dict:
    response = client.get("/v1/meldingen", params=query, headers=CONSULENT)
    assert response.status_code == 200, response.text
    return response.json()


def test_desk_sees_a_new_crisis_on_todays_list_with_the_legal_deadline(intake) -> None:
    crisis = register(intake, crisis={"soort": "afsluiting-energie", "datum": "2026-05-04"})
    register(intake, inwoner={"bsn": "123456782"})
    page = intake.get("/v1/meldingen?werklijst=crisis-vandaag", headers=LOKET).json()
    assert page["total"] == 1
    [item] = page["items"]
    assert item["id"] == crisis["id"]
    assert item["naam"] == "J. Jansen"
    assert item["crisissoort"] == "afsluiting-energie"
    assert item["termijnen"]["gesprekWettelijkUiterlijk"] == "2026-05-07"


def test_plans_due_today_and_overdue_lists_follow_the_clock(intake, clock) -> None:
    melding = register(intake)  # Fri 1 May: plan by Wed 6 May, norm Fri 8 May, law Fri 29 May
    assert lijst(intake, werklijst="plannen")["total"] == 0
    clock.set(date(2026, 5, 6))
    assert [i["id"] for i in lijst(intake, werklijst="plannen")["items"]] == [melding["id"]]
    clock.set(date(2026, 5, 8))
    assert lijst(intake, werklijst="te-laat-norm")["total"] == 0
    clock.set(date(2026, 5, 11))
    assert lijst(intake, werklijst="te-laat-norm")["total"] == 1
    assert lijst(intake, werklijst="te-laat-wet")["total"] == 0
    clock.set(date(2026, 6, 1))
    assert lijst(intake, werklijst="te-laat-wet")["total"] == 1


def test_work_list_is_paged_with_the_total(intake) -> None:
    for bsn in ("111222333", "123456782", "999999990"):
        register(intake, inwoner={"bsn": bsn})
    page = lijst(intake, pageSize=2, page=2)
    assert (page["total"], page["page"], page["pageSize"], len(page["items"])) == (3, 2, 2, 1)


def test_work_list_makes_the_same_number_of_queries_for_1_or_20_rows(intake) -> None:
    engine = intake.app.state.engine
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    register(intake)
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        lijst(intake)
        one = len(statements)
        sa.event.remove(engine, "before_cursor_execute", count)
        for n in range(19):
            register(intake, inwoner={"bsn": None, "huisnummer": n + 2})
        statements.clear()
        sa.event.listen(engine, "before_cursor_execute", count)
        assert lijst(intake)["total"] == 20
        assert len(statements) == one
    finally:
        if sa.event.contains(engine, "before_cursor_execute", count):
            sa.event.remove(engine, "before_cursor_execute", count)


def test_unknown_work_list_and_bad_paging_are_400(intake) -> None:
    response = intake.get("/v1/meldingen?werklijst=morgen&page=0", headers=LOKET)
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"werklijst", "page"}


def test_bi_may_not_see_work_lists(intake) -> None:
    assert intake.get("/v1/meldingen", headers=BI).status_code == 403


def test_crisis_reported_on_saturday_is_on_mondays_list_not_saturdays(intake, clock) -> None:
    clock.set(date(2026, 5, 9))
    crisis = register(intake, crisis={"soort": "afsluiting-water", "datum": "2026-05-12"})
    assert crisis["termijnen"]["gesprekNormUiterlijk"] == "2026-05-11"
    assert crisis["termijnen"]["gesprekWettelijkUiterlijk"] == "2026-05-13"
    assert lijst(intake, werklijst="crisis-vandaag")["total"] == 0
    clock.set(date(2026, 5, 11))
    assert [i["id"] for i in lijst(intake, werklijst="crisis-vandaag")["items"]] == [crisis["id"]]


def test_crises_today_are_ordered_by_legal_deadline(intake, clock) -> None:
    clock.set(date(2026, 5, 4))
    later = register(intake, crisis={"soort": "beslag-loon", "datum": "2026-05-04"})
    clock.set(date(2026, 5, 1))
    sooner = register(
        intake,
        inwoner={"bsn": "123456782"},
        crisis={"soort": "huisuitzetting", "datum": "2026-05-04"},
    )
    clock.set(date(2026, 5, 4))
    items = lijst(intake, werklijst="crisis-vandaag")["items"]
    assert [i["id"] for i in items] == [sooner["id"], later["id"]]


def test_closed_meldingen_leave_the_work_lists_and_can_be_filtered(intake, clock) -> None:
    melding = register(intake)
    intake.post(
        f"/v1/meldingen/{melding['id']}/uitkomst",
        json={"soort": "geen-vervolg", "reden": "Ingetrokken."},
        headers=CONSULENT,
    )
    clock.set(date(2026, 6, 1))
    assert lijst(intake, werklijst="te-laat-wet")["total"] == 0
    assert lijst(intake, status="afgerond")["total"] == 1
    assert lijst(intake, status="open")["total"] == 0
