"""Endpoints for the outcome of the first conversation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response

from services.intake.api.deps import ConsulentContext, MeldingId, StaffContext
from services.intake.schemas.uitkomsten import UITKOMST_EXAMPLES, UitkomstCreate, UitkomstRead
from services.intake.service import uitkomsten

router = APIRouter(tags=["uitkomsten"])

_404 = {"description": "Melding (of haar uitkomst) niet gevonden."}


@router.post(
    "/v1/meldingen/{meldingId}/uitkomst",
    status_code=201,
    response_model=UitkomstRead,
    summary="Record the outcome of the first conversation",
    description=(
        "One of: `advies` (with referrals from the partner list), `mdo` (consent with date "
        "and by whom, or the safety exception with a reason; teams invited; agreements), "
        "`aanvraag` (the request for debt help: trajectory opens a case, delivered exactly once "
        "through the outbox), `geen-vervolg` (with the reason; also before any conversation). "
        "All but `geen-vervolg` need the conversation held. Closes the melding. "
        "Roles: `consulent`, `coordinator`."
    ),
    responses={
        404: _404,
        409: {"description": "De melding is al afgerond."},
        422: {"description": "Het aanmeldgesprek is nog niet gehouden."},
    },
)
async def leg_uitkomst_vast(
    melding_id: MeldingId,
    body: Annotated[UitkomstCreate, Body(openapi_examples=UITKOMST_EXAMPLES)],
    ctx: ConsulentContext,
    response: Response,
) -> UitkomstRead:
    uitkomsten.vastleggen(ctx, str(melding_id), body)
    response.headers["Location"] = f"/v1/meldingen/{melding_id}/uitkomst"
    return uitkomsten.lees(ctx, str(melding_id))


@router.get(
    "/v1/meldingen/{meldingId}/uitkomst",
    response_model=UitkomstRead,
    summary="Read the outcome of the first conversation",
    description="Roles: `loket`, `consulent`, `coordinator`.",
    responses={404: _404},
)
async def lees_uitkomst(melding_id: MeldingId, ctx: StaffContext) -> UitkomstRead:
    return uitkomsten.lees(ctx, str(melding_id))
