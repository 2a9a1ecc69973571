"""Dependencies of the signals API, named once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection

from services.signals.settings import SignalsSettings
from services.signals.verwerking import ACTIVITEIT, Context
from shared.auth import Principal, Role, require_roles
from shared.contracts.ddas import Signaalpartner
from shared.plumbing import PlumbingTables
from shared.policy import Policy
from shared.problems import PROBLEM_MEDIA_TYPE, Forbidden, Problem
from shared.processing_log import log_processing

Creditor = Annotated[Principal, Depends(require_roles(Role.creditor))]
Coordinator = Annotated[Principal, Depends(require_roles(Role.coordinator))]
Staff = Annotated[Principal, Depends(require_roles(Role.coordinator, Role.consulent))]
Consulent = Annotated[Principal, Depends(require_roles(Role.consulent, Role.coordinator))]
Exporter = Annotated[Principal, Depends(require_roles(Role.service, Role.admin))]

PROBLEM = {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}}


def problems(*codes: int) -> dict[int | str, dict[str, object]]:
    """The problem responses of an endpoint, for the OpenAPI document."""
    text = {
        400: "Invalid input; every invalid field is listed.",
        401: "No valid bearer token.",
        403: "The token lacks the role (or the creditor binding).",
        404: "Not found (or not yours).",
        409: "Conflict with the current state.",
        413: "The body is too large.",
        415: "Unsupported media type.",
        422: "The action breaks a rule.",
        502: "Another service answered with an error.",
        503: "Another service or the database is unavailable.",
    }
    return {code: {**PROBLEM, "description": text[code]} for code in codes}


def tables(request: Request) -> PlumbingTables:
    plumbing: PlumbingTables = request.app.state.plumbing
    return plumbing


def policy(request: Request) -> Policy:
    found: Policy = request.app.state.policy
    return found


def settings(request: Request) -> SignalsSettings:
    found: SignalsSettings = request.app.state.settings
    return found


def log_verwerking(
    request: Request,
    session: Connection,
    principal: Principal,
    action: str,
    keys: list[str],
    *,
    activity_id: str = ACTIVITEIT,
) -> None:
    """Record the processing of these residents' data (Logboek Dataverwerkingen)."""
    log_processing(
        session,
        tables(request),
        activities={a.id for a in policy(request).verwerkingsactiviteiten},
        principal=principal,
        action=action,
        activity_id=activity_id,
        subject_keys=keys,
    )


def partner_type(principal: Principal) -> Signaalpartner:
    """The DDAS partner type the creditor's token is bound to."""
    try:
        return Signaalpartner(principal.partner_type or "")
    except ValueError:
        raise Forbidden(
            "Het token van de schuldeiser moet een geldig partner_type (DDAS) bevatten."
        ) from None


def context(request: Request, principal: Principal, *, batch_id: str | None = None) -> Context:
    """The processing context for a creditor's push."""
    found = settings(request)
    assert principal.creditor_id is not None  # shared.auth guarantees it for role creditor
    return Context(
        principal=principal,
        creditor_id=principal.creditor_id,
        partner_type=partner_type(principal),
        policy=policy(request),
        pseudonym_key=found.pseudonym_key,
        match_drempel=found.match_drempel,
        grijs_drempel=found.match_grijs_drempel,
        batch_id=batch_id,
    )
