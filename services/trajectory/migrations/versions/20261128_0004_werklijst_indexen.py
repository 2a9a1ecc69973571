"""Covering indexes for the overdue work lists: the deadline with the columns that decide
whether it is still open, so counting and paging read the index only.

Revision ID: trajectory_0004
Revises: trajectory_0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "trajectory_0004"
down_revision = "trajectory_0003"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_traject_beslistermijn_open": ["beslistermijn_datum", "beschikking_datum", "fase", "id"],
    "ix_traject_nvvk_open": [
        "nvvk_datum",
        "schuldregeling_toegekend",
        "schuldregeling_afgewezen",
        "fase",
        "id",
    ],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "traject", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="traject")
