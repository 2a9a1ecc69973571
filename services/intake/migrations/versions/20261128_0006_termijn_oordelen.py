"""Each deadline of a melding is judged once: met (true), missed (false) or not yet (null).

Until now a deadline was judged when the conversation was held or the melding closed; a melding
whose deadline passed while it stayed open was judged only at closing. The background job
(`services.intake.termijnbewaking`) now judges a deadline missed the day after it passes. The
judgment is kept on the melding so every path (planning, holding, closing, the job) can claim it
with one conditional update, and none reports it twice.

Existing meldingen get the judgment the old code reported: a planned conversation judged
`plannen` on its first planning day, a held one both conversation deadlines on its date, and a
melding closed without one the deadlines that had passed by its closing day. Open meldingen with
a passed deadline are left null: the job reports them once on its first run.

Revision ID: intake_0006
Revises: intake_0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "intake_0006"
down_revision = "intake_0005"
branch_labels = None
depends_on = None

GESPREK_DEADLINES = ("gesprek_norm", "gesprek_wettelijk")


def upgrade() -> None:
    for name in ("plannen", *GESPREK_DEADLINES):
        op.add_column("melding", sa.Column(f"{name}_gehaald", sa.Boolean, nullable=True))
    op.execute(
        """
        UPDATE melding SET plannen_gehaald = (
            SELECT min(a.gepland_op) FROM aanmeldgesprek a WHERE a.melding_id = melding.id
        ) <= plannen_uiterlijk
        WHERE EXISTS (SELECT 1 FROM aanmeldgesprek a WHERE a.melding_id = melding.id)
        """
    )
    for name in GESPREK_DEADLINES:
        op.execute(
            f"UPDATE melding SET {name}_gehaald = gesprek_datum <= {name}_uiterlijk "
            "WHERE gesprek_status = 'gehouden'"
        )
        op.execute(
            f"UPDATE melding SET {name}_gehaald = false "
            f"WHERE gesprek_status <> 'gehouden' AND status = 'afgerond' "
            f"AND {name}_uiterlijk < afgesloten_op"
        )


def downgrade() -> None:
    with op.batch_alter_table("melding") as batch:
        for name in ("plannen", *GESPREK_DEADLINES):
            batch.drop_column(f"{name}_gehaald")
