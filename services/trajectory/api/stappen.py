"""One mechanism for the steps a counsellor takes on a case.

Every step has the same shape: parse a body, call one use case with the trajectory id (and a
second id where the path has one), answer with the case as it now stands, serialised once,
straight to JSON. POST answers 201 with the case's Location, PUT 200. A step is therefore a
row, `Stap`, and `registreer` gives it its handler; the routers hold tables of steps, not
copies of a handler.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from services.trajectory import lezen
from services.trajectory.api.deps import (
    Behandelaar,
    TrajectId,
    json_antwoord,
    location,
    problems,
)
from services.trajectory.schemas import TrajectRead

ROLLEN = " Roles: `consulent`, `coordinator`."
TRAJECT_PAD = "/v1/trajecten/{trajectId}"


@dataclass(frozen=True)
class TweedeId:
    """A second id in a step's path, e.g. the debt a creditor answers for."""

    alias: str
    description: str

    def annotation(self) -> Any:
        return Annotated[uuid.UUID, Path(alias=self.alias, description=self.description)]


@dataclass(frozen=True)
class Stap:
    """One step: `actie(ctx, traject_id, [tweede_id,] body)` under `TRAJECT_PAD + pad`."""

    naam: str
    pad: str
    body: type[BaseModel]
    actie: Callable[..., object]
    summary: str
    description: str
    methode: Literal["POST", "PUT"] = "POST"
    problemen: tuple[int, ...] = (404, 422)
    tweede_id: TweedeId | None = None


def _handler(stap: Stap) -> Callable[..., Any]:
    status_code = 201 if stap.methode == "POST" else 200

    async def handler(**kwargs: Any) -> Response:
        ctx = kwargs["ctx"]
        traject_id = str(kwargs["traject_id"])
        ids = [str(kwargs["tweede_id"])] if stap.tweede_id is not None else []
        stap.actie(ctx, traject_id, *ids, kwargs["body"])
        return json_antwoord(
            lezen.lees_traject(ctx, traject_id),
            status_code=status_code,
            headers=location(traject_id) if stap.methode == "POST" else None,
        )

    def parameter(name: str, annotation: Any) -> inspect.Parameter:
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation)

    parameters = [
        parameter("traject_id", TrajectId),
        *([parameter("tweede_id", stap.tweede_id.annotation())] if stap.tweede_id else []),
        parameter("body", stap.body),
        parameter("ctx", Behandelaar),
    ]
    # FastAPI reads the parameters from the signature: this is what makes it a real endpoint.
    handler.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        parameters, return_annotation=Response
    )
    handler.__name__ = stap.naam
    return handler


def registreer(router: APIRouter, *stappen: Stap) -> None:
    """Give each step its handler on `router`."""
    for stap in stappen:
        router.add_api_route(
            TRAJECT_PAD + stap.pad,
            _handler(stap),
            methods=[stap.methode],
            name=stap.naam,
            status_code=201 if stap.methode == "POST" else 200,
            response_model=TrajectRead,
            summary=stap.summary,
            description=stap.description + ROLLEN,
            responses=problems(*stap.problemen),
        )
