"""Endpoints for meldingen: register, read one, work lists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from services.intake.api.deps import (
    CrisissoortenVanBeleid,
    LoketContext,
    MeldingId,
    StaffContext,
)
from services.intake.domain.uitkomst import MeldingStatus
from services.intake.recidive import Bekendheid
from services.intake.schemas.common import Tekst
from services.intake.schemas.meldingen import (
    MeldingCreate,
    MeldingenZoeken,
    MeldingRead,
    MeldingSamenvatting,
    StatuswijzigingRead,
    Werklijst,
)
from services.intake.service import meldingen, registratie, weergave
from shared.pagination import Page, PageParams, page_params

router = APIRouter(tags=["meldingen"])

_409 = {"description": "De inwoner heeft al een open melding; `links.melding` wijst ernaar."}
_404 = {"description": "Melding niet gevonden."}


@router.post(
    "/v1/meldingen",
    status_code=201,
    response_model=MeldingRead,
    summary="Register a melding",
    description=(
        "The front desk registers a resident's request for help. Deadlines for planning and "
        "holding the first conversation are computed from the policy and stored; trajectory is "
        "asked about recidive (when it does not answer, recidive is `onbekend`). A resident "
        "with an open melding gets a 409 with a link to it. Role: `loket`."
    ),
    responses={409: _409},
    dependencies=[CrisissoortenVanBeleid],
)
async def registreer_melding(
    body: MeldingCreate, ctx: LoketContext, bekendheid: Bekendheid, response: Response
) -> MeldingRead:
    stored = await registratie.registreer_aan_de_balie(ctx, body, bekendheid=bekendheid)
    response.headers["Location"] = f"/v1/meldingen/{stored['id']}"
    return weergave.melding_read(stored)


@router.get(
    "/v1/meldingen",
    response_model=Page[MeldingSamenvatting],
    summary="List meldingen (work lists)",
    description=(
        "Paged work lists of the desk: `crisis-vandaag` (crises whose conversation is due "
        "today or late, by legal deadline), `plannen` (conversations to plan by today), "
        "`te-laat-norm` and `te-laat-wet` (conversation not held after the norm or legal "
        "deadline). Filter by counsellor and status. Roles: `loket`, `consulent`, `coordinator`."
    ),
)
async def lijst_meldingen(
    ctx: StaffContext,
    paging: Annotated[PageParams, Depends(page_params)],
    werklijst: Annotated[Werklijst | None, Query(description="Which work list.")] = None,
    consulent: Annotated[Tekst | None, Query(description="Only this counsellor's.")] = None,
    status: Annotated[MeldingStatus | None, Query(description="`open` or `afgerond`.")] = None,
) -> Page[MeldingSamenvatting]:
    return meldingen.werklijst(
        ctx,
        soort=werklijst,
        consulent=consulent,
        status=status.value if status else None,
        paging=paging,
    )


@router.post(
    "/v1/meldingen/zoeken",
    response_model=Page[MeldingSamenvatting],
    summary="Search meldingen by BSN",
    description=(
        "A resident's meldingen, newest first. A POST with the BSN in the body, so it never "
        "appears in a URL or a log of URLs. Roles: `loket`, `consulent`, `coordinator`."
    ),
)
async def zoek_meldingen(
    body: MeldingenZoeken,
    ctx: StaffContext,
    paging: Annotated[PageParams, Depends(page_params)],
) -> Page[MeldingSamenvatting]:
    return meldingen.zoek_op_bsn(ctx, body.bsn, paging)


@router.get(
    "/v1/meldingen/{meldingId}",
    response_model=MeldingRead,
    summary="Read a melding",
    description="One melding with the resident's data. Roles: `loket`, `consulent`, `coordinator`.",
    responses={404: _404},
)
async def lees_melding(ctx: StaffContext, melding_id: MeldingId) -> MeldingRead:
    return weergave.melding_read(meldingen.lees(ctx, str(melding_id))._mapping)


@router.get(
    "/v1/meldingen/{meldingId}/statuswijzigingen",
    response_model=Page[StatuswijzigingRead],
    summary="Read a melding's status history",
    description=(
        "Every change of the melding's status, oldest first: who, when, from, to and why. "
        "Roles: `loket`, `consulent`, `coordinator`."
    ),
    responses={404: _404},
)
async def lees_statushistorie(
    ctx: StaffContext,
    melding_id: MeldingId,
    paging: Annotated[PageParams, Depends(page_params)],
) -> Page[StatuswijzigingRead]:
    return meldingen.statushistorie(ctx, str(melding_id), paging)
