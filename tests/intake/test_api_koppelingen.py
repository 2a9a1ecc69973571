"""The shared contracts intake serves: early-signal hand-over (idempotent) and known-resident."""

from __future__ import annotations

import uuid
from typing import Any

from services.intake.service.registratie import subject_key_of
from shared.contracts.handoffs import Persoon
from shared.settings import DEVELOPMENT_PSEUDONYM_KEY
from tests.intake.conftest import CONSULENT, LOKET, SERVICE, register

KEY_OF_JANSEN = subject_key_of(
    Persoon(bsn="111222333", achternaam="Jansen"), key=DEVELOPMENT_PSEUDONYM_KEY
)


def overdracht(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "casusId": str(uuid.uuid4()),
        "gemeentecode": "GM0362",
        "inwoner": {"bsn": "111222333", "achternaam": "Jansen", "geboortedatum": "1980-04-12"},
        "subjectKey": KEY_OF_JANSEN,
        "signaalpartners": ["Huur", "Energie"],
        "totaalAchterstand": "1250.00",
        "crisis": True,
        "crisissoort": "huisuitzetting",
        "warmeOverdracht": True,
        "overdrachtsdatum": "2026-04-30",
    }
    body.update(overrides)
    return body


def send(client, body: dict[str, Any], key: str | None = None):
    headers = {**SERVICE, "Idempotency-Key": key or str(uuid.uuid4())}
    return client.post("/v1/vroegsignaal-overdrachten", json=body, headers=headers)


def test_hand_over_makes_a_vroegsignaal_melding_with_crisis_deadlines(intake) -> None:
    response = send(intake, overdracht())
    assert response.status_code == 201
    answer = response.json()
    assert response.headers["Location"] == f"/v1/meldingen/{answer['meldingId']}"
    melding = intake.get(response.headers["Location"], headers=CONSULENT).json()
    assert melding["kanaal"] == "vroegsignaal"
    assert melding["casusId"] == answer["casusId"]
    assert melding["crisis"] == {"soort": "huisuitzetting", "datum": "2026-04-30"}
    # Thu 30 April 2026 + 3 working days: Fri 1, Mon 4, (Tue 5 May off), Wed 6 May.
    assert melding["termijnen"]["gesprekWettelijkUiterlijk"] == "2026-05-06"


def test_repeat_with_the_same_key_replays_and_makes_no_second_melding(intake) -> None:
    body, key = overdracht(), str(uuid.uuid4())
    first = send(intake, body, key)
    again = send(intake, body, key)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert intake.get("/v1/meldingen", headers=LOKET).json()["total"] == 1


def test_same_case_with_a_new_key_is_joined_not_duplicated(intake) -> None:
    body = overdracht()
    first = send(intake, body).json()
    again = send(intake, body)
    assert again.status_code == 200
    assert again.json()["meldingId"] == first["meldingId"]


def test_resident_with_an_open_melding_is_joined_to_it(intake) -> None:
    desk = register(intake)
    response = send(intake, overdracht())
    assert response.status_code == 200
    assert response.json()["meldingId"] == desk["id"]


def test_hand_over_with_an_unknown_crisis_kind_keeps_the_crisis(intake) -> None:
    response = send(intake, overdracht(crisissoort="iets anders"))
    melding = intake.get(response.headers["Location"], headers=CONSULENT).json()
    assert melding["crisis"] == {"soort": None, "datum": "2026-04-30"}


def test_hand_over_is_for_the_service_role_only(intake) -> None:
    assert send(intake, overdracht()).status_code == 201
    headers = {**LOKET, "Idempotency-Key": str(uuid.uuid4())}
    response = intake.post("/v1/vroegsignaal-overdrachten", json=overdracht(), headers=headers)
    assert response.status_code == 403


def test_invalid_hand_over_is_a_400_listing_every_field(intake) -> None:
    response = send(intake, overdracht(subjectKey="abc", signaalpartners=[], totaalAchterstand=1.5))
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"subjectKey", "signaalpartners", "totaalAchterstand"}


def test_bekendheid_tells_of_an_open_melding_without_personal_data(intake) -> None:
    vraag = {"subjectKey": KEY_OF_JANSEN}
    unknown = intake.post("/v1/bekendheid", json=vraag, headers=SERVICE).json()
    assert unknown == {
        "bekend": False,
        "lopend": False,
        "referentie": None,
        "laatstAfgeslotenOp": None,
    }
    desk = register(intake)
    known = intake.post("/v1/bekendheid", json=vraag, headers=SERVICE)
    assert known.status_code == 200
    assert known.json() == {
        "bekend": True,
        "lopend": True,
        "referentie": desk["id"],
        "laatstAfgeslotenOp": None,
    }


def test_bekendheid_is_for_the_service_role_only(intake) -> None:
    vraag = {"subjectKey": KEY_OF_JANSEN}
    assert intake.post("/v1/bekendheid", json=vraag, headers=LOKET).status_code == 403
