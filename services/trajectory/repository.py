"""Persistence of trajectories (SQLAlchemy Core, sync); list reads use set-based queries only."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from services.trajectory.domain.termijnen import Termijn
from services.trajectory.models import (
    aanbod,
    berekening,
    consulent,
    noodfonds_aanvraag,
    programma_deelname,
    schuld,
    traject,
    traject_historie,
    traject_persoon,
    voorziening,
)
from shared.db import transaction_lock
from shared.problems import NotFound

# Statements every request runs are built once: SQLAlchemy then neither rebuilds them nor
# recomputes their cache key per call (a quarter of a step's CPU went there).
_ID: sa.BindParameter[str] = sa.bindparam("id")
_LAAD = sa.select(traject).where(traject.c.id == _ID)
_LAAD_VOOR_WIJZIGING = _LAAD.with_for_update()


def laad(session: Connection, traject_id: str, *, for_update: bool = False) -> Row[Any]:
    """One trajectory; NotFound when there is none."""
    # SQLite renders no FOR UPDATE: its BEGIN IMMEDIATE already holds the write lock.
    query = _LAAD_VOOR_WIJZIGING if for_update else _LAAD
    row = session.execute(query, {"id": traject_id}).first()
    if row is None:
        raise NotFound(f"Traject {traject_id} bestaat niet.")
    return row


def open_termijn(termijn: Termijn) -> tuple[sa.Column[Any], sa.ColumnElement[bool]]:
    """The date column of `termijn` and the condition that the step it guards is still open:
    one definition for the work list's filters and the deadline watch."""
    t = traject.c
    if termijn is Termijn.BESLISTERMIJN:
        return t.beslistermijn_datum, sa.and_(t.beschikking_datum.is_(None), t.fase != "uitstroom")
    if termijn is Termijn.STABILISATIE_BENCHMARK:
        return t.stabilisatie_benchmark_datum, t.fase == "stabilisatie"
    if termijn is Termijn.STABILISATIE_MAXIMUM:
        return t.stabilisatie_max_datum, t.fase == "stabilisatie"
    if termijn is Termijn.SCHULDREGELING_NVVK:
        # An offer is open only in phase schuldregeling: leaving it withdraws the offer.
        return t.nvvk_datum, sa.and_(
            t.schuldregeling_toegekend.is_(None),
            t.schuldregeling_afgewezen.is_(None),
            t.fase == "schuldregeling",
        )
    if termijn is Termijn.NAZORG_MAXIMUM:
        return t.nazorg_einde_datum, t.fase == "nazorg"
    raise ValueError(f"{termijn} is judged when its step ends, not watched while it is open")


_WIJZIG = sa.update(traject).where(traject.c.id == sa.bindparam("b_id"))


def wijzig(session: Connection, traject_id: str, **values: Any) -> None:
    session.execute(_WIJZIG, {**values, "updated_at": datetime.now(UTC), "b_id": traject_id})


def actief_traject_van(session: Connection, subject_keys: Sequence[str]) -> Any:
    """The active trajectory of any of these residents, if there is one."""
    return session.execute(
        sa.select(traject_persoon.c.traject_id, traject_persoon.c.subject_key)
        .where(traject_persoon.c.subject_key.in_(subject_keys), traject_persoon.c.actief)
        .limit(1)
    ).first()


def traject_bij_aanvraag(session: Connection, aanvraag_id: str) -> Row[Any] | None:
    return session.execute(sa.select(traject).where(traject.c.aanvraag_id == aanvraag_id)).first()


def laatst_afgesloten(session: Connection, subject_key: str) -> date | None:
    """When the resident's most recent closed trajectory ended (for recidive)."""
    value = session.execute(
        sa.select(sa.func.max(traject.c.uitstroom_datum))
        .join(traject_persoon, traject_persoon.c.traject_id == traject.c.id)
        .where(traject_persoon.c.subject_key == subject_key, ~traject_persoon.c.actief)
    ).scalar_one_or_none()
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


def ooit_bekend(session: Connection, subject_key: str) -> bool:
    return (
        session.execute(
            sa.select(traject_persoon.c.id)
            .where(traject_persoon.c.subject_key == subject_key)
            .limit(1)
        ).first()
        is not None
    )


def sluit_personen(session: Connection, traject_id: str) -> None:
    """The trajectory ended: its residents may start a new one."""
    session.execute(
        sa.update(traject_persoon)
        .where(traject_persoon.c.traject_id == traject_id)
        .values(actief=False)
    )


_PERSONEN = (
    sa.select(traject_persoon)
    .where(traject_persoon.c.traject_id == _ID)
    .order_by(traject_persoon.c.id)
)
_HISTORIE = (
    sa.select(traject_historie)
    .where(traject_historie.c.traject_id == _ID)
    .order_by(traject_historie.c.id)
)
_SCHULDEN = (
    sa.select(schuld).where(schuld.c.traject_id == _ID).order_by(schuld.c.created_at, schuld.c.id)
)
_LAATSTE_BEREKENING = (
    sa.select(berekening)
    .where(berekening.c.traject_id == _ID)
    .order_by(berekening.c.created_at.desc(), berekening.c.id.desc())
    .limit(1)
)
_ACTUEEL_AANBOD = sa.select(aanbod).where(aanbod.c.traject_id == _ID, aanbod.c.actueel).limit(1)


