"""Who is this signal about? The person key, exact or fuzzy, and when to ask a coordinator.

With a BSN the key is the keyed hash of the BSN (shared.pseudonym). Without one the residents
known at the address are scored (services.signals.matching): from `match_drempel` the signal
takes the best one's key (method `exact` when that is its own address key: surname, birth date
and address alike), between the thresholds, or with two residents above it, a review for the
coordinator. Otherwise its key is the hash of surname, birth date and address; when a known
resident (a twin with other initials) already has that key, the initials are added to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.signals import matching
from services.signals.schemas import SignaalCreate
from shared.pseudonym import person_key


@dataclass(frozen=True)
class Identiteit:
    """The resolved person key, how it was found, and a grey-zone candidate if any."""

    sleutel: str
    methode: str  # bsn, exact, fuzzy, grijs, nieuw
    score: Decimal | None
    persoon: matching.Persoon
    review_kandidaat: str | None = None


def _adres_sleutel(item: SignaalCreate, key: str, *, achternaam: str) -> str:
    assert item.geboortedatum is not None  # SignaalCreate requires it without a BSN
    return person_key(
        key=key,
        achternaam=achternaam,
        geboortedatum=item.geboortedatum,
        postcode=item.postcode,
        huisnummer=item.huisnummer,
    )


def los_op(
    item: SignaalCreate,
    bekend: list[matching.Persoon],
    *,
    key: str,
    drempel: float,
    grijs: float,
) -> Identiteit:
    """Resolve the signal's resident against the residents known at its address."""
    voorletters = matching.voorletters_sleutel(item.voorletters)

    def persoon(sleutel: str) -> matching.Persoon:
        return matching.Persoon(
            subject_key=sleutel,
            heeft_bsn=item.bsn is not None,
            naam_sleutel=matching.naam_sleutel(item.achternaam),
            voorletter=voorletters[:1] or None,
            geboortedatum=item.geboortedatum,
            voorletters=voorletters,
        )

    if item.bsn is not None:
        sleutel = person_key(key=key, bsn=item.bsn)
        return Identiteit(sleutel, "bsn", None, persoon(sleutel))
    eigen = _adres_sleutel(item, key, achternaam=item.achternaam)
    nieuw = persoon(eigen)
    uitkomst = matching.beste_kandidaat(nieuw, bekend)
    besluit = matching.beslis(uitkomst, drempel=drempel, grijs=grijs)
    score = Decimal(str(uitkomst.score))
    if uitkomst.kandidaat is not None and besluit is matching.Besluit.MATCH:
        if uitkomst.kandidaat.subject_key == eigen:
            return Identiteit(eigen, "exact", None, nieuw)
        return Identiteit(uitkomst.kandidaat.subject_key, "fuzzy", score, nieuw)
    if any(p.subject_key == eigen for p in bekend):
        # Someone else at the address has this name and birth date (a twin): the initials
        # make the key.
        eigen = _adres_sleutel(item, key, achternaam=f"{item.achternaam} {voorletters}")
        nieuw = persoon(eigen)
    if uitkomst.kandidaat is None:
        return Identiteit(eigen, "nieuw", None, nieuw)
    if besluit is matching.Besluit.GRIJS:
        return Identiteit(eigen, "grijs", score, nieuw, uitkomst.kandidaat.subject_key)
    return Identiteit(eigen, "nieuw", score, nieuw)
