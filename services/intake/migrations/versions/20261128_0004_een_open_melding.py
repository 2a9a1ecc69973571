"""At most one open melding per resident, enforced by the database.

The check before the insert (409 with a link) answers the desk; this partial unique index
closes the race of two registrations for the same resident at the same moment on PostgreSQL,
where both checks could pass before either insert commits.

Revision ID: intake_0004
Revises: intake_0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "intake_0004"
down_revision = "intake_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "uq_melding_open_subject_key",
        "melding",
        ["subject_key"],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )


def downgrade() -> None:
    op.drop_index("uq_melding_open_subject_key", table_name="melding")
