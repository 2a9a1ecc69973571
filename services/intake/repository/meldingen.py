"""Meldingen: insert, read, status history, the known-resident checks and the work lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row

from services.intake.domain.gesprek import MeldingGesprekStatus
from services.intake.domain.uitkomst import MeldingStatus
from services.intake.models import melding, melding_statuswijziging, vroegsignaal_overdracht
from shared.contracts.intake_events import Termijn

_GEEN_GESPREK = (MeldingGesprekStatus.GEEN.value, MeldingGesprekStatus.NIET_VERSCHENEN.value)


# The partial unique index `uq_melding_open_subject_key` (migration 0004) as a conflict target:
# a second open melding for a resident is not inserted, and the transaction goes on (no
# savepoint needed to answer 409 after losing a race).
_INSERT_OPEN = {
    name: dialect.insert(melding)
    .on_conflict_do_nothing(
        index_elements=[melding.c.subject_key],
        index_where=sa.text("status = 'open'"),  # the index's own predicate, verbatim
    )
    .returning(melding.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def insert_open(session: Connection, values: Mapping[str, Any]) -> bool:
    """Insert a new open melding; False when the resident has an open one already."""
    statement = _INSERT_OPEN[session.dialect.name]
    return session.execute(statement, values).first() is not None


# Hot statements are built once, with bound parameters: building and keying a new statement
# per request cost about 85 us of the 130 us a read by id took through the session (SQLite).
_GET = sa.select(melding).where(melding.c.id == sa.bindparam("melding_id"))
_GET_FOR_UPDATE = _GET.with_for_update()


def get(session: Connection, melding_id: str, *, for_update: bool = False) -> Any:
    """The melding row, or None."""
    query = _GET_FOR_UPDATE if for_update else _GET
    return session.execute(query, {"melding_id": melding_id}).first()


def update(session: Connection, melding_id: str, **values: Any) -> None:
    session.execute(sa.update(melding).where(melding.c.id == melding_id).values(**values))


def open_for(session: Connection, subject_key: str) -> str | None:
    """The id of the resident's open melding, if any."""
    query = sa.select(melding.c.id).where(
        melding.c.subject_key == subject_key, melding.c.status == MeldingStatus.OPEN.value
    )
    return session.execute(query.limit(1)).scalar_one_or_none()


def by_casus(session: Connection, casus_id: str) -> str | None:
    """The melding an early-signal case was handed over to, if any.

    Asked of the hand-over table, not of `melding.casus_id`: a case joined to a melding the
    desk made has only its hand-over row, and looking at the melding alone took its repeat for
    a new case (a second hand-over row for the same case: a 500).
    """
    query = sa.select(vroegsignaal_overdracht.c.melding_id).where(
        vroegsignaal_overdracht.c.casus_id == casus_id
    )
    return session.execute(query).scalar_one_or_none()


# A case handed over twice at once (two keys, two requests) is stored once: the later insert
# does nothing, and the hand-over answers with the melding the earlier one chose.
_INSERT_OVERDRACHT = {
    name: dialect.insert(vroegsignaal_overdracht)
    .on_conflict_do_nothing(index_elements=[vroegsignaal_overdracht.c.casus_id])
    .returning(vroegsignaal_overdracht.c.casus_id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def insert_overdracht(session: Connection, values: Mapping[str, Any]) -> bool:
    """Store an early-signal hand-over; False when the case was stored before."""
    statement = _INSERT_OVERDRACHT[session.dialect.name]
    return session.execute(statement, values).first() is not None


@dataclass(frozen=True)
class Bekendheid:
    bekend: bool
    open_id: str | None
    laatst_afgesloten_op: date | None


def bekendheid(session: Connection, subject_key: str) -> Bekendheid:
    """What intake knows of a resident, in one query."""
    is_open = melding.c.status == MeldingStatus.OPEN.value
    row = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.max(sa.case((is_open, melding.c.id))),
            sa.func.max(melding.c.afgesloten_op),
        ).where(melding.c.subject_key == subject_key)
    ).one()
    return Bekendheid(bekend=row[0] > 0, open_id=row[1], laatst_afgesloten_op=row[2])


