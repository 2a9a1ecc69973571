"""Reading cases (DDAS Vroegsignaalzaak) for staff: work queue, detail and household view.

List reads load the page's signals and contact attempts in one query each, never per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.signals import triage
from services.signals.casus_schemas import (
    CasusDetail,
    CasusRead,
    CasusSignaal,
    ContactpogingRead,
    HistorieRead,
)
from services.signals.models import casus, casus_historie, contactpoging, signaal
from shared.contracts.ddas import Signaalpartner
from shared.pagination import Page, PageParams
from shared.policy import Prioriteit, SignaalActie, TriageRegel
from shared.problems import NotFound


@dataclass(frozen=True)
class Weergave:
    """What a case read depends on besides the case: the day it is read and the triage table."""

    today: date
    triage: Sequence[TriageRegel]

    def kolommen(self) -> tuple[Any, Any]:
        return triage.kolommen(self.triage, self.today)


@dataclass(frozen=True)
class Filter:
    """Work-queue filters (all optional)."""

    status: str | None = None
    partner_type: Signaalpartner | None = None
    min_bedrag: Decimal | None = None
    max_bedrag: Decimal | None = None
    crisis: bool | None = None
    postcode_gebied: str | None = None
    actie: SignaalActie | None = None
    min_wachtdagen: int | None = None
    jongere: bool | None = None
    prioriteit: Prioriteit | None = None


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _conditions(filter_: Filter, weergave: Weergave) -> list[Any]:
    today = weergave.today
    found: list[Any] = []
    if filter_.status is not None:
        found.append(casus.c.status == filter_.status)
    if filter_.partner_type is not None:
        found.append(
            sa.exists().where(
                signaal.c.casus_id == casus.c.id,
                signaal.c.partner_type == filter_.partner_type.value,
            )
        )
    if filter_.min_bedrag is not None:
        found.append(casus.c.totaal_bedrag >= filter_.min_bedrag)
    if filter_.max_bedrag is not None:
        found.append(casus.c.totaal_bedrag <= filter_.max_bedrag)
    if filter_.crisis is not None:
        found.append(casus.c.crisis == filter_.crisis)
    if filter_.postcode_gebied is not None:
        found.append(casus.c.postcode_gebied == filter_.postcode_gebied)
    if filter_.actie is not None:
        found.append(casus.c.actie == filter_.actie.value)
    if filter_.jongere is not None:
        # Target group "jongere" (handoffs.Doelgroep): 16 to 27, from a signal's birth date.
        jong = triage.jongere(today)
        found.append(jong if filter_.jongere else ~jong)
    if filter_.prioriteit is not None:
        found.append(triage.rang(weergave.triage, today) == filter_.prioriteit.rang)
    if filter_.min_wachtdagen is not None:
        found.append(
            casus.c.matchingsdatum <= date.fromordinal(today.toordinal() - filter_.min_wachtdagen)
        )
    return found


def _reads(session: Connection, rows: Sequence[Any], *, today: date) -> list[CasusRead]:
    """The rows carry the triage columns (`Weergave.kolommen`)."""
    ids = [row.id for row in rows]
    signalen: dict[str, list[CasusSignaal]] = defaultdict(list)
    pogingen: dict[str, list[ContactpogingRead]] = defaultdict(list)
    if ids:
        for s in session.execute(
            sa.select(signaal).where(signaal.c.casus_id.in_(ids)).order_by(signaal.c.signaaldatum)
        ):
            signalen[s.casus_id].append(
                CasusSignaal(
                    id=s.id,
                    partner_type=s.partner_type,
                    bedrag=s.bedrag,
                    signaaldatum=s.signaaldatum,
                    crisissignaal=s.crisissignaal,
                    warme_overdracht=s.warme_overdracht,
                )
            )
        for p in session.execute(
            sa.select(contactpoging)
            .where(contactpoging.c.casus_id.in_(ids))
            .order_by(contactpoging.c.datum, contactpoging.c.vastgelegd_at)
        ):
            pogingen[p.casus_id].append(
                ContactpogingRead(
                    id=p.id,
                    soort=p.soort,
                    bereikt=p.bereikt,
                    datum=p.datum,
                    dagdeel=p.dagdeel,
                    consulent=p.consulent,
                    vastgelegd_at=_utc(p.vastgelegd_at),
                )
            )
    return [
        CasusRead(
            id=row.id,
            status=row.status,
            actie=row.actie,
            prioriteit=triage.prioriteit(row.triage_rang),
            triage_regel=row.triage_regel,
            crisis=row.crisis,
            warme_overdracht=row.warme_overdracht,
            totaal_bedrag=row.totaal_bedrag,
            postcode_gebied=row.postcode_gebied,
            adres_sleutel=row.adres_sleutel,
            matchingsdatum=row.matchingsdatum,
            startdatum_matchingperiode=row.startdatum_matchingperiode,
            einddatum_matchingperiode=row.einddatum_matchingperiode,
            datum_opgepakt=row.datum_opgepakt,
            consulent1=row.consulent_1,
            consulent2=row.consulent_2,
            gepland_datum=row.geplande_datum,
            resultaat=row.resultaat,
            afgesloten_datum=row.afgesloten_op,
            wachtdagen=max((today - row.matchingsdatum).days, 0),
            signalen=signalen[row.id],
            contactpogingen=pogingen[row.id],
        )
        for row in rows
    ]


def werkvoorraad(
    session: Connection, *, filter_: Filter, paging: PageParams, weergave: Weergave
) -> tuple[Page[CasusRead], list[str]]:
    """The work queue: by triage priority, then the longest waiting; with the page's person
    keys."""
    conditions = _conditions(filter_, weergave)
    total = session.execute(
        sa.select(sa.func.count()).select_from(casus).where(*conditions)
    ).scalar_one()
    rang, regel = weergave.kolommen()
    rows = session.execute(
        sa.select(casus, rang, regel)
        .where(*conditions)
        .order_by(rang, casus.c.aangemaakt_at, casus.c.id)
        .offset(paging.offset)
        .limit(paging.page_size)
    ).all()
    page = Page[CasusRead](
        items=_reads(session, rows, today=weergave.today),
        page=paging.page,
        page_size=paging.page_size,
        total=int(total),
    )
    return page, [row.subject_key for row in rows]


def rij(session: Connection, casus_id: str) -> Any:
    """The case row; NotFound when there is none."""
    row = session.execute(sa.select(casus).where(casus.c.id == casus_id)).first()
    if row is None:
        raise NotFound("Casus niet gevonden.")
    return row


INWONER_VELDEN = (
    "bsn",
    "voorletters",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
)


def inwoner(session: Connection, casus_id: str) -> dict[str, Any]:
    """The resident as the case's newest signal describes them (empty once erased)."""
    row = session.execute(
        sa.select(*(signaal.c[v] for v in INWONER_VELDEN))
        .where(signaal.c.casus_id == casus_id)
        .order_by(signaal.c.signaaldatum.desc(), signaal.c.ontvangen_at.desc())
        .limit(1)
    ).first()
    if row is None:
        return {}
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row._asdict().items()}


