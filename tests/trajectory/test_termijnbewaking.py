"""The deadline watch: each deadline passed while its step is open is reported once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.trajectory.termijnbewaking import meld_verstreken
from shared import testing
from tests.trajectory.conftest import CONSULENT, VANDAAG, open_traject, stap, tot_stabilisatie
from tests.trajectory.helpers_geld import tot_aanbod

BI = testing.auth_header("bi")
PRIVACY = testing.auth_header("privacy")


def _watch(client: TestClient, peildatum: date = VANDAAG) -> int:
    app: FastAPI = client.app  # type: ignore[assignment]
    return meld_verstreken(app.state.connect, policy=app.state.policy, peildatum=peildatum)


def _verstreken(client: TestClient) -> list[dict[str, Any]]:
    events = client.get("/v1/events?limit=1000", headers=BI).json()["items"]
    return [e for e in events if e["type"] == "traject.termijn-verstreken"]


def _termijnen(client: TestClient, traject_id: str) -> dict[str, str]:
    termijnen: dict[str, str] = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()[
        "termijnen"
    ]
    return termijnen


def test_an_undecided_aanvraag_is_reported_the_day_after_the_decision_term(
    client: TestClient,
) -> None:
    traject_id = open_traject(client)
    termijn = date.fromisoformat(_termijnen(client, traject_id)["beslistermijn"])
    assert _watch(client, termijn) == 0  # the deadline day itself is still in time
    assert _watch(client, termijn + timedelta(days=1)) == 1
    [event] = _verstreken(client)
    assert event["subjectKey"] == "a" * 64
    assert event["payload"] == {
        "trajectId": traject_id,
        "termijn": "beslistermijn",
        "termijnDatum": termijn.isoformat(),
        "vastgesteldOp": (termijn + timedelta(days=1)).isoformat(),
    }


def test_a_second_run_reports_nothing_again(client: TestClient) -> None:
    open_traject(client)
    assert _watch(client) == 1
    assert _watch(client) == 0
    assert _watch(client, VANDAAG + timedelta(days=30)) == 0
    assert len(_verstreken(client)) == 1


def test_a_stalled_stabilisation_passes_the_benchmark_then_the_maximum(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_stabilisatie(client, traject_id)  # started 2026-02-15, decided in time
    termijnen = _termijnen(client, traject_id)
    benchmark = date.fromisoformat(termijnen["stabilisatieBenchmark"])
    maximum = date.fromisoformat(termijnen["stabilisatieMaximum"])
    assert _watch(client, benchmark + timedelta(days=1)) == 1
    assert _watch(client, maximum + timedelta(days=1)) == 1
    assert [
        (e["payload"]["termijn"], e["payload"]["termijnDatum"]) for e in _verstreken(client)
    ] == [
        ("stabilisatie-benchmark", benchmark.isoformat()),
        ("stabilisatie-maximum", maximum.isoformat()),
    ]


def test_an_offer_without_agreement_after_120_days_is_reported(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)  # submitted 2026-05-04, left stabilisation in time
    nvvk = date.fromisoformat(_termijnen(client, traject_id)["schuldregelingNvvk"])
    assert nvvk == date(2026, 9, 1)
    assert _watch(client, nvvk) == 0
    assert _watch(client, nvvk + timedelta(days=1)) == 1
    assert [e["payload"]["termijn"] for e in _verstreken(client)] == ["schuldregeling-nvvk"]


def test_an_agreed_settlement_is_not_reported(client: TestClient) -> None:
    traject_id = open_traject(client)
    for schuld_id in tot_aanbod(client, traject_id):
        stap(
            client,
            traject_id,
            f"schulden/{schuld_id}/reacties",
            {"reactie": "akkoord", "datum": "2026-06-01"},
        )
    assert _watch(client) == 0


def test_aftercare_past_its_end_is_reported(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_aanbod(client, traject_id)
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "stabilisatie", "reden": "Regeling ingetrokken.", "datum": "2026-05-10"},
    )
    stap(
        client,
        traject_id,
        "oplossingen",
        {"soort": "Betalingsregeling", "startdatum": "2026-05-11", "reden": "Alles in termijnen."},
    )
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "nazorg", "reden": "Nazorg.", "datum": "2026-05-12"},
    )
    einde = date.fromisoformat(_termijnen(client, traject_id)["nazorgEinde"])
    assert einde < VANDAAG
    assert _watch(client) == 1
    [event] = _verstreken(client)
    assert event["payload"]["termijn"] == "nazorg-maximum"
    assert event["payload"]["termijnDatum"] == einde.isoformat()


def test_a_closed_trajectory_is_not_watched(client: TestClient) -> None:
    traject_id = open_traject(client)
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {
            "naar": "uitstroom",
            "reden": "Zelf opgelost.",
            "uitstroomreden": "Zelf",
            "datum": "2026-01-10",
        },
    )
    assert _watch(client) == 0


def test_the_watch_is_in_the_processing_log(client: TestClient) -> None:
    open_traject(client)
    _watch(client)
    response = client.post(
        "/v1/verwerkingen/zoeken", json={"subjectKey": "a" * 64}, headers=PRIVACY
    )
    assert response.status_code == 200, response.text
    acties = [r for r in response.json()["items"] if r["action"] == "termijn-bewaken"]
    assert len(acties) == 1
    assert acties[0]["actor"] == "system:trajectory-termijnbewaking"


def test_concurrent_watches_report_each_deadline_once(client: TestClient) -> None:
    keys = [f"{i:064x}" for i in range(1, 13)]
    for key in keys:
        open_traject(client, subject_key=key)
    start = threading.Barrier(3)
    totals: list[int] = []

    def run() -> None:
        start.wait()
        totals.append(_watch(client))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(totals) == len(keys)
    assert sorted(e["subjectKey"] for e in _verstreken(client)) == keys


def test_the_background_job_reports_without_a_request(
    client_for: Callable[..., TestClient],
) -> None:
    client = client_for("trajectory")
    open_traject(client)
    watched = client_for(
        "trajectory", run_background_jobs=True, termijnbewaking_interval_seconds=0.05
    )
    deadline = time.monotonic() + 10
    while not _verstreken(watched) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # a few more rounds: still one event
    assert [e["payload"]["termijn"] for e in _verstreken(watched)] == ["beslistermijn"]


def test_without_background_jobs_the_watch_does_not_run(client: TestClient) -> None:
    open_traject(client)
    time.sleep(0.2)
    assert _verstreken(client) == []
