"""The aanvraag reaches trajectory exactly once, even when trajectory is down at first."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from services.intake.models import aanvraag, plumbing
from shared.auth import service_token
from shared.outbox import OutboxRelay
from tests.intake.conftest import CONSULENT, plan, register
from tests.intake.trajectory_stand_in import Flaky, TrajectoryStandIn


@pytest.fixture
def trajectory(tmp_path: Path) -> Iterator[TrajectoryStandIn]:
    stand_in = TrajectoryStandIn(tmp_path)
    yield stand_in
    stand_in.close()


def relay_to(intake, transport: httpx.AsyncBaseTransport) -> OutboxRelay:
    settings = intake.app.state.settings
    return OutboxRelay(
        intake.app.state.connect,
        tables=plumbing,
        destinations={"trajectory": "http://trajectory.test"},
        token_provider=lambda: service_token(settings),
        client=httpx.AsyncClient(transport=transport),
    )


def deliver(relay: OutboxRelay, *, after: timedelta) -> int:
    async def run() -> int:
        return await relay.deliver_due(now=datetime.now(UTC) + after)

    return asyncio.run(run())


def outbox_rows(intake) -> list:
    with intake.app.state.connect() as session:
        return list(session.execute(sa.select(plumbing.outbox)).all())


@pytest.fixture
def aanvraag_gedaan(intake, clock) -> dict:
    melding = register(
        intake,
        crisis={"soort": "huisuitzetting", "datum": "2026-05-08"},
        partner={"bsn": "123456782", "achternaam": "Bakker"},
        inkomensbron="uitkering",
        doelgroepen=["laaggeletterd"],
    )
    gesprek = plan(intake, melding["id"], datum="2026-05-01")
    intake.patch(
        f"/v1/aanmeldgesprekken/{gesprek['id']}", json={"status": "gehouden"}, headers=CONSULENT
    )
    response = intake.post(
        f"/v1/meldingen/{melding['id']}/uitkomst",
        json={"soort": "aanvraag", "toelichting": "Huurachterstand."},
        headers=CONSULENT,
    )
    assert response.status_code == 201, response.text
    return {"melding": melding, "uitkomst": response.json()}


def test_aanvraag_is_queued_in_the_same_transaction_as_the_outcome(intake, aanvraag_gedaan):
    [row] = outbox_rows(intake)
    assert (row.destination, row.method, row.path) == ("trajectory", "POST", "/v1/aanvragen")
    assert row.body["aanvraagId"] == aanvraag_gedaan["uitkomst"]["aanvraagId"]
    assert row.body["meldingId"] == aanvraag_gedaan["melding"]["id"]
    assert row.body["crisis"] is True
    assert row.body["aanvraagdatum"] == "2026-05-01"
    assert row.body["aanvrager"]["bsn"] == "111222333"
    assert row.body["partnerSubjectKey"] is not None
    assert row.body["doelgroepen"] == ["laaggeletterd"]
    with intake.app.state.connect() as session:
        stored = session.execute(sa.select(aanvraag)).one()
    assert stored.message_id == row.message_id


def test_trajectory_down_at_first_gets_the_aanvraag_exactly_once(
    intake, aanvraag_gedaan, trajectory
) -> None:
    transport = Flaky(trajectory.app, down=1, lose=1)
    relay = relay_to(intake, transport)
    assert deliver(relay, after=timedelta(seconds=1)) == 1  # refused: trajectory is down
    assert trajectory.trajecten() == []
    [pending] = outbox_rows(intake)
    assert pending.delivered_at is None
    assert deliver(relay, after=timedelta(minutes=10)) == 1  # arrives, the answer is lost
    assert len(trajectory.trajecten()) == 1
    assert deliver(relay, after=timedelta(minutes=20)) == 1  # retried with the same key
    assert deliver(relay, after=timedelta(minutes=30)) == 0  # nothing left to send
    [traject] = trajectory.trajecten()
    assert traject.aanvraag_id == aanvraag_gedaan["uitkomst"]["aanvraagId"]
    [delivered] = outbox_rows(intake)
    assert (delivered.response_status, delivered.attempts) == (201, 3)
    assert transport.calls == 3


def test_a_rolled_back_outcome_queues_nothing(intake, clock) -> None:
    melding = register(intake)
    response = intake.post(
        f"/v1/meldingen/{melding['id']}/uitkomst", json={"soort": "aanvraag"}, headers=CONSULENT
    )
    assert response.status_code == 422
    assert outbox_rows(intake) == []


def test_aanvraag_date_is_the_day_of_the_conversation(intake, clock, trajectory) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"], datum="2026-05-04")
    clock.set(date(2026, 5, 6))
    intake.patch(
        f"/v1/aanmeldgesprekken/{gesprek['id']}", json={"status": "gehouden"}, headers=CONSULENT
    )
    intake.post(
        f"/v1/meldingen/{melding['id']}/uitkomst", json={"soort": "aanvraag"}, headers=CONSULENT
    )
    deliver(relay_to(intake, Flaky(trajectory.app)), after=timedelta(seconds=1))
    [traject] = trajectory.trajecten()
    assert traject.body["aanvraagdatum"] == "2026-05-04"
