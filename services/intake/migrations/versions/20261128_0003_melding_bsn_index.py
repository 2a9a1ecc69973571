"""Index on the BSN of a melding: the desk searches a resident's meldingen by BSN.

Revision ID: intake_0003
Revises: intake_0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "intake_0003"
down_revision = "intake_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_melding_bsn", "melding", ["bsn"])


def downgrade() -> None:
    op.drop_index("ix_melding_bsn", table_name="melding")
