"""Over real HTTP: the desk's aanvraag opens one trajectory in the real trajectory service,
although trajectory was down when the outcome was recorded."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx
import pytest

from deploy.local import peer_environment, start_service, stop_services, wait_until_ready
from services.intake.service.registratie import subject_key_of
from shared import testing
from shared.contracts.handoffs import Persoon
from shared.contracts.trajectory_events import TRAJECT_GEOPEND
from shared.settings import DEVELOPMENT_PSEUDONYM_KEY
from tests.e2e.harness import running_system

pytestmark = pytest.mark.e2e

LOKET = testing.auth_header("loket")
CONSULENT = testing.auth_header("consulent")
SERVICE = testing.auth_header("service")
BSN = "111222333"


def eventually(check: Callable[[], bool], *, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def test_aanvraag_opens_one_trajectory_after_trajectory_comes_back(tmp_path: Path) -> None:
    with running_system(tmp_path) as system, httpx.Client(timeout=10) as client:
        trajectory = system.services["trajectory"]
        stop_services([trajectory])
        restarted = None
        try:
            intake = system.url("intake")
            today = date.today().isoformat()
            melding = client.post(
                f"{intake}/v1/meldingen",
                json={"kanaal": "balie", "inwoner": {"bsn": BSN, "achternaam": "Jansen"}},
                headers=LOKET,
            )
            assert melding.status_code == 201, melding.text
            assert melding.json()["recidive"]["status"] == "onbekend"
            melding_id = melding.json()["id"]
            gesprek = client.post(
                f"{intake}/v1/meldingen/{melding_id}/aanmeldgesprekken",
                json={"datum": today, "tijd": "09:00", "consulent": "A", "telefonisch": True},
                headers=LOKET,
            ).json()
            held = client.patch(
                f"{intake}/v1/aanmeldgesprekken/{gesprek['id']}",
                json={"status": "gehouden"},
                headers=CONSULENT,
            )
            assert held.status_code == 200, held.text
            outcome = client.post(
                f"{intake}/v1/meldingen/{melding_id}/uitkomst",
                json={"soort": "aanvraag"},
                headers=CONSULENT,
            )
            assert outcome.status_code == 201, outcome.text
            time.sleep(1.0)  # the relay tries, and fails, while trajectory is down

            ports = {name: s.port for name, s in system.services.items()}
            env = {
                **peer_environment(ports),
                "ENVIRONMENT": "test",
                "TRAJECTORY_DATABASE_URL": system.database_urls["trajectory"],
                "TRAJECTORY_PORT": str(trajectory.port),
            }
            restarted = start_service("trajectory", trajectory.port, env)
            wait_until_ready([restarted])

            key = subject_key_of(Persoon(bsn=BSN, achternaam="x"), key=DEVELOPMENT_PSEUDONYM_KEY)
            bekendheid = f"{system.url('trajectory')}/v1/bekendheid"

            def lopend() -> bool:
                answer = client.post(bekendheid, json={"subjectKey": key}, headers=SERVICE)
                return answer.status_code == 200 and answer.json()["lopend"]

            assert eventually(lopend)
            time.sleep(1.0)  # room for a (wrong) second delivery to show up
            feed = client.get(
                f"{system.url('trajectory')}/v1/events?limit=1000", headers=SERVICE
            ).json()["items"]
            geopend = [e for e in feed if e["type"] == TRAJECT_GEOPEND]
            assert [e["subjectKey"] for e in geopend] == [key]
        finally:
            if restarted is not None:
                stop_services([restarted])
