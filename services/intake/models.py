"""Tables of the intake service (SQLAlchemy Core; migrations/versions creates them).

Core rather than the ORM: the hot paths (register, read one, work lists) are single statements,
and PERF.md measures Core inline at 1.7x the ORM.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from shared.db import new_metadata
from shared.plumbing import plumbing_tables

metadata = new_metadata()
plumbing = plumbing_tables(metadata)


class Base(DeclarativeBase):
    metadata = metadata


def _id(name: str = "id") -> sa.Column[str]:
    return sa.Column(name, sa.String(36), primary_key=True)


def _melding_fk(*, primary_key: bool = False) -> sa.Column[str]:
    return sa.Column(
        "melding_id",
        sa.String(36),
        sa.ForeignKey("melding.id"),
        primary_key=primary_key,
        nullable=False,
    )


verwijspartner = sa.Table(
    "verwijspartner",
    metadata,
    _id(),
    sa.Column("naam", sa.String(200), nullable=False, unique=True),
    sa.Column("omschrijving", sa.Text),
    sa.Column("contact", sa.String(200)),
    sa.Column("actief", sa.Boolean, nullable=False),
    sa.Column("aangemaakt_at", sa.DateTime(timezone=True), nullable=False),
)

melding = sa.Table(
    "melding",
    metadata,
    _id(),
    sa.Column("gemeentecode", sa.String(6), nullable=False),
    sa.Column("kanaal", sa.String(20), nullable=False),
    sa.Column("verwijzer", sa.String(200)),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("meldingdatum", sa.Date, nullable=False),
    sa.Column("subject_key", sa.String(64), nullable=False),
    # The resident as reported at the desk.
    sa.Column("bsn", sa.String(9)),
    sa.Column("voorletters", sa.String(20)),
    sa.Column("voornamen", sa.String(200)),
    sa.Column("tussenvoegsel", sa.String(20)),
    sa.Column("achternaam", sa.String(200), nullable=False),
    sa.Column("geboortedatum", sa.Date),
    sa.Column("straat", sa.String(200)),
    sa.Column("huisnummer", sa.Integer),
    sa.Column("huisletter", sa.String(1)),
    sa.Column("huisnummertoevoeging", sa.String(4)),
    sa.Column("postcode", sa.String(6)),
    sa.Column("woonplaats", sa.String(200)),
    sa.Column("telefoon", sa.String(30)),
    sa.Column("email", sa.String(320)),
    sa.Column("voorkeurstaal", sa.String(40)),
    sa.Column("partner", sa.JSON),
    sa.Column("kinderen_onder_18", sa.Integer, nullable=False),
    sa.Column("inkomensbron", sa.String(30)),
    sa.Column("doelgroepen", sa.JSON, nullable=False),
    sa.Column("crisis", sa.Boolean, nullable=False),
    sa.Column("crisissoort", sa.String(60)),
    sa.Column("crisisdatum", sa.Date),
    sa.Column("toelichting", sa.Text),
    # Deadlines, computed once at registration from the policy in force.
    sa.Column("plannen_uiterlijk", sa.Date, nullable=False),
    sa.Column("gesprek_norm_uiterlijk", sa.Date, nullable=False),
    sa.Column("gesprek_wettelijk_uiterlijk", sa.Date, nullable=False),
    # Each deadline is judged once (migration 0006): met, missed, or null while still open.
    sa.Column("plannen_gehaald", sa.Boolean),
    sa.Column("gesprek_norm_gehaald", sa.Boolean),
    sa.Column("gesprek_wettelijk_gehaald", sa.Boolean),
    sa.Column("recidive", sa.String(10), nullable=False),
    sa.Column("laatst_afgesloten_op", sa.Date),
    sa.Column("lopend_traject", sa.Boolean),
    # The current conversation, kept on the melding so work lists need no join.
    sa.Column("consulent", sa.String(200)),
    sa.Column("gesprek_status", sa.String(20), nullable=False),
    sa.Column("gesprek_datum", sa.Date),
    sa.Column("uitkomst", sa.String(20)),
    sa.Column("afgesloten_op", sa.Date),
    sa.Column("casus_id", sa.String(36), unique=True),
    sa.Column("geregistreerd_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("geregistreerd_door", sa.String(200), nullable=False),
    sa.Index("ix_melding_subject_key_status", "subject_key", "status"),
    # Work lists (migration 0005): the filtered columns are in the index, so counting a list
    # reads only the index, and `id` (the tie-breaker) spares the page a sort.
    sa.Index(
        "ix_melding_werklijst_crisis",
        "status",
        "crisis",
        "gesprek_norm_uiterlijk",
        "gesprek_status",
        "consulent",
    ),
    sa.Index(
        "ix_melding_werklijst_plannen",
        "status",
        "gesprek_status",
        "plannen_uiterlijk",
        "id",
        "consulent",
    ),
    sa.Index(
        "ix_melding_werklijst_norm",
        "status",
        "gesprek_norm_uiterlijk",
        "id",
        "gesprek_status",
        "consulent",
    ),
    sa.Index(
        "ix_melding_werklijst_wet",
        "status",
        "gesprek_wettelijk_uiterlijk",
        "id",
        "gesprek_status",
        "consulent",
    ),
    # A counsellor's overdue lists (migration 0007): only that counsellor's entries, in order.
    sa.Index(
        "ix_melding_werklijst_consulent_norm",
        "status",
        "consulent",
        "gesprek_norm_uiterlijk",
        "id",
        "gesprek_status",
    ),
    sa.Index(
        "ix_melding_werklijst_consulent_wet",
        "status",
        "consulent",
        "gesprek_wettelijk_uiterlijk",
        "id",
        "gesprek_status",
    ),
    sa.Index("ix_melding_werklijst_alle", "meldingdatum", "id"),
    sa.Index("ix_melding_consulent_status", "consulent", "status"),
    sa.Index("ix_melding_bsn", "bsn"),
    # One open melding per resident (migration 0004).
    sa.Index(
        "uq_melding_open_subject_key",
        "subject_key",
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    ),
)

melding_statuswijziging = sa.Table(
    "melding_statuswijziging",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _melding_fk(),
    sa.Column("van", sa.String(20)),
    sa.Column("naar", sa.String(20), nullable=False),
    sa.Column("reden", sa.Text),
    sa.Column("door", sa.String(200), nullable=False),
    sa.Column("gewijzigd_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_melding_statuswijziging_melding_id", "melding_id"),
)

aanmeldgesprek = sa.Table(
    "aanmeldgesprek",
    metadata,
    _id(),
    _melding_fk(),
    sa.Column("datum", sa.Date, nullable=False),
    sa.Column("tijd", sa.String(5), nullable=False),
    sa.Column("consulent", sa.String(200), nullable=False),
    sa.Column("locatie", sa.String(200)),
    sa.Column("telefonisch", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("verplaatst_van", sa.String(36)),
    sa.Column("verplaatsreden", sa.Text),
    sa.Column("gepland_op", sa.Date, nullable=False),
    sa.Column("gepland_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("gepland_door", sa.String(200), nullable=False),
    sa.Index("ix_aanmeldgesprek_melding_id", "melding_id"),
)

uitkomst = sa.Table(
    "uitkomst",
    metadata,
    _melding_fk(primary_key=True),
    sa.Column("soort", sa.String(20), nullable=False),
    sa.Column("datum", sa.Date, nullable=False),
    sa.Column("reden", sa.Text),
    sa.Column("toelichting", sa.Text),
    sa.Column("aanvraag_id", sa.String(36)),
    sa.Column("vastgelegd_door", sa.String(200), nullable=False),
    sa.Column("vastgelegd_at", sa.DateTime(timezone=True), nullable=False),
)

uitkomst_verwijzing = sa.Table(
    "uitkomst_verwijzing",
    metadata,
    _melding_fk(primary_key=True),
    sa.Column(
        "verwijspartner_id", sa.String(36), sa.ForeignKey("verwijspartner.id"), primary_key=True
    ),
)

mdo = sa.Table(
    "mdo",
    metadata,
    _melding_fk(primary_key=True),
    sa.Column("grondslag", sa.String(20), nullable=False),
    sa.Column("toestemming_datum", sa.Date),
    sa.Column("toestemming_door", sa.String(200)),
    sa.Column("veiligheid_reden", sa.Text),
    sa.Column("teams", sa.JSON, nullable=False),
    sa.Column("afspraken", sa.Text),
    sa.Column("mdo_datum", sa.Date),
)

aanvraag = sa.Table(
    "aanvraag",
    metadata,
    _id(),
    sa.Column(
        "melding_id", sa.String(36), sa.ForeignKey("melding.id"), nullable=False, unique=True
    ),
    sa.Column("aanvraagdatum", sa.Date, nullable=False),
    sa.Column("message_id", sa.String(36), nullable=False),
    sa.Column("aangemaakt_at", sa.DateTime(timezone=True), nullable=False),
)

vroegsignaal_overdracht = sa.Table(
    "vroegsignaal_overdracht",
    metadata,
    sa.Column("casus_id", sa.String(36), primary_key=True),
    _melding_fk(),
    sa.Column("signaalpartners", sa.JSON, nullable=False),
    sa.Column("totaal_achterstand", sa.Numeric(12, 2), nullable=False),
    sa.Column("warme_overdracht", sa.Boolean, nullable=False),
    sa.Column("overdrachtsdatum", sa.Date, nullable=False),
    sa.Column("ontvangen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_vroegsignaal_overdracht_melding_id", "melding_id"),
)
