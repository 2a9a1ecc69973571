"""One row per resident key with what the per-resident indicators follow (first signal, first
contact, first and last request for help and exit); filled from stored facts.

Revision ID: reporting_0007
Revises: reporting_0006
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reporting_0007"
down_revision = "reporting_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from services.reporting import aggregaten
    from services.reporting.models import inwoner_kolommen

    op.create_table(
        "inwoner",
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=False),
        *inwoner_kolommen(),
        sa.PrimaryKeyConstraint("gemeentecode", "subject_key", name="pk_inwoner"),
    )
    for kolom in ("signaal_laatste", "aanvraag_laatste", "traject_gestart_laatste"):
        op.create_index(f"ix_inwoner_gemeentecode_{kolom}", "inwoner", ["gemeentecode", kolom])
    aggregaten.herbouw(op.get_bind(), delen=("inwoner",))


def downgrade() -> None:
    op.drop_table("inwoner")
