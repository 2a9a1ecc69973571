"""The DDAS pull API: CBS fetches the early-signal delivery of a period, page by page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from services.signals import ddas_export
from services.signals.api import deps
from services.signals.ddas_schemas import GegevensRequest, GegevensResponse
from shared.db import DbSession

router = APIRouter(tags=["ddas"])
RAPPORTAGE = "rapportage"


@router.post(
    "/v1/ddas/gegevens",
    response_model=GegevensResponse,
    summary="DDAS early-signal delivery for a period (paged)",
    description=(
        "The DDAS vroegsignalering v1.0 exchange model (`Uitwisselmodel`) with DDAS field "
        "names, paged per signal as the DDAS VS OpenAPI describes (`paginering`). Signals "
        "whose signal date lies in the period; cases with the page of their first signal. "
        "Roles: `service` (the CBS client), `admin`."
    ),
    responses=deps.problems(400, 401, 403),
)
async def ddas_gegevens(
    request: Request, body: GegevensRequest, session: DbSession, principal: deps.Exporter
) -> JSONResponse:
    policy = deps.policy(request)

    def lever() -> dict[str, Any]:
        page, keys = ddas_export.levering(
            session,
            body,
            gemeentecode=policy.gemeentecode,
            organisatie=body.aanleverende_organisatie or f"Gemeente {policy.naam}",
            leverancier=deps.settings(request).ddas_code_gegevensleverancier,
        )
        deps.log_verwerking(
            request, session, principal, "ddas-levering", keys, activity_id=RAPPORTAGE
        )
        return page.document()

    # A page of up to 25,000 signals takes seconds to build: in a worker thread, so the loop
    # goes on answering meanwhile (the request's unit of work still commits afterwards).
    return JSONResponse(await run_in_threadpool(lever))
