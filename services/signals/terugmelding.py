"""Feedback to a creditor's callback URL: signed, retried with backoff (issue 5).

When a case closes, every signal in it whose creditor registered a callback gets a message with
the feedback that creditor may see (services.signals.terugkoppeling), written in the same
transaction. A signal that is not picked up (`Niet opgepakt: onterecht signaal` or `herhaalde
melding`) gets no case, so it would never be reported that way: its message is queued when it is
stored, in the transaction of its chunk (`meld_niet_opgepakt`). A background job delivers due
messages: POST with the JSON body, an `Idempotency-Key` (the message id) and
`Balans-Signature: t=<unix time>,v1=<hex>`, where v1 is HMAC-SHA256 with the creditor's secret
over `<t>.<body>` (as Stripe signs webhooks). A 2xx ends it; anything else is retried with
exponential backoff until `MAX_POGINGEN`.

The URL is the creditor's and we call it from inside the municipality's network, so it must not
point there (server-side request forgery): registration refuses a host that is `localhost` or a
non-public IP address, and plain http outside development and test; delivery refuses, without a
request, a host whose name resolves to such an address.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import ipaddress
import logging
import random
import secrets
import socket
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy import Connection

from services.signals import repository, rijen, terugkoppeling
from services.signals.models import casus, signaal, terugkoppel_abonnement, terugkoppel_bericht
from shared.db import Connect, unit_of_work
from shared.outbox import Backoff
from shared.problems import InvalidInput, InvalidParam, NotFound

logger = logging.getLogger(__name__)

MAX_POGINGEN = 12
LEASE = timedelta(seconds=30)
BACKOFF = Backoff(base=2.0, maximum=3600.0)
SIGNATURE_HEADER = "Balans-Signature"
_JSON: dict[str, Any] = {"mode": "json", "by_alias": True}  # the body as the API writes it


def intern_ip(adres: str) -> bool:
    """Whether an IP address is not on the public internet: loopback, private, link-local,
    unspecified, multicast, reserved or shared (carrier-grade NAT); an IPv4 address written as
    IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address."""
    ip = ipaddress.ip_address(adres.strip("[]"))
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_multicast or not ip.is_global


def intern_host(host: str) -> bool:
    """Whether a URL's host is, as written, internal: `localhost` (and its subdomains, RFC
    6761) or an internal IP literal. Other names are judged at delivery, once resolved."""
    naam = host.lower().rstrip(".")
    if naam == "localhost" or naam.endswith(".localhost"):
        return True
    try:
        return intern_ip(naam)
    except ValueError:
        return False  # a name, not an IP address


def toets_url(url: str, *, alleen_https: bool) -> None:
    """400 on the `url` field for a callback URL we must not call: an internal host, always
    (no test or development set-up delivers to one: tests inject a transport), and plain http
    when `alleen_https` (outside development and test: the body carries the feedback and the
    signature, and a network in between must not read or replay them)."""
    delen = urlsplit(url)
    reden = None
    if intern_host(delen.hostname or ""):
        reden = "Een intern adres (localhost, loopback, privé, link-local) is niet toegestaan."
    elif alleen_https and delen.scheme != "https":
        reden = "Alleen https is toegestaan."
    if reden is not None:
        raise InvalidInput(
            "Het terugkoppel-adres is niet toegestaan.",
            invalid_params=[InvalidParam(name="url", reason=reden)],
        )


def registreer(session: Connection, *, creditor_id: str, url: str) -> tuple[Any, str]:
    """Register (or replace) the creditor's callback; returns the row and the new secret."""
    geheim = secrets.token_urlsafe(32)
    session.execute(
        sa.delete(terugkoppel_abonnement).where(terugkoppel_abonnement.c.creditor_id == creditor_id)
    )
    session.execute(
        terugkoppel_abonnement.insert().values(
            creditor_id=creditor_id, url=url, geheim=geheim, aangemaakt_at=datetime.now(UTC)
        )
    )
    return abonnement(session, creditor_id=creditor_id), geheim


