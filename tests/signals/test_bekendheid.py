"""The known-check asks intake and trajectory; either one running a case means 'al bekend'."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from services.signals.bekendheid import vraag
from services.signals.settings import SignalsSettings
from tests.signals.helpers import creditor, signaal, staff
from tests.signals.standins import bekendheid_app, transports

KEY = "a" * 64
SETTINGS = SignalsSettings(run_background_jobs=False)


def test_unknown_at_both_is_not_lopend() -> None:
    found = asyncio.run(
        vraag(SETTINGS, KEY, transports=transports(bekendheid_app(), bekendheid_app()))
    )
    assert not found.lopend


def test_active_trajectory_makes_the_resident_known() -> None:
    both = transports(bekendheid_app(), bekendheid_app(lopend_voor={KEY}))
    found = asyncio.run(vraag(SETTINGS, KEY, transports=both))
    assert found.lopend
    assert found.trajectory.lopend
    assert not found.intake.lopend


def test_unreachable_intake_makes_the_assignment_503_and_changes_nothing(client_for) -> None:
    client = client_for("signals")
    app: Any = client.app

    def down(_: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    app.state.bekendheid_transports = {
        "intake": httpx.MockTransport(down),
        "trajectory": httpx.ASGITransport(app=bekendheid_app()),
    }
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    coordinator = staff("coordinator")
    case_id = client.get("/v1/casussen", headers=coordinator).json()["items"][0]["id"]
    body = {"consulent1": "a", "consulent2": "b", "geplandeDatum": "2999-01-01"}
    response = client.post(f"/v1/casussen/{case_id}/toewijzingen", json=body, headers=coordinator)
    assert response.status_code == 503
    assert client.get(f"/v1/casussen/{case_id}", headers=coordinator).json()["status"] == "nieuw"


@pytest.mark.parametrize(
    "body",
    [
        {"consulent1": "a", "consulent2": "a", "geplandeDatum": "2999-01-01"},
        {"consulent1": "a", "consulent2": "b", "geplandeDatum": 0},
    ],
)
def test_assignment_needs_two_people_and_a_date(client_for, body: dict[str, Any]) -> None:
    client = client_for("signals")
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    coordinator = staff("coordinator")
    case_id = client.get("/v1/casussen", headers=coordinator).json()["items"][0]["id"]
    response = client.post(f"/v1/casussen/{case_id}/toewijzingen", json=body, headers=coordinator)
    assert response.status_code == 400
