"""Batches of signals: accepted at once (202), processed in chunks with visible progress.

Crash safety: the raw body is stored with the batch; each chunk is one transaction that stores
its signals, its row report and the batch's new position (`verwerkt_tot`) together. After a
crash the batch resumes at that position: no accepted row is lost and none is stored twice (the
unique (creditor, partner id) constraint backs this up). Replicas claim batches with a lease
(`FOR UPDATE SKIP LOCKED` on PostgreSQL), so one batch is processed by one worker at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from services.signals import invoer, repository, verwerking
from services.signals.matching import zonder_gc
from services.signals.models import batch_rij_fout, signaal_batch, signaal_batch_inhoud
from services.signals.schemas import BatchRead, RijFout
from services.signals.settings import SignalsSettings
from shared.auth import Principal, Role
from shared.contracts.ddas import Signaalpartner
from shared.db import Connect, unit_of_work
from shared.pagination import PageParams
from shared.problems import DomainError, NotFound

logger = logging.getLogger(__name__)

ONVERWERKT = ("ontvangen", "bezig")


# Bodies stored at upload, handed to the worker of the same process as the bytes object the
# upload already holds: reading 36 MB back costs time and, on PostgreSQL, a transient copy of
# twice that (bytea as hex text). The worker takes its batch's body out; after a restart, or on
# another replica, it reads the stored body. A batch whose upload rolled back is never claimed:
# the oldest entry gives way.
_BODIES_MAX = 2
_BODIES_LOCK = threading.Lock()


def _bodies(app: FastAPI) -> dict[str, bytes]:
    found: dict[str, bytes] | None = getattr(app.state, "batch_bodies", None)
    if found is None:
        found = app.state.batch_bodies = {}
    return found


def _geef_body(app: FastAPI, batch_id: str, body: bytes) -> None:
    with _BODIES_LOCK:
        klaar = _bodies(app)
        while len(klaar) >= _BODIES_MAX:
            klaar.pop(next(iter(klaar)))
        klaar[batch_id] = body


def _neem_body(app: FastAPI, batch_id: str) -> bytes | None:
    with _BODIES_LOCK:
        return _bodies(app).pop(batch_id, None)


def ontvang(
    app: FastAPI,
    session: Connection,
    *,
    body: bytes,
    formaat: str,
    ctx: verwerking.Context,
    max_rijen: int,
) -> str:
    """Check the body cheaply (400 for a wrong CSV header or a JSON body that is no array, 413
    for too many rows: `invoer.controleer`) and store it with the batch; returns its id. The
    rows are counted, read and validated by the worker."""
    invoer.controleer(formaat, body, max_rijen=max_rijen)
    batch_id = repository.nieuw_id()
    session.execute(
        signaal_batch.insert().values(
            id=batch_id,
            gemeentecode=ctx.policy.gemeentecode,
            creditor_id=ctx.creditor_id,
            partner_type=ctx.partner_type.value,
            ingediend_door=ctx.principal.subject,
            formaat=formaat,
            status="ontvangen",
            ontvangen=0,  # counted by the worker before its first chunk
            verwerkt_tot=0,
            geaccepteerd=0,
            afgewezen=0,
            dubbel=0,
            ontvangen_at=datetime.now(UTC),
        )
    )
    session.execute(signaal_batch_inhoud.insert().values(batch_id=batch_id, inhoud=body))
    _geef_body(app, batch_id, body)
    return batch_id


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def lees(
    session: Connection, *, creditor_id: str, batch_id: str, paging: PageParams | None = None
) -> BatchRead:
    """The batch and (a page of) its per-row report; NotFound for another creditor's batch."""
    paging = paging or PageParams()
    row = session.execute(
        sa.select(signaal_batch).where(
            signaal_batch.c.id == batch_id, signaal_batch.c.creditor_id == creditor_id
        )
    ).first()
    if row is None:
        raise NotFound("Batch niet gevonden.")
    van_batch = batch_rij_fout.c.batch_id == batch_id
    totaal = session.execute(sa.select(sa.func.count()).where(van_batch)).scalar_one()
    fouten = session.execute(
        sa.select(batch_rij_fout.c.rij, batch_rij_fout.c.veld, batch_rij_fout.c.reden)
        .where(van_batch)
        .order_by(batch_rij_fout.c.rij, batch_rij_fout.c.id)
        .offset(paging.offset)
        .limit(paging.page_size)
    ).all()
    return BatchRead(
        id=row.id,
        status=row.status,
        formaat=row.formaat,
        ontvangen=row.ontvangen,
        verwerkt=row.verwerkt_tot,
        geaccepteerd=row.geaccepteerd,
        afgewezen=row.afgewezen,
        dubbel=row.dubbel,
        ontvangen_at=_utc(row.ontvangen_at),
        klaar_at=_utc(row.klaar_at),
        fouten=[RijFout(rij=f.rij, veld=f.veld, reden=f.reden) for f in fouten],
        fouten_totaal=int(totaal),
        pagina=paging.page,
        pagina_grootte=paging.page_size,
    )


