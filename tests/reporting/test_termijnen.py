"""Shares of deadlines met follow the sources' own judgments where they report them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from shared.contracts import intake_events as ie
from shared.contracts import trajectory_events as te
from shared.testing import auth_header
from tests.reporting.feed import SUBJECT_A, SUBJECT_B, Feeds


def _doc(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)


def _melding(feeds: Feeds, melding: uuid.UUID, *, crisis: bool, subject: str) -> None:
    d = date(2026, 3, 2)
    feeds.intake.add(
        ie.MELDING_GEREGISTREERD,
        "2026-03-02",
        _doc(
            ie.MeldingGeregistreerd(
                melding_id=melding, kanaal="balie", meldingdatum=d, crisis=crisis,
                crisissoort=None, doelgroepen=[], recidive="nee", plannen_uiterlijk=d,
                gesprek_norm_uiterlijk=d, gesprek_wettelijk_uiterlijk=d,
            )
        ),
        subject_key=subject,
    )  # fmt: skip


def _intake_oordeel(feeds: Feeds, melding: uuid.UUID, termijn: str, gehaald: bool) -> None:
    op = date(2026, 3, 5) if gehaald else None
    payload = ie.TermijnBeoordeeld(
        melding_id=melding, termijn=termijn, uiterlijk=date(2026, 3, 4), op=op, gehaald=gehaald
    )
    feeds.intake.add(ie.TERMIJN_BEOORDEELD, "2026-03-06", _doc(payload))


def _traject_oordeel(feeds: Feeds, termijn: str, gehaald: bool) -> None:
    payload = te.TermijnUitkomst(
        traject_id=uuid.uuid4(),
        termijn=termijn,
        termijn_datum=date(2026, 4, 1),
        datum=date(2026, 4, 3),
        gehaald=gehaald,
    )
    feeds.trajectory.add(te.TERMIJN, "2026-04-03", _doc(payload))


def _indicatoren(reporting: TestClient) -> dict[str, dict]:
    for bron in ("intake", "trajectory"):
        reporting.post(f"/v1/bronnen/{bron}/inhaalacties", headers=auth_header("admin"))
    body = reporting.get("/v1/indicatoren?jaar=2026&pageSize=500", headers=auth_header("bi"))
    return {item["code"]: item for item in body.json()["items"]}


def test_intake_deadline_judgments_are_the_figures(reporting: TestClient, feeds: Feeds):
    crisis, gewoon = uuid.uuid4(), uuid.uuid4()
    _melding(feeds, crisis, crisis=True, subject=SUBJECT_A)
    _melding(feeds, gewoon, crisis=False, subject=SUBJECT_B)
    _intake_oordeel(feeds, crisis, "gesprek-wettelijk", gehaald=False)
    _intake_oordeel(feeds, gewoon, "gesprek-wettelijk", gehaald=True)
    _intake_oordeel(feeds, crisis, "gesprek-norm", gehaald=False)
    _intake_oordeel(feeds, gewoon, "gesprek-norm", gehaald=True)
    _intake_oordeel(feeds, gewoon, "plannen", gehaald=True)

    items = _indicatoren(reporting)

    def share(code: str) -> tuple[Any, Any, Any]:
        return items[code]["waarde"], items[code]["teller"], items[code]["noemer"]

    assert share("eerste-gesprek-binnen-norm") == (50.0, 1, 2)
    assert share("eerste-gesprek-binnen-wettelijke-termijn") == (50.0, 1, 2)
    # Only the crisis melding's legal deadline counts for the crisis indicator: missed.
    assert share("crisis-binnen-3-werkdagen") == (0.0, 0, 1)


def test_trajectory_deadline_judgments_are_the_figures(reporting: TestClient, feeds: Feeds):
    _traject_oordeel(feeds, "beslistermijn", gehaald=True)
    _traject_oordeel(feeds, "beslistermijn", gehaald=False)
    _traject_oordeel(feeds, "beslistermijn", gehaald=True)
    _traject_oordeel(feeds, "stabilisatie-benchmark", gehaald=False)
    _traject_oordeel(feeds, "schuldregeling-nvvk", gehaald=True)

    items = _indicatoren(reporting)

    assert items["beschikking-binnen-termijn"]["waarde"] == 66.7
    # Ceilings count the missed ones: the stabilisation took longer than the benchmark.
    assert items["stabilisatie-langer-dan-4-maanden"]["waarde"] == 100.0
    assert items["schuldregeling-langer-dan-120-dagen"]["waarde"] == 0.0
