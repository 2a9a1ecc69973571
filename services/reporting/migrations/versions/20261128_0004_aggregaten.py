"""Aggregates kept by the projection (facts per day, each case's first fact per kind) and the
per-case and per-resident indexes of the aggregated indicator path; filled from stored facts.

Revision ID: reporting_0004
Revises: reporting_0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reporting_0004"
down_revision = "reporting_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feit_dag",
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("sleutel", sa.String(32), nullable=False),
        sa.Column("bron", sa.String(20), nullable=False),
        sa.Column("partner_type", sa.String(40), nullable=True),
        sa.Column("kanaal", sa.String(40), nullable=True),
        sa.Column("doelgroepen", sa.String(200), nullable=True),
        sa.Column("resultaat", sa.String(100), nullable=True),
        sa.Column("crisis", sa.Boolean, nullable=True),
        sa.Column("bereikt", sa.Boolean, nullable=True),
        sa.Column("gehaald", sa.Boolean, nullable=True),
        sa.Column("aantal", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("gemeentecode", "soort", "datum", "sleutel", name="pk_feit_dag"),
    )
    op.create_table(
        "zaak_eerste",
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("bron", sa.String(20), nullable=False),
        sa.Column("zaak", sa.String(64), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("feit_id", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("gemeentecode", "soort", "bron", "zaak", name="pk_zaak_eerste"),
    )
    op.create_index(
        "ix_zaak_eerste_gemeentecode_soort_datum", "zaak_eerste", ["gemeentecode", "soort", "datum"]
    )
    op.drop_index("ix_feit_zaak", table_name="feit")
    op.drop_index("ix_feit_subject_key", table_name="feit")
    op.create_index("ix_feit_zaak_soort_datum", "feit", ["zaak", "soort", "datum"])
    op.create_index("ix_feit_subject_key_soort_datum", "feit", ["subject_key", "soort", "datum"])
    # Filled from the stored facts by the next revision, which completes the aggregates.


def downgrade() -> None:
    op.drop_index("ix_feit_subject_key_soort_datum", table_name="feit")
    op.drop_index("ix_feit_zaak_soort_datum", table_name="feit")
    op.create_index("ix_feit_subject_key", "feit", ["subject_key"])
    op.create_index("ix_feit_zaak", "feit", ["zaak"])
    op.drop_table("zaak_eerste")
    op.drop_table("feit_dag")
