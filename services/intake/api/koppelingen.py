"""Endpoints other services call: the early-signal hand-over and the known-resident query."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request, Response

from services.intake.api.deps import ServiceContext
from services.intake.recidive import Bekendheid, RecidiveUitslag
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
from shared.policy import Policy

router = APIRouter(tags=["koppelingen"])

_KEY = "3f1c9a0d7e5b4c2a1908f6e5d4c3b2a19f8e7d6c5b4a39281706f5e4d3c2b1a0"
_OVERDRACHT_EXAMPLE = {
    "casusId": "0b7e8c2e-5d0f-4a53-9a57-2d8f3c1e6b10",
    "gemeentecode": "GM0362",
    "inwoner": {"bsn": "111222333", "achternaam": "Jansen", "geboortedatum": "1980-04-12"},
    "subjectKey": _KEY,
    "signaalpartners": ["Huur"],
    "totaalAchterstand": "1250.00",
    "crisis": True,
    "crisissoort": "huisuitzetting",
    "warmeOverdracht": True,
    "overdrachtsdatum": "2026-04-30",
}
Overdracht = Annotated[
    VroegsignaalOverdracht,
    Body(openapi_examples={"huurachterstand": {"value": _OVERDRACHT_EXAMPLE}}),
]
Vraag = Annotated[
    BekendheidVraag, Body(openapi_examples={"persoonssleutel": {"value": {"subjectKey": _KEY}}})
]


async def overdracht_recidive(
    body: Overdracht, request: Request, bekendheid: Bekendheid
) -> RecidiveUitslag:
    """Trajectory's answer about the handed-over resident, asked before any database work."""
    policy: Policy = request.app.state.policy
    # Another municipality's resident is refused before trajectory is asked about them.
    koppelingen.check_gemeente(body.gemeentecode, eigen=policy.gemeentecode)
    return await bekendheid.vraag(
        body.subject_key,
        op=body.overdrachtsdatum,
        recidive_jaren=policy.termijnen.recidive_jaren,
    )


@router.post(
    INTAKE_VROEGSIGNAAL_OVERDRACHTEN_PATH,
    status_code=201,
    response_model=VroegsignaalOverdrachtOntvangen,
    summary="Receive an early-signal hand-over",
    description=(
        "Signals hands over a resident reached by outreach who asks for help; intake makes a "
        "melding with channel `vroegsignaal` (201). A case handed over before, or a resident "
        "with an open melding, is joined to the existing melding (200). A hand-over for another "
        "municipality (`gemeentecode`) is refused (400). Idempotent: send an "
        "`Idempotency-Key`; a repeat returns the first answer. Role: `service`."
    ),
    responses={200: {"description": "Joined to an existing melding."}},
)
async def ontvang_vroegsignaal_overdracht(
    body: Overdracht,
    ctx: ServiceContext,
    # Declared before the guard on purpose: FastAPI resolves dependencies in order, and the
    # guard's first statement takes SQLite's write lock, which must not wait on trajectory.
    recidive: Annotated[RecidiveUitslag, Depends(overdracht_recidive)],
    guard: Idempotency,
) -> Response:
    if guard.replay is not None:
        return guard.replay
    answer, created = koppelingen.ontvang_overdracht(ctx, body, recidive=recidive)
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
async def vraag_bekendheid(body: Vraag, ctx: ServiceContext) -> BekendheidAntwoord:
    return koppelingen.bekendheid(ctx, body.subject_key)
