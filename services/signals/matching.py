"""Matching a signal without BSN to a known resident at the same address (plain functions).

Blocking: only residents at the same address key (postcode, house number, letter, addition) are
compared. Score: Jaro-Winkler (rapidfuzz) on the folded surname (prefixes, diacritics and `ij`/`y`
removed by shared.pseudonym.normalise_achternaam; each part of a double name is tried, for maiden
names), the birth date, and the first initial. Twins share surname, birth date and address:
different initials cut the score below the grey zone, so they are never merged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz.distance import JaroWinkler

from shared.pseudonym import normalise_achternaam

NAAM_GEWICHT = 0.6
DATUM_GEWICHT = 0.3
VOORLETTER_GEWICHT = 0.1
ANDERE_VOORLETTER_FACTOR = 0.8


@dataclass(frozen=True)
class Persoon:
    """A resident as matching sees them."""

    subject_key: str
    heeft_bsn: bool
    naam_sleutel: str
    voorletter: str | None
    geboortedatum: date | None


@dataclass(frozen=True)
class Uitkomst:
    """The best candidate and its score (None when nobody lives at the address)."""

    kandidaat: Persoon | None
    score: float


def naam_sleutel(achternaam: str, tussenvoegsel: str | None = None) -> str:
    """The surname folded for comparing; the prefix is dropped either way."""
    del tussenvoegsel  # "van Dijk", "Dijk, van" and "V. Dijk" must compare equal
    return normalise_achternaam(achternaam)


def eerste_voorletter(voorletters: str | None) -> str | None:
    """The first initial, upper case, or None."""
    if not voorletters:
        return None
    letters = [c for c in voorletters if c.isalpha()]
    return letters[0].upper() if letters else None


def _delen(sleutel: str, origineel: str) -> list[str]:
    parts = [normalise_achternaam(p) for p in origineel.replace(" ", "-").split("-")]
    return [sleutel, *(p for p in parts if p and p != sleutel)]


def naam_score(a: str, b: str, *, a_origineel: str = "", b_origineel: str = "") -> float:
    """Best Jaro-Winkler similarity over the whole names and their parts (double names)."""
    kandidaten_a = _delen(a, a_origineel) if a_origineel else [a]
    kandidaten_b = _delen(b, b_origineel) if b_origineel else [b]
    return max(JaroWinkler.normalized_similarity(x, y) for x in kandidaten_a for y in kandidaten_b)


def datum_score(a: date | None, b: date | None) -> float:
    """1 for the same date, 0.5 for a typing slip (day and month swapped, one part off), else 0."""
    if a is None or b is None:
        return 0.0
    if a == b:
        return 1.0
    if (a.day, a.month) == (b.month, b.day) and a.year == b.year:
        return 0.5
    same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    return 0.5 if same == 2 else 0.0


def score(nieuw: Persoon, bekend: Persoon, *, naam_origineel: str = "") -> float:
    """Similarity of two residents at the same address, 0 to 1."""
    naam = naam_score(nieuw.naam_sleutel, bekend.naam_sleutel, a_origineel=naam_origineel)
    totaal = NAAM_GEWICHT * naam + DATUM_GEWICHT * datum_score(
        nieuw.geboortedatum, bekend.geboortedatum
    )
    if nieuw.voorletter is None or bekend.voorletter is None:
        totaal += VOORLETTER_GEWICHT / 2
    elif nieuw.voorletter == bekend.voorletter:
        totaal += VOORLETTER_GEWICHT
    else:
        totaal *= ANDERE_VOORLETTER_FACTOR
    return round(totaal, 3)


def beste_kandidaat(
    nieuw: Persoon, bekenden: Iterable[Persoon], *, naam_origineel: str = ""
) -> Uitkomst:
    """The most similar known resident; two different BSNs are never the same person."""
    beste = Uitkomst(None, 0.0)
    for bekend in bekenden:
        if nieuw.heeft_bsn and bekend.heeft_bsn:
            continue  # both have a BSN and the keys differ: different people
        s = score(nieuw, bekend, naam_origineel=naam_origineel)
        if s > beste.score:
            beste = Uitkomst(bekend, s)
    return beste
