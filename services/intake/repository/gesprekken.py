"""Aanmeldgesprekken: insert, read, status update."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.intake.models import aanmeldgesprek


def insert(session: Connection, values: Mapping[str, Any]) -> None:
    session.execute(aanmeldgesprek.insert().values(**values))


def get(session: Connection, gesprek_id: str) -> Any:
    """The conversation row, or None."""
    query = sa.select(aanmeldgesprek).where(aanmeldgesprek.c.id == gesprek_id)
    return session.execute(query).first()


def update(session: Connection, gesprek_id: str, **values: Any) -> None:
    session.execute(
        sa.update(aanmeldgesprek).where(aanmeldgesprek.c.id == gesprek_id).values(**values)
    )


def current_for(session: Connection, melding_id: str) -> Any:
    """The melding's latest appointment, or None."""
    query = (
        sa.select(aanmeldgesprek)
        .where(aanmeldgesprek.c.melding_id == melding_id)
        .order_by(aanmeldgesprek.c.gepland_at.desc(), aanmeldgesprek.c.id)
        .limit(1)
    )
    return session.execute(query).first()


def for_melding(
    session: Connection, melding_id: str, *, offset: int, limit: int
) -> tuple[Sequence[Any], int]:
    """The melding's appointments, oldest first, one page and the total."""
    condition = aanmeldgesprek.c.melding_id == melding_id
    total = session.execute(sa.select(sa.func.count()).where(condition)).scalar_one()
    rows = session.execute(
        sa.select(aanmeldgesprek)
        .where(condition)
        .order_by(aanmeldgesprek.c.gepland_at, aanmeldgesprek.c.id)
        .offset(offset)
        .limit(limit)
    ).all()
    return rows, int(total)
