"""Retention: erase personal data of signals that led to no help (DOMAIN.md §2, policy
`bewaartermijnen.signaal_zonder_hulp_maanden`, default 12 months).

Erased: the resident columns of the signals (BSN, name, birth date, address, phone, e-mail) and
the case's address key. Kept: pseudonymous keys, amounts, dates, statuses and end results, so
counts and the DDAS delivery remain; events were never personal. Each run is recorded in
`bewaar_verwijdering` with what it erased, and as a `signalen.gewist` event.

"No help" means: a signal that was not picked up (no case), or a case closed with an end result
other than advice, follow-up help or a referral.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, date, datetime

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy import Connection

from services.signals import repository
from services.signals.models import bewaar_verwijdering, casus, signaal
from shared.auth import Principal, Role
from shared.contracts import signals_events as ev
from shared.contracts.ddas import Eindresultaat
from shared.db import transaction_lock, unit_of_work
from shared.plumbing import PlumbingTables
from shared.policy import Policy
from shared.processing_log import log_processing
from shared.sql import in_set
from shared.types import today

logger = logging.getLogger(__name__)

HULP = frozenset(
    {
        Eindresultaat.ADVIES_QUICK_FIX,
        Eindresultaat.VERVOLGHULP_FINANCIEEL,
        Eindresultaat.VERWIJZING_ZONDER_TOESTEMMING,
        Eindresultaat.VERVOLGHULP_NIET_FINANCIEEL,
    }
)
PERSOONSGEGEVENS = (
    "bsn",
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "naam_sleutel",
    "geboortedatum",
    "straat",
    "postcode",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "adres_sleutel",
    "woonplaats",
    "telefoon",
    "email",
)
# Any constant will do, as long as every sweeping replica uses the same one.
BEWAAR_LOCK = 0x62616C616E7362  # "balansb"
SYSTEEM = Principal(subject="system:signals-bewaartermijn", roles=frozenset({Role.service}))


def maanden_terug(dag: date, maanden: int) -> date:
    """The same day `maanden` months earlier (the month's last day when it has fewer days)."""
    index = dag.year * 12 + dag.month - 1 - maanden
    jaar, maand = divmod(index, 12)
    for dag_nr in (dag.day, 30, 29, 28):
        with contextlib.suppress(ValueError):
            return date(jaar, maand + 1, dag_nr)
    raise AssertionError("unreachable")


def wis_verlopen(
    session: Connection, tables: PlumbingTables, *, policy: Policy, peildatum: date
) -> tuple[int, int]:
    """Erase what is past retention on `peildatum`; returns (signals, cases) erased."""
    # Every replica sweeps (at start-up, then daily): sweeps take turns until commit, so a
    # second one sees the first's erasure and neither erases nor records a run twice.
    transaction_lock(session, BEWAAR_LOCK)
    grens = maanden_terug(peildatum, policy.bewaartermijnen.signaal_zonder_hulp_maanden)
    geen_hulp = [r.value for r in Eindresultaat if r not in HULP]
    casus_ids = list(
        session.execute(
            sa.select(casus.c.id).where(
                casus.c.gewist_at.is_(None),
                casus.c.status == "afgesloten",
                casus.c.resultaat.in_(geen_hulp),
                casus.c.afgesloten_op <= grens,
            )
        ).scalars()
    )
    # The ids as one parameter (`in_set`): a sweep may erase more than a statement's limit
    # of parameters (32,766 on SQLite).
    zonder_casus = sa.and_(signaal.c.casus_id.is_(None), signaal.c.signaaldatum <= grens)
    rows = session.execute(
        sa.select(signaal.c.id, signaal.c.subject_key).where(
            signaal.c.gewist_at.is_(None),
            sa.or_(in_set(signaal.c.casus_id, "casus_ids"), zonder_casus),
        ),
        {"casus_ids": casus_ids},
    ).all()
    if not rows and not casus_ids:
        return 0, 0
    now = datetime.now(UTC)
    signaal_ids = [row.id for row in rows]
    session.execute(
        sa.update(signaal)
        .where(in_set(signaal.c.id, "ids"))
        .values({**dict.fromkeys(PERSOONSGEGEVENS), "gewist_at": now}),
        {"ids": signaal_ids},
    )
    session.execute(
        sa.update(casus).where(in_set(casus.c.id, "ids")).values(adres_sleutel=None, gewist_at=now),
        {"ids": casus_ids},
    )
    session.execute(
        bewaar_verwijdering.insert().values(
            uitgevoerd_at=now,
            grensdatum=grens,
            aantal_signalen=len(signaal_ids),
            aantal_casussen=len(casus_ids),
            details={"signalen": signaal_ids, "casussen": casus_ids},
        )
    )
    repository.append_events(
        session,
        tables,
        gemeentecode=policy.gemeentecode,
        events=[
            (
                ev.SIGNALEN_GEWIST,
                None,
                ev.SignalenGewist(
                    grensdatum=grens,
                    aantal_signalen=len(signaal_ids),
                    aantal_casussen=len(casus_ids),
                ).document(),
            )
        ],
    )
    log_processing(
        session,
        tables,
        activities={a.id for a in policy.verwerkingsactiviteiten},
        principal=SYSTEEM,
        action="bewaartermijn-wissen",
        activity_id="vroegsignalering",
        subject_keys=[row.subject_key for row in rows],
    )
    return len(signaal_ids), len(casus_ids)


def _wis(app: FastAPI) -> tuple[int, int]:
    with unit_of_work(app.state.connect) as session:
        return wis_verlopen(session, app.state.plumbing, policy=app.state.policy, peildatum=today())


async def bewaar_job(app: FastAPI, stop: asyncio.Event) -> None:
    """Background job: enforce retention at start-up and then every interval (daily); in a
    worker thread, as the deadline watches run, since a day's erasures may take a while."""
    interval = app.state.settings.bewaar_interval_seconds
    while not stop.is_set():
        try:
            erased = await asyncio.to_thread(_wis, app)
            if any(erased):
                logger.info("retention: erased %d signals, %d cases", *erased)
        except Exception:  # a database hiccup must not end the job
            logger.exception("retention run failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
