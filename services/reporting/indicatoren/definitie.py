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

    def __post_init__(self) -> None:
        # The caveat is part of the definition itself, so that the response metadata, the CSV
        # and docs/indicators.md (kept equal by a test) all say it, for every such indicator.
        if self.jaartelling:
            object.__setattr__(self, "definitie", f"{self.definitie} {JAARTELLING_ZIN}")

    @property
    def jaartelling(self) -> bool:
        """Whether the target is an absolute number per calendar year (the policy's yearly
        counts): a quarter, a month or a date range is not held against it. Shares and
        targets computed for the period itself (a doubling, a caseload ceiling) are."""
        return isinstance(self.streefwaarde, Jaardoel) and self.eenheid is Eenheid.AANTAL


JAARTELLING_ZIN = (
    "De streefwaarde is een aantal per kalenderjaar: alleen voor een heel kalenderjaar wordt "
    "beoordeeld of die gehaald is."
)


@dataclass(frozen=True)
class Jaardoel:
    """The target named `naam` in the policy's `[indicatoren]` table, set per calendar year."""

    naam: str

    def __call__(self, policy: Policy, _uitkomst: Uitkomst) -> Streefwaarde:
        target: Streefwaarde = getattr(policy.indicatoren, self.naam)
        return target


def doel(naam: str) -> StreefFn:
    """The target named `naam` in the policy's `[indicatoren]` table."""
    return Jaardoel(naam)
