"""Domain errors and their one renderer: `application/problem+json` (RFC 9457).

Code below the HTTP edge raises these errors; `install_problem_handlers` turns every one of them,
and every framework error, into a problem document with the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger("balans.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://balans.amstelveen.nl/problems/"


class InvalidParam(BaseModel):
    """One invalid field of a request."""

    name: str = Field(description="The field, as a dotted path in the body or the query key.")
    reason: str = Field(description="Why the value was refused.")


class Problem(BaseModel):
    """An error response (RFC 9457 problem details)."""

    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={
            "example": {
                "type": PROBLEM_TYPE_BASE + "invalid-input",
                "title": "De invoer is ongeldig.",
                "status": 400,
                "detail": "1 veld is ongeldig.",
                "instance": "/v1/aanmeldingen",
                "invalidParams": [{"name": "bsn", "reason": "BSN voldoet niet aan de elfproef."}],
            }
        },
    )

    type: str = Field(description="URI that identifies the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="HTTP status code.")
    detail: str = Field(description="What went wrong in this occurrence.")
    instance: str | None = Field(default=None, description="The path of the request.")
    invalid_params: list[InvalidParam] | None = Field(
        default=None, alias="invalidParams", description="Every invalid field (400 only)."
    )
    allowed: list[str] | None = Field(
        default=None, description="What is allowed instead (e.g. the permitted transitions)."
    )
    links: dict[str, str] | None = Field(
        default=None, description="Related resources, e.g. the existing record on a conflict."
    )


class DomainError(Exception):
    """Base of every error the domain raises; rendered as a problem document."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Er ging iets mis aan onze kant."

    def __init__(
        self,
        detail: str,
        *,
        invalid_params: Sequence[InvalidParam] | None = None,
        allowed: Sequence[str] | None = None,
        links: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.invalid_params = list(invalid_params) if invalid_params is not None else None
        self.allowed = list(allowed) if allowed is not None else None
        self.links = dict(links) if links is not None else None
        self.headers = dict(headers) if headers is not None else {}

    def to_problem(self, instance: str | None = None) -> Problem:
        return Problem(
            type=PROBLEM_TYPE_BASE + self.slug,
            title=self.title,
            status=self.status,
            detail=self.detail,
            instance=instance,
            invalid_params=self.invalid_params,
            allowed=self.allowed,
            links=self.links,
        )


class InvalidInput(DomainError):
    status = 400
    slug = "invalid-input"
    title = "De invoer is ongeldig."


class Unauthorized(DomainError):
    status = 401
    slug = "unauthorized"
    title = "Niet geauthenticeerd."

    def __init__(self, detail: str = "Een geldig bearer-token is nodig.") -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="balans"'})


class Forbidden(DomainError):
    status = 403
    slug = "forbidden"
    title = "Geen toegang."


class NotFound(DomainError):
    status = 404
    slug = "not-found"
    title = "Niet gevonden."


class MethodNotAllowed(DomainError):
    status = 405
    slug = "method-not-allowed"
    title = "Methode niet toegestaan."


class Conflict(DomainError):
    status = 409
    slug = "conflict"
    title = "Conflict met de huidige toestand."


class PayloadTooLarge(DomainError):
    status = 413
    slug = "payload-too-large"
    title = "De request body is te groot."


class UnsupportedMediaType(DomainError):
    status = 415
    slug = "unsupported-media-type"
    title = "Mediatype niet ondersteund."


class RuleViolation(DomainError):
    status = 422
    slug = "rule-violation"
    title = "De handeling is in strijd met een regel."


class ServiceUnavailable(DomainError):
    status = 503
    slug = "service-unavailable"
    title = "De dienst is tijdelijk niet beschikbaar."


class UpstreamError(DomainError):
    """Another service answered with an error we cannot pass on as our own."""

    status = 502
    slug = "upstream-error"
    title = "Een andere dienst gaf een fout."


ERRORS_BY_STATUS: dict[int, type[DomainError]] = {
    cls.status: cls
    for cls in (
        InvalidInput,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        Conflict,
        PayloadTooLarge,
        UnsupportedMediaType,
        RuleViolation,
        ServiceUnavailable,
    )
}


def problem_response(problem: Problem, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        problem.model_dump(mode="json", by_alias=True, exclude_none=True),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def _field_name(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def invalid_params_from_errors(errors: Sequence[Mapping[str, Any]]) -> list[InvalidParam]:
    """One entry per invalid field, in the order pydantic reported them."""
    seen: dict[str, InvalidParam] = {}
    for error in errors:
        name = _field_name(error.get("loc", ()))
        if name not in seen:
            seen[name] = InvalidParam(name=name, reason=str(error.get("msg", "ongeldig")))
    return list(seen.values())


def invalid_input(errors: Sequence[Mapping[str, Any]]) -> InvalidInput:
    params = invalid_params_from_errors(errors)
    count = len(params)
    detail = "1 veld is ongeldig." if count == 1 else f"{count} velden zijn ongeldig."
    return InvalidInput(detail, invalid_params=params)


async def _domain_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem_response(exc.to_problem(request.url.path), exc.headers)


async def _validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    error = invalid_input(exc.errors())
    return problem_response(error.to_problem(request.url.path))


async def _http_exception_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    cls = ERRORS_BY_STATUS.get(exc.status_code)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else phrase
    problem = Problem(
        type=PROBLEM_TYPE_BASE + (cls.slug if cls else "http-error"),
        title=cls.title if cls else phrase,
        status=exc.status_code,
        detail=detail,
        instance=request.url.path,
    )
    return problem_response(problem, exc.headers)


async def _unexpected_error_handler(request: Request, exc: Exception) -> JSONResponse:
    logger.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    error = DomainError("Onverwachte fout; de fout is gelogd.")
    return problem_response(error.to_problem(request.url.path))


def install_problem_handlers(app: FastAPI) -> None:
    """Render every error of this app as `application/problem+json`."""
    app.add_exception_handler(DomainError, _domain_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_exception_handler)
    app.add_exception_handler(Exception, _unexpected_error_handler)
