"""The deadline watch: a background job that reports each deadline passed while its step is open.

A decision overdue, a stabilisation over the 4-month benchmark or the 6-month maximum, a
settlement not agreed 120 days after submission, aftercare past its end: the step's own
`traject.termijn` event follows only when the step is done, so reporting and the work lists
would not hear of a case that simply stalls. The watch appends `traject.termijn-verstreken` the
first day after the deadline, once per trajectory, deadline and deadline date: the row in
`termijn_verstreken` is claimed with INSERT ... ON CONFLICT DO NOTHING, so two replicas (or a
rerun) never report the same deadline twice. A stabilisation that starts again has new dates,
so it is watched anew.

Each batch is its own short transaction, run in a worker thread: the event loop keeps serving
and SQLite's write lock is held for one batch only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from services.trajectory import repository
from services.trajectory.context import Ctx
from services.trajectory.domain.termijnen import BEWAAKT, Termijn
from services.trajectory.models import termijn_verstreken, traject
from shared.auth import Principal, Role
from shared.contracts import trajectory_events as ev
from shared.db import Connect, unit_of_work
from shared.policy import Policy
from shared.types import today

logger = logging.getLogger(__name__)

SYSTEEM = Principal(subject="system:trajectory-termijnbewaking", roles=frozenset({Role.service}))
BATCH = 500


def _claim(session: Connection, rows: list[dict[str, object]]) -> set[tuple[str, str, date]]:
    """Insert the rows not claimed before; the keys this transaction claimed."""
    dialect = postgresql if session.dialect.name == "postgresql" else sqlite
    claimed = session.execute(
        dialect.insert(termijn_verstreken)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(
            termijn_verstreken.c.traject_id,
            termijn_verstreken.c.termijn,
            termijn_verstreken.c.termijn_datum,
        )
    ).all()
    return {(r.traject_id, r.termijn, r.termijn_datum) for r in claimed}


def meld_batch(
    session: Connection, *, policy: Policy, termijn: Termijn, peildatum: date, limit: int = BATCH
) -> tuple[int, int]:
    """Report up to `limit` passed, unreported deadlines of one kind; (found, reported)."""
    kolom, open_ = repository.open_termijn(termijn)
    gemeld = sa.exists().where(
        termijn_verstreken.c.traject_id == traject.c.id,
        termijn_verstreken.c.termijn == termijn.value,
        termijn_verstreken.c.termijn_datum == kolom,
    )
    found = session.execute(
        sa.select(traject.c.id, traject.c.subject_key, kolom.label("termijn_datum"))
        .where(open_, kolom < peildatum, ~gemeld)
        .order_by(kolom, traject.c.id)
        .limit(limit)
    ).all()
    if not found:
        return 0, 0
    now = datetime.now(UTC)
    claimed = _claim(
        session,
        [
            {
                "traject_id": r.id,
                "termijn": termijn.value,
                "termijn_datum": r.termijn_datum,
                "vastgesteld_op": peildatum,
                "at": now,
            }
            for r in found
        ],
    )
    ctx = Ctx(session=session, policy=policy, principal=SYSTEEM, vandaag=peildatum)
    reported = [r for r in found if (r.id, termijn.value, r.termijn_datum) in claimed]
    for r in reported:
        ctx.event(
            ev.TERMIJN_VERSTREKEN,
            subject_key=r.subject_key,
            payload=ev.TermijnVerstreken(
                traject_id=uuid.UUID(r.id),
                termijn=termijn.value,
                termijn_datum=r.termijn_datum,
                vastgesteld_op=peildatum,
            ),
        )
    ctx.log("termijn-bewaken", [r.subject_key for r in reported])
    return len(found), len(reported)


def meld_verstreken(
    factory: Connect, *, policy: Policy, peildatum: date, batch: int = BATCH
) -> int:
    """Report every passed, unreported deadline on `peildatum`, a batch per transaction."""
    total = 0
    for termijn in BEWAAKT:
        while True:
            with unit_of_work(factory) as session:
                found, reported = meld_batch(
                    session, policy=policy, termijn=termijn, peildatum=peildatum, limit=batch
                )
            total += reported
            if found < batch:
                break
    return total


async def termijnbewaking_job(app: FastAPI, stop: asyncio.Event) -> None:
    """Background job: watch the deadlines at start-up and then every interval."""
    settings = app.state.settings
    if not settings.run_background_jobs:
        return
    while not stop.is_set():
        try:
            reported = await asyncio.to_thread(
                meld_verstreken, app.state.connect, policy=app.state.policy, peildatum=today()
            )
            if reported:
                logger.info("deadline watch: %d deadlines passed", reported)
        except Exception:  # a database hiccup must not end the job; the next round retries
            logger.exception("deadline watch failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=settings.termijnbewaking_interval_seconds)
