"""Matching a signal without BSN to a known resident at the same address (plain functions).

Blocking: only residents at the same address key (postcode, house number, letter, addition) are
compared. Each pair is scored on three fields:

- surname: Jaro-Winkler (rapidfuzz) on the folded surname (`naam_sleutel`: prefixes,
  diacritics, case and `ij`/`y` folded by shared.pseudonym.normalise_achternaam). The parts of a
  double name are kept apart by a dash, so "Jansen-de Vries" also matches "de Vries" or
  "Jansen" (married and maiden names);
- birth date: the same date, a typing slip (one of day, month, year off; day and month
  swapped), or another date;
- initials (`voorletters_sleutel`: "J.P.", "jp", "Jan Peter" are all `JP`): the same or one a
  shorter form of the other ("J." and "J.P."), unknown on either side, or different.

A pair scores NAAM_GEWICHT x surname + DATUM_GEWICHT x date + VOORLETTER_GEWICHT x initials, and
different initials multiply the total by ANDERE_VOORLETTER_FACTOR. The caller compares the score
with its thresholds (`beslis`). Twins share surname, address and often birth date: different
initials keep them apart, a birth date one day off lands in the grey zone, and two residents
who both clear the threshold make the match ambiguous: it goes to a coordinator, never merged.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA, JaroWinkler

from shared.pseudonym import normalise_achternaam

NAAM_GEWICHT = 0.6
DATUM_GEWICHT = 0.3
VOORLETTER_GEWICHT = 0.1
ANDERE_VOORLETTER_FACTOR = 0.8
TYPFOUT_AFTREK = 0.1
MAX_TYPFOUTEN = 2
DEEL_SCHEIDER = "-"
MAX_VOORLETTERS = 4
_NIET_LETTERS = re.compile(r"[\W\d_]+")


class Persoon(NamedTuple):
    """A resident as matching sees them (a named tuple: cheap to make 100,000 of)."""

    subject_key: str
    heeft_bsn: bool
    naam_sleutel: str
    voorletter: str | None
    geboortedatum: date | None
    # All initials folded (`voorletters_sleutel`); empty when only the first is known.
    voorletters: str = ""


class Uitkomst(NamedTuple):
    """The best candidate, its score, and the best score of any other resident."""

    kandidaat: Persoon | None
    score: float
    tweede: float = 0.0


class Besluit(StrEnum):
    """What a score means under the thresholds."""

    MATCH = "match"
    GRIJS = "grijs"
    NIEUW = "nieuw"


@lru_cache(maxsize=65_536)
def naam_sleutel(achternaam: str, tussenvoegsel: str | None = None) -> str:
    """The surname folded for comparing, parts of a double name joined by a dash.

    The prefix is dropped either way: "van Dijk", "Dijk, van" and "V. Dijk" compare equal.
    """
    del tussenvoegsel
    # What follows a comma is prefixes or initials ("Berg, van der", "Jansen, P.").
    delen = (normalise_achternaam(deel) for deel in achternaam.split(",", 1)[0].split("-"))
    return DEEL_SCHEIDER.join(deel for deel in delen if deel)


@lru_cache(maxsize=65_536)
def _vormen(sleutel: str) -> tuple[str, ...]:
    """The whole folded name first, then each part of a double name."""
    if DEEL_SCHEIDER not in sleutel:
        return (sleutel,)
    delen = sleutel.split(DEEL_SCHEIDER)
    return ("".join(delen), *delen)


@lru_cache(maxsize=65_536)
def voorletters_sleutel(voorletters: str | None) -> str:
    """The initials as capitals: "J.P.", "J P", "JP" and "Jan Peter" are all `JP`."""
    woorden = [w for w in _NIET_LETTERS.split(voorletters or "") if w]
    if len(woorden) == 1 and woorden[0].isupper() and len(woorden[0]) <= MAX_VOORLETTERS:
        return woorden[0]  # "JP": each capital is an initial
    # "J.P.", "Jan Peter", "Th.": the first letter of each word ("jan" is a first name).
    return "".join(w[0].upper() for w in woorden)


def eerste_voorletter(voorletters: str | None) -> str | None:
    """The first initial, upper case, or None."""
    if not voorletters:
        return None
    letters = [c for c in voorletters if c.isalpha()]
    return letters[0].upper() if letters else None


def _gelijkenis(a: str, b: str) -> float:
    # Jaro-Winkler punishes one slip in a short name hard ("bos"/"bso": 0.73); one edit
    # (optimal string alignment: insert, delete, replace, swap two neighbours) counts 0.9, two
    # 0.8, unless they leave at most one letter in common ("ko"/"mo").
    jaro_winkler = JaroWinkler.normalized_similarity(a, b)
    afstand = OSA.distance(a, b, score_cutoff=MAX_TYPFOUTEN)  # cutoff + 1 when further apart
    if afstand > MAX_TYPFOUTEN or max(len(a), len(b)) <= afstand + 1:
        return jaro_winkler
    return max(jaro_winkler, 1.0 - TYPFOUT_AFTREK * afstand)


@lru_cache(maxsize=262_144)
def naam_score(a: str, b: str) -> float:
    """Similarity of two folded names, whole or part for part (double names), 0 to 1.

    The best of Jaro-Winkler and 1 - 0.1 per edit (at most two edits count). Cached: at
    addresses of families and couples the same pairs of names come back again and again.
    """
    if a == b:
        return 1.0
    vormen_a, vormen_b = _vormen(a), _vormen(b)
    if len(vormen_a) == 1 and len(vormen_b) == 1:
        return _gelijkenis(a, b)
    return max(_gelijkenis(x, y) for x in vormen_a for y in vormen_b)


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


def _letters_passen(x: str, y: str) -> bool:
    return x.startswith(y) or y.startswith(x)


def voorletters_passen(a: Persoon, b: Persoon) -> bool | None:
    """Do the initials agree? None when either side has none; "J." agrees with "J.P."."""
    if a.voorletter is None or b.voorletter is None:
        return None
    if a.voorletter != b.voorletter:
        return False
    return _letters_passen(a.voorletters or a.voorletter, b.voorletters or b.voorletter)


def score(nieuw: Persoon, bekend: Persoon) -> float:
    """Similarity of two residents at the same address, 0 to 1."""
    # Called for every pair: fields unpacked at once, the equal cases tested inline (most
    # pairs are one resident spelled alike), rules as in naam_score, datum_score and
    # voorletters_passen.
    _, _, naam, eerste, datum, letters = nieuw
    _, _, b_naam, b_eerste, b_datum, b_letters = bekend
    totaal = NAAM_GEWICHT if naam == b_naam else NAAM_GEWICHT * naam_score(naam, b_naam)
    if datum == b_datum and datum is not None:
        totaal += DATUM_GEWICHT
    else:
        totaal += DATUM_GEWICHT * datum_score(datum, b_datum)
    if eerste is None or b_eerste is None:
        totaal += VOORLETTER_GEWICHT / 2
    elif eerste == b_eerste and (
        letters == b_letters or _letters_passen(letters or eerste, b_letters or b_eerste)
    ):
        totaal += VOORLETTER_GEWICHT
    else:
        totaal *= ANDERE_VOORLETTER_FACTOR
    return round(totaal, 3)


def beste_kandidaat(nieuw: Persoon, bekenden: Sequence[Persoon]) -> Uitkomst:
    """The most similar known resident, and the best score of anyone else (ambiguity).

    Two different BSNs are never the same person; one resident listed twice (several signals
    about them) counts once.
    """
    met_bsn = nieuw.heeft_bsn
    if len(bekenden) == 1 and not (met_bsn and bekenden[0].heeft_bsn):
        return Uitkomst(bekenden[0], score(nieuw, bekenden[0]))  # a third lives alone
    beste: Persoon | None = None
    beste_sleutel = None
    beste_score = tweede = 0.0
    for bekend in bekenden:
        if met_bsn and bekend.heeft_bsn:
            continue  # both have a BSN and the keys differ: different people
        s = score(nieuw, bekend)
        if bekend.subject_key == beste_sleutel:
            if s > beste_score:
                beste, beste_score = bekend, s
        elif s > beste_score:
            if beste_score > tweede:
                tweede = beste_score
            beste, beste_sleutel, beste_score = bekend, bekend.subject_key, s
        elif s > tweede:
            tweede = s
    return Uitkomst(beste, beste_score, tweede)


def beslis(uitkomst: Uitkomst, *, drempel: float, grijs: float) -> Besluit:
    """Match from `drempel`, review from `grijs`; two residents above `drempel` need a review."""
    if uitkomst.kandidaat is None or uitkomst.score < grijs:
        return Besluit.NIEUW
    if uitkomst.score >= drempel and uitkomst.tweede < drempel:
        return Besluit.MATCH
    return Besluit.GRIJS


_GC_LOCK = threading.Lock()
_gc_pauzes = 0
_gc_was_aan = False


@contextmanager
def zonder_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while matching in bulk, or while a batch chunk is
    validated and stored (`batches.verwerk`; threads and callers may nest this).

    Matching a chunk makes hundreds of thousands of small tuples (persons, outcomes) that hold
    no reference cycles; the collector would walk each of them several times while they are
    young (40% of the CPU time of `python -m tests.bench.matching`). Reference counting still
    frees them. The collector resumes when the last bulk match ends, if it was on before.
    """
    global _gc_pauzes, _gc_was_aan
    with _GC_LOCK:
        if _gc_pauzes == 0:
            _gc_was_aan = gc.isenabled()
            gc.disable()
        _gc_pauzes += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_pauzes -= 1
            if _gc_pauzes == 0 and _gc_was_aan:
                gc.enable()


