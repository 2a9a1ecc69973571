"""Outcomes: the row, referrals, the MDO and the aanvraag."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.intake.models import aanvraag, mdo, uitkomst, uitkomst_verwijzing, verwijspartner


def insert(session: Connection, values: Mapping[str, Any]) -> None:
    session.execute(uitkomst.insert().values(**values))


def insert_verwijzingen(session: Connection, melding_id: str, partner_ids: Sequence[str]) -> None:
    if partner_ids:
        session.execute(
            uitkomst_verwijzing.insert(),
            [{"melding_id": melding_id, "verwijspartner_id": p} for p in partner_ids],
        )


def insert_mdo(session: Connection, values: Mapping[str, Any]) -> None:
    session.execute(mdo.insert().values(**values))


def insert_aanvraag(session: Connection, values: Mapping[str, Any]) -> None:
    session.execute(aanvraag.insert().values(**values))


def get(session: Connection, melding_id: str) -> Any:
    return session.execute(sa.select(uitkomst).where(uitkomst.c.melding_id == melding_id)).first()


def get_mdo(session: Connection, melding_id: str) -> Any:
    return session.execute(sa.select(mdo).where(mdo.c.melding_id == melding_id)).first()


def verwijzingen(session: Connection, melding_id: str) -> Sequence[Any]:
    query = (
        sa.select(verwijspartner.c.id, verwijspartner.c.naam)
        .join(uitkomst_verwijzing, uitkomst_verwijzing.c.verwijspartner_id == verwijspartner.c.id)
        .where(uitkomst_verwijzing.c.melding_id == melding_id)
        .order_by(verwijspartner.c.naam)
    )
    return session.execute(query).all()
