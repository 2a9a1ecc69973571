"""The case: work list, reading it, and the workflow steps."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from services.trajectory import lezen, workflow
from services.trajectory.api.deps import Lezer, TrajectId, json_antwoord, problems
from services.trajectory.api.stappen import Stap, registreer
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
) -> Response:
    return json_antwoord(
        lezen.werklijst(
            ctx, paging, consulent=consulent, toegewezen=toegewezen, fase=fase, signaal=signaal
        )
    )


@router.get(
    "/v1/trajecten/{trajectId}",
    response_model=TrajectRead,
    summary="Read a trajectory with history, debts and calculation",
    description="Roles: `consulent`, `coordinator`, `kwaliteit`.",
    responses=problems(404),
)
async def lees(traject_id: TrajectId, ctx: Lezer) -> Response:
    return json_antwoord(lezen.lees_traject(ctx, str(traject_id)))


registreer(
    router,
    Stap(
        naam="fase_overgang",
        pad="/fase-overgangen",
        body=FaseOvergangCreate,
        actie=workflow.wijzig_fase,
        problemen=(404, 409, 422),
        summary="Move a trajectory to another phase",
        description=(
            "Appends the move to the history. A move the workflow does not allow is 409 with the "
            "allowed phases; a move whose preconditions are unmet is 422."
        ),
    ),
    Stap(
        naam="documenten",
        pad="/documenten",
        methode="PUT",
        body=DocumentenUpdate,
        actie=workflow.zet_documenten,
        summary="Record the intake documents received",
        description="Replaces the list of received documents.",
    ),
    Stap(
        naam="beschikking",
        pad="/beschikkingen",
        body=BeschikkingCreate,
        actie=workflow.beschik,
        problemen=(404, 409, 422),
        summary="Decide on the aanvraag",
        description=(
            "Toelatingsbeschikking moves to plan van aanpak; afwijzingsbeschikking ends the "
            "trajectory."
        ),
    ),
    Stap(
        naam="bezwaar",
        pad="/bezwaren",
        body=BezwaarCreate,
        actie=workflow.registreer_bezwaar,
        summary="Register an objection against the decision",
        description="Stored with the decision it objects to.",
    ),
    Stap(
        naam="plan",
        pad="/plan-van-aanpak",
        methode="PUT",
        body=PlanVanAanpakUpdate,
        actie=workflow.zet_plan,
        summary="Record the plan van aanpak",
        description="Help question, agreed support, referrals, conditions, expected timeline.",
    ),
    Stap(
        naam="toewijzing",
        pad="/toewijzingen",
        body=ToewijzingCreate,
        actie=workflow.wijs_toe,
        summary="Assign the trajectory to a counsellor",
        description="Refused (422) beyond the caseload limit unless `overrideReden` is given.",
    ),
)
