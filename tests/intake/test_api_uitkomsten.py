"""The outcome of the first conversation: advice with referrals, MDO, aanvraag, no follow-up."""

from __future__ import annotations

from datetime import date

import pytest

from tests.intake.conftest import BI, CONSULENT, COORDINATOR, LOKET, events, plan, register


@pytest.fixture
def gehouden(intake, clock) -> dict:
    """A melding whose conversation was held on Wed 6 May 2026."""
    melding = register(intake, partner={"achternaam": "Bakker", "voorletters": "M."})
    gesprek = plan(intake, melding["id"])
    clock.set(date(2026, 5, 6))
    response = intake.patch(
        f"/v1/aanmeldgesprekken/{gesprek['id']}", json={"status": "gehouden"}, headers=CONSULENT
    )
    assert response.status_code == 200
    return melding


def uitkomst(client, melding_id: str, body: dict, headers=CONSULENT):
    return client.post(f"/v1/meldingen/{melding_id}/uitkomst", json=body, headers=headers)


def partner(client, naam: str, **extra) -> str:
    response = client.post("/v1/verwijspartners", json={"naam": naam, **extra}, headers=COORDINATOR)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_advice_with_referrals_closes_the_melding(intake, gehouden) -> None:
    maatje = partner(intake, "Schuldhulpmaatje")
    kerk = partner(intake, "Diaconie")
    response = uitkomst(
        intake,
        gehouden["id"],
        {"soort": "advies", "verwijspartnerIds": [maatje, kerk], "toelichting": "Budget."},
    )
    assert response.status_code == 201
    assert response.headers["Location"] == f"/v1/meldingen/{gehouden['id']}/uitkomst"
    body = response.json()
    assert (body["soort"], body["datum"]) == ("advies", "2026-05-06")
    assert [v["naam"] for v in body["verwijzingen"]] == ["Diaconie", "Schuldhulpmaatje"]
    melding = intake.get(f"/v1/meldingen/{gehouden['id']}", headers=LOKET).json()
    assert (melding["status"], melding["uitkomst"], melding["afgeslotenOp"]) == (
        "afgerond",
        "advies",
        "2026-05-06",
    )
    [event] = events(intake, "intake.uitkomst.vastgelegd")
    assert event["payload"]["verwijspartners"] == ["Diaconie", "Schuldhulpmaatje"]


def test_referral_to_an_inactive_partner_is_refused(intake, gehouden) -> None:
    oud = partner(intake, "Oud loket", actief=False)
    response = uitkomst(intake, gehouden["id"], {"soort": "advies", "verwijspartnerIds": [oud]})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "verwijspartnerIds"


def test_mdo_with_consent_records_date_who_teams_and_agreements(intake, gehouden) -> None:
    body = {
        "soort": "mdo",
        "grondslag": "toestemming",
        "toestemmingDatum": "2026-05-06",
        "toestemmingDoor": "A. de Vries",
        "teams": ["urgente woonzaken", "jeugdhulp"],
        "afspraken": "Woonzaken vraagt uitstel van de ontruiming.",
        "mdoDatum": "2026-05-12",
    }
    response = uitkomst(intake, gehouden["id"], body)
    assert response.status_code == 201
    mdo = response.json()["mdo"]
    assert mdo["grondslag"] == "toestemming"
    assert (mdo["toestemmingDatum"], mdo["toestemmingDoor"]) == ("2026-05-06", "A. de Vries")
    assert mdo["teams"] == ["urgente woonzaken", "jeugdhulp"]
    assert mdo["mdoDatum"] == "2026-05-12"
    [event] = events(intake, "intake.uitkomst.vastgelegd")
    assert event["payload"]["mdoGrondslag"] == "toestemming"
    assert event["payload"]["mdoTeams"] == ["urgente woonzaken", "jeugdhulp"]


def test_mdo_without_consent_needs_the_safety_reason(intake, gehouden) -> None:
    body = {"soort": "mdo", "grondslag": "veiligheid", "teams": ["sociaal team"]}
    refused = uitkomst(intake, gehouden["id"], body)
    assert refused.status_code == 400
    assert "veiligheidReden" in refused.json()["invalidParams"][0]["reason"]
    body["veiligheidReden"] = "Signalen van huiselijk geweld."
    response = uitkomst(intake, gehouden["id"], body)
    assert response.status_code == 201
    assert response.json()["mdo"]["veiligheidReden"] == "Signalen van huiselijk geweld."


def test_mdo_consent_needs_date_and_who_and_known_teams(intake, gehouden) -> None:
    body = {"soort": "mdo", "grondslag": "toestemming", "teams": ["de buren"]}
    response = uitkomst(intake, gehouden["id"], body)
    assert response.status_code == 400
    assert "mdo.teams.0" in {p["name"] for p in response.json()["invalidParams"]}


def test_outcome_needs_the_conversation_held(intake) -> None:
    melding = register(intake)
    response = uitkomst(intake, melding["id"], {"soort": "aanvraag"})
    assert response.status_code == 422


def test_withdrawal_before_any_conversation_closes_the_melding(intake, clock) -> None:
    melding = register(intake)  # norm Fri 8 May, law Fri 29 May
    clock.set(date(2026, 5, 11))
    response = uitkomst(
        intake, melding["id"], {"soort": "geen-vervolg", "reden": "Inwoner trekt zich terug."}
    )
    assert response.status_code == 201
    assert (response.json()["reden"], response.json()["datum"]) == (
        "Inwoner trekt zich terug.",
        "2026-05-11",
    )
    # Closed without planning or conversation: every deadline is judged missed, the legal one
    # still running included (it can no longer be met).
    missed = [e["payload"] for e in events(intake, "intake.termijn.beoordeeld")]
    assert missed == [
        {
            "meldingId": melding["id"],
            "termijn": termijn,
            "uiterlijk": uiterlijk,
            "op": None,
            "gehaald": False,
        }
        for termijn, uiterlijk in (
            ("plannen", "2026-05-06"),
            ("gesprek-norm", "2026-05-08"),
            ("gesprek-wettelijk", "2026-05-29"),
        )
    ]


def test_second_outcome_is_a_409_and_a_closed_melding_frees_the_resident(intake, gehouden) -> None:
    assert uitkomst(intake, gehouden["id"], {"soort": "advies"}).status_code == 201
    assert uitkomst(intake, gehouden["id"], {"soort": "advies"}).status_code == 409
    again = intake.post(
        "/v1/meldingen",
        json={
            "kanaal": "telefoon",
            "inwoner": {"bsn": "111222333", "achternaam": "Jansen"},
        },
        headers=LOKET,
    )
    assert again.status_code == 201


def test_only_counsellors_and_coordinators_record_outcomes(intake, gehouden) -> None:
    for headers in (LOKET, BI):
        assert uitkomst(intake, gehouden["id"], {"soort": "advies"}, headers).status_code == 403
    assert uitkomst(intake, gehouden["id"], {"soort": "advies"}, COORDINATOR).status_code == 201
    assert intake.get(f"/v1/meldingen/{gehouden['id']}/uitkomst", headers=LOKET).status_code == 200


def test_reading_an_outcome_not_yet_recorded_is_a_404(intake) -> None:
    melding = register(intake)
    assert intake.get(f"/v1/meldingen/{melding['id']}/uitkomst", headers=LOKET).status_code == 404


def test_unknown_outcome_kind_is_a_400(intake, gehouden) -> None:
    response = uitkomst(intake, gehouden["id"], {"soort": "schuldsanering"})
    assert response.status_code == 400
