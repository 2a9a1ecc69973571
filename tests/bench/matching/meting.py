"""Running a matcher on the labelled set and scoring its pairs against the truth."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from services.signals import matching
from tests.bench.matching.genereer import Set

# The service's defaults (services/signals/settings.py).
DREMPEL = 0.92
GRIJS = 0.80
DOEL_PRECISIE = 0.99  # issue 5: precision at least 0.99, recall at least 0.98

Paren = set[tuple[int, int]]  # (signal id, resident id)


@dataclass(frozen=True)
class Uitslag:
    """One matcher's figures on one set."""

    naam: str
    seconden: float  # wall clock
    cpu: float  # CPU time of this process (less affected by a busy machine)
    vergeleken: int  # candidate pairs scored
    paren: Paren  # pairs it merged
    grijs: int  # signals it sent to review (ours only)
    precisie: float
    recall: float

    @property
    def f1(self) -> float:
        som = self.precisie + self.recall
        return 2 * self.precisie * self.recall / som if som else 0.0


@dataclass(frozen=True)
class Run:
    """What one run of a matcher returns."""

    seconden: float
    cpu: float
    vergeleken: int
    paren: Paren
    grijs: int = 0


def beoordeel(naam: str, run: Run, echt: Paren, *, seconden: float, cpu: float) -> Uitslag:
    """Precision and recall of the merged pairs; the times are given (medians of runs)."""
    paren, vergeleken, grijs = run.paren, run.vergeleken, run.grijs
    goed = len(paren & echt)
    return Uitslag(
        naam=naam,
        seconden=seconden,
        cpu=cpu,
        vergeleken=vergeleken,
        paren=paren,
        grijs=grijs,
        precisie=goed / len(paren) if paren else 0.0,
        recall=goed / len(echt) if echt else 0.0,
    )


def _leeg_caches() -> None:
    for cached in (
        matching.naam_sleutel,
        matching._vormen,
        matching.voorletters_sleutel,
        matching.naam_score,
        matching._naam_scores,
        matching._paar_scores,
    ):
        cached.cache_clear()


def bewoner_rijen(data: Set) -> list[tuple[str, str, bool, str, str | None, date]]:
    """The residents as the service reads them (`repository.personen_op_adressen`): address
    key, person key, BSN known, the surname folded when it was stored, raw initials, birth date.
    """
    return [
        (
            b.adres.sleutel,
            str(b.id),
            False,
            matching.naam_sleutel(b.achternaam),
            b.voorletters,
            b.geboortedatum,
        )
        for b in data.bewoners
    ]


def ons(data: Set, rijen: list[tuple[str, str, bool, str, str | None, date]]) -> Run:
    """services.signals.matching as the service runs it on a batch: build, block, score, decide.

    Timed from the residents' rows as the database returns them (`bewoner_rijen`: the folded
    surname is stored with each signal, so it is not folded again; the initials are) and the
    signals' raw surname, initials and birth date (folded here) to decisions, with the cyclic
    garbage collector paused as the batch path pauses it (`matching.zonder_gc`).
    """
    _leeg_caches()
    start, start_cpu = time.perf_counter(), time.process_time()
    naam_sleutel, voorletters_sleutel = matching.naam_sleutel, matching.voorletters_sleutel
    persoon = matching.Persoon
    with matching.zonder_gc():
        bewoners: dict[str, list[matching.Persoon]] = {}
        for adres, sleutel, heeft_bsn, naam, voorletters, geboren in rijen:
            letters = voorletters_sleutel(voorletters)
            bekend = persoon(sleutel, heeft_bsn, naam, letters[:1] or None, geboren, letters)
            if (hier := bewoners.get(adres)) is None:
                bewoners[adres] = [bekend]
            else:
                hier.append(bekend)
        adressen: list[str] = []
        nieuwen: list[matching.Persoon] = []
        for s in data.signalen:
            letters = voorletters_sleutel(s.voorletters)
            nieuwen.append(
                persoon(
                    "",
                    False,
                    naam_sleutel(s.achternaam),
                    letters[:1] or None,
                    s.geboortedatum,
                    letters,
                )
            )
            adressen.append(s.adres.sleutel)
        uitkomsten = matching.koppel(zip(adressen, nieuwen, strict=True), bewoners)
        besluiten = [matching.beslis(u, drempel=DREMPEL, grijs=GRIJS) for u in uitkomsten]
    seconden, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    paren: Paren = set()
    grijs = 0
    for s, u, besluit in zip(data.signalen, uitkomsten, besluiten, strict=True):
        if besluit is matching.Besluit.MATCH and u.kandidaat is not None:
            paren.add((s.id, int(u.kandidaat.subject_key)))
        elif besluit is matching.Besluit.GRIJS:
            grijs += 1
    vergeleken = sum(len(bewoners.get(adres, ())) for adres in adressen)
    return Run(seconden, cpu, vergeleken, paren, grijs)


def fouten_per_ruis(data: Set, paren: Paren) -> list[tuple[str, int, int, int]]:
    """Per kind of noise: (kind, signals with it, missed true pairs, wrong merges)."""
    gevonden = dict(paren)
    aantal: Counter[str] = Counter()
    gemist: Counter[str] = Counter()
    fout: Counter[str] = Counter()
    for s in data.signalen:
        soorten = s.ruis or ("geen",)
        gekozen = gevonden.get(s.id)
        for soort in soorten:
            aantal[soort] += 1
            if s.bewoner_id is not None and gekozen != s.bewoner_id:
                gemist[soort] += 1
            if gekozen is not None and gekozen != s.bewoner_id:
                fout[soort] += 1
    return [(k, aantal[k], gemist[k], fout[k]) for k in sorted(aantal)]


Matcher = Callable[[Set], Run]
