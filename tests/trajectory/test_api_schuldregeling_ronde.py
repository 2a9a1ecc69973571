"""One settlement round: a withdrawn offer stays withdrawn, a round is decided once, and the
offer's date (which picks the term) lies within the round."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.trajectory.models import traject
from shared.db import unit_of_work
from tests.trajectory.conftest import CONSULENT, SERVICE, open_traject, stap
from tests.trajectory.helpers_geld import (
    naar_schuldregeling,
    tot_aanbod,
    tot_afwegingskader,
    tot_dwangakkoord_verzoek,
)

TERUG = {"naar": "stabilisatie", "reden": "Inkomen wankelt weer.", "datum": "2026-06-01"}


def _case(client: TestClient, traject_id: str) -> dict[str, Any]:
    result: dict[str, Any] = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()
    return result


def _post(client: TestClient, traject_id: str, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/v1/trajecten/{traject_id}/{path}", json=body, headers=CONSULENT)


def _akkoord(schuld_id: str, datum: str) -> tuple[str, dict[str, str]]:
    return f"schulden/{schuld_id}/reacties", {"reactie": "akkoord", "datum": datum}


# --- a withdrawn offer ---------------------------------------------------------------------


def test_a_withdrawn_offer_can_no_longer_be_accepted(client: TestClient) -> None:
    traject_id = open_traject(client)
    schulden = tot_aanbod(client, traject_id)
    stap(client, traject_id, "fase-overgangen", TERUG)
    assert _case(client, traject_id)["aanbod"] is None
    for schuld_id, datum in zip(schulden, ("2026-06-02", "2026-06-03"), strict=True):
        response = _post(client, traject_id, *_akkoord(schuld_id, datum))
        assert response.status_code == 409, response.text
        assert "schuldregeling" in response.json()["detail"]
    case = _case(client, traject_id)
    assert case["schuldregeling"].get("toegekend") is None
    # No granted settlement, so no solution that needs one.
    oplossing = {"soort": "Schuldbemiddeling", "startdatum": "2026-06-10", "reden": "Akkoord."}
    assert _post(client, traject_id, "oplossingen", oplossing).status_code == 422
    ddas = client.post(
        "/v1/ddas/gegevens",
        json={"aanleverperiodeStartdatum": "2026-01-01", "aanleverperiodeEinddatum": "2026-12-31"},
        headers=SERVICE,
    ).json()
    (ddas_traject,) = ddas["gegevens"]["leveringen"][0]["schuldhulptrajecten"]
    assert ddas_traject["schuldregeling"] == {"datum": "2026-05-04", "ingetrokken": "2026-06-01"}


def test_a_calculation_after_withdrawal_does_not_revive_the_offer(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    stap(client, traject_id, "fase-overgangen", TERUG)
    case = stap(
        client,
        traject_id,
        "berekeningen",
        {"peildatum": "2026-06-01", "leefsituatie": "gehuwden", "nettoInkomen": "2300.00"},
    )
    assert case["aanbod"] is None
    # The withdrawn round no longer blocks a new debt either.
    stap(
        client,
        traject_id,
        "schulden",
        {
            "schuldeiser": {"naam": "CAK"},
            "bedrag": "250.00",
            "peildatum": "2026-06-01",
            "schuldsoort": "Zorg",
        },
    )


def test_a_new_round_after_withdrawal_can_be_granted(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    stap(client, traject_id, "fase-overgangen", TERUG)
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "schuldregeling", "reden": "Weer stabiel.", "datum": "2026-07-01"},
    )
    stap(client, traject_id, "aanbiedingen", {"ingediendOp": "2026-07-02"})
    schulden = [s["id"] for s in _case(client, traject_id)["schulden"]]
    for schuld_id in schulden:
        case = stap(client, traject_id, *_akkoord(schuld_id, "2026-07-10"))
    assert case["schuldregeling"]["toegekend"] == "2026-07-10"


def test_no_dwangakkoord_on_a_withdrawn_or_ended_round(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_dwangakkoord_verzoek(client, traject_id)
    stap(client, traject_id, "fase-overgangen", TERUG)
    uitspraak = _post(
        client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-09-15", "toegewezen": True}
    )
    assert uitspraak.status_code == 409, uitspraak.text
    assert _case(client, traject_id)["schuldregeling"].get("toegekend") is None

    other = open_traject(client, subject_key="c" * 64)
    akkoord, weigert = tot_aanbod(client, other)
    stap(client, other, *_akkoord(akkoord, "2026-05-20"))
    stap(
        client,
        other,
        f"schulden/{weigert}/reacties",
        {"reactie": "weigering", "datum": "2026-05-21"},
    )
    stap(
        client,
        other,
        "fase-overgangen",
        {
            "naar": "uitstroom",
            "reden": "Verhuisd.",
            "datum": "2026-05-25",
            "uitstroomreden": "Verhuisd",
        },
    )
    verzoek = _post(client, other, "dwangakkoord-verzoeken", {"datum": "2026-06-01"})
    assert verzoek.status_code == 409, verzoek.text


# --- the way back to stabilisation ---------------------------------------------------------


def test_no_way_back_to_stabilisation_after_all_creditors_agreed(client: TestClient) -> None:
    traject_id = open_traject(client)
    for schuld_id in tot_aanbod(client, traject_id):
        stap(client, traject_id, *_akkoord(schuld_id, "2026-05-20"))
    before = _case(client, traject_id)
    assert before["schuldregeling"]["toegekend"] == "2026-05-20"
    assert before["toegestaneFasen"] == ["oplossing", "uitstroom"]

    response = _post(client, traject_id, "fase-overgangen", TERUG)
    assert response.status_code == 409, response.text
    assert response.json()["allowed"] == ["oplossing", "uitstroom"]
    assert "toegekende schuldregeling" in response.json()["detail"]
    after = _case(client, traject_id)
    assert after["fase"] == "schuldregeling"
    assert after["schuldregeling"] == before["schuldregeling"]
    assert after["historie"] == before["historie"]


def test_no_way_back_to_stabilisation_after_a_granted_dwangakkoord(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_dwangakkoord_verzoek(client, traject_id)
    stap(client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-09-15", "toegewezen": True})
    response = _post(client, traject_id, "fase-overgangen", {**TERUG, "datum": "2026-09-20"})
    assert response.status_code == 409, response.text
    assert response.json()["allowed"] == ["oplossing", "uitstroom"]
    assert _case(client, traject_id)["fase"] == "schuldregeling"


def test_back_to_stabilisation_after_a_refused_round(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_dwangakkoord_verzoek(client, traject_id)
    case = stap(
        client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-09-15", "toegewezen": False}
    )
    assert "stabilisatie" in case["toegestaneFasen"]
    case = stap(client, traject_id, "fase-overgangen", {**TERUG, "datum": "2026-09-20"})
    assert case["fase"] == "stabilisatie"
    # Refused, not withdrawn: the round ended with a decision.
    assert case["schuldregeling"]["afgewezen"] == "2026-09-15"
    assert case["schuldregeling"]["ingetrokken"] is None


def test_the_case_shows_the_round_withdrawn_by_going_back(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    assert _case(client, traject_id)["schuldregeling"]["ingetrokken"] is None
    case = stap(client, traject_id, "fase-overgangen", TERUG)
    assert case["fase"] == "stabilisatie"
    assert case["schuldregeling"]["ingediend"] == "2026-05-04"
    assert case["schuldregeling"]["ingetrokken"] == "2026-06-01"
    assert case["schuldregeling"].get("toegekend") is None
    # A new round starts its own dates anew.
    case = stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "schuldregeling", "reden": "Weer stabiel.", "datum": "2026-07-01"},
    )
    assert case["schuldregeling"]["ingediend"] is None
    assert case["schuldregeling"]["ingetrokken"] is None


# --- one round, one decision ---------------------------------------------------------------


def test_no_creditor_answer_while_the_dwangakkoord_is_pending(client: TestClient) -> None:
    traject_id = open_traject(client)
    akkoord, weigert = tot_dwangakkoord_verzoek(client, traject_id)
    for schuld_id, reactie in ((weigert, "akkoord"), (akkoord, "weigering")):
        response = _post(
            client,
            traject_id,
            f"schulden/{schuld_id}/reacties",
            {"reactie": reactie, "datum": "2026-06-05"},
        )
        assert response.status_code == 409, response.text
        assert "dwangakkoord" in response.json()["detail"]
    case = stap(
        client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-09-15", "toegewezen": False}
    )
    assert case["schuldregeling"]["afgewezen"] == "2026-09-15"
    assert case["schuldregeling"].get("toegekend") is None


def test_no_ruling_on_a_round_already_decided(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_dwangakkoord_verzoek(client, traject_id)
    # A round decided while the request was pending (stored before this rule existed).
    connect = client.app.state.connect  # type: ignore[attr-defined]
    with unit_of_work(connect) as session:
        session.execute(
            sa.update(traject)
            .where(traject.c.id == traject_id)
            .values(schuldregeling_toegekend=date(2026, 6, 5))
        )
    response = _post(
        client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-09-15", "toegewezen": False}
    )
    assert response.status_code == 409, response.text
    assert "al besloten" in response.json()["detail"]
    assert _case(client, traject_id)["schuldregeling"].get("afgewezen") is None


def test_a_second_ruling_is_refused(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_dwangakkoord_verzoek(client, traject_id)
    stap(client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-09-15", "toegewezen": True})
    again = _post(
        client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-09-16", "toegewezen": False}
    )
    assert again.status_code in (409, 422), again.text
    assert _case(client, traject_id)["schuldregeling"].get("afgewezen") is None


# --- the offer's date ----------------------------------------------------------------------


def _tot_schuldregeling(client: TestClient, traject_id: str) -> None:
    """Stabilisation, one debt, phase schuldregeling from 1 May 2026, a calculation."""
    tot_afwegingskader(client, traject_id, inkomen_stabiel=False, kredietbedrag="4000")
    naar_schuldregeling(client, traject_id, schulden=(("X", "50000.00"),), inkomen="2100.00")


def test_an_offer_on_the_first_day_of_the_phase_gets_the_current_term(client: TestClient) -> None:
    traject_id = open_traject(client)
    _tot_schuldregeling(client, traject_id)
    case = stap(client, traject_id, "aanbiedingen", {"ingediendOp": "2026-05-01"})
    assert case["aanbod"]["ingediendOp"] == "2026-05-01"
    assert case["aanbod"]["looptijdMaanden"] == 18


def test_an_offer_dated_before_the_phase_is_refused(client: TestClient) -> None:
    traject_id = open_traject(client)
    _tot_schuldregeling(client, traject_id)
    for datum in ("2026-04-30", "2023-06-30"):
        response = _post(client, traject_id, "aanbiedingen", {"ingediendOp": datum})
        assert response.status_code == 422, response.text
        assert [p["name"] for p in response.json()["invalidParams"]] == ["ingediendOp"]
    case = _case(client, traject_id)
    assert case["aanbod"] is None
    assert case["termijnen"]["schuldregelingNvvk"] is None


def test_an_offer_dated_in_the_future_is_bad_input(client: TestClient) -> None:
    traject_id = open_traject(client)
    _tot_schuldregeling(client, traject_id)
    response = _post(client, traject_id, "aanbiedingen", {"ingediendOp": "2030-01-01"})
    assert response.status_code == 400, response.text
    assert [p["name"] for p in response.json()["invalidParams"]] == ["ingediendOp"]
