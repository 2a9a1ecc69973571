"""The first conversation: plan, move with a reason, held or no-show; deadlines judged."""

from __future__ import annotations

from datetime import date

from tests.intake.conftest import BI, CONSULENT, LOKET, events, plan, register


def afronden(client, gesprek_id: str, status: str):
    return client.patch(
        f"/v1/aanmeldgesprekken/{gesprek_id}", json={"status": status}, headers=CONSULENT
    )


def test_planning_answers_201_and_the_melding_shows_the_appointment(intake) -> None:
    melding = register(intake)
    response = intake.post(
        f"/v1/meldingen/{melding['id']}/aanmeldgesprekken",
        json={
            "datum": "2026-05-06",
            "tijd": "09:00",
            "consulent": "A. de Vries",
            "telefonisch": True,
        },
        headers=LOKET,
    )
    assert response.status_code == 201
    gesprek = response.json()
    assert response.headers["Location"] == f"/v1/aanmeldgesprekken/{gesprek['id']}"
    assert gesprek["status"] == "gepland"
    assert gesprek["geplandOp"] == "2026-05-01"
    read = intake.get(f"/v1/meldingen/{melding['id']}", headers=LOKET).json()
    assert (read["gesprekStatus"], read["gesprekDatum"], read["consulent"]) == (
        "gepland",
        "2026-05-06",
        "A. de Vries",
    )


def test_planning_within_two_working_days_is_reported_as_met(intake, clock) -> None:
    melding = register(intake)  # plan by Wed 6 May
    clock.set(date(2026, 5, 6))
    plan(intake, melding["id"])
    [termijn] = events(intake, "intake.termijn.beoordeeld")
    assert termijn["payload"] == {
        "meldingId": melding["id"],
        "termijn": "plannen",
        "uiterlijk": "2026-05-06",
        "op": "2026-05-06",
        "gehaald": True,
    }
    [gepland] = events(intake, "intake.aanmeldgesprek.gepland")
    assert gepland["payload"]["verplaatst"] is False


def test_a_second_planning_while_one_is_planned_is_a_409_with_a_link(intake) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"])
    response = intake.post(
        f"/v1/meldingen/{melding['id']}/aanmeldgesprekken",
        json={"datum": "2026-05-07", "tijd": "10:00", "consulent": "B", "telefonisch": True},
        headers=LOKET,
    )
    assert response.status_code == 409
    assert response.json()["links"] == {"aanmeldgesprek": f"/v1/aanmeldgesprekken/{gesprek['id']}"}


def test_conversation_before_the_melding_date_is_refused(intake) -> None:
    melding = register(intake)
    response = intake.post(
        f"/v1/meldingen/{melding['id']}/aanmeldgesprekken",
        json={"datum": "2026-04-30", "tijd": "10:00", "consulent": "B", "telefonisch": True},
        headers=LOKET,
    )
    assert response.status_code == 422


def test_bad_planning_lists_every_invalid_field(intake) -> None:
    melding = register(intake)
    response = intake.post(
        f"/v1/meldingen/{melding['id']}/aanmeldgesprekken",
        json={"datum": 20260506, "tijd": "9:30", "consulent": "", "telefonisch": "ja"},
        headers=LOKET,
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"datum", "tijd", "consulent", "telefonisch"}


def test_place_or_phone_is_required(intake) -> None:
    melding = register(intake)
    response = intake.post(
        f"/v1/meldingen/{melding['id']}/aanmeldgesprekken",
        json={"datum": "2026-05-06", "tijd": "10:00", "consulent": "B"},
        headers=LOKET,
    )
    assert response.status_code == 400


def test_moving_keeps_the_reason_on_the_old_appointment(intake) -> None:
    melding = register(intake)
    oud = plan(intake, melding["id"])
    response = intake.post(
        f"/v1/aanmeldgesprekken/{oud['id']}/verplaatsingen",
        json={"datum": "2026-05-07", "tijd": "14:00", "reden": "Inwoner is ziek."},
        headers=LOKET,
    )
    assert response.status_code == 201
    nieuw = response.json()
    assert (nieuw["datum"], nieuw["tijd"], nieuw["locatie"]) == ("2026-05-07", "14:00", "Raadhuis")
    assert nieuw["verplaatstVan"] == oud["id"]
    old = intake.get(f"/v1/aanmeldgesprekken/{oud['id']}", headers=LOKET).json()
    assert (old["status"], old["verplaatsreden"]) == ("verplaatst", "Inwoner is ziek.")
    assert intake.get(f"/v1/meldingen/{melding['id']}", headers=LOKET).json()["gesprekDatum"] == (
        "2026-05-07"
    )
    again = intake.post(
        f"/v1/aanmeldgesprekken/{oud['id']}/verplaatsingen",
        json={"datum": "2026-05-08", "tijd": "14:00", "reden": "Nogmaals."},
        headers=LOKET,
    )
    assert again.status_code == 409
    lijst = intake.get(f"/v1/meldingen/{melding['id']}/aanmeldgesprekken", headers=LOKET).json()
    assert [g["status"] for g in lijst["items"]] == ["verplaatst", "gepland"]
    assert [
        e["payload"]["verplaatst"] for e in events(intake, "intake.aanmeldgesprek.gepland")
    ] == [
        False,
        True,
    ]


