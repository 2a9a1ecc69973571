"""Row builders for the bulk inserts of a chunk: signal, case, case history, review, events.

A chunk of 10,000 signals builds tens of thousands of rows, so the builders take what is the
same for the whole chunk (`Vast`: creditor, partner type, its first action, the instant) once,
and the enum values as plain text, instead of working them out per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from services.signals.beleid import Beoordeling
from services.signals.identiteit import Identiteit
from services.signals.schemas import SignaalCreate
from shared.contracts import signals_events as ev
from shared.contracts.ddas import Signaalpartner, Signaalstatus
from shared.policy import Policy

STATUS_TEKST = {status: status.value for status in Signaalstatus}
_ANDERE_REDEN = Signaalstatus.ANDERE_REDEN.value


@dataclass(frozen=True)
class Vast:
    """What every row of one chunk shares."""

    gemeentecode: str
    creditor_id: str
    partner_type: str
    actie: str
    matching_periode_dagen: int
    batch_id: str | None
    now: datetime

    @classmethod
    def voor(
        cls,
        policy: Policy,
        *,
        creditor_id: str,
        partner_type: Signaalpartner,
        batch_id: str | None,
        now: datetime,
    ) -> Vast:
        return cls(
            gemeentecode=policy.gemeentecode,
            creditor_id=creditor_id,
            partner_type=partner_type.value,
            actie=policy.signalen.voor(partner_type).actie.value,
            matching_periode_dagen=policy.signalen.matching_periode_dagen,
            batch_id=batch_id,
            now=now,
        )


def adres(item: SignaalCreate) -> str:
    """The signal's address key (blocking key and household view), as
    `shared.types.adres_sleutel` writes it: SignaalCreate's validators have already normalised
    postcode, letter and addition, so the key is put together without checking them again."""
    sleutel = f"{item.postcode} {item.huisnummer}"
    if item.huisletter is not None:
        sleutel += item.huisletter
    if item.huisnummertoevoeging is not None:
        sleutel += "-" + item.huisnummertoevoeging
    return sleutel


def nieuwe_casus(
    item: SignaalCreate, *, casus_id: str, subject_key: str, adres_sleutel: str, vast: Vast
) -> dict[str, Any]:
    """A new case (DDAS Vroegsignaalzaak) opened by this signal."""
    return {
        "id": casus_id,
        "gemeentecode": vast.gemeentecode,
        "subject_key": subject_key,
        "adres_sleutel": adres_sleutel,
        "postcode_gebied": item.postcode[:4],
        "status": "nieuw",
        "actie": vast.actie,
        "crisis": False,
        "warme_overdracht": False,
        "totaal_bedrag": Decimal(0),
        "matchingsdatum": vast.now.date(),
        "startdatum_matchingperiode": item.signaaldatum,
        # (policy signalen.matching_periode_dagen) signals within the period form one case.
        "einddatum_matchingperiode": item.signaaldatum
        + timedelta(days=vast.matching_periode_dagen),
        "overgedragen_at": None,
        "aangemaakt_at": vast.now,
    }


def historie_geopend(casus: dict[str, Any], *, actor: str, vast: Vast) -> dict[str, Any]:
    """The first history entry of a new case."""
    return {
        "casus_id": casus["id"],
        "at": casus["aangemaakt_at"],
        "actor": actor,
        "van_status": None,
        "naar_status": "nieuw",
        "gebeurtenis": "geopend",
        "reden": f"Signaal van {vast.partner_type}",
    }


def review(*, review_id: str, signaal_id: str, wie: Identiteit, now: datetime) -> dict[str, Any]:
    """A grey-zone match for the coordinator's review queue."""
    return {
        "id": review_id,
        "signaal_id": signaal_id,
        "kandidaat_subject_key": wie.review_kandidaat,
        "score": wie.score,
        "status": "open",
        "aangemaakt_at": now,
    }


