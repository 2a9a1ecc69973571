"""Support beside the phases, programme participation and emergency-fund requests.

Revision ID: trajectory_0003
Revises: trajectory_0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "trajectory_0003"
down_revision = "trajectory_0002"
branch_labels = None
depends_on = None


def _traject_fk(table: str) -> sa.Column[object]:
    return sa.Column(
        "traject_id",
        sa.String(36),
        sa.ForeignKey("traject.id", name=f"fk_{table}_traject_id_traject"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "voorziening",
        sa.Column("id", sa.String(36), nullable=False),
        _traject_fk("voorziening"),
        sa.Column("soort", sa.String(30), nullable=False),
        sa.Column("begeleidingssoort", sa.String(40)),
        sa.Column("datum_aanvraag", sa.Date),
        sa.Column("datum_goedkeuring", sa.Date),
        sa.Column("startdatum", sa.Date, nullable=False),
        sa.Column("einddatum", sa.Date),
        sa.Column("toelichting", sa.Text),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_voorziening"),
    )
    op.create_index("ix_voorziening_traject_id", "voorziening", ["traject_id"])

    op.create_table(
        "programma_deelname",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        _traject_fk("programma_deelname"),
        sa.Column("programma", sa.String(20), nullable=False),
        sa.Column("startdatum", sa.Date, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_programma_deelname"),
        sa.UniqueConstraint(
            "traject_id", "programma", name="uq_programma_deelname_traject_id_programma"
        ),
    )
    op.create_index("ix_programma_deelname_traject_id", "programma_deelname", ["traject_id"])

    op.create_table(
        "noodfonds_aanvraag",
        sa.Column("id", sa.String(36), nullable=False),
        _traject_fk("noodfonds_aanvraag"),
        sa.Column("bedrag", sa.Numeric(12, 2), nullable=False),
        sa.Column("reden", sa.Text, nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("besluit", sa.String(20)),
        sa.Column("besluit_datum", sa.Date),
        sa.Column("besluit_reden", sa.Text),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_noodfonds_aanvraag"),
    )
    op.create_index("ix_noodfonds_aanvraag_traject_id", "noodfonds_aanvraag", ["traject_id"])


def downgrade() -> None:
    for table in ("noodfonds_aanvraag", "programma_deelname", "voorziening"):
        op.drop_table(table)
