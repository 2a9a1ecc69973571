"""Over real HTTP: a crisis melding on a Friday before a public holiday gets the right deadlines."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.harness import running_system
from tests.e2e.journeys import LOKET, ok

pytestmark = pytest.mark.e2e


def test_crisis_melding_on_the_friday_before_kings_day(tmp_path: Path) -> None:
    """Friday 24 April 2026; Monday 27 April is King's Day. The first conversation is due the
    same day (municipal norm) and within 3 working days by law: Tue 28, Wed 29, Thu 30 April."""
    with running_system(tmp_path) as system, httpx.Client(timeout=30) as client:
        body = {
            "kanaal": "balie",
            "meldingdatum": "2026-04-24",
            "inwoner": {"bsn": "111222333", "achternaam": "Jansen"},
            "crisis": {"soort": "huisuitzetting", "datum": "2026-05-08"},
        }
        melding = ok(
            client.post(f"{system.url('intake')}/v1/meldingen", json=body, headers=LOKET), 201
        )
        assert melding["crisis"] is not None
        termijnen = melding["termijnen"]
        assert termijnen["gesprekNormUiterlijk"] == "2026-04-24"
        assert termijnen["gesprekWettelijkUiterlijk"] == "2026-04-30"
        read = ok(client.get(f"{system.url('intake')}/v1/meldingen/{melding['id']}", headers=LOKET))
        assert read["termijnen"] == termijnen
