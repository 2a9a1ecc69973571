"""The deadline watch: a background job that judges missed the deadlines passed without action.

A melding whose planning, norm or legal deadline passes while it stays open, without the
planning or the conversation the deadline asks for, yields `intake.termijn.beoordeeld` with
`gehaald` false the first run after the deadline day, once: the judgment is claimed on the
melding row (`services.intake.service.termijnen`), so a rerun, a second replica, or the desk
holding the conversation or closing the melding later reports nothing again.

Each batch is its own short transaction, run in a worker thread: the event loop keeps serving
and SQLite's write lock is held for one batch only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import date

from fastapi import FastAPI

from services.intake.context import IntakeContext
from services.intake.service import termijnen
from services.intake.settings import IntakeSettings
from shared import types
from shared.auth import Principal
from shared.db import unit_of_work

logger = logging.getLogger(__name__)

SYSTEEM = Principal(subject="system:intake-termijnbewaking", roles=frozenset())
BATCH = 500


def bewaak(app: FastAPI, *, vandaag: date, batch: int = BATCH) -> int:
    """Judge every deadline passed before `vandaag` that is still unjudged; how many were."""
    total = 0
    while True:
        with unit_of_work(app.state.connect) as session:
            ctx = IntakeContext(
                session=session,
                policy=app.state.policy,
                settings=app.state.settings,
                principal=SYSTEEM,
            )
            judged = termijnen.beoordeel_verstreken(ctx, vandaag=vandaag, limit=batch)
        total += judged
        if judged == 0:
            return total


async def termijnbewaking(app: FastAPI, stop: asyncio.Event) -> None:
    """Background job: watch the deadlines at start-up and then every interval."""
    settings: IntakeSettings = app.state.settings
    if not settings.run_background_jobs:
        return
    while not stop.is_set():
        try:
            judged = await asyncio.to_thread(bewaak, app, vandaag=types.today())
            if judged:
                logger.info("deadline watch: %d deadlines judged missed", judged)
        except Exception:  # a database hiccup must not end the job
            logger.exception("deadline watch failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=settings.termijnbewaking_interval_seconds)
