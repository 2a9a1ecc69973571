"""Grey-zone matches: a coordinator decides whether two residents are one person.

Merging gives every signal under the new key the candidate's key and, when both have an open
case, moves the new case's signals into the candidate's case; the emptied case gets status
`samengevoegd` (a history entry, never a delete).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.signals import repository
from services.signals.beleid import EerderSignaal
from services.signals.bundeling import casus_totaal
from services.signals.models import casus, match_beoordeling, signaal
from services.signals.workflow import Omgeving, event, overgang
from shared.contracts import signals_events as ev
from shared.contracts.ddas import Signaalstatus
from shared.problems import Conflict, NotFound


def besluit(
    session: Connection, beoordeling_id: str, samenvoegen: bool, *, env: Omgeving
) -> list[str]:
    """Decide a grey-zone match; returns the person keys whose data were changed."""
    review = session.execute(
        sa.select(match_beoordeling).where(match_beoordeling.c.id == beoordeling_id)
    ).first()
    if review is None:
        raise NotFound("Beoordeling niet gevonden.")
    if review.status != "open":
        raise Conflict("Over deze match is al besloten.")
    session.execute(
        sa.update(match_beoordeling)
        .where(match_beoordeling.c.id == beoordeling_id)
        .values(
            status="samengevoegd" if samenvoegen else "afgewezen",
            besloten_door=env.principal.subject,
            besloten_at=datetime.now(UTC),
        )
    )
    if not samenvoegen:
        return []
    oude_sleutel = session.execute(
        sa.select(signaal.c.subject_key).where(signaal.c.id == review.signaal_id)
    ).scalar_one()
    _voeg_samen(session, review, env=env)
    return [oude_sleutel, review.kandidaat_subject_key]


def _voeg_samen(session: Connection, review: Any, *, env: Omgeving) -> None:
    nieuw = session.execute(sa.select(signaal).where(signaal.c.id == review.signaal_id)).one()
    oude_sleutel = nieuw.subject_key
    doel = session.execute(
        sa.select(casus).where(
            casus.c.subject_key == review.kandidaat_subject_key,
            casus.c.status.in_(repository.OPEN_STATUSSEN),
        )
    ).first()
    bron = session.execute(sa.select(casus).where(casus.c.id == nieuw.casus_id)).first()
    # The resident is one person: every signal under the new key takes the candidate's key.
    session.execute(
        sa.update(signaal)
        .where(signaal.c.subject_key == oude_sleutel)
        .values(subject_key=review.kandidaat_subject_key)
    )
    if bron is None or bron.status not in repository.OPEN_STATUSSEN:
        return
    if doel is None:
        session.execute(
            sa.update(casus)
            .where(casus.c.id == bron.id)
            .values(subject_key=review.kandidaat_subject_key)
        )
        return
    overgang(
        session,
        bron,
        "samengevoegd",
        env=env,
        gebeurtenis="samengevoegd",
        reden=f"In casus {doel.id}",
    )
    session.execute(
        sa.update(signaal).where(signaal.c.casus_id == bron.id).values(casus_id=doel.id)
    )
    session.execute(
        sa.update(casus)
        .where(casus.c.id == doel.id)
        .values(
            totaal_bedrag=_totaal(session, doel.id),
            crisis=doel.crisis or bron.crisis,
            warme_overdracht=doel.warme_overdracht or bron.warme_overdracht,
        )
    )
    session.execute(
        sa.update(casus)
        .where(casus.c.id == bron.id)
        .values(status="samengevoegd", samengevoegd_in=doel.id)
    )
    event(
        session,
        env,
        ev.CASUS_SAMENGEVOEGD,
        review.kandidaat_subject_key,
        ev.CasusSamengevoegd(casus_id=bron.id, in_casus_id=doel.id),
    )


def _totaal(session: Connection, casus_id: str) -> Decimal:
    """The merged case's total as bundling counts it (`bundeling.casus_totaal`): a creditor
    with signals in both cases counts once, with its latest amount, not both cases' totals
    added up."""
    per_schuldeiser: dict[str, list[EerderSignaal]] = defaultdict(list)
    rows = session.execute(
        sa.select(signaal.c.creditor_id, signaal.c.signaaldatum, signaal.c.bedrag)
        .where(
            signaal.c.casus_id == casus_id,
            signaal.c.status == Signaalstatus.NOG_NIET_OPGEPAKT.value,
        )
        .order_by(signaal.c.ontvangen_at, signaal.c.id)
    )
    for row in rows:
        per_schuldeiser[row.creditor_id].append(EerderSignaal(row.signaaldatum, row.bedrag))
    return casus_totaal(per_schuldeiser)
