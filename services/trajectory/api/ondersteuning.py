"""Support beside the phases, programmes, the emergency fund and the WSNP statement."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response

from services.trajectory import lezen, ondersteuning
from services.trajectory.api.deps import Behandelaar, TrajectId, location, problems
from services.trajectory.schemas import TrajectRead
from services.trajectory.schemas_voorzieningen import (
    NoodfondsAanvraagCreate,
    NoodfondsBesluitCreate,
    ProgrammaCreate,
    VoorzieningCreate,
    WsnpVerklaringCreate,
)

router = APIRouter(tags=["ondersteuning"])
_ROLES = " Roles: `consulent`, `coordinator`."
AanvraagId = Annotated[
    uuid.UUID, Path(alias="aanvraagId", description="Id of the emergency-fund request.")
]


def _created(ctx: Behandelaar, traject_id: str, response: Response) -> TrajectRead:
    response.headers.update(location(traject_id))
    return lezen.lees_traject(ctx, traject_id)


@router.post(
    "/v1/trajecten/{trajectId}/voorzieningen",
    status_code=201,
    response_model=TrajectRead,
    summary="Record support beside the phases",
    description=(
        "Begeleiding, moratorium and provisional relief (at most 6 months, Fw 287b), crisis "
        "intervention, information and advice." + _ROLES
    ),
    responses=problems(404, 422),
)
async def voorziening(
    traject_id: TrajectId, body: VoorzieningCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    ondersteuning.leg_voorziening_vast(ctx, str(traject_id), body)
    return _created(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/programmas",
    status_code=201,
    response_model=TrajectRead,
    summary="Join a programme (JAS, GGZ pilot, entrepreneurs)",
    description="Each programme checks its own eligibility." + _ROLES,
    responses=problems(404, 409, 422),
)
async def programma(
    traject_id: TrajectId, body: ProgrammaCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    ondersteuning.start_programma(ctx, str(traject_id), body)
    return _created(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/noodfonds-aanvragen",
    status_code=201,
    response_model=TrajectRead,
    summary="Request the emergency fund",
    description="Only for a running settlement." + _ROLES,
    responses=problems(404, 422),
)
async def noodfonds(
    traject_id: TrajectId, body: NoodfondsAanvraagCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    ondersteuning.vraag_noodfonds(ctx, str(traject_id), body)
    return _created(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/noodfonds-aanvragen/{aanvraagId}/besluiten",
    status_code=201,
    response_model=TrajectRead,
    summary="Decide on an emergency-fund request",
    description="Granted or refused, with the reason." + _ROLES,
    responses=problems(404, 422),
)
async def noodfonds_besluit(
    traject_id: TrajectId,
    aanvraag_id: AanvraagId,
    body: NoodfondsBesluitCreate,
    ctx: Behandelaar,
    response: Response,
) -> TrajectRead:
    ondersteuning.besluit_noodfonds(ctx, str(traject_id), str(aanvraag_id), body)
    return _created(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/wsnp-verklaringen",
    status_code=201,
    response_model=TrajectRead,
    summary="Issue the WSNP statement (Fw art. 285)",
    description="Only after the amicable settlement failed." + _ROLES,
    responses=problems(404, 422),
)
async def wsnp(
    traject_id: TrajectId, body: WsnpVerklaringCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    ondersteuning.verklaar_wsnp(ctx, str(traject_id), body)
    return _created(ctx, str(traject_id), response)
