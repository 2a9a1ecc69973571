"""Row builders for the bulk inserts of a chunk: signal, case, case history, review."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from services.signals.beleid import Beoordeling
from services.signals.identiteit import Identiteit
from services.signals.schemas import SignaalCreate
from shared.contracts.ddas import Signaalpartner
from shared.policy import Policy
from shared.types import adres_sleutel


def adres(item: SignaalCreate) -> str:
    """The signal's normalised address key (blocking key and household view)."""
    return adres_sleutel(
        item.postcode,
        item.huisnummer,
        huisletter=item.huisletter,
        huisnummertoevoeging=item.huisnummertoevoeging,
    )


def nieuwe_casus(
    item: SignaalCreate,
    *,
    subject_key: str,
    partner_type: Signaalpartner,
    policy: Policy,
    now: datetime,
) -> dict[str, Any]:
    """A new case (DDAS Vroegsignaalzaak) opened by this signal."""
    periode = policy.signalen.matching_periode_dagen
    return {
        "id": str(uuid.uuid4()),
        "gemeentecode": policy.gemeentecode,
        "subject_key": subject_key,
        "adres_sleutel": adres(item),
        "postcode_gebied": item.postcode[:4],
        "status": "nieuw",
        "actie": policy.signalen.voor(partner_type).actie.value,
        "crisis": False,
        "warme_overdracht": False,
        "totaal_bedrag": Decimal(0),
        "matchingsdatum": now.date(),
        "startdatum_matchingperiode": item.signaaldatum,
        # (policy signalen.matching_periode_dagen) signals within the period form one case.
        "einddatum_matchingperiode": item.signaaldatum + timedelta(days=periode),
        "overgedragen_at": None,
        "aangemaakt_at": now,
    }


def historie_geopend(
    casus: dict[str, Any], *, actor: str, partner_type: Signaalpartner
) -> dict[str, Any]:
    """The first history entry of a new case."""
    return {
        "casus_id": casus["id"],
        "at": casus["aangemaakt_at"],
        "actor": actor,
        "van_status": None,
        "naar_status": "nieuw",
        "gebeurtenis": "geopend",
        "reden": f"Signaal van {partner_type.value}",
    }


def review(*, signaal_id: str, wie: Identiteit, now: datetime) -> dict[str, Any]:
    """A grey-zone match for the coordinator's review queue."""
    return {
        "id": str(uuid.uuid4()),
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
    creditor_id: str,
    partner_type: Signaalpartner,
    policy: Policy,
    batch_id: str | None,
    invoer_hash: str,
    now: datetime,
) -> dict[str, Any]:
    """The stored signal: what the partner sent, the verdict, the person key and the case."""
    return {
        "id": signaal_id,
        "gemeentecode": policy.gemeentecode,
        "creditor_id": creditor_id,
        "partner_type": partner_type.value,
        "partner_id": item.partner_id,
        "invoer_hash": invoer_hash,
        "batch_id": batch_id,
        "crisissignaal": item.crisissignaal,
        "warme_overdracht": item.warme_overdracht,
        "bedrag": item.bedrag,
        "ontstaansdatum": item.ontstaansdatum,
        "signaaldatum": item.signaaldatum,
        "status": oordeel.status.value,
        "status_reden": oordeel.reden,
        "actie": policy.signalen.voor(partner_type).actie.value,
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
        "adres_sleutel": adres(item),
        "woonplaats": item.woonplaats,
        "telefoon": item.telefoon,
        "email": str(item.email) if item.email else None,
        "ontvangen_at": now,
        "gewist_at": None,
    }
