"""The shared contracts intake serves: early-signal hand-over (idempotent) and known-resident."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from services.intake.service.registratie import subject_key_of
from shared.contracts.handoffs import Persoon
from shared.settings import DEVELOPMENT_PSEUDONYM_KEY
from tests.intake.conftest import CONSULENT, LOKET, SERVICE, events, plan, register

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


def test_joined_case_sent_again_with_a_new_key_answers_as_the_first_time(intake) -> None:
    desk = register(intake)
    body = overdracht(crisis=False, crisissoort=None)
    first = send(intake, body)
    again = send(intake, body)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json() == {"meldingId": desk["id"], "casusId": body["casusId"]}
    assert intake.get("/v1/meldingen", headers=LOKET).json()["total"] == 1


def test_joined_case_sent_again_without_a_key_answers_as_the_first_time(intake) -> None:
    desk = register(intake)
    body = overdracht()
    assert send(intake, body).status_code == 200
    again = intake.post("/v1/vroegsignaal-overdrachten", json=body, headers=SERVICE)
    assert again.status_code == 200, again.text
    assert again.json()["meldingId"] == desk["id"]


def test_case_sent_again_after_its_melding_was_closed_points_to_that_melding(intake) -> None:
    desk = register(intake)
    body = overdracht(crisis=False, crisissoort=None)
    assert send(intake, body).status_code == 200
    closed = intake.post(
        f"/v1/meldingen/{desk['id']}/uitkomst",
        json={"soort": "geen-vervolg", "reden": "Ingetrokken."},
        headers=CONSULENT,
    )
    assert closed.status_code == 201, closed.text
    again = send(intake, body)
    assert again.status_code == 200, again.text
    assert again.json()["meldingId"] == desk["id"]
    # The case was taken up once: no new melding for it.
    assert intake.get("/v1/meldingen?status=open", headers=LOKET).json()["total"] == 0


def test_made_case_sent_again_after_its_melding_was_closed_makes_no_second(intake) -> None:
    body = overdracht(crisis=False, crisissoort=None)
    first = send(intake, body).json()
    intake.post(
        f"/v1/meldingen/{first['meldingId']}/uitkomst",
        json={"soort": "geen-vervolg", "reden": "Ingetrokken."},
        headers=CONSULENT,
    )
    again = send(intake, body)
    assert again.status_code == 200
    assert again.json()["meldingId"] == first["meldingId"]
    assert intake.get("/v1/meldingen", headers=LOKET).json()["total"] == 1


def test_hand_over_for_another_municipality_is_a_400_on_gemeentecode(intake) -> None:
    response = send(intake, overdracht(gemeentecode="GM0363"))
    assert response.status_code == 400
    [param] = response.json()["invalidParams"]
    assert param["name"] == "gemeentecode"
    assert "GM0362" in param["reason"]
    assert intake.get("/v1/meldingen", headers=LOKET).json()["total"] == 0


def test_hand_over_for_another_municipality_is_refused_when_joining_too(intake) -> None:
    register(intake)
    response = send(intake, overdracht(gemeentecode="GM0363"))
    assert response.status_code == 400
    assert intake.get("/v1/meldingen", headers=LOKET).json()["total"] == 1


def test_malformed_gemeentecode_is_a_400_on_the_field(intake) -> None:
    response = send(intake, overdracht(gemeentecode="Amstelveen"))
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["gemeentecode"]


def test_crisis_hand_over_joined_to_a_normal_melding_makes_it_a_crisis(intake, clock) -> None:
    clock.set(date(2026, 4, 30))
    desk = register(intake)  # normal: plan by Mon 4 May, norm Thu 7 May, law Thu 28 May
    clock.set(date(2026, 5, 1))
    response = send(intake, overdracht(overdrachtsdatum="2026-05-01"))
    assert response.status_code == 200
    melding = intake.get(f"/v1/meldingen/{desk['id']}", headers=CONSULENT).json()
    assert melding["crisis"] == {"soort": "huisuitzetting", "datum": "2026-05-01"}
    # Fri 1 May: the same day, and 3 working days by law (Mon 4, Wed 6, Thu 7; 5 May off).
    assert melding["termijnen"]["plannenUiterlijk"] == "2026-05-01"
    assert melding["termijnen"]["gesprekNormUiterlijk"] == "2026-05-01"
    assert melding["termijnen"]["gesprekWettelijkUiterlijk"] == "2026-05-07"
    today = intake.get("/v1/meldingen?werklijst=crisis-vandaag", headers=LOKET).json()
    assert [i["id"] for i in today["items"]] == [desk["id"]]
    historie = intake.get(
        f"/v1/meldingen/{desk['id']}/statuswijzigingen", headers=CONSULENT
    ).json()["items"]
    assert [(h["van"], h["naar"]) for h in historie] == [(None, "open"), ("open", "open")]
    assert "Crisis (huisuitzetting)" in historie[-1]["reden"]


def test_local_crisis_joined_keeps_the_earlier_legal_deadline_of_the_melding(intake) -> None:
    desk = register(intake)  # Fri 1 May: law Fri 29 May
    send(intake, overdracht(crisissoort="beslag-loon", overdrachtsdatum="2026-05-01"))
    melding = intake.get(f"/v1/meldingen/{desk['id']}", headers=CONSULENT).json()
    assert melding["crisis"] == {"soort": "beslag-loon", "datum": "2026-05-01"}
    assert melding["termijnen"]["gesprekNormUiterlijk"] == "2026-05-01"
    assert melding["termijnen"]["gesprekWettelijkUiterlijk"] == "2026-05-29"


def test_crisis_joined_after_planning_keeps_the_judged_planning_deadline(intake, clock) -> None:
    desk = register(intake)  # plan by Wed 6 May
    plan(intake, desk["id"], datum="2026-05-12")
    clock.set(date(2026, 5, 11))
    send(intake, overdracht(overdrachtsdatum="2026-05-11"))
    melding = intake.get(f"/v1/meldingen/{desk['id']}", headers=CONSULENT).json()
    assert melding["termijnen"]["plannenUiterlijk"] == "2026-05-06"
    assert melding["termijnen"]["plannenGehaald"] is True
    # Deadlines are only brought forward: the week-long norm (Fri 8 May) had passed already.
    assert melding["termijnen"]["gesprekNormUiterlijk"] == "2026-05-08"
    # Mon 11 May + 3 working days: Tue 12, Wed 13, (Ascension 14, equated Friday 15), Mon 18.
    assert melding["termijnen"]["gesprekWettelijkUiterlijk"] == "2026-05-18"
    assert len(events(intake, "intake.termijn.beoordeeld")) == 1


def test_normal_hand_over_joined_leaves_the_melding_as_it_was(intake) -> None:
    desk = register(intake)
    send(intake, overdracht(crisis=False, crisissoort=None))
    melding = intake.get(f"/v1/meldingen/{desk['id']}", headers=CONSULENT).json()
    assert melding["crisis"] is None
    assert melding["termijnen"] == desk["termijnen"]


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
