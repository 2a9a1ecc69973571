"""Debts, the VTLB calculation, the offer, creditor responses and the dwangakkoord over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from shared import testing
from tests.trajectory.conftest import CONSULENT, SERVICE, open_traject, stap, tot_stabilisatie
from tests.trajectory.helpers_geld import met_dwangakkoord, tot_aanbod, tot_dwangakkoord_verzoek

BI = testing.auth_header("bi")


def _case(client: TestClient, traject_id: str) -> dict[str, object]:
    result: dict[str, object] = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()
    return result


def test_the_calculation_is_stored_with_its_inputs_and_explained_line_by_line(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    case = stap(
        client,
        traject_id,
        "berekeningen",
        {
            "peildatum": "2025-03-01",
            "leefsituatie": "alleenstaande",
            "nettoInkomen": "1600",
            "correcties": [{"soort": "woonkosten", "bedrag": "80.50", "toelichting": "hoge huur"}],
        },
    )
    berekening = case["berekening"]
    # 95% of the 2025 norm for a single person (1345.45) is 1278.18; + 80.50 = 1358.68.
    assert berekening["vtlb"] == "1358.68"
    assert berekening["afloscapaciteit"] == "241.32"
    assert berekening["nettoInkomen"] == "1600.00"
    assert [r["bedrag"] for r in berekening["regels"]] == [
        "1345.45",
        "1278.18",
        "80.50",
        "1358.68",
        "1600.00",
        "241.32",
    ]
    assert "hoge huur" in berekening["regels"][2]["omschrijving"]


def test_income_below_the_vtlb_gives_no_capacity_rather_than_a_negative_one(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    case = stap(
        client,
        traject_id,
        "berekeningen",
        {"peildatum": "2026-01-01", "leefsituatie": "alleenstaande", "nettoInkomen": "900"},
    )
    assert case["berekening"]["afloscapaciteit"] == "0.00"


def test_a_date_before_the_norm_table_is_refused(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = client.post(
        f"/v1/trajecten/{traject_id}/berekeningen",
        json={"peildatum": "2019-01-01", "leefsituatie": "gehuwden", "nettoInkomen": "1000"},
        headers=CONSULENT,
    )
    assert response.status_code == 422


def test_money_as_a_float_or_negative_is_400(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = client.post(
        f"/v1/trajecten/{traject_id}/schulden",
        json={
            "schuldeiser": {"naam": "X", "kvkNummer": "123", "privepersoon": "ja"},
            "bedrag": 12.5,
            "peildatum": "2026-02-01",
            "schuldsoort": "Boete",
        },
        headers=CONSULENT,
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"schuldeiser.kvkNummer", "schuldeiser.privepersoon", "bedrag", "schuldsoort"}


def test_an_offer_outside_the_settlement_phase_is_refused(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = client.post(
        f"/v1/trajecten/{traject_id}/aanbiedingen",
        json={"ingediendOp": "2026-05-04"},
        headers=CONSULENT,
    )
    assert response.status_code == 422


def test_the_offer_splits_capacity_times_term_over_the_creditors(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    aanbod = _case(client, traject_id)["aanbod"]
    assert isinstance(aanbod, dict)
    # Capacity 100.11 x 18 months = 1801.98 of 4000.49 debt: 45.04% each, to the cent.
    assert aanbod["totaalAflossing"] == "1801.98"
    assert [a["aanbod"] for a in aanbod["verdeling"]] == ["1351.55", "450.43"]
    assert {a["percentage"] for a in aanbod["verdeling"]} == {"45.04"}


def test_a_change_of_income_recomputes_the_pending_offer(client: TestClient) -> None:
    traject_id = open_traject(client)
    schulden = tot_aanbod(client, traject_id)
    stap(
        client,
        traject_id,
        f"schulden/{schulden[0]}/reacties",
        {"reactie": "akkoord", "datum": "2026-05-10"},
    )
    case = stap(
        client,
        traject_id,
        "berekeningen",
        {"peildatum": "2026-06-01", "leefsituatie": "gehuwden", "nettoInkomen": "2102.13"},
    )
    assert case["aanbod"]["afloscapaciteit"] == "200.11"
    assert case["aanbod"]["totaalAflossing"] == "3601.98"
    # Every creditor is asked anew; the NVVK clock keeps running from the first submission.
    assert [s["reactie"] for s in case["schulden"]] == [None, None]
    assert case["schuldregeling"]["ingediend"] == "2026-05-04"
    aanbod_events = [
        e
        for e in client.get("/v1/events?limit=200", headers=BI).json()["items"]
        if e["type"] == "traject.aanbod"
    ]
    assert [e["payload"]["aflossingBand"] for e in aanbod_events] == ["1000-5000", "1000-5000"]
    assert aanbod_events[0]["payload"]["schuldBand"] == "1000-5000"


def test_a_dwangakkoord_needs_a_refusing_creditor(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    response = client.post(
        f"/v1/trajecten/{traject_id}/dwangakkoord-verzoeken",
        json={"datum": "2026-06-01"},
        headers=CONSULENT,
    )
    assert response.status_code == 422


def test_a_granted_dwangakkoord_grants_the_settlement_late_against_the_nvvk_norm(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    met_dwangakkoord(client, traject_id)
    case = _case(client, traject_id)
    assert case["fase"] == "oplossing"
    assert case["schuldregeling"] == {
        "ingediend": "2026-05-04",
        "toegekend": "2026-09-15",
        "afgewezen": None,
        "ingetrokken": None,
        "datumVerzoekDwangakkoord": "2026-06-01",
        "dwangakkoord": True,
    }
    assert case["oplossing"]["soort"] == "Schuldbemiddeling"
    events = client.get("/v1/events?limit=200", headers=BI).json()["items"]
    nvvk = [e["payload"] for e in events if e["payload"].get("termijn") == "schuldregeling-nvvk"]
    assert nvvk[0]["termijnDatum"] == "2026-09-01"  # 4 May + 120 days
    assert nvvk[0]["gehaald"] is False
    uitkomst = [e["payload"] for e in events if e["type"] == "traject.schuldregeling"]
    assert uitkomst[0]["dwangakkoord"] is True


def test_a_partial_settlement_without_agreement_is_refused(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    response = client.post(
        f"/v1/trajecten/{traject_id}/oplossingen",
        json={"soort": "Schuldbemiddeling", "startdatum": "2026-06-01", "reden": "Te vroeg."},
        headers=CONSULENT,
    )
    assert response.status_code == 422


def test_the_afwegingskader_gives_advice_with_reasons(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    kader = _case(client, traject_id)["afwegingskader"]
    assert isinstance(kader, dict)
    assert kader["advies"] == "geen-saneringskrediet"
    assert kader["maximum"] == "25000.00"
    assert kader["ruimteGarantiefonds"] == "50000.00"
    assert any("Inkomen verandert" in r for r in kader["redenen"])


def test_leaving_the_settlement_phase_with_an_open_offer_withdraws_it(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    case = stap(
        client,
        traject_id,
        "fase-overgangen",
        {
            "naar": "uitstroom",
            "reden": "Trekt zich terug.",
            "datum": "2026-06-10",
            "uitstroomreden": "Ingetrokken",
        },
    )
    assert case["fase"] == "uitstroom"
    events = client.get("/v1/events?limit=200", headers=BI).json()["items"]
    uitkomst = [e["payload"] for e in events if e["type"] == "traject.schuldregeling"]
    assert uitkomst == [
        {
            "trajectId": traject_id,
            "uitkomst": "ingetrokken",
            "dwangakkoord": False,
            "datum": "2026-06-10",
        }
    ]
    ddas = client.post(
        "/v1/ddas/gegevens",
        json={"aanleverperiodeStartdatum": "2026-01-01", "aanleverperiodeEinddatum": "2026-12-31"},
        headers=SERVICE,
    ).json()
    traject = ddas["gegevens"]["leveringen"][0]["schuldhulptrajecten"][0]
    assert traject["schuldregeling"]["ingetrokken"] == "2026-06-10"
    assert traject["uitstroom"] == {"datum": "2026-06-10", "reden": "Ingetrokken"}


def test_a_response_for_a_debt_of_another_trajectory_is_404(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    response = client.post(
        f"/v1/trajecten/{traject_id}/schulden/00000000-0000-0000-0000-000000000001/reacties",
        json={"reactie": "akkoord", "datum": "2026-06-01"},
        headers=CONSULENT,
    )
    assert response.status_code == 404


def test_reading_a_case_logs_both_jointly_liable_residents(client: TestClient) -> None:
    traject_id = open_traject(client, partner=True)
    client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT)
    log = client.post(
        "/v1/verwerkingen/zoeken",
        json={"subjectKey": "b" * 64},
        headers=testing.auth_header("privacy"),
    ).json()["items"]
    assert [(r["action"], r["actor"]) for r in log] == [
        ("traject-openen", "intake"),
        ("traject-inzien", "j.devries"),
    ]


def test_a_saneringskrediet_needs_a_positive_assessment(client: TestClient) -> None:
    traject_id = open_traject(client)
    met_akkoord = tot_aanbod(client, traject_id)  # assessment: income not stable
    for schuld_id in met_akkoord:
        stap(
            client,
            traject_id,
            f"schulden/{schuld_id}/reacties",
            {"reactie": "akkoord", "datum": "2026-05-20"},
        )
    body = {"soort": "Saneringskrediet", "startdatum": "2026-06-01", "reden": "Krediet."}
    refused = client.post(f"/v1/trajecten/{traject_id}/oplossingen", json=body, headers=CONSULENT)
    assert refused.status_code == 422
    stap(
        client,
        traject_id,
        "afwegingskader",
        {
            "peildatum": "2026-05-25",
            "inkomenStabiel": True,
            "motivatie": "voldoende",
            "kredietbedrag": "1801.98",
        },
        status=200,
        method="put",
    )
    case = stap(client, traject_id, "oplossingen", body)
    assert case["oplossing"]["soort"] == "Saneringskrediet"


def test_a_solution_needs_the_afwegingskader_first(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_stabilisatie(client, traject_id)
    response = client.post(
        f"/v1/trajecten/{traject_id}/oplossingen",
        json={"soort": "Betalingsregeling", "startdatum": "2026-03-01", "reden": "Alles betalen."},
        headers=CONSULENT,
    )
    assert response.status_code == 422
    assert "afwegingskader" in response.json()["detail"]


def _ronde_geweigerd(client: TestClient, traject_id: str) -> list[str]:
    """A first round: one creditor refuses, the court refuses the dwangakkoord."""
    schulden = tot_dwangakkoord_verzoek(client, traject_id)
    stap(
        client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-07-01", "toegewezen": False}
    )
    return schulden


def test_after_a_refused_settlement_a_second_round_starts_after_stabilising_again(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    schulden = _ronde_geweigerd(client, traject_id)
    assert _case(client, traject_id)["schuldregeling"]["afgewezen"] == "2026-07-01"  # type: ignore[index]
    # Not in the same phase: the table sends a refused settlement back to stabilisation.
    response = client.post(
        f"/v1/trajecten/{traject_id}/aanbiedingen",
        json={"ingediendOp": "2026-07-02"},
        headers=CONSULENT,
    )
    assert response.status_code == 422
    assert "opnieuw stabiliseren" in response.json()["detail"]

    for naar, datum in (("stabilisatie", "2026-07-02"), ("schuldregeling", "2026-10-02")):
        stap(
            client,
            traject_id,
            "fase-overgangen",
            {"naar": naar, "reden": "Ronde 2.", "datum": datum},
        )
    tweede = _case(client, traject_id)
    assert tweede["schuldregeling"] == {
        "ingediend": None,
        "toegekend": None,
        "afgewezen": None,
        "ingetrokken": None,
        "datumVerzoekDwangakkoord": None,
        "dwangakkoord": None,
    }
    assert tweede["aanbod"] is None  # the first round's offer is no longer current
    assert all(s["reactie"] is None for s in tweede["schulden"])  # type: ignore[attr-defined]

    stap(client, traject_id, "aanbiedingen", {"ingediendOp": "2026-10-05"})
    for schuld_id in schulden:
        reactie = {"reactie": "akkoord", "datum": "2026-11-02"}
        stap(client, traject_id, f"schulden/{schuld_id}/reacties", reactie)
    regeling = _case(client, traject_id)["schuldregeling"]
    assert regeling["ingediend"] == "2026-10-05"  # type: ignore[index]
    assert regeling["toegekend"] == "2026-11-02"  # type: ignore[index]

    events = client.get("/v1/events?limit=500", headers=BI).json()["items"]
    uitkomsten = [e["payload"]["uitkomst"] for e in events if e["type"] == "traject.schuldregeling"]
    assert uitkomsten == ["afgewezen", "toegekend"]
    nvvk = [e["payload"] for e in events if e["payload"].get("termijn") == "schuldregeling-nvvk"]
    # The second round's NVVK term runs from its own submission: 5 October + 120 days.
    assert [(n["termijnDatum"], n["gehaald"]) for n in nvvk] == [("2027-02-02", True)]
    ddas = client.post(
        "/v1/ddas/gegevens",
        json={"aanleverperiodeStartdatum": "2026-01-01", "aanleverperiodeEinddatum": "2026-12-31"},
        headers=SERVICE,
    ).json()
    regeling_ddas = ddas["gegevens"]["leveringen"][0]["schuldhulptrajecten"][0]["schuldregeling"]
    assert regeling_ddas["datum"] == "2026-10-05"
    assert regeling_ddas["toegekend"] == "2026-11-02"
    assert "afgewezen" not in regeling_ddas


def test_a_withdrawn_offer_is_not_revived_by_a_new_calculation_in_the_next_round(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    for naar, datum in (("stabilisatie", "2026-05-10"), ("schuldregeling", "2026-08-10")):
        stap(
            client,
            traject_id,
            "fase-overgangen",
            {"naar": naar, "reden": "Opnieuw.", "datum": datum},
        )
    stap(
        client,
        traject_id,
        "berekeningen",
        {"peildatum": "2026-08-10", "leefsituatie": "gehuwden", "nettoInkomen": "2102.13"},
    )
    case = _case(client, traject_id)
    assert case["aanbod"] is None
    assert case["schuldregeling"]["ingediend"] is None  # type: ignore[index]


def test_an_offer_in_a_decided_round_is_not_recomputed_when_income_changes(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    _ronde_geweigerd(client, traject_id)
    voor = _case(client, traject_id)["aanbod"]
    stap(
        client,
        traject_id,
        "berekeningen",
        {"peildatum": "2026-07-02", "leefsituatie": "gehuwden", "nettoInkomen": "2102.13"},
    )
    assert _case(client, traject_id)["aanbod"] == voor