def claim(factory: Connect, *, lease: timedelta) -> str | None:
    """Take the oldest unfinished batch whose lease has run out (or that has none)."""
    now = datetime.now(UTC)
    with unit_of_work(factory) as session:
        row = session.execute(
            sa.select(signaal_batch.c.id)
            .where(
                signaal_batch.c.status.in_(ONVERWERKT),
                sa.or_(signaal_batch.c.geclaimd_tot.is_(None), signaal_batch.c.geclaimd_tot < now),
            )
            .order_by(signaal_batch.c.ontvangen_at)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if row is None:
            return None
        session.execute(
            sa.update(signaal_batch)
            .where(signaal_batch.c.id == row.id)
            .values(status="bezig", geclaimd_tot=now + lease)
        )
        return str(row.id)


def verwerk(app: FastAPI, batch_id: str) -> None:
    """Process a claimed batch from its position to the end, one transaction per chunk.

    The body (handed over by the upload, or read from the store) is read twice, a row at a
    time: once to count its rows (and to find a body that is not well-formed JSON before any
    row is stored: the batch ends `mislukt` with the reason in its report), then a chunk at a
    time to validate and store. At most one chunk of rows and validated models is alive."""
    settings: SignalsSettings = app.state.settings
    factory: Connect = app.state.connect
    with factory() as session:
        batch = session.execute(
            sa.select(signaal_batch).where(signaal_batch.c.id == batch_id)
        ).one()
    body = _neem_body(app, batch_id)
    if body is None:  # after a restart, or uploaded to another replica
        with factory() as session:
            body = session.execute(
                sa.select(signaal_batch_inhoud.c.inhoud).where(
                    signaal_batch_inhoud.c.batch_id == batch_id
                )
            ).scalar_one()
    try:
        aantal = invoer.tel(batch.formaat, body, max_rijen=settings.batch_max_rijen)
    except DomainError as error:
        _weiger_body(factory, batch_id, error)
        return
    if aantal != batch.ontvangen:
        with unit_of_work(factory) as session:
            session.execute(
                sa.update(signaal_batch)
                .where(signaal_batch.c.id == batch_id)
                .values(ontvangen=aantal)
            )
    ctx = verwerking.Context(
        principal=Principal(
            subject=batch.ingediend_door,
            roles=frozenset({Role.creditor}),
            creditor_id=batch.creditor_id,
            partner_type=batch.partner_type,
        ),
        creditor_id=batch.creditor_id,
        partner_type=Signaalpartner(batch.partner_type),
        policy=app.state.policy,
        pseudonym_key=settings.pseudonym_key,
        match_drempel=settings.match_drempel,
        grijs_drempel=settings.match_grijs_drempel,
        batch_id=batch_id,
    )
    lease = timedelta(seconds=settings.batch_lease_seconds)
    stukken = invoer.stukken(
        batch.formaat, body, vanaf=batch.verwerkt_tot, stap=settings.batch_chunk_rijen
    )
    for eerste, rijen in stukken:
        # A chunk makes millions of small objects without reference cycles (rows, models,
        # parameters) and keeps them until it is stored: the collector would walk them again
        # and again (11% of a 100,000-row batch on SQLite). Reference counting frees them.
        with zonder_gc():
            gelezen = invoer.valideer(rijen, eerste=eerste)
            del rijen
            eind = eerste - 1 + gelezen.aantal
            _verwerk_chunk(
                app, batch_id, gelezen.signalen, gelezen.fouten, eind=eind, ctx=ctx, lease=lease
            )
            del gelezen
    del body
    with unit_of_work(factory) as session:
        _vergeet_inhoud(session, batch_id)
        session.execute(
            sa.update(signaal_batch)
            .where(signaal_batch.c.id == batch_id)
            .values(status="klaar", klaar_at=datetime.now(UTC), geclaimd_tot=None)
        )


def _weiger_body(factory: Connect, batch_id: str, error: DomainError) -> None:
    """A body the upload could not judge cheaply and the worker cannot read (not well-formed
    JSON, more rows than allowed, no rows): the batch ends `mislukt`, nothing stored, and the
    report says why (field `body`)."""
    redenen = [p.reason for p in error.invalid_params or []] or [error.detail]
    with unit_of_work(factory) as session:  # one transaction: a resume cannot report it twice
        session.execute(
            batch_rij_fout.insert(),
            [
                {"batch_id": batch_id, "rij": 0, "veld": "body", "reden": reden[:500]}
                for reden in redenen
            ],
        )
        _mislukt(session, batch_id, error.detail)


def _vergeet_inhoud(session: Connection, batch_id: str) -> None:
    # The body holds personal data; once every row is stored (or the batch failed) it goes.
    session.execute(
        sa.delete(signaal_batch_inhoud).where(signaal_batch_inhoud.c.batch_id == batch_id)
    )


def _verwerk_chunk(
    app: FastAPI,
    batch_id: str,
    geldig: list[tuple[int, Any]],
    fouten: list[tuple[int, str, str]],
    *,
    eind: int,
    ctx: verwerking.Context,
    lease: timedelta,
) -> None:
    """One chunk in one transaction: its signals, its row report and the batch's position."""
    for poging in (1, 2):
        try:
            _chunk_transactie(app, batch_id, geldig, fouten, eind=eind, ctx=ctx, lease=lease)
            return
        except IntegrityError:
            # A concurrent single push of the same (creditor, partnerId) won; on the second
            # try that row reads as a duplicate.
            if poging == 2:
                raise


def _chunk_transactie(
    app: FastAPI,
    batch_id: str,
    geldig: list[tuple[int, Any]],
    fouten: list[tuple[int, str, str]],
    *,
    eind: int,
    ctx: verwerking.Context,
    lease: timedelta,
) -> None:
    """One attempt at a chunk's transaction."""
    factory: Connect = app.state.connect
    with unit_of_work(factory) as session:
        result = verwerking.verwerk(session, app.state.plumbing, geldig, ctx=ctx)
        alle_fouten = sorted(fouten + result.fouten)
        if alle_fouten:
            session.execute(
                batch_rij_fout.insert(),
                [
                    {"batch_id": batch_id, "rij": rij, "veld": veld, "reden": reden[:500]}
                    for rij, veld, reden in alle_fouten
                ],
            )
        afgewezen = len({rij for rij, _, _ in alle_fouten})
        session.execute(
            sa.update(signaal_batch)
            .where(signaal_batch.c.id == batch_id)
            .values(
                verwerkt_tot=eind,
                geaccepteerd=signaal_batch.c.geaccepteerd + len(result.opgeslagen),
                afgewezen=signaal_batch.c.afgewezen + afgewezen,
                dubbel=signaal_batch.c.dubbel + len(result.dubbel),
                geclaimd_tot=datetime.now(UTC) + lease,
            )
        )


def _markeer_mislukt(factory: Connect, batch_id: str, fout: str) -> None:
    with unit_of_work(factory) as session:
        _mislukt(session, batch_id, fout)


def _mislukt(session: Connection, batch_id: str, fout: str) -> None:
    _vergeet_inhoud(session, batch_id)
    session.execute(
        sa.update(signaal_batch)
        .where(signaal_batch.c.id == batch_id)
        .values(status="mislukt", fout=fout[:2000], geclaimd_tot=None)
    )


def wakker(app: FastAPI) -> asyncio.Event:
    """The event that wakes the batch worker when a batch arrives."""
    event: asyncio.Event | None = getattr(app.state, "batch_wakker", None)
    if event is None:
        event = app.state.batch_wakker = asyncio.Event()
    return event


async def verwerk_open_batches(app: FastAPI) -> int:
    """Claim and process batches until none is left; returns how many were processed."""
    settings: SignalsSettings = app.state.settings
    lease = timedelta(seconds=settings.batch_lease_seconds)
    aantal = 0
    while batch_id := await asyncio.to_thread(claim, app.state.connect, lease=lease):
        try:
            await asyncio.to_thread(verwerk, app, batch_id)
        except Exception as error:  # one bad batch must not stop the others
            logger.exception("batch %s failed", batch_id)
            await asyncio.to_thread(_markeer_mislukt, app.state.connect, batch_id, repr(error))
        aantal += 1
    return aantal


async def batch_worker(app: FastAPI, stop: asyncio.Event) -> None:
    """Background job: resumes unfinished batches at start-up and takes new ones as they come."""
    settings: SignalsSettings = app.state.settings
    event = wakker(app)
    while not stop.is_set():
        try:
            await verwerk_open_batches(app)
        except Exception:  # a database hiccup must not end the worker
            logger.exception("batch worker round failed")
        event.clear()
        with contextlib.suppress(TimeoutError):
            waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(event.wait())]
            await asyncio.wait(
                waits, timeout=settings.batch_poll_seconds, return_when="FIRST_COMPLETED"
            )
            for waiter in waits:
                waiter.cancel()