_INSERT_STATUS = melding_statuswijziging.insert()


def add_status(
    session: Connection,
    melding_id: str,
    *,
    van: str | None,
    naar: str,
    door: str,
    reden: str | None,
) -> None:
    """Append a status change (history is appended, never edited: DESIGN.md §3)."""
    session.execute(
        _INSERT_STATUS,
        {
            "melding_id": melding_id,
            "van": van,
            "naar": naar,
            "reden": reden,
            "door": door,
            "gewijzigd_at": datetime.now(UTC),
        },
    )


def termijn_kolom(termijn: Termijn) -> str:
    """The melding's column prefix of a deadline: `gesprek-norm` is `gesprek_norm_uiterlijk`
    and `gesprek_norm_gehaald`."""
    return termijn.replace("-", "_")


def claim_oordeel(session: Connection, melding_id: str, *, termijn: Termijn, gehaald: bool) -> bool:
    """Store the judgment of a deadline unless it was judged before; whether this one did."""
    column = melding.c[f"{termijn_kolom(termijn)}_gehaald"]
    result = session.execute(
        sa.update(melding)
        .where(melding.c.id == melding_id, column.is_(None))
        .values({column: gehaald})
    )
    return result.rowcount == 1


def claim_verstreken(
    session: Connection, *, termijn: Termijn, vandaag: date, limit: int
) -> list[Row[Any]]:
    """Judge missed up to `limit` open meldingen whose deadline passed before `vandaag` unjudged;
    their id, subject_key and deadline (`uiterlijk`), oldest deadline first.

    The update repeats the conditions, so a melding judged meanwhile by a request or by another
    replica's watch (PostgreSQL re-checks them after waiting for its row lock) is left out.
    """
    prefix = termijn_kolom(termijn)
    uiterlijk = melding.c[f"{prefix}_uiterlijk"]
    gehaald = melding.c[f"{prefix}_gehaald"]
    conditions: list[Any] = [
        melding.c.status == MeldingStatus.OPEN.value,
        gehaald.is_(None),
        uiterlijk < vandaag,
    ]
    if termijn != "plannen":
        # A conversation planned on or before the deadline may have been held and not yet
        # recorded: it is judged when the desk records it (held or no-show) or closes the melding.
        conditions.append(
            sa.or_(
                melding.c.gesprek_status.in_(_GEEN_GESPREK),
                sa.and_(
                    melding.c.gesprek_status == MeldingGesprekStatus.GEPLAND.value,
                    melding.c.gesprek_datum > uiterlijk,
                ),
            )
        )
    query = sa.select(melding.c.id).where(*conditions).order_by(uiterlijk, melding.c.id)
    ids = session.execute(query.limit(limit)).scalars().all()
    if not ids:
        return []
    rows = session.execute(
        sa.update(melding)
        .where(melding.c.id.in_(ids), *conditions)
        .values({gehaald: False})
        .returning(melding.c.id, melding.c.subject_key, uiterlijk.label("uiterlijk"))
    ).all()
    return sorted(rows, key=lambda row: (row.uiterlijk, row.id))


# What a work-list row shows (`weergave.samenvatting`) and the key its processing log needs.
LIJST_KOLOMMEN = [
    melding.c[name]
    for name in (
        "id",
        "kanaal",
        "status",
        "meldingdatum",
        "voorletters",
        "tussenvoegsel",
        "achternaam",
        "crisis",
        "crisissoort",
        "plannen_uiterlijk",
        "gesprek_norm_uiterlijk",
        "gesprek_wettelijk_uiterlijk",
        "plannen_gehaald",
        "gesprek_norm_gehaald",
        "gesprek_wettelijk_gehaald",
        "consulent",
        "gesprek_status",
        "gesprek_datum",
        "subject_key",
    )
]


