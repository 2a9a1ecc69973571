"""The workflow over HTTP: forbidden moves, preconditions, the decision and its deadline."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from shared import testing
from tests.trajectory.conftest import (
    CONSULENT,
    open_traject,
    stap,
    tot_beschikking,
    tot_stabilisatie,
)
from tests.trajectory.helpers_geld import tot_afwegingskader

BI = testing.auth_header("bi")


def _overgang(client: TestClient, traject_id: str, **body: object) -> object:
    return client.post(
        f"/v1/trajecten/{traject_id}/fase-overgangen",
        json={"reden": "Test.", **body},
        headers=CONSULENT,
    )


def test_a_forbidden_move_is_409_listing_the_allowed_phases(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = _overgang(client, traject_id, naar="nazorg")
    assert response.status_code == 409
    assert response.json()["allowed"] == ["intake", "uitstroom"]


def test_a_move_through_a_decision_is_refused_on_the_generic_endpoint(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_beschikking(client, traject_id)
    response = _overgang(client, traject_id, naar="plan-van-aanpak")
    assert response.status_code == 409
    assert response.json()["allowed"] == ["POST /v1/trajecten/{id}/beschikkingen"]


def test_the_decision_phase_needs_a_complete_checklist(client: TestClient) -> None:
    traject_id = open_traject(client)
    stap(client, traject_id, "fase-overgangen", {"naar": "intake", "reden": "Gesprek."})
    stap(
        client,
        traject_id,
        "documenten",
        {"ontvangen": [{"document": "identiteitsbewijs", "ontvangenOp": "2026-01-20"}]},
        status=200,
        method="put",
    )
    response = _overgang(client, traject_id, naar="beschikking")
    assert response.status_code == 422
    assert "inkomensspecificaties" in response.json()["detail"]


def test_exit_needs_a_ddas_reason(client: TestClient) -> None:
    traject_id = open_traject(client)
    assert _overgang(client, traject_id, naar="uitstroom").status_code == 422


def test_afgerond_is_only_possible_after_a_solution(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = _overgang(client, traject_id, naar="uitstroom", uitstroomreden="Afgerond")
    assert response.status_code == 422


def test_an_unknown_reason_or_phase_is_400(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = _overgang(client, traject_id, naar="klaar", uitstroomreden="Weg", datum=0)
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"naar", "uitstroomreden", "datum"}


def test_a_move_dated_before_the_current_phase_is_refused(client: TestClient) -> None:
    traject_id = open_traject(client, aanvraagdatum="2026-03-01")
    response = _overgang(client, traject_id, naar="intake", datum="2026-02-01")
    assert response.status_code == 422


def test_an_unknown_trajectory_is_404(client: TestClient) -> None:
    response = client.get("/v1/trajecten/00000000-0000-0000-0000-000000000000", headers=CONSULENT)
    assert response.status_code == 404


def test_afwijzing_ends_the_trajectory_and_an_objection_can_be_registered(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    tot_beschikking(client, traject_id)
    case = stap(
        client,
        traject_id,
        "beschikkingen",
        {"soort": "Afwijzingsbeschikking", "datum": "2026-02-10", "redenen": ["Geen woonplaats."]},
    )
    assert case["fase"] == "uitstroom"
    assert case["uitstroomreden"] == "Voldoet niet"
    assert case["beschikkingRedenen"] == ["Geen woonplaats."]
    case = stap(client, traject_id, "bezwaren", {"datum": "2026-02-20", "toelichting": "Oneens."})
    assert case["bezwaarDatum"] == "2026-02-20"


def test_a_late_decision_reports_the_decision_term_missed(client: TestClient) -> None:
    traject_id = open_traject(client)  # aanvraag 5 January 2026, term 2 March 2026
    tot_beschikking(client, traject_id)
    stap(
        client,
        traject_id,
        "beschikkingen",
        {"soort": "Toelatingsbeschikking", "datum": "2026-03-03", "redenen": ["Voldoet."]},
    )
    events = client.get("/v1/events?limit=100", headers=BI).json()["items"]
    termijn = [e["payload"] for e in events if e["type"] == "traject.termijn"]
    assert termijn == [
        {
            "trajectId": traject_id,
            "termijn": "beslistermijn",
            "termijnDatum": "2026-03-02",
            "datum": "2026-03-03",
            "gehaald": False,
        }
    ]


def test_a_decision_outside_the_decision_phase_is_409(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = client.post(
        f"/v1/trajecten/{traject_id}/beschikkingen",
        json={"soort": "Toelatingsbeschikking", "datum": "2026-02-10", "redenen": ["Ja."]},
        headers=CONSULENT,
    )
    assert response.status_code == 409
    assert response.json()["allowed"] == ["beschikking"]


def test_stabilisation_needs_a_plan_and_settlement_needs_the_afwegingskader(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    tot_beschikking(client, traject_id)
    stap(
        client,
        traject_id,
        "beschikkingen",
        {"soort": "Toelatingsbeschikking", "datum": "2026-02-10", "redenen": ["Voldoet."]},
    )
    assert _overgang(client, traject_id, naar="stabilisatie").status_code == 422
    other = open_traject(client, subject_key="c" * 64)
    tot_stabilisatie(client, other)
    assert _overgang(client, other, naar="schuldregeling").status_code == 422


def test_history_entries_name_who_and_the_rule(client: TestClient) -> None:
    traject_id = open_traject(client)
    case = stap(client, traject_id, "fase-overgangen", {"naar": "intake", "reden": "Gesprek."})
    entry = case["historie"][-1]
    assert entry["door"] == "j.devries"
    assert entry["rol"] == "consulent"
    assert "Wgs" in entry["regel"]
    assert entry["reden"] == "Gesprek."
    assert entry["datum"] == "2026-11-27"


def test_ending_undecided_after_the_decision_term_reports_it_missed(client: TestClient) -> None:
    traject_id = open_traject(client)  # term 2 March 2026
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {
            "naar": "uitstroom",
            "reden": "Niet verschenen.",
            "datum": "2026-03-10",
            "uitstroomreden": "Nietverschenen",
        },
    )
    events = client.get("/v1/events?limit=100", headers=BI).json()["items"]
    termijn = [e["payload"] for e in events if e["type"] == "traject.termijn"]
    assert [(t["termijn"], t["gehaald"]) for t in termijn] == [("beslistermijn", False)]


def test_a_late_afwijzing_reports_the_term_once(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_beschikking(client, traject_id)
    stap(
        client,
        traject_id,
        "beschikkingen",
        {"soort": "Afwijzingsbeschikking", "datum": "2026-03-05", "redenen": ["Geen grond."]},
    )
    events = client.get("/v1/events?limit=100", headers=BI).json()["items"]
    assert len([e for e in events if e["type"] == "traject.termijn"]) == 1


def _stabilisatie_verlaten(client: TestClient, datum: str) -> tuple[dict[str, Any], ...]:
    """Stabilisation from 15 February (tot_stabilisatie); leave it for a settlement on `datum`."""
    traject_id = open_traject(client)
    tot_afwegingskader(client, traject_id, inkomen_stabiel=True, kredietbedrag="0")
    case = stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "schuldregeling", "reden": "Inkomen en lasten op orde.", "datum": datum},
    )
    events = client.get("/v1/events?limit=500", headers=BI).json()["items"]
    [minimum] = [
        e["payload"] for e in events if e["payload"].get("termijn") == "stabilisatie-minimum"
    ]
    return case["historie"][-1], minimum


def test_leaving_stabilisation_before_three_months_is_flagged_in_the_history(
    client: TestClient,
) -> None:
    entry, minimum = _stabilisatie_verlaten(client, "2026-05-14")

    assert entry["naar"] == "schuldregeling"
    assert "Afwijking: stabilisatie korter dan het beleidsminimum van 3 maanden" in entry["regel"]
    assert "minimum tot 2026-05-15" in entry["regel"]
    assert entry["reden"] == "Inkomen en lasten op orde."
    assert (minimum["termijnDatum"], minimum["datum"], minimum["gehaald"]) == (
        "2026-05-15",
        "2026-05-14",
        False,
    )


def test_leaving_stabilisation_on_the_minimum_day_is_not_a_deviation(client: TestClient) -> None:
    entry, minimum = _stabilisatie_verlaten(client, "2026-05-15")

    assert "Afwijking" not in entry["regel"]
    assert minimum["gehaald"] is True
