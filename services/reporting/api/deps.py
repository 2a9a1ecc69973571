"""Dependencies of the reporting endpoints: roles, the period, the policy."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator

from services.reporting.indicatoren.context import Periode
from services.reporting.periode import EERSTE_JAAR, LAATSTE_JAAR, periode_uit
from shared import types
from shared.auth import Principal, Role, require_roles
from shared.policy import Policy
from shared.problems import PROBLEM_MEDIA_TYPE, Problem
from shared.types import StrictDate


def _digits_only(value: Any) -> Any:
    # Query values arrive as text; lax int parsing would take "1.0", "+3" or "1_0".
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("must be a whole number written in digits")
    return value


Jaar = Annotated[
    int | None,
    Query(ge=EERSTE_JAAR, le=LAATSTE_JAAR, description="Calendar year, e.g. 2026."),
    BeforeValidator(_digits_only),
]
Kwartaal = Annotated[
    int | None,
    Query(ge=1, le=4, description="Quarter of `jaar` (1-4)."),
    BeforeValidator(_digits_only),
]
Maand = Annotated[
    int | None,
    Query(ge=1, le=12, description="Month of `jaar` (1-12)."),
    BeforeValidator(_digits_only),
]
Vanaf = Annotated[StrictDate | None, Query(description="From this date (inclusive), `YYYY-MM-DD`.")]
Tot = Annotated[StrictDate | None, Query(description="Up to this date (exclusive), `YYYY-MM-DD`.")]
NaId = Annotated[
    int | None,
    Query(
        alias="naId",
        ge=0,
        le=2**63 - 1,  # the largest id either engine stores
        description=(
            "Only facts with an id greater than this: the highest `id` of the previous pull, "
            "for an incremental refresh that also picks up facts projected late."
        ),
    ),
    BeforeValidator(_digits_only),
]


async def periode_param(
    jaar: Jaar = None,
    kwartaal: Kwartaal = None,
    maand: Maand = None,
    vanaf: Vanaf = None,
    tot: Tot = None,
) -> Periode:
    return periode_uit(
        jaar=jaar, kwartaal=kwartaal, maand=maand, vanaf=vanaf, tot=tot, vandaag=types.today()
    )


async def policy_of(request: Request) -> Policy:
    policy: Policy = request.app.state.policy
    return policy


PeriodeDep = Annotated[Periode, Depends(periode_param)]
PolicyDep = Annotated[Policy, Depends(policy_of)]
Lezer = Annotated[
    Principal, Depends(require_roles(Role.bi, Role.kwaliteit, Role.coordinator, Role.admin))
]
BiLezer = Annotated[Principal, Depends(require_roles(Role.bi, Role.admin))]
# The roles that register activities (and alone see who registered one).
REGISTRERENDE_ROLLEN = (Role.kwaliteit, Role.coordinator)
Registreerder = Annotated[Principal, Depends(require_roles(*REGISTRERENDE_ROLLEN))]
Beheerder = Annotated[Principal, Depends(require_roles(Role.admin))]

PROBLEM = {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}}
CSV_MEDIA_TYPE = "text/csv"


def wil_csv(request: Request) -> bool:
    """Whether the client asked for CSV (Accept: text/csv) rather than JSON."""
    accept = request.headers.get("accept", "")
    return CSV_MEDIA_TYPE in accept and "application/json" not in accept


def utc(value: datetime) -> datetime:
    # SQLite keeps no offset; every instant is stored in UTC, so a naive one is UTC.
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


def csv_response_doc(description: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": description,
            "content": {CSV_MEDIA_TYPE: {"schema": {"type": "string"}}},
        }
    }
