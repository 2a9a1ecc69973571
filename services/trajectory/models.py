"""Tables of the trajectory service (SQLAlchemy Core; migrations in migrations/versions)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from shared.db import new_metadata
from shared.plumbing import plumbing_tables

metadata = new_metadata()
plumbing = plumbing_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata


def _money(name: str, *, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.Numeric(12, 2), nullable=nullable)


def _instant(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


NVVK_OPEN = "schuldregeling_toegekend IS NULL AND schuldregeling_afgewezen IS NULL"

traject = sa.Table(
    "traject",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("aanvraag_id", sa.String(36), nullable=False, unique=True),
    sa.Column("melding_id", sa.String(36), nullable=False),
    sa.Column("gemeentecode", sa.String(6), nullable=False),
    sa.Column("subject_key", sa.String(64), nullable=False, index=True),
    sa.Column("partner_subject_key", sa.String(64), nullable=True),
    sa.Column("aanvraagdatum", sa.Date, nullable=False, index=True),
    sa.Column("crisis", sa.Boolean, nullable=False),
    sa.Column("crisissoort", sa.String(200)),
    sa.Column("fase", sa.String(20), nullable=False, index=True),
    sa.Column("fase_sinds", sa.Date, nullable=False),
    sa.Column("consulent", sa.String(200), index=True),
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
    sa.Column("uitstroom_datum", sa.Date, index=True),
    sa.Column("uitstroom_reden", sa.String(30)),
    sa.Column("uitstroom_omschrijving", sa.Text),
    sa.Column("afwegingskader", sa.JSON),
    sa.Column("afwegingskader_advies", sa.String(30)),
    _money("kredietbedrag"),
    _instant("created_at"),
    _instant("updated_at"),
    # Overdue work lists and the deadline watch count and page from these (migration 0007): a
    # deadline's open cases in deadline order, most urgent first.
    sa.Index(
        "ix_traject_beslistermijn_open",
        "beslistermijn_datum",
        "id",
        "fase",
        sqlite_where=sa.text("beschikking_datum IS NULL"),
        postgresql_where=sa.text("beschikking_datum IS NULL"),
    ),
    sa.Index(
        "ix_traject_nvvk_open",
        "fase",
        "nvvk_datum",
        "id",
        sqlite_where=sa.text(NVVK_OPEN),
        postgresql_where=sa.text(NVVK_OPEN),
    ),
    sa.Index("ix_traject_stabilisatie_benchmark", "fase", "stabilisatie_benchmark_datum", "id"),
    sa.Index("ix_traject_stabilisatie_max", "fase", "stabilisatie_max_datum", "id"),
    sa.Index("ix_traject_nazorg_einde", "fase", "nazorg_einde_datum", "id"),
)

# One row per person on a trajectory (one or two jointly liable). The partial unique index
# is the database's own guard of "at most one active trajectory per resident".
traject_persoon = sa.Table(
    "traject_persoon",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), nullable=False, index=True),
    sa.Column("rol", sa.String(20), nullable=False),
    sa.Column("subject_key", sa.String(64), nullable=False, index=True),
    sa.Column("actief", sa.Boolean, nullable=False),
    sa.Column("persoon", sa.JSON, nullable=False),
    sa.Index(
        "uq_traject_persoon_actief_subject_key",
        "subject_key",
        unique=True,
        sqlite_where=sa.text("actief"),
        postgresql_where=sa.text("actief"),
    ),
)

traject_historie = sa.Table(
    "traject_historie",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), nullable=False, index=True),
    sa.Column("van_fase", sa.String(20)),
    sa.Column("naar_fase", sa.String(20), nullable=False),
    sa.Column("datum", sa.Date, nullable=False),
    sa.Column("regel", sa.Text, nullable=False),
    sa.Column("reden", sa.Text),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("rol", sa.String(20), nullable=False),
    _instant("at"),
)

schuld = sa.Table(
    "schuld",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), nullable=False, index=True),
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
)

berekening = sa.Table(
    "berekening",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), nullable=False, index=True),
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
)

aanbod = sa.Table(
    "aanbod",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), nullable=False, index=True),
    sa.Column("berekening_id", sa.String(36), sa.ForeignKey("berekening.id"), nullable=False),
    sa.Column("ingediend_op", sa.Date, nullable=False),
    sa.Column("looptijd_maanden", sa.Integer, nullable=False),
    _money("afloscapaciteit", nullable=False),
    _money("totaal_schuld", nullable=False),
    _money("totaal_aflossing", nullable=False),
    sa.Column("percentage", sa.Numeric(6, 2), nullable=False),
    sa.Column("verdeling", sa.JSON, nullable=False),
    sa.Column("actueel", sa.Boolean, nullable=False),
    _instant("created_at"),
)

consulent = sa.Table(
    "consulent",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("fte", sa.Numeric(4, 2), nullable=False),
    _instant("updated_at"),
)

toewijzing = sa.Table(
    "toewijzing",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), nullable=False, index=True),
    sa.Column("consulent", sa.String(200), nullable=False),
    sa.Column("override_reden", sa.Text),
    sa.Column("actor", sa.String(200), nullable=False),
    _instant("at"),
)

# Support beside the phases (DDAS begeleiding, moratoria, voorlopige voorzieningen,
# crisisinterventies, informatie en advies).
voorziening = sa.Table(
    "voorziening",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), nullable=False, index=True),
    sa.Column("soort", sa.String(30), nullable=False),
    sa.Column("begeleidingssoort", sa.String(40)),
    sa.Column("datum_aanvraag", sa.Date),
    sa.Column("datum_goedkeuring", sa.Date),
    sa.Column("startdatum", sa.Date, nullable=False),
    sa.Column("einddatum", sa.Date),
    sa.Column("toelichting", sa.Text),
    # Income management (seed §6.5, annex 5): a form of budgetbeheer in which the income is paid
    # to the beheerder (Balans, or an external organisation it was handed to), with living money.
    sa.Column("inkomensbeheer_beheerder", sa.String(200)),
    _money("leefgeld_per_maand"),
    sa.Column("einde_reden", sa.Text),
    sa.Column("actor", sa.String(200), nullable=False),
    _instant("created_at"),
)

programma_deelname = sa.Table(
    "programma_deelname",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), nullable=False, index=True),
    sa.Column("programma", sa.String(20), nullable=False),
    sa.Column("startdatum", sa.Date, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    _instant("created_at"),
    sa.UniqueConstraint("traject_id", "programma"),
)

noodfonds_aanvraag = sa.Table(
    "noodfonds_aanvraag",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), nullable=False, index=True),
    _money("bedrag", nullable=False),
    sa.Column("reden", sa.Text, nullable=False),
    sa.Column("datum", sa.Date, nullable=False),
    sa.Column("besluit", sa.String(20)),
    sa.Column("besluit_datum", sa.Date),
    sa.Column("besluit_reden", sa.Text),
    sa.Column("actor", sa.String(200), nullable=False),
    _instant("created_at"),
)

# The deadline watch's memory: one row per deadline it reported as passed, so each
# `traject.termijn-verstreken` event is appended once, also with several replicas.
termijn_verstreken = sa.Table(
    "termijn_verstreken",
    metadata,
    sa.Column("traject_id", sa.String(36), sa.ForeignKey("traject.id"), primary_key=True),
    sa.Column("termijn", sa.String(30), primary_key=True),
    sa.Column("termijn_datum", sa.Date, primary_key=True),
    sa.Column("vastgesteld_op", sa.Date, nullable=False),
    _instant("at"),
)
