"""Privacy: every read and write of a resident's data is logged; events carry no personal data."""

from __future__ import annotations

import json
import uuid
from datetime import date

from services.intake.service.registratie import subject_key_of
from shared import testing
from shared.contracts.handoffs import Persoon
from shared.pseudonym import person_key
from shared.settings import DEVELOPMENT_PSEUDONYM_KEY
from tests.intake.conftest import (
    BI,
    CONSULENT,
    LOKET,
    SERVICE,
    events,
    melding_body,
    plan,
    register,
)

PRIVACY = testing.auth_header("privacy")
_SHORT = {"huisnummer", "tussenvoegsel", "voorletters"}
KEY = subject_key_of(Persoon(bsn="111222333", achternaam="Jansen"), key=DEVELOPMENT_PSEUDONYM_KEY)


def log_actions(client) -> list[tuple[str, str, str]]:
    response = client.post(
        "/v1/verwerkingen/zoeken?pageSize=500", json={"subjectKey": KEY}, headers=PRIVACY
    )
    assert response.status_code == 200
    return [(r["action"], r["activityId"], r["role"]) for r in response.json()["items"]]


def test_every_read_and_write_of_the_resident_is_in_the_processing_log(intake, clock) -> None:
    melding = register(intake)
    intake.get(f"/v1/meldingen/{melding['id']}", headers=CONSULENT)
    intake.get("/v1/meldingen", headers=LOKET)
    gesprek = plan(intake, melding["id"])
    intake.get(f"/v1/aanmeldgesprekken/{gesprek['id']}/brieven/uitnodiging", headers=LOKET)
    clock.set(date(2026, 5, 6))
    intake.patch(
        f"/v1/aanmeldgesprekken/{gesprek['id']}", json={"status": "gehouden"}, headers=CONSULENT
    )
    intake.post(
        f"/v1/meldingen/{melding['id']}/uitkomst", json={"soort": "advies"}, headers=CONSULENT
    )
    intake.post("/v1/bekendheid", json={"subjectKey": KEY}, headers=SERVICE)
    actions = log_actions(intake)
    assert actions == [
        ("melding-registreren", "intake-melding", "loket"),
        ("melding-inzien", "intake-melding", "consulent"),
        ("werklijst-inzien", "intake-melding", "loket"),
        ("aanmeldgesprek-plannen", "intake-melding", "loket"),
        ("brief-maken", "intake-melding", "loket"),
        ("aanmeldgesprek-afronden", "intake-melding", "consulent"),
        ("uitkomst-vastleggen", "intake-melding", "consulent"),
        ("uitkomst-inzien", "intake-melding", "consulent"),
        ("bekendheid-bevragen", "intake-melding", "service"),
    ]


def test_a_refused_registration_leaves_no_success_record(intake) -> None:
    register(intake)
    duplicate = {"kanaal": "balie", "inwoner": {"bsn": "111222333", "achternaam": "Jansen"}}
    assert intake.post("/v1/meldingen", json=duplicate, headers=LOKET).status_code == 409
    assert [a for a, _, _ in log_actions(intake)] == ["melding-registreren"]


def test_events_carry_no_names_bsns_addresses_or_birth_dates(intake, clock) -> None:
    personal = {
        "bsn": "111222333",
        "voorletters": "Q.",
        "voornamen": "Quirijn",
        "tussenvoegsel": "van",
        "achternaam": "Zwartewaal",
        "geboortedatum": "2001-07-19",
        "straat": "Populierenlaan",
        "huisnummer": 977,
        "postcode": "1185XY",
        "woonplaats": "Bovenkerk",
        "telefoon": "06 12345678",
        "email": "q.zwartewaal@example.nl",
    }
    melding = register(
        intake,
        inwoner=personal,
        partner={"bsn": "123456782", "achternaam": "Oosterwijk"},
        crisis={"soort": "huisuitzetting", "datum": "2026-05-08"},
        toelichting="Quirijn belt vanaf Populierenlaan 977.",
    )
    gesprek = plan(intake, melding["id"], datum="2026-05-01", locatie="Populierenlaan 977")
    intake.patch(
        f"/v1/aanmeldgesprekken/{gesprek['id']}", json={"status": "gehouden"}, headers=CONSULENT
    )
    intake.post(
        f"/v1/meldingen/{melding['id']}/uitkomst", json={"soort": "aanvraag"}, headers=CONSULENT
    )
    overdracht = {
        "casusId": str(uuid.uuid4()),
        "gemeentecode": "GM0362",
        "inwoner": {"bsn": "999999990", "achternaam": "Oosterwijk", "straat": "Dorpsstraat"},
        "subjectKey": "a" * 64,
        "signaalpartners": ["Water"],
        "totaalAchterstand": "80.00",
        "overdrachtsdatum": "2026-05-01",
    }
    headers = {**SERVICE, "Idempotency-Key": str(uuid.uuid4())}
    assert intake.post("/v1/vroegsignaal-overdrachten", json=overdracht, headers=headers).is_success
    feed = events(intake)
    assert {e["type"] for e in feed} >= {
        "intake.melding.geregistreerd",
        "intake.aanmeldgesprek.gepland",
        "intake.aanmeldgesprek.gehouden",
        "intake.termijn.beoordeeld",
        "intake.uitkomst.vastgelegd",
    }
    text = json.dumps(feed).lower()
    for value in (
        # Short values (house number, prefix, initials) could occur by chance in an id.
        *(str(v).lower() for k, v in personal.items() if k not in _SHORT),
        "123456782",
        "999999990",
        "oosterwijk",
        "dorpsstraat",
        "1185 xy",
    ):
        assert value not in text, value
    registered = events(intake, "intake.melding.geregistreerd")[0]
    assert registered["subjectKey"] == subject_key_of(
        Persoon(bsn="111222333", achternaam="x"), key=DEVELOPMENT_PSEUDONYM_KEY
    )
    assert registered["gemeentecode"] == "GM0362"
    assert registered["payload"]["doelgroepen"] == ["jongere"]
    assert registered["payload"]["crisissoort"] == "huisuitzetting"
    assert registered["payload"]["kanaal"] == "balie"


