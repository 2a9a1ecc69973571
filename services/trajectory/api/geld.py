"""Money: debts, VTLB calculation, the offer, creditor responses, dwangakkoord, solution."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.trajectory import geld, lezen, oplossing
from services.trajectory.api.deps import Behandelaar, SchuldId, TrajectId, location, problems
from services.trajectory.schemas import TrajectRead
from services.trajectory.schemas_geld import (
    AanbodCreate,
    AfwegingskaderCreate,
    BerekeningCreate,
    DwangakkoordUitspraakCreate,
    DwangakkoordVerzoekCreate,
    OplossingCreate,
    ReactieCreate,
    SchuldCreate,
)

router = APIRouter(tags=["geld"])
_ROLES = " Roles: `consulent`, `coordinator`."


def _read(ctx: Behandelaar, traject_id: str, response: Response | None = None) -> TrajectRead:
    if response is not None:
        response.headers.update(location(traject_id))
    return lezen.lees_traject(ctx, traject_id)


@router.post(
    "/v1/trajecten/{trajectId}/schulden",
    status_code=201,
    response_model=TrajectRead,
    summary="Add a debt",
    description="A debt with its creditor, amount, reference date and DDAS kind." + _ROLES,
    responses=problems(404, 422),
)
async def schuld(
    traject_id: TrajectId, body: SchuldCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    geld.voeg_schuld_toe(ctx, str(traject_id), body)
    return _read(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/berekeningen",
    status_code=201,
    response_model=TrajectRead,
    summary="Calculate VTLB and afloscapaciteit",
    description=(
        "Stores the calculation with its inputs and explanation; a pending offer is recomputed "
        "from it (income changed)." + _ROLES
    ),
    responses=problems(404, 422),
)
async def berekening(
    traject_id: TrajectId, body: BerekeningCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    geld.bereken(ctx, str(traject_id), body)
    return _read(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/aanbiedingen",
    status_code=201,
    response_model=TrajectRead,
    summary="Submit the offer to the creditors",
    description="Afloscapaciteit x term, split over the creditors by the policy's rule." + _ROLES,
    responses=problems(404, 422),
)
async def aanbod(
    traject_id: TrajectId, body: AanbodCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    geld.doe_aanbod(ctx, str(traject_id), body)
    return _read(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/schulden/{schuldId}/reacties",
    status_code=201,
    response_model=TrajectRead,
    summary="Record a creditor's response to the offer",
    description="When every creditor agreed, the settlement is granted." + _ROLES,
    responses=problems(404, 422),
)
async def reactie(
    traject_id: TrajectId,
    schuld_id: SchuldId,
    body: ReactieCreate,
    ctx: Behandelaar,
    response: Response,
) -> TrajectRead:
    geld.reageer(ctx, str(traject_id), str(schuld_id), body)
    return _read(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/dwangakkoord-verzoeken",
    status_code=201,
    response_model=TrajectRead,
    summary="Record the dwangakkoord request (Fw art. 287a)",
    description="Only when a creditor refused." + _ROLES,
    responses=problems(404, 422),
)
async def dwangakkoord_verzoek(
    traject_id: TrajectId, body: DwangakkoordVerzoekCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    geld.verzoek_dwangakkoord(ctx, str(traject_id), body)
    return _read(ctx, str(traject_id), response)


@router.post(
    "/v1/trajecten/{trajectId}/dwangakkoord-uitspraken",
    status_code=201,
    response_model=TrajectRead,
    summary="Record the court's decision on the dwangakkoord",
    description="Granted: the settlement is granted; refused: the settlement failed." + _ROLES,
    responses=problems(404, 422),
)
async def dwangakkoord_uitspraak(
    traject_id: TrajectId, body: DwangakkoordUitspraakCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    geld.uitspraak_dwangakkoord(ctx, str(traject_id), body)
    return _read(ctx, str(traject_id), response)


@router.put(
    "/v1/trajecten/{trajectId}/afwegingskader",
    response_model=TrajectRead,
    summary="Record the saneringskrediet assessment",
    description=(
        "Income stability, motivation, amount vs maximum and fund headroom; advice with "
        "reasons." + _ROLES
    ),
    responses=problems(404, 422),
)
async def afwegingskader(
    traject_id: TrajectId, body: AfwegingskaderCreate, ctx: Behandelaar
) -> TrajectRead:
    oplossing.leg_afweging_vast(ctx, str(traject_id), body)
    return _read(ctx, str(traject_id))


@router.post(
    "/v1/trajecten/{trajectId}/oplossingen",
    status_code=201,
    response_model=TrajectRead,
    summary="Record the solution and move to phase oplossing",
    description="DDAS Oplossing with start, end and monthly VTLB." + _ROLES,
    responses=problems(404, 409, 422),
)
async def oplossing_vastleggen(
    traject_id: TrajectId, body: OplossingCreate, ctx: Behandelaar, response: Response
) -> TrajectRead:
    oplossing.leg_oplossing_vast(ctx, str(traject_id), body)
    return _read(ctx, str(traject_id), response)
