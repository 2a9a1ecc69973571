"""One row per case with its first fact of each followed kind (replaces zaak_eerste, whose
per-kind rows needed a join per kind); filled from stored facts.

Revision ID: reporting_0005
Revises: reporting_0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reporting_0005"
down_revision = "reporting_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from services.reporting import aggregaten
    from services.reporting.models import zaak_kolommen

    op.drop_table("zaak_eerste")
    op.create_table(
        "zaak",
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("bron", sa.String(20), nullable=False),
        sa.Column("zaak", sa.String(64), nullable=False),
        *zaak_kolommen(),
        sa.PrimaryKeyConstraint("gemeentecode", "bron", "zaak", name="pk_zaak"),
    )
    for soort in ("melding", "eerste_gesprek", "beschikking", "traject_gestart", "casus_opgepakt"):
        op.create_index(f"ix_zaak_gemeentecode_{soort}_datum", "zaak", ["gemeentecode", f"{soort}_datum"])
    aggregaten.herbouw(op.get_bind(), delen=("feit_dag", "zaak"))


def downgrade() -> None:
    op.drop_table("zaak")
    op.create_table(
        "zaak_eerste",
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("bron", sa.String(20), nullable=False),
        sa.Column("zaak", sa.String(64), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("feit_id", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("gemeentecode", "soort", "bron", "zaak", name="pk_zaak_eerste"),
    )
