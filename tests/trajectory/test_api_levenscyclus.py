"""A counsellor takes a case from aanvraag to exit; every step is in the history and events."""

from __future__ import annotations

from fastapi.testclient import TestClient

from shared import testing
from tests.trajectory.conftest import CONSULENT, open_traject, stap
from tests.trajectory.helpers_geld import tot_afwegingskader

BI = testing.auth_header("bi")


def test_case_from_aanvraag_through_settlement_and_aftercare_to_exit(client: TestClient) -> None:
    traject_id = open_traject(client, partner=True)
    tot_afwegingskader(client, traject_id, inkomen_stabiel=True, kredietbedrag="3000")
    eerste = stap(
        client,
        traject_id,
        "schulden",
        {
            "schuldeiser": {"naam": "Eigen Haard"},
            "bedrag": "3000.00",
            "peildatum": "2026-02-01",
            "schuldsoort": "Overig",
        },
    )
    stap(
        client,
        traject_id,
        "schulden",
        {
            "schuldeiser": {"naam": "Belastingdienst"},
            "bedrag": "1000.00",
            "peildatum": "2026-02-01",
            "schuldsoort": "Publiek",
            "preferent": True,
        },
    )
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "schuldregeling", "reden": "Stabiel.", "datum": "2026-05-15"},
    )
    berekend = stap(
        client,
        traject_id,
        "berekeningen",
        {"peildatum": "2026-05-15", "leefsituatie": "gehuwden", "nettoInkomen": "2002.13"},
    )
    # 95% of the 2026 norm for couples (2002.13) is 1902.02; capacity 100.11 a month.
    assert berekend["berekening"]["vtlb"] == "1902.02"
    assert berekend["berekening"]["afloscapaciteit"] == "100.11"
    aanbod = stap(client, traject_id, "aanbiedingen", {"ingediendOp": "2026-05-18"})["aanbod"]
    assert aanbod["looptijdMaanden"] == 18
    assert aanbod["totaalAflossing"] == "1801.98"  # 100.11 x 18
    assert aanbod["percentage"] == "45.05"
    assert sum(float(a["aanbod"]) for a in aanbod["verdeling"]) == 1801.98

    schulden = eerste["schulden"]
    assert len(schulden) == 1
    case = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()
    for schuld in case["schulden"]:
        stap(
            client,
            traject_id,
            f"schulden/{schuld['id']}/reacties",
            {"reactie": "akkoord", "datum": "2026-06-01"},
        )
    case = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()
    assert case["schuldregeling"]["toegekend"] == "2026-06-01"

    stap(
        client,
        traject_id,
        "oplossingen",
        {
            "soort": "Schuldbemiddeling",
            "startdatum": "2026-06-02",
            "reden": "Alle schuldeisers akkoord.",
        },
    )
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "nazorg", "reden": "Regeling loopt.", "datum": "2026-07-01"},
    )
    einde = stap(
        client,
        traject_id,
        "fase-overgangen",
        {
            "naar": "uitstroom",
            "reden": "Nazorg klaar.",
            "datum": "2026-11-02",
            "uitstroomreden": "Afgerond",
        },
    )

    assert einde["fase"] == "uitstroom"
    assert einde["uitstroomreden"] == "Afgerond"
    assert einde["oplossing"]["vtlb"] == "1902.02"
    assert [(h["van"], h["naar"]) for h in einde["historie"]] == [
        (None, "aanmelding"),
        ("aanmelding", "intake"),
        ("intake", "beschikking"),
        ("beschikking", "plan-van-aanpak"),
        ("plan-van-aanpak", "stabilisatie"),
        ("stabilisatie", "schuldregeling"),
        ("schuldregeling", "oplossing"),
        ("oplossing", "nazorg"),
        ("nazorg", "uitstroom"),
    ]
    assert all(h["door"] and h["regel"] for h in einde["historie"])

    events = client.get("/v1/events?limit=1000", headers=BI).json()["items"]
    types = [e["type"] for e in events]
    assert types.count("traject.fase-gewijzigd") == 8
    for expected in (
        "traject.geopend",
        "traject.beschikking",
        "traject.aanbod",
        "traject.schuldregeling",
        "traject.afwegingskader",
        "traject.oplossing",
        "traject.uitstroom",
    ):
        assert expected in types
    termijnen = {
        e["payload"]["termijn"]: e["payload"]["gehaald"]
        for e in events
        if e["type"] == "traject.termijn"
    }
    assert termijnen == {
        "beslistermijn": True,
        # Three months of stabilisation (15 February to 15 May): the policy minimum, kept.
        "stabilisatie-minimum": True,
        "stabilisatie-benchmark": True,
        "stabilisatie-maximum": True,
        "schuldregeling-nvvk": True,
        "nazorg-maximum": True,
    }
    assert all(e["subjectKey"] == "a" * 64 for e in events)
    assert "Jansen" not in str(events)
    assert "111222333" not in str(events)


def test_the_resident_can_start_again_after_exit(client: TestClient) -> None:
    traject_id = open_traject(client)
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {
            "naar": "uitstroom",
            "reden": "Ingetrokken.",
            "datum": "2026-01-10",
            "uitstroomreden": "Ingetrokken",
        },
    )
    tweede = open_traject(client, aanvraagdatum="2026-11-20")
    assert tweede != traject_id
