"""Covering indexes for the aggregated indicator path: the facts of a period, of a resident and
of a case are read from the index alone, never from the fact's row (which carries the payload).

Revision ID: reporting_0006
Revises: reporting_0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "reporting_0006"
down_revision = "reporting_0005"
branch_labels = None
depends_on = None

# name: (replaced index, its columns, covering columns added)
INDEXEN = {
    "ix_feit_soort_datum_dekkend": (
        "ix_feit_soort_datum",
        ["soort", "datum"],
        ["gemeentecode", "subject_key", "partner_type", "bron", "zaak", "doelgroepen"],
    ),
    "ix_feit_subject_key_soort_datum_dekkend": (
        "ix_feit_subject_key_soort_datum",
        ["subject_key", "soort", "datum"],
        ["gemeentecode", "bereikt", "resultaat"],
    ),
    "ix_feit_zaak_soort_datum_dekkend": (
        "ix_feit_zaak_soort_datum",
        ["zaak", "soort", "datum"],
        ["bron", "gemeentecode", "subject_key", "resultaat"],
    ),
}


def upgrade() -> None:
    for naam, (oud, kolommen, extra) in INDEXEN.items():
        op.create_index(naam, "feit", [*kolommen, *extra])
        op.drop_index(oud, table_name="feit")


def downgrade() -> None:
    for naam, (oud, kolommen, _) in INDEXEN.items():
        op.create_index(oud, "feit", kolommen)
        op.drop_index(naam, table_name="feit")
