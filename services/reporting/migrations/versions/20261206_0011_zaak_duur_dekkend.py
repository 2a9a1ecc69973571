"""Waiting time, decision time and signal to pick-up without reading a case's row: the indexes
on `zaak` by the date of the first conversation, decision and pick-up (0005) become covering,
with the dates (and crisis flags) these durations start from.

Revision ID: reporting_0011
Revises: reporting_0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "reporting_0011"
down_revision = "reporting_0010"
branch_labels = None
depends_on = None

KOLOMMEN = {
    "eerste_gesprek": [
        "eerste_gesprek_referentie_datum", "eerste_gesprek_crisis", "melding_datum",
        "melding_crisis",
    ],
    "beschikking": [
        "beschikking_referentie_datum", "traject_gestart_datum", "traject_gestart_referentie_datum",
    ],
    "casus_opgepakt": [
        "casus_opgepakt_referentie_datum", "signaal_datum", "signaal_referentie_datum",
        "casus_geopend_datum", "bron", "zaak",
    ],
}  # fmt: skip


def upgrade() -> None:
    for soort, kolommen in KOLOMMEN.items():
        op.create_index(f"ix_zaak_{soort}_dekkend", "zaak", ["gemeentecode", f"{soort}_datum", *kolommen])
        op.drop_index(f"ix_zaak_gemeentecode_{soort}_datum", table_name="zaak")


def downgrade() -> None:
    for soort in KOLOMMEN:
        op.create_index(f"ix_zaak_gemeentecode_{soort}_datum", "zaak", ["gemeentecode", f"{soort}_datum"])
        op.drop_index(f"ix_zaak_{soort}_dekkend", table_name="zaak")
