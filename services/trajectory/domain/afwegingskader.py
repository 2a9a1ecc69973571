"""The saneringskrediet assessment (afwegingskader), for every dossier (seed §6.4, annex 7).

A rehabilitation credit fits when income will not change within the term, the resident is
motivated to change behaviour, and the loan stays within the policy maximum (€25,000 since 2021,
policy `saneringskrediet_max`, dated) and within what is left of the guarantee fund (€50,000,
policy `garantiefonds`) after the credits already guaranteed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shared.policy import Policy


class Motivatie(StrEnum):
    VOLDOENDE = "voldoende"
    TWIJFELACHTIG = "twijfelachtig"
    ONVOLDOENDE = "onvoldoende"


class Advies(StrEnum):
    SANERINGSKREDIET = "saneringskrediet"
    GEEN_SANERINGSKREDIET = "geen-saneringskrediet"


@dataclass(frozen=True)
class Afweging:
    advies: Advies
    redenen: tuple[str, ...]
    maximum: Decimal
    ruimte_garantiefonds: Decimal


def beoordeel(
    policy: Policy,
    *,
    peildatum: date,
    inkomen_stabiel: bool,
    motivatie: Motivatie,
    kredietbedrag: Decimal,
    reeds_gegarandeerd: Decimal,
) -> Afweging:
    """The advice and every reason for it; each criterion is named whether it passes or not."""
    maximum = policy.geld.saneringskrediet_max.value_on(peildatum)
    ruimte = max(Decimal("0.00"), policy.geld.garantiefonds - reeds_gegarandeerd)
    redenen: list[str] = []
    bezwaren = 0
    if inkomen_stabiel:
        redenen.append("Inkomen is stabiel gedurende de looptijd.")
    else:
        bezwaren += 1
        redenen.append("Inkomen verandert naar verwachting binnen de looptijd.")
    if motivatie is Motivatie.VOLDOENDE:
        redenen.append("Motivatie om gedrag te veranderen is voldoende.")
    else:
        bezwaren += 1
        redenen.append(f"Motivatie om gedrag te veranderen is {motivatie.value}.")
    if kredietbedrag <= maximum:
        redenen.append(f"Kredietbedrag {kredietbedrag} valt binnen het maximum van {maximum}.")
    else:
        bezwaren += 1
        redenen.append(f"Kredietbedrag {kredietbedrag} is hoger dan het maximum van {maximum}.")
    if kredietbedrag <= ruimte:
        redenen.append(f"Het garantiefonds heeft nog {ruimte} ruimte.")
    else:
        bezwaren += 1
        redenen.append(f"Het garantiefonds heeft nog maar {ruimte} ruimte.")
    advies = Advies.SANERINGSKREDIET if bezwaren == 0 else Advies.GEEN_SANERINGSKREDIET
    return Afweging(
        advies=advies, redenen=tuple(redenen), maximum=maximum, ruimte_garantiefonds=ruimte
    )
