"""The deadline watch: a deadline that passes without action is reported missed, once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from services.intake.app import SPEC
from services.intake.termijnbewaking import bewaak, termijnbewaking
from tests.intake.conftest import (
    CONSULENT,
    LOKET,
    UNREACHABLE,
    Clock,
    events,
    plan,
    register,
)

TERMIJN = "intake.termijn.beoordeeld"


def oordelen(client: TestClient) -> list[tuple[str, str, str | None, bool]]:
    """(termijn, uiterlijk, op, gehaald) of every judgment in the feed, oldest first."""
    return [
        (p["termijn"], p["uiterlijk"], p["op"], p["gehaald"])
        for p in (e["payload"] for e in events(client, TERMIJN))
    ]


def afronden(client: TestClient, gesprek_id: str, status: str = "gehouden") -> None:
    response = client.patch(
        f"/v1/aanmeldgesprekken/{gesprek_id}", json={"status": status}, headers=CONSULENT
    )
    assert response.status_code == 200, response.text


def geen_vervolg(client: TestClient, melding_id: str) -> None:
    response = client.post(
        f"/v1/meldingen/{melding_id}/uitkomst",
        json={"soort": "geen-vervolg", "reden": "Inwoner trekt de melding in."},
        headers=CONSULENT,
    )
    assert response.status_code == 201, response.text


def test_deadlines_over_easter_are_missed_only_after_the_moved_deadline(intake, clock) -> None:
    # Thu 2 April 2026: plan by Wed 8 April (Good Friday and Easter Monday are no working
    # days), hold by Thu 9 April (norm) and Thu 30 April (law).
    clock.set(date(2026, 4, 2))
    melding = register(intake)
    assert melding["termijnen"]["plannenUiterlijk"] == "2026-04-08"
    for day in (date(2026, 4, 6), date(2026, 4, 7), date(2026, 4, 8)):
        assert bewaak(intake.app, vandaag=day) == 0
    assert oordelen(intake) == []

    assert bewaak(intake.app, vandaag=date(2026, 4, 9)) == 1
    assert bewaak(intake.app, vandaag=date(2026, 4, 10)) == 1
    assert bewaak(intake.app, vandaag=date(2026, 4, 10)) == 0  # a rerun reports nothing
    assert bewaak(intake.app, vandaag=date(2026, 4, 30)) == 0
    assert bewaak(intake.app, vandaag=date(2026, 5, 1)) == 1
    assert oordelen(intake) == [
        ("plannen", "2026-04-08", None, False),
        ("gesprek-norm", "2026-04-09", None, False),
        ("gesprek-wettelijk", "2026-04-30", None, False),
    ]
    [event] = events(intake, TERMIJN)[:1]
    assert event["subjectKey"] == events(intake, "intake.melding.geregistreerd")[0]["subjectKey"]
    read = intake.get(f"/v1/meldingen/{melding['id']}", headers=LOKET).json()["termijnen"]
    gehaald = ("plannenGehaald", "gesprekNormGehaald", "gesprekWettelijkGehaald")
    assert [read[name] for name in gehaald] == [False, False, False]


def test_crisis_on_the_friday_before_kings_day(intake, clock) -> None:
    # Fri 24 April 2026, eviction: the same day by the norm, by law 3 working days skipping the
    # weekend and King's Day (Mon 27 April): Thu 30 April.
    clock.set(date(2026, 4, 24))
    melding = register(intake, crisis={"soort": "huisuitzetting", "datum": "2026-04-30"})
    termijnen = melding["termijnen"]
    assert (termijnen["gesprekNormUiterlijk"], termijnen["gesprekWettelijkUiterlijk"]) == (
        "2026-04-24",
        "2026-04-30",
    )

    def lists() -> set[str]:
        names = ("crisis-vandaag", "te-laat-norm", "te-laat-wet")
        pages = {n: intake.get(f"/v1/meldingen?werklijst={n}", headers=LOKET).json() for n in names}
        return {n for n, page in pages.items() if melding["id"] in {i["id"] for i in page["items"]}}

    assert lists() == {"crisis-vandaag"}
    clock.set(date(2026, 4, 28))  # Tuesday after King's Day
    assert bewaak(intake.app, vandaag=clock.day) == 2  # planning and norm: both Friday
    assert lists() == {"crisis-vandaag", "te-laat-norm"}
    clock.set(date(2026, 4, 30))
    assert bewaak(intake.app, vandaag=clock.day) == 0
    assert lists() == {"crisis-vandaag", "te-laat-norm"}
    clock.set(date(2026, 5, 1))
    assert bewaak(intake.app, vandaag=clock.day) == 1
    assert lists() == {"crisis-vandaag", "te-laat-norm", "te-laat-wet"}
    assert oordelen(intake) == [
        ("plannen", "2026-04-24", None, False),
        ("gesprek-norm", "2026-04-24", None, False),
        ("gesprek-wettelijk", "2026-04-30", None, False),
    ]


def test_closing_after_the_watch_reports_no_deadline_again(intake, clock) -> None:
    melding = register(intake)  # Fri 1 May 2026: norm Fri 8 May, law Fri 29 May
    assert bewaak(intake.app, vandaag=date(2026, 6, 1)) == 3
    clock.set(date(2026, 6, 2))
    geen_vervolg(intake, melding["id"])
    assert [o[0] for o in oordelen(intake)] == ["plannen", "gesprek-norm", "gesprek-wettelijk"]


def test_closing_before_the_watch_ran_judges_every_deadline_once(intake, clock) -> None:
    melding = register(intake)
    clock.set(date(2026, 5, 11))  # planning (6 May) and the norm (8 May) passed, the law runs
    geen_vervolg(intake, melding["id"])
    # Closed without the planning or the conversation: none of them can be met any more.
    assert oordelen(intake) == [
        ("plannen", "2026-05-06", None, False),
        ("gesprek-norm", "2026-05-08", None, False),
        ("gesprek-wettelijk", "2026-05-29", None, False),
    ]
    assert bewaak(intake.app, vandaag=date(2026, 6, 1)) == 0  # closed: nothing more to judge
    assert len(oordelen(intake)) == 3
    read = intake.get(f"/v1/meldingen/{melding['id']}", headers=LOKET).json()["termijnen"]
    gehaald = ("plannenGehaald", "gesprekNormGehaald", "gesprekWettelijkGehaald")
    assert [read[name] for name in gehaald] == [False, False, False]


def test_closing_on_the_day_of_the_melding_judges_the_running_deadlines(intake, clock) -> None:
    melding = register(intake)  # Fri 1 May 2026: none of the deadlines has passed
    geen_vervolg(intake, melding["id"])
    assert oordelen(intake) == [
        ("plannen", "2026-05-06", None, False),
        ("gesprek-norm", "2026-05-08", None, False),
        ("gesprek-wettelijk", "2026-05-29", None, False),
    ]
    [event] = events(intake, TERMIJN)[:1]
    assert event["subjectKey"] == events(intake, "intake.melding.geregistreerd")[0]["subjectKey"]
    assert bewaak(intake.app, vandaag=date(2026, 7, 1)) == 0


def test_closing_keeps_the_judgments_made_before_and_judges_the_rest(intake, clock) -> None:
    melding = register(intake)
    plan(intake, melding["id"], datum="2026-05-12")  # planned in time, held after the norm
    assert bewaak(intake.app, vandaag=date(2026, 5, 13)) == 1  # the norm, planned too late
    clock.set(date(2026, 5, 13))
    geen_vervolg(intake, melding["id"])
    assert oordelen(intake) == [
        ("plannen", "2026-05-06", "2026-05-01", True),
        ("gesprek-norm", "2026-05-08", None, False),
        ("gesprek-wettelijk", "2026-05-29", None, False),
    ]
    assert bewaak(intake.app, vandaag=date(2026, 7, 1)) == 0
    read = intake.get(f"/v1/meldingen/{melding['id']}", headers=LOKET).json()["termijnen"]
    gehaald = ("plannenGehaald", "gesprekNormGehaald", "gesprekWettelijkGehaald")
    assert [read[name] for name in gehaald] == [True, False, False]


def test_a_refused_closing_judges_nothing(intake, clock) -> None:
    melding = register(intake)
    clock.set(date(2026, 5, 11))
    url = f"/v1/meldingen/{melding['id']}/uitkomst"
    no_reason = intake.post(url, json={"soort": "geen-vervolg"}, headers=CONSULENT)
    assert no_reason.status_code == 400
    assert intake.post(url, json={"soort": "advies"}, headers=CONSULENT).status_code == 422
    assert oordelen(intake) == []
    geen_vervolg(intake, melding["id"])
    again = intake.post(
        url, json={"soort": "geen-vervolg", "reden": "Nogmaals."}, headers=CONSULENT
    )
    assert again.status_code == 409
    assert len(oordelen(intake)) == 3


def test_conversation_held_in_time_leaves_nothing_to_watch(intake, clock) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"], datum="2026-05-06")
    clock.set(date(2026, 5, 6))
    afronden(intake, gesprek["id"])
    assert bewaak(intake.app, vandaag=date(2026, 7, 1)) == 0
    assert oordelen(intake) == [
        ("plannen", "2026-05-06", "2026-05-01", True),
        ("gesprek-norm", "2026-05-08", "2026-05-06", True),
        ("gesprek-wettelijk", "2026-05-29", "2026-05-06", True),
    ]


def test_held_on_the_deadline_but_recorded_later_counts_as_met(intake, clock) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"], datum="2026-05-08")  # the norm's last day
    assert bewaak(intake.app, vandaag=date(2026, 5, 11)) == 0  # it may have been held
    clock.set(date(2026, 5, 11))
    afronden(intake, gesprek["id"])
    assert [o for o in oordelen(intake) if o[0] == "gesprek-norm"] == [
        ("gesprek-norm", "2026-05-08", "2026-05-08", True)
    ]


def test_no_show_on_the_deadline_is_judged_missed_at_the_next_run(intake, clock) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"], datum="2026-05-08")
    clock.set(date(2026, 5, 11))
    afronden(intake, gesprek["id"], "niet-verschenen")
    assert bewaak(intake.app, vandaag=clock.day) == 1
    assert oordelen(intake)[-1] == ("gesprek-norm", "2026-05-08", None, False)


def test_conversation_planned_after_the_norm_is_missed_once_even_when_held(intake, clock) -> None:
    melding = register(intake)
    clock.set(date(2026, 5, 7))
    gesprek = plan(intake, melding["id"], datum="2026-05-12")  # planned late, after the norm
    assert bewaak(intake.app, vandaag=date(2026, 5, 11)) == 1  # the norm: it cannot be met
    clock.set(date(2026, 5, 12))
    afronden(intake, gesprek["id"])
    assert oordelen(intake) == [
        ("plannen", "2026-05-06", "2026-05-07", False),
        ("gesprek-norm", "2026-05-08", None, False),
        ("gesprek-wettelijk", "2026-05-29", "2026-05-12", True),
    ]
    read = intake.get(f"/v1/meldingen/{melding['id']}", headers=LOKET).json()["termijnen"]
    assert (read["gesprekNormGehaald"], read["gesprekWettelijkGehaald"]) == (False, True)


def test_planning_after_the_watch_judged_it_missed_is_not_judged_again(intake, clock) -> None:
    melding = register(intake)
    # Fri 1 May 2026: plan by Wed 6 May (Mon 4; Tue 5 May, Liberation Day, is a day off here)
    assert bewaak(intake.app, vandaag=date(2026, 5, 6)) == 0
    assert bewaak(intake.app, vandaag=date(2026, 5, 7)) == 1
    clock.set(date(2026, 5, 7))
    plan(intake, melding["id"], datum="2026-05-07")
    assert oordelen(intake) == [("plannen", "2026-05-06", None, False)]


def test_batches_judge_every_melding_once(intake, clock) -> None:
    for bsn in ("111222333", "123456782", "100000009", "100000010", "100000022"):
        register(intake, inwoner={"bsn": bsn})
    assert bewaak(intake.app, vandaag=date(2026, 5, 11), batch=2) == 10  # plannen and norm
    assert len(oordelen(intake)) == 10
    keys = {(e["payload"]["meldingId"], e["payload"]["termijn"]) for e in events(intake, TERMIJN)}
    assert len(keys) == 10


def test_two_watches_at_once_report_each_deadline_once(intake, clock) -> None:
    for bsn in ("111222333", "123456782", "100000009", "100000010", "100000022"):
        register(intake, inwoner={"bsn": bsn})
    counts: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            counts.append(bewaak(intake.app, vandaag=date(2026, 6, 1), batch=1))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(counts) == 15
    keys = [(e["payload"]["meldingId"], e["payload"]["termijn"]) for e in events(intake, TERMIJN)]
    assert len(keys) == len(set(keys)) == 15


def test_the_watch_runs_as_a_background_job_of_the_service(
    client_for: Callable[..., TestClient], clock: Clock
) -> None:
    assert termijnbewaking in SPEC.background_jobs
    client = client_for(
        "intake",
        trajectory_url=UNREACHABLE,
        run_background_jobs=True,
        termijnbewaking_interval_seconds=0.05,
    )
    clock.set(date(2026, 5, 11))
    register(client, meldingdatum="2026-05-01")
    deadline = time.monotonic() + 10
    seen: list[Any] = []
    while time.monotonic() < deadline and len(seen) < 2:
        time.sleep(0.05)
        seen = oordelen(client)
    assert seen == [
        ("plannen", "2026-05-06", None, False),
        ("gesprek-norm", "2026-05-08", None, False),
    ]
