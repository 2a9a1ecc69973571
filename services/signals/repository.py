"""Persistence helpers for signals and cases: set-based queries (never one per row) and bulk writes.

Bulk writes use one `executemany` per table (SQLAlchemy Core with a list of parameter sets),
never the ORM (PERF.md).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from pydantic_core import to_jsonable_python
from sqlalchemy.orm import Session

from services.signals.beleid import EerderSignaal
from services.signals.matching import Persoon, eerste_voorletter, voorletters_sleutel
from services.signals.models import casus, signaal
from shared.contracts.ddas import Signaalstatus
from shared.events import EVENT_APPEND_LOCK, check_payload
from shared.plumbing import PlumbingTables

OPEN_STATUSSEN = ("nieuw", "toegewezen")
# SQLite accepts at most 32,766 parameters per statement; stay well below.
IN_CHUNK = 900


def chunks(values: Sequence[Any]) -> list[Sequence[Any]]:
    return [values[i : i + IN_CHUNK] for i in range(0, len(values), IN_CHUNK)]


def bestaande_partner_ids(
    session: Session, *, creditor_id: str, partner_ids: Collection[str]
) -> dict[str, tuple[str, str]]:
    """(creditor, partner id) already stored: partner id -> (signal id, input hash)."""
    found: dict[str, tuple[str, str]] = {}
    for part in chunks(sorted(partner_ids)):
        rows = session.execute(
            sa.select(signaal.c.partner_id, signaal.c.id, signaal.c.invoer_hash).where(
                signaal.c.creditor_id == creditor_id, signaal.c.partner_id.in_(part)
            )
        )
        found.update({row.partner_id: (row.id, row.invoer_hash) for row in rows})
    return found


def personen_op_adressen(
    session: Session, adres_sleutels: Collection[str]
) -> list[tuple[str, Persoon]]:
    """Known residents at these addresses (not erased), as (address key, person)."""
    result: list[tuple[str, Persoon]] = []
    columns = (
        signaal.c.adres_sleutel,
        signaal.c.subject_key,
        signaal.c.heeft_bsn,
        signaal.c.naam_sleutel,
        signaal.c.voorletters,
        signaal.c.geboortedatum,
    )
    for part in chunks(sorted(adres_sleutels)):
        rows = session.execute(
            sa.select(*columns)
            .distinct()
            .where(signaal.c.adres_sleutel.in_(part), signaal.c.gewist_at.is_(None))
        )
        result.extend(
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
            for row in rows
        )
    return result


def eerdere_signalen(
    session: Session, *, creditor_id: str, subject_keys: Collection[str]
) -> dict[str, list[EerderSignaal]]:
    """Picked-up signals of this creditor per person key (for the repeat rule)."""
    found: dict[str, list[EerderSignaal]] = defaultdict(list)
    for part in chunks(sorted(subject_keys)):
        rows = session.execute(
            sa.select(signaal.c.subject_key, signaal.c.signaaldatum, signaal.c.bedrag).where(
                signaal.c.creditor_id == creditor_id,
                signaal.c.subject_key.in_(part),
                signaal.c.status == Signaalstatus.NOG_NIET_OPGEPAKT.value,
            )
        )
        for row in rows:
            found[row.subject_key].append(EerderSignaal(row.signaaldatum, row.bedrag))
    return found


def open_casussen(session: Session, subject_keys: Collection[str]) -> dict[str, list[Any]]:
    """Open cases per person key."""
    found: dict[str, list[Any]] = defaultdict(list)
    for part in chunks(sorted(subject_keys)):
        rows = session.execute(
            sa.select(casus).where(
                casus.c.subject_key.in_(part), casus.c.status.in_(OPEN_STATUSSEN)
            )
        )
        for row in rows:
            found[row.subject_key].append(row)
    return found


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


def insert_many(session: Session, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """One driver-level executemany for all rows (nothing when there are none).

    SQLAlchemy's Core insert with a list of dicts spends most of its time building parameters
    (PERF.md: 48-78k rows/s against 188k for the raw driver); here each column's own bind
    processor converts the values once, and the driver's executemany does the rest.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    placeholder = "?" if dialect.paramstyle == "qmark" else "%s"
    slots: list[str] = []
    processors: list[Callable[[Any], Any] | None] = []
    for name in names:
        column_type = table.c[name].type
        if isinstance(column_type, sa.JSON):
            # JSON goes as text (orjson: fast); PostgreSQL casts it to jsonb.
            slots.append(placeholder if dialect.name == "sqlite" else f"{placeholder}::jsonb")
            processors.append(_json_text)
        else:
            slots.append(placeholder)
            processors.append(column_type.bind_processor(dialect))
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    statement = (
        f"INSERT INTO {dialect.identifier_preparer.quote(table.name)} ({quoted}) "  # noqa: S608
        f"VALUES ({', '.join(slots)})"
    )
    actief = [(i, process) for i, process in enumerate(processors) if process is not None]
    parameters = []
    for row in rows:
        values = [row[name] for name in names]
        for i, process in actief:
            if values[i] is not None:
                values[i] = process(values[i])
        parameters.append(tuple(values))
    connection.exec_driver_sql(statement, parameters)


def append_events(
    session: Session,
    tables: PlumbingTables,
    *,
    gemeentecode: str,
    events: Sequence[tuple[str, str | None, Mapping[str, Any]]],
) -> None:
    """Append many events in one executemany, with shared.events' checks and lock.

    shared.events.append_event writes one row per call; a batch of 100,000 signals needs one
    statement, so this does the same checks (no personal data) and takes the same lock.
    """
    if not events:
        return
    now = datetime.now(UTC)
    rows = []
    checked: set[str] = set()
    for type_, subject_key, payload in events:
        document = to_jsonable_python(dict(payload))
        if type_ not in checked:
            # Payloads of one type share one model; checking one per type per call finds the
            # programming error shared.events guards against, at a fraction of the cost.
            check_payload(document)
            checked.add(type_)
        rows.append(
            {
                "event_id": str(uuid.uuid4()),
                "type": type_,
                "occurred_at": now,
                "gemeentecode": gemeentecode,
                "subject_key": subject_key,
                "payload": document,
            }
        )
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(EVENT_APPEND_LOCK)))
    insert_many(session, tables.event, rows)
