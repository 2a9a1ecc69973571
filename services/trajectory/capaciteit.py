"""Reading the caseload: each counsellor against the limit, and the FTE needed overall."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from services.trajectory import repository
from services.trajectory.context import Ctx
from services.trajectory.domain import caseload
from services.trajectory.domain.fasen import Fase
from services.trajectory.models import traject
from services.trajectory.schemas_caseload import CapaciteitRead, ConsulentCaseload


def capaciteit(ctx: Ctx) -> CapaciteitRead:
    """Each counsellor's active trajectories against the limit, and the FTE needed overall."""
    actief = repository.actief_per_consulent(ctx.session)
    fte = repository.consulenten(ctx.session)
    maximum = ctx.policy.caseload_max_per_fte
    namen = sorted(set(actief) | set(fte))
    regels = []
    for naam in namen:
        eigen_fte = fte.get(naam, Decimal(1))
        limiet = caseload.limiet(max_per_fte=maximum, fte=eigen_fte)
        regels.append(
            ConsulentCaseload(
                consulent=naam,
                fte=eigen_fte,
                actief=actief.get(naam, 0),
                limiet=limiet,
                boven_limiet=actief.get(naam, 0) > limiet,
            )
        )
    totaal = ctx.session.execute(
        sa.select(sa.func.count())
        .select_from(traject)
        .where(traject.c.fase != Fase.UITSTROOM.value)
    ).scalar_one()
    overall = caseload.capaciteit(
        trajecten=int(totaal),
        fte_beschikbaar=sum((r.fte for r in regels), Decimal("0.00")),
        max_per_fte=maximum,
    )
    return CapaciteitRead(
        consulenten=regels,
        trajecten=overall.trajecten,
        zonder_consulent=int(totaal) - sum(actief.values()),
        fte_nodig=overall.fte_nodig,
        fte_beschikbaar=overall.fte_beschikbaar,
        max_per_fte=maximum,
    )
