"""The deadline watch's memory: which passed deadlines it has reported (each once).

Revision ID: trajectory_0005
Revises: trajectory_0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "trajectory_0005"
down_revision = "trajectory_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "termijn_verstreken",
        sa.Column(
            "traject_id",
            sa.String(36),
            sa.ForeignKey("traject.id", name="fk_termijn_verstreken_traject_id_traject"),
            nullable=False,
        ),
        sa.Column("termijn", sa.String(30), nullable=False),
        sa.Column("termijn_datum", sa.Date, nullable=False),
        sa.Column("vastgesteld_op", sa.Date, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "traject_id", "termijn", "termijn_datum", name="pk_termijn_verstreken"
        ),
    )


def downgrade() -> None:
    op.drop_table("termijn_verstreken")
