"""Amount bands for events: reporting sees the size of a debt, never the exact figure."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

GRENZEN = (0, 1000, 5000, 15000, 25000, 50000)


def band(bedrag: Decimal) -> str:
    """`0-1000`, `1000-5000`, ... or `50000+`; lower bound inclusive."""
    for laag, hoog in pairwise(GRENZEN):
        if bedrag < hoog:
            return f"{laag}-{hoog}"
    return f"{GRENZEN[-1]}+"
