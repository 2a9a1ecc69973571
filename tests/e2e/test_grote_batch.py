"""Over real HTTP: signals is killed (kill -9) in the middle of a 100,000-signal batch. After the
restart the batch resumes where its last chunk ended; a resend of the same file changes nothing:
every row is stored exactly once and both batch reports are complete."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from tests.e2e.harness import running_system
from tests.e2e.journeys import EIGEN_HAARD, days_ago, eventually, iso, ok

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# BALANS_E2E_BATCH_ROWS makes a quicker run possible while working on it.
ROWS = int(os.environ.get("BALANS_E2E_BATCH_ROWS", "100000"))


def bsn(n: int) -> str:
    """The n-th valid BSN (eleven-test) from 100000000 on."""
    while True:
        digits = f"{100_000_000 + n:09d}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - int(digits[8])) % 11 == 0:
            return digits
        n += 1_000_000  # another leading part; stays unique for n below 1,000,000


def rows() -> list[dict[str, Any]]:
    signaal, ontstaan = iso(days_ago(2)), iso(days_ago(70))
    return [
        {
            "partnerId": f"EH-{n}",
            "bedrag": "1250.00",
            "ontstaansdatum": ontstaan,
            "signaaldatum": signaal,
            "bsn": bsn(n),
            "achternaam": f"Inwoner{n}",
            "geboortedatum": date(1980, 1, 1).isoformat(),
            "postcode": "1181ZM",
            "huisnummer": n % 500 + 1,
        }
        for n in range(ROWS)
    ]


def test_signals_killed_mid_batch_stores_every_row_exactly_once(tmp_path: Path) -> None:
    env = {
        "SIGNALS_BATCH_POLL_SECONDS": "0.1",
        "SIGNALS_BATCH_LEASE_SECONDS": "2",
        "SIGNALS_BATCH_CHUNK_RIJEN": "2000",
    }
    body = orjson.dumps(rows())
    with running_system(tmp_path, **env) as system, httpx.Client(timeout=120) as client:
        signals = system.url("signals")
        headers = EIGEN_HAARD | {"Content-Type": "application/json"}
        first = ok(client.post(f"{signals}/v1/signaal-batches", content=body, headers=headers), 202)
        report_url = f"{signals}/v1/signaal-batches/{first['id']}"

        def halfway() -> dict[str, Any] | None:
            report: dict[str, Any] = ok(client.get(report_url, headers=EIGEN_HAARD))
            return report if 0 < report["verwerkt"] < ROWS else None

        eventually(halfway, timeout=300, what="the batch half processed")
        system.kill("signals")
        system.start("signals")

        def finished(url: str) -> dict[str, Any] | None:
            report: dict[str, Any] = ok(client.get(url, headers=EIGEN_HAARD))
            return report if report["status"] in ("klaar", "mislukt") else None

        report = eventually(lambda: finished(report_url), timeout=600, what="batch finished")
        assert report["status"] == "klaar"
        assert (report["ontvangen"], report["verwerkt"]) == (ROWS, ROWS)
        assert report["geaccepteerd"] + report["dubbel"] == ROWS
        assert (report["afgewezen"], report["foutenTotaal"]) == (0, 0)

        again = ok(client.post(f"{signals}/v1/signaal-batches", content=body, headers=headers), 202)
        again_url = f"{signals}/v1/signaal-batches/{again['id']}"
        resent = eventually(lambda: finished(again_url), timeout=600, what="resend finished")
        assert resent["status"] == "klaar"
        assert (resent["geaccepteerd"], resent["dubbel"], resent["afgewezen"]) == (0, ROWS, 0)

        stored = ok(client.get(f"{signals}/v1/signalen?pageSize=1", headers=EIGEN_HAARD))
        assert stored["total"] == ROWS
