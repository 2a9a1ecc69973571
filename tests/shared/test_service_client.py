"""Service-to-service client: retries where safe, problems become domain errors, trace passed on."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI, Request

from shared import tracecontext
from shared.problems import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    RuleViolation,
    ServiceUnavailable,
    UpstreamError,
)
from shared.service_client import DEFAULT_TIMEOUT, ServiceClient

pytestmark = pytest.mark.anyio
Handler = Callable[[httpx.Request], httpx.Response]
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Recorder:
    """A mock peer answering from a script of responses (the last one repeats)."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def client_for(handler: Handler | httpx.AsyncBaseTransport) -> ServiceClient:
    transport = handler if isinstance(handler, httpx.AsyncBaseTransport) else None
    return ServiceClient(
        "http://intake.test",
        token_provider=lambda: "service-token",
        service="intake",
        transport=transport or httpx.MockTransport(handler),  # type: ignore[arg-type]
        backoff=0.0,
    )


def problem(status: int, **fields: object) -> httpx.Response:
    body = {"type": "about:blank", "title": "t", "status": status, "detail": "d", **fields}
    return httpx.Response(status, json=body, headers={"Content-Type": "application/problem+json"})


async def test_the_default_timeouts() -> None:
    assert DEFAULT_TIMEOUT.connect == 2.0
    assert DEFAULT_TIMEOUT.read == 10.0


async def test_retries_on_503_then_succeeds() -> None:
    peer = Recorder(httpx.Response(503), httpx.Response(503), httpx.Response(200, json={"a": 1}))
    async with client_for(peer) as client:
        assert await client.get_json("/v1/aanmeldingen/1") == {"a": 1}
    assert len(peer.requests) == 3


async def test_503_three_times_is_service_unavailable() -> None:
    peer = Recorder(httpx.Response(503))
    async with client_for(peer) as client:
        with pytest.raises(ServiceUnavailable):
            await client.get_json("/v1/x")
    assert len(peer.requests) == 3


async def test_a_post_without_key_is_not_repeated_after_it_may_have_arrived() -> None:
    peer = Recorder(httpx.Response(503))
    async with client_for(peer) as client:
        with pytest.raises(ServiceUnavailable):
            await client.post_json("/v1/x", {"a": 1})
    assert len(peer.requests) == 1


async def test_a_post_without_key_is_repeated_when_it_never_left() -> None:
    peer = Recorder(httpx.ConnectError("refused"), httpx.Response(201, json={"id": 7}))
    async with client_for(peer) as client:
        assert await client.post_json("/v1/x", {"a": 1}) == {"id": 7}
    assert len(peer.requests) == 2


async def test_a_read_timeout_on_a_post_without_key_is_not_repeated() -> None:
    peer = Recorder(httpx.ReadTimeout("slow"), httpx.Response(201))
    async with client_for(peer) as client:
        with pytest.raises(ServiceUnavailable, match="niet bereikbaar"):
            await client.post_json("/v1/x", {"a": 1})
    assert len(peer.requests) == 1


async def test_a_post_with_key_is_repeated_with_the_same_key() -> None:
    peer = Recorder(httpx.ReadTimeout("slow"), httpx.Response(201, json={"id": 7}))
    async with client_for(peer) as client:
        result = await client.post_json("/v1/x", {"a": 1}, idempotency_key="k-1")
    assert result == {"id": 7}
    assert [r.headers["Idempotency-Key"] for r in peer.requests] == ["k-1", "k-1"]
    assert peer.requests[0].content == b'{"a":1}'
    assert peer.requests[0].headers["Content-Type"] == "application/json"


async def test_token_and_traceparent_are_sent() -> None:
    peer = Recorder(httpx.Response(204))
    token = tracecontext.trace_id_var.set(TRACE)
    try:
        async with client_for(peer) as client:
            assert await client.get_json("/v1/x", params={"q": "1"}) is None
    finally:
        tracecontext.trace_id_var.reset(token)
    request = peer.requests[0]
    assert request.url == "http://intake.test/v1/x?q=1"
    assert request.headers["Authorization"] == "Bearer service-token"
    parsed = tracecontext.parse_traceparent(request.headers["traceparent"])
    assert parsed is not None
    assert parsed[0] == TRACE


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (problem(404), NotFound),
        (problem(409, links={"bestaand": "/v1/x/1"}), Conflict),
        (problem(422), RuleViolation),
        (problem(400, invalidParams=[{"name": "bsn", "reason": "elfproef"}]), InvalidInput),
        (problem(401), UpstreamError),
        (problem(403), UpstreamError),
        (problem(500), ServiceUnavailable),
        (httpx.Response(418, text="teapot"), UpstreamError),
    ],
)
async def test_problems_become_domain_errors(
    answer: httpx.Response, error: type[DomainError]
) -> None:
    async with client_for(Recorder(answer)) as client:
        with pytest.raises(DomainError) as raised:
            await client.get_json("/v1/x")
    assert type(raised.value) is error
    if answer.status_code in (404, 409, 422, 400):
        assert raised.value.detail == "d"
    if answer.status_code == 409:
        assert raised.value.links == {"bestaand": "/v1/x/1"}
    if answer.status_code == 400:
        assert [p.name for p in raised.value.invalid_params or []] == ["bsn"]


async def test_invalid_json_is_an_upstream_error() -> None:
    async with client_for(Recorder(httpx.Response(200, text="<html>"))) as client:
        with pytest.raises(UpstreamError):
            await client.get_json("/v1/x")


async def test_works_against_an_asgi_app() -> None:
    app = FastAPI()

    @app.get("/v1/echo")
    async def echo(request: Request) -> dict[str, str | None]:
        return {"traceparent": request.headers.get("traceparent")}

    async with client_for(httpx.ASGITransport(app=app)) as client:
        body = await client.get_json("/v1/echo")
    assert tracecontext.parse_traceparent(body["traceparent"]) is not None


class TestTraceContext:
    def test_a_valid_header_is_parsed(self) -> None:
        header = f"00-{TRACE}-00f067aa0ba902b7-01"
        assert tracecontext.parse_traceparent(header) == (TRACE, "00f067aa0ba902b7")

    @pytest.mark.parametrize(
        "header",
        [
            "",
            "garbage",
            f"ff-{TRACE}-00f067aa0ba902b7-01",
            f"00-{'0' * 32}-00f067aa0ba902b7-01",
            f"00-{TRACE}-{'0' * 16}-01",
            f"00-{TRACE.upper()}-00f067aa0ba902b7-01",
            f"00-{TRACE}-00f067aa0ba902b7-01-extra",
        ],
    )
    def test_an_invalid_header_starts_a_new_trace(self, header: str) -> None:
        assert tracecontext.parse_traceparent(header) is None

    def test_a_later_version_may_carry_more_fields(self) -> None:
        header = f"01-{TRACE}-00f067aa0ba902b7-01-future"
        assert tracecontext.parse_traceparent(header) == (TRACE, "00f067aa0ba902b7")

    def test_each_outgoing_call_is_a_new_span_in_the_same_trace(self) -> None:
        token = tracecontext.trace_id_var.set(TRACE)
        try:
            first, second = tracecontext.current_traceparent(), tracecontext.current_traceparent()
        finally:
            tracecontext.trace_id_var.reset(token)
        assert first.startswith(f"00-{TRACE}-")
        assert first.endswith("-01")
        assert first != second
