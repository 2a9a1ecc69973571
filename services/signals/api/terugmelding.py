"""Creditors register the callback URL their feedback is delivered to (signed, retried)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from fastapi import APIRouter, Request, Response

from services.signals import terugmelding
from services.signals.api import deps
from services.signals.schemas import AbonnementCreate, AbonnementRead
from shared.db import DbSession
from shared.problems import Forbidden

router = APIRouter(tags=["terugkoppel-abonnementen"])


def _read(row: Any, geheim: str | None = None) -> AbonnementRead:
    aangemaakt = row.aangemaakt_at
    if aangemaakt.tzinfo is None:
        aangemaakt = aangemaakt.replace(tzinfo=UTC)
    return AbonnementRead(url=row.url, aangemaakt_at=aangemaakt, geheim=geheim)


@router.post(
    "/v1/terugkoppel-abonnementen",
    status_code=201,
    response_model=AbonnementRead,
    response_model_exclude_none=True,
    summary="Register your callback URL for feedback",
    description=(
        "Replaces an earlier registration. The answer holds the signing secret, once. When a "
        "case closes, the feedback on each of your signals in it is POSTed to the URL with "
        "`Balans-Signature` and `Idempotency-Key`, and retried with backoff until it gets a "
        "2xx. The URL must be https (plain http only in development and test) and must not "
        "point to `localhost` or a non-public IP address. Role: `creditor`."
    ),
    responses=deps.problems(400, 401, 403),
)
async def register_abonnement(
    body: AbonnementCreate,
    session: DbSession,
    creditor: deps.Creditor,
    response: Response,
    request: Request,
) -> AbonnementRead:
    assert creditor.creditor_id is not None
    # Plain http only where no real feedback flows (development and test: a receiver without
    # a certificate); any environment named otherwise, now or later, gets https. Internal
    # hosts are refused everywhere: no test delivers to one (tests inject a transport).
    omgeving = deps.settings(request).environment
    terugmelding.toets_url(str(body.url), alleen_https=omgeving not in ("development", "test"))
    row, geheim = terugmelding.registreer(
        session, creditor_id=creditor.creditor_id, url=str(body.url)
    )
    response.headers["Location"] = f"/v1/terugkoppel-abonnementen/{creditor.creditor_id}"
    return _read(row, geheim)


@router.get(
    "/v1/terugkoppel-abonnementen/{creditor_id}",
    response_model=AbonnementRead,
    response_model_exclude_none=True,
    summary="Read your callback registration",
    description="Without the secret. Role: `creditor` (own registration only).",
    responses=deps.problems(401, 403, 404),
)
async def read_abonnement(
    creditor_id: str, session: DbSession, creditor: deps.Creditor
) -> AbonnementRead:
    if creditor_id != creditor.creditor_id:
        raise Forbidden("Alleen de eigen registratie is in te zien.")
    return _read(terugmelding.abonnement(session, creditor_id=creditor_id))
