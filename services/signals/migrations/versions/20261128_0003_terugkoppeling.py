"""Creditor callbacks for feedback and the messages waiting for delivery.

Revision ID: signals_0003
Revises: signals_0002
Create Date: 2026-11-28

The delivery job's work list (undelivered messages by due time) is indexed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "signals_0003"
down_revision = "signals_0002"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "terugkoppel_abonnement",
        sa.Column("creditor_id", sa.String(100), primary_key=True),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("geheim", sa.String(100), nullable=False),
        sa.Column("aangemaakt_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "terugkoppel_bericht",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("creditor_id", sa.String(100), nullable=False),
        sa.Column("body", JSON, nullable=False),
        sa.Column("aangemaakt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("volgende_poging_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("afgeleverd_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("laatste_status", sa.Integer(), nullable=True),
        sa.Column("laatste_fout", sa.String(500), nullable=True),
    )
    op.create_index(
        "ix_terugkoppel_bericht_afgeleverd_at_volgende_poging_at",
        "terugkoppel_bericht",
        ["afgeleverd_at", "volgende_poging_at"],
    )


def downgrade() -> None:
    op.drop_table("terugkoppel_bericht")
    op.drop_table("terugkoppel_abonnement")
