"""The DDAS pull API (DDAS OpenAPI v1.0 `POST /gegevens`), under /v1/ddas."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

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
        "DDAS OpenAPI describes; DDAS field names, amounts in whole euros. Role: `service`. "
        "The body is streamed as it is built (chunked); should the service fail halfway, the "
        "body ends early and is not valid JSON."
    ),
    responses=problems(422),
)
async def gegevens(body: GegevensRequest, ctx: DdasAfnemer, request: Request) -> StreamingResponse:
    # The request's checks, the count and the page's start run here (problems answered as
    # usual); the trajectories are then read, logged and written batch by batch, in the
    # thread pool (a sync iterator), so memory stays flat and the event loop free (PERF).
    pagina = ddas_export.pagina(ctx, body)
    return StreamingResponse(
        ddas_export.stroom(request.app.state.connect, pagina),
        media_type="application/json",
    )
