"""The case: work list, reading it, and the workflow steps."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from services.trajectory import lezen, workflow
from services.trajectory.api.deps import Behandelaar, Lezer, TrajectId, location, problems
from services.trajectory.context import Ctx
from services.trajectory.domain.fasen import Fase
from services.trajectory.domain.termijnen import Signaal
from services.trajectory.schemas import (
    BeschikkingCreate,
    BezwaarCreate,
    DocumentenUpdate,
    FaseOvergangCreate,
    PlanVanAanpakUpdate,
    ToewijzingCreate,
    TrajectRead,
    TrajectSamenvatting,
)
from shared.pagination import Page, PageParams, page_params

router = APIRouter(tags=["trajecten"])


def _created(ctx: Ctx, traject_id: str, response: Response) -> TrajectRead:
    response.headers.update(location(traject_id))
    return lezen.lees_traject(ctx, traject_id)


@router.get(
    "/v1/trajecten",
    response_model=Page[TrajectSamenvatting],
    summary="Work list of active trajectories",
    description=(
        "Active trajectories, oldest aanvraag first, with their deadline signals; filter per "
        "counsellor, phase or signal. Roles: `consulent`, `coordinator`, `kwaliteit`."
    ),
    responses=problems(),
)
async def werklijst(
    ctx: Lezer,
    paging: Annotated[PageParams, Depends(page_params)],
    consulent: Annotated[
        str | None, Query(max_length=200, description="Assigned counsellor.")
    ] = None,
    toegewezen: Annotated[
        bool | None, Query(description="Only with (true) or without (false) a counsellor.")
    ] = None,
    fase: Annotated[Fase | None, Query(description="Current phase.")] = None,
    signaal: Annotated[Signaal | None, Query(description="Only with this signal.")] = None,
) -> Page[TrajectSamenvatting]:
    return lezen.werklijst(
        ctx, paging, consulent=consulent, toegewezen=toegewezen, fase=fase, signaal=signaal
    )


@router.get(
    "/v1/trajecten/{trajectId}",
    response_model=TrajectRead,
    summary="Read a trajectory with history, debts and calculation",
    description="Roles: `consulent`, `coordinator`, `kwaliteit`.",
    responses=problems(404),
)
async def lees(traject_id: TrajectId, ctx: Lezer) -> TrajectRead:
    return lezen.lees_traject(ctx, str(traject_id))


@router.post(
    "/v1/trajecten/{trajectId}/fase-overgangen",
    status_code=201,
    response_model=TrajectRead,
    summary="Move a trajectory to another phase",
    description=(
        "Appends the move to the history. A move the workflow does not allow is 409 with the "
        "allowed phases; a move whose preconditions are unmet is 422. "
        "Roles: `consulent`, `coordinator`."
    ),
    responses=problems(404, 409, 422),
)
async def fase_overgang(
    traject_id: TrajectId, body: FaseOvergangCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    workflow.wijzig_fase(ctx, str(traject_id), body)
    return _created(ctx, str(traject_id), response)


@router.put(
    "/v1/trajecten/{trajectId}/documenten",
    response_model=TrajectRead,
    summary="Record the intake documents received",
    description="Replaces the list of received documents. Roles: `consulent`, `coordinator`.",
    responses=problems(404, 422),
)
async def documenten(
    traject_id: TrajectId, body: DocumentenUpdate, ctx: Behandelaar
) -> TrajectRead:
    workflow.zet_documenten(ctx, str(traject_id), body)
    return lezen.lees_traject(ctx, str(traject_id))


@router.post(
    "/v1/trajecten/{trajectId}/beschikkingen",
    status_code=201,
    response_model=TrajectRead,
    summary="Decide on the aanvraag",
    description=(
        "Toelatingsbeschikking moves to plan van aanpak; afwijzingsbeschikking ends the "
        "trajectory. Roles: `consulent`, `coordinator`."
    ),
    responses=problems(404, 409, 422),
)
async def beschikking(
    traject_id: TrajectId, body: BeschikkingCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    workflow.beschik(ctx, str(traject_id), body)
    return _created(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/bezwaren",
    status_code=201,
    response_model=TrajectRead,
    summary="Register an objection against the decision",
    description="Roles: `consulent`, `coordinator`.",
    responses=problems(404, 422),
)
async def bezwaar(
    traject_id: TrajectId, body: BezwaarCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    workflow.registreer_bezwaar(ctx, str(traject_id), body)
    return _created(ctx, str(traject_id), response)


@router.put(
    "/v1/trajecten/{trajectId}/plan-van-aanpak",
    response_model=TrajectRead,
    summary="Record the plan van aanpak",
    description="Roles: `consulent`, `coordinator`.",
    responses=problems(404, 422),
)
async def plan(traject_id: TrajectId, body: PlanVanAanpakUpdate, ctx: Behandelaar) -> TrajectRead:
    workflow.zet_plan(ctx, str(traject_id), body)
    return lezen.lees_traject(ctx, str(traject_id))


@router.post(
    "/v1/trajecten/{trajectId}/toewijzingen",
    status_code=201,
    response_model=TrajectRead,
    summary="Assign the trajectory to a counsellor",
    description=(
        "Refused (422) beyond the caseload limit unless `overrideReden` is given. "
        "Roles: `consulent`, `coordinator`."
    ),
    responses=problems(404, 422),
)
async def toewijzing(
    traject_id: TrajectId, body: ToewijzingCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    workflow.wijs_toe(ctx, str(traject_id), body)
    return _created(ctx, str(traject_id), response)