def abonnement(session: Connection, *, creditor_id: str) -> Any:
    """The creditor's callback registration; NotFound when there is none."""
    row = session.execute(
        sa.select(terugkoppel_abonnement).where(terugkoppel_abonnement.c.creditor_id == creditor_id)
    ).first()
    if row is None:
        raise NotFound("Er is geen terugkoppel-adres geregistreerd.")
    return row


def meld_casus(session: Connection, *, casus_id: str) -> int:
    """Queue the feedback on every signal of the case for creditors with a callback."""
    rows = session.execute(
        sa.select(*terugkoppeling.KOLOMMEN, signaal.c.creditor_id)
        .select_from(
            signaal.join(casus, signaal.c.casus_id == casus.c.id).join(
                terugkoppel_abonnement,
                terugkoppel_abonnement.c.creditor_id == signaal.c.creditor_id,
            )
        )
        .where(signaal.c.casus_id == casus_id)
    ).all()
    return _zet_klaar(
        session,
        [
            (
                row.creditor_id,
                terugkoppeling.terugkoppeling(row).model_dump(mode="json", by_alias=True),
            )
            for row in rows
        ],
    )


def meld_niet_opgepakt(
    session: Connection, signalen: Sequence[dict[str, Any]], *, creditor_id: str
) -> int:
    """Queue the feedback on the chunk's signals that were not picked up (no case: `meld_casus`
    never sees them), when the chunk's creditor has a callback.

    A chunk is one creditor's: one lookup of its registration, and only when some signal was
    not picked up (most single pushes are); one insert of the messages. The bodies are built
    directly (`rijen.terugmelding`, a few microseconds against 15 for the model); the first is
    checked against the model `meld_casus` and the API use, so they cannot drift apart.
    """
    niet_opgepakt = [row for row in signalen if row["casus_id"] is None]
    if not niet_opgepakt or not _heeft_abonnement(session, creditor_id):
        return 0
    eerste = niet_opgepakt[0]
    model = terugkoppeling.terugkoppeling(SimpleNamespace(**eerste, resultaat=None))
    verwacht = model.model_dump(**_JSON)
    # Every row of a chunk has the chunk's instant: formatted once, as the model writes it.
    ontvangen_at = verwacht["ontvangenAt"]
    if rijen.terugmelding(eerste, ontvangen_at=ontvangen_at) != verwacht:
        raise ValueError("terugmelding: body differs from the feedback model")
    return _zet_klaar(
        session,
        [
            (creditor_id, rijen.terugmelding(row, ontvangen_at=ontvangen_at))
            for row in niet_opgepakt
        ],
    )


def _heeft_abonnement(session: Connection, creditor_id: str) -> bool:
    return (
        session.execute(
            sa.select(terugkoppel_abonnement.c.creditor_id).where(
                terugkoppel_abonnement.c.creditor_id == creditor_id
            )
        ).first()
        is not None
    )


def _zet_klaar(session: Connection, berichten: Sequence[tuple[str, dict[str, Any]]]) -> int:
    """Insert (creditor id, body) messages due at once, in one bulk insert; the signature is
    made at delivery (`_stuur`), with the secret registered then."""
    now = datetime.now(UTC)
    repository.insert_many(
        session,
        terugkoppel_bericht,
        [
            {
                "id": bericht_id,
                "creditor_id": creditor_id,
                "body": body,
                "aangemaakt_at": now,
                "volgende_poging_at": now,
                "pogingen": 0,
            }
            for bericht_id, (creditor_id, body) in zip(
                repository.nieuwe_ids(len(berichten)), berichten, strict=True
            )
        ],
    )
    return len(berichten)


