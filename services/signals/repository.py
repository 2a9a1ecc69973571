"""Persistence helpers for signals and cases: set-based queries (never one per row) and bulk writes.

Bulk writes use one `executemany` per table (SQLAlchemy Core with a list of parameter sets),
never the ORM (PERF.md).
"""

from __future__ import annotations

import functools
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.signals.beleid import EerderSignaal
from services.signals.matching import Persoon, eerste_voorletter, voorletters_sleutel
from services.signals.models import casus, signaal
from shared.contracts.ddas import Signaalstatus
from shared.db import json_text, transaction_lock
from shared.events import EVENT_APPEND_LOCK, check_payload
from shared.plumbing import PlumbingTables
from shared.sql import in_set

OPEN_STATUSSEN = ("nieuw", "toegewezen")


@dataclass(frozen=True)
class _Lookup:
    """A lookup by a set of ids, built once: `column = :ids` for one id (most pushes), the ids
    as one parameter for more (`shared.sql.in_set`: no IN list expanded per execution, one
    statement for a whole chunk). Building the expression anew per call cost about as much as
    SQLAlchemy's compiled-cache hit."""

    een: sa.Select[Any]
    veel: sa.Select[Any]

    @classmethod
    def op(
        cls, build: Callable[[Callable[[sa.ColumnElement[Any]], Any]], sa.Select[Any]]
    ) -> _Lookup:
        return cls(
            een=build(lambda column: column == sa.bindparam("ids")),
            veel=build(lambda column: in_set(column, "ids")),
        )


_BESTAANDE = _Lookup.op(
    lambda ids: sa.select(signaal.c.partner_id, signaal.c.id, signaal.c.invoer_hash).where(
        signaal.c.creditor_id == sa.bindparam("creditor_id"), ids(signaal.c.partner_id)
    )
)
_PERSONEN = _Lookup.op(
    lambda ids: (
        sa.select(
            signaal.c.adres_sleutel,
            signaal.c.subject_key,
            signaal.c.heeft_bsn,
            signaal.c.naam_sleutel,
            signaal.c.voorletters,
            signaal.c.geboortedatum,
        )
        .distinct()
        .where(ids(signaal.c.adres_sleutel), signaal.c.gewist_at.is_(None))
    )
)
_EERDERE = _Lookup.op(
    lambda ids: (
        sa.select(
            signaal.c.subject_key, signaal.c.signaaldatum, signaal.c.bedrag, signaal.c.casus_id
        )
        .where(
            signaal.c.creditor_id == sa.bindparam("creditor_id"),
            ids(signaal.c.subject_key),
            signaal.c.status == Signaalstatus.NOG_NIET_OPGEPAKT.value,
        )
        # Without statistics SQLite picks the (creditor_id, ontvangen_at) index and reads every
        # signal of the creditor for each chunk: quadratic in a big batch.
        .with_hint(signaal, "INDEXED BY ix_signaal_subject_key", "sqlite")
        # In the order received: of two signals with the same date the later one holds the
        # partner's running total (bundeling.laatste_bedrag).
        .order_by(signaal.c.ontvangen_at, signaal.c.id)
    )
)
# What bundling reads and changes of an open case (bundeling.Bundelaar), not the whole row.
_OPEN = _Lookup.op(
    lambda ids: sa.select(
        casus.c.id,
        casus.c.subject_key,
        casus.c.startdatum_matchingperiode,
        casus.c.einddatum_matchingperiode,
        casus.c.totaal_bedrag,
        casus.c.crisis,
        casus.c.warme_overdracht,
        casus.c.overgedragen_at,
    ).where(
        ids(casus.c.subject_key),
        # Not IN (...): a literal IN list is expanded again at every execution.
        sa.or_(*(casus.c.status == status for status in OPEN_STATUSSEN)),
    )
)


def _rijen(
    session: Connection, lookup: _Lookup, ids: Collection[str], **params: Any
) -> Iterator[Any]:
    """The rows of the lookup for all `ids`, in one execution."""
    if not ids:
        return
    if len(ids) == 1:
        yield from session.execute(lookup.een, {"ids": next(iter(ids)), **params})
        return
    yield from session.execute(lookup.veel, {"ids": sorted(ids), **params})


