"""Recidive: trajectory is asked over HTTP; a trajectory closed within 5 years flags the melding."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest

from services.intake import recidive
from shared.contracts.handoffs import BekendheidAntwoord
from tests.intake.conftest import CONSULENT, register

POLICY_JAREN = 5


def antwoord(**values) -> BekendheidAntwoord:
    return BekendheidAntwoord(**{"bekend": True, "lopend": False, **values})


@pytest.mark.parametrize(
    ("closed", "status"),
    [
        (date(2021, 5, 1), "ja"),  # exactly five years before
        (date(2021, 4, 30), "nee"),
        (date(2026, 4, 1), "ja"),
        (None, "nee"),
    ],
)
def test_recidive_is_a_trajectory_closed_within_the_policy_years(closed, status) -> None:
    result = recidive.beoordeel(
        antwoord(laatst_afgesloten_op=closed), op=date(2026, 5, 1), recidive_jaren=POLICY_JAREN
    )
    assert result.status == status
    assert result.laatst_afgesloten_op == closed


def test_recidive_window_from_29_february_ends_on_28_february() -> None:
    result = recidive.beoordeel(
        antwoord(laatst_afgesloten_op=date(2023, 2, 28)), op=date(2028, 2, 29), recidive_jaren=5
    )
    assert result.status == "ja"


def stand_in(answer: dict | None, seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if answer is None:
            return httpx.Response(503, json={"status": 503, "title": "down", "detail": "down"})
        return httpx.Response(200, json=answer)

    return httpx.MockTransport(handle)


def test_resident_with_a_recently_closed_trajectory_is_flagged(intake) -> None:
    seen: list[httpx.Request] = []
    answer = {"bekend": True, "lopend": False, "laatstAfgeslotenOp": "2024-03-01"}
    intake.app.state.trajectory_bekendheid = recidive.build(
        intake.app.state.settings, transport=stand_in(answer, seen)
    )
    created = register(intake)
    assert created["recidive"] == {
        "status": "ja",
        "laatstAfgeslotenOp": "2024-03-01",
        "lopendTraject": False,
    }
    [request] = seen
    assert request.url.path == "/v1/bekendheid"
    assert request.headers["Authorization"].startswith("Bearer ")
    body = json.loads(request.content)
    assert set(body) == {"subjectKey"}
    assert "111222333" not in request.content.decode()
    read = intake.get(f"/v1/meldingen/{created['id']}", headers=CONSULENT).json()
    assert read["recidive"]["status"] == "ja"


def test_trajectory_error_registers_with_recidive_unknown(intake) -> None:
    seen: list[httpx.Request] = []
    intake.app.state.trajectory_bekendheid = recidive.build(
        intake.app.state.settings, transport=stand_in(None, seen)
    )
    assert register(intake)["recidive"]["status"] == "onbekend"
    assert len(seen) == 1  # one attempt: the desk does not wait for retries


def test_unknown_resident_is_no_recidive(intake) -> None:
    answer = {"bekend": False, "lopend": False}
    intake.app.state.trajectory_bekendheid = recidive.build(
        intake.app.state.settings, transport=stand_in(answer, [])
    )
    assert register(intake)["recidive"]["status"] == "nee"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_after_trajectory_failed_it_is_not_asked_during_the_pause(intake) -> None:
    seen: list[httpx.Request] = []
    clock = FakeClock()
    intake.app.state.trajectory_bekendheid = recidive.build(
        intake.app.state.settings, transport=stand_in(None, seen), clock=clock
    )
    assert register(intake)["recidive"]["status"] == "onbekend"
    clock.now += 29
    assert register(intake, inwoner={"bsn": "123456782"})["recidive"]["status"] == "onbekend"
    assert len(seen) == 1  # within the 30 s pause: not asked
    clock.now += 2
    register(intake, inwoner={"bsn": "100000009"})
    assert len(seen) == 2  # the pause is over: asked again


def test_trajectory_back_after_the_pause_answers_again(intake) -> None:
    clock = FakeClock()
    seen: list[httpx.Request] = []
    answers: list[dict | None] = [None, {"bekend": False, "lopend": False}]

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0)
        if answer is None:
            return httpx.Response(503, json={"status": 503, "title": "down", "detail": "down"})
        return httpx.Response(200, json=answer)

    intake.app.state.trajectory_bekendheid = recidive.build(
        intake.app.state.settings, transport=httpx.MockTransport(handle), clock=clock
    )
    assert register(intake)["recidive"]["status"] == "onbekend"
    clock.now += 31
    assert register(intake, inwoner={"bsn": "123456782"})["recidive"]["status"] == "nee"
    assert len(seen) == 2


def test_an_answer_trajectory_refuses_gives_no_pause(intake) -> None:
    clock = FakeClock()
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"bekend": "misschien"})

    intake.app.state.trajectory_bekendheid = recidive.build(
        intake.app.state.settings, transport=httpx.MockTransport(handle), clock=clock
    )
    assert register(intake)["recidive"]["status"] == "onbekend"
    assert register(intake, inwoner={"bsn": "123456782"})["recidive"]["status"] == "onbekend"
    assert len(seen) == 2
