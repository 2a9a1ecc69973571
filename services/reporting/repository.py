"""Reading facts and registered activities for the indicators and the exports."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.reporting.indicatoren.context import Activiteit, Feit, Periode
from services.reporting.models import activiteit, feit
from services.reporting.soorten import FeitSoort
from shared.db import Connect

FEIT_KOLOMMEN = (
    feit.c.bron,
    feit.c.soort,
    feit.c.datum,
    feit.c.subject_key,
    feit.c.zaak,
    feit.c.partner_type,
    feit.c.kanaal,
    feit.c.doelgroepen,
    feit.c.resultaat,
    feit.c.crisis,
    feit.c.bereikt,
    feit.c.gehaald,
    feit.c.bedrag,
    feit.c.aantal,
    feit.c.referentie_datum,
)
# A merge fact's result is the id of the case it was merged into (the indicators follow it);
# a case id must not leave reporting, so the export leaves that cell empty.
_EXPORT_RESULTAAT = sa.case(
    (feit.c.soort == FeitSoort.CASUS_SAMENGEVOEGD.value, sa.null()),
    else_=feit.c.resultaat,
).label("resultaat")
# What a BI tool may see of a fact: no person key, no case id, no raw payload.
EXPORT_KOLOMMEN = (
    feit.c.id,
    feit.c.bron,
    feit.c.type,
    feit.c.soort,
    feit.c.datum,
    feit.c.occurred_at,
    feit.c.gemeentecode,
    feit.c.partner_type,
    feit.c.kanaal,
    feit.c.doelgroepen,
    _EXPORT_RESULTAAT,
    feit.c.crisis,
    feit.c.bereikt,
    feit.c.gehaald,
    feit.c.bedrag,
    feit.c.aantal,
    feit.c.referentie_datum,
)


def feiten(session: Connection, *, gemeentecode: str, tot: date) -> list[Feit]:
    """Every known fact of the municipality dated before `tot`, for the indicators.

    Facts before the period are needed too: a conversation in March measures from a melding in
    February, recidive looks back five years. This is the detailed path (the reference the
    aggregated path is tested against).
    """
    query = (
        sa.select(*FEIT_KOLOMMEN)
        .where(feit.c.gemeentecode == gemeentecode, feit.c.soort.is_not(None), feit.c.datum < tot)
        .order_by(feit.c.id)  # ties in date are taken in the order the facts arrived
    )
    return feiten_van(session, query)


def feiten_van(session: Connection, query: sa.Select[Any]) -> list[Feit]:
    """The facts a query of FEIT_KOLOMMEN selects, as plain values.

    Rows are read as the driver's plain tuples (no per-value type processing); SQLite's ISO
    date and decimal text is converted here.
    """
    sqlite = session.dialect.name == "sqlite"
    compiled = query.compile(dialect=session.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positiontup is not None:  # SQLite: qmark parameters, dates as ISO text
        params = tuple(
            v.isoformat() if isinstance(v, date) else v
            for v in (compiled.params[name] for name in compiled.positiontup)
        )
    cursor = session.exec_driver_sql(str(compiled), params)
    soorten = {s.value: s for s in FeitSoort}
    to_date = date.fromisoformat if sqlite else _same
    result = []
    for row in cursor.yield_per(10_000):
        bron, soort, datum, subject, zaak, partner, kanaal, groepen, uitkomst = row[:9]
        crisis, bereikt, gehaald, bedrag, aantal, referentie = row[9:]
        result.append(
            Feit(
                bron,
                soorten[soort],
                to_date(datum),
                subject,
                zaak,
                partner,
                kanaal,
                groepen,
                uitkomst,
                None if crisis is None else bool(crisis),
                None if bereikt is None else bool(bereikt),
                None if gehaald is None else bool(gehaald),
                None if bedrag is None else Decimal(str(bedrag)),
                aantal,
                None if referentie is None else to_date(referentie),
            )
        )
    return result


def _same(value: Any) -> Any:
    return value


def activiteiten(session: Connection, *, gemeentecode: str, periode: Periode) -> list[Activiteit]:
    """Registered activities starting in the period or the year before (for comparisons)."""
    vorige = periode.jaar_eerder()
    rows = session.execute(
        sa.select(
            activiteit.c.soort,
            activiteit.c.aantal,
            activiteit.c.vanaf_datum,
            activiteit.c.tot_datum,
        ).where(
            activiteit.c.gemeentecode == gemeentecode,
            activiteit.c.vanaf_datum >= vorige.vanaf,
            activiteit.c.vanaf_datum < periode.tot,
        )
    ).all()
    return [Activiteit(r.soort, Decimal(r.aantal), r.vanaf_datum, r.tot_datum) for r in rows]


def _feit_filter(
    *, vanaf: date | None, tot: date | None, soort: str | None, na_id: int | None = None
) -> list[Any]:
    clauses: list[Any] = []
    if na_id is not None:
        # The incremental refresh: ids grow in the order facts are projected and committed
        # (projectie.project), so this also finds a late fact dated before the last pull.
        clauses.append(feit.c.id > na_id)
    if vanaf is not None:
        clauses.append(feit.c.datum >= vanaf)
    if tot is not None:
        clauses.append(feit.c.datum < tot)
    if soort is not None:
        clauses.append(feit.c.soort == soort)
    return clauses


def feiten_pagina(
    session: Connection,
    *,
    vanaf: date | None,
    tot: date | None,
    soort: str | None,
    na_id: int | None = None,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    """One page of anonymous fact rows and the total matching the filter."""
    clauses = _feit_filter(vanaf=vanaf, tot=tot, soort=soort, na_id=na_id)
    total = session.execute(
        sa.select(sa.func.count()).select_from(feit).where(*clauses)
    ).scalar_one()
    rows = session.execute(
        sa.select(*EXPORT_KOLOMMEN).where(*clauses).order_by(feit.c.id).offset(offset).limit(limit)
    ).all()
    return [r._asdict() for r in rows], int(total)


def feiten_stroom(
    factory: Connect,
    *,
    vanaf: date | None,
    tot: date | None,
    soort: str | None,
    na_id: int | None = None,
    batch: int = 2000,
) -> Iterator[dict[str, Any]]:
    """Every anonymous fact row matching the filter, read in keyset batches (flat memory).

    Each batch is its own short transaction: on SQLite every transaction takes the write lock,
    which a slow BI client must not hold for the length of its download. The batches' own
    keyset starts at `na_id`, so an incremental refresh reads only the facts after it.
    """
    clauses = _feit_filter(vanaf=vanaf, tot=tot, soort=soort)
    after = na_id or 0
    while True:
        with factory() as session:
            rows = session.execute(
                sa.select(*EXPORT_KOLOMMEN)
                .where(*clauses, feit.c.id > after)
                .order_by(feit.c.id)
                .limit(batch)
            ).all()
        if not rows:
            return
        for row in rows:
            yield row._asdict()
        after = rows[-1].id


def activiteit_toevoegen(session: Connection, values: dict[str, Any]) -> uuid.UUID:
    new_id = uuid.uuid4()
    session.execute(activiteit.insert().values(id=new_id, **values))
    return new_id


def activiteit_lezen(session: Connection, activiteit_id: uuid.UUID) -> dict[str, Any] | None:
    row = session.execute(sa.select(activiteit).where(activiteit.c.id == activiteit_id)).first()
    return row._asdict() if row else None


def activiteiten_pagina(
    session: Connection,
    *,
    soort: str | None,
    vanaf: date | None,
    tot: date | None,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    clauses: list[Any] = []
    if soort is not None:
        clauses.append(activiteit.c.soort == soort)
    if vanaf is not None:
        clauses.append(activiteit.c.vanaf_datum >= vanaf)
    if tot is not None:
        clauses.append(activiteit.c.vanaf_datum < tot)
    total = session.execute(
        sa.select(sa.func.count()).select_from(activiteit).where(*clauses)
    ).scalar_one()
    rows = session.execute(
        sa.select(activiteit)
        .where(*clauses)
        .order_by(activiteit.c.vanaf_datum, activiteit.c.geregistreerd_at)
        .offset(offset)
        .limit(limit)
    ).all()
    return [r._asdict() for r in rows], int(total)
