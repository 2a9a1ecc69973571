"""Caseload: counsellors' working time and the capacity view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from services.trajectory import capaciteit as capaciteit_view
from services.trajectory import repository
from services.trajectory.api.deps import Coordinator, Lezer, problems
from services.trajectory.schemas_caseload import CapaciteitRead, ConsulentUpdate

router = APIRouter(tags=["caseload"])


@router.get(
    "/v1/capaciteit",
    response_model=CapaciteitRead,
    summary="Caseload per counsellor and FTE needed",
    description="Roles: `consulent`, `coordinator`, `kwaliteit`.",
    responses=problems(),
)
async def capaciteit(ctx: Lezer) -> CapaciteitRead:
    return capaciteit_view.capaciteit(ctx)


@router.put(
    "/v1/consulenten/{consulentId}",
    response_model=CapaciteitRead,
    summary="Set a counsellor's working time (FTE)",
    description="The caseload limit is 45 per FTE (policy). Role: `coordinator`.",
    responses=problems(),
)
async def consulent(
    consulent_id: Annotated[
        str, Path(alias="consulentId", max_length=200, description="Counsellor id.")
    ],
    body: ConsulentUpdate,
    ctx: Coordinator,
) -> CapaciteitRead:
    repository.zet_fte(ctx.session, consulent_id, body.fte)
    return capaciteit_view.capaciteit(ctx)
