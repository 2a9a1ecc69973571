"""The €50,000 guarantee fund is committed when a saneringskrediet is recorded, so assessments
made before any credit cannot together promise more than the fund holds (seed annex 7)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.trajectory.conftest import CONSULENT, open_traject, stap
from tests.trajectory.helpers_geld import naar_schuldregeling, tot_afwegingskader

KREDIET = {"soort": "Saneringskrediet", "startdatum": "2026-06-01", "reden": "Krediet."}


def _toegekend_met_advies(client: TestClient, subject_key: str, krediet: str) -> str:
    """A positive assessment for `krediet`, then a granted settlement on one debt."""
    traject_id = open_traject(client, subject_key=subject_key)
    tot_afwegingskader(client, traject_id, inkomen_stabiel=True, kredietbedrag=krediet)
    return traject_id


def _tot_toekenning(client: TestClient, traject_id: str) -> None:
    naar_schuldregeling(client, traject_id, schulden=(("X", "30000.00"),), inkomen="2500.00")
    stap(client, traject_id, "aanbiedingen", {"ingediendOp": "2026-05-04"})
    case = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()
    (schuld,) = case["schulden"]
    stap(
        client,
        traject_id,
        f"schulden/{schuld['id']}/reacties",
        {"reactie": "akkoord", "datum": "2026-05-20"},
    )


def _krediet(client: TestClient, traject_id: str) -> Any:
    return client.post(f"/v1/trajecten/{traject_id}/oplossingen", json=KREDIET, headers=CONSULENT)


def test_assessments_before_any_credit_cannot_overcommit_the_fund(client: TestClient) -> None:
    # Each assessment sees the whole fund of 50,000: all three advise a credit.
    trajecten = [
        _toegekend_met_advies(client, key * 64, krediet)
        for key, krediet in (("c", "20000"), ("d", "20000"), ("e", "20000"))
    ]
    for traject_id in trajecten:
        _tot_toekenning(client, traject_id)
    eerste, tweede, derde = trajecten
    assert _krediet(client, eerste).status_code == 201
    assert _krediet(client, tweede).status_code == 201
    refused = _krediet(client, derde)
    assert refused.status_code == 422, refused.text
    assert "garantiefonds" in refused.json()["detail"]
    assert "10000.00" in refused.json()["detail"]  # the headroom that is left
    case = client.get(f"/v1/trajecten/{derde}", headers=CONSULENT).json()
    assert case["fase"] == "schuldregeling"
    # Another solution without the fund is still open to this case.
    other = {"soort": "Schuldbemiddeling", "startdatum": "2026-06-01", "reden": "Zonder krediet."}
    stap(client, derde, "oplossingen", other)


def test_a_credit_that_fills_the_fund_exactly_is_recorded(client: TestClient) -> None:
    trajecten = [
        _toegekend_met_advies(client, key * 64, krediet)
        for key, krediet in (("c", "25000"), ("d", "25000"))
    ]
    for traject_id in trajecten:
        _tot_toekenning(client, traject_id)
        assert _krediet(client, traject_id).status_code == 201
    # The fund is now full: one cent more is refused.
    laatste = _toegekend_met_advies(client, "e" * 64, "0.01")
    case = client.get(f"/v1/trajecten/{laatste}", headers=CONSULENT).json()
    assert case["afwegingskader"]["advies"] == "geen-saneringskrediet"


def test_a_credit_freed_by_an_exit_makes_room_again(client: TestClient) -> None:
    eerste = _toegekend_met_advies(client, "c" * 64, "25000")
    tweede = _toegekend_met_advies(client, "d" * 64, "25000")
    derde = _toegekend_met_advies(client, "e" * 64, "25000")
    for traject_id in (eerste, tweede, derde):
        _tot_toekenning(client, traject_id)
    assert _krediet(client, eerste).status_code == 201
    assert _krediet(client, tweede).status_code == 201
    assert _krediet(client, derde).status_code == 422
    stap(
        client,
        eerste,
        "fase-overgangen",
        {
            "naar": "uitstroom",
            "reden": "Overleden.",
            "datum": "2026-06-10",
            "uitstroomreden": "Overleden",
        },
    )
    assert _krediet(client, derde).status_code == 201
