"""Caseload per counsellor against the policy limit (seed §3.3: 45 trajectories per FTE)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal


def limiet(*, max_per_fte: int, fte: Decimal) -> int:
    """How many active trajectories a counsellor with this FTE may carry."""
    return int((max_per_fte * fte).to_integral_value(rounding=ROUND_DOWN))


def mag_toewijzen(
    *, actief: int, max_per_fte: int, fte: Decimal, override_reden: str | None
) -> bool:
    """One more fits under the limit, or a reason for going beyond it is given."""
    return actief < limiet(max_per_fte=max_per_fte, fte=fte) or bool(
        override_reden and override_reden.strip()
    )


@dataclass(frozen=True)
class Capaciteit:
    trajecten: int
    fte_nodig: Decimal
    fte_beschikbaar: Decimal


def capaciteit(*, trajecten: int, fte_beschikbaar: Decimal, max_per_fte: int) -> Capaciteit:
    """FTE needed for the active trajectories, rounded up to a tenth."""
    nodig = (Decimal(trajecten) / max_per_fte).quantize(Decimal("0.1"), rounding=ROUND_UP)
    return Capaciteit(trajecten=trajecten, fte_nodig=nodig, fte_beschikbaar=fte_beschikbaar)
