""""Advice or trajectory" without reading a case's row: a covering index on `zaak` over the
melding cases by their last melding, with the dates the indicator reads.

Revision ID: reporting_0010
Revises: reporting_0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "reporting_0010"
down_revision = "reporting_0009"
branch_labels = None
depends_on = None

KOLOMMEN = [
    "gemeentecode", "melding_laatste", "melding_datum", "advies_datum", "aanvraag_datum",
    "melding_afgesloten_datum", "bron", "zaak",
]  # fmt: skip


def upgrade() -> None:
    op.create_index("ix_zaak_melding_dekkend", "zaak", KOLOMMEN)


def downgrade() -> None:
    op.drop_index("ix_zaak_melding_dekkend", table_name="zaak")
