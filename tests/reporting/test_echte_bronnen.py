"""Traffic through the real intake service, read by reporting through intake's real feed.

Intake runs in-process (its app on its own test database); reporting's poller reaches it over
httpx.ASGITransport with its service token, so the feed format, the paging and the role check
are intake's own, not a stand-in's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from shared import types
from shared.testing import auth_header

LOKET = auth_header("loket")
BI = auth_header("bi")
# BSNs that pass the eleven-test; they must never reach reporting.
BSNS = ("111222333", "123456782", "999999990")


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


@pytest.fixture
def intake(client_for: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setattr(types, "today", lambda: date(2026, 5, 1))
    # Nothing listens on port 1: the recidive question to trajectory fails at once.
    return client_for("intake", trajectory_url="http://127.0.0.1:1")


def test_meldingen_at_the_real_desk_are_counted_once_each(
    reporting: TestClient, intake: TestClient
):
    for bsn, naam, kanaal in zip(
        BSNS, ("Jansen", "De Vries", "Bakker"), ("balie", "telefoon", "balie"), strict=True
    ):
        response = intake.post(
            "/v1/meldingen",
            json={"kanaal": kanaal, "inwoner": _inwoner(bsn, naam), "kinderenOnder18": 0},
            headers=LOKET,
        )
        assert response.status_code == 201, response.text
    app: Any = reporting.app
    app.state.bron_transport = httpx.ASGITransport(app=intake.app)
    admin = auth_header("admin")

    first = reporting.post("/v1/bronnen/intake/inhaalacties", headers=admin).json()
    again = reporting.post("/v1/bronnen/intake/inhaalacties", headers=admin).json()
    aanmeldingen = reporting.get("/v1/indicatoren/aanmeldingen?jaar=2026", headers=BI).json()
    feiten = reporting.get("/v1/feiten", headers={**BI, "Accept": "text/csv"}).text

    assert first["nieuw"] >= 3
    assert again["nieuw"] == 0
    assert aanmeldingen["waarde"] == 3
    kanaal = next(u for u in aanmeldingen["uitsplitsingen"] if u["dimensie"] == "kanaal")
    assert kanaal["waarden"] == {"balie": 2, "telefoon": 1}
    for bsn in BSNS:
        assert bsn not in feiten
    assert "Jansen" not in feiten


def test_signals_pushed_by_creditors_count_one_resident_once(
    reporting: TestClient, client_for: Callable[..., TestClient]
):
    signals = client_for("signals")
    pushes = (
        ("eigen-haard", "Huur", {"partnerId": "EH-1", "bsn": BSNS[0]}),
        ("vattenfall", "Energie", {"partnerId": "VF-1", "bsn": BSNS[0]}),
        ("eigen-haard", "Huur", {"partnerId": "EH-2", "bsn": BSNS[1], "achternaam": "Bakker"}),
    )
    for creditor_id, partner_type, extra in pushes:
        body = {
            "crisissignaal": False,
            "warmeOverdracht": False,
            "bedrag": "1250.00",
            "ontstaansdatum": "2026-09-01",
            "signaaldatum": "2026-10-31",
            "voorletters": "J.",
            "achternaam": "Dijk",
            "geboortedatum": "1980-05-17",
            "straat": "Stadsplein",
            "postcode": "1181ZM",
            "huisnummer": 1,
            "woonplaats": "Amstelveen",
            **extra,
        }
        headers = auth_header(
            "creditor", creditor_id=creditor_id, partner_type=partner_type, subject=creditor_id
        )
        response = signals.post("/v1/signalen", json=body, headers=headers)
        assert response.status_code in (200, 201), response.text
    app: Any = reporting.app
    app.state.bron_transport = httpx.ASGITransport(app=signals.app)

    caught_up = reporting.post("/v1/bronnen/signals/inhaalacties", headers=auth_header("admin"))
    items = {
        i["code"]: i
        for i in reporting.get(
            "/v1/indicatoren?groep=vroegsignalering&vanaf=2026-01-01", headers=BI
        ).json()["items"]
    }

    assert caught_up.status_code == 200, caught_up.text
    assert items["signalen-per-partnertype"]["waarde"] == 3
    partners = items["signalen-per-partnertype"]["uitsplitsingen"][0]["waarden"]
    assert partners == {"Energie": 1, "Huur": 2}
    assert items["signalen-unieke-inwoners"]["waarde"] == 2


def test_trajectories_opened_from_aanvragen_are_in_the_portfolio(
    reporting: TestClient, client_for: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(types, "today", lambda: date(2026, 11, 27))
    trajectory = client_for("trajectory")
    for bsn, key, aanvraagdatum in (
        (BSNS[0], "a" * 64, "2026-01-05"),
        (BSNS[1], "b" * 64, "2026-02-10"),
    ):
        body = {
            "aanvraagId": str(uuid.uuid4()),
            "meldingId": str(uuid.uuid4()),
            "gemeentecode": "GM0362",
            "aanvraagdatum": aanvraagdatum,
            "crisis": False,
            "aanvrager": {
                "bsn": bsn,
                "achternaam": "Jansen",
                "geboortedatum": "1980-03-14",
                "postcode": "1181AA",
                "huisnummer": 12,
            },
            "subjectKey": key,
        }
        response = trajectory.post(
            "/v1/aanvragen", json=body, headers=auth_header("service", subject="intake")
        )
        assert response.status_code == 201, response.text
    app: Any = reporting.app
    app.state.bron_transport = httpx.ASGITransport(app=trajectory.app)

    reporting.post("/v1/bronnen/trajectory/inhaalacties", headers=auth_header("admin"))
    portefeuille = reporting.get(
        "/v1/indicatoren/clienten-in-portefeuille?jaar=2026", headers=BI
    ).json()
    feiten = reporting.get("/v1/feiten?soort=traject_gestart", headers=BI).json()

    assert portefeuille["waarde"] == 2
    assert sorted(f["referentieDatum"] for f in feiten["items"]) == ["2026-01-05", "2026-02-10"]
