"""The tables every service database carries next to its own: events, outbox, idempotency keys
and the processing log.

`plumbing_tables(metadata)` adds them to a service's MetaData (so Alembic autogenerate and the
repositories see them); `create_plumbing_tables_v1(op)` is the frozen migration step each
service's first migration calls. Never edit a frozen step: add `..._v2` for a later change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIGINT_PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


@dataclass(frozen=True)
class PlumbingTables:
    event: sa.Table
    outbox: sa.Table
    idempotency_key: sa.Table
    processing_log: sa.Table


def _columns_v1() -> dict[str, list[Any]]:
    return {
        # The event feed for reporting: `id` is the cursor. Events carry pseudonymous keys and
        # attributes only, never names, BSNs or addresses.
        "event": [
            sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
            sa.Column("event_id", sa.String(36), nullable=False, unique=True),
            sa.Column("type", sa.String(100), nullable=False),
            sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("gemeentecode", sa.String(6), nullable=False),
            sa.Column("subject_key", sa.String(64), nullable=True),
            sa.Column("payload", JSON, nullable=False),
        ],
        # Commands to other services, written in the same transaction as the change that
        # causes them and delivered by the relay; `message_id` is the Idempotency-Key.
        "outbox": [
            sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
            sa.Column("message_id", sa.String(36), nullable=False, unique=True),
            sa.Column("destination", sa.String(40), nullable=False),
            sa.Column("method", sa.String(10), nullable=False),
            sa.Column("path", sa.String(300), nullable=False),
            sa.Column("body", JSON, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
            sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("response_status", sa.Integer, nullable=True),
            sa.Column("last_error", sa.Text, nullable=True),
        ],
        # Idempotency keys of callers (creditors, other services): a repeat gets the first answer.
        "idempotency_key": [
            sa.Column("caller", sa.String(200), primary_key=True),
            sa.Column("key", sa.String(255), primary_key=True),
            sa.Column("request_method", sa.String(10), nullable=False),
            sa.Column("request_path", sa.String(500), nullable=False),
            sa.Column("request_hash", sa.String(64), nullable=False),
            sa.Column("state", sa.String(12), nullable=False),
            sa.Column("response_status", sa.Integer, nullable=True),
            sa.Column("response_body", sa.LargeBinary, nullable=True),
            sa.Column("response_headers", JSON, nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
        ],
        # Logboek Dataverwerkingen: one row per processing of a resident's personal data.
        "processing_log": [
            sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
            sa.Column("trace_id", sa.String(32), nullable=False),
            sa.Column("span_id", sa.String(16), nullable=False),
            sa.Column("action", sa.String(100), nullable=False),
            sa.Column("activity_id", sa.String(100), nullable=False),
            sa.Column("subject_key", sa.String(64), nullable=False, index=True),
            sa.Column("actor", sa.String(200), nullable=False),
            sa.Column("role", sa.String(40), nullable=False),
            sa.Column("result", sa.String(20), nullable=False),
            sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        ],
    }


def _tables_v1(metadata: sa.MetaData) -> PlumbingTables:
    tables = {name: sa.Table(name, metadata, *cols) for name, cols in _columns_v1().items()}
    # The relay's work list: undelivered messages by due time.
    sa.Index(
        "ix_outbox_pending",
        tables["outbox"].c.next_attempt_at,
        sqlite_where=tables["outbox"].c.delivered_at.is_(None),
        postgresql_where=tables["outbox"].c.delivered_at.is_(None),
    )
    return PlumbingTables(**tables)


def plumbing_tables(metadata: sa.MetaData) -> PlumbingTables:
    """Add the plumbing tables, as the code uses them now, to a service's MetaData."""
    return _tables_v1(metadata)


def create_plumbing_tables_v1(op: Any) -> None:
    """Frozen migration step: create the plumbing tables as of version 1."""
    from shared.db import new_metadata

    metadata = new_metadata()
    _tables_v1(metadata)
    metadata.create_all(bind=op.get_bind())
