"""Income management on a begeleiding record (beheerder, living money) and why support ended.

Revision ID: trajectory_0006
Revises: trajectory_0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "trajectory_0006"
down_revision = "trajectory_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("voorziening") as batch:
        batch.add_column(sa.Column("inkomensbeheer_beheerder", sa.String(200)))
        batch.add_column(sa.Column("leefgeld_per_maand", sa.Numeric(12, 2)))
        batch.add_column(sa.Column("einde_reden", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("voorziening") as batch:
        batch.drop_column("einde_reden")
        batch.drop_column("leefgeld_per_maand")
        batch.drop_column("inkomensbeheer_beheerder")
