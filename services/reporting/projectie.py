"""Projection of feed events into facts, and the cursor per source, in one transaction.

Idempotent: a fact is unique on (source, event id), so an event applied twice (a repeated page,
two replicas, a catch-up after a crash) inserts nothing the second time. The cursor moves in the
same transaction as the facts it covers, so a crash never leaves a cursor ahead of its facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from services.reporting import aggregaten, vertaling
from services.reporting.models import bron_cursor, feit
from services.reporting.soorten import Bron
from shared.db import transaction_lock
from shared.events import EventRead


@dataclass(frozen=True)
class CursorStand:
    """How far one source has been read."""

    bron: str
    cursor: int
    gelezen_tot_at: datetime | None
    gepeild_at: datetime | None
    bijgewerkt_at: datetime | None
    fouten: int
    laatste_fout: str | None


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _insert(session: Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    dialect = session.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"unsupported database dialect {dialect}")


def ensure_cursors(session: Connection) -> None:
    """A cursor row for every source (at 0), created once; existing rows are left alone."""
    rows = [{"bron": bron.value, "cursor": 0, "fouten": 0} for bron in Bron]
    session.execute(_insert(session, bron_cursor).on_conflict_do_nothing(), rows)


def read_cursor(session: Connection, bron: Bron, *, claim: bool = False) -> int | None:
    """The cursor of a source; with `claim`, lock its row or None if another poller holds it."""
    query = sa.select(bron_cursor.c.cursor).where(bron_cursor.c.bron == bron.value)
    if claim and session.dialect.name == "postgresql":
        # Several replicas: the one holding the row polls this source, the others skip it.
        query = query.with_for_update(skip_locked=True)
    value = session.execute(query).scalar_one_or_none()
    return None if value is None else int(value)


def fact_rows(bron: Bron, events: Sequence[EventRead], *, now: datetime) -> list[dict[str, object]]:
    """The fact rows for a page of events (plain values, no database)."""
    rows: list[dict[str, object]] = []
    for event in events:
        attributen = vertaling.vertaal(
            bron, type_name=event.type, occurred_at=event.occurred_at, payload=event.payload
        )
        values = asdict(attributen)
        values["soort"] = attributen.soort.value if attributen.soort is not None else None
        rows.append(
            {
                **values,
                "bron": bron.value,
                "event_id": event.event_id,
                "cursor": event.cursor,
                "type": event.type[:100],
                "occurred_at": event.occurred_at.astimezone(UTC),
                "gemeentecode": event.gemeentecode[:6],
                "subject_key": event.subject_key,
                "payload": event.payload,
                "geprojecteerd_at": now,
            }
        )
    return rows


# Any constant will do, as long as every projection into this database uses the same one.
FEIT_PROJECTIE_LOCK = 0x62616C616E7372  # "balansr"


def project(
    session: Connection, bron: Bron, events: Sequence[EventRead], *, next_cursor: int
) -> int:
    """Store a page of events as facts and move the cursor; the number of new facts."""
    now = datetime.now(UTC)
    inserted = 0
    rows = fact_rows(bron, events, now=now)
    if rows:
        # BI tools refresh with a cursor on the fact id (`naId`), which is exact only if a fact
        # with a lower id is never committed after one with a higher id. Replicas poll
        # different sources at once, and a sequence hands out ids at insert, not at commit; so
        # projections take their ids and commit one at a time (held to commit, taken after the
        # feed was read). SQLite never reuses a kept row's id.
        transaction_lock(session, FEIT_PROJECTIE_LOCK)
        statement = _insert(session, feit).on_conflict_do_nothing(
            index_elements=["bron", "event_id"]
        )
        # RETURNING lists only the rows actually inserted; conflicting repeats return nothing,
        # so the aggregates count each fact once.
        nieuw = session.execute(statement.returning(*aggregaten.TERUGGAVE), rows).all()
        aggregaten.bijwerken(session, nieuw)
        inserted = len(nieuw)
    newest = max((e.occurred_at for e in events), default=None)
    # Neither the cursor nor the "read up to" instant ever moves backwards (a late page, a
    # replayed page, an event that happened earlier but committed later).
    larger = sa.func.greatest if session.dialect.name == "postgresql" else sa.func.max
    values: dict[str, object] = {
        "cursor": larger(bron_cursor.c.cursor, next_cursor),
        "gepeild_at": now,
        "bijgewerkt_at": now,
        "fouten": 0,
        "laatste_fout": None,
    }
    if newest is not None:
        instant = newest.astimezone(UTC)
        values["gelezen_tot_at"] = larger(
            sa.func.coalesce(bron_cursor.c.gelezen_tot_at, instant), instant
        )
    session.execute(bron_cursor.update().where(bron_cursor.c.bron == bron.value).values(**values))
    return inserted


def record_failure(session: Connection, bron: Bron, *, error: str) -> None:
    """Remember that a source could not be read (the next round retries)."""
    session.execute(
        bron_cursor.update()
        .where(bron_cursor.c.bron == bron.value)
        .values(
            gepeild_at=datetime.now(UTC),
            fouten=bron_cursor.c.fouten + 1,
            laatste_fout=error[:1000],
        )
    )


def cursor_standen(session: Connection) -> list[CursorStand]:
    """Every source's reading position, in source order."""
    rows = {row.bron: row for row in session.execute(sa.select(bron_cursor)).all()}
    standen = []
    for bron in Bron:
        row = rows.get(bron.value)
        if row is None:
            standen.append(CursorStand(bron.value, 0, None, None, None, 0, None))
            continue
        standen.append(
            CursorStand(
                bron=bron.value,
                cursor=int(row.cursor),
                gelezen_tot_at=_utc(row.gelezen_tot_at),
                gepeild_at=_utc(row.gepeild_at),
                bijgewerkt_at=_utc(row.bijgewerkt_at),
                fouten=int(row.fouten),
                laatste_fout=row.laatste_fout,
            )
        )
    return standen


