"""The anonymous fact table for BI tools: paged JSON or streamed CSV, by date range or id."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Connection

from services.reporting import export, repository, service
from services.reporting.api.deps import (
    PROBLEM,
    BiLezer,
    NaId,
    Tot,
    Vanaf,
    csv_response_doc,
    utc,
    wil_csv,
)
from services.reporting.schemas import FeitenPage, FeitRead
from services.reporting.soorten import FeitSoort
from shared.db import read_only_in_thread
from shared.pagination import PageParams, page_params
from shared.problems import InvalidInput, InvalidParam

router = APIRouter(tags=["feiten"])

CSV_KOLOMMEN = (
    "id", "bron", "type", "soort", "datum", "occurredAt", "gemeentecode", "partnerType", "kanaal",
    "doelgroepen", "resultaat", "crisis", "bereikt", "gehaald", "bedrag", "aantal",
    "referentieDatum",
)  # fmt: skip
SoortFilter = Annotated[FeitSoort | None, Query(description="Only facts of this kind.")]


def _read(row: dict[str, Any]) -> FeitRead:
    return FeitRead(**{**row, "occurred_at": utc(row["occurred_at"])})


# CSV rows skip the response model (one model per row costs more than the rest of the export).
_CSV_NAMEN = {
    "occurred_at": "occurredAt",
    "partner_type": "partnerType",
    "referentie_datum": "referentieDatum",
}


def _csv_rij(row: dict[str, Any]) -> dict[str, Any]:
    rij = {_CSV_NAMEN.get(k, k): v for k, v in row.items()}
    rij["occurredAt"] = utc(row["occurred_at"])
    return rij


@router.get(
    "/v1/feiten",
    response_model=FeitenPage,
    summary="Anonieme feiten voor BI-tools",
    description=(
        "Every projected fact (one per source event) without person key, case id or payload, "
        "ordered by id, filterable by the fact's date (`vanaf` inclusive, `tot` exclusive) and "
        "by id (`naId`: only facts with a greater id). For an incremental refresh pass the "
        "highest `id` received so far as `naId`: ids grow in the order facts are projected, so "
        "this also returns a fact projected late (a source caught up after an outage) that is "
        "dated before the last pull, which a `vanaf` refresh misses. Paging a large refresh by "
        "`naId` (the last id of a page, `page=1`) skips no rows and reads no more than the page. "
        "A re-derivation (`POST /v1/herafleidingen`) changes facts in place without new ids: "
        "reload in full after one. `Accept: text/csv` streams every matching row as CSV (paging "
        "ignored). Roles: `bi`, `admin`."
    ),
    responses={
        **csv_response_doc("The facts as JSON, or as CSV with `Accept: text/csv`."),
        400: {**PROBLEM, "description": "Invalid date range or paging parameters."},
    },
)
async def list_feiten(
    request: Request,
    _reader: BiLezer,
    paging: Annotated[PageParams, Depends(page_params)],
    vanaf: Vanaf = None,
    tot: Tot = None,
    soort: SoortFilter = None,
    na_id: NaId = None,
) -> Any:
    if vanaf and tot and tot <= vanaf:
        raise InvalidInput(
            "1 veld is ongeldig.",
            invalid_params=[InvalidParam(name="tot", reason="Moet na vanaf liggen.")],
        )
    soort_value = soort.value if soort else None
    if wil_csv(request):
        rijen = (
            _csv_rij(r)
            for r in repository.feiten_stroom(
                request.app.state.connect, vanaf=vanaf, tot=tot, soort=soort_value, na_id=na_id
            )
        )
        return StreamingResponse(
            export.csv_regels(CSV_KOLOMMEN, rijen),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="feiten.csv"'},
        )

    def pagina(session: Connection) -> FeitenPage:
        rows, total = repository.feiten_pagina(
            session,
            vanaf=vanaf,
            tot=tot,
            soort=soort_value,
            na_id=na_id,
            offset=paging.offset,
            limit=paging.page_size,
        )
        return FeitenPage(
            items=[_read(r) for r in rows],
            page=paging.page,
            page_size=paging.page_size,
            total=total,
            bronnen=service.bron_standen(session),
        )

    # A deep page of millions of facts is counted and skipped to: in a worker thread, and the
    # count, the page and the reading positions from one snapshot.
    return await read_only_in_thread(request.app.state.connect, pagina)
