"""Recidive without reading a resident's row: the indexes on `inwoner` by the last request and
the last trajectory (0007) become covering, with the dates recidive reads.

Revision ID: reporting_0012
Revises: reporting_0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "reporting_0012"
down_revision = "reporting_0011"
branch_labels = None
depends_on = None

HULP = [
    "aanvraag_datum", "aanvraag_laatste", "traject_gestart_datum", "traject_gestart_laatste",
    "uitstroom_datum", "uitstroom_laatste", "subject_key",
]  # fmt: skip
LAATSTE = ("aanvraag_laatste", "traject_gestart_laatste")


def upgrade() -> None:
    for kolom in LAATSTE:
        rest = [c for c in HULP if c != kolom]
        op.create_index(f"ix_inwoner_{kolom}_dekkend", "inwoner", ["gemeentecode", kolom, *rest])
        op.drop_index(f"ix_inwoner_gemeentecode_{kolom}", table_name="inwoner")


def downgrade() -> None:
    for kolom in LAATSTE:
        op.create_index(f"ix_inwoner_gemeentecode_{kolom}", "inwoner", ["gemeentecode", kolom])
        op.drop_index(f"ix_inwoner_{kolom}_dekkend", table_name="inwoner")