def personen(session: Connection, traject_id: str) -> list[Row[Any]]:
    return list(session.execute(_PERSONEN, {"id": traject_id}).all())


def historie(session: Connection, traject_id: str) -> list[Row[Any]]:
    return list(session.execute(_HISTORIE, {"id": traject_id}).all())


def schulden(session: Connection, traject_id: str) -> list[Row[Any]]:
    return list(session.execute(_SCHULDEN, {"id": traject_id}).all())


def laatste_berekening(session: Connection, traject_id: str) -> Row[Any] | None:
    return session.execute(_LAATSTE_BEREKENING, {"id": traject_id}).first()


def actueel_aanbod(session: Connection, traject_id: str) -> Row[Any] | None:
    return session.execute(_ACTUEEL_AANBOD, {"id": traject_id}).first()


def trek_aanbod_in(session: Connection, traject_id: str) -> None:
    """The round was withdrawn: its offer is no longer current, so nobody can answer it; the
    answers already given stay as the record of that round until a new round starts."""
    session.execute(
        sa.update(aanbod).where(aanbod.c.traject_id == traject_id).values(actueel=False)
    )


def beeindig_aanbod(session: Connection, traject_id: str) -> None:
    """The current offer and the creditors' answers to it belong to a round that has ended."""
    trek_aanbod_in(session, traject_id)
    session.execute(
        sa.update(schuld)
        .where(schuld.c.traject_id == traject_id)
        .values(aanbod_bedrag=None, reactie=None, reactie_datum=None)
    )


# Advisory-lock key of the guarantee fund ("balanst" in ASCII; shared.events and the signals
# service hold "balans" and "balansb").
GARANTIEFONDS_LOCK = 0x62616C616E7374


def vergrendel_garantiefonds(session: Connection) -> None:
    """Serialise claims on the guarantee fund: two credits recorded at once would each see the
    headroom before the other."""
    transaction_lock(session, GARANTIEFONDS_LOCK)


def consulent_lock(consulent_id: str) -> int:
    """The advisory-lock key of one counsellor's caseload: the same in every process (unlike
    Python's salted hash()), as a signed 64-bit integer, which is what PostgreSQL takes."""
    digest = hashlib.blake2b(f"consulent:{consulent_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def vergrendel_consulent(session: Connection, consulent_id: str) -> None:
    """Serialise assignments to one counsellor: two at once would each count the caseload
    before the other and could together pass the limit. Not a row lock: a counsellor has a
    `consulent` row only once their FTE was set."""
    transaction_lock(session, consulent_lock(consulent_id))


def reeds_gegarandeerd(session: Connection, *, behalve: str) -> Decimal:
    """Credits guaranteed by the fund: active trajectories with a saneringskrediet."""
    rows = session.execute(
        sa.select(traject.c.kredietbedrag).where(
            traject.c.oplossing_soort == "Saneringskrediet",
            traject.c.fase != "uitstroom",
            traject.c.id != behalve,
            traject.c.kredietbedrag.is_not(None),
        )
    ).scalars()
    # Summed in Python: SQLite would sum NUMERIC as binary floats.
    return sum((Decimal(v) for v in rows), Decimal("0.00"))


def actief_per_consulent(session: Connection) -> dict[str, int]:
    rows = session.execute(
        sa.select(traject.c.consulent, sa.func.count())
        .where(traject.c.fase != "uitstroom", traject.c.consulent.is_not(None))
        .group_by(traject.c.consulent)
    ).all()
    return {row[0]: int(row[1]) for row in rows}


def consulenten(session: Connection) -> dict[str, Decimal]:
    rows = session.execute(sa.select(consulent.c.id, consulent.c.fte)).all()
    return {row[0]: Decimal(row[1]) for row in rows}


def zet_fte(session: Connection, consulent_id: str, fte: Decimal) -> None:
    now = datetime.now(UTC)
    updated = session.execute(
        sa.update(consulent).where(consulent.c.id == consulent_id).values(fte=fte, updated_at=now)
    )
    if updated.rowcount == 0:
        session.execute(consulent.insert().values(id=consulent_id, fte=fte, updated_at=now))


_VOORZIENINGEN = (
    sa.select(voorziening)
    .where(voorziening.c.traject_id == _ID)
    .order_by(voorziening.c.startdatum, voorziening.c.created_at)
)
_PROGRAMMAS = (
    sa.select(programma_deelname)
    .where(programma_deelname.c.traject_id == _ID)
    .order_by(programma_deelname.c.id)
)
_NOODFONDS = (
    sa.select(noodfonds_aanvraag)
    .where(noodfonds_aanvraag.c.traject_id == _ID)
    .order_by(noodfonds_aanvraag.c.datum, noodfonds_aanvraag.c.created_at)
)


def voorzieningen(session: Connection, traject_id: str) -> list[Row[Any]]:
    return list(session.execute(_VOORZIENINGEN, {"id": traject_id}).all())


def programmas(session: Connection, traject_id: str) -> list[Row[Any]]:
    return list(session.execute(_PROGRAMMAS, {"id": traject_id}).all())


def noodfonds(session: Connection, traject_id: str) -> list[Row[Any]]:
    return list(session.execute(_NOODFONDS, {"id": traject_id}).all())