@lru_cache(maxsize=65_536)
def _paar_scores(naam: float) -> tuple[float, ...]:
    """`score` for a surname similarity, indexed by 3 x date class + initials class.

    Date: 0 the same, 1 a slip, 2 other or unknown; initials: 0 agree, 1 unknown, 2 differ.
    The same arithmetic in the same order as `score`, so the rounded values are identical.
    """
    scores = []
    for datum in (1.0, 0.5, 0.0):
        for letters in range(3):
            totaal = NAAM_GEWICHT * naam + DATUM_GEWICHT * datum
            if letters == 0:
                totaal += VOORLETTER_GEWICHT
            elif letters == 1:
                totaal += VOORLETTER_GEWICHT / 2
            else:
                totaal *= ANDERE_VOORLETTER_FACTOR
            scores.append(round(totaal, 3))
    return tuple(scores)


_GELIJKE_NAAM = _paar_scores(1.0)


@lru_cache(maxsize=262_144)
def _naam_scores(a: str, b: str) -> tuple[float, ...]:
    return _paar_scores(naam_score(a, b))


def koppel(
    nieuwen: Iterable[tuple[str, Persoon]],
    bewoners: Mapping[str, Sequence[Persoon]],
) -> list[Uitkomst]:
    """Best candidates for many signals at once: (address key, person) against residents per key.

    The same result as `beste_kandidaat` for each signal (a test compares them), in one loop
    without a call per pair: the pair's date and initials are classified inline and its score
    looked up in a table per surname pair (`_paar_scores`; most pairs share the surname, so
    most look-ups hit `_GELIJKE_NAAM`), with the cyclic garbage collector paused
    (`zonder_gc`). Pass a `zip` of addresses and persons: it reuses its tuple.
    """
    with zonder_gc():
        return _koppel(nieuwen, bewoners)


