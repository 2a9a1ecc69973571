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


def ontvanger(app: Any) -> list[httpx.Request]:
    """The creditor's end of the callbacks: delivery goes to a stand-in that answers 204 and
    keeps what it received."""
    received: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    app.state.terugkoppel_transport = httpx.MockTransport(handler)
    return received


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
    app: Any = client.app
    received = ontvanger(app)
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
    return ontvanger(app)


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


# Signals that are not picked up get no case, so closing a case never reports them: they are
# queued when they are stored (issue 5: feedback "can also be delivered to a callback URL").
ONTERECHT = {"partnerId": "EH-O", "ontstaansdatum": "2026-10-20"}  # 11 days of arrears < 30


def _berichten(client: TestClient) -> list[Any]:
    app: Any = client.app
    with app.state.engine.connect() as connection:
        return list(connection.execute(sa.select(terugkoppel_bericht)).all())


def test_signals_not_picked_up_are_queued_at_once_with_their_feedback(client_for) -> None:
    client = client_for("signals")
    secret = client.post(
        "/v1/terugkoppel-abonnementen", json={"url": HOOK}, headers=creditor()
    ).json()["geheim"]
    onterecht = client.post("/v1/signalen", json=signaal(**ONTERECHT), headers=creditor()).json()
    opgepakt = client.post("/v1/signalen", json=signaal(partnerId="EH-1"), headers=creditor())
    assert opgepakt.json()["status"] == "Nog niet opgepakt"
    herhaald = client.post(
        "/v1/signalen",
        json=signaal(partnerId="EH-2", signaaldatum="2026-11-05"),
        headers=creditor(),
    ).json()
    assert onterecht["status"] == "Niet opgepakt: onterecht signaal"
    assert herhaald["status"] == "Niet opgepakt: herhaalde melding"
    # One message each for the two not picked up, none for the picked-up one (no case closed).
    berichten = {row.body["id"]: row for row in _berichten(client)}
    assert set(berichten) == {onterecht["id"], herhaald["id"]}
    for gelezen in (onterecht, herhaald):
        # The same feedback the creditor reads from GET /v1/signalen/{id}.
        bericht = berichten[gelezen["id"]]
        assert bericht.creditor_id == "eigen-haard"
        assert bericht.body == gelezen
        assert bericht.body["opgepakt"] is False
        assert bericht.body["reden"]
        assert bericht.body["resultaat"] is None
    app: Any = client.app
    received = ontvanger(app)
    assert asyncio.run(terugmelding.lever_uit(app)) == 2
    assert all(verify(secret, r.headers["Balans-Signature"], r.content) for r in received)


def test_signals_not_picked_up_without_registration_queue_nothing(client_for) -> None:
    client = client_for("signals")
    assert client.post("/v1/signalen", json=signaal(**ONTERECHT), headers=creditor()).is_success
    # Another creditor's registration is not this creditor's.
    water = creditor("waternet", "Water")
    client.post("/v1/terugkoppel-abonnementen", json={"url": HOOK}, headers=water)
    assert client.post("/v1/signalen", json=signaal(partnerId="EH-P"), headers=creditor())
    assert _berichten(client) == []


@pytest.mark.parametrize("chunk", [3, 10_000])
def test_batch_queues_one_message_per_signal_not_picked_up_in_the_chunks_transaction(
    client_for, chunk: int
) -> None:
    from tests.signals.test_api_batches import wait_done

    client = client_for("signals", batch_poll_seconds=0.05, batch_chunk_rijen=chunk)
    client.post("/v1/terugkoppel-abonnementen", json={"url": HOOK}, headers=creditor())
    rows = [
        signaal(partnerId="B-1", huisnummer=1, bsn=None),
        signaal(partnerId="B-2", huisnummer=2, bsn=None, ontstaansdatum="2026-10-20"),
        signaal(partnerId="B-3", huisnummer=1, bsn=None, signaaldatum="2026-11-05"),  # repeat
        signaal(partnerId="B-4", huisnummer=4, bsn=None, ontstaansdatum="2026-10-25"),
        signaal(partnerId="B-5", huisnummer=5, bsn=None),
    ]
    response = client.post(
        "/v1/signaal-batches",
        content=orjson.dumps(rows),
        headers=creditor() | {"Content-Type": "application/json"},
    )
    assert response.status_code == 202, response.text
    report = wait_done(client, response.headers["Location"], creditor())
    assert (report["status"], report["geaccepteerd"]) == ("klaar", 5)
    gelezen = client.get("/v1/signalen?pageSize=50", headers=creditor()).json()["items"]
    niet_opgepakt = {s["id"]: s for s in gelezen if not s["opgepakt"]}
    assert {s["partnerId"] for s in niet_opgepakt.values()} == {"B-2", "B-3", "B-4"}
    assert {row.body["id"]: row.body for row in _berichten(client)} == niet_opgepakt
