"""A melding's status history: who changed it, when, from what, to what and why."""

from __future__ import annotations

import uuid
from datetime import date

from shared import testing
from tests.intake.conftest import BI, CONSULENT, LOKET, register
from tests.intake.test_privacy import log_actions

BALIE = testing.auth_header("loket", subject="balie-medewerker-7")
CONSULENT_K = testing.auth_header("consulent", subject="consulent-k")


def historie(client, melding_id: str, **query) -> dict:
    response = client.get(
        f"/v1/meldingen/{melding_id}/statuswijzigingen", params=query, headers=CONSULENT
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_registration_and_closing_are_in_the_history(intake, clock) -> None:
    response = intake.post(
        "/v1/meldingen",
        json={
            "kanaal": "telefoon",
            "inwoner": {"bsn": "111222333", "achternaam": "Jansen"},
        },
        headers=BALIE,
    )
    melding_id = response.json()["id"]
    clock.set(date(2026, 5, 11))
    closed = intake.post(
        f"/v1/meldingen/{melding_id}/uitkomst",
        json={"soort": "geen-vervolg", "reden": "Inwoner trekt de melding in."},
        headers=CONSULENT_K,
    )
    assert closed.status_code == 201, closed.text

    page = historie(intake, melding_id)
    assert page["total"] == 2
    first, second = page["items"]
    assert (first["van"], first["naar"], first["reden"], first["door"]) == (
        None,
        "open",
        None,
        "balie-medewerker-7",
    )
    assert (second["van"], second["naar"], second["reden"], second["door"]) == (
        "open",
        "afgerond",
        "uitkomst: geen-vervolg",
        "consulent-k",
    )
    assert first["gewijzigdAt"] <= second["gewijzigdAt"]
    assert first["gewijzigdAt"].endswith("Z")


def test_history_is_paged(intake, clock) -> None:
    melding = register(intake)
    clock.set(date(2026, 5, 11))
    intake.post(
        f"/v1/meldingen/{melding['id']}/uitkomst",
        json={"soort": "geen-vervolg", "reden": "Ingetrokken."},
        headers=CONSULENT,
    )
    page = historie(intake, melding["id"], pageSize=1, page=2)
    assert (page["total"], page["page"], [i["naar"] for i in page["items"]]) == (
        2,
        2,
        ["afgerond"],
    )


def test_reading_the_history_is_logged(intake) -> None:
    melding = register(intake)
    historie(intake, melding["id"])
    assert ("statushistorie-inzien", "intake-melding", "consulent") in log_actions(intake)


def test_unknown_melding_is_a_404_bad_id_a_400_and_bi_has_no_access(intake) -> None:
    unknown = intake.get(f"/v1/meldingen/{uuid.uuid4()}/statuswijzigingen", headers=LOKET)
    assert unknown.status_code == 404
    bad = intake.get("/v1/meldingen/abc/statuswijzigingen", headers=LOKET)
    assert bad.status_code == 400
    melding = register(intake)
    forbidden = intake.get(f"/v1/meldingen/{melding['id']}/statuswijzigingen", headers=BI)
    assert forbidden.status_code == 403
