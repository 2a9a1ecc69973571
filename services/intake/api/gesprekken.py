"""Endpoints for the first conversation (aanmeldgesprek) and its letters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from services.intake.api.deps import GesprekId, MeldingId, StaffContext
from services.intake.schemas.gesprekken import (
    BriefRead,
    BriefSoort,
    GesprekAfronding,
    GesprekCreate,
    GesprekRead,
    VerplaatsingCreate,
)
from services.intake.service import gesprekken, weergave
from shared.pagination import Page, PageParams, page_params

router = APIRouter(tags=["aanmeldgesprekken"])

_ROLES = "Roles: `loket`, `consulent`, `coordinator`."
_404 = {"description": "Melding of aanmeldgesprek niet gevonden."}
_409 = {"description": "Het gesprek of de melding staat dit niet (meer) toe."}
_422 = {"description": "De datum is in strijd met een regel."}


@router.post(
    "/v1/meldingen/{meldingId}/aanmeldgesprekken",
    status_code=201,
    response_model=GesprekRead,
    summary="Plan the first conversation",
    description=(
        "Plan the aanmeldgesprek (date, time, counsellor, place or by phone). A melding has one "
        "planned conversation at a time: move it with `verplaatsingen`. After a no-show a new "
        f"one can be planned. {_ROLES}"
    ),
    responses={404: _404, 409: _409, 422: _422},
)
async def plan_gesprek(
    melding_id: MeldingId, body: GesprekCreate, ctx: StaffContext, response: Response
) -> GesprekRead:
    gesprek_id = gesprekken.plan(ctx, str(melding_id), body)
    response.headers["Location"] = f"/v1/aanmeldgesprekken/{gesprek_id}"
    return weergave.gesprek_read(gesprekken.gesprek_or_404(ctx, gesprek_id))


@router.get(
    "/v1/meldingen/{meldingId}/aanmeldgesprekken",
    response_model=Page[GesprekRead],
    summary="List a melding's conversations",
    description=f"Every appointment of the melding, moved ones included, oldest first. {_ROLES}",
    responses={404: _404},
)
async def lijst_gesprekken(
    melding_id: MeldingId,
    ctx: StaffContext,
    paging: Annotated[PageParams, Depends(page_params)],
) -> Page[GesprekRead]:
    rows, total = gesprekken.lijst(ctx, str(melding_id), paging)
    return Page[GesprekRead](
        items=[weergave.gesprek_read(row) for row in rows],
        page=paging.page,
        page_size=paging.page_size,
        total=total,
    )


@router.get(
    "/v1/aanmeldgesprekken/{gesprekId}",
    response_model=GesprekRead,
    summary="Read a conversation",
    description=f"One planned, moved, held or missed conversation. {_ROLES}",
    responses={404: _404},
)
async def lees_gesprek(gesprek_id: GesprekId, ctx: StaffContext) -> GesprekRead:
    return weergave.gesprek_read(gesprekken.lees(ctx, str(gesprek_id)))


@router.patch(
    "/v1/aanmeldgesprekken/{gesprekId}",
    response_model=GesprekRead,
    summary="Record a conversation as held or missed",
    description=(
        "Set `status` to `gehouden` or `niet-verschenen` on or after the day of the "
        f"conversation. Holding it settles the norm and legal deadlines. {_ROLES}"
    ),
    responses={404: _404, 409: _409, 422: _422},
)
async def rond_gesprek_af(
    gesprek_id: GesprekId, body: GesprekAfronding, ctx: StaffContext
) -> GesprekRead:
    gesprekken.rond_af(ctx, str(gesprek_id), body.status)
    return weergave.gesprek_read(gesprekken.gesprek_or_404(ctx, str(gesprek_id)))


@router.post(
    "/v1/aanmeldgesprekken/{gesprekId}/verplaatsingen",
    status_code=201,
    response_model=GesprekRead,
    summary="Move a planned conversation",
    description=(
        "Move the appointment to another moment, with the reason. The old appointment keeps "
        f"the reason and status `verplaatst`; the answer is the new appointment. {_ROLES}"
    ),
    responses={404: _404, 409: _409, 422: _422},
)
async def verplaats_gesprek(
    gesprek_id: GesprekId, body: VerplaatsingCreate, ctx: StaffContext, response: Response
) -> GesprekRead:
    nieuw = gesprekken.verplaats(ctx, str(gesprek_id), body)
    response.headers["Location"] = f"/v1/aanmeldgesprekken/{nieuw}"
    return weergave.gesprek_read(gesprekken.gesprek_or_404(ctx, nieuw))


@router.get(
    "/v1/aanmeldgesprekken/{gesprekId}/brieven/{soort}",
    response_model=BriefRead,
    summary="Render a letter about a conversation",
    description=(
        "The invitation (`uitnodiging`) or confirmation (`bevestiging`) for the resident, in "
        "plain Dutch, from the municipality's template (INTAKE_TEMPLATES_DIR) or the built-in "
        f"one. Only for an appointment that is still `gepland` (409 otherwise). {_ROLES}"
    ),
    responses={404: _404, 409: _409},
)
async def brief(
    gesprek_id: GesprekId,
    soort: Annotated[BriefSoort, Path(description="`uitnodiging` or `bevestiging`.")],
    ctx: StaffContext,
) -> BriefRead:
    tekst = gesprekken.brief(ctx, str(gesprek_id), soort)
    return BriefRead(soort=soort, gesprek_id=gesprek_id, tekst=tekst)
