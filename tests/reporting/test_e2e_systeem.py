"""All four services as real processes: traffic at intake and signals shows up in reporting's
indicators through the background poller, over real HTTP."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared import testing
from tests.e2e.harness import running_system

pytestmark = pytest.mark.e2e

BI = testing.auth_header("bi")


def _inwoner(bsn: str, achternaam: str) -> dict[str, Any]:
    return {
        "bsn": bsn,
        "voorletters": "J.",
        "achternaam": achternaam,
        "geboortedatum": "1980-04-12",
        "straat": "Stadsplein",
        "huisnummer": 1,
        "postcode": "1181ZM",
        "woonplaats": "Amstelveen",
    }


def _indicatoren(client: httpx.Client, base: str) -> dict[str, Any]:
    response = client.get(f"{base}/v1/indicatoren?pageSize=500", headers=BI)
    assert response.status_code == 200, response.text
    return {item["code"]: item for item in response.json()["items"]}


def test_meldingen_and_signals_reach_the_indicators(tmp_path: Path) -> None:
    env = {"REPORTING_POLL_INTERVAL_SECONDS": "0.2"}
    with running_system(tmp_path, **env) as system, httpx.Client(timeout=10) as client:
        for bsn, naam in (("111222333", "Jansen"), ("123456782", "Bakker")):
            response = client.post(
                f"{system.url('intake')}/v1/meldingen",
                json={"kanaal": "balie", "inwoner": _inwoner(bsn, naam), "kinderenOnder18": 0},
                headers=testing.auth_header("loket"),
            )
            assert response.status_code == 201, response.text
        signaal = {
            "partnerId": "EH-1",
            "crisissignaal": False,
            "warmeOverdracht": False,
            "bedrag": "1250.00",
            "ontstaansdatum": "2026-09-01",
            "signaaldatum": "2026-10-31",
            **_inwoner("999999990", "Dijk"),
        }
        creditor = testing.auth_header(
            "creditor", creditor_id="eigen-haard", partner_type="Huur", subject="eigen-haard"
        )
        response = client.post(
            f"{system.url('signals')}/v1/signalen", json=signaal, headers=creditor
        )
        assert response.status_code in (200, 201), response.text

        deadline = time.monotonic() + 60
        items = _indicatoren(client, system.url("reporting"))
        while time.monotonic() < deadline and (
            items["aanmeldingen"]["waarde"] < 2 or items["signalen-verwerkt"]["waarde"] < 1
        ):
            time.sleep(0.3)
            items = _indicatoren(client, system.url("reporting"))

        assert items["aanmeldingen"]["waarde"] == 2
        assert items["signalen-verwerkt"]["waarde"] == 1
        assert items["signalen-verwerkt"]["uitsplitsingen"][0]["waarden"] == {"Huur": 1}
        feiten = client.get(
            f"{system.url('reporting')}/v1/feiten", headers={**BI, "Accept": "text/csv"}
        ).text
        for secret in ("111222333", "123456782", "999999990", "Jansen", "Dijk"):
            assert secret not in feiten