def signaal(
    item: SignaalCreate,
    *,
    signaal_id: str,
    wie: Identiteit,
    oordeel: Beoordeling,
    casus_id: str | None,
    adres_sleutel: str,
    invoer_hash: str,
    vast: Vast,
) -> dict[str, Any]:
    """The stored signal: what the partner sent, the verdict, the person key and the case."""
    return {
        "id": signaal_id,
        "gemeentecode": vast.gemeentecode,
        "creditor_id": vast.creditor_id,
        "partner_type": vast.partner_type,
        "partner_id": item.partner_id,
        "invoer_hash": invoer_hash,
        "batch_id": vast.batch_id,
        "crisissignaal": item.crisissignaal,
        "warme_overdracht": item.warme_overdracht,
        "bedrag": item.bedrag,
        "ontstaansdatum": item.ontstaansdatum,
        "signaaldatum": item.signaaldatum,
        "status": STATUS_TEKST[oordeel.status],
        "status_reden": oordeel.reden,
        "actie": vast.actie,
        "subject_key": wie.sleutel,
        "heeft_bsn": item.bsn is not None,
        "match_methode": wie.methode,
        "match_score": wie.score,
        "casus_id": casus_id,
        "bsn": item.bsn,
        "voorletters": item.voorletters,
        "tussenvoegsel": item.tussenvoegsel,
        "achternaam": item.achternaam,
        "naam_sleutel": wie.persoon.naam_sleutel,
        "geboortedatum": item.geboortedatum,
        "straat": item.straat,
        "postcode": item.postcode,
        "huisnummer": item.huisnummer,
        "huisletter": item.huisletter,
        "huisnummertoevoeging": item.huisnummertoevoeging,
        "adres_sleutel": adres_sleutel,
        "woonplaats": item.woonplaats,
        "telefoon": item.telefoon,
        "email": item.email,
        "ontvangen_at": vast.now,
        "gewist_at": None,
    }


def signaal_ontvangen(row: dict[str, Any]) -> dict[str, Any]:
    """The `signaal.ontvangen` payload (shared.contracts.signals_events) of a stored signal
    row, JSON-ready: built directly, as the contract model would dump it (`controleer`)."""
    return {
        "signaalId": row["id"],
        "partnerType": row["partner_type"],
        "bedrag": str(row["bedrag"]),
        "ontstaansdatum": row["ontstaansdatum"].isoformat(),
        "signaaldatum": row["signaaldatum"].isoformat(),
        "status": row["status"],
        "crisis": row["crisissignaal"],
        "warmeOverdracht": row["warme_overdracht"],
        "metBsn": row["heeft_bsn"],
        "matchMethode": row["match_methode"],
        "casusId": row["casus_id"],
        "batch": row["batch_id"] is not None,
    }


def terugmelding(row: dict[str, Any], *, ontvangen_at: str) -> dict[str, Any]:
    """The callback body (`terugkoppeling.terugkoppeling`, as the API dumps it) of a stored
    signal row that was not picked up, JSON-ready: built directly, as `signaal_ontvangen`
    (`terugmelding.meld_niet_opgepakt` checks one per chunk against the model). Not picked up
    means no case, so no end result; the reason is the policy's or the repeat rule's, which
    the creditor may read (DDAS hides it only for `andere reden`, which storing never gives).
    `ontvangen_at` is the chunk's instant as the API writes it, formatted once per chunk."""
    return {
        "id": row["id"],
        "partnerId": row["partner_id"],
        "partnerType": row["partner_type"],
        "bedrag": str(row["bedrag"]),
        "ontstaansdatum": row["ontstaansdatum"].isoformat(),
        "signaaldatum": row["signaaldatum"].isoformat(),
        "ontvangenAt": ontvangen_at,
        "status": row["status"],
        "opgepakt": False,
        "reden": None if row["status"] == _ANDERE_REDEN else row["status_reden"],
        "resultaat": None,
    }


def casus_geopend(casus: dict[str, Any], *, vast: Vast) -> dict[str, Any]:
    """The `casus.geopend` payload of a new case row, JSON-ready (see `signaal_ontvangen`)."""
    return {
        "casusId": casus["id"],
        "partnerType": vast.partner_type,
        "actie": casus["actie"],
        "crisis": casus["crisis"],
        "matchingsdatum": casus["matchingsdatum"].isoformat(),
        "startdatumMatchingperiode": casus["startdatum_matchingperiode"].isoformat(),
        "einddatumMatchingperiode": casus["einddatum_matchingperiode"].isoformat(),
    }


def controleer(
    model: type[ev.SignaalOntvangen] | type[ev.CasusGeopend], document: dict[str, Any]
) -> None:
    """Check a directly built payload against its contract model (one per chunk and type):
    the model must accept it and dump it back unchanged."""
    if model.model_validate(document).document() != document:
        raise ValueError(f"{model.__name__}: payload differs from the contract")