def bestaande_partner_ids(
    session: Connection, *, creditor_id: str, partner_ids: Collection[str]
) -> dict[str, tuple[str, str]]:
    """(creditor, partner id) already stored: partner id -> (signal id, input hash)."""
    rows = _rijen(session, _BESTAANDE, partner_ids, creditor_id=creditor_id)
    return {row.partner_id: (row.id, row.invoer_hash) for row in rows}


def personen_op_adressen(
    session: Connection, adres_sleutels: Collection[str]
) -> list[tuple[str, Persoon]]:
    """Known residents at these addresses (not erased), as (address key, person)."""
    return [
        (
            row.adres_sleutel,
            Persoon(
                subject_key=row.subject_key,
                heeft_bsn=row.heeft_bsn,
                naam_sleutel=row.naam_sleutel or "",
                voorletter=eerste_voorletter(row.voorletters),
                voorletters=voorletters_sleutel(row.voorletters),
                geboortedatum=row.geboortedatum,
            ),
        )
        for row in _rijen(session, _PERSONEN, adres_sleutels)
    ]


def eerdere_signalen(
    session: Connection, *, creditor_id: str, subject_keys: Collection[str]
) -> dict[str, list[EerderSignaal]]:
    """Picked-up signals of this creditor per person key, in the order received (for the
    repeat rule and the case total)."""
    found: dict[str, list[EerderSignaal]] = defaultdict(list)
    for row in _rijen(session, _EERDERE, subject_keys, creditor_id=creditor_id):
        found[row.subject_key].append(EerderSignaal(row.signaaldatum, row.bedrag, row.casus_id))
    return found


_KOLOMMEN_EERDER = (
    signaal.c.partner_id,
    signaal.c.id,
    signaal.c.invoer_hash,
    signaal.c.subject_key,
    signaal.c.signaaldatum,
    signaal.c.bedrag,
    signaal.c.casus_id,
    signaal.c.ontvangen_at,
)
_KOLOMMEN_CASUS = (
    casus.c.einddatum_matchingperiode,
    casus.c.crisis,
    casus.c.warme_overdracht,
    casus.c.overgedragen_at,
)
_GEEN_CASUS = tuple(sa.cast(sa.null(), c.type).label(c.name) for c in _KOLOMMEN_CASUS)
# One push with a BSN knows its person key before any lookup: the same id, the earlier
# signals and the open cases of the resident in one statement instead of three (two round
# trips less), as `bestaande_partner_ids`, `eerdere_signalen` and `open_casussen` find them.
# The case rows reuse the signal columns: id, person key, start of the matching period in
# `signaaldatum`, total in `bedrag`; the signal rows leave the case columns empty.
_BEKEND_BIJ_BSN = sa.union_all(
    sa.select(sa.literal("id").label("soort"), *_KOLOMMEN_EERDER, *_GEEN_CASUS).where(
        signaal.c.creditor_id == sa.bindparam("creditor_id"),
        signaal.c.partner_id == sa.bindparam("partner_id"),
    ),
    sa.select(sa.literal("eerder"), *_KOLOMMEN_EERDER, *_GEEN_CASUS).where(
        signaal.c.creditor_id == sa.bindparam("creditor_id"),
        signaal.c.subject_key == sa.bindparam("subject_key"),
        signaal.c.status == Signaalstatus.NOG_NIET_OPGEPAKT.value,
    ),
    sa.select(
        sa.literal("casus"),
        sa.null(),
        casus.c.id,
        sa.null(),
        casus.c.subject_key,
        casus.c.startdatum_matchingperiode,
        casus.c.totaal_bedrag,
        sa.null(),
        sa.null(),
        *_KOLOMMEN_CASUS,
    ).where(
        casus.c.subject_key == sa.bindparam("subject_key"),
        sa.or_(*(casus.c.status == status for status in OPEN_STATUSSEN)),
    ),
)


@dataclass(frozen=True)
class Bekend:
    """What is stored about one push with a BSN (see `bekend_bij_bsn`)."""

    partner_ids: dict[str, tuple[str, str]]
    eerdere: dict[str, list[EerderSignaal]]
    open: dict[str, list[Any]]


