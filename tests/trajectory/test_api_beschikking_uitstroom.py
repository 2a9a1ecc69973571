"""Leaving while the decision is pending: the resident withdraws, moves, dies, stays away or
solves it alone (a phase move); an afwijzing only through the decision."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.trajectory.domain.fasen import (
    BESCHIKKINGEN,
    ZONDER_BESLUIT,
    Fase,
    via_actie,
)
from shared import testing
from shared.contracts.ddas import Uitstroomreden
from tests.trajectory.conftest import CONSULENT, open_traject, stap, tot_beschikking

BI = testing.auth_header("bi")


def _uitstroom(client: TestClient, traject_id: str, **body: object) -> Any:
    return client.post(
        f"/v1/trajecten/{traject_id}/fase-overgangen",
        json={"naar": "uitstroom", "reden": "Test.", "datum": "2026-01-25", **body},
        headers=CONSULENT,
    )


@pytest.mark.parametrize("reden", sorted(r.value for r in ZONDER_BESLUIT))
def test_a_resident_can_leave_the_decision_phase_without_a_decision(
    client: TestClient, reden: str
) -> None:
    traject_id = open_traject(client)
    tot_beschikking(client, traject_id)
    response = _uitstroom(client, traject_id, uitstroomreden=reden)
    assert response.status_code == 201, response.text
    case = response.json()
    assert case["fase"] == "uitstroom"
    assert case["historie"][-1]["van"] == "beschikking"
    assert "DDAS Uitstroom" in case["historie"][-1]["regel"]
    # No decision was made: none is recorded, and the decision term (2 March) was not missed.
    assert case.get("beschikking") in (None, {}) or case["beschikking"].get("soort") is None
    events = client.get("/v1/events?limit=100", headers=BI).json()["items"]
    assert [e for e in events if e["type"] == "traject.termijn"] == []
    # The resident may start again.
    open_traject(client)


def test_an_exit_after_the_decision_term_reports_the_term_missed(client: TestClient) -> None:
    traject_id = open_traject(client)  # term 2 March 2026
    tot_beschikking(client, traject_id)
    response = _uitstroom(client, traject_id, uitstroomreden="Verhuisd", datum="2026-03-10")
    assert response.status_code == 201, response.text
    events = client.get("/v1/events?limit=100", headers=BI).json()["items"]
    termijn = [e["payload"] for e in events if e["type"] == "traject.termijn"]
    assert [(t["termijn"], t["gehaald"]) for t in termijn] == [("beslistermijn", False)]


@pytest.mark.parametrize("reden", ["Voldoet niet", "Niet passend", "Overig", None])
def test_an_afwijzing_still_goes_through_the_decision(
    client: TestClient, reden: str | None
) -> None:
    traject_id = open_traject(client)
    tot_beschikking(client, traject_id)
    response = _uitstroom(client, traject_id, uitstroomreden=reden)
    assert response.status_code == 409, response.text
    assert response.json()["allowed"] == [BESCHIKKINGEN]
    case = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()
    assert case["fase"] == "beschikking"


def test_afgerond_is_no_exit_from_the_decision_phase(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_beschikking(client, traject_id)
    response = _uitstroom(client, traject_id, uitstroomreden="Afgerond")
    assert response.status_code == 409, response.text


def test_via_actie_only_lets_exits_without_a_decision_through() -> None:
    for reden in Uitstroomreden:
        verwacht = None if reden in ZONDER_BESLUIT else BESCHIKKINGEN
        assert via_actie(Fase.BESCHIKKING, Fase.UITSTROOM, reden) == verwacht
    assert via_actie(Fase.BESCHIKKING, Fase.PLAN_VAN_AANPAK, None) == BESCHIKKINGEN
    assert via_actie(Fase.INTAKE, Fase.UITSTROOM, Uitstroomreden.VOLDOET_NIET) is None


def test_the_afwijzing_still_ends_the_case(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_beschikking(client, traject_id)
    case = stap(
        client,
        traject_id,
        "beschikkingen",
        {"soort": "Afwijzingsbeschikking", "datum": "2026-02-10", "redenen": ["Geen."]},
    )
    assert case["fase"] == "uitstroom"
    assert "Awb" in case["historie"][-1]["regel"]
