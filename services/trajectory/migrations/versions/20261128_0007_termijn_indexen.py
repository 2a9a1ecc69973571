"""Deadline indexes that hold only the open cases, in deadline order.

The indexes of migration 0004 led with the deadline date, so "decision overdue" read every case
whose term had ever passed (90,000 of 100,000) to find the 10,000 still undecided, and SQLite
preferred the plain date index and fetched each of them from the table (a second per work-list
page). Partial indexes on the open cases, ordered as the list is (deadline, id), let the count
and the page read only those; the plain date indexes go, so no planner picks them again.

Revision ID: trajectory_0007
Revises: trajectory_0006
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "trajectory_0007"
down_revision = "trajectory_0006"
branch_labels = None
depends_on = None

NVVK_OPEN = "schuldregeling_toegekend IS NULL AND schuldregeling_afgewezen IS NULL"
PLAIN = (
    "beslistermijn_datum",
    "stabilisatie_benchmark_datum",
    "stabilisatie_max_datum",
    "nvvk_datum",
    "nazorg_einde_datum",
)
OLD = {
    "ix_traject_beslistermijn_open": ["beslistermijn_datum", "beschikking_datum", "fase", "id"],
    "ix_traject_nvvk_open": [
        "nvvk_datum",
        "schuldregeling_toegekend",
        "schuldregeling_afgewezen",
        "fase",
        "id",
    ],
}
PARTIAL = {
    "ix_traject_beslistermijn_open": (["beslistermijn_datum", "id", "fase"], "beschikking_datum IS NULL"),
    # An offer is open only in phase schuldregeling (repository.open_termijn).
    "ix_traject_nvvk_open": (["fase", "nvvk_datum", "id"], NVVK_OPEN),
}
BY_PHASE = {
    "ix_traject_stabilisatie_benchmark": ["fase", "stabilisatie_benchmark_datum", "id"],
    "ix_traject_stabilisatie_max": ["fase", "stabilisatie_max_datum", "id"],
    "ix_traject_nazorg_einde": ["fase", "nazorg_einde_datum", "id"],
}


def upgrade() -> None:
    for name in OLD:
        op.drop_index(name, table_name="traject")
    for column in PLAIN:
        op.drop_index(f"ix_traject_{column}", table_name="traject")
    for name, (columns, where) in PARTIAL.items():
        op.create_index(
            name,
            "traject",
            columns,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )
    for name, columns in BY_PHASE.items():
        op.create_index(name, "traject", columns)


def downgrade() -> None:
    for name in (*PARTIAL, *BY_PHASE):
        op.drop_index(name, table_name="traject")
    for column in PLAIN:
        op.create_index(f"ix_traject_{column}", "traject", [column])
    for name, columns in OLD.items():
        op.create_index(name, "traject", columns)
