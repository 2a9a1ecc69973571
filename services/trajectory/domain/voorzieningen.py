"""Alongside the phases: support, stays, programmes and the emergency fund, with their rules."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shared.policy import Policy
from shared.types import age_on


class VoorzieningSoort(StrEnum):
    """The DDAS parts that run beside the phases."""

    BEGELEIDING = "begeleiding"
    MORATORIUM = "moratorium"
    VOORLOPIGE_VOORZIENING = "voorlopige-voorziening"
    CRISISINTERVENTIE = "crisisinterventie"
    INFORMATIE_EN_ADVIES = "informatie-en-advies"


# Fw art. 287b: a moratorium or provisional relief lasts at most six months.
BEGRENSD = frozenset({VoorzieningSoort.MORATORIUM, VoorzieningSoort.VOORLOPIGE_VOORZIENING})


def uiterste_einddatum(policy: Policy, start: date) -> date:
    """Start plus `moratorium_max_maanden` (6) calendar months, clamped to the month's end."""
    index = start.month - 1 + policy.termijnen.moratorium_max_maanden
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


# Income management is budgetbeheer in which the income itself goes to the beheerder (seed
# annex 5): in the DDAS delivery it is a Budgetbeheer record.
INKOMENSBEHEER_ALS = "Budgetbeheer"


def voorziening_fouten(
    policy: Policy,
    *,
    soort: VoorzieningSoort,
    begeleidingssoort: str | None,
    startdatum: date,
    einddatum: date | None,
    inkomensbeheer: bool = False,
) -> list[str]:
    """Why this support record cannot be kept (empty when it can)."""
    fouten: list[str] = []
    if (soort is VoorzieningSoort.BEGELEIDING) != (begeleidingssoort is not None):
        fouten.append("Een begeleidingssoort hoort bij begeleiding, en alleen daarbij.")
    if inkomensbeheer and begeleidingssoort != INKOMENSBEHEER_ALS:
        fouten.append(
            f"Inkomensbeheer is begeleiding van de soort {INKOMENSBEHEER_ALS} (seed bijlage 5)."
        )
    if einddatum is not None and einddatum < startdatum:
        fouten.append("De einddatum ligt voor de startdatum.")
    if soort in BEGRENSD:
        uiterste = uiterste_einddatum(policy, startdatum)
        if einddatum is None:
            fouten.append(f"Een {soort.value} heeft een einddatum (uiterlijk {uiterste}).")
        elif einddatum > uiterste:
            fouten.append(f"Een {soort.value} duurt hoogstens tot {uiterste} (Fw art. 287b).")
    return fouten


def einde_fouten(*, startdatum: date, einddatum: date | None, nieuw_einde: date) -> list[str]:
    """Why support cannot end on `nieuw_einde` (empty when it can): ending early is always
    possible, never before the start nor after an end already recorded."""
    if nieuw_einde < startdatum:
        return ["De einddatum ligt voor de startdatum."]
    if einddatum is not None and nieuw_einde > einddatum:
        return [f"De voorziening eindigt al op {einddatum}; verlengen is een nieuwe voorziening."]
    return []


class Programma(StrEnum):
    """Programmes of the policy plan (seed §6.2, §6.3, §7.4)."""

    JAS = "jas"
    GGZ_PILOT = "ggz-pilot"
    ONDERNEMERS = "ondernemers"


# The policy plan's young people: 16 up to and including 27 (as the intake doelgroep).
JONGERE_MIN, JONGERE_MAX = 16, 27


@dataclass(frozen=True)
class Deelnemer:
    """What the eligibility checks look at."""

    geboortedatum: date | None
    doelgroepen: frozenset[str]
    totaal_schuld: Decimal
    zakelijke_schuld: bool


def programma_fouten(
    policy: Policy, programma: Programma, deelnemer: Deelnemer, *, op: date
) -> list[str]:
    """Why the resident cannot join this programme (empty when they can)."""
    if programma is Programma.JAS:
        fouten = []
        if deelnemer.geboortedatum is None:
            fouten.append("JAS vraagt een bekende geboortedatum.")
        elif not JONGERE_MIN <= age_on(deelnemer.geboortedatum, op) <= JONGERE_MAX:
            fouten.append(f"JAS is voor jongeren van {JONGERE_MIN} tot en met {JONGERE_MAX} jaar.")
        if deelnemer.totaal_schuld > policy.geld.jas_max_schuld:
            fouten.append(f"JAS is voor schulden tot {policy.geld.jas_max_schuld} (seed §6.2).")
        return fouten
    if programma is Programma.GGZ_PILOT:
        if "ggz" not in deelnemer.doelgroepen:
            return ["De GGZ-pilot is voor inwoners in GGZ-behandeling (doelgroep ggz)."]
        return []
    if "ondernemer" not in deelnemer.doelgroepen and not deelnemer.zakelijke_schuld:
        return ["Het ondernemerstraject vraagt doelgroep ondernemer of een zakelijke schuld."]
    return []
