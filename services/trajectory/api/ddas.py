"""The DDAS pull API (DDAS OpenAPI v1.0 `POST /gegevens`), under /v1/ddas."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic_core import to_json

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
async def gegevens(body: GegevensRequest, ctx: DdasAfnemer) -> Response:
    # Serialised once, straight to JSON: a page of 25,000 trajectories is validated by the
    # projection's own types, not walked again by the response model (PERF: under 3 s).
    antwoord = ddas_export.levering(ctx, body)
    return Response(to_json(antwoord), media_type="application/json")
