"""Meldingen, aanmeldgesprekken, uitkomsten (advies, MDO, aanvraag), verwijspartners.

The resident's data lives on the melding as reported at the desk (DESIGN.md §3: personal data is
kept where the flow needs it). Deadlines are stored, not recomputed, so a later change of policy
does not move a deadline a resident was already given. Work-list filters each have an index.

Revision ID: intake_0002
Revises: intake_0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "intake_0002"
down_revision = "intake_0001"
branch_labels = None
depends_on = None

# (seed §4.2, annex 6) The partners the front desk refers residents to; coordinators maintain
# the list afterwards through the API.
SEED_PARTNERS = (
    ("Participe", "Maatschappelijk werk en vrijwilligers (thuisadministratie)."),
    ("Humanitas", "Thuisadministratie en Eigen Kracht-begeleiding door vrijwilligers."),
    ("Eigen Haard", "Woningcorporatie: betalingsregeling voor huurachterstand."),
    ("Sociaal team", "Het sociale wijkteam van de gemeente."),
    ("Financieel Café", "Inloopspreekuur voor vragen over geld en post."),
)


def upgrade() -> None:
    verwijspartner = op.create_table(
        "verwijspartner",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("naam", sa.String(200), nullable=False, unique=True),
        sa.Column("omschrijving", sa.Text, nullable=True),
        sa.Column("contact", sa.String(200), nullable=True),
        sa.Column("actief", sa.Boolean, nullable=False),
        sa.Column("aangemaakt_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "melding",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("kanaal", sa.String(20), nullable=False),
        sa.Column("verwijzer", sa.String(200), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("meldingdatum", sa.Date, nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("bsn", sa.String(9), nullable=True),
        sa.Column("voorletters", sa.String(20), nullable=True),
        sa.Column("voornamen", sa.String(200), nullable=True),
        sa.Column("tussenvoegsel", sa.String(20), nullable=True),
        sa.Column("achternaam", sa.String(200), nullable=False),
        sa.Column("geboortedatum", sa.Date, nullable=True),
        sa.Column("straat", sa.String(200), nullable=True),
        sa.Column("huisnummer", sa.Integer, nullable=True),
        sa.Column("huisletter", sa.String(1), nullable=True),
        sa.Column("huisnummertoevoeging", sa.String(4), nullable=True),
        sa.Column("postcode", sa.String(6), nullable=True),
        sa.Column("woonplaats", sa.String(200), nullable=True),
        sa.Column("telefoon", sa.String(30), nullable=True),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("voorkeurstaal", sa.String(40), nullable=True),
        sa.Column("partner", sa.JSON, nullable=True),
        sa.Column("kinderen_onder_18", sa.Integer, nullable=False),
        sa.Column("inkomensbron", sa.String(30), nullable=True),
        sa.Column("doelgroepen", sa.JSON, nullable=False),
        sa.Column("crisis", sa.Boolean, nullable=False),
        sa.Column("crisissoort", sa.String(60), nullable=True),
        sa.Column("crisisdatum", sa.Date, nullable=True),
        sa.Column("toelichting", sa.Text, nullable=True),
        sa.Column("plannen_uiterlijk", sa.Date, nullable=False),
        sa.Column("gesprek_norm_uiterlijk", sa.Date, nullable=False),
        sa.Column("gesprek_wettelijk_uiterlijk", sa.Date, nullable=False),
        sa.Column("recidive", sa.String(10), nullable=False),
        sa.Column("laatst_afgesloten_op", sa.Date, nullable=True),
        sa.Column("lopend_traject", sa.Boolean, nullable=True),
        sa.Column("consulent", sa.String(200), nullable=True),
        sa.Column("gesprek_status", sa.String(20), nullable=False),
        sa.Column("gesprek_datum", sa.Date, nullable=True),
        sa.Column("uitkomst", sa.String(20), nullable=True),
        sa.Column("afgesloten_op", sa.Date, nullable=True),
        sa.Column("casus_id", sa.String(36), nullable=True, unique=True),
        sa.Column("geregistreerd_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("geregistreerd_door", sa.String(200), nullable=False),
    )
    # Known resident (an open melding) and the work lists: crises today, plans due, overdue
    # against the norm and against the law, by counsellor.
    op.create_index("ix_melding_subject_key_status", "melding", ["subject_key", "status"])
    op.create_index(
        "ix_melding_status_crisis_gesprek_norm_uiterlijk",
        "melding",
        ["status", "crisis", "gesprek_norm_uiterlijk"],
    )
    op.create_index(
        "ix_melding_status_gesprek_status_plannen_uiterlijk",
        "melding",
        ["status", "gesprek_status", "plannen_uiterlijk"],
    )
    op.create_index(
        "ix_melding_status_gesprek_norm_uiterlijk", "melding", ["status", "gesprek_norm_uiterlijk"]
    )
    op.create_index(
        "ix_melding_status_gesprek_wettelijk_uiterlijk",
        "melding",
        ["status", "gesprek_wettelijk_uiterlijk"],
    )
    op.create_index("ix_melding_consulent_status", "melding", ["consulent", "status"])
    op.create_table(
        "melding_statuswijziging",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("melding_id", sa.String(36), sa.ForeignKey("melding.id"), nullable=False),
        sa.Column("van", sa.String(20), nullable=True),
        sa.Column("naar", sa.String(20), nullable=False),
        sa.Column("reden", sa.Text, nullable=True),
        sa.Column("door", sa.String(200), nullable=False),
        sa.Column("gewijzigd_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_melding_statuswijziging_melding_id", "melding_statuswijziging", ["melding_id"]
    )
    op.create_table(
        "aanmeldgesprek",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("melding_id", sa.String(36), sa.ForeignKey("melding.id"), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("tijd", sa.String(5), nullable=False),
        sa.Column("consulent", sa.String(200), nullable=False),
        sa.Column("locatie", sa.String(200), nullable=True),
        sa.Column("telefonisch", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("verplaatst_van", sa.String(36), nullable=True),
        sa.Column("verplaatsreden", sa.Text, nullable=True),
        sa.Column("gepland_op", sa.Date, nullable=False),
        sa.Column("gepland_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gepland_door", sa.String(200), nullable=False),
    )
    op.create_index("ix_aanmeldgesprek_melding_id", "aanmeldgesprek", ["melding_id"])
    op.create_table(
        "uitkomst",
        sa.Column("melding_id", sa.String(36), sa.ForeignKey("melding.id"), primary_key=True),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("reden", sa.Text, nullable=True),
        sa.Column("toelichting", sa.Text, nullable=True),
        sa.Column("aanvraag_id", sa.String(36), nullable=True),
        sa.Column("vastgelegd_door", sa.String(200), nullable=False),
        sa.Column("vastgelegd_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "uitkomst_verwijzing",
        sa.Column("melding_id", sa.String(36), sa.ForeignKey("melding.id"), primary_key=True),
        sa.Column(
            "verwijspartner_id",
            sa.String(36),
            sa.ForeignKey("verwijspartner.id"),
            primary_key=True,
        ),
    )
    op.create_table(
        "mdo",
        sa.Column("melding_id", sa.String(36), sa.ForeignKey("melding.id"), primary_key=True),
        sa.Column("grondslag", sa.String(20), nullable=False),
        sa.Column("toestemming_datum", sa.Date, nullable=True),
        sa.Column("toestemming_door", sa.String(200), nullable=True),
        sa.Column("veiligheid_reden", sa.Text, nullable=True),
        sa.Column("teams", sa.JSON, nullable=False),
        sa.Column("afspraken", sa.Text, nullable=True),
        sa.Column("mdo_datum", sa.Date, nullable=True),
    )
    op.create_table(
        "aanvraag",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "melding_id", sa.String(36), sa.ForeignKey("melding.id"), nullable=False, unique=True
        ),
        sa.Column("aanvraagdatum", sa.Date, nullable=False),
        sa.Column("message_id", sa.String(36), nullable=False),
        sa.Column("aangemaakt_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "vroegsignaal_overdracht",
        sa.Column("casus_id", sa.String(36), primary_key=True),
        sa.Column("melding_id", sa.String(36), sa.ForeignKey("melding.id"), nullable=False),
        sa.Column("signaalpartners", sa.JSON, nullable=False),
        sa.Column("totaal_achterstand", sa.Numeric(12, 2), nullable=False),
        sa.Column("warme_overdracht", sa.Boolean, nullable=False),
        sa.Column("overdrachtsdatum", sa.Date, nullable=False),
        sa.Column("ontvangen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_vroegsignaal_overdracht_melding_id", "vroegsignaal_overdracht", ["melding_id"]
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        verwijspartner,
        [
            {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"balans:verwijspartner:{naam}")),
                "naam": naam,
                "omschrijving": omschrijving,
                "contact": None,
                "actief": True,
                "aangemaakt_at": now,
            }
            for naam, omschrijving in SEED_PARTNERS
        ],
    )


def downgrade() -> None:
    for table in (
        "vroegsignaal_overdracht",
        "aanvraag",
        "mdo",
        "uitkomst_verwijzing",
        "uitkomst",
        "aanmeldgesprek",
        "melding_statuswijziging",
        "melding",
        "verwijspartner",
    ):
        op.drop_table(table)
