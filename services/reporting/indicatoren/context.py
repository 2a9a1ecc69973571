"""What every indicator is computed from: the facts, the staff-registered counts, the period.

Plain values only (no database, no HTTP), so each indicator is testable with crafted facts.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from services.reporting.soorten import FeitSoort
from shared.policy import Policy


@dataclass(frozen=True)
class Periode:
    """A reporting period: from `vanaf` (inclusive) up to `tot` (exclusive)."""

    vanaf: date
    tot: date
    soort: str = "bereik"

    def bevat(self, dag: date) -> bool:
        return self.vanaf <= dag < self.tot

    @property
    def kalenderjaar(self) -> bool:
        """Whether the period is exactly one calendar year (asked as `jaar` or as a range)."""
        return (
            (self.vanaf.month, self.vanaf.day) == (1, 1)
            and (self.tot.month, self.tot.day) == (1, 1)
            and self.tot.year - self.vanaf.year == 1
        )

    def jaar_eerder(self) -> Periode:
        """The same period one year earlier (29 February becomes 28 February)."""

        def shift(d: date) -> date:
            return d.replace(year=d.year - 1, day=min(d.day, 28) if d.month == 2 else d.day)

        return Periode(shift(self.vanaf), shift(self.tot), self.soort)


@dataclass(slots=True)
class Feit:
    """One projected fact as the indicators see it."""

    bron: str
    soort: FeitSoort
    datum: date
    subject_key: str | None = None
    zaak: str | None = None
    partner_type: str | None = None
    kanaal: str | None = None
    doelgroepen: str | None = None
    resultaat: str | None = None
    crisis: bool | None = None
    bereikt: bool | None = None
    gehaald: bool | None = None
    bedrag: Decimal | None = None
    aantal: int | None = None
    referentie_datum: date | None = None

    @property
    def zaak_sleutel(self) -> tuple[str, str] | None:
        """The case this fact belongs to; case ids are unique within one source."""
        return (self.bron, self.zaak) if self.zaak else None

    @property
    def groepen(self) -> list[str]:
        return self.doelgroepen.split(",") if self.doelgroepen else []


Alias = dict[tuple[str, str], str]


def samenvoegingen(feiten: Iterable[Feit]) -> Alias:
    """Per merged early-signal case (casus.samengevoegd), the case it was merged into."""
    return {
        (f.bron, f.zaak): f.resultaat
        for f in feiten
        if f.soort is FeitSoort.CASUS_SAMENGEVOEGD and f.zaak and f.resultaat
    }


def hoofdzaak(alias: Alias, bron: str, zaak: str | None) -> str | None:
    """The case a case lives on as, following merges (a cycle stops where it closes)."""
    seen: set[str] = set()
    while zaak is not None and (bron, zaak) in alias and zaak not in seen:
        seen.add(zaak)
        zaak = alias[(bron, zaak)]
    return zaak


@dataclass(frozen=True)
class Activiteit:
    """A count registered by staff for an activity outside the case flow."""

    soort: str
    aantal: Decimal
    vanaf: date
    tot: date


@dataclass
class Uitkomst:
    """An indicator's computed value; `teller`/`noemer` where it is a share or an average."""

    waarde: float | None
    teller: float | None = None
    noemer: float | None = None
    uitsplitsingen: dict[str, dict[str, float]] = field(default_factory=dict)
    vergelijking: float | None = None


