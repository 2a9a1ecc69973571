"""Feedback to a creditor's callback URL: signed, retried, delivered once."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.signals import terugmelding
from services.signals.models import terugkoppel_bericht
from tests.signals.helpers import creditor, signaal, staff

COORDINATOR = staff("coordinator")
HOOK = "https://eigenhaard.example/hook"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    import services.signals.api.casussen as api

    monkeypatch.setattr(api, "today", lambda: date(2026, 11, 28))


def closed_case(client: TestClient) -> str:
    created = client.post("/v1/signalen", json=signaal(), headers=creditor()).json()
    case_id = client.get("/v1/casussen", headers=COORDINATOR).json()["items"][0]["id"]
    closing = {"resultaat": "Inwoner heeft zelf al betaald/betalingsregeling getroffen"}
    client.post(f"/v1/casussen/{case_id}/afsluitingen", json=closing, headers=COORDINATOR)
    return str(created["id"])


def verify(secret: str, header: str, body: bytes) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts["v1"])


def test_registration_returns_the_secret_once(client_for) -> None:
    client = client_for("signals")
    created = client.post("/v1/terugkoppel-abonnementen", json={"url": HOOK}, headers=creditor())
    assert created.status_code == 201
    assert created.json()["geheim"]
    read = client.get(created.headers["Location"], headers=creditor())
    assert read.json()["url"] == HOOK
    assert "geheim" not in read.json()
    other = creditor("ymere")
    assert client.get(created.headers["Location"], headers=other).status_code == 403
    bad = client.post("/v1/terugkoppel-abonnementen", json={"url": "ftp://x"}, headers=creditor())
    assert bad.status_code == 400


def test_closed_case_feedback_is_posted_signed_to_the_callback(client_for) -> None:
    client = client_for("signals")
    secret = client.post(
        "/v1/terugkoppel-abonnementen", json={"url": HOOK}, headers=creditor()
    ).json()["geheim"]
    signaal_id = closed_case(client)
    received: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    app: Any = client.app
    app.state.terugkoppel_transport = httpx.MockTransport(handler)
    assert asyncio.run(terugmelding.lever_uit(app)) == 1
    assert asyncio.run(terugmelding.lever_uit(app)) == 0  # delivered once
    (request,) = received
    assert str(request.url) == HOOK
    body = orjson.loads(request.content)
    assert body["id"] == signaal_id
    assert body["resultaat"] == "Inwoner heeft zelf al betaald/betalingsregeling getroffen"
    assert verify(secret, request.headers["Balans-Signature"], request.content)
    assert request.headers["Idempotency-Key"]


def test_failed_delivery_is_retried_later_with_backoff(client_for) -> None:
    client = client_for("signals")
    client.post("/v1/terugkoppel-abonnementen", json={"url": HOOK}, headers=creditor())
    closed_case(client)
    app: Any = client.app
    app.state.terugkoppel_transport = httpx.MockTransport(lambda _: httpx.Response(503))
    assert asyncio.run(terugmelding.lever_uit(app)) == 1
    with app.state.engine.connect() as connection:
        row = connection.execute(sa.select(terugkoppel_bericht)).one()
    assert row.afgeleverd_at is None
    assert (row.pogingen, row.laatste_status) == (1, 503)
    due = row.volgende_poging_at.replace(tzinfo=row.volgende_poging_at.tzinfo or UTC)
    assert due > datetime.now(UTC)
    assert asyncio.run(terugmelding.lever_uit(app)) == 0  # not due yet


def test_without_registration_no_message_is_queued(client_for) -> None:
    client = client_for("signals")
    closed_case(client)
    app: Any = client.app
    with app.state.engine.connect() as connection:
        count = connection.execute(
            sa.select(sa.func.count()).select_from(terugkoppel_bericht)
        ).scalar_one()
    assert count == 0
