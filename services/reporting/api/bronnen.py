"""The sources' reading positions, and the admin's catch-up of one source."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.concurrency import run_in_threadpool

from services.reporting import poller, projectie, service
from services.reporting.api.deps import PROBLEM, Beheerder, BiLezer
from services.reporting.schemas import BronStandRead, HerafleidingRead, InhaalactieRead
from services.reporting.soorten import Bron
from shared.db import DbSession, unit_of_work
from shared.problems import ServiceUnavailable

router = APIRouter(tags=["bronnen"])

BronPad = Annotated[Bron, Path(description="The source: `intake`, `signals` or `trajectory`.")]
# A catch-up reads at most this many pages (of poll_page_size events) per request.
INHAAL_MAX_PAGINAS = 1000


@router.get(
    "/v1/bronnen",
    response_model=list[BronStandRead],
    summary="Leesstand per bron",
    description=(
        "Up to when each source's event feed has been read, and whether the last attempt "
        "failed. Roles: `bi`, `admin`."
    ),
)
async def list_bronnen(session: DbSession, _reader: BiLezer) -> list[BronStandRead]:
    return service.bron_standen(session)


@router.post(
    "/v1/bronnen/{bron}/inhaalacties",
    response_model=InhaalactieRead,
    summary="Bron inhalen",
    description=(
        "Read one source's event feed now, from reporting's cursor to the end, and project "
        "the events (an event read before is not counted twice). 503 when the source cannot "
        "be reached; the background poller keeps trying. Role: `admin`."
    ),
    responses={
        400: {**PROBLEM, "description": "Unknown source."},
        503: {**PROBLEM, "description": "The source could not be reached."},
    },
)
async def catch_up(bron: BronPad, request: Request, _admin: Beheerder) -> InhaalactieRead:
    resultaat = await poller.peil_bron_van_app(request.app, bron, max_pages=INHAAL_MAX_PAGINAS)
    if resultaat.fout is not None:
        raise ServiceUnavailable(f"{bron.value} is niet gelezen: {resultaat.fout}")
    with unit_of_work(request.app.state.connect) as session:
        stand = next(s for s in service.bron_standen(session) if s.bron == bron)
    return InhaalactieRead(
        bron=bron,
        gelezen=resultaat.gelezen,
        nieuw=resultaat.nieuw,
        cursor=resultaat.cursor,
        bijgewerkt=resultaat.bijgewerkt,
        stand=stand,
    )


@router.post(
    "/v1/herafleidingen",
    response_model=HerafleidingRead,
    summary="Feiten opnieuw afleiden",
    description=(
        "Derive every stored fact's kind and attributes again from its stored event, after "
        "reporting learned a source's new event type or field; the feeds are not read again. "
        "Role: `admin`."
    ),
    responses={400: {**PROBLEM, "description": "The request has a body or parameters."}},
)
async def rederive(session: DbSession, _admin: Beheerder) -> HerafleidingRead:
    # Every stored fact: minutes at production size, so in a worker thread (the request's
    # unit of work still commits once the handler returns).
    return HerafleidingRead(gewijzigd=await run_in_threadpool(projectie.herafleid, session))