def bekend_bij_bsn(
    session: Connection, *, creditor_id: str, partner_id: str, subject_key: str
) -> Bekend:
    """`bestaande_partner_ids` of one id, `eerdere_signalen` and `open_casussen` of one key,
    in one statement."""
    found = Bekend({}, defaultdict(list), defaultdict(list))
    params = {"creditor_id": creditor_id, "partner_id": partner_id, "subject_key": subject_key}
    eerdere = []
    for row in session.execute(_BEKEND_BIJ_BSN, params):
        if row.soort == "id":
            found.partner_ids[row.partner_id] = (row.id, row.invoer_hash)
        elif row.soort == "eerder":
            eerdere.append(row)
        else:
            found.open[row.subject_key].append(
                {
                    "id": row.id,
                    "subject_key": row.subject_key,
                    "startdatum_matchingperiode": row.signaaldatum,
                    "einddatum_matchingperiode": row.einddatum_matchingperiode,
                    "totaal_bedrag": row.bedrag,
                    "crisis": row.crisis,
                    "warme_overdracht": row.warme_overdracht,
                    "overgedragen_at": row.overgedragen_at,
                }
            )
    # In the order received, as `eerdere_signalen` gives them (one resident: a few rows).
    for row in sorted(eerdere, key=lambda r: (r.ontvangen_at, r.id)):
        found.eerdere[row.subject_key].append(
            EerderSignaal(row.signaaldatum, row.bedrag, row.casus_id)
        )
    return found


def open_casussen(session: Connection, subject_keys: Collection[str]) -> dict[str, list[Any]]:
    """Open cases per person key: id, matching period, total, crisis and hand-over."""
    found: dict[str, list[Any]] = defaultdict(list)
    for row in _rijen(session, _OPEN, subject_keys):
        found[row.subject_key].append(row)
    return found


# From this many rows PostgreSQL gets COPY instead of an executemany (PERF.md: 232k rows/s).
COPY_VANAF = 50


def nieuwe_ids(aantal: int) -> list[str]:
    """`aantal` new time-ordered UUIDs (version 7, RFC 9562 method 2: one millisecond stamp,
    a random start counted up). Rows inserted in id order land at the end of the primary-key
    index instead of at random places, and no UUID object is built per id (uuid4: 3.5 us).
    """
    ms = time.time_ns() // 1_000_000
    rand_a = secrets.randbits(12)
    start = secrets.randbits(62) & ~((1 << 24) - 1)  # room to count up without a carry
    prefix = f"{ms >> 16:08x}-{ms & 0xFFFF:04x}-7{rand_a:03x}-"
    ids = []
    for teller in range(start, start + aantal):
        rest = f"{(0b10 << 62) | teller:016x}"
        ids.append(f"{prefix}{rest[:4]}-{rest[4:]}")
    return ids


def id_bron(blok: int) -> Iterator[str]:
    """New time-ordered UUIDs (see `nieuwe_ids`) one at a time, drawn in blocks."""
    while True:
        yield from nieuwe_ids(blok)


def nieuw_id() -> str:
    """One new time-ordered UUID (see `nieuwe_ids`)."""
    return nieuwe_ids(1)[0]


