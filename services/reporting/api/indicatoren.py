"""Indicators of the policy plan, the Divosa benchmark and early signals."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse

from services.reporting import export, service
from services.reporting.api.deps import (
    PROBLEM,
    Lezer,
    PeriodeDep,
    PolicyDep,
    csv_response_doc,
    wil_csv,
)
from services.reporting.indicatoren.definitie import Groep
from services.reporting.schemas import IndicatorDetailRead, IndicatorenPage
from shared.db import read_only_in_thread, read_only_snapshot_in_thread
from shared.pagination import PageParams, page_params

router = APIRouter(tags=["indicatoren"])

CSV_KOLOMMEN = (
    "code", "naam", "groep", "paragraaf", "eenheid", "vanaf", "tot", "dimensie", "categorie",
    "waarde", "teller", "noemer", "streefMinimum", "streefMaximum", "streefwaardeGehaald",
    "gelezenTotIntake", "gelezenTotSignals", "gelezenTotTrajectory",
)  # fmt: skip
GroepFilter = Annotated[Groep | None, Query(description="Only the indicators of this set.")]
Code = Annotated[
    str, Path(pattern=r"^[a-z0-9-]{1,60}$", description="The indicator's code, e.g. `aanvragen`.")
]


def _csv_rijen(page: IndicatorenPage) -> list[dict[str, Any]]:
    gelezen = {f"gelezenTot{b.bron.value.capitalize()}": b.gelezen_tot for b in page.bronnen}
    rijen = []
    for item in page.items:
        base = {
            "code": item.code,
            "naam": item.naam,
            "groep": item.groep.value,
            "paragraaf": item.paragraaf,
            "eenheid": item.eenheid.value,
            "vanaf": page.periode.vanaf,
            "tot": page.periode.tot,
            **gelezen,
        }
        doel = item.streefwaarde
        rijen.append(
            {
                **base,
                "waarde": item.waarde,
                "teller": item.teller,
                "noemer": item.noemer,
                "streefMinimum": doel.minimum if doel else None,
                "streefMaximum": doel.maximum if doel else None,
                "streefwaardeGehaald": item.streefwaarde_gehaald,
            }
        )
        for uitsplitsing in item.uitsplitsingen:
            for categorie, waarde in uitsplitsing.waarden.items():
                rijen.append(
                    {
                        **base,
                        "dimensie": uitsplitsing.dimensie,
                        "categorie": categorie,
                        "waarde": waarde,
                    }
                )
    return rijen


@router.get(
    "/v1/indicatoren",
    response_model=IndicatorenPage,
    summary="Alle indicatoren voor een periode",
    description=(
        "Every indicator of the policy plan (seed §8.2), the Divosa benchmark and early "
        "signalling for a year, quarter, month or date range (default: this year), with target, "
        "numerator/denominator, breakdowns and definition, and up to when each source has been "
        "read. `Accept: text/csv` streams all of them (with a row per breakdown category) as "
        "CSV. Roles: `bi`, `kwaliteit`, `coordinator`, `admin`."
    ),
    responses={
        **csv_response_doc("The indicators as JSON, or as CSV with `Accept: text/csv`."),
        400: {**PROBLEM, "description": "Invalid period or paging parameters."},
    },
)
async def list_indicatoren(
    request: Request,
    _reader: Lezer,
    policy: PolicyDep,
    periode: PeriodeDep,
    paging: Annotated[PageParams, Depends(page_params)],
    groep: GroepFilter = None,
) -> Any:
    # Seconds at production size: computed in worker threads, on one snapshot.
    csv = wil_csv(request)
    page = await read_only_snapshot_in_thread(
        request.app.state.connect,
        request.app.state.settings.indicator_threads,
        partial(
            service.indicatoren_pagina,
            policy=policy,
            periode=periode,
            groep=groep,
            page=1 if csv else paging.page,
            page_size=10_000 if csv else paging.page_size,
        ),
    )
    if csv:
        return StreamingResponse(
            export.csv_regels(CSV_KOLOMMEN, _csv_rijen(page)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="indicatoren.csv"'},
        )
    return page


@router.get(
    "/v1/indicatoren/{code}",
    response_model=IndicatorDetailRead,
    summary="Eén indicator voor een periode",
    description=(
        "One indicator with its definition, target, breakdowns and the sources' reading "
        "positions. Roles: `bi`, `kwaliteit`, `coordinator`, `admin`."
    ),
    responses={
        400: {**PROBLEM, "description": "Invalid period."},
        404: {**PROBLEM, "description": "No indicator with this code."},
    },
)
async def get_indicator(
    request: Request, code: Code, _reader: Lezer, policy: PolicyDep, periode: PeriodeDep
) -> IndicatorDetailRead:
    return await read_only_in_thread(
        request.app.state.connect,
        partial(service.indicator, policy=policy, periode=periode, code=code),
    )
