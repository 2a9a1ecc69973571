"""Every indicator, and computing them for a period with their targets."""

from __future__ import annotations

from dataclasses import dataclass

from services.reporting.indicatoren import (
    beleidsplan_catalogus,
    divosa_catalogus,
    vroegsignalering,
)
from services.reporting.indicatoren.context import Context, Periode, Uitkomst
from services.reporting.indicatoren.definitie import Definitie
from shared.policy import Policy, Streefwaarde

DEFINITIES: tuple[Definitie, ...] = (
    *beleidsplan_catalogus.DEFINITIES,
    *divosa_catalogus.DEFINITIES,
    *vroegsignalering.DEFINITIES,
)
PER_CODE = {d.code: d for d in DEFINITIES}
assert len(PER_CODE) == len(DEFINITIES), "indicator codes must be unique"


@dataclass(frozen=True)
class Resultaat:
    """One indicator computed for a period, with its target and whether it is met."""

    definitie: Definitie
    uitkomst: Uitkomst
    streefwaarde: Streefwaarde | None
    gehaald: bool | None


def gehaald(definitie: Definitie, waarde: float | None, doel: Streefwaarde | None) -> bool | None:
    """Whether a value meets its target; None without a value or a target.

    A target with a maximum is a range (`Streefwaarde`: at least `minimum`, at most `maximum`;
    a ceiling is a range from 0), judged as the council report shows it: `minimum–maximum`.
    """
    if waarde is None or doel is None:
        return None
    if doel.maximum is not None:
        return doel.minimum <= waarde <= doel.maximum
    if not definitie.hoger_is_beter:
        return True  # a ceiling without a maximum bounds nothing
    return waarde >= doel.minimum


def beoordeel(
    definitie: Definitie, uitkomst: Uitkomst, policy: Policy, periode: Periode
) -> Resultaat:
    """A computed value with its target and whether it meets it.

    A yearly count (`Definitie.jaartelling`) is only judged for a whole calendar year: a
    quarter's count against a year's target would read as missed, and a share of it would be
    a guess (activities and intakes are not spread evenly). The target is still given.
    """
    doel = definitie.streefwaarde(policy, uitkomst) if definitie.streefwaarde else None
    if definitie.jaartelling and not periode.kalenderjaar:
        return Resultaat(definitie, uitkomst, doel, None)
    return Resultaat(definitie, uitkomst, doel, gehaald(definitie, uitkomst.waarde, doel))


def bereken(definitie: Definitie, ctx: Context) -> Resultaat:
    """One indicator on the detailed path (every fact in memory)."""
    return beoordeel(definitie, definitie.bereken(ctx), ctx.policy, ctx.periode)


def bereken_alle(ctx: Context, codes: list[str] | None = None) -> list[Resultaat]:
    """The indicators (all, or those named) for the context's period, in catalogue order."""
    chosen = DEFINITIES if codes is None else tuple(PER_CODE[c] for c in codes)
    return [bereken(d, ctx) for d in chosen]
