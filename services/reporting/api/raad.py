"""The annual council report as a printable HTML page."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from services.reporting import rapport
from services.reporting.api.deps import PROBLEM, Lezer, PolicyDep
from services.reporting.periode import EERSTE_JAAR, LAATSTE_JAAR
from shared.db import read_only_snapshot_in_thread

router = APIRouter(tags=["raadsrapportages"])

JaarPad = Annotated[
    int, Path(ge=EERSTE_JAAR, le=LAATSTE_JAAR, description="Calendar year of the report.")
]


@router.get(
    "/v1/raadsrapportages/{jaar}",
    response_class=HTMLResponse,
    summary="Jaarrapportage voor de raad",
    description=(
        "A printable HTML page: every indicator of the year against its target, with "
        "definitions, and charts of the main trends per month (SVG drawn on the server, so it "
        "works offline and prints; the figures in tables too). Anonymous figures only. Roles: "
        "`bi`, `kwaliteit`, `coordinator`, `admin`."
    ),
    responses={
        200: {
            "description": "The report as HTML.",
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
        400: {
            **PROBLEM,
            "description": f"The year is not a number between {EERSTE_JAAR} and {LAATSTE_JAAR}.",
        },
    },
)
async def get_raadsrapportage(
    request: Request, jaar: JaarPad, _reader: Lezer, policy: PolicyDep
) -> HTMLResponse:
    # A year's indicators and monthly series: computed in worker threads, on one snapshot.
    html = await read_only_snapshot_in_thread(
        request.app.state.connect,
        request.app.state.settings.indicator_threads,
        partial(rapport.render, policy=policy, jaar=jaar),
    )
    return HTMLResponse(html)
