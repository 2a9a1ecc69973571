"""Who is this signal about? The person key, exact or fuzzy, and when to ask a coordinator.

With a BSN the key is the keyed hash of the BSN (shared.pseudonym). Without one it is the hash
of surname, birth date and address; a known resident at the address with that key is the same
person, unless the first initials differ (twins share all four key parts): the twin then gets a
key that includes the initial. Otherwise the most similar resident at the address is compared
(services.signals.matching): above `match_drempel` the same person, between the thresholds a
review for the coordinator.
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
    voorletter = matching.eerste_voorletter(item.voorletters)

    def persoon(sleutel: str) -> matching.Persoon:
        return matching.Persoon(
            subject_key=sleutel,
            heeft_bsn=item.bsn is not None,
            naam_sleutel=matching.naam_sleutel(item.achternaam),
            voorletter=voorletter,
            geboortedatum=item.geboortedatum,
        )

    if item.bsn is not None:
        sleutel = person_key(key=key, bsn=item.bsn)
        return Identiteit(sleutel, "bsn", None, persoon(sleutel))
    eigen = _adres_sleutel(item, key, achternaam=item.achternaam)
    zelfde = [p for p in bekend if p.subject_key == eigen]
    if zelfde and voorletter and all(p.voorletter and p.voorletter != voorletter for p in zelfde):
        eigen = _adres_sleutel(item, key, achternaam=f"{item.achternaam} {voorletter}")
        zelfde = [p for p in bekend if p.subject_key == eigen]
    if zelfde:
        return Identiteit(eigen, "exact", None, persoon(eigen))
    nieuw = persoon(eigen)
    uitkomst = matching.beste_kandidaat(nieuw, bekend, naam_origineel=item.achternaam)
    if uitkomst.kandidaat is None:
        return Identiteit(eigen, "nieuw", None, nieuw)
    score = Decimal(str(uitkomst.score))
    if uitkomst.score >= drempel:
        return Identiteit(uitkomst.kandidaat.subject_key, "fuzzy", score, nieuw)
    if uitkomst.score >= grijs:
        return Identiteit(eigen, "grijs", score, nieuw, uitkomst.kandidaat.subject_key)
    return Identiteit(eigen, "nieuw", score, nieuw)