@cache
def _werklijst_queries(
    soort: str | None, *, op_status: bool, op_consulent: bool
) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The count and the page of one kind of work list, built once per shape; parameters
    `vandaag`, `status`, `consulent`, `offset` and `limit`."""
    conditions: list[Any] = []
    order: list[Any] = [melding.c.meldingdatum, melding.c.id]
    vandaag = sa.bindparam("vandaag", type_=sa.Date)
    open_ = melding.c.status == MeldingStatus.OPEN.value
    not_held = melding.c.gesprek_status != MeldingGesprekStatus.GEHOUDEN.value
    if soort == "crisis-vandaag":
        # Crises whose conversation is due today (or already late), most urgent by law first.
        conditions += [
            open_,
            melding.c.crisis.is_(True),
            melding.c.gesprek_norm_uiterlijk <= vandaag,
            not_held,
        ]
        order = [melding.c.gesprek_wettelijk_uiterlijk, melding.c.id]
    elif soort == "plannen":
        conditions += [
            open_,
            melding.c.gesprek_status.in_(_GEEN_GESPREK),
            melding.c.plannen_uiterlijk <= vandaag,
        ]
        order = [melding.c.plannen_uiterlijk, melding.c.id]
    elif soort == "te-laat-norm":
        conditions += [open_, not_held, melding.c.gesprek_norm_uiterlijk < vandaag]
        order = [melding.c.gesprek_norm_uiterlijk, melding.c.id]
    elif soort == "te-laat-wet":
        conditions += [open_, not_held, melding.c.gesprek_wettelijk_uiterlijk < vandaag]
        order = [melding.c.gesprek_wettelijk_uiterlijk, melding.c.id]
    if op_status:
        conditions.append(melding.c.status == sa.bindparam("status"))
    if op_consulent:
        conditions.append(melding.c.consulent == sa.bindparam("consulent"))
    count = sa.select(sa.func.count()).select_from(melding).where(*conditions)
    page = (
        sa.select(*LIJST_KOLOMMEN)
        .where(*conditions)
        .order_by(*order)
        .offset(sa.bindparam("offset"))
        .limit(sa.bindparam("limit"))
    )
    return count, page


def werklijst(
    session: Connection,
    *,
    soort: str | None,
    vandaag: date,
    consulent: str | None,
    status: str | None,
    offset: int,
    limit: int,
) -> tuple[Sequence[Any], int]:
    """One page of a work list and the total: two queries whatever the page size."""
    count, page = _werklijst_queries(
        soort, op_status=status is not None, op_consulent=consulent is not None
    )
    params = {
        "vandaag": vandaag,
        "status": status,
        "consulent": consulent,
        "offset": offset,
        "limit": limit,
    }
    total = session.execute(count, params).scalar_one()
    rows = session.execute(page, params).all()
    return rows, int(total)


def by_bsn(session: Connection, bsn: str, *, offset: int, limit: int) -> tuple[Sequence[Any], int]:
    """A resident's meldingen by BSN, newest first, one page and the total."""
    condition = melding.c.bsn == bsn
    total = session.execute(sa.select(sa.func.count()).where(condition)).scalar_one()
    rows = session.execute(
        sa.select(*LIJST_KOLOMMEN)
        .where(condition)
        .order_by(melding.c.meldingdatum.desc(), melding.c.id)
        .offset(offset)
        .limit(limit)
    ).all()
    return rows, int(total)


def statushistorie(
    session: Connection, melding_id: str, *, offset: int, limit: int
) -> tuple[Sequence[Any], int]:
    """A melding's status changes, oldest first: one page and the total."""
    condition = melding_statuswijziging.c.melding_id == melding_id
    total = session.execute(
        sa.select(sa.func.count()).select_from(melding_statuswijziging).where(condition)
    ).scalar_one()
    rows = session.execute(
        sa.select(
            melding_statuswijziging.c.van,
            melding_statuswijziging.c.naar,
            melding_statuswijziging.c.reden,
            melding_statuswijziging.c.door,
            melding_statuswijziging.c.gewijzigd_at,
        )
        .where(condition)
        .order_by(melding_statuswijziging.c.id)
        .offset(offset)
        .limit(limit)
    ).all()
    return rows, int(total)
