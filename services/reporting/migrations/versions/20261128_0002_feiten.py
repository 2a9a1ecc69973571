"""Projected facts, cursors per source feed, staff-registered activities.

Revision ID: reporting_0002
Revises: reporting_0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "reporting_0002"
down_revision = "reporting_0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIGINT_PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "bron_cursor",
        sa.Column("bron", sa.String(20), nullable=False),
        sa.Column("cursor", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("gelezen_tot_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gepeild_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bijgewerkt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fouten", sa.Integer, nullable=False, server_default="0"),
        sa.Column("laatste_fout", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("bron", name="pk_bron_cursor"),
    )
    op.create_table(
        "feit",
        sa.Column("id", BIGINT_PK, autoincrement=True, nullable=False),
        sa.Column("bron", sa.String(20), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("cursor", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("soort", sa.String(40), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=True),
        sa.Column("zaak", sa.String(64), nullable=True),
        sa.Column("partner_type", sa.String(40), nullable=True),
        sa.Column("kanaal", sa.String(40), nullable=True),
        sa.Column("doelgroepen", sa.String(200), nullable=True),
        sa.Column("resultaat", sa.String(100), nullable=True),
        sa.Column("crisis", sa.Boolean, nullable=True),
        sa.Column("bereikt", sa.Boolean, nullable=True),
        sa.Column("bedrag", sa.Numeric(12, 2), nullable=True),
        sa.Column("aantal", sa.Integer, nullable=True),
        sa.Column("referentie_datum", sa.Date, nullable=True),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("geprojecteerd_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feit"),
        # Applying an event twice changes nothing: the second insert conflicts and is skipped.
        sa.UniqueConstraint("bron", "event_id", name="uq_feit_bron_event_id"),
    )
    op.create_index("ix_feit_soort_datum", "feit", ["soort", "datum"])
    op.create_index("ix_feit_datum", "feit", ["datum"])
    op.create_index("ix_feit_zaak", "feit", ["zaak"])
    op.create_index("ix_feit_subject_key", "feit", ["subject_key"])
    op.create_table(
        "activiteit",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("aantal", sa.Numeric(12, 2), nullable=False),
        sa.Column("vanaf_datum", sa.Date, nullable=False),
        sa.Column("tot_datum", sa.Date, nullable=False),
        sa.Column("bron", sa.String(200), nullable=False),
        sa.Column("toelichting", sa.Text, nullable=True),
        sa.Column("geregistreerd_door", sa.String(200), nullable=False),
        sa.Column("geregistreerd_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_activiteit"),
    )
    op.create_index("ix_activiteit_soort_vanaf_datum", "activiteit", ["soort", "vanaf_datum"])
    op.create_index("ix_activiteit_vanaf_datum", "activiteit", ["vanaf_datum"])


def downgrade() -> None:
    op.drop_table("activiteit")
    op.drop_table("feit")
    op.drop_table("bron_cursor")
