"""Clients in portfolio without reading a case's row: the index on `zaak` by the date of the
first trajectory started (0005) becomes covering, with the exit dates and target groups that
indicator reads (SQLite read a row per trajectory started: 0.12 s of a year's indicators at
100,000 trajectories).

Revision ID: reporting_0014
Revises: reporting_0013
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "reporting_0014"
down_revision = "reporting_0013"
branch_labels = None
depends_on = None

KOLOMMEN = [
    "uitstroom_datum", "uitstroom_laatste", "traject_gestart_doelgroepen", "bron", "zaak",
]  # fmt: skip


def upgrade() -> None:
    op.create_index(
        "ix_zaak_traject_gestart_dekkend",
        "zaak",
        ["gemeentecode", "traject_gestart_datum", *KOLOMMEN],
    )
    op.drop_index("ix_zaak_gemeentecode_traject_gestart_datum", table_name="zaak")


def downgrade() -> None:
    op.create_index(
        "ix_zaak_gemeentecode_traject_gestart_datum", "zaak", ["gemeentecode", "traject_gestart_datum"]
    )
    op.drop_index("ix_zaak_traject_gestart_dekkend", table_name="zaak")
