"""Dependencies named once: the use-case context per role family, the trajectory id."""

import uuid
from collections.abc import Callable, Coroutine, Mapping
from typing import Annotated, Any

from fastapi import Depends, Path, Request, Response
from pydantic import BaseModel

from services.trajectory.context import Ctx
from shared import types as shared_types
from shared.auth import BearerCredentials, Role, authorizer
from shared.db import DbSession
from shared.problems import PROBLEM_MEDIA_TYPE, Problem


def _ctx(*roles: Role) -> Callable[..., Coroutine[Any, Any, Ctx]]:
    authorize = authorizer(*roles)

    async def dependency(
        request: Request, session: DbSession, credentials: BearerCredentials
    ) -> Ctx:
        # Through the module, so tests can freeze the clock with monkeypatch.
        return Ctx(
            session=session,
            policy=request.app.state.policy,
            principal=await authorize(request, credentials),
            vandaag=shared_types.today(),
        )

    return dependency


Dienst = Annotated[Ctx, Depends(_ctx(Role.service))]
Behandelaar = Annotated[Ctx, Depends(_ctx(Role.consulent, Role.coordinator))]
Lezer = Annotated[Ctx, Depends(_ctx(Role.consulent, Role.coordinator, Role.kwaliteit))]
Coordinator = Annotated[Ctx, Depends(_ctx(Role.coordinator))]
DdasAfnemer = Annotated[Ctx, Depends(_ctx(Role.service))]

TrajectId = Annotated[uuid.UUID, Path(alias="trajectId", description="Id of the trajectory.")]
SchuldId = Annotated[uuid.UUID, Path(alias="schuldId", description="Id of the debt.")]

_PROBLEM: dict[str, Any] = {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Problem responses for the OpenAPI document; 400, 401 and 403 always."""
    text = {
        400: "Invalid input: every invalid field in `invalidParams`.",
        401: "No valid bearer token.",
        403: "The token lacks the required role.",
        404: "The trajectory (or debt) does not exist.",
        409: "Not allowed in the current phase; `allowed` lists what is.",
        422: "A rule forbids it (the detail says which).",
    }
    return {s: {**_PROBLEM, "description": text[s]} for s in (400, 401, 403, *statuses)}


def location(traject_id: str) -> dict[str, str]:
    return {"Location": f"/v1/trajecten/{traject_id}"}


def json_antwoord(
    model: BaseModel, *, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """The response model serialised once, straight to JSON: returned as a model, FastAPI
    would validate the whole case again before serialising it."""
    return Response(
        model.model_dump_json(by_alias=True),
        status_code=status_code,
        media_type="application/json",
        headers=headers,
    )
