"""The DDAS early-signal delivery validates against the v1.0 JSON Schema, page by page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests.signals.helpers import BSN_B, creditor, signaal, staff
from tests.signals.standins import bekendheid_app, transports

SCHEMA = json.loads(
    (Path(__file__).parent / "ddas" / "vroegsignalering-v1.0.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
CBS = staff("service", "service:cbs")
PERIODE = {"aanleverperiodeStartdatum": "2026-10-01", "aanleverperiodeEinddatum": "2026-10-31"}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    import services.signals.api.casussen as api

    monkeypatch.setattr(api, "today", lambda: date(2026, 11, 28))


def seeded(client_for) -> TestClient:
    client: TestClient = client_for("signals")
    app: Any = client.app
    app.state.bekendheid_transports = transports(bekendheid_app(), bekendheid_app())
    client.post("/v1/signalen", json=signaal(bedrag="1250.50"), headers=creditor())
    water = creditor("waternet", "Water")
    client.post("/v1/signalen", json=signaal(partnerId="W-1", bedrag="80.49"), headers=water)
    other = signaal(partnerId="EH-2", bsn=BSN_B, achternaam="Bakker", huisnummer=9, huisletter="a")
    client.post("/v1/signalen", json=other, headers=creditor())
    outside = signaal(partnerId="EH-3", bsn=None, achternaam="Smit", signaaldatum="2026-11-02")
    client.post("/v1/signalen", json=outside, headers=creditor())
    coordinator = staff("coordinator")
    case_id = client.get("/v1/casussen?partnerType=Water", headers=coordinator).json()["items"][0][
        "id"
    ]
    toewijzing = {"consulent1": "a", "consulent2": "b", "geplandeDatum": "2026-12-01"}
    client.post(f"/v1/casussen/{case_id}/toewijzingen", json=toewijzing, headers=coordinator)
    attempt = {"soort": "Huisbezoek", "bereikt": True, "datum": "2026-11-20", "dagdeel": "Avond"}
    client.post(f"/v1/casussen/{case_id}/contactpogingen", json=attempt, headers=coordinator)
    closing = {"resultaat": "(Budget)advies en/of quick fix"}
    client.post(f"/v1/casussen/{case_id}/afsluitingen", json=closing, headers=coordinator)
    return client


def test_every_page_validates_against_the_ddas_schema(client_for) -> None:
    client = seeded(client_for)
    pages = []
    for page in (1, 2):
        response = client.post(
            "/v1/ddas/gegevens", json=PERIODE | {"page": page, "pageSize": 2}, headers=CBS
        )
        assert response.status_code == 200, response.text
        document = response.json()
        errors = [e.message for e in VALIDATOR.iter_errors(document["gegevens"])]
        assert errors == []
        pages.append(document)
    assert pages[0]["paginering"] == {
        "pageSize": 2,
        "currentPage": 1,
        "totalPages": 2,
        "totalRecords": 3,
    }
    signalen = [s for p in pages for s in p["gegevens"]["leveringen"][0]["vroegsignalen"]]
    assert len({s["ID"] for s in signalen}) == 3
    zaken = [z for p in pages for z in p["gegevens"]["leveringen"][0]["vroegsignaalzaken"]]
    assert len(zaken) == 2  # the resident with two signals is one case
    closed = next(z for z in zaken if "resultaat" in z)
    assert closed["resultaat"] == "(Budget)advies en/of quick fix"
    assert closed["contactpogingen"] == [
        {"soort": "Huisbezoek", "bereikt": True, "datum": "2026-11-20", "dagdeel": "Avond"}
    ]
    assert len(closed["vroegsignalen"]) == 2


def test_amounts_go_out_in_whole_euros_and_house_letter_with_number(client_for) -> None:
    client = seeded(client_for)
    document = client.post("/v1/ddas/gegevens", json=PERIODE, headers=CBS).json()
    levering = document["gegevens"]["leveringen"][0]
    assert levering["gemeentecode"] == "0362"
    assert sorted(s["bedrag"] for s in levering["vroegsignalen"]) == [80, 1250, 1251]
    assert {s["client"].get("Huisnummer") for s in levering["vroegsignalen"]} == {"1", "9A"}


def test_empty_period_is_one_valid_empty_page(client_for) -> None:
    client = client_for("signals")
    body = {"aanleverperiodeStartdatum": "2020-01-01", "aanleverperiodeEinddatum": "2020-01-31"}
    document = client.post("/v1/ddas/gegevens", json=body, headers=CBS).json()
    assert list(VALIDATOR.iter_errors(document["gegevens"])) == []
    assert document["paginering"]["totalRecords"] == 0


def test_period_ending_before_it_starts_and_bad_page_are_400(client_for) -> None:
    client = client_for("signals")
    backwards = {
        "aanleverperiodeStartdatum": "2026-10-31",
        "aanleverperiodeEinddatum": "2026-10-01",
    }
    assert client.post("/v1/ddas/gegevens", json=backwards, headers=CBS).status_code == 400
    bad = PERIODE | {"page": 0, "pageSize": "10"}
    response = client.post("/v1/ddas/gegevens", json=bad, headers=CBS)
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"page", "pageSize"}


def test_only_service_and_admin_may_pull_the_delivery(client_for) -> None:
    client = client_for("signals")
    assert client.post("/v1/ddas/gegevens", json=PERIODE, headers=staff("bi")).status_code == 403
    assert client.post("/v1/ddas/gegevens", json=PERIODE, headers=creditor()).status_code == 403
