"""Support beside the phases, programmes, the emergency fund and the WSNP statement."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from shared import testing
from tests.trajectory.conftest import CONSULENT, SERVICE, aanvraag_body, open_traject, stap
from tests.trajectory.helpers_geld import met_dwangakkoord, tot_aanbod
from tests.trajectory.test_api_ddas import PERIODE, VALIDATOR

BI = testing.auth_header("bi")


def _post(client: TestClient, traject_id: str, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/v1/trajecten/{traject_id}/{path}", json=body, headers=CONSULENT)


def test_a_moratorium_longer_than_six_months_is_refused(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = _post(
        client,
        traject_id,
        "voorzieningen",
        {"soort": "moratorium", "startdatum": "2026-03-31", "einddatum": "2026-10-01"},
    )
    assert response.status_code == 422
    assert "2026-09-30" in response.json()["detail"]  # 31 March + 6 months, clamped
    ok = _post(
        client,
        traject_id,
        "voorzieningen",
        {
            "soort": "moratorium",
            "datumAanvraag": "2026-03-25",
            "startdatum": "2026-03-31",
            "einddatum": "2026-09-30",
        },
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["voorzieningen"][0]["soort"] == "moratorium"


def test_begeleiding_needs_its_ddas_kind(client: TestClient) -> None:
    traject_id = open_traject(client)
    missing = _post(
        client, traject_id, "voorzieningen", {"soort": "begeleiding", "startdatum": "2026-02-01"}
    )
    assert missing.status_code == 422
    unknown = _post(
        client,
        traject_id,
        "voorzieningen",
        {"soort": "begeleiding", "begeleidingssoort": "Inkomensbeheer", "startdatum": "2026-02-01"},
    )
    assert unknown.status_code == 400


def test_jas_refuses_an_applicant_over_27(client: TestClient) -> None:
    traject_id = open_traject(client)  # the applicant was born in 1980
    response = _post(
        client, traject_id, "programmas", {"programma": "jas", "startdatum": "2026-02-01"}
    )
    assert response.status_code == 422
    assert "jongeren" in response.json()["detail"]


def _jong(client: TestClient) -> str:
    body = aanvraag_body()
    body["aanvrager"]["geboortedatum"] = "2004-05-01"
    response = client.post("/v1/aanvragen", json=body, headers=SERVICE)
    assert response.status_code == 201
    return str(response.json()["trajectId"])


def test_jas_refuses_debts_over_15000(client: TestClient) -> None:
    traject_id = _jong(client)
    stap(
        client,
        traject_id,
        "schulden",
        {
            "schuldeiser": {"naam": "DUO"},
            "bedrag": "15000.01",
            "peildatum": "2026-01-01",
            "schuldsoort": "Publiek",
        },
    )
    response = _post(
        client, traject_id, "programmas", {"programma": "jas", "startdatum": "2026-02-01"}
    )
    assert response.status_code == 422
    assert "15000" in response.json()["detail"]


def test_a_young_resident_joins_jas_once(client: TestClient) -> None:
    traject_id = _jong(client)
    first = _post(
        client, traject_id, "programmas", {"programma": "jas", "startdatum": "2026-02-01"}
    )
    assert first.status_code == 201, first.text
    assert first.json()["programmas"] == [{"programma": "jas", "startdatum": "2026-02-01"}]
    again = _post(
        client, traject_id, "programmas", {"programma": "jas", "startdatum": "2026-02-02"}
    )
    assert again.status_code == 409
    events = client.get("/v1/events?limit=100", headers=BI).json()["items"]
    assert [e["payload"]["programma"] for e in events if e["type"] == "traject.programma"] == [
        "jas"
    ]


def test_the_ggz_pilot_needs_the_ggz_marker(client: TestClient) -> None:
    zonder = open_traject(client)
    assert (
        _post(
            client, zonder, "programmas", {"programma": "ggz-pilot", "startdatum": "2026-02-01"}
        ).status_code
        == 422
    )
    met = open_traject(client, subject_key="c" * 64, doelgroepen=["ggz"])
    assert (
        _post(
            client, met, "programmas", {"programma": "ggz-pilot", "startdatum": "2026-02-01"}
        ).status_code
        == 201
    )


def test_the_emergency_fund_is_for_a_running_settlement(client: TestClient) -> None:
    traject_id = open_traject(client)
    body = {"bedrag": "350.00", "reden": "Kapotte wasmachine.", "datum": "2026-06-01"}
    assert _post(client, traject_id, "noodfonds-aanvragen", body).status_code == 422
    tot_aanbod(client, traject_id)
    case = stap(client, traject_id, "noodfonds-aanvragen", body)
    aanvraag = case["noodfonds"][0]
    assert aanvraag["bedrag"] == "350.00"
    assert aanvraag["besluit"] is None
    besloten = stap(
        client,
        traject_id,
        f"noodfonds-aanvragen/{aanvraag['id']}/besluiten",
        {"besluit": "toegekend", "datum": "2026-06-03", "reden": "Redt de regeling."},
    )
    assert besloten["noodfonds"][0]["besluit"] == "toegekend"
    events = client.get("/v1/events?limit=200", headers=BI).json()["items"]
    noodfonds = [e["payload"] for e in events if e["type"] == "traject.noodfonds"]
    assert noodfonds[0]["bedragBand"] == "0-1000"


def test_the_wsnp_statement_follows_a_failed_settlement(client: TestClient) -> None:
    traject_id = open_traject(client)
    _, weigert = tot_aanbod(client, traject_id)
    assert (
        _post(client, traject_id, "wsnp-verklaringen", {"datum": "2026-06-01"}).status_code == 422
    )
    stap(
        client,
        traject_id,
        f"schulden/{weigert}/reacties",
        {"reactie": "weigering", "datum": "2026-05-21"},
    )
    stap(client, traject_id, "dwangakkoord-verzoeken", {"datum": "2026-06-01"})
    case = stap(
        client, traject_id, "dwangakkoord-uitspraken", {"datum": "2026-08-01", "toegewezen": False}
    )
    assert case["schuldregeling"]["afgewezen"] == "2026-08-01"
    case = stap(client, traject_id, "wsnp-verklaringen", {"datum": "2026-08-05"})
    assert case["wsnpVerklaringDatum"] == "2026-08-05"


def test_support_appears_in_the_ddas_delivery(client: TestClient) -> None:
    traject_id = open_traject(client, partner=True)
    met_dwangakkoord(client, traject_id)
    for body in (
        {"soort": "begeleiding", "begeleidingssoort": "Budgetbeheer", "startdatum": "2026-02-15"},
        {
            "soort": "moratorium",
            "datumAanvraag": "2026-03-01",
            "datumGoedkeuring": "2026-03-03",
            "startdatum": "2026-03-03",
            "einddatum": "2026-09-03",
        },
        {"soort": "voorlopige-voorziening", "startdatum": "2026-03-03", "einddatum": "2026-04-03"},
        {"soort": "informatie-en-advies", "startdatum": "2026-01-05", "einddatum": "2026-01-05"},
        {"soort": "crisisinterventie", "startdatum": "2026-01-05", "einddatum": "2026-01-06"},
    ):
        stap(client, traject_id, "voorzieningen", body)
    response = client.post("/v1/ddas/gegevens", json=PERIODE, headers=SERVICE)
    gegevens = response.json()["gegevens"]
    VALIDATOR.validate(gegevens)
    traject = gegevens["leveringen"][0]["schuldhulptrajecten"][0]
    assert traject["begeleiding"] == [{"startdatum": "2026-02-15", "soort": "Budgetbeheer"}]
    assert traject["moratoria"] == [
        {
            "startdatum": "2026-03-03",
            "einddatum": "2026-09-03",
            "datumAanvraag": "2026-03-01",
            "datumGoedkeuring": "2026-03-03",
        }
    ]
    assert traject["voorlopigeVoorzieningen"] == [
        {"startdatum": "2026-03-03", "einddatum": "2026-04-03"}
    ]
    assert traject["informatieEnAdvies"] == {"startdatum": "2026-01-05", "einddatum": "2026-01-05"}
    assert traject["crisisinterventies"] == [
        {"startdatum": "2026-01-05", "einddatum": "2026-01-06"}
    ]


INKOMENSBEHEER = {
    "soort": "begeleiding",
    "begeleidingssoort": "Budgetbeheer",
    "startdatum": "2026-02-15",
    "inkomensbeheer": {"leefgeldPerMaand": "480.00"},
}


def test_income_management_is_budgetbeheer_by_balans_with_living_money(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    case = stap(client, traject_id, "voorzieningen", INKOMENSBEHEER)
    [record] = case["voorzieningen"]
    assert record["begeleidingssoort"] == "Budgetbeheer"
    assert record["inkomensbeheer"] == {"beheerder": "Balans", "leefgeldPerMaand": "480.00"}
    events = client.get("/v1/events?limit=100", headers=BI).json()["items"]
    [event] = [e["payload"] for e in events if e["type"] == "traject.voorziening"]
    assert event["inkomensbeheer"] is True
    assert event["begeleidingssoort"] == "Budgetbeheer"


def test_income_management_is_refused_for_another_kind_of_begeleiding(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    body = {**INKOMENSBEHEER, "begeleidingssoort": "Budgetcoaching"}
    response = _post(client, traject_id, "voorzieningen", body)
    assert response.status_code == 422
    assert "Budgetbeheer" in response.json()["detail"]
    negative = {**INKOMENSBEHEER, "inkomensbeheer": {"leefgeldPerMaand": "-1"}}
    assert _post(client, traject_id, "voorzieningen", negative).status_code == 400


def test_income_management_handed_to_a_bewindvoerder_ends_and_starts_anew(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    case = stap(client, traject_id, "voorzieningen", INKOMENSBEHEER)
    eigen = case["voorzieningen"][0]["id"]
    too_early = _post(
        client,
        traject_id,
        f"voorzieningen/{eigen}/beeindigingen",
        {"einddatum": "2026-02-01", "reden": "Overgedragen."},
    )
    assert too_early.status_code == 422
    stap(
        client,
        traject_id,
        f"voorzieningen/{eigen}/beeindigingen",
        {"einddatum": "2026-06-30", "reden": "Langdurig: overgedragen aan bewindvoerder."},
    )
    extern = {
        **INKOMENSBEHEER,
        "startdatum": "2026-07-01",
        "inkomensbeheer": {"beheerder": "Bewind Amstelland B.V."},
    }
    case = stap(client, traject_id, "voorzieningen", extern)
    eerste, tweede = case["voorzieningen"]
    assert (eerste["einddatum"], eerste["eindeReden"]) == (
        "2026-06-30",
        "Langdurig: overgedragen aan bewindvoerder.",
    )
    assert tweede["inkomensbeheer"] == {
        "beheerder": "Bewind Amstelland B.V.",
        "leefgeldPerMaand": None,
    }
    later = _post(
        client,
        traject_id,
        f"voorzieningen/{eigen}/beeindigingen",
        {"einddatum": "2026-07-15", "reden": "Nogmaals."},
    )
    assert later.status_code == 422  # extending is a new record
    response = client.post("/v1/ddas/gegevens", json=PERIODE, headers=SERVICE)
    gegevens = response.json()["gegevens"]
    VALIDATOR.validate(gegevens)
    assert gegevens["leveringen"][0]["schuldhulptrajecten"][0]["begeleiding"] == [
        {"startdatum": "2026-02-15", "einddatum": "2026-06-30", "soort": "Budgetbeheer"},
        {"startdatum": "2026-07-01", "soort": "Budgetbeheer"},
    ]


def test_ending_support_of_another_trajectory_is_404(client: TestClient) -> None:
    eigen = open_traject(client)
    ander = open_traject(client, subject_key="d" * 64)
    record = stap(client, ander, "voorzieningen", INKOMENSBEHEER)["voorzieningen"][0]["id"]
    response = _post(
        client,
        eigen,
        f"voorzieningen/{record}/beeindigingen",
        {"einddatum": "2026-06-30", "reden": "Mis."},
    )
    assert response.status_code == 404
