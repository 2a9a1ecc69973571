"""Plumbing tables: event feed, outbox, idempotency keys, processing log.

Revision ID: trajectory_0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

from shared.plumbing import create_plumbing_tables_v1

revision = "trajectory_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_plumbing_tables_v1(op)


def downgrade() -> None:
    for table in ("processing_log", "idempotency_key", "outbox", "event"):
        op.drop_table(table)
