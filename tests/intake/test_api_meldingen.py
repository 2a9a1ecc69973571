"""Registering a melding at the desk, reading it, and the 400/403/409 answers."""

from __future__ import annotations

from datetime import date

from tests.intake.conftest import (
    BI,
    CONSULENT,
    COORDINATOR,
    LOKET,
    events,
    melding_body,
    register,
)


def test_crisis_melding_gets_same_day_norm_and_three_working_days_by_law(intake) -> None:
    created = register(intake, crisis={"soort": "huisuitzetting", "datum": "2026-05-08"})
    assert created["crisis"] == {"soort": "huisuitzetting", "datum": "2026-05-08"}
    assert created["meldingdatum"] == "2026-05-01"
    assert created["termijnen"] == {
        "plannenUiterlijk": "2026-05-01",
        "gesprekNormUiterlijk": "2026-05-01",
        "gesprekWettelijkUiterlijk": "2026-05-07",
        "plannenGehaald": None,
        "gesprekNormGehaald": None,
        "gesprekWettelijkGehaald": None,
    }


def test_crisis_of_a_kind_only_local_protocol_adds_keeps_four_weeks_by_law(intake) -> None:
    # Wage garnishment (policy: wettelijk = false) is a crisis by Amstelveen's protocol, not
    # by the Wgs: the same-day norm, but the ordinary legal maximum of 4 weeks.
    created = register(intake, crisis={"soort": "beslag-loon", "datum": "2026-05-01"})
    assert created["termijnen"]["plannenUiterlijk"] == "2026-05-01"
    assert created["termijnen"]["gesprekNormUiterlijk"] == "2026-05-01"
    assert created["termijnen"]["gesprekWettelijkUiterlijk"] == "2026-05-29"
    [event] = events(intake, "intake.melding.geregistreerd")
    assert event["payload"]["gesprekWettelijkUiterlijk"] == "2026-05-29"
    listed = intake.get("/v1/meldingen?werklijst=crisis-vandaag", headers=LOKET).json()
    assert [i["id"] for i in listed["items"]] == [created["id"]]


def test_registration_answers_201_with_location_and_the_stored_melding(intake) -> None:
    response = intake.post("/v1/meldingen", json=melding_body(), headers=LOKET)
    assert response.status_code == 201
    body = response.json()
    assert response.headers["Location"] == f"/v1/meldingen/{body['id']}"
    assert body["status"] == "open"
    assert body["kanaal"] == "balie"
    assert body["gesprekStatus"] == "geen"
    assert body["inwoner"]["bsn"] == "111222333"
    assert body["termijnen"]["gesprekWettelijkUiterlijk"] == "2026-05-29"
    assert body["gemeentecode"] == "GM0362"


def test_trajectory_down_registers_anyway_with_recidive_unknown(intake) -> None:
    assert register(intake)["recidive"]["status"] == "onbekend"


def test_young_person_is_derived_from_the_birth_date(intake) -> None:
    created = register(
        intake, inwoner={"geboortedatum": "2000-05-02"}, doelgroepen=["ggz", "jongere"]
    )
    assert created["doelgroepen"] == ["jongere", "ggz"]  # 26 on 1 May 2026


def test_jongere_given_for_a_28_year_old_is_dropped(intake) -> None:
    created = register(intake, inwoner={"geboortedatum": "1998-04-30"}, doelgroepen=["jongere"])
    assert created["doelgroepen"] == []


def test_open_melding_for_the_same_resident_is_a_409_with_a_link(intake) -> None:
    first = register(intake)
    again = intake.post("/v1/meldingen", json=melding_body(kanaal="telefoon"), headers=LOKET)
    assert again.status_code == 409
    assert again.json()["links"] == {"melding": f"/v1/meldingen/{first['id']}"}


def test_resident_without_bsn_is_recognised_by_name_birth_date_and_address(intake) -> None:
    register(intake, inwoner={"bsn": None})
    again = intake.post(
        "/v1/meldingen",
        json=melding_body(inwoner={"bsn": None, "achternaam": "jansen", "postcode": "1181 zm"}),
        headers=LOKET,
    )
    assert again.status_code == 409


