"""HTTP client for calls between Balans services: timeouts, retries, service token, trace context.

A problem response from the other service becomes our own domain error, so a handler that calls
another service needs no HTTP code: a 404 there is a NotFound here. A 401/403 means our service
credentials are wrong, which is not the caller's fault, so it becomes an UpstreamError (502).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import httpx
from pydantic_core import to_json
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from shared.problems import (
    Conflict,
    DomainError,
    InvalidInput,
    InvalidParam,
    NotFound,
    RuleViolation,
    ServiceUnavailable,
    UpstreamError,
)
from shared.tracecontext import current_traceparent

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=2.0)
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures where the request never left this process: safe to repeat for any method.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class _BusyError(Exception):
    """A 503 answer, raised inside the retry loop so tenacity tries again."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        document = response.json()
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def _invalid_params(document: Mapping[str, Any]) -> list[InvalidParam]:
    params = document.get("invalidParams")
    if not isinstance(params, list):
        return []
    return [
        InvalidParam(name=str(p.get("name", "")), reason=str(p.get("reason", "")))
        for p in params
        if isinstance(p, dict)
    ]


def error_from_response(response: httpx.Response, *, service: str) -> DomainError:
    """The domain error for another service's error response (usually a problem document)."""
    document = _problem(response)
    status = response.status_code
    detail = str(document.get("detail") or f"{service} antwoordde {status}.")
    links = document.get("links") if isinstance(document.get("links"), dict) else None
    allowed = document.get("allowed") if isinstance(document.get("allowed"), list) else None
    if status == 400:
        return InvalidInput(detail, invalid_params=_invalid_params(document))
    if status == 404:
        return NotFound(detail)
    if status == 409:
        return Conflict(detail, links=links)
    if status == 422:
        return RuleViolation(detail, allowed=allowed, links=links)
    if status in (401, 403):
        return UpstreamError(
            f"{service} weigerde de service-credentials van deze dienst ({status})."
        )
    if status >= 500:
        return ServiceUnavailable(f"{service} is tijdelijk niet beschikbaar ({status}).")
    return UpstreamError(f"{service} antwoordde {status}: {detail}")


class ServiceClient:
    """JSON calls to one other service, with its base URL and our service token."""

    def __init__(
        self,
        base_url: str,
        *,
        token_provider: Callable[[], str],
        service: str = "een andere dienst",
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        attempts: int = 3,
        backoff: float = 0.2,
        max_backoff: float = 2.0,
    ) -> None:
        self.service = service
        self.attempts = attempts
        self._token_provider = token_provider
        self._wait = wait_random_exponential(multiplier=backoff, max=max_backoff)
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)

    async def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET `path`; the decoded JSON body (None for an empty body)."""
        return await self.request_json("GET", path, params=params)

    async def post_json(self, path: str, body: Any, idempotency_key: str | None = None) -> Any:
        """POST `body` as JSON; retried on failures only when an Idempotency-Key is sent."""
        return await self.request_json("POST", path, body=body, idempotency_key=idempotency_key)

    async def request_json(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        idempotency_key: str | None = None,
    ) -> Any:
        """One call, retried where a repeat cannot cause a second effect."""
        method = method.upper()
        repeatable = method in IDEMPOTENT_METHODS or idempotency_key is not None
        content = None if body is None else to_json(body, by_alias=True)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda exc: _may_retry(exc, repeatable=repeatable)),
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    response = await self._client.request(
                        method,
                        path,
                        params=dict(params) if params is not None else None,
                        content=content,
                        headers=self._headers(idempotency_key, has_body=content is not None),
                    )
                    if response.status_code == 503:
                        raise _BusyError(response)
        except _BusyError as busy:
            raise error_from_response(busy.response, service=self.service) from None
        except httpx.TransportError as exc:
            detail = f"{self.service} is niet bereikbaar ({type(exc).__name__})."
            raise ServiceUnavailable(detail) from exc
        if response.is_error:
            raise error_from_response(response, service=self.service)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise UpstreamError(f"{self.service} gaf geen geldige JSON terug.") from None

    def _headers(self, idempotency_key: str | None, *, has_body: bool) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self._token_provider()}",
            "Accept": "application/json, application/problem+json",
            "traceparent": current_traceparent(),
        }
        if has_body:
            headers["Content-Type"] = "application/json"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def _log_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome is not None else None
        logger.warning(
            "call to %s failed (attempt %d), retrying: %r",
            self.service,
            state.attempt_number,
            error,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> ServiceClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


def _may_retry(exc: BaseException, *, repeatable: bool) -> bool:
    if isinstance(exc, NOT_SENT_ERRORS):
        return True
    return repeatable and isinstance(exc, httpx.TransportError | _BusyError)
