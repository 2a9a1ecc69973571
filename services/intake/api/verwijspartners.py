"""Endpoints for the list of partners to refer to: read by staff, maintained by coordinators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from services.intake.api.deps import CoordinatorContext, PartnerId, StaffContext
from services.intake.schemas.verwijspartners import VerwijspartnerCreate, VerwijspartnerRead
from services.intake.service import verwijspartners
from shared.pagination import Page, PageParams, page_params

router = APIRouter(tags=["verwijspartners"])

_404 = {"description": "Verwijspartner niet gevonden."}
_409 = {"description": "De naam bestaat al, of er is al naar de partner verwezen."}


@router.get(
    "/v1/verwijspartners",
    response_model=Page[VerwijspartnerRead],
    summary="List partners to refer to",
    description="The maintained list, by name. Roles: `loket`, `consulent`, `coordinator`.",
)
async def lijst_verwijspartners(
    ctx: StaffContext,
    paging: Annotated[PageParams, Depends(page_params)],
    actief: Annotated[bool | None, Query(description="Only active (or inactive) ones.")] = None,
) -> Page[VerwijspartnerRead]:
    return verwijspartners.lijst(ctx, actief=actief, paging=paging)


@router.post(
    "/v1/verwijspartners",
    status_code=201,
    response_model=VerwijspartnerRead,
    summary="Add a partner to refer to",
    description="Role: `coordinator`.",
    responses={409: _409},
)
async def maak_verwijspartner(
    body: VerwijspartnerCreate, ctx: CoordinatorContext, response: Response
) -> VerwijspartnerRead:
    partner_id = verwijspartners.maak(ctx, body)
    response.headers["Location"] = f"/v1/verwijspartners/{partner_id}"
    return verwijspartners.read(verwijspartners.get_or_404(ctx, partner_id))


@router.get(
    "/v1/verwijspartners/{partnerId}",
    response_model=VerwijspartnerRead,
    summary="Read a partner to refer to",
    description="Roles: `loket`, `consulent`, `coordinator`.",
    responses={404: _404},
)
async def lees_verwijspartner(partner_id: PartnerId, ctx: StaffContext) -> VerwijspartnerRead:
    return verwijspartners.read(verwijspartners.get_or_404(ctx, str(partner_id)))


@router.put(
    "/v1/verwijspartners/{partnerId}",
    response_model=VerwijspartnerRead,
    summary="Replace a partner to refer to",
    description="Replaces name, description, contact and `actief`. Role: `coordinator`.",
    responses={404: _404, 409: _409},
)
async def vervang_verwijspartner(
    partner_id: PartnerId, body: VerwijspartnerCreate, ctx: CoordinatorContext
) -> VerwijspartnerRead:
    verwijspartners.vervang(ctx, str(partner_id), body)
    return verwijspartners.read(verwijspartners.get_or_404(ctx, str(partner_id)))


@router.delete(
    "/v1/verwijspartners/{partnerId}",
    status_code=204,
    response_class=Response,
    summary="Remove a partner to refer to",
    description=(
        "Only a partner nobody was referred to; otherwise set `actief` to false. "
        "Role: `coordinator`."
    ),
    responses={404: _404, 409: _409},
)
async def verwijder_verwijspartner(partner_id: PartnerId, ctx: CoordinatorContext) -> Response:
    verwijspartners.verwijder(ctx, str(partner_id))
    return Response(status_code=204)
