"""Judge a melding's deadlines for reporting: each one once, met or missed.

A deadline is judged by whichever comes first: the first planning (`plannen`), the conversation
held (`gesprek-norm`, `gesprek-wettelijk`), the melding closed without one, or the deadline
watch the day after it passed. The judgment is claimed on the melding row with one conditional
update, so the event `intake.termijn.beoordeeld` is appended once per deadline.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, get_args

from services.intake.context import IntakeContext
from services.intake.domain.termijnen import binnen_termijn
from services.intake.repository import meldingen as repo
from shared.contracts.intake_events import TERMIJN_BEOORDEELD, Termijn, TermijnBeoordeeld

TERMIJNEN: tuple[Termijn, ...] = get_args(Termijn)
GESPREK_TERMIJNEN: tuple[Termijn, ...] = ("gesprek-norm", "gesprek-wettelijk")


def uiterlijk(melding: Any, termijn: Termijn) -> date:
    """The day by which `termijn` of this melding row falls due."""
    day: date = getattr(melding, f"{repo.termijn_kolom(termijn)}_uiterlijk")
    return day


def beoordeel(ctx: IntakeContext, melding: Any, *, termijn: Termijn, op: date | None) -> bool:
    """Judge one deadline of `melding` (met when done by `op` on or before it; missed when `op`
    is None); False when it was judged before."""
    due = uiterlijk(melding, termijn)
    gehaald = op is not None and binnen_termijn(due, op)
    if not repo.claim_oordeel(ctx.session, melding.id, termijn=termijn, gehaald=gehaald):
        return False
    _event(ctx, melding.id, melding.subject_key, termijn=termijn, uiterlijk=due, op=op)
    return True


def beoordeel_verstreken(ctx: IntakeContext, *, vandaag: date, limit: int) -> int:
    """Judge missed up to `limit` deadlines per kind that passed before `vandaag` while the melding
    stayed open without the planning or conversation they ask for; how many were judged."""
    # Every kind is claimed before any event is appended: appending takes the event lock on
    # PostgreSQL (held until commit), and a watch that went on claiming rows while holding it
    # deadlocked with a second watch holding those rows and waiting for the lock.
    claimed = [
        (termijn, repo.claim_verstreken(ctx.session, termijn=termijn, vandaag=vandaag, limit=limit))
        for termijn in TERMIJNEN
    ]
    judged = 0
    for termijn, rows in claimed:
        for row in rows:
            _event(ctx, row.id, row.subject_key, termijn=termijn, uiterlijk=row.uiterlijk, op=None)
            judged += 1
    return judged


def _event(
    ctx: IntakeContext,
    melding_id: str,
    subject_key: str,
    *,
    termijn: Termijn,
    uiterlijk: date,
    op: date | None,
) -> None:
    ctx.event(
        TERMIJN_BEOORDEELD,
        subject_key=subject_key,
        payload=TermijnBeoordeeld(
            melding_id=uuid.UUID(melding_id),
            termijn=termijn,
            uiterlijk=uiterlijk,
            op=op,
            gehaald=op is not None and binnen_termijn(uiterlijk, op),
        ),
    )
