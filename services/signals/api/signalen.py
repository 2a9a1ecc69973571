"""Creditors push single signals and read the feedback on their own signals."""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from services.signals import terugkoppeling, verwerking
from services.signals.api import deps
from services.signals.schemas import SIGNAAL_EXAMPLE, SignaalCreate, SignaalRead
from shared.contracts.ddas import Signaalstatus
from shared.db import DbSession
from shared.idempotency import Idempotency
from shared.pagination import Page, PageParams, page_params
from shared.ratelimit import RATE_LIMITED, PushRateLimit

router = APIRouter(tags=["signalen"])


@router.post(
    "/v1/signalen",
    status_code=201,
    response_model=SignaalRead,
    summary="Push one early signal",
    description=(
        "A creditor (role `creditor`, bound to one creditor and one DDAS partner type) pushes "
        "one signal. The same `partnerId` again with the same content answers 200 with the "
        "signal already stored; with other content 409. An `Idempotency-Key` makes a retry "
        "safe. A signal outside the policy is stored with status `Niet opgepakt: onterecht "
        "signaal`, a repeat with `Niet opgepakt: herhaalde melding`.\n\nExample body:\n\n"
        f"```json\n{json.dumps(SIGNAAL_EXAMPLE, indent=2)}\n```"
    ),
    responses={
        200: {"model": SignaalRead, "description": "Already received with this content."},
        **deps.problems(400, 401, 403, 409, 422),
        **RATE_LIMITED,
    },
)
async def push_signaal(
    request: Request,
    body: SignaalCreate,
    session: DbSession,
    creditor: deps.Creditor,
    _admitted: PushRateLimit,
    guard: Idempotency,
) -> Response:
    if guard.replay is not None:
        return guard.replay
    ctx = deps.context(request, creditor)
    signaal_id, nieuw = verwerking.ontvang_een(session, deps.tables(request), body, ctx=ctx)
    if nieuw is not None:  # just stored: its feedback is what was stored (no case result yet)
        read = terugkoppeling.terugkoppeling(SimpleNamespace(**nieuw, resultaat=None))
    else:  # received before: the answer is what that signal's creditor may read of it
        read, key = terugkoppeling.lees(session, creditor_id=ctx.creditor_id, signaal_id=signaal_id)
        deps.log_verwerking(request, session, creditor, "terugkoppeling-inzien", [key])
    return guard.record(
        201 if nieuw is not None else 200,
        read.model_dump(mode="json", by_alias=True),
        headers={"Location": f"/v1/signalen/{signaal_id}"},
    )


@router.get(
    "/v1/signalen",
    response_model=Page[SignaalRead],
    summary="List your own signals with their feedback",
    description="The calling creditor's signals, newest first. Role: `creditor`.",
    responses=deps.problems(400, 401, 403),
)
async def list_signalen(
    request: Request,
    session: DbSession,
    creditor: deps.Creditor,
    paging: Annotated[PageParams, Depends(page_params)],
    status: Annotated[Signaalstatus | None, Query(description="Only this status.")] = None,
) -> Page[SignaalRead]:
    assert creditor.creditor_id is not None
    page, keys = terugkoppeling.lijst(
        session, creditor_id=creditor.creditor_id, paging=paging, status=status
    )
    deps.log_verwerking(request, session, creditor, "terugkoppeling-inzien", keys)
    return page


@router.get(
    "/v1/signalen/{signaal_id}",
    response_model=SignaalRead,
    summary="Read the feedback on one of your signals",
    description="Status and end result as DDAS allows. Role: `creditor` (own signals only).",
    responses=deps.problems(401, 403, 404),
)
async def read_signaal(
    request: Request, signaal_id: uuid.UUID, session: DbSession, creditor: deps.Creditor
) -> SignaalRead:
    assert creditor.creditor_id is not None
    read, key = terugkoppeling.lees(
        session, creditor_id=creditor.creditor_id, signaal_id=str(signaal_id)
    )
    deps.log_verwerking(request, session, creditor, "terugkoppeling-inzien", [key])
    return read
