"""The shape of an indicator definition and the activity kinds staff can register."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from services.reporting.indicatoren.context import Context, Uitkomst
from shared.policy import Policy, Streefwaarde


class Groep(StrEnum):
    """Which set an indicator belongs to."""

    BELEIDSPLAN = "beleidsplan"
    DIVOSA = "divosa"
    VROEGSIGNALERING = "vroegsignalering"


class Eenheid(StrEnum):
    AANTAL = "aantal"
    PROCENT = "procent"
    DAGEN = "dagen"
    EURO = "euro"
    FTE = "fte"
    TRAJECTEN_PER_FTE = "trajecten-per-fte"


class ActiviteitSoort(StrEnum):
    """Activities outside the case flow that staff register as counts (seed §5.2-§7.5)."""

    MONEYWAYS_KLASSEN = "moneyways-klassen"
    MONEYWAYS_LEERLINGEN = "moneyways-leerlingen"
    PREVENTIE_JONGEREN = "preventie-jongeren"
    CONVENANT_BEWINDVOERING = "convenant-bewindvoering"
    ONLINE_SCHULDENCOACH = "online-schuldencoach"
    GGZ_PILOT = "ggz-pilot"
    STOPPEN_MET_ROKEN = "stoppen-met-roken"
    JAS_JONGEREN = "jas-jongeren"
    ONDERNEMERS_ADVIES = "ondernemers-advies"
    CURSUS_DEELNEMERS = "cursus-deelnemers"
    FORMATIE_FTE = "formatie-fte"


# A target from the policy, or (a doubling) from the computed value itself.
StreefFn = Callable[[Policy, Uitkomst], Streefwaarde | None]


@dataclass(frozen=True)
class Definitie:
    """One indicator: what it is called, what it means, how it is computed, its target."""

    code: str
    naam: str
    groep: Groep
    eenheid: Eenheid
    definitie: str
    bereken: Callable[[Context], Uitkomst]
    paragraaf: str | None = None
    streefwaarde: StreefFn | None = None
    # Whether a higher value is better; False for waiting times and dropout (target is a ceiling).
    hoger_is_beter: bool = True


def doel(naam: str) -> StreefFn:
    """The target named `naam` in the policy's `[indicatoren]` table."""

    def lookup(policy: Policy, _uitkomst: Uitkomst) -> Streefwaarde:
        target: Streefwaarde = getattr(policy.indicatoren, naam)
        return target

    return lookup
