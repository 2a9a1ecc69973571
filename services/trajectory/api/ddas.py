"""The DDAS pull API (DDAS OpenAPI v1.0 `POST /gegevens`), under /v1/ddas."""

from __future__ import annotations

from fastapi import APIRouter

from services.trajectory import ddas_export
from services.trajectory.api.deps import DdasAfnemer, problems
from services.trajectory.schemas_ddas import DdasAntwoord, GegevensRequest

router = APIRouter(tags=["ddas"])


@router.post(
    "/v1/ddas/gegevens",
    response_model=DdasAntwoord,
    summary="DDAS trajectory delivery for a period",
    description=(
        "The trajectories running in the period as the DDAS v1.0 Uitwisselmodel, paged as the "
        "DDAS OpenAPI describes; DDAS field names, amounts in whole euros. Role: `service`."
    ),
    responses=problems(422),
)
async def gegevens(body: GegevensRequest, ctx: DdasAfnemer) -> DdasAntwoord:
    return ddas_export.levering(ctx, body)