PARTNER = {"bsn": "123456782", "achternaam": "Pietersen", "geboortedatum": "1982-01-01"}
PARTNER_KEY = person_key(key=DEVELOPMENT_PSEUDONYM_KEY, bsn="123456782")


def actions_for(client, subject_key: str) -> list[str]:
    """The processing-log actions recorded for one person key, oldest first."""
    response = client.post(
        "/v1/verwerkingen/zoeken?pageSize=500", json={"subjectKey": subject_key}, headers=PRIVACY
    )
    assert response.status_code == 200
    return [r["action"] for r in response.json()["items"]]


def test_the_partners_data_written_and_read_with_the_melding_is_logged_for_them(
    intake, clock
) -> None:
    melding = register(intake, partner=PARTNER)
    intake.get(f"/v1/meldingen/{melding['id']}", headers=CONSULENT)
    gesprek = plan(intake, melding["id"], datum="2026-05-01")  # names the resident only
    intake.patch(
        f"/v1/aanmeldgesprekken/{gesprek['id']}", json={"status": "gehouden"}, headers=CONSULENT
    )
    aanvraag = intake.post(
        f"/v1/meldingen/{melding['id']}/uitkomst", json={"soort": "aanvraag"}, headers=CONSULENT
    )
    assert aanvraag.status_code == 201, aanvraag.text
    # The aanvraag hands the partner's data to trajectory.
    assert actions_for(intake, PARTNER_KEY) == [
        "melding-registreren",
        "melding-inzien",
        "uitkomst-vastleggen",
    ]
    assert actions_for(intake, KEY)[:2] == ["melding-registreren", "melding-inzien"]


def test_a_partner_without_bsn_is_logged_under_their_address_key(intake) -> None:
    partner = {
        "achternaam": "Pietersen",
        "geboortedatum": "1982-01-01",
        "postcode": "1181ZM",
        "huisnummer": 1,
    }
    melding = register(intake, partner=partner)
    intake.get(f"/v1/meldingen/{melding['id']}", headers=LOKET)
    key = person_key(key=DEVELOPMENT_PSEUDONYM_KEY, **partner)
    assert actions_for(intake, key) == ["melding-registreren", "melding-inzien"]


def test_a_partner_too_little_is_known_of_has_no_key_and_changes_nothing(intake) -> None:
    melding = register(intake, partner={"achternaam": "Bakker", "voorletters": "M."})
    assert intake.get(f"/v1/meldingen/{melding['id']}", headers=LOKET).status_code == 200
    assert [a for a, _, _ in log_actions(intake)] == ["melding-registreren", "melding-inzien"]


def test_a_partner_entered_with_the_residents_own_bsn_is_logged_once(intake) -> None:
    melding = register(intake, partner={"bsn": "111222333", "achternaam": "Jansen"})
    intake.get(f"/v1/meldingen/{melding['id']}", headers=LOKET)
    assert [a for a, _, _ in log_actions(intake)] == ["melding-registreren", "melding-inzien"]


def test_a_refused_registration_logs_nothing_for_the_partner(intake) -> None:
    body = melding_body(partner={**PARTNER, "bsn": "123456789"})  # fails the eleven test
    assert intake.post("/v1/meldingen", json=body, headers=LOKET).status_code == 400
    register(intake)
    duplicate = melding_body(partner=PARTNER)
    assert intake.post("/v1/meldingen", json=duplicate, headers=LOKET).status_code == 409
    assert actions_for(intake, PARTNER_KEY) == []


def test_a_bsn_search_that_finds_nothing_is_logged_under_the_searched_bsns_key(intake) -> None:
    response = intake.post("/v1/meldingen/zoeken", json={"bsn": "1234.56.782"}, headers=LOKET)
    assert (response.status_code, response.json()["total"]) == (200, 0)
    assert actions_for(intake, PARTNER_KEY) == ["melding-zoeken"]


def test_a_bsn_search_that_finds_the_resident_is_logged_once_under_their_key(intake) -> None:
    register(intake)
    found = intake.post("/v1/meldingen/zoeken", json={"bsn": "111222333"}, headers=CONSULENT)
    assert found.json()["total"] == 1
    # A page past the last shows nothing, but the BSN was still searched.
    past = intake.post("/v1/meldingen/zoeken?page=3", json={"bsn": "111222333"}, headers=CONSULENT)
    assert (past.status_code, past.json()["items"]) == (200, [])
    assert [a for a, _, _ in log_actions(intake)] == [
        "melding-registreren",
        "melding-zoeken",
        "melding-zoeken",
    ]


def test_a_refused_bsn_search_logs_nothing(intake) -> None:
    bad = intake.post("/v1/meldingen/zoeken", json={"bsn": "123456789"}, headers=LOKET)
    assert bad.status_code == 400
    forbidden = intake.post("/v1/meldingen/zoeken", json={"bsn": "123456782"}, headers=BI)
    assert forbidden.status_code == 403
    assert actions_for(intake, PARTNER_KEY) == []
