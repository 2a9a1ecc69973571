"""Target-group markers of a resident (seed §8.2: registrations per target group)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from shared.contracts.handoffs import Doelgroep
from shared.types import age_on

# (seed §6.2, JAS) Young people are residents from 16 up to and including 27.
JONGERE_MIN_LEEFTIJD = 16
JONGERE_MAX_LEEFTIJD = 27


def is_jongere(geboortedatum: date | None, *, op: date) -> bool:
    """Whether the resident is 16 to 27 years old on the given date (unknown birth date: no)."""
    if geboortedatum is None or geboortedatum > op:
        return False
    return JONGERE_MIN_LEEFTIJD <= age_on(geboortedatum, op) <= JONGERE_MAX_LEEFTIJD


def doelgroepen(
    opgegeven: Iterable[Doelgroep], *, geboortedatum: date | None, op: date
) -> list[Doelgroep]:
    """The markers to store: the given ones, with `jongere` always derived from the birth date."""
    result: set[Doelgroep] = {d for d in opgegeven if d is not Doelgroep.JONGERE}
    if is_jongere(geboortedatum, op=op):
        result.add(Doelgroep.JONGERE)
    return [d for d in Doelgroep if d in result]  # declaration order: stable output