def verplaats(client, gesprek_id: str, **body):
    return client.post(
        f"/v1/aanmeldgesprekken/{gesprek_id}/verplaatsingen",
        json={"datum": "2026-05-07", "tijd": "14:00", "reden": "Inwoner is ziek.", **body},
        headers=LOKET,
    )


def test_moving_a_phone_call_to_in_person_without_a_place_is_a_400(intake) -> None:
    melding = register(intake)
    oud = plan(intake, melding["id"], telefonisch=True, locatie=None)
    response = verplaats(intake, oud["id"], telefonisch=False)
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["locatie"]
    # Nothing was moved: the old appointment still stands.
    assert intake.get(f"/v1/aanmeldgesprekken/{oud['id']}", headers=LOKET).json()["status"] == (
        "gepland"
    )
    assert len(events(intake, "intake.aanmeldgesprek.gepland")) == 1


def test_moving_a_phone_call_to_in_person_with_a_place_is_allowed(intake) -> None:
    melding = register(intake)
    oud = plan(intake, melding["id"], telefonisch=True, locatie=None)
    response = verplaats(intake, oud["id"], telefonisch=False, locatie="Raadhuis")
    assert response.status_code == 201, response.text
    assert (response.json()["telefonisch"], response.json()["locatie"]) == (False, "Raadhuis")


def test_moving_to_a_phone_call_needs_no_place_and_drops_the_old_one(intake) -> None:
    melding = register(intake)
    oud = plan(intake, melding["id"])
    response = verplaats(intake, oud["id"], telefonisch=True)
    assert response.status_code == 201, response.text
    assert (response.json()["telefonisch"], response.json()["locatie"]) == (True, None)


def test_moving_with_null_telefonisch_keeps_phone_and_needs_no_place(intake) -> None:
    melding = register(intake)
    oud = plan(intake, melding["id"], telefonisch=True, locatie=None)
    response = verplaats(intake, oud["id"], telefonisch=None)
    assert response.status_code == 201, response.text
    assert (response.json()["telefonisch"], response.json()["locatie"]) == (True, None)


def test_moving_needs_a_reason(intake) -> None:
    melding = register(intake)
    oud = plan(intake, melding["id"])
    response = intake.post(
        f"/v1/aanmeldgesprekken/{oud['id']}/verplaatsingen",
        json={"datum": "2026-05-07", "tijd": "14:00"},
        headers=LOKET,
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["reden"]


def test_held_cannot_be_recorded_before_the_day(intake) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"])
    assert afronden(intake, gesprek["id"], "gehouden").status_code == 422


def test_held_after_the_norm_but_within_the_law_is_reported_so(intake, clock) -> None:
    melding = register(intake)  # norm Fri 8 May, law Fri 29 May
    gesprek = plan(intake, melding["id"], datum="2026-05-12")
    clock.set(date(2026, 5, 12))
    response = afronden(intake, gesprek["id"], "gehouden")
    assert response.status_code == 200
    assert response.json()["status"] == "gehouden"
    termijnen = {
        e["payload"]["termijn"]: e["payload"]["gehaald"]
        for e in events(intake, "intake.termijn.beoordeeld")
    }
    assert termijnen == {"plannen": True, "gesprek-norm": False, "gesprek-wettelijk": True}
    [gehouden] = events(intake, "intake.aanmeldgesprek.gehouden")
    assert gehouden["payload"]["gespreksdatum"] == "2026-05-12"
    assert afronden(intake, gesprek["id"], "niet-verschenen").status_code == 409


def test_no_show_puts_the_melding_back_on_the_planning_list(intake, clock) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"])
    clock.set(date(2026, 5, 6))
    assert afronden(intake, gesprek["id"], "niet-verschenen").status_code == 200
    page = intake.get("/v1/meldingen?werklijst=plannen", headers=LOKET).json()
    assert [i["id"] for i in page["items"]] == [melding["id"]]
    assert [i["gesprekStatus"] for i in page["items"]] == ["niet-verschenen"]
    plan(intake, melding["id"], datum="2026-05-07")
    assert len(events(intake, "intake.termijn.beoordeeld")) == 1  # planning judged once


def test_work_list_by_counsellor(intake) -> None:
    a = register(intake)
    b = register(intake, inwoner={"bsn": "123456782"})
    plan(intake, a["id"], consulent="A. de Vries")
    plan(intake, b["id"], consulent="P. Bakker")
    page = intake.get("/v1/meldingen", params={"consulent": "P. Bakker"}, headers=LOKET).json()
    assert [i["id"] for i in page["items"]] == [b["id"]]


def test_unknown_conversation_is_a_404_and_bi_has_no_access(intake) -> None:
    path = "/v1/aanmeldgesprekken/6f1c2d9e-0000-4000-8000-000000000000"
    assert intake.get(path, headers=LOKET).status_code == 404
    assert intake.get(path, headers=BI).status_code == 403