def handtekening(geheim: str, tijdstip: int, body: bytes) -> str:
    """The signature header value for a body sent at `tijdstip` (unix seconds)."""
    mac = hmac.new(geheim.encode(), f"{tijdstip}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={tijdstip},v1={mac}"


def _claim(factory: Connect, now: datetime, limit: int) -> list[Any]:
    with unit_of_work(factory) as session:
        rows = session.execute(
            sa.select(
                terugkoppel_bericht, terugkoppel_abonnement.c.url, terugkoppel_abonnement.c.geheim
            )
            .join(
                terugkoppel_abonnement,
                terugkoppel_abonnement.c.creditor_id == terugkoppel_bericht.c.creditor_id,
            )
            .where(
                terugkoppel_bericht.c.afgeleverd_at.is_(None),
                terugkoppel_bericht.c.volgende_poging_at <= now,
            )
            .order_by(terugkoppel_bericht.c.volgende_poging_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=terugkoppel_bericht)
        ).all()
        if rows:
            session.execute(
                sa.update(terugkoppel_bericht)
                .where(terugkoppel_bericht.c.id.in_([row.id for row in rows]))
                .values(volgende_poging_at=now + LEASE, pogingen=terugkoppel_bericht.c.pogingen + 1)
            )
        return list(rows)


async def _adressen(host: str, port: int) -> list[str]:
    """The IP addresses a host name resolves to; none when it does not resolve (the request
    then fails on its own)."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


async def intern_doel(url: str) -> bool:
    """Whether a callback URL leads into our network: its host as written (a registration
    from before the check) or any address its name resolves to now. What the client resolves
    a moment later can still differ (DNS rebinding); this stops the plain cases."""
    delen = urlsplit(url)
    host = delen.hostname or ""
    if intern_host(host):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        poort = delen.port or (443 if delen.scheme == "https" else 80)
        return any(intern_ip(adres.split("%", 1)[0]) for adres in await _adressen(host, poort))
    return False  # a public IP literal


async def _stuur(client: httpx.AsyncClient, row: Any) -> tuple[int | None, str | None]:
    if await intern_doel(row.url):
        return None, "Niet verstuurd: het adres wijst naar een intern netwerk."
    body = orjson.dumps(row.body)
    headers = {
        "Content-Type": "application/json",
        "Idempotency-Key": row.id,
        SIGNATURE_HEADER: handtekening(row.geheim, int(time.time()), body),
    }
    try:
        response = await client.post(row.url, content=body, headers=headers, timeout=10.0)
    except httpx.HTTPError as error:
        return None, f"{type(error).__name__}: {error}"[:500]
    return response.status_code, None if response.is_success else f"HTTP {response.status_code}"


def _leg_vast(factory: Connect, row: Any, status: int | None, fout: str | None) -> None:
    now = datetime.now(UTC)
    values: dict[str, Any] = {"laatste_status": status, "laatste_fout": fout}
    if status is not None and 200 <= status < 300:
        values["afgeleverd_at"] = now
    elif row.pogingen + 1 >= MAX_POGINGEN:
        values["afgeleverd_at"] = now  # given up: the status and error stay for an operator
        logger.error("feedback %s to %s failed for good: %s", row.id, row.creditor_id, fout)
    else:
        wacht = BACKOFF.delay(row.pogingen + 1, random.random())  # noqa: S311 (jitter, not crypto)
        values["volgende_poging_at"] = now + timedelta(seconds=wacht)
    with unit_of_work(factory) as session:
        session.execute(
            sa.update(terugkoppel_bericht)
            .where(terugkoppel_bericht.c.id == row.id)
            .values(**values)
        )


async def lever_uit(app: FastAPI, *, limit: int = 50) -> int:
    """Attempt every due message once; returns how many were attempted."""
    factory: Connect = app.state.connect
    rows = _claim(factory, datetime.now(UTC), limit)
    if not rows:
        return 0
    transport = getattr(app.state, "terugkoppel_transport", None)
    async with httpx.AsyncClient(transport=transport) as client:
        for row in rows:
            status, fout = await _stuur(client, row)
            _leg_vast(factory, row, status, fout)
    return len(rows)


async def terugkoppel_job(app: FastAPI, stop: asyncio.Event) -> None:
    """Background job: deliver due feedback messages every few seconds."""
    interval = app.state.settings.terugkoppel_interval_seconds
    while not stop.is_set():
        try:
            await lever_uit(app)
        except Exception:  # a database or network hiccup must not end the job
            logger.exception("feedback delivery round failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
