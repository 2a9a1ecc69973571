"""One covering index over the facts of a period with every typed attribute the indicators read
(result, channel, deadline met, reference date, amount, count, id), replacing the narrower one
of 0006: the per-fact queries of settlements, debts, durations, deadlines and requests no
longer read the fact's row (with its payload) for one attribute.

Revision ID: reporting_0008
Revises: reporting_0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "reporting_0008"
down_revision = "reporting_0007"
branch_labels = None
depends_on = None

OUD = "ix_feit_soort_datum_dekkend"
OUDE_KOLOMMEN = [
    "soort", "datum", "gemeentecode", "subject_key", "partner_type", "bron", "zaak", "doelgroepen",
]  # fmt: skip
NIEUW = "ix_feit_soort_datum_breed"
NIEUWE_KOLOMMEN = [
    *OUDE_KOLOMMEN,
    "kanaal", "resultaat", "crisis", "bereikt", "gehaald", "referentie_datum", "bedrag", "aantal",
    "id",
]  # fmt: skip


def upgrade() -> None:
    op.create_index(NIEUW, "feit", NIEUWE_KOLOMMEN)
    op.drop_index(OUD, table_name="feit")


def downgrade() -> None:
    op.create_index(OUD, "feit", OUDE_KOLOMMEN)
    op.drop_index(NIEUW, table_name="feit")
