"""Rate limits on push endpoints: per creditor and per client, 429 with Retry-After."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from shared import testing
from shared.auth import Principal, Role, TokenVerifier, require_roles
from shared.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from shared.ratelimit import RATE_LIMITED, PushRateLimit, RateLimiter
from shared.settings import ServiceSettings

Pusher = Depends(require_roles(Role.creditor, Role.service))


def build_app(**limits: str) -> FastAPI:
    settings = ServiceSettings(**limits)
    app = FastAPI()
    install_problem_handlers(app)
    app.state.token_verifier = TokenVerifier(settings)
    app.state.rate_limiter = RateLimiter(settings)

    @app.post("/v1/signalen", responses=RATE_LIMITED)
    async def push(_: PushRateLimit, principal: Principal = Pusher) -> dict[str, Any]:
        return {"by": principal.creditor_id or principal.subject}

    return app


def creditor(creditor_id: str, subject: str = "client-1") -> dict[str, str]:
    return testing.auth_header(
        "creditor", creditor_id=creditor_id, partner_type="Huur", subject=subject
    )


def test_pushes_within_the_limit_are_admitted() -> None:
    client = TestClient(build_app(rate_limit_per_creditor="3/minute"))
    answers = [client.post("/v1/signalen", headers=creditor("c1")) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]


def test_the_push_over_the_creditor_limit_is_a_429_with_retry_after() -> None:
    client = TestClient(build_app(rate_limit_per_creditor="2/minute"))
    for _ in range(2):
        assert client.post("/v1/signalen", headers=creditor("c1")).status_code == 200
    refused = client.post("/v1/signalen", headers=creditor("c1", subject="client-2"))
    assert refused.status_code == 429
    assert refused.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["status"] == 429
    assert "schuldeiser" in refused.json()["detail"]


def test_each_creditor_has_its_own_counter() -> None:
    client = TestClient(build_app(rate_limit_per_creditor="1/minute"))
    assert client.post("/v1/signalen", headers=creditor("c1")).status_code == 200
    assert client.post("/v1/signalen", headers=creditor("c2", "client-2")).status_code == 200
    assert client.post("/v1/signalen", headers=creditor("c1")).status_code == 429


def test_the_client_limit_applies_to_callers_without_a_creditor() -> None:
    client = TestClient(build_app(rate_limit_per_client="2/minute"))
    service = testing.auth_header("service", subject="service:intake")
    codes = [client.post("/v1/signalen", headers=service).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_refused_push_does_not_count() -> None:
    client = TestClient(
        build_app(rate_limit_per_client="1/minute", rate_limit_per_creditor="5/minute")
    )
    assert client.post("/v1/signalen", headers=creditor("c1", "a")).status_code == 200
    assert client.post("/v1/signalen", headers=creditor("c1", "a")).status_code == 429
    # The refusal above used none of c1's allowance: another client of c1 has 4 left.
    codes = [
        client.post("/v1/signalen", headers=creditor("c1", f"b{i}")).status_code for i in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]


def test_unauthenticated_pushes_are_401_before_any_counting() -> None:
    client = TestClient(build_app(rate_limit_per_client="1/minute"))
    assert client.post("/v1/signalen").status_code == 401
    assert client.post("/v1/signalen", headers=creditor("c1")).status_code == 200


def test_the_429_is_documented_with_retry_after() -> None:
    operation = build_app().openapi()["paths"]["/v1/signalen"]["post"]
    assert "Retry-After" in operation["responses"]["429"]["headers"]


@pytest.mark.parametrize("limit", ["", "lots", "5 per", "-1/second"])
def test_a_malformed_limit_is_refused_at_start(limit: str) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        ServiceSettings(rate_limit_per_creditor=limit)


@pytest.mark.parametrize("path", ["/v1/signalen", "/v1/signaal-batches"])
def test_the_signals_push_endpoints_are_limited(client_for, path: str) -> None:
    client = client_for("signals", rate_limit_per_creditor="1/minute")
    first = client.post(path, headers=creditor("c9"), json={})
    assert first.status_code in (400, 202)  # admitted; the empty body is then judged
    refused = client.post(path, headers=creditor("c9"), json={})
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
