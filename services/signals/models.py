"""Tables of the signals service (SQLAlchemy Core: the bulk path never touches the ORM).

Personal data lives in `signaal` only (and is erased there by the retention job); cases,
contact attempts and history carry the pseudonymous person key and attributes.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from shared.db import new_metadata
from shared.plumbing import JSON, plumbing_tables

metadata = new_metadata()
plumbing = plumbing_tables(metadata)

ID = sa.String(36)
MONEY = sa.Numeric(12, 2)
INSTANT = sa.DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = metadata


# One upload of many signals; an interrupted batch resumes from `verwerkt_tot` after a restart
# (no accepted row lost, none twice).
signaal_batch = sa.Table(
    "signaal_batch",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("gemeentecode", sa.String(6), nullable=False),
    sa.Column("creditor_id", sa.String(100), nullable=False),
    sa.Column("partner_type", sa.String(40), nullable=False),
    sa.Column("ingediend_door", sa.String(200), nullable=False),
    sa.Column("formaat", sa.String(10), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("ontvangen", sa.Integer, nullable=False),
    sa.Column("verwerkt_tot", sa.Integer, nullable=False),
    sa.Column("geaccepteerd", sa.Integer, nullable=False),
    sa.Column("afgewezen", sa.Integer, nullable=False),
    sa.Column("dubbel", sa.Integer, nullable=False),
    sa.Column("ontvangen_at", INSTANT, nullable=False),
    sa.Column("klaar_at", INSTANT, nullable=True),
    sa.Column("geclaimd_tot", INSTANT, nullable=True),
    sa.Column("fout", sa.Text, nullable=True),
    sa.Index("ix_signaal_batch_status", "status"),
    sa.Index("ix_signaal_batch_creditor_id", "creditor_id"),
)

# The raw body, kept until processing ends, beside the batch row: SQLite rewrites a whole row on
# every update, and the batch row is updated after every chunk.
signaal_batch_inhoud = sa.Table(
    "signaal_batch_inhoud",
    metadata,
    sa.Column("batch_id", ID, sa.ForeignKey("signaal_batch.id"), primary_key=True),
    sa.Column("inhoud", sa.LargeBinary, nullable=False),
)

batch_rij_fout = sa.Table(
    "batch_rij_fout",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch_id", ID, sa.ForeignKey("signaal_batch.id"), nullable=False),
    sa.Column("rij", sa.Integer, nullable=False),
    sa.Column("veld", sa.String(100), nullable=False),
    sa.Column("reden", sa.String(500), nullable=False),
    sa.Index("ix_batch_rij_fout_batch_id_rij", "batch_id", "rij"),
)

casus = sa.Table(
    "casus",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("gemeentecode", sa.String(6), nullable=False),
    sa.Column("subject_key", sa.String(64), nullable=False),
    sa.Column("adres_sleutel", sa.String(40), nullable=True),
    sa.Column("postcode_gebied", sa.String(4), nullable=True),
    sa.Column("status", sa.String(14), nullable=False),
    sa.Column("actie", sa.String(14), nullable=False),
    sa.Column("crisis", sa.Boolean, nullable=False),
    sa.Column("warme_overdracht", sa.Boolean, nullable=False),
    sa.Column("totaal_bedrag", MONEY, nullable=False),
    sa.Column("matchingsdatum", sa.Date, nullable=False),
    sa.Column("startdatum_matchingperiode", sa.Date, nullable=False),
    sa.Column("einddatum_matchingperiode", sa.Date, nullable=False),
    sa.Column("datum_opgepakt", sa.Date, nullable=True),
    sa.Column("consulent_1", sa.String(200), nullable=True),
    sa.Column("consulent_2", sa.String(200), nullable=True),
    sa.Column("geplande_datum", sa.Date, nullable=True),
    sa.Column("resultaat", sa.String(80), nullable=True),
    sa.Column("afgesloten_op", sa.Date, nullable=True),
    sa.Column("samengevoegd_in", ID, nullable=True),
    sa.Column("overgedragen_at", INSTANT, nullable=True),
    sa.Column("aangemaakt_at", INSTANT, nullable=False),
    sa.Column("gewist_at", INSTANT, nullable=True),
    sa.Index("ix_casus_status_aangemaakt_at", "status", "aangemaakt_at"),
    sa.Index("ix_casus_subject_key", "subject_key"),
    sa.Index("ix_casus_adres_sleutel", "adres_sleutel"),
    sa.Index("ix_casus_postcode_gebied", "postcode_gebied"),
    sa.Index("ix_casus_afgesloten_op", "afgesloten_op"),
)

signaal = sa.Table(
    "signaal",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("gemeentecode", sa.String(6), nullable=False),
    sa.Column("creditor_id", sa.String(100), nullable=False),
    sa.Column("partner_type", sa.String(40), nullable=False),
    sa.Column("partner_id", sa.String(100), nullable=False),
    sa.Column("invoer_hash", sa.String(64), nullable=False),
    sa.Column("batch_id", ID, nullable=True),
    sa.Column("crisissignaal", sa.Boolean, nullable=False),
    sa.Column("warme_overdracht", sa.Boolean, nullable=False),
    sa.Column("bedrag", MONEY, nullable=False),
    sa.Column("ontstaansdatum", sa.Date, nullable=False),
    sa.Column("signaaldatum", sa.Date, nullable=False),
    sa.Column("status", sa.String(60), nullable=False),
    sa.Column("status_reden", sa.String(300), nullable=True),
    sa.Column("actie", sa.String(14), nullable=False),
    sa.Column("subject_key", sa.String(64), nullable=False),
    sa.Column("heeft_bsn", sa.Boolean, nullable=False),
    sa.Column("match_methode", sa.String(10), nullable=False),
    sa.Column("match_score", sa.Numeric(4, 3), nullable=True),
    sa.Column("casus_id", ID, sa.ForeignKey("casus.id"), nullable=True),
    # Personal data: erased by the retention job (DOMAIN.md §2), the rest stays for counts.
    sa.Column("bsn", sa.String(9), nullable=True),
    sa.Column("voorletters", sa.String(20), nullable=True),
    sa.Column("tussenvoegsel", sa.String(20), nullable=True),
    sa.Column("achternaam", sa.String(200), nullable=True),
    sa.Column("naam_sleutel", sa.String(200), nullable=True),
    sa.Column("geboortedatum", sa.Date, nullable=True),
    sa.Column("straat", sa.String(200), nullable=True),
    sa.Column("postcode", sa.String(6), nullable=True),
    sa.Column("huisnummer", sa.Integer, nullable=True),
    sa.Column("huisletter", sa.String(1), nullable=True),
    sa.Column("huisnummertoevoeging", sa.String(4), nullable=True),
    sa.Column("adres_sleutel", sa.String(40), nullable=True),
    sa.Column("woonplaats", sa.String(200), nullable=True),
    sa.Column("telefoon", sa.String(20), nullable=True),
    sa.Column("email", sa.String(254), nullable=True),
    sa.Column("ontvangen_at", INSTANT, nullable=False),
    sa.Column("gewist_at", INSTANT, nullable=True),
    sa.UniqueConstraint("creditor_id", "partner_id"),
    sa.Index("ix_signaal_subject_key", "subject_key"),
    sa.Index("ix_signaal_adres_sleutel", "adres_sleutel"),
    sa.Index("ix_signaal_casus_id", "casus_id"),
    sa.Index("ix_signaal_creditor_id_ontvangen_at", "creditor_id", "ontvangen_at"),
    sa.Index("ix_signaal_signaaldatum", "signaaldatum"),
)

casus_historie = sa.Table(
    "casus_historie",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("casus_id", ID, sa.ForeignKey("casus.id"), nullable=False),
    sa.Column("at", INSTANT, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("van_status", sa.String(14), nullable=True),
    sa.Column("naar_status", sa.String(14), nullable=False),
    sa.Column("gebeurtenis", sa.String(40), nullable=False),
    sa.Column("reden", sa.String(500), nullable=True),
    sa.Index("ix_casus_historie_casus_id", "casus_id"),
)

contactpoging = sa.Table(
    "contactpoging",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("casus_id", ID, sa.ForeignKey("casus.id"), nullable=False),
    sa.Column("soort", sa.String(30), nullable=False),
    sa.Column("bereikt", sa.Boolean, nullable=False),
    sa.Column("datum", sa.Date, nullable=False),
    sa.Column("dagdeel", sa.String(10), nullable=False),
    sa.Column("consulent", sa.String(200), nullable=False),
    sa.Column("vastgelegd_at", INSTANT, nullable=False),
    sa.Index("ix_contactpoging_casus_id", "casus_id"),
)

# Grey-zone matches (score between the two thresholds) wait here for a coordinator.
match_beoordeling = sa.Table(
    "match_beoordeling",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("signaal_id", ID, sa.ForeignKey("signaal.id"), nullable=False),
    sa.Column("kandidaat_subject_key", sa.String(64), nullable=False),
    sa.Column("score", sa.Numeric(4, 3), nullable=False),
    sa.Column("status", sa.String(14), nullable=False),
    sa.Column("besloten_door", sa.String(200), nullable=True),
    sa.Column("besloten_at", INSTANT, nullable=True),
    sa.Column("aangemaakt_at", INSTANT, nullable=False),
    sa.Index("ix_match_beoordeling_status", "status"),
)

bewaar_verwijdering = sa.Table(
    "bewaar_verwijdering",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uitgevoerd_at", INSTANT, nullable=False),
    sa.Column("grensdatum", sa.Date, nullable=False),
    sa.Column("aantal_signalen", sa.Integer, nullable=False),
    sa.Column("aantal_casussen", sa.Integer, nullable=False),
    sa.Column("details", JSON, nullable=False),
)

# A creditor's callback for feedback (issue 5: "signed, retried"); one per creditor.
terugkoppel_abonnement = sa.Table(
    "terugkoppel_abonnement",
    metadata,
    sa.Column("creditor_id", sa.String(100), primary_key=True),
    sa.Column("url", sa.String(500), nullable=False),
    sa.Column("geheim", sa.String(100), nullable=False),
    sa.Column("aangemaakt_at", INSTANT, nullable=False),
)

# Feedback messages to creditors' callbacks, written with the change that causes them and
# delivered (signed, with retries and backoff) by a background job.
terugkoppel_bericht = sa.Table(
    "terugkoppel_bericht",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("creditor_id", sa.String(100), nullable=False),
    sa.Column("body", JSON, nullable=False),
    sa.Column("aangemaakt_at", INSTANT, nullable=False),
    sa.Column("volgende_poging_at", INSTANT, nullable=False),
    sa.Column("pogingen", sa.Integer, nullable=False),
    sa.Column("afgeleverd_at", INSTANT, nullable=True),
    sa.Column("laatste_status", sa.Integer, nullable=True),
    sa.Column("laatste_fout", sa.String(500), nullable=True),
    sa.Index(
        "ix_terugkoppel_bericht_afgeleverd_at_volgende_poging_at",
        "afgeleverd_at",
        "volgende_poging_at",
    ),
)