def test_bad_input_is_a_400_listing_every_invalid_field(intake) -> None:
    body = melding_body(
        kanaal="fax",
        inwoner={"bsn": "123456789", "postcode": "1181", "huisnummer": False},
        kinderenOnder18="2",
        meldingdatum=0,
        crisis={"soort": "huisuitzetting", "datum": "2026-02-30"},
    )
    response = intake.post("/v1/meldingen", json=body, headers=LOKET)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {
        "kanaal",
        "inwoner.bsn",
        "inwoner.postcode",
        "inwoner.huisnummer",
        "kinderenOnder18",
        "meldingdatum",
        "crisis.datum",
    }


def test_an_unknown_crisis_kind_is_listed_with_the_other_invalid_fields(intake) -> None:
    body = melding_body(
        inwoner={"postcode": "1181"},
        kinderenOnder18=-1,
        crisis={"soort": "ruzie-met-buren", "datum": "2026-02-30"},
    )
    response = intake.post("/v1/meldingen", json=body, headers=LOKET)
    assert response.status_code == 400
    reasons = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert set(reasons) == {"inwoner.postcode", "kinderenOnder18", "crisis.soort", "crisis.datum"}
    assert "huisuitzetting" in reasons["crisis.soort"]


def test_future_melding_date_is_refused(intake) -> None:
    response = intake.post(
        "/v1/meldingen", json=melding_body(meldingdatum="2026-05-02"), headers=LOKET
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["meldingdatum"]


def test_unknown_crisis_kind_is_a_400_naming_the_field(intake) -> None:
    body = melding_body(crisis={"soort": "ruzie-met-buren", "datum": "2026-05-01"})
    response = intake.post("/v1/meldingen", json=body, headers=LOKET)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "crisis.soort"


def test_referral_needs_the_referring_partner(intake) -> None:
    response = intake.post("/v1/meldingen", json=melding_body(kanaal="verwijzing"), headers=LOKET)
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["verwijzer"]
    ok = intake.post(
        "/v1/meldingen",
        json=melding_body(kanaal="verwijzing", verwijzer="Humanitas"),
        headers=LOKET,
    )
    assert ok.status_code == 201
    assert ok.json()["verwijzer"] == "Humanitas"


def test_resident_without_bsn_needs_birth_date_and_address(intake) -> None:
    body = melding_body(inwoner={"bsn": None, "postcode": None})
    assert intake.post("/v1/meldingen", json=body, headers=LOKET).status_code == 400


def test_only_the_desk_registers_and_staff_read(intake) -> None:
    for headers in (CONSULENT, COORDINATOR, BI):
        assert intake.post("/v1/meldingen", json=melding_body(), headers=headers).status_code == 403
    created = register(intake)
    path = f"/v1/meldingen/{created['id']}"
    for headers in (LOKET, CONSULENT, COORDINATOR):
        assert intake.get(path, headers=headers).status_code == 200
    assert intake.get(path, headers=BI).status_code == 403
    assert intake.get(path).status_code == 401


def test_reading_an_unknown_melding_is_a_404(intake) -> None:
    response = intake.get("/v1/meldingen/6f1c2d9e-0000-4000-8000-000000000000", headers=CONSULENT)
    assert response.status_code == 404


def test_household_and_income_are_stored(intake, clock) -> None:
    clock.set(date(2026, 6, 1))
    created = register(
        intake,
        partner={"achternaam": "Jansen-Bakker", "voorletters": "M."},
        kinderenOnder18=3,
        inkomensbron="loon",
        toelichting="Belt liever na 17:00.",
    )
    read = intake.get(f"/v1/meldingen/{created['id']}", headers=CONSULENT).json()
    assert read["partner"]["achternaam"] == "Jansen-Bakker"
    assert read["kinderenOnder18"] == 3
    assert read["inkomensbron"] == "loon"
    assert read["meldingdatum"] == "2026-06-01"


def test_search_by_bsn_is_a_post_and_finds_the_residents_meldingen(intake) -> None:
    created = register(intake)
    register(intake, inwoner={"bsn": "123456782"})
    response = intake.post("/v1/meldingen/zoeken", json={"bsn": "1112.22.333"}, headers=CONSULENT)
    assert response.status_code == 200
    assert [i["id"] for i in response.json()["items"]] == [created["id"]]
    bad = intake.post("/v1/meldingen/zoeken", json={"bsn": "123456789"}, headers=CONSULENT)
    assert bad.status_code == 400
    assert (
        intake.post("/v1/meldingen/zoeken", json={"bsn": "111222333"}, headers=BI).status_code
        == 403
    )
