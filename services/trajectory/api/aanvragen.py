"""Receiving intake's aanvraag (a command) and the "known here?" query."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.trajectory import aanvragen
from services.trajectory.api.deps import Dienst, problems
from shared.contracts.handoffs import (
    TRAJECTORY_AANVRAGEN_PATH,
    TRAJECTORY_BEKENDHEID_PATH,
    AanvraagOntvangen,
    AanvraagSchuldhulp,
    BekendheidAntwoord,
    BekendheidVraag,
)
from shared.idempotency import Idempotency

router = APIRouter(tags=["aanvragen"])


@router.post(
    TRAJECTORY_AANVRAGEN_PATH,
    status_code=201,
    response_model=AanvraagOntvangen,
    summary="Open a trajectory for an aanvraag",
    description=(
        "intake's command: open a debt-help trajectory for this aanvraag. Idempotent with "
        "`Idempotency-Key`; the same aanvraag again returns the trajectory it opened (200). "
        "A resident has at most one active trajectory: 409 names it. Role: `service`."
    ),
    responses={
        200: {
            "description": "This aanvraag had already opened a trajectory.",
            "model": AanvraagOntvangen,
        },
        **problems(409, 422),
    },
)
async def aanvraag_ontvangen(body: AanvraagSchuldhulp, ctx: Dienst, guard: Idempotency) -> Response:
    if guard.replay is not None:
        return guard.replay
    traject_id, nieuw = aanvragen.open_traject(ctx, body)
    answer = AanvraagOntvangen(traject_id=traject_id, aanvraag_id=body.aanvraag_id)
    return guard.record(
        201 if nieuw else 200, answer, headers={"Location": aanvragen.traject_pad(traject_id)}
    )


@router.post(
    TRAJECTORY_BEKENDHEID_PATH,
    response_model=BekendheidAntwoord,
    summary="Ask whether a resident is known to debt help",
    description=(
        "Whether the resident (pseudonymous key in the body) has an active trajectory, and when "
        "the last one ended (recidive within 5 years). Role: `service`."
    ),
    responses=problems(),
)
async def bekendheid(body: BekendheidVraag, ctx: Dienst) -> BekendheidAntwoord:
    return aanvragen.bekendheid(ctx, body.subject_key)
