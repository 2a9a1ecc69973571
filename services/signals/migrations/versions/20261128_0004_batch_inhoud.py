"""A batch's raw body in its own table; no indexes on the case's crisis flag and action.

Revision ID: signals_0004
Revises: signals_0003
Create Date: 2026-11-28

SQLite rewrites a whole row on every update, overflow pages included: with the body (up to
64 MB) in `signaal_batch`, each chunk's progress update rewrote it (a 100,000-signal batch in 50
chunks wrote 1.8 GB). The body now lives beside the batch and is deleted once every row is
stored. A two-valued column (crisis) or a three-valued one (action) makes a poor index: the work
queue selects by status first, and every new case paid for both at insert.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "signals_0004"
down_revision = "signals_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signaal_batch_inhoud",
        sa.Column(
            "batch_id",
            sa.String(36),
            sa.ForeignKey("signaal_batch.id", name="fk_signaal_batch_inhoud_batch_id_signaal_batch"),
            primary_key=True,
        ),
        sa.Column("inhoud", sa.LargeBinary(), nullable=False),
    )
    op.execute(
        "INSERT INTO signaal_batch_inhoud (batch_id, inhoud) "
        "SELECT id, inhoud FROM signaal_batch WHERE inhoud IS NOT NULL"
    )
    with op.batch_alter_table("signaal_batch") as batch:
        batch.drop_column("inhoud")
    op.drop_index("ix_casus_crisis", table_name="casus")
    op.drop_index("ix_casus_actie", table_name="casus")


def downgrade() -> None:
    op.create_index("ix_casus_actie", "casus", ["actie"])
    op.create_index("ix_casus_crisis", "casus", ["crisis"])
    with op.batch_alter_table("signaal_batch") as batch:
        batch.add_column(sa.Column("inhoud", sa.LargeBinary(), nullable=True))
    op.execute(
        "UPDATE signaal_batch SET inhoud = (SELECT inhoud FROM signaal_batch_inhoud "
        "WHERE signaal_batch_inhoud.batch_id = signaal_batch.id)"
    )
    op.drop_table("signaal_batch_inhoud")
