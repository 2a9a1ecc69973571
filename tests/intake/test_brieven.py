"""Letters in plain Dutch from replaceable templates."""

from __future__ import annotations

from datetime import date

import pytest

from services.intake.brieven import lange_datum
from tests.intake.conftest import CONSULENT, LOKET, plan, register


def test_long_date_is_written_in_dutch() -> None:
    assert lange_datum(date(2026, 5, 5)) == "dinsdag 5 mei 2026"


def test_invitation_names_the_day_time_place_and_counsellor(intake) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"])
    response = intake.get(
        f"/v1/aanmeldgesprekken/{gesprek['id']}/brieven/uitnodiging", headers=LOKET
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["soort"], body["gesprekId"]) == ("uitnodiging", gesprek["id"])
    tekst = body["tekst"]
    assert "Beste J. Jansen," in tekst
    assert "woensdag 6 mei 2026, om 10:30 uur." in tekst
    assert "Raadhuis" in tekst
    assert "A. de Vries" in tekst
    assert "Stadsplein 1" in tekst
    assert "Gemeente Amstelveen" in tekst


def test_confirmation_of_a_phone_appointment_says_we_call(intake) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"], telefonisch=True, locatie=None)
    tekst = intake.get(
        f"/v1/aanmeldgesprekken/{gesprek['id']}/brieven/bevestiging", headers=LOKET
    ).json()["tekst"]
    assert "Wij bellen u op." in tekst
    assert "Waar?" not in tekst


def test_unknown_letter_kind_is_a_400(intake) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"])
    response = intake.get(f"/v1/aanmeldgesprekken/{gesprek['id']}/brieven/aanmaning", headers=LOKET)
    assert response.status_code == 400


def test_municipality_template_replaces_the_built_in_one(client_for, clock, tmp_path) -> None:
    (tmp_path / "uitnodiging.txt.j2").write_text(
        "Gemeente {{ gemeente }}: {{ naam }} op {{ datum | lange_datum }} om {{ tijd }}.\n"
    )
    client = client_for("intake", templates_dir=tmp_path, trajectory_url="http://127.0.0.1:1")
    melding = register(client)
    gesprek = plan(client, melding["id"])
    base = f"/v1/aanmeldgesprekken/{gesprek['id']}/brieven"
    uitnodiging = client.get(f"{base}/uitnodiging", headers=LOKET).json()["tekst"]
    assert uitnodiging == "Gemeente Amstelveen: J. Jansen op woensdag 6 mei 2026 om 10:30.\n"
    # Not replaced: the built-in confirmation is used.
    assert (
        "bevestiging van uw afspraak"
        in client.get(f"{base}/bevestiging", headers=LOKET).json()["tekst"]
    )


def brief(client, gesprek_id: str, soort: str = "uitnodiging"):
    return client.get(f"/v1/aanmeldgesprekken/{gesprek_id}/brieven/{soort}", headers=LOKET)


@pytest.mark.parametrize("soort", ["uitnodiging", "bevestiging"])
def test_no_letter_for_a_moved_appointment_but_for_its_successor(intake, soort) -> None:
    melding = register(intake)
    oud = plan(intake, melding["id"])
    nieuw = intake.post(
        f"/v1/aanmeldgesprekken/{oud['id']}/verplaatsingen",
        json={"datum": "2026-05-07", "tijd": "14:00", "reden": "Inwoner is ziek."},
        headers=LOKET,
    ).json()
    response = brief(intake, oud["id"], soort)
    assert response.status_code == 409
    assert "verplaatst" in response.json()["detail"]
    assert "donderdag 7 mei 2026" in brief(intake, nieuw["id"], soort).json()["tekst"]


def test_no_letter_for_a_held_appointment(intake, clock) -> None:
    melding = register(intake)
    gesprek = plan(intake, melding["id"])
    clock.set(date(2026, 5, 6))
    held = intake.patch(
        f"/v1/aanmeldgesprekken/{gesprek['id']}", json={"status": "gehouden"}, headers=CONSULENT
    )
    assert held.status_code == 200
    assert brief(intake, gesprek["id"]).status_code == 409


def test_letter_for_an_unknown_appointment_is_a_404(intake) -> None:
    assert brief(intake, "6f1c2d9e-0000-4000-8000-000000000000").status_code == 404