def herafleid(session: Connection, *, batch: int = 5000) -> int:
    """Derive every stored fact's kind and attributes again from its stored event.

    For when the mapping learns a source's new event type or payload field: facts projected
    before keep their raw event, so they can be brought up to date without re-reading the
    feeds. Returns the number of facts that changed.
    """
    kolommen = [c for c in feit.c if c.name in _AFGELEIDE_KOLOMMEN]
    changed = 0
    after = 0
    while True:
        rows = session.execute(
            sa.select(
                feit.c.id, feit.c.bron, feit.c.type, feit.c.occurred_at, feit.c.payload, *kolommen
            )
            .where(feit.c.id > after)
            .order_by(feit.c.id)
            .limit(batch)
        ).all()
        if not rows:
            break
        updates = []
        for row in rows:
            occurred_at = _utc(row.occurred_at)
            assert occurred_at is not None
            attributen = asdict(
                vertaling.vertaal(
                    Bron(row.bron), type_name=row.type, occurred_at=occurred_at, payload=row.payload
                )
            )
            soort = attributen["soort"]
            attributen["soort"] = soort.value if soort is not None else None
            if any(attributen[name] != getattr(row, name) for name in _AFGELEIDE_KOLOMMEN):
                updates.append({"feit_id": row.id, **attributen})
        if updates:
            session.execute(
                feit.update()
                .where(feit.c.id == sa.bindparam("feit_id"))
                .values({name: sa.bindparam(name) for name in _AFGELEIDE_KOLOMMEN}),
                updates,
            )
            changed += len(updates)
        after = rows[-1].id
    if changed:
        aggregaten.herbouw(session)
    return changed


_AFGELEIDE_KOLOMMEN = tuple(f.name for f in fields(vertaling.Attributen))
