"""The maintained list of partners to refer to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.intake.models import uitkomst_verwijzing, verwijspartner


def insert(session: Connection, values: Mapping[str, Any]) -> None:
    session.execute(verwijspartner.insert().values(**values))


def get(session: Connection, partner_id: str) -> Any:
    query = sa.select(verwijspartner).where(verwijspartner.c.id == partner_id)
    return session.execute(query).first()


def by_naam(session: Connection, naam: str) -> str | None:
    query = sa.select(verwijspartner.c.id).where(
        sa.func.lower(verwijspartner.c.naam) == naam.lower()
    )
    return session.execute(query.limit(1)).scalar_one_or_none()


def by_ids(session: Connection, ids: Iterable[str]) -> dict[str, Any]:
    """The partners with these ids, in one query."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(verwijspartner).where(verwijspartner.c.id.in_(wanted)))
    return {row.id: row for row in rows}


def update(session: Connection, partner_id: str, **values: Any) -> None:
    session.execute(
        sa.update(verwijspartner).where(verwijspartner.c.id == partner_id).values(**values)
    )


def delete(session: Connection, partner_id: str) -> None:
    session.execute(sa.delete(verwijspartner).where(verwijspartner.c.id == partner_id))


def is_referenced(session: Connection, partner_id: str) -> bool:
    query = sa.select(uitkomst_verwijzing.c.melding_id).where(
        uitkomst_verwijzing.c.verwijspartner_id == partner_id
    )
    return session.execute(query.limit(1)).first() is not None


def page(
    session: Connection, *, actief: bool | None, offset: int, limit: int
) -> tuple[Sequence[Any], int]:
    conditions = [] if actief is None else [verwijspartner.c.actief.is_(actief)]
    total = session.execute(
        sa.select(sa.func.count()).select_from(verwijspartner).where(*conditions)
    ).scalar_one()
    rows = session.execute(
        sa.select(verwijspartner)
        .where(*conditions)
        .order_by(verwijspartner.c.naam, verwijspartner.c.id)
        .offset(offset)
        .limit(limit)
    ).all()
    return rows, int(total)
