"""Privacy: every read and write of a resident's data is logged; events carry no personal data."""

from __future__ import annotations

import json
import uuid
from datetime import date

from services.intake.service.registratie import subject_key_of
from shared import testing
from shared.contracts.handoffs import Persoon
from shared.settings import DEVELOPMENT_PSEUDONYM_KEY
from tests.intake.conftest import CONSULENT, LOKET, SERVICE, events, plan, register

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