def _koppel(
    nieuwen: Iterable[tuple[str, Persoon]], bewoners: Mapping[str, Sequence[Persoon]]
) -> list[Uitkomst]:
    leeg = Uitkomst(None, 0.0)
    get = bewoners.get
    gelijk = _GELIJKE_NAAM
    naam_scores = _naam_scores
    uitkomsten: list[Uitkomst] = []
    uit = uitkomsten.append
    for adres, nieuw in nieuwen:
        bekenden = get(adres)
        if not bekenden:
            uit(leeg)
            continue
        _, met_bsn, naam, eerste, datum, letters = nieuw
        beste: Persoon | None = None
        beste_sleutel = None
        beste_score = tweede = 0.0
        for bekend in bekenden:
            sleutel, b_bsn, b_naam, b_eerste, b_datum, b_letters = bekend
            if met_bsn and b_bsn:
                continue  # two BSNs: different people
            if datum == b_datum:
                i = 0 if datum is not None else 6
            elif datum is None or b_datum is None:
                i = 6
            else:  # a slip: one of day, month, year off, or day and month swapped
                maand, dag = datum.month == b_datum.month, datum.day == b_datum.day
                if maand and dag:
                    i = 3  # only the year differs
                elif maand or dag or (datum.day == b_datum.month and datum.month == b_datum.day):
                    i = 3 if datum.year == b_datum.year else 6
                else:
                    i = 6
            if eerste is None or b_eerste is None:
                i += 1
            elif eerste != b_eerste or (
                letters != b_letters
                and not _letters_passen(letters or eerste, b_letters or b_eerste)
            ):
                i += 2
            s = (gelijk if naam == b_naam else naam_scores(naam, b_naam))[i]
            if sleutel == beste_sleutel:
                if s > beste_score:
                    beste, beste_score = bekend, s
            elif s > beste_score:
                if beste_score > tweede:
                    tweede = beste_score
                beste, beste_sleutel, beste_score = bekend, sleutel, s
            elif s > tweede:
                tweede = s
        if beste is None and len(bekenden) == 1 and not (met_bsn and bekenden[0].heeft_bsn):
            beste = bekenden[0]  # as beste_kandidaat: one resident is the candidate at any score
        uit(Uitkomst(beste, beste_score, tweede))
    return uitkomsten
