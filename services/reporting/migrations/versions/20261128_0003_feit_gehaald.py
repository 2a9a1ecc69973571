"""Facts carry whether a deadline was met (the sources' own deadline judgments).

Revision ID: reporting_0003
Revises: reporting_0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reporting_0003"
down_revision = "reporting_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feit") as batch:
        batch.add_column(sa.Column("gehaald", sa.Boolean, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feit") as batch:
        batch.drop_column("gehaald")
