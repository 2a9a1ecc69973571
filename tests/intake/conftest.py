"""Fixtures for the intake tests: a frozen clock, the app with trajectory out of reach, bodies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared import testing, types

LOKET = testing.auth_header("loket")
CONSULENT = testing.auth_header("consulent")
COORDINATOR = testing.auth_header("coordinator")
SERVICE = testing.auth_header("service")
BI = testing.auth_header("bi")
# Nothing listens on port 1: a connection is refused at once, as when trajectory is down.
UNREACHABLE = "http://127.0.0.1:1"


class Clock:
    """`shared.types.today`, frozen and movable."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.day = date(2026, 5, 1)
        monkeypatch.setattr(types, "today", lambda: self.day)

    def set(self, day: date) -> None:
        self.day = day


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def intake(client_for: Callable[..., TestClient], clock: Clock) -> TestClient:
    """The intake app; trajectory is unreachable unless a test installs a stand-in."""
    return client_for("intake", trajectory_url=UNREACHABLE)


def melding_body(**overrides: Any) -> dict[str, Any]:
    """A valid desk registration; `inwoner` overrides merge into the resident."""
    inwoner = {
        "bsn": "111222333",
        "voorletters": "J.",
        "achternaam": "Jansen",
        "geboortedatum": "1980-04-12",
        "straat": "Stadsplein",
        "huisnummer": 1,
        "postcode": "1181ZM",
        "woonplaats": "Amstelveen",
        "telefoon": "020 540 4911",
        "email": "j.jansen@example.nl",
    }
    inwoner.update(overrides.pop("inwoner", {}))
    body: dict[str, Any] = {"kanaal": "balie", "inwoner": inwoner, "kinderenOnder18": 1}
    body.update(overrides)
    return body


def register(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/v1/meldingen", json=melding_body(**overrides), headers=LOKET)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def events(client: TestClient, type: str | None = None) -> list[dict[str, Any]]:
    """The intake feed's events (optionally of one type), oldest first."""
    items: list[dict[str, Any]] = client.get("/v1/events?limit=1000", headers=BI).json()["items"]
    return [e for e in items if type is None or e["type"] == type]


GESPREK = {
    "datum": "2026-05-06",
    "tijd": "10:30",
    "consulent": "A. de Vries",
    "locatie": "Raadhuis",
}


def plan(client: TestClient, melding_id: str, **overrides: Any) -> dict[str, Any]:
    response = client.post(
        f"/v1/meldingen/{melding_id}/aanmeldgesprekken",
        json={**GESPREK, **overrides},
        headers=LOKET,
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result