def insert_many(session: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows (all with the same keys) with the raw driver: COPY on PostgreSQL for more
    than a few rows, one executemany otherwise (nothing when there are none).

    SQLAlchemy's Core insert with a list of dicts spends most of its time building parameters
    (PERF.md: 48-78k rows/s against 188k for the raw driver). Here the rows become tuples in
    C (`itemgetter`), and only the columns whose type needs it on this driver are converted,
    column by column, with the column type's own bind processor.
    """
    if not rows:
        return
    names = tuple(rows[0])
    plan = _plan(session.dialect, table, names)
    getter = itemgetter(*names)
    values = list(map(getter, rows)) if len(names) > 1 else [(getter(r),) for r in rows]
    if plan.copy is not None and len(values) >= COPY_VANAF:
        _copy(session, plan.copy, values, plan.json_kolommen)
        return
    session.exec_driver_sql(plan.insert, _converteer(values, plan.processors))


@dataclass(frozen=True)
class _Plan:
    """How rows with these columns go into a table on one dialect (worked out once)."""

    insert: str
    copy: str | None
    json_kolommen: tuple[int, ...]
    processors: Mapping[int, Callable[[Any], Any]]


@functools.cache
def _plan(dialect: sa.Dialect, table: sa.Table, names: tuple[str, ...]) -> _Plan:
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    tabel = dialect.identifier_preparer.quote(table.name)
    json_kolommen = tuple(i for i, n in enumerate(names) if isinstance(table.c[n].type, sa.JSON))
    placeholder = "?" if dialect.paramstyle == "qmark" else "%s"
    slots = [placeholder] * len(names)
    processors: dict[int, Callable[[Any], Any]] = dict.fromkeys(json_kolommen, json_text)
    for i, name in enumerate(names):
        if i in processors:
            # JSON goes as text (orjson: fast); PostgreSQL casts it to jsonb.
            if dialect.name != "sqlite":
                slots[i] = f"{placeholder}::jsonb"
            continue
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None and not isinstance(table.c[name].type, sa.Boolean):
            processors[i] = process  # drivers take Python bools as they are
    return _Plan(
        insert=f"INSERT INTO {tabel} ({quoted}) VALUES ({', '.join(slots)})",  # noqa: S608
        copy=f"COPY {tabel} ({quoted}) FROM STDIN" if dialect.name == "postgresql" else None,
        json_kolommen=json_kolommen,
        processors=processors,
    )


class _Eenmaal(dict[Any, Any]):
    """A column processor that converts each distinct value once (a chunk's dates repeat)."""

    def __init__(self, process: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self.process = process

    def __missing__(self, value: Any) -> Any:
        result = self[value] = self.process(value)
        return result


def _converteer(
    values: list[tuple[Any, ...]], processors: Mapping[int, Callable[[Any], Any]]
) -> list[tuple[Any, ...]]:
    """Apply each column's processor to its non-null values, column by column (in C: `map`)."""
    if not processors:
        return values
    if len(values) == 1:  # a single push: no columns to build, no value repeats
        row = list(values[0])
        for i, process in processors.items():
            if row[i] is not None:
                row[i] = process(row[i])
        return [tuple(row)]
    columns = list(zip(*values, strict=True))
    for i, process in processors.items():
        if process is json_text:  # documents are not hashable, and differ anyway
            columns[i] = tuple(None if v is None else json_text(v) for v in columns[i])
        else:
            columns[i] = tuple(map(_Eenmaal(process).__getitem__, columns[i]))
    return list(zip(*columns, strict=True))


def _copy(
    connection: sa.Connection,
    statement: str,
    values: list[tuple[Any, ...]],
    json_kolommen: tuple[int, ...],
) -> None:
    """COPY rows into a table in the session's transaction (psycopg 3 `cursor.copy`)."""
    import psycopg

    if json_kolommen:
        values = _converteer(values, dict.fromkeys(json_kolommen, json_text))
    driver: psycopg.Connection[Any] = connection.connection.dbapi_connection  # type: ignore[assignment]
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in values:
                copy.write_row(row)
    except psycopg.errors.IntegrityError as error:
        # The same exception an executemany raises, so callers handle one kind.
        raise sa.exc.IntegrityError(statement, None, error) from error


def append_events(
    session: Connection,
    tables: PlumbingTables,
    *,
    gemeentecode: str,
    events: Sequence[tuple[str, str | None, Mapping[str, Any]]],
) -> None:
    """Append many events (JSON-ready payloads) in one bulk insert, with shared.events' checks
    and lock.

    shared.events.append_event writes one row per call; a batch of 100,000 signals needs one
    statement, so this does the same checks (no personal data) and takes the same lock.
    """
    if not events:
        return
    now = datetime.now(UTC)
    rows = []
    checked: set[str] = set()
    ids = nieuwe_ids(len(events))
    for event_id, (type_, subject_key, payload) in zip(ids, events, strict=True):
        if type_ not in checked:
            # Payloads of one type share one model; checking one per type per call finds the
            # programming error shared.events guards against, at a fraction of the cost.
            check_payload(payload)
            checked.add(type_)
        rows.append(
            {
                "event_id": event_id,
                "type": type_,
                "occurred_at": now,
                "gemeentecode": gemeentecode,
                "subject_key": subject_key,
                "payload": payload,
            }
        )
    transaction_lock(session, EVENT_APPEND_LOCK)
    insert_many(session, tables.event, rows)
