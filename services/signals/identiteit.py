"""Who is this signal about? The person key, exact or fuzzy, and when to ask a coordinator.

With a BSN the key is the keyed hash of the BSN (shared.pseudonym). Without one the residents
known at the address are scored (services.signals.matching): from `match_drempel` the signal
takes the best one's key (method `exact` when that is its own address key: surname, birth date
and address alike), between the thresholds, or with two residents above it, a review for the
coordinator. Otherwise its key is the hash of surname, birth date and address; when a known
resident (a twin with other initials) already has that key, the initials are added to it.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def _persoon(item: SignaalCreate, sleutel: str, voorletters: str) -> matching.Persoon:
    return matching.Persoon(
        subject_key=sleutel,
        heeft_bsn=item.bsn is not None,
        naam_sleutel=matching.naam_sleutel(item.achternaam),
        voorletter=voorletters[:1] or None,
        geboortedatum=item.geboortedatum,
        voorletters=voorletters,
    )


def _zonder_bsn(item: SignaalCreate, key: str) -> matching.Persoon:
    """The signal as a resident under its own address key (a signal without a BSN)."""
    voorletters = matching.voorletters_sleutel(item.voorletters)
    return _persoon(item, _adres_sleutel(item, key, achternaam=item.achternaam), voorletters)


def bsn_sleutel(item: SignaalCreate, key: str) -> str | None:
    """The person key of a signal with a BSN (known before any lookup); None without one."""
    return None if item.bsn is None else person_key(key=key, bsn=item.bsn)


def _met_bsn(item: SignaalCreate, key: str) -> Identiteit:
    sleutel = bsn_sleutel(item, key)
    assert sleutel is not None
    voorletters = matching.voorletters_sleutel(item.voorletters)
    return Identiteit(sleutel, "bsn", None, _persoon(item, sleutel, voorletters))


def _beslis(
    item: SignaalCreate,
    nieuw: matching.Persoon,
    bekend: list[matching.Persoon],
    uitkomst: matching.Uitkomst,
    *,
    key: str,
    drempel: float,
    grijs: float,
) -> Identiteit:
    """The key a signal without a BSN gets, given its best candidate among `bekend`."""
    eigen = nieuw.subject_key
    besluit = matching.beslis(uitkomst, drempel=drempel, grijs=grijs)
    score = Decimal(str(uitkomst.score))
    if uitkomst.kandidaat is not None and besluit is matching.Besluit.MATCH:
        if uitkomst.kandidaat.subject_key == eigen:
            return Identiteit(eigen, "exact", None, nieuw)
        return Identiteit(uitkomst.kandidaat.subject_key, "fuzzy", score, nieuw)
    if any(p.subject_key == eigen for p in bekend):
        # Someone else at the address has this name and birth date (a twin): the initials
        # make the key.
        voorletters = nieuw.voorletters
        eigen = _adres_sleutel(item, key, achternaam=f"{item.achternaam} {voorletters}")
        nieuw = _persoon(item, eigen, voorletters)
    if uitkomst.kandidaat is None:
        return Identiteit(eigen, "nieuw", None, nieuw)
    if besluit is matching.Besluit.GRIJS:
        return Identiteit(eigen, "grijs", score, nieuw, uitkomst.kandidaat.subject_key)
    return Identiteit(eigen, "nieuw", score, nieuw)


def los_op(
    item: SignaalCreate,
    bekend: list[matching.Persoon],
    *,
    key: str,
    drempel: float,
    grijs: float,
) -> Identiteit:
    """Resolve the signal's resident against the residents known at its address."""
    if item.bsn is not None:
        return _met_bsn(item, key)
    nieuw = _zonder_bsn(item, key)
    uitkomst = matching.beste_kandidaat(nieuw, bekend)
    return _beslis(item, nieuw, bekend, uitkomst, key=key, drempel=drempel, grijs=grijs)


def voegt_toe(wie: Identiteit) -> bool:
    """Is this a resident the address did not know yet (later signals match against it)?"""
    return wie.sleutel == wie.persoon.subject_key and wie.methode != "exact"


def los_op_chunk(
    rijen: Sequence[tuple[str, SignaalCreate]],
    bewoners: dict[str, list[matching.Persoon]],
    *,
    key: str,
    drempel: float,
    grijs: float,
) -> list[Identiteit]:
    """`los_op` for each (address key, signal) in order, the residents of each address growing
    as it goes (a later row matches a resident an earlier row introduced): the same result.

    The signals without a BSN are matched in one `matching.koppel` against the residents known
    before the chunk; a row whose address gained a resident earlier in the chunk is matched
    again on its own. `bewoners` is extended in place.
    """
    with matching.zonder_gc():
        nieuwen = [None if item.bsn is not None else _zonder_bsn(item, key) for _, item in rijen]
        uitkomsten = iter(
            matching.koppel(
                ((adres, p) for (adres, _), p in zip(rijen, nieuwen, strict=True) if p), bewoners
            )
        )
        gewijzigd: set[str] = set()
        result: list[Identiteit] = []
        for (adres, item), nieuw in zip(rijen, nieuwen, strict=True):
            bekend = bewoners.setdefault(adres, [])
            if nieuw is None:
                wie = _met_bsn(item, key)
            else:
                uitkomst = next(uitkomsten)
                if adres in gewijzigd:
                    uitkomst = matching.beste_kandidaat(nieuw, bekend)
                wie = _beslis(item, nieuw, bekend, uitkomst, key=key, drempel=drempel, grijs=grijs)
            if voegt_toe(wie):
                bekend.append(wie.persoon)
                gewijzigd.add(adres)
            result.append(wie)
        return result
