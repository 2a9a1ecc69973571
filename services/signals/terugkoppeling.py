"""What a creditor may learn about its own signals (DDAS feedback), as plain reads.

DOMAIN.md §2: the outcome is reported back, but only what the partner may know; for
"Niet opgepakt: andere reden" the partner learns only that it was not picked up, not why.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.signals.models import casus, signaal
from services.signals.schemas import SignaalRead
from shared.contracts.ddas import Eindresultaat, Signaalstatus
from shared.pagination import Page, PageParams
from shared.problems import NotFound

KOLOMMEN = (
    signaal.c.id,
    signaal.c.partner_id,
    signaal.c.partner_type,
    signaal.c.bedrag,
    signaal.c.ontstaansdatum,
    signaal.c.signaaldatum,
    signaal.c.ontvangen_at,
    signaal.c.status,
    signaal.c.status_reden,
    signaal.c.subject_key,
    casus.c.resultaat,
)


def terugkoppeling(row: Any) -> SignaalRead:
    """The feedback for one signal row (joined with its case's end result)."""
    status = Signaalstatus(row.status)
    resultaat = Eindresultaat(row.resultaat) if row.resultaat else None
    if resultaat is Eindresultaat.ANDERE_REDEN:
        resultaat = None
    verborgen = status is Signaalstatus.ANDERE_REDEN
    ontvangen = row.ontvangen_at
    if ontvangen.tzinfo is None:
        ontvangen = ontvangen.replace(tzinfo=UTC)
    return SignaalRead(
        id=row.id,
        partner_id=row.partner_id,
        partner_type=row.partner_type,
        bedrag=row.bedrag,
        ontstaansdatum=row.ontstaansdatum,
        signaaldatum=row.signaaldatum,
        ontvangen_at=ontvangen,
        status=status,
        opgepakt=status is Signaalstatus.NOG_NIET_OPGEPAKT,
        reden=None if verborgen else row.status_reden,
        resultaat=resultaat,
    )


def _query() -> sa.Select[Any]:
    return sa.select(*KOLOMMEN).select_from(
        signaal.outerjoin(casus, signaal.c.casus_id == casus.c.id)
    )


def lees(session: Connection, *, creditor_id: str, signaal_id: str) -> tuple[SignaalRead, str]:
    """One signal of this creditor, with its subject key; NotFound for anyone else's."""
    row = session.execute(
        _query().where(signaal.c.id == signaal_id, signaal.c.creditor_id == creditor_id)
    ).first()
    if row is None:
        raise NotFound("Signaal niet gevonden.")
    return terugkoppeling(row), row.subject_key


def lijst(
    session: Connection, *, creditor_id: str, paging: PageParams, status: Signaalstatus | None
) -> tuple[Page[SignaalRead], list[str]]:
    """This creditor's signals, newest first, with the subject keys on the page."""
    conditions = [signaal.c.creditor_id == creditor_id]
    if status is not None:
        conditions.append(signaal.c.status == status.value)
    total = session.execute(
        sa.select(sa.func.count()).select_from(signaal).where(*conditions)
    ).scalar_one()
    rows = session.execute(
        _query()
        .where(*conditions)
        .order_by(signaal.c.ontvangen_at.desc(), signaal.c.id)
        .offset(paging.offset)
        .limit(paging.page_size)
    ).all()
    page = Page[SignaalRead](
        items=[terugkoppeling(row) for row in rows],
        page=paging.page,
        page_size=paging.page_size,
        total=int(total),
    )
    return page, [row.subject_key for row in rows]
