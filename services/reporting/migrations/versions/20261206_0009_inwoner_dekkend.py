"""The early-signal residents of a period without reading a row: a covering index on `inwoner`
over what they read of a resident (replacing the plain index on the last signal), and the partner
type and id in the per-resident index of the facts, so a resident's first signal in a period
and its partner type are one index probe.

Revision ID: reporting_0009
Revises: reporting_0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "reporting_0009"
down_revision = "reporting_0008"
branch_labels = None
depends_on = None

INWONER_SIGNAAL_KOLOMMEN = [
    "gemeentecode", "signaal_laatste", "signaal_datum", "signaal_partner_type", "bereikt_datum",
    "aanvraag_datum", "aanvraag_laatste", "traject_gestart_datum", "traject_gestart_laatste",
    "subject_key",
]  # fmt: skip
SUBJECT_KOLOMMEN = ["subject_key", "soort", "datum", "gemeentecode", "bereikt", "resultaat"]


def upgrade() -> None:
    op.create_index("ix_inwoner_signaal_dekkend", "inwoner", INWONER_SIGNAAL_KOLOMMEN)
    op.drop_index("ix_inwoner_gemeentecode_signaal_laatste", table_name="inwoner")
    op.create_index(
        "ix_feit_subject_key_soort_datum_breed", "feit", [*SUBJECT_KOLOMMEN, "partner_type", "id"]
    )
    op.drop_index("ix_feit_subject_key_soort_datum_dekkend", table_name="feit")


def downgrade() -> None:
    op.create_index("ix_feit_subject_key_soort_datum_dekkend", "feit", SUBJECT_KOLOMMEN)
    op.drop_index("ix_feit_subject_key_soort_datum_breed", table_name="feit")
    op.create_index(
        "ix_inwoner_gemeentecode_signaal_laatste", "inwoner", ["gemeentecode", "signaal_laatste"]
    )
    op.drop_index("ix_inwoner_signaal_dekkend", table_name="inwoner")