def detail(session: Connection, casus_id: str, *, weergave: Weergave) -> tuple[CasusDetail, str]:
    """One case with resident and history, and its person key."""
    row = session.execute(
        sa.select(casus, *weergave.kolommen()).where(casus.c.id == casus_id)
    ).first()
    if row is None:
        raise NotFound("Casus niet gevonden.")
    read = _reads(session, [row], today=weergave.today)[0]
    historie = [
        HistorieRead(
            at=_utc(h.at),
            actor=h.actor,
            van_status=h.van_status,
            naar_status=h.naar_status,
            gebeurtenis=h.gebeurtenis,
            reden=h.reden,
        )
        for h in session.execute(
            sa.select(casus_historie)
            .where(casus_historie.c.casus_id == casus_id)
            .order_by(casus_historie.c.id)
        )
    ]
    return (
        CasusDetail(**read.model_dump(), inwoner=inwoner(session, casus_id), historie=historie),
        row.subject_key,
    )


def huishouden(
    session: Connection, adres: str, *, weergave: Weergave
) -> tuple[list[CasusRead], list[str]]:
    """Every case at one address (the household view)."""
    rows = session.execute(
        sa.select(casus, *weergave.kolommen())
        .where(casus.c.adres_sleutel == adres)
        .order_by(casus.c.aangemaakt_at)
    ).all()
    return _reads(session, rows, today=weergave.today), [row.subject_key for row in rows]
