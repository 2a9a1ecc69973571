"""Vrij te laten bedrag (VTLB) and afloscapaciteit per month, explained line by line.

Recofa method, as far as the policy names it (DOMAIN.md §4): the base is the beslagvrije voet,
a percentage (95% since 2021, policy `beslagvrije_voet_procent`, dated) of the bijstandsnorm for
the household on the reference date (policy `bijstandsnorm`, dated); on top come the corrections
the counsellor establishes from evidence (housing, care, work, childcare, travel). The policy
names these kinds but no amounts, so each correction is an input, recorded with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from shared.policy import Policy
from shared.types import CENT

HONDERD = Decimal(100)


class Leefsituatie(StrEnum):
    ALLEENSTAANDE = "alleenstaande"
    GEHUWDEN = "gehuwden"


class CorrectieSoort(StrEnum):
    WOONKOSTEN = "woonkosten"
    ZORGKOSTEN = "zorgkosten"
    WERK = "werk"
    KINDEROPVANG = "kinderopvang"
    REISKOSTEN = "reiskosten"


@dataclass(frozen=True)
class Correctie:
    soort: CorrectieSoort
    bedrag: Decimal
    toelichting: str | None = None


@dataclass(frozen=True)
class Regel:
    """One line of the explanation: what, the amount, and where it comes from."""

    omschrijving: str
    bedrag: Decimal
    bron: str


@dataclass(frozen=True)
class Berekening:
    bijstandsnorm: Decimal
    beslagvrije_voet: Decimal
    vtlb: Decimal
    afloscapaciteit: Decimal
    regels: tuple[Regel, ...]


def _cent(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def bereken(
    policy: Policy,
    *,
    peildatum: date,
    leefsituatie: Leefsituatie,
    netto_inkomen: Decimal,
    correcties: tuple[Correctie, ...] = (),
) -> Berekening:
    """VTLB and afloscapaciteit (income - VTLB, never below zero) with every step explained."""
    norm = policy.geld.bijstandsnorm.value_on(peildatum)
    bijstandsnorm = (
        norm.alleenstaande if leefsituatie is Leefsituatie.ALLEENSTAANDE else norm.gehuwden
    )
    procent = policy.geld.beslagvrije_voet_procent.value_on(peildatum)
    voet = _cent(bijstandsnorm * procent / HONDERD)
    regels = [
        Regel(
            f"Bijstandsnorm {leefsituatie.value} op {peildatum.isoformat()}",
            bijstandsnorm,
            "Participatiewet art. 21-22 (policy geld.bijstandsnorm)",
        ),
        Regel(
            f"Beslagvrije voet: {procent}% van de bijstandsnorm",
            voet,
            "Rv art. 475d (policy geld.beslagvrije_voet_procent)",
        ),
    ]
    vtlb = voet
    for correctie in correcties:
        vtlb += correctie.bedrag
        omschrijving = f"Correctie {correctie.soort.value}"
        if correctie.toelichting:
            omschrijving += f": {correctie.toelichting}"
        regels.append(
            Regel(omschrijving, correctie.bedrag, "Recofa-methode, vastgesteld op stukken")
        )
    regels.append(Regel("Vrij te laten bedrag (VTLB)", vtlb, "som van de regels hierboven"))
    regels.append(Regel("Netto inkomen per maand", netto_inkomen, "opgave consulent"))
    capaciteit = max(Decimal("0.00"), netto_inkomen - vtlb)
    regels.append(
        Regel("Afloscapaciteit (inkomen - VTLB, niet negatief)", capaciteit, "Recofa-methode")
    )
    return Berekening(
        bijstandsnorm=bijstandsnorm,
        beslagvrije_voet=voet,
        vtlb=vtlb,
        afloscapaciteit=capaciteit,
        regels=tuple(regels),
    )
