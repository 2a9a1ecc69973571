"""Creditors upload batches of signals (JSON array or CSV) and follow their processing."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from starlette.background import BackgroundTask

from services.signals import batches, invoer
from services.signals.api import deps
from services.signals.schemas import BatchRead
from shared.db import DbSession
from shared.idempotency import Idempotency
from shared.pagination import PageParams, page_params
from shared.problems import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from shared.ratelimit import RATE_LIMITED, PushRateLimit

router = APIRouter(tags=["signaal-batches"])
# Takes bodies up to SIGNALS_BATCH_MAX_BYTES, above the services' MAX_BODY_BYTES: see batch_body.
BATCHES_PATH = "/v1/signaal-batches"

CSV_HEADER_DOC = ";".join(invoer.CSV_KOLOMMEN)


async def batch_body(request: Request) -> tuple[str, bytes]:
    """The raw body and its format; 413 above the size cap, 415 for other media types."""
    settings = deps.settings(request)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    formaat = {"application/json": "json", "text/csv": "csv"}.get(media)
    if formaat is None:
        raise UnsupportedMediaType("Stuur een batch als application/json of text/csv.")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > settings.batch_max_bytes:
        raise PayloadTooLarge(f"Een batch is hoogstens {settings.batch_max_bytes} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > settings.batch_max_bytes:
            raise PayloadTooLarge(f"Een batch is hoogstens {settings.batch_max_bytes} bytes.")
        chunks.append(chunk)
    body = b"".join(chunks)
    # The idempotency guard fingerprints the body; hand it the bytes already read.
    request._body = body
    if not body:
        raise InvalidInput("De batch is leeg.")
    return formaat, body


Body = Annotated[tuple[str, bytes], Depends(batch_body)]


@router.post(
    BATCHES_PATH,
    status_code=202,
    response_model=BatchRead,
    summary="Upload a batch of signals (JSON array or CSV)",
    description=(
        "Up to 100,000 signals as a JSON array of `SignaalCreate`, or as `text/csv` (UTF-8, "
        "separator `;` or `,`, Dutch dates `31-12-2025` and decimal commas accepted) with the "
        f"header `{CSV_HEADER_DOC}` (any order; required: "
        + ", ".join(sorted(invoer.CSV_VERPLICHT))
        + "). Answers 202 with the batch id as soon as the body is stored; the rows are counted "
        "(`ontvangen`, 0 until then), validated and stored by the worker, a chunk at a time: "
        "follow `Location` for progress and the per-row report. A wrong CSV header is a 400 "
        "listing the expected columns; a JSON body that does not start with `[` and end with "
        "`]` a 400; a body over the size cap or with more rows than allowed a 413. A JSON body "
        "that is not well-formed inside ends the batch `mislukt`, nothing stored, with the "
        "parser's reason in the report (row 0, field `body`). An `Idempotency-Key` makes a "
        "resend after a timeout safe."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "maxItems": 100000,
                        "items": {"$ref": "#/components/schemas/SignaalCreate"},
                    }
                },
                "text/csv": {
                    "schema": {"type": "string"},
                    "example": CSV_HEADER_DOC
                    + "\nEH-1;nee;nee;1.250,00;01-09-2026;02-11-2026;111222333;J.;van;Dijk;"
                    "17-05-1980;Stadsplein;1181ZM;1;;;Amstelveen;;",
                },
            },
        }
    },
    responses={**deps.problems(400, 401, 403, 413, 415, 422), **RATE_LIMITED},
)
async def upload_batch(
    request: Request,
    creditor: deps.Creditor,
    _admitted: PushRateLimit,
    body: Body,
    session: DbSession,
    guard: Idempotency,
) -> Response:
    # The caller is checked before the body is read: no one uploads 64 MB without a token.
    if guard.replay is not None:
        return guard.replay
    formaat, raw = body
    ctx = deps.context(request, creditor)
    batch_id = batches.ontvang(
        request.app,
        session,
        body=raw,
        formaat=formaat,
        ctx=ctx,
        max_rijen=deps.settings(request).batch_max_rijen,
    )
    read = batches.lees(session, creditor_id=ctx.creditor_id, batch_id=batch_id)
    response = guard.record(
        202,
        read.model_dump(mode="json", by_alias=True),
        headers={"Location": f"/v1/signaal-batches/{batch_id}"},
    )
    # Wake the worker once the response is sent, i.e. after the batch row has committed.
    response.background = BackgroundTask(batches.wakker(request.app).set)
    return response


@router.get(
    "/v1/signaal-batches/{batch_id}",
    response_model=BatchRead,
    summary="Follow a batch: progress, counts and the per-row report",
    description=(
        "Counts and one page of the per-row report (`page`, `pageSize`, at most 500). "
        "Role: `creditor` (own batches only)."
    ),
    responses=deps.problems(401, 403, 404),
)
async def read_batch(
    batch_id: uuid.UUID,
    session: DbSession,
    creditor: deps.Creditor,
    paging: Annotated[PageParams, Depends(page_params)],
) -> BatchRead:
    assert creditor.creditor_id is not None
    return batches.lees(
        session, creditor_id=creditor.creditor_id, batch_id=str(batch_id), paging=paging
    )
