"""Signals, batches, cases (Vroegsignaalzaak), contact attempts, review queue, retention runs.

Revision ID: signals_0002
Revises: signals_0001
Create Date: 2026-11-28

Every work-list filter has an index: batches by status, signals by person key, address, case,
creditor and signal date, cases by status and age, person key, address, postcode area, crisis
and action.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "signals_0002"
down_revision = "signals_0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TABLES = (
    "bewaar_verwijdering",
    "match_beoordeling",
    "contactpoging",
    "casus_historie",
    "signaal",
    "casus",
    "batch_rij_fout",
    "signaal_batch",
)


def upgrade() -> None:
    op.create_table(
        "signaal_batch",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("creditor_id", sa.String(100), nullable=False),
        sa.Column("partner_type", sa.String(40), nullable=False),
        sa.Column("ingediend_door", sa.String(200), nullable=False),
        sa.Column("formaat", sa.String(10), nullable=False),
        sa.Column("inhoud", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("ontvangen", sa.Integer(), nullable=False),
        sa.Column("verwerkt_tot", sa.Integer(), nullable=False),
        sa.Column("geaccepteerd", sa.Integer(), nullable=False),
        sa.Column("afgewezen", sa.Integer(), nullable=False),
        sa.Column("dubbel", sa.Integer(), nullable=False),
        sa.Column("ontvangen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("klaar_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("geclaimd_tot", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fout", sa.Text(), nullable=True),
    )
    op.create_index("ix_signaal_batch_status", "signaal_batch", ["status"])
    op.create_index("ix_signaal_batch_creditor_id", "signaal_batch", ["creditor_id"])
    op.create_table(
        "batch_rij_fout",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.String(36), sa.ForeignKey("signaal_batch.id", name="fk_batch_rij_fout_batch_id_signaal_batch"), nullable=False),
        sa.Column("rij", sa.Integer(), nullable=False),
        sa.Column("veld", sa.String(100), nullable=False),
        sa.Column("reden", sa.String(500), nullable=False),
    )
    op.create_index("ix_batch_rij_fout_batch_id_rij", "batch_rij_fout", ["batch_id", "rij"])
    op.create_table(
        "casus",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("adres_sleutel", sa.String(40), nullable=True),
        sa.Column("postcode_gebied", sa.String(4), nullable=True),
        sa.Column("status", sa.String(14), nullable=False),
        sa.Column("actie", sa.String(14), nullable=False),
        sa.Column("crisis", sa.Boolean(), nullable=False),
        sa.Column("warme_overdracht", sa.Boolean(), nullable=False),
        sa.Column("totaal_bedrag", sa.Numeric(12, 2), nullable=False),
        sa.Column("matchingsdatum", sa.Date(), nullable=False),
        sa.Column("startdatum_matchingperiode", sa.Date(), nullable=False),
        sa.Column("einddatum_matchingperiode", sa.Date(), nullable=False),
        sa.Column("datum_opgepakt", sa.Date(), nullable=True),
        sa.Column("consulent_1", sa.String(200), nullable=True),
        sa.Column("consulent_2", sa.String(200), nullable=True),
        sa.Column("geplande_datum", sa.Date(), nullable=True),
        sa.Column("resultaat", sa.String(80), nullable=True),
        sa.Column("afgesloten_op", sa.Date(), nullable=True),
        sa.Column("samengevoegd_in", sa.String(36), nullable=True),
        sa.Column("overgedragen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aangemaakt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewist_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_casus_actie", "casus", ["actie"])
    op.create_index("ix_casus_afgesloten_op", "casus", ["afgesloten_op"])
    op.create_index("ix_casus_status_aangemaakt_at", "casus", ["status", "aangemaakt_at"])
    op.create_index("ix_casus_adres_sleutel", "casus", ["adres_sleutel"])
    op.create_index("ix_casus_crisis", "casus", ["crisis"])
    op.create_index("ix_casus_postcode_gebied", "casus", ["postcode_gebied"])
    op.create_index("ix_casus_subject_key", "casus", ["subject_key"])
    op.create_table(
        "signaal",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("creditor_id", sa.String(100), nullable=False),
        sa.Column("partner_type", sa.String(40), nullable=False),
        sa.Column("partner_id", sa.String(100), nullable=False),
        sa.Column("invoer_hash", sa.String(64), nullable=False),
        sa.Column("batch_id", sa.String(36), nullable=True),
        sa.Column("crisissignaal", sa.Boolean(), nullable=False),
        sa.Column("warme_overdracht", sa.Boolean(), nullable=False),
        sa.Column("bedrag", sa.Numeric(12, 2), nullable=False),
        sa.Column("ontstaansdatum", sa.Date(), nullable=False),
        sa.Column("signaaldatum", sa.Date(), nullable=False),
        sa.Column("status", sa.String(60), nullable=False),
        sa.Column("status_reden", sa.String(300), nullable=True),
        sa.Column("actie", sa.String(14), nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("heeft_bsn", sa.Boolean(), nullable=False),
        sa.Column("match_methode", sa.String(10), nullable=False),
        sa.Column("match_score", sa.Numeric(4, 3), nullable=True),
        sa.Column("casus_id", sa.String(36), sa.ForeignKey("casus.id", name="fk_signaal_casus_id_casus"), nullable=True),
        sa.Column("bsn", sa.String(9), nullable=True),
        sa.Column("voorletters", sa.String(20), nullable=True),
        sa.Column("tussenvoegsel", sa.String(20), nullable=True),
        sa.Column("achternaam", sa.String(200), nullable=True),
        sa.Column("naam_sleutel", sa.String(200), nullable=True),
        sa.Column("geboortedatum", sa.Date(), nullable=True),
        sa.Column("straat", sa.String(200), nullable=True),
        sa.Column("postcode", sa.String(6), nullable=True),
        sa.Column("huisnummer", sa.Integer(), nullable=True),
        sa.Column("huisletter", sa.String(1), nullable=True),
        sa.Column("huisnummertoevoeging", sa.String(4), nullable=True),
        sa.Column("adres_sleutel", sa.String(40), nullable=True),
        sa.Column("woonplaats", sa.String(200), nullable=True),
        sa.Column("telefoon", sa.String(20), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("ontvangen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewist_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("creditor_id", "partner_id", name="uq_signaal_creditor_id_partner_id"),
    )
    op.create_index("ix_signaal_casus_id", "signaal", ["casus_id"])
    op.create_index("ix_signaal_creditor_id_ontvangen_at", "signaal", ["creditor_id", "ontvangen_at"])
    op.create_index("ix_signaal_subject_key", "signaal", ["subject_key"])
    op.create_index("ix_signaal_signaaldatum", "signaal", ["signaaldatum"])
    op.create_index("ix_signaal_adres_sleutel", "signaal", ["adres_sleutel"])
    op.create_table(
        "casus_historie",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("casus_id", sa.String(36), sa.ForeignKey("casus.id", name="fk_casus_historie_casus_id_casus"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("van_status", sa.String(14), nullable=True),
        sa.Column("naar_status", sa.String(14), nullable=False),
        sa.Column("gebeurtenis", sa.String(40), nullable=False),
        sa.Column("reden", sa.String(500), nullable=True),
    )
    op.create_index("ix_casus_historie_casus_id", "casus_historie", ["casus_id"])
    op.create_table(
        "contactpoging",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("casus_id", sa.String(36), sa.ForeignKey("casus.id", name="fk_contactpoging_casus_id_casus"), nullable=False),
        sa.Column("soort", sa.String(30), nullable=False),
        sa.Column("bereikt", sa.Boolean(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("dagdeel", sa.String(10), nullable=False),
        sa.Column("consulent", sa.String(200), nullable=False),
        sa.Column("vastgelegd_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_contactpoging_casus_id", "contactpoging", ["casus_id"])
    op.create_table(
        "match_beoordeling",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("signaal_id", sa.String(36), sa.ForeignKey("signaal.id", name="fk_match_beoordeling_signaal_id_signaal"), nullable=False),
        sa.Column("kandidaat_subject_key", sa.String(64), nullable=False),
        sa.Column("score", sa.Numeric(4, 3), nullable=False),
        sa.Column("status", sa.String(14), nullable=False),
        sa.Column("besloten_door", sa.String(200), nullable=True),
        sa.Column("besloten_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aangemaakt_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_match_beoordeling_status", "match_beoordeling", ["status"])
    op.create_table(
        "bewaar_verwijdering",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uitgevoerd_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("grensdatum", sa.Date(), nullable=False),
        sa.Column("aantal_signalen", sa.Integer(), nullable=False),
        sa.Column("aantal_casussen", sa.Integer(), nullable=False),
        sa.Column("details", JSON, nullable=False),
    )


def downgrade() -> None:
    # Dropping a table drops its indexes with it.
    for table in TABLES:
        op.drop_table(table)
