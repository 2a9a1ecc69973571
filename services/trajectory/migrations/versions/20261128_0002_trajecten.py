"""Trajectories, their persons, phase history, debts, calculations, offers and caseload.

Revision ID: trajectory_0002
Revises: trajectory_0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "trajectory_0002"
down_revision = "trajectory_0001"
branch_labels = None
depends_on = None


def _money(name: str, *, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.Numeric(12, 2), nullable=nullable)


def _instant(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _traject_fk(table: str) -> sa.Column[object]:
    return sa.Column(
        "traject_id",
        sa.String(36),
        sa.ForeignKey("traject.id", name=f"fk_{table}_traject_id_traject"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "traject",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("aanvraag_id", sa.String(36), nullable=False),
        sa.Column("melding_id", sa.String(36), nullable=False),
        sa.Column("gemeentecode", sa.String(6), nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("partner_subject_key", sa.String(64)),
        sa.Column("aanvraagdatum", sa.Date, nullable=False),
        sa.Column("crisis", sa.Boolean, nullable=False),
        sa.Column("crisissoort", sa.String(200)),
        sa.Column("fase", sa.String(20), nullable=False),
        sa.Column("fase_sinds", sa.Date, nullable=False),
        sa.Column("consulent", sa.String(200)),
        sa.Column("kinderen_onder_18", sa.Integer, nullable=False),
        sa.Column("inkomensbron", sa.String(200)),
        sa.Column("doelgroepen", sa.JSON, nullable=False),
        sa.Column("toelichting", sa.Text),
        sa.Column("documenten", sa.JSON, nullable=False),
        sa.Column("intake_start", sa.Date),
        sa.Column("beslistermijn_datum", sa.Date, nullable=False),
        sa.Column("beschikking_soort", sa.String(30)),
        sa.Column("beschikking_datum", sa.Date),
        sa.Column("beschikking_redenen", sa.JSON),
        sa.Column("bezwaar_datum", sa.Date),
        sa.Column("bezwaar_toelichting", sa.Text),
        sa.Column("plan", sa.JSON),
        sa.Column("plan_datum", sa.Date),
        sa.Column("stabilisatie_start", sa.Date),
        sa.Column("stabilisatie_eind", sa.Date),
        sa.Column("stabilisatie_benchmark_datum", sa.Date),
        sa.Column("stabilisatie_max_datum", sa.Date),
        sa.Column("schuldregeling_start", sa.Date),
        sa.Column("schuldregeling_ingediend", sa.Date),
        sa.Column("nvvk_datum", sa.Date),
        sa.Column("schuldregeling_toegekend", sa.Date),
        sa.Column("schuldregeling_afgewezen", sa.Date),
        sa.Column("schuldregeling_ingetrokken", sa.Date),
        sa.Column("dwangakkoord_verzoek_datum", sa.Date),
        sa.Column("dwangakkoord", sa.Boolean),
        sa.Column("dwangakkoord_uitspraak_datum", sa.Date),
        sa.Column("wsnp_verklaring_datum", sa.Date),
        sa.Column("oplossing_soort", sa.String(30)),
        sa.Column("oplossing_start", sa.Date),
        sa.Column("oplossing_eind", sa.Date),
        _money("oplossing_vtlb"),
        sa.Column("nazorg_start", sa.Date),
        sa.Column("nazorg_einde_datum", sa.Date),
        sa.Column("nazorg_eind", sa.Date),
        sa.Column("uitstroom_datum", sa.Date),
        sa.Column("uitstroom_reden", sa.String(30)),
        sa.Column("uitstroom_omschrijving", sa.Text),
        sa.Column("afwegingskader", sa.JSON),
        sa.Column("afwegingskader_advies", sa.String(30)),
        _money("kredietbedrag"),
        _instant("created_at"),
        _instant("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_traject"),
        sa.UniqueConstraint("aanvraag_id", name="uq_traject_aanvraag_id"),
    )
    # Work-list filters: per counsellor, per phase, and each deadline signal.
    for column in (
        "subject_key",
        "aanvraagdatum",
        "fase",
        "consulent",
        "beslistermijn_datum",
        "stabilisatie_benchmark_datum",
        "stabilisatie_max_datum",
        "nvvk_datum",
        "nazorg_einde_datum",
        "uitstroom_datum",
    ):
        op.create_index(f"ix_traject_{column}", "traject", [column])

    op.create_table(
        "traject_persoon",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        _traject_fk("traject_persoon"),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("subject_key", sa.String(64), nullable=False),
        sa.Column("actief", sa.Boolean, nullable=False),
        sa.Column("persoon", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_traject_persoon"),
    )
    op.create_index("ix_traject_persoon_traject_id", "traject_persoon", ["traject_id"])
    op.create_index("ix_traject_persoon_subject_key", "traject_persoon", ["subject_key"])
    # At most one active trajectory per resident, guarded by the database itself.
    op.create_index(
        "uq_traject_persoon_actief_subject_key",
        "traject_persoon",
        ["subject_key"],
        unique=True,
        sqlite_where=sa.text("actief"),
        postgresql_where=sa.text("actief"),
    )

    op.create_table(
        "traject_historie",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        _traject_fk("traject_historie"),
        sa.Column("van_fase", sa.String(20)),
        sa.Column("naar_fase", sa.String(20), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("regel", sa.Text, nullable=False),
        sa.Column("reden", sa.Text),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        _instant("at"),
        sa.PrimaryKeyConstraint("id", name="pk_traject_historie"),
    )
    op.create_index("ix_traject_historie_traject_id", "traject_historie", ["traject_id"])

    op.create_table(
        "schuld",
        sa.Column("id", sa.String(36), nullable=False),
        _traject_fk("schuld"),
        sa.Column("schuldeiser_naam", sa.String(200), nullable=False),
        sa.Column("schuldeiser_kvk", sa.String(8)),
        sa.Column("schuldeiser_postcode", sa.String(6)),
        sa.Column("schuldeiser_privepersoon", sa.Boolean, nullable=False),
        _money("bedrag", nullable=False),
        sa.Column("peildatum", sa.Date, nullable=False),
        sa.Column("schuldsoort", sa.String(10), nullable=False),
        sa.Column("preferent", sa.Boolean, nullable=False),
        sa.Column("zakelijk", sa.Boolean, nullable=False),
        _money("aanbod_bedrag"),
        sa.Column("reactie", sa.String(10)),
        sa.Column("reactie_datum", sa.Date),
        _instant("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_schuld"),
    )
    op.create_index("ix_schuld_traject_id", "schuld", ["traject_id"])

    op.create_table(
        "berekening",
        sa.Column("id", sa.String(36), nullable=False),
        _traject_fk("berekening"),
        sa.Column("peildatum", sa.Date, nullable=False),
        sa.Column("leefsituatie", sa.String(20), nullable=False),
        _money("netto_inkomen", nullable=False),
        sa.Column("correcties", sa.JSON, nullable=False),
        _money("bijstandsnorm", nullable=False),
        _money("beslagvrije_voet", nullable=False),
        _money("vtlb", nullable=False),
        _money("afloscapaciteit", nullable=False),
        sa.Column("regels", sa.JSON, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        _instant("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_berekening"),
    )
    op.create_index("ix_berekening_traject_id", "berekening", ["traject_id"])

    op.create_table(
        "aanbod",
        sa.Column("id", sa.String(36), nullable=False),
        _traject_fk("aanbod"),
        sa.Column(
            "berekening_id",
            sa.String(36),
            sa.ForeignKey("berekening.id", name="fk_aanbod_berekening_id_berekening"),
            nullable=False,
        ),
        sa.Column("ingediend_op", sa.Date, nullable=False),
        sa.Column("looptijd_maanden", sa.Integer, nullable=False),
        _money("afloscapaciteit", nullable=False),
        _money("totaal_schuld", nullable=False),
        _money("totaal_aflossing", nullable=False),
        sa.Column("percentage", sa.Numeric(6, 2), nullable=False),
        sa.Column("verdeling", sa.JSON, nullable=False),
        sa.Column("actueel", sa.Boolean, nullable=False),
        _instant("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_aanbod"),
    )
    op.create_index("ix_aanbod_traject_id", "aanbod", ["traject_id"])

    op.create_table(
        "consulent",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("fte", sa.Numeric(4, 2), nullable=False),
        _instant("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_consulent"),
    )

    op.create_table(
        "toewijzing",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        _traject_fk("toewijzing"),
        sa.Column("consulent", sa.String(200), nullable=False),
        sa.Column("override_reden", sa.Text),
        sa.Column("actor", sa.String(200), nullable=False),
        _instant("at"),
        sa.PrimaryKeyConstraint("id", name="pk_toewijzing"),
    )
    op.create_index("ix_toewijzing_traject_id", "toewijzing", ["traject_id"])


def downgrade() -> None:
    for table in (
        "toewijzing",
        "consulent",
        "aanbod",
        "berekening",
        "schuld",
        "traject_historie",
        "traject_persoon",
        "traject",
    ):
        op.drop_table(table)
