"""The offer to creditors: afloscapaciteit x term, split over the claims.

Total repayment = afloscapaciteit x the settlement term in months (policy
`schuldregeling_maanden`, dated: 36 before 1 July 2023, 18 since), never more than the debts.
Concurrent creditors get the same percentage of their claim; a preferent creditor's claim is
weighted by policy `preferente_weging` (1 = same percentage), and nobody gets more than its claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from shared.policy import Policy
from shared.types import CENT

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Vordering:
    schuld_id: str
    bedrag: Decimal
    preferent: bool


@dataclass(frozen=True)
class Aandeel:
    schuld_id: str
    vordering: Decimal
    aanbod: Decimal
    percentage: Decimal


@dataclass(frozen=True)
class Aanbod:
    looptijd_maanden: int
    afloscapaciteit: Decimal
    totaal_schuld: Decimal
    totaal_aflossing: Decimal
    percentage: Decimal
    aandelen: tuple[Aandeel, ...]


def looptijd(policy: Policy, ingangsdatum: date) -> int:
    """The settlement term in months for a settlement starting on this date."""
    return policy.termijnen.schuldregeling_maanden.value_on(ingangsdatum)


def _percentage(deel: Decimal, geheel: Decimal) -> Decimal:
    if geheel == 0:
        return ZERO
    return (deel * 100 / geheel).quantize(CENT, rounding=ROUND_HALF_UP)


def verdeel(
    totaal: Decimal, vorderingen: list[Vordering], *, preferente_weging: Decimal
) -> list[Decimal]:
    """Split `totaal` over the claims by weight, capped at each claim, to the cent exactly."""
    shares = [ZERO for _ in vorderingen]
    open_ = [i for i, v in enumerate(vorderingen) if v.bedrag > 0]
    rest = totaal
    # A capped claim frees money for the others, so repeat until nobody exceeds its claim.
    while open_ and rest > 0:
        gewicht = {i: preferente_weging if vorderingen[i].preferent else Decimal(1) for i in open_}
        noemer = sum(vorderingen[i].bedrag * gewicht[i] for i in open_)
        capped = [
            i
            for i in open_
            if rest * vorderingen[i].bedrag * gewicht[i] / noemer >= vorderingen[i].bedrag
        ]
        if not capped:
            for i in open_:
                shares[i] = (rest * vorderingen[i].bedrag * gewicht[i] / noemer).quantize(
                    CENT, rounding=ROUND_DOWN
                )
            # Cents lost to rounding down go to the largest claims first, one each.
            leftover = totaal - sum(shares)
            for i in sorted(open_, key=lambda j: (-vorderingen[j].bedrag, j)):
                if leftover <= 0:
                    break
                if shares[i] < vorderingen[i].bedrag:
                    shares[i] += CENT
                    leftover -= CENT
            break
        for i in capped:
            shares[i] = vorderingen[i].bedrag
            rest -= vorderingen[i].bedrag
        open_ = [i for i in open_ if i not in capped]
    return shares


def maak_aanbod(
    policy: Policy, *, afloscapaciteit: Decimal, ingangsdatum: date, vorderingen: list[Vordering]
) -> Aanbod:
    """The offer for these claims with this capacity."""
    maanden = looptijd(policy, ingangsdatum)
    totaal_schuld = sum((v.bedrag for v in vorderingen), ZERO)
    totaal = min(afloscapaciteit * maanden, totaal_schuld)
    shares = verdeel(totaal, vorderingen, preferente_weging=policy.geld.preferente_weging)
    aandelen = tuple(
        Aandeel(v.schuld_id, v.bedrag, share, _percentage(share, v.bedrag))
        for v, share in zip(vorderingen, shares, strict=True)
    )
    return Aanbod(
        looptijd_maanden=maanden,
        afloscapaciteit=afloscapaciteit,
        totaal_schuld=totaal_schuld,
        totaal_aflossing=totaal,
        percentage=_percentage(totaal, totaal_schuld),
        aandelen=aandelen,
    )
