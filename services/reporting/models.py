"""Tables of the reporting service: projected facts, source cursors, staff-registered activities.

Reporting holds no personal data: a fact carries the pseudonymous person key of its event (to
count unique residents and recidive) and attributes; names, BSNs and addresses never arrive here.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from shared.db import new_metadata
from shared.plumbing import JSON, plumbing_tables

metadata = new_metadata()
plumbing = plumbing_tables(metadata)

BIGINT_PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = metadata


# One row per source feed: how far reporting has read it. Pollers on several replicas claim the
# row with FOR UPDATE SKIP LOCKED, so one source is polled by one replica at a time.
bron_cursor = sa.Table(
    "bron_cursor",
    metadata,
    sa.Column("bron", sa.String(20), primary_key=True),
    sa.Column("cursor", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("gelezen_tot_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("gepeild_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("bijgewerkt_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("fouten", sa.Integer, nullable=False, server_default="0"),
    sa.Column("laatste_fout", sa.Text, nullable=True),
)

# One row per projected event: the generic fact plus typed columns the indicators filter on.
feit = sa.Table(
    "feit",
    metadata,
    sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
    sa.Column("bron", sa.String(20), nullable=False),
    sa.Column("event_id", sa.String(36), nullable=False),
    sa.Column("cursor", sa.BigInteger, nullable=False),
    sa.Column("type", sa.String(100), nullable=False),
    sa.Column("soort", sa.String(40), nullable=True),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("datum", sa.Date, nullable=False),
    sa.Column("gemeentecode", sa.String(6), nullable=False),
    sa.Column("subject_key", sa.String(64), nullable=True),
    sa.Column("zaak", sa.String(64), nullable=True),
    sa.Column("partner_type", sa.String(40), nullable=True),
    sa.Column("kanaal", sa.String(40), nullable=True),
    sa.Column("doelgroepen", sa.String(200), nullable=True),
    sa.Column("resultaat", sa.String(100), nullable=True),
    sa.Column("crisis", sa.Boolean, nullable=True),
    sa.Column("bereikt", sa.Boolean, nullable=True),
    sa.Column("gehaald", sa.Boolean, nullable=True),
    sa.Column("bedrag", sa.Numeric(12, 2), nullable=True),
    sa.Column("aantal", sa.Integer, nullable=True),
    sa.Column("referentie_datum", sa.Date, nullable=True),
    sa.Column("payload", JSON, nullable=False),
    sa.Column("geprojecteerd_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("bron", "event_id"),
    sa.Index("ix_feit_datum", "datum"),
    # The facts of a period, of a resident and of a case, as the aggregated indicator path reads
    # them: covering, so the fact's row (with its payload) is never read (migrations 0006, 0008).
    sa.Index(
        "ix_feit_soort_datum_breed",
        *("soort", "datum", "gemeentecode", "subject_key", "partner_type", "bron", "zaak"),
        *("doelgroepen", "kanaal", "resultaat", "crisis", "bereikt", "gehaald"),
        *("referentie_datum", "bedrag", "aantal", "id"),
    ),
    sa.Index(
        "ix_feit_subject_key_soort_datum_breed",
        *("subject_key", "soort", "datum", "gemeentecode", "bereikt", "resultaat"),
        *("partner_type", "id"),
    ),
    sa.Index(
        "ix_feit_zaak_soort_datum_dekkend",
        *("zaak", "soort", "datum", "bron", "gemeentecode", "subject_key", "resultaat"),
    ),
    # Only the facts without a resident key of their own (few): attributed through their case
    # by the per-resident indicators (migration 0013).
    sa.Index(
        "ix_feit_zonder_sleutel",
        "gemeentecode",
        "soort",
        "datum",
        sqlite_where=sa.text("subject_key IS NULL"),
        postgresql_where=sa.text("subject_key IS NULL"),
    ),
)

# Aggregates the projection keeps in the same transaction as the facts (services/reporting/
# aggregaten.py), so an indicator for a year reads days and cases of that year, not every fact.

# Facts per day and combination of the attributes the counting indicators break down by;
# `sleutel` is a digest of that combination (a unique key cannot hold NULLs).
feit_dag = sa.Table(
    "feit_dag",
    metadata,
    sa.Column("gemeentecode", sa.String(6), primary_key=True),
    sa.Column("soort", sa.String(40), primary_key=True),
    sa.Column("datum", sa.Date, primary_key=True),
    sa.Column("sleutel", sa.String(32), primary_key=True),
    sa.Column("bron", sa.String(20), nullable=False),
    sa.Column("partner_type", sa.String(40), nullable=True),
    sa.Column("kanaal", sa.String(40), nullable=True),
    sa.Column("doelgroepen", sa.String(200), nullable=True),
    sa.Column("resultaat", sa.String(100), nullable=True),
    sa.Column("crisis", sa.Boolean, nullable=True),
    sa.Column("bereikt", sa.Boolean, nullable=True),
    sa.Column("gehaald", sa.Boolean, nullable=True),
    sa.Column("aantal", sa.BigInteger, nullable=False),
)

# Per case, its first fact of each kind the per-case indicators follow (date, id and the
# attributes they read; earliest date, then lowest id, as `Context.eerste_per_zaak` picks it),
# and the last date of some kinds: "melding to first conversation" for the cases of a period is
# one range scan, without a join. `ZAAK_SOORTEN` lists the kinds and their attribute columns.
ZAAK_SOORTEN: dict[str, tuple[str, ...]] = {
    "melding": ("crisis", "kanaal", "doelgroepen"),
    "eerste_gesprek": ("referentie_datum", "crisis"),
    "advies": (),
    "aanvraag": (),
    "melding_afgesloten": (),
    "traject_gestart": ("referentie_datum", "doelgroepen"),
    "beschikking": ("referentie_datum",),
    "stabilisatie_gestart": (),
    "schuldregeling_ingediend": (),
    "afwegingskader": (),
    "uitstroom": (),
    "signaal": ("referentie_datum",),
    "casus_geopend": (),
    "casus_opgepakt": ("referentie_datum",),
}
ZAAK_LAATSTE = ("melding", "uitstroom")
_ATTRIBUUT_TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    "crisis": sa.Boolean(),
    "kanaal": sa.String(40),
    "doelgroepen": sa.String(200),
    "referentie_datum": sa.Date(),
}


def zaak_kolommen() -> list[sa.Column[object]]:
    """The per-kind columns of `zaak` (also used by its migration)."""
    kolommen: list[sa.Column[object]] = []
    for soort, attributen in ZAAK_SOORTEN.items():
        kolommen.append(sa.Column(f"{soort}_datum", sa.Date, nullable=True))
        kolommen.append(sa.Column(f"{soort}_id", sa.BigInteger, nullable=True))
        for naam in attributen:
            kolommen.append(sa.Column(f"{soort}_{naam}", _ATTRIBUUT_TYPES[naam], nullable=True))
    for soort in ZAAK_LAATSTE:
        kolommen.append(sa.Column(f"{soort}_laatste", sa.Date, nullable=True))
    return kolommen


# The kinds whose cases of a period are found by the date of their first fact.
ZAAK_INDEXEN = ("melding",)
# The cases of a period by the date of their first fact of a kind, with the columns the
# durations (and the portfolio) from it read (migrations 0011, 0014): per kind, the columns
# after (gemeentecode, date).
ZAAK_DUUR_KOLOMMEN: dict[str, tuple[str, ...]] = {
    "eerste_gesprek": (
        "eerste_gesprek_referentie_datum", "eerste_gesprek_crisis", "melding_datum",
        "melding_crisis",
    ),
    "beschikking": (
        "beschikking_referentie_datum", "traject_gestart_datum", "traject_gestart_referentie_datum",
    ),
    "casus_opgepakt": (
        "casus_opgepakt_referentie_datum", "signaal_datum", "signaal_referentie_datum",
        "casus_geopend_datum", "bron", "zaak",
    ),
    "traject_gestart": (
        "uitstroom_datum", "uitstroom_laatste", "traject_gestart_doelgroepen", "bron", "zaak",
    ),
}  # fmt: skip

# The melding cases whose last melding is on or after a period's start, with what "advice or
# trajectory" reads of them (migration 0010).
ZAAK_MELDING_KOLOMMEN = (
    "gemeentecode", "melding_laatste", "melding_datum", "advies_datum", "aanvraag_datum",
    "melding_afgesloten_datum", "bron", "zaak",
)  # fmt: skip

zaak = sa.Table(
    "zaak",
    metadata,
    sa.Column("gemeentecode", sa.String(6), primary_key=True),
    sa.Column("bron", sa.String(20), primary_key=True),
    sa.Column("zaak", sa.String(64), primary_key=True),
    *zaak_kolommen(),
    *(
        sa.Index(f"ix_zaak_gemeentecode_{s}_datum", "gemeentecode", f"{s}_datum")
        for s in ZAAK_INDEXEN
    ),
    sa.Index("ix_zaak_melding_dekkend", *ZAAK_MELDING_KOLOMMEN),
    *(
        sa.Index(f"ix_zaak_{s}_dekkend", "gemeentecode", f"{s}_datum", *kolommen)
        for s, kolommen in ZAAK_DUUR_KOLOMMEN.items()
    ),
)

# Per resident (pseudonymous key, facts that carry their own), what the per-resident indicators
# follow: the first signal (earliest date, then lowest id, with its partner type) and the last
# signal's date, the first date a fact shows the resident was reached, and the first and last
# date of a request for help (aanvraag, traject gestart) and of an exit. Which of a resident's
# facts fall in a period is read from these dates; only where they cannot tell (a first date
# before the period and a last date after it) is the resident's own index entry looked up.
INWONER_DATA = ("signaal", "aanvraag", "traject_gestart", "uitstroom")


def inwoner_kolommen() -> list[sa.Column[object]]:
    """The columns of `inwoner` after its key (also used by its migration)."""
    kolommen: list[sa.Column[object]] = [
        sa.Column("signaal_id", sa.BigInteger, nullable=True),
        sa.Column("signaal_partner_type", sa.String(40), nullable=True),
        sa.Column("bereikt_datum", sa.Date, nullable=True),
    ]
    for soort in INWONER_DATA:
        kolommen.append(sa.Column(f"{soort}_datum", sa.Date, nullable=True))
        kolommen.append(sa.Column(f"{soort}_laatste", sa.Date, nullable=True))
    return kolommen


# The applicants of a period, by request and by trajectory, with what recidive reads of them
# (migration 0012): per date column, the columns after (gemeentecode, that column).
_HULP = (
    "aanvraag_datum", "aanvraag_laatste", "traject_gestart_datum", "traject_gestart_laatste",
    "uitstroom_datum", "uitstroom_laatste", "subject_key",
)  # fmt: skip
INWONER_HULP_KOLOMMEN = {
    laatste: tuple(c for c in _HULP if c != laatste)
    for laatste in ("aanvraag_laatste", "traject_gestart_laatste")
}
# The residents with a signal up to a period's end, with every column the early-signal
# indicators read of them (migration 0009).
INWONER_SIGNAAL_KOLOMMEN = (
    "gemeentecode", "signaal_laatste", "signaal_datum", "signaal_partner_type", "bereikt_datum",
    "aanvraag_datum", "aanvraag_laatste", "traject_gestart_datum", "traject_gestart_laatste",
    "subject_key",
)  # fmt: skip

inwoner = sa.Table(
    "inwoner",
    metadata,
    sa.Column("gemeentecode", sa.String(6), primary_key=True),
    sa.Column("subject_key", sa.String(64), primary_key=True),
    *inwoner_kolommen(),
    *(
        sa.Index(f"ix_inwoner_{k}_dekkend", "gemeentecode", k, *kolommen)
        for k, kolommen in INWONER_HULP_KOLOMMEN.items()
    ),
    sa.Index("ix_inwoner_signaal_dekkend", *INWONER_SIGNAAL_KOLOMMEN),
)

# Activities outside the case flow (classes, covenants, courses), registered by staff as counts.
activiteit = sa.Table(
    "activiteit",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("gemeentecode", sa.String(6), nullable=False),
    sa.Column("soort", sa.String(40), nullable=False),
    sa.Column("aantal", sa.Numeric(12, 2), nullable=False),
    sa.Column("vanaf_datum", sa.Date, nullable=False),
    sa.Column("tot_datum", sa.Date, nullable=False),
    sa.Column("bron", sa.String(200), nullable=False),
    sa.Column("toelichting", sa.Text, nullable=True),
    sa.Column("geregistreerd_door", sa.String(200), nullable=False),
    sa.Column("geregistreerd_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_activiteit_soort_vanaf_datum", "soort", "vanaf_datum"),
    sa.Index("ix_activiteit_vanaf_datum", "vanaf_datum"),
)
