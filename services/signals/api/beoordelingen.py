"""The review queue: grey-zone matches a coordinator decides."""

from __future__ import annotations

import uuid
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from sqlalchemy import Connection

from services.signals import samenvoegen
from services.signals.api import deps
from services.signals.api.casussen import omgeving
from services.signals.casus_schemas import BeoordelingBesluit, BeoordelingRead
from services.signals.models import casus, match_beoordeling, signaal
from shared.db import DbSession
from shared.pagination import Page, PageParams, page_params

router = APIRouter(tags=["match-beoordelingen"])


def _lijst(session: Connection, paging: PageParams) -> tuple[Page[BeoordelingRead], list[str]]:
    """The open reviews on this page, and the residents they are about (both of each pair)."""
    kandidaat = casus.alias("kandidaat")
    open_ = match_beoordeling.c.status == "open"
    total = session.execute(sa.select(sa.func.count()).where(open_)).scalar_one()
    rows = session.execute(
        sa.select(
            match_beoordeling,
            signaal.c.casus_id,
            signaal.c.subject_key.label("signaal_subject_key"),
            sa.select(kandidaat.c.id)
            .where(
                kandidaat.c.subject_key == match_beoordeling.c.kandidaat_subject_key,
                kandidaat.c.status.in_(("nieuw", "toegewezen")),
            )
            .limit(1)
            .scalar_subquery()
            .label("kandidaat_casus_id"),
        )
        .join(signaal, signaal.c.id == match_beoordeling.c.signaal_id)
        .where(open_)
        .order_by(match_beoordeling.c.aangemaakt_at, match_beoordeling.c.id)
        .offset(paging.offset)
        .limit(paging.page_size)
    ).all()
    page = Page[BeoordelingRead](
        items=[
            BeoordelingRead(
                id=row.id,
                signaal_id=row.signaal_id,
                casus_id=row.casus_id,
                kandidaat_casus_id=row.kandidaat_casus_id,
                score=row.score,
                status=row.status,
            )
            for row in rows
        ],
        page=paging.page,
        page_size=paging.page_size,
        total=int(total),
    )
    keys = [key for row in rows for key in (row.signaal_subject_key, row.kandidaat_subject_key)]
    return page, keys


@router.get(
    "/v1/match-beoordelingen",
    response_model=Page[BeoordelingRead],
    summary="Open grey-zone matches",
    description="Pairs of residents that may be one person, oldest first. Role: `coordinator`.",
    responses=deps.problems(400, 401, 403),
)
async def list_beoordelingen(
    request: Request,
    session: DbSession,
    principal: deps.Coordinator,
    paging: Annotated[PageParams, Depends(page_params)],
) -> Page[BeoordelingRead]:
    page, keys = _lijst(session, paging)
    deps.log_verwerking(request, session, principal, "match-beoordelingen-inzien", keys)
    return page


@router.post(
    "/v1/match-beoordelingen/{beoordeling_id}/besluiten",
    status_code=201,
    response_model=BeoordelingBesluit,
    summary="Decide a grey-zone match",
    description=(
        "`samenvoegen: true` makes the two one resident: the new signal's case joins the "
        "candidate's open case. Role: `coordinator`."
    ),
    responses=deps.problems(400, 401, 403, 404, 409),
)
async def decide_beoordeling(
    request: Request,
    beoordeling_id: uuid.UUID,
    body: BeoordelingBesluit,
    session: DbSession,
    principal: deps.Coordinator,
) -> BeoordelingBesluit:
    keys = samenvoegen.besluit(
        session, str(beoordeling_id), body.samenvoegen, env=omgeving(request, principal)
    )
    deps.log_verwerking(request, session, principal, "match-samenvoegen", keys)
    return body
