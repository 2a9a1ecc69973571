"""Coordinators and consulenten: work queue, case detail, assignment, visits, closing."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from services.signals import bekendheid, casussen, workflow
from services.signals.api import deps
from services.signals.casus_schemas import (
    AfsluitingCreate,
    CasusDetail,
    CasusRead,
    ContactpogingCreate,
    ContactpogingRead,
    HuishoudenRead,
    HuishoudenZoeken,
    ToewijzingCreate,
)
from shared.auth import Principal
from shared.contracts.ddas import Signaalpartner
from shared.db import DbSession
from shared.pagination import Page, PageParams, page_params
from shared.policy import Prioriteit, SignaalActie
from shared.types import adres_sleutel, today

router = APIRouter(tags=["casussen"])

Status = Annotated[
    str | None,
    Query(pattern="^(nieuw|toegewezen|afgesloten|samengevoegd)$", description="Case status."),
]


def omgeving(request: Request, principal: Principal) -> workflow.Omgeving:
    return workflow.Omgeving(
        tables=deps.tables(request),
        policy=deps.policy(request),
        principal=principal,
        today=today(),
    )


def _weergave(request: Request, dag: date) -> casussen.Weergave:
    return casussen.Weergave(today=dag, triage=deps.policy(request).signalen.triage)


@router.get(
    "/v1/casussen",
    response_model=Page[CasusRead],
    summary="The outreach work queue",
    description=(
        "Cases (DDAS Vroegsignaalzaak), crisis first, then the longest waiting. Filters: "
        "status, partner type, amount, crisis, postcode area (four digits), action, waiting "
        "days, target group young people. Roles: `coordinator`, `consulent`."
    ),
    responses=deps.problems(400, 401, 403),
)
async def list_casussen(
    request: Request,
    session: DbSession,
    principal: deps.Staff,
    paging: Annotated[PageParams, Depends(page_params)],
    status: Status = None,
    partner_type: Annotated[
        Signaalpartner | None,
        Query(alias="partnerType", description="A signal of this partner type."),
    ] = None,
    min_bedrag: Annotated[
        Decimal | None, Query(alias="minBedrag", ge=0, description="Total arrears at least.")
    ] = None,
    max_bedrag: Annotated[
        Decimal | None, Query(alias="maxBedrag", ge=0, description="Total arrears at most.")
    ] = None,
    crisis: Annotated[
        bool | None, Query(description="Only crisis (true) or non-crisis (false).")
    ] = None,
    postcode_gebied: Annotated[
        str | None,
        Query(
            alias="postcodeGebied",
            pattern="^[1-9][0-9]{3}$",
            description="Four digits of the postcode.",
        ),
    ] = None,
    actie: Annotated[SignaalActie | None, Query(description="First outreach step.")] = None,
    min_wachtdagen: Annotated[
        int | None,
        Query(alias="minWachtdagen", ge=0, le=3650, description="Waiting at least this many days."),
    ] = None,
    jongere: Annotated[
        bool | None, Query(description="Target group young people (up to 27) only (or none).")
    ] = None,
    prioriteit: Annotated[
        Prioriteit | None, Query(description="Only cases the triage table gives this priority.")
    ] = None,
) -> Page[CasusRead]:
    filter_ = casussen.Filter(
        status=status,
        partner_type=partner_type,
        min_bedrag=min_bedrag,
        max_bedrag=max_bedrag,
        crisis=crisis,
        postcode_gebied=postcode_gebied,
        actie=actie,
        min_wachtdagen=min_wachtdagen,
        jongere=jongere,
        prioriteit=prioriteit,
    )
    page, keys = casussen.werkvoorraad(
        session, filter_=filter_, paging=paging, weergave=_weergave(request, today())
    )
    deps.log_verwerking(request, session, principal, "werkvoorraad-inzien", keys)
    return page


@router.get(
    "/v1/casussen/{casus_id}",
    response_model=CasusDetail,
    summary="One case with its resident and history",
    description="Roles: `coordinator`, `consulent`.",
    responses=deps.problems(401, 403, 404),
)
async def read_casus(
    request: Request, casus_id: uuid.UUID, session: DbSession, principal: deps.Staff
) -> CasusDetail:
    found, key = casussen.detail(session, str(casus_id), weergave=_weergave(request, today()))
    deps.log_verwerking(request, session, principal, "casus-inzien", [key])
    return found


@router.post(
    "/v1/casussen/{casus_id}/toewijzingen",
    status_code=201,
    response_model=CasusDetail,
    summary="Assign two consulenten and plan the visit",
    description=(
        "Asks intake and trajectory first whether the resident is already known (open melding "
        "or active trajectory); if so the case ends as `Inwoner al bekend bij "
        "schuldhulpverlening` instead. Role: `coordinator`."
    ),
    responses=deps.problems(400, 401, 403, 404, 409, 422, 502, 503),
)
async def assign_casus(
    request: Request,
    casus_id: uuid.UUID,
    body: ToewijzingCreate,
    session: DbSession,
    principal: deps.Coordinator,
    response: Response,
) -> CasusDetail:
    settings = deps.settings(request)
    transports = getattr(request.app.state, "bekendheid_transports", None)

    async def al_bekend(key: str) -> bool:
        return (await bekendheid.vraag(settings, key, transports=transports)).lopend

    env = omgeving(request, principal)
    await workflow.wijs_toe(session, str(casus_id), body, env=env, al_bekend=al_bekend)
    found, key = casussen.detail(session, str(casus_id), weergave=_weergave(request, env.today))
    deps.log_verwerking(request, session, principal, "casus-toewijzen", [key])
    response.headers["Location"] = f"/v1/casussen/{casus_id}"
    return found


@router.post(
    "/v1/casussen/{casus_id}/contactpogingen",
    status_code=201,
    response_model=ContactpogingRead,
    summary="Record a contact attempt (DDAS Contactpoging)",
    description="Roles: `consulent`, `coordinator`.",
    responses=deps.problems(400, 401, 403, 404, 409, 422),
)
async def add_contactpoging(
    request: Request,
    casus_id: uuid.UUID,
    body: ContactpogingCreate,
    session: DbSession,
    principal: deps.Consulent,
    response: Response,
) -> ContactpogingRead:
    env = omgeving(request, principal)
    poging_id = workflow.leg_contactpoging_vast(session, str(casus_id), body, env=env)
    found, key = casussen.detail(session, str(casus_id), weergave=_weergave(request, env.today))
    deps.log_verwerking(request, session, principal, "contactpoging-vastleggen", [key])
    response.headers["Location"] = f"/v1/casussen/{casus_id}"
    return next(p for p in found.contactpogingen if str(p.id) == poging_id)


@router.post(
    "/v1/casussen/{casus_id}/afsluitingen",
    status_code=201,
    response_model=CasusDetail,
    summary="Close the case with a DDAS end result",
    description=(
        "`Vervolghulp en/of verwijzing financieel` needs the resident's consent and sends the "
        "resident to intake (a command through the outbox). Roles: `consulent`, `coordinator`."
    ),
    responses=deps.problems(400, 401, 403, 404, 409, 422),
)
async def close_casus(
    request: Request,
    casus_id: uuid.UUID,
    body: AfsluitingCreate,
    session: DbSession,
    principal: deps.Consulent,
    response: Response,
) -> CasusDetail:
    env = omgeving(request, principal)
    workflow.sluit_af(session, str(casus_id), body, env=env)
    found, key = casussen.detail(session, str(casus_id), weergave=_weergave(request, env.today))
    deps.log_verwerking(request, session, principal, "casus-afsluiten", [key])
    response.headers["Location"] = f"/v1/casussen/{casus_id}"
    return found


@router.post(
    "/v1/huishoudens/zoeken",
    response_model=HuishoudenRead,
    summary="The cases at one address (household view)",
    description="A POST because an address identifies people. Roles: `coordinator`, `consulent`.",
    responses=deps.problems(400, 401, 403),
)
async def search_huishouden(
    request: Request, body: HuishoudenZoeken, session: DbSession, principal: deps.Staff
) -> HuishoudenRead:
    adres = adres_sleutel(
        body.postcode,
        body.huisnummer,
        huisletter=body.huisletter,
        huisnummertoevoeging=body.huisnummertoevoeging,
    )
    found, keys = casussen.huishouden(session, adres, weergave=_weergave(request, today()))
    deps.log_verwerking(request, session, principal, "huishouden-inzien", keys)
    return HuishoudenRead(adres_sleutel=adres, casussen=found)