@dataclass
class Context:
    """The facts and counts of one municipality, and the period asked for."""

    periode: Periode
    feiten: Sequence[Feit]
    activiteiten: Sequence[Activiteit]
    policy: Policy
    _in_periode: dict[tuple[FeitSoort, date, date], list[Feit]] = field(
        default_factory=dict, repr=False
    )
    _eerste: dict[FeitSoort, dict[tuple[str, str], Feit]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # A merged early-signal case (casus.samengevoegd) lives on as the case it was merged
        # into: its signals, attempts and results count there, once.
        alias = samenvoegingen(self.feiten)
        if not alias:
            return
        for feit in self.feiten:
            feit.zaak = hoofdzaak(alias, feit.bron, feit.zaak)

    @cached_property
    def per_soort(self) -> dict[FeitSoort, list[Feit]]:
        grouped: dict[FeitSoort, list[Feit]] = defaultdict(list)
        for feit in self.feiten:
            grouped[feit.soort].append(feit)
        return grouped

    def alle(self, soort: FeitSoort) -> list[Feit]:
        """Facts of a kind, of any date (for follow-up: contact, decision, recidive)."""
        return self.per_soort.get(soort, [])

    def in_periode(self, soort: FeitSoort, periode: Periode | None = None) -> list[Feit]:
        """Facts of a kind dated in the period (a fresh list; the filtering is done once)."""
        p = periode or self.periode
        key = (soort, p.vanaf, p.tot)
        found = self._in_periode.get(key)
        if found is None:
            found = [f for f in self.alle(soort) if p.vanaf <= f.datum < p.tot]
            self._in_periode[key] = found
        return list(found)

    @cached_property
    def subject_van_zaak(self) -> dict[tuple[str, str], str]:
        """A case's resident key, from any fact of that case that carries one."""
        found: dict[tuple[str, str], str] = {}
        for feit in self.feiten:
            key = feit.zaak_sleutel
            if key is not None and feit.subject_key and key not in found:
                found[key] = feit.subject_key
        return found

    def subject(self, feit: Feit) -> str | None:
        if feit.subject_key:
            return feit.subject_key
        key = feit.zaak_sleutel
        return self.subject_van_zaak.get(key) if key else None

    @cached_property
    def melding_van_zaak(self) -> dict[tuple[str, str], Feit]:
        """The melding of each intake case (its channel and target groups)."""
        return self.eerste_per_zaak(FeitSoort.MELDING)

    def groepen(self, feit: Feit) -> list[str]:
        """The fact's target groups, else those of its case's melding."""
        if feit.groepen or feit.zaak_sleutel is None:
            return feit.groepen
        melding = self.melding_van_zaak.get(feit.zaak_sleutel)
        return melding.groepen if melding else []

    def kanaal(self, feit: Feit) -> str | None:
        """The fact's channel, else that of its case's melding."""
        if feit.kanaal or feit.zaak_sleutel is None:
            return feit.kanaal
        melding = self.melding_van_zaak.get(feit.zaak_sleutel)
        return melding.kanaal if melding else None

    def eerste_per_zaak(self, soort: FeitSoort) -> dict[tuple[str, str], Feit]:
        """The earliest fact of a kind per case (a fresh dict; computed once per kind)."""
        found = self._eerste.get(soort)
        if found is None:
            found = self._eerste[soort] = self._eerste_per_zaak(soort)
        return dict(found)

    def _eerste_per_zaak(self, soort: FeitSoort) -> dict[tuple[str, str], Feit]:
        first: dict[tuple[str, str], Feit] = {}
        for feit in sorted(self.alle(soort), key=lambda f: f.datum):
            key = feit.zaak_sleutel
            if key is not None and key not in first:
                first[key] = feit
        return first

    def activiteit_som(self, *soorten: str, periode: Periode | None = None) -> Decimal:
        """Registered counts of these kinds whose period starts within the period."""
        p = periode or self.periode
        return sum(
            (a.aantal for a in self.activiteiten if a.soort in soorten and p.bevat(a.vanaf)),
            Decimal(0),
        )

    def activiteiten_per_soort(self, *soorten: str) -> dict[str, float]:
        counts: dict[str, float] = {}
        for a in self.activiteiten:
            if a.soort in soorten and self.periode.bevat(a.vanaf):
                counts[a.soort] = counts.get(a.soort, 0.0) + float(a.aantal)
        return counts


def aandeel(teller: int, noemer: int) -> Uitkomst:
    """A share in percent with one decimal; no value when there is nothing to divide by."""
    waarde = round(100 * teller / noemer, 1) if noemer else None
    return Uitkomst(waarde=waarde, teller=teller, noemer=noemer)


def gemiddelde(waarden: Sequence[float]) -> Uitkomst:
    """The mean with two decimals, the sum as numerator and the count as denominator."""
    return gemiddelde_van(float(sum(waarden)), len(waarden))


def gemiddelde_van(totaal: float, aantal: int) -> Uitkomst:
    """`gemiddelde` of `aantal` values that sum to `totaal`."""
    waarde = round(totaal / aantal, 2) if aantal else None
    return Uitkomst(waarde=waarde, teller=round(totaal, 2), noemer=aantal)


# Durations in whole days as a frequency table: a number of days -> how many took that long.
Duren = Counter[int]


def gemiddelde_duur(duren: Duren) -> Uitkomst:
    """`gemiddelde` of the durations (a count of zero or less: none of that duration)."""
    duren = +duren
    return gemiddelde_van(float(sum(d * n for d, n in duren.items())), duren.total())


def mediaan(duren: Duren) -> float | None:
    """The median of the durations (as `statistics.median` of them listed), None for none."""
    duren = +duren
    aantal = duren.total()
    laag_index, hoog_index = (aantal - 1) // 2, aantal // 2
    gezien, laag = 0, None
    for dagen_, n in sorted(duren.items()):
        gezien += n
        if laag is None and gezien > laag_index:
            laag = dagen_
        if laag is not None and gezien > hoog_index:
            return (laag + dagen_) / 2
    return None


def telling(items: Iterable[Feit], **dimensies: Callable[[Feit], Iterable[str | None]]) -> Uitkomst:
    """A count with a breakdown per dimension (a fact may fall in several target groups)."""
    items = list(items)
    result = Uitkomst(waarde=float(len(items)))
    for naam, sleutels in dimensies.items():
        counts: Counter[str] = Counter()  # per category
        for feit in items:
            for key in sleutels(feit):
                counts[key or "onbekend"] += 1
        result.uitsplitsingen[naam] = dict(sorted(counts.items()))
    return result


def doelgroep(feit: Feit) -> list[str]:
    return feit.groepen or ["geen"]


def kanaal(feit: Feit) -> list[str | None]:
    return [feit.kanaal]


def partnertype(feit: Feit) -> list[str | None]:
    return [feit.partner_type]


def resultaat(feit: Feit) -> list[str | None]:
    return [feit.resultaat]


def termijn_uitkomst(
    ctx: Context,
    *,
    bron: str,
    termijn: str,
    telt: bool = True,
    alleen: set[tuple[str, str]] | None = None,
) -> Uitkomst | None:
    """The share of a source's own deadline judgments in the period that were met (`telt`
    True) or missed (False); None when the source never reported this deadline.

    The sources judge their deadlines with the policy's working-day calendar, so where they
    report them their judgment is the figure; `alleen` limits it to some cases.
    """
    if not any(f.bron == bron and f.resultaat == termijn for f in ctx.alle(FeitSoort.TERMIJN)):
        return None
    oordelen = [
        f
        for f in ctx.in_periode(FeitSoort.TERMIJN)
        if f.bron == bron
        and f.resultaat == termijn
        and f.gehaald is not None
        and (alleen is None or f.zaak_sleutel in alleen)
    ]
    return aandeel(sum(f.gehaald is telt for f in oordelen), len(oordelen))


def dagen(start: date, eind: date) -> int:
    return (eind - start).days


def na_maanden(datum: date, maanden: int) -> date:
    """The date `maanden` calendar months after `datum`: the same day of the month, or that
    month's last day when it has no such day (31 January + 1 month = 28 or 29 February; 29
    February 2024 + 5 years = 28 February 2029). Never a day in the month after, so a limit of
    months is never longer than the months themselves (`bevraging.na_maanden` in SQL)."""
    index = datum.month - 1 + maanden
    jaar, maand = datum.year + index // 12, index % 12 + 1
    return date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))
