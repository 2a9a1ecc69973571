"""Activities outside the case flow, registered by staff as counts with period and source."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from services.reporting import export, repository
from services.reporting.api.deps import (
    PROBLEM,
    REGISTRERENDE_ROLLEN,
    Lezer,
    PolicyDep,
    Registreerder,
    Tot,
    Vanaf,
    csv_response_doc,
    utc,
    wil_csv,
)
from services.reporting.indicatoren.definitie import ActiviteitSoort
from services.reporting.schemas import ActiviteitCreate, ActiviteitRead
from shared.auth import Principal
from shared.db import DbSession
from shared.pagination import Page, PageParams, page_params
from shared.problems import NotFound

router = APIRouter(tags=["activiteiten"])

CSV_KOLOMMEN = (
    "id", "soort", "aantal", "beginDatum", "eindDatum", "bron", "toelichting", "gemeentecode",
    "geregistreerd",
)  # fmt: skip
# Registrations are few (a handful per kind per year); one CSV holds them all.
CSV_MAX_RIJEN = 100_000


def ziet_registreerder(principal: Principal) -> bool:
    """Whether the caller may see who registered an activity: the registering roles, who
    correct each other's counts. The registrant is an employee's id, personal data that BI
    tools (and admins, who do not register) are not given."""
    return principal.has_any(*REGISTRERENDE_ROLLEN)


def _read(row: dict[str, Any], *, met_registreerder: bool) -> ActiviteitRead:
    # The registrant is left unset rather than null for the others: the read routes leave
    # unset fields out of the answer.
    door = {"geregistreerd_door": row["geregistreerd_door"]} if met_registreerder else {}
    return ActiviteitRead(
        id=row["id"],
        soort=row["soort"],
        aantal=row["aantal"],
        begin_datum=row["vanaf_datum"],
        eind_datum=row["tot_datum"],
        bron=row["bron"],
        toelichting=row["toelichting"],
        gemeentecode=row["gemeentecode"],
        geregistreerd=utc(row["geregistreerd_at"]),
        **door,
    )


@router.post(
    "/v1/activiteiten",
    status_code=201,
    response_model=ActiviteitRead,
    summary="Activiteit registreren",
    description=(
        "Register a count of an activity outside the case flow (Moneyways classes and pupils, "
        "covenants, courses, stop-smoking groups, Online Schuldencoach, GGZ pilot, JAS, fte) "
        "with its period and source; it feeds the indicators. No personal data. "
        "Roles: `kwaliteit`, `coordinator`."
    ),
    responses={400: {**PROBLEM, "description": "Invalid body; every invalid field is listed."}},
)
async def create_activiteit(
    body: ActiviteitCreate,
    request: Request,
    response: Response,
    session: DbSession,
    principal: Registreerder,
    policy: PolicyDep,
) -> ActiviteitRead:
    values = {
        "gemeentecode": body.gemeentecode or policy.gemeentecode,
        "soort": body.soort.value,
        "aantal": body.aantal.quantize(Decimal("0.01")),
        "vanaf_datum": body.begin_datum,
        "tot_datum": body.eind_datum,
        "bron": body.bron,
        "toelichting": body.toelichting,
        "geregistreerd_door": principal.subject[:200],
        "geregistreerd_at": datetime.now(UTC),
    }
    new_id = repository.activiteit_toevoegen(session, values)
    response.headers["Location"] = f"/v1/activiteiten/{new_id}"
    return _read({"id": new_id, **values}, met_registreerder=True)


@router.get(
    "/v1/activiteiten",
    response_model=Page[ActiviteitRead],
    response_model_exclude_unset=True,
    summary="Geregistreerde activiteiten",
    description=(
        "Registered activity counts, by start date; filter on kind and on the start date "
        "(`vanaf` inclusive, `tot` exclusive); `Accept: text/csv` gives every match as CSV. "
        "Roles: `bi`, `kwaliteit`, `coordinator`, `admin`."
    ),
    responses={
        **csv_response_doc("The registrations as JSON, or as CSV with `Accept: text/csv`."),
        400: {**PROBLEM, "description": "Invalid filter or paging parameters."},
    },
)
async def list_activiteiten(
    request: Request,
    session: DbSession,
    lezer: Lezer,
    paging: Annotated[PageParams, Depends(page_params)],
    soort: Annotated[ActiviteitSoort | None, Query(description="Only this kind.")] = None,
    vanaf: Vanaf = None,
    tot: Tot = None,
) -> Any:
    csv = wil_csv(request)
    rows, total = repository.activiteiten_pagina(
        session,
        soort=soort.value if soort else None,
        vanaf=vanaf,
        tot=tot,
        offset=0 if csv else paging.offset,
        limit=CSV_MAX_RIJEN if csv else paging.page_size,
    )
    if csv:
        rijen = [_read(r, met_registreerder=False).model_dump(by_alias=True) for r in rows]
        return StreamingResponse(
            export.csv_regels(CSV_KOLOMMEN, rijen),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="activiteiten.csv"'},
        )
    met = ziet_registreerder(lezer)
    return Page[ActiviteitRead](
        items=[_read(r, met_registreerder=met) for r in rows],
        page=paging.page,
        page_size=paging.page_size,
        total=total,
    )


@router.get(
    "/v1/activiteiten/{activiteit_id}",
    response_model=ActiviteitRead,
    response_model_exclude_unset=True,
    summary="Eén geregistreerde activiteit",
    description="One registered activity count. Roles: `bi`, `kwaliteit`, `coordinator`, `admin`.",
    responses={
        400: {**PROBLEM, "description": "The id is not a UUID."},
        404: {**PROBLEM, "description": "No activity with this id."},
    },
)
async def get_activiteit(
    activiteit_id: uuid.UUID, session: DbSession, lezer: Lezer
) -> ActiviteitRead:
    row = repository.activiteit_lezen(session, activiteit_id)
    if row is None:
        raise NotFound("Deze activiteit bestaat niet.")
    return _read(row, met_registreerder=ziet_registreerder(lezer))
