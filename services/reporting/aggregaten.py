"""The aggregates the projection keeps beside the facts, in the same transaction.

- `feit_dag`: facts per municipality, kind, day and combination of the attributes the counting
  indicators break down by (source, partner type, channel, target groups, result, crisis,
  reached, deadline met), with their number.
- `zaak_eerste`: per case and kind, the case's first fact of that kind (earliest date, then
  lowest id), as the detailed path's `Context.eerste_per_zaak` picks it.

Only facts actually inserted are added (a repeated event inserts nothing), so the aggregates stay
exactly the sums of the facts; `herbouw` derives them again from every stored fact (after a
migration, or after facts were derived again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.reporting.models import feit, feit_dag, zaak_eerste

DIMENSIES = (
    "bron", "partner_type", "kanaal", "doelgroepen", "resultaat", "crisis", "bereikt", "gehaald",
)  # fmt: skip
_VLAGGEN = frozenset({"crisis", "bereikt", "gehaald"})
# What the insert of facts returns for the aggregates.
_DIMENSIE_KOLOMMEN = tuple(feit.c[name] for name in DIMENSIES)
TERUGGAVE = (
    feit.c.id,
    feit.c.gemeentecode,
    feit.c.soort,
    feit.c.datum,
    feit.c.zaak,
    *_DIMENSIE_KOLOMMEN,
)
_BATCH = 5000

Bind = Session | sa.Connection


def _dialect(bind: Bind) -> str:
    return bind.dialect.name if isinstance(bind, sa.Connection) else bind.get_bind().dialect.name


def _insert(bind: Bind, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    return postgresql.insert(table) if _dialect(bind) == "postgresql" else sqlite.insert(table)


def dimensies(row: Any) -> dict[str, Any]:
    """The breakdown attributes of a fact row (flags as bool, whatever the driver returned)."""
    values = {name: getattr(row, name) for name in DIMENSIES}
    for name in _VLAGGEN:
        if values[name] is not None:
            values[name] = bool(values[name])
    return values


def sleutel(values: Mapping[str, Any]) -> str:
    """A digest of one combination of breakdown attributes (None and "" differ)."""
    text = repr(tuple(values[name] for name in DIMENSIES))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def bijwerken(bind: Bind, rows: Iterable[Any]) -> None:
    """Add newly inserted fact rows (with the columns of TERUGGAVE) to the aggregates."""
    dagen: dict[tuple[str, str, date, str], dict[str, Any]] = {}
    eerste: dict[tuple[str, str, str, str], tuple[date, int]] = {}
    for row in rows:
        if row.soort is None:
            continue
        values = dimensies(row)
        key = (row.gemeentecode, row.soort, row.datum, sleutel(values))
        entry = dagen.get(key)
        if entry is None:
            sleutels = {"gemeentecode": key[0], "soort": key[1], "datum": key[2], "sleutel": key[3]}
            dagen[key] = {**sleutels, **values, "aantal": 1}
        else:
            entry["aantal"] += 1
        if row.zaak:  # as Context.zaak_sleutel: no case without a case id
            zaak = (row.gemeentecode, row.soort, row.bron, row.zaak)
            kandidaat = (row.datum, int(row.id))
            if zaak not in eerste or kandidaat < eerste[zaak]:
                eerste[zaak] = kandidaat
    if dagen:
        statement = _insert(bind, feit_dag)
        bind.execute(
            statement.on_conflict_do_update(
                index_elements=["gemeentecode", "soort", "datum", "sleutel"],
                set_={"aantal": feit_dag.c.aantal + statement.excluded.aantal},
            ),
            [dagen[k] for k in sorted(dagen)],  # a fixed order: concurrent upserts do not deadlock
        )
    if eerste:
        statement = _insert(bind, zaak_eerste)
        nieuw = statement.excluded
        bind.execute(
            statement.on_conflict_do_update(
                index_elements=["gemeentecode", "soort", "bron", "zaak"],
                set_={"datum": nieuw.datum, "feit_id": nieuw.feit_id},
                where=sa.or_(
                    nieuw.datum < zaak_eerste.c.datum,
                    sa.and_(
                        nieuw.datum == zaak_eerste.c.datum, nieuw.feit_id < zaak_eerste.c.feit_id
                    ),
                ),
            ),
            [
                dict(zip(("gemeentecode", "soort", "bron", "zaak"), k, strict=True))
                | {"datum": eerste[k][0], "feit_id": eerste[k][1]}
                for k in sorted(eerste)
            ],
        )


def herbouw(bind: Bind) -> None:
    """Derive both aggregates again from every stored fact."""
    bind.execute(feit_dag.delete())
    bind.execute(zaak_eerste.delete())
    kolommen = (feit.c.gemeentecode, feit.c.soort, feit.c.datum, *_DIMENSIE_KOLOMMEN)
    grouped = bind.execute(
        sa.select(*kolommen, sa.func.count().label("aantal"))
        .where(feit.c.soort.is_not(None))
        .group_by(*kolommen)
    )
    batch: list[dict[str, Any]] = []
    for row in grouped:
        values = dimensies(row)
        sleutels = {"gemeentecode": row.gemeentecode, "soort": row.soort, "datum": row.datum}
        batch.append({**sleutels, "sleutel": sleutel(values), **values, "aantal": int(row.aantal)})
        if len(batch) >= _BATCH:
            bind.execute(feit_dag.insert(), batch)
            batch = []
    if batch:
        bind.execute(feit_dag.insert(), batch)
    sleutel_kolommen = (feit.c.gemeentecode, feit.c.soort, feit.c.bron, feit.c.zaak)
    ranked = (
        sa.select(
            *sleutel_kolommen,
            feit.c.datum,
            feit.c.id.label("feit_id"),
            sa.func.row_number()
            .over(partition_by=sleutel_kolommen, order_by=(feit.c.datum, feit.c.id))
            .label("rang"),
        )
        .where(feit.c.soort.is_not(None), feit.c.zaak.is_not(None), feit.c.zaak != "")
        .subquery()
    )
    namen = ["gemeentecode", "soort", "bron", "zaak", "datum", "feit_id"]
    bind.execute(
        zaak_eerste.insert().from_select(
            namen, sa.select(*(ranked.c[n] for n in namen)).where(ranked.c.rang == 1)
        )
    )
