"""The services' own token from the identity provider (OAuth 2 client credentials), as with
Keycloak's `balans-service` client: fetched once, reused, renewed before it expires."""

from __future__ import annotations

import httpx
import pytest

from shared import auth
from shared.settings import ServiceSettings

TOKEN_URL = "http://keycloak:8080/realms/balans/protocol/openid-connect/token"
JWKS_URL = "http://keycloak:8080/realms/balans/protocol/openid-connect/certs"


class TokenEndpoint:
    def __init__(self, *, status: int = 200, expires_in: int = 36000) -> None:
        self.requests: list[httpx.Request] = []
        self.status = status
        self.expires_in = expires_in

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.status != 200:
            return httpx.Response(self.status, json={"error": "unauthorized_client"})
        number = len(self.requests)
        return httpx.Response(
            200,
            json={
                "access_token": f"token-{number}",
                "expires_in": self.expires_in,
                "token_type": "Bearer",
            },
        )


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> TokenEndpoint:
    stand_in = TokenEndpoint()
    monkeypatch.setattr(auth, "token_endpoint_transport", httpx.MockTransport(stand_in))
    monkeypatch.setattr(auth, "_service_tokens", {})
    return stand_in


def settings(service_token: str = "") -> ServiceSettings:
    return ServiceSettings(
        JWT_JWKS_URL=JWKS_URL,
        OIDC_TOKEN_URL=TOKEN_URL,
        SERVICE_CLIENT_ID="balans-service",
        SERVICE_CLIENT_SECRET="geheim",
        SERVICE_TOKEN=service_token,
    )


def test_the_token_is_fetched_with_client_credentials_and_reused(endpoint: TokenEndpoint) -> None:
    assert auth.service_token(settings()) == "token-1"
    assert auth.service_token(settings()) == "token-1"
    (request,) = endpoint.requests
    assert str(request.url) == TOKEN_URL
    assert request.method == "POST"
    assert request.content == b"grant_type=client_credentials"
    expected = httpx.BasicAuth("balans-service", "geheim")
    assert (
        request.headers["authorization"]
        == next(expected.auth_flow(httpx.Request("POST", TOKEN_URL))).headers["authorization"]
    )


def test_the_token_is_renewed_before_it_expires(
    endpoint: TokenEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr("shared.auth.time.time", lambda: now[0])
    assert auth.service_token(settings()) == "token-1"
    now[0] += 36000 - 301  # more than five minutes left: still good
    assert auth.service_token(settings()) == "token-1"
    now[0] += 2  # within the last five minutes: a new one
    assert auth.service_token(settings()) == "token-2"
    assert len(endpoint.requests) == 2


def test_a_short_lived_token_is_renewed_halfway(
    endpoint: TokenEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint.expires_in = 60
    now = [1_000_000.0]
    monkeypatch.setattr("shared.auth.time.time", lambda: now[0])
    auth.service_token(settings())
    now[0] += 29
    assert auth.service_token(settings()) == "token-1"
    now[0] += 2
    assert auth.service_token(settings()) == "token-2"


def test_a_refusal_is_an_http_error_the_callers_retry(endpoint: TokenEndpoint) -> None:
    endpoint.status = 401
    with pytest.raises(httpx.HTTPStatusError):
        auth.service_token(settings())
    endpoint.status = 200
    assert auth.service_token(settings()) == "token-2"


def test_a_fixed_service_token_comes_first(endpoint: TokenEndpoint) -> None:
    assert auth.service_token(settings(service_token="vast")) == "vast"
    assert endpoint.requests == []


def test_with_an_identity_provider_one_of_the_two_is_required() -> None:
    with pytest.raises(RuntimeError, match="OIDC_TOKEN_URL"):
        auth.service_token(ServiceSettings(JWT_JWKS_URL=JWKS_URL))
