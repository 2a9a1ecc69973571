"""The facts without a resident key of their own, by kind and date: a partial index holding
only those rows. The early-signal and recidive indicators look for them (to attribute them to a
resident through their case) and used to walk every fact of five kinds to find none or a few:
0.15-0.3 s of a year's indicators at 2.6 million facts.

Revision ID: reporting_0013
Revises: reporting_0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reporting_0013"
down_revision = "reporting_0012"
branch_labels = None
depends_on = None

ZONDER_SLEUTEL = sa.text("subject_key IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_feit_zonder_sleutel",
        "feit",
        ["gemeentecode", "soort", "datum"],
        sqlite_where=ZONDER_SLEUTEL,
        postgresql_where=ZONDER_SLEUTEL,
    )


def downgrade() -> None:
    op.drop_index("ix_feit_zonder_sleutel", table_name="feit")
