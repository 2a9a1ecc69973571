"""Endpoints other services call: the early-signal hand-over and the known-resident query."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.intake.api.deps import ServiceContext
from services.intake.recidive import Bekendheid
from services.intake.service import koppelingen
from shared.contracts.handoffs import (
    INTAKE_BEKENDHEID_PATH,
    INTAKE_VROEGSIGNAAL_OVERDRACHTEN_PATH,
    BekendheidAntwoord,
    BekendheidVraag,
    VroegsignaalOverdracht,
    VroegsignaalOverdrachtOntvangen,
)
from shared.idempotency import Idempotency

router = APIRouter(tags=["koppelingen"])


@router.post(
    INTAKE_VROEGSIGNAAL_OVERDRACHTEN_PATH,
    status_code=201,
    response_model=VroegsignaalOverdrachtOntvangen,
    summary="Receive an early-signal hand-over",
    description=(
        "Signals hands over a resident reached by outreach who asks for help; intake makes a "
        "melding with channel `vroegsignaal` (201). A case handed over before, or a resident "
        "with an open melding, is joined to the existing melding (200). Idempotent: send an "
        "`Idempotency-Key`; a repeat returns the first answer. Role: `service`."
    ),
    responses={200: {"description": "Joined to an existing melding."}},
)
async def ontvang_vroegsignaal_overdracht(
    body: VroegsignaalOverdracht, ctx: ServiceContext, guard: Idempotency, bekendheid: Bekendheid
) -> Response:
    if guard.replay is not None:
        return guard.replay
    answer, created = await koppelingen.ontvang_overdracht(ctx, body, bekendheid=bekendheid)
    return guard.record(
        201 if created else 200,
        answer,
        headers={"Location": f"/v1/meldingen/{answer.melding_id}"},
    )


@router.post(
    INTAKE_BEKENDHEID_PATH,
    response_model=BekendheidAntwoord,
    summary="Ask whether a resident is known to intake",
    description=(
        "Whether intake has any melding of the resident (by pseudonymous key), an open one, "
        "and when the last one closed. A POST because the key stands in for a person. "
        "Role: `service`."
    ),
)
async def vraag_bekendheid(body: BekendheidVraag, ctx: ServiceContext) -> BekendheidAntwoord:
    return koppelingen.bekendheid(ctx, body.subject_key)
