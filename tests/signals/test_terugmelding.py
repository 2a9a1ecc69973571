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
from services.signals.models import terugkoppel_abonnement, terugkoppel_bericht
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


INTERNE_URLS = [
    "http://169.254.169.254/latest/meta-data",  # cloud metadata (link-local)
    "http://localhost:8000/v1/casussen",
    "https://LOCALHOST./hook",
    "https://api.localhost/hook",
    "https://127.0.0.1/hook",
    "https://2130706433/hook",  # 127.0.0.1 as one number
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://10.1.2.3/hook",
    "https://192.168.0.10/hook",
    "https://100.64.0.1/hook",  # shared address space (carrier-grade NAT)
    "https://0.0.0.0/hook",
    "https://224.0.0.1/hook",
    "https://[fe80::1]/hook",
]


@pytest.mark.parametrize("url", INTERNE_URLS)
def test_callback_to_an_internal_host_is_refused_on_the_url_field(client_for, url: str) -> None:
    client = client_for("signals")
    refused = client.post("/v1/terugkoppel-abonnementen", json={"url": url}, headers=creditor())
    assert refused.status_code == 400, refused.text
    assert [p["name"] for p in refused.json()["invalidParams"]] == ["url"]
    assert (
        client.get("/v1/terugkoppel-abonnementen/eigen-haard", headers=creditor()).status_code
        == 404
    )


def production(client: TestClient) -> None:
    # The production settings refuse the development keys the test tokens are signed with:
    # only the environment is changed, as the handler reads it per request.
    app: Any = client.app
    app.state.settings = app.state.settings.model_copy(update={"environment": "production"})


def test_plain_http_callback_is_refused_in_production_and_accepted_in_test(client_for) -> None:
    client = client_for("signals")
    http = {"url": "http://eigenhaard.example/hook"}
    assert client.post("/v1/terugkoppel-abonnementen", json=http, headers=creditor()).is_success
    production(client)
    refused = client.post("/v1/terugkoppel-abonnementen", json=http, headers=creditor())
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "url"
    https = client.post("/v1/terugkoppel-abonnementen", json={"url": HOOK}, headers=creditor())
    assert https.status_code == 201


@pytest.mark.parametrize(
    "host", ["eigenhaard.example", "8.8.8.8", "[2001:4860:4860::8888]", "localhost.example"]
)
def test_public_hosts_and_names_are_not_internal_as_written(host: str) -> None:
    assert not terugmelding.intern_host(host.strip("[]"))
    terugmelding.toets_url(f"https://{host}/hook", alleen_https=True)


def _stored_callback(client: TestClient, url: str) -> list[httpx.Request]:
    """A case closed for a creditor whose registration points at `url` (stored as an older
    release would have: without the registration check), and a transport that records."""
    client.post("/v1/terugkoppel-abonnementen", json={"url": HOOK}, headers=creditor())
    app: Any = client.app
    with app.state.engine.begin() as connection:
        connection.execute(sa.update(terugkoppel_abonnement).values(url=url))
    closed_case(client)
    received: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    app.state.terugkoppel_transport = httpx.MockTransport(handler)
    return received


def _message(client: TestClient) -> Any:
    app: Any = client.app
    with app.state.engine.connect() as connection:
        return connection.execute(sa.select(terugkoppel_bericht)).one()


def test_delivery_to_an_internal_address_stored_earlier_sends_nothing(client_for) -> None:
    client = client_for("signals")
    received = _stored_callback(client, "http://127.0.0.1:8002/v1/casussen")
    assert asyncio.run(terugmelding.lever_uit(client.app)) == 1  # type: ignore[arg-type]
    assert received == []
    row = _message(client)
    assert row.afgeleverd_at is None
    assert "intern" in row.laatste_fout


def test_delivery_to_a_name_that_resolves_internally_sends_nothing(
    client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for("signals")
    received = _stored_callback(client, HOOK)
    gevraagd: list[tuple[str, int]] = []

    async def resolves_to(host: str, port: int) -> list[str]:
        gevraagd.append((host, port))
        return ["93.184.215.14", "10.0.0.7"]  # one internal address is enough to refuse

    monkeypatch.setattr(terugmelding, "_adressen", resolves_to)
    assert asyncio.run(terugmelding.lever_uit(client.app)) == 1  # type: ignore[arg-type]
    assert received == []
    assert gevraagd == [("eigenhaard.example", 443)]
    assert "intern" in _message(client).laatste_fout


def test_delivery_to_a_name_that_resolves_publicly_is_sent(
    client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for("signals")
    received = _stored_callback(client, HOOK)

    async def resolves_to(host: str, port: int) -> list[str]:
        return ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]

    monkeypatch.setattr(terugmelding, "_adressen", resolves_to)
    assert asyncio.run(terugmelding.lever_uit(client.app)) == 1  # type: ignore[arg-type]
    assert len(received) == 1
    assert _message(client).afgeleverd_at is not None
