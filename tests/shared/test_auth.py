"""Bearer-token verification, role checks, the service token and the development token CLI."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from shared import auth
from shared.auth import (
    CurrentPrincipal,
    Principal,
    Role,
    TokenVerifier,
    mint_token,
    require_roles,
    service_token,
)
from shared.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from shared.settings import (
    DEFAULT_AUDIENCE,
    DEFAULT_ISSUER,
    DEVELOPMENT_JWT_SECRET,
    REPO_ROOT,
    ServiceSettings,
)
from shared.token_cli import main as token_cli_main

SECRET = "test-signing-key-that-is-long-enough-for-hs256"
OTHER_SECRET = "another-signing-key-that-is-long-enough-too!!"
JWKS_URL = "https://idp.example.invalid/realms/balans/protocol/openid-connect/certs"
SETTINGS_ENV = ("ENVIRONMENT", "JWT_SECRET", "JWT_JWKS_URL", "JWT_AUDIENCE", "JWT_ISSUER")


@pytest.fixture(autouse=True)
def clean_settings_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the runner's own JWT/ENVIRONMENT variables out of these tests."""
    for name in (*SETTINGS_ENV, "SERVICE_TOKEN", "PSEUDONYM_KEY"):
        monkeypatch.delenv(name, raising=False)


def hs256_settings(secret: str = SECRET) -> ServiceSettings:
    return ServiceSettings(JWT_SECRET=secret)


def jwks_settings() -> ServiceSettings:
    return ServiceSettings(JWT_JWKS_URL=JWKS_URL)


def build_app(verifier: TokenVerifier) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.state.token_verifier = verifier

    @app.get("/dossiers")
    async def dossiers(
        principal: Principal = Depends(require_roles(Role.consulent)),
    ) -> dict[str, Any]:
        return {"subject": principal.subject, "roles": sorted(principal.roles)}

    @app.get("/whoami")
    async def whoami(request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
        stored: Principal = request.state.principal
        return {
            "subject": stored.subject,
            "roles": sorted(principal.roles),
            "creditor_id": principal.creditor_id,
            "partner_type": principal.partner_type,
        }

    return app


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_app(TokenVerifier(hs256_settings())))


def token(**overrides: Any) -> str:
    arguments: dict[str, Any] = {"secret": SECRET, "subject": "u123", "roles": ["consulent"]}
    arguments.update(overrides)
    return mint_token(**arguments)


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def raw_claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": "u123",
        "roles": ["consulent"],
        "aud": DEFAULT_AUDIENCE,
        "iss": DEFAULT_ISSUER,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def assert_unauthorized(response: Any) -> None:
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401


def test_missing_token_is_401_problem_with_www_authenticate(client: TestClient) -> None:
    response = client.get("/dossiers")
    assert_unauthorized(response)
    assert response.json()["type"].endswith("/unauthorized")
    assert response.json()["instance"] == "/dossiers"


def test_non_bearer_authorization_is_401(client: TestClient) -> None:
    assert_unauthorized(client.get("/dossiers", headers={"Authorization": "Basic dXNlcjpwdw=="}))


def test_malformed_token_is_401_without_echoing_it(client: TestClient) -> None:
    response = client.get("/dossiers", headers=bearer("not.a-jwt-secret-value"))
    assert_unauthorized(response)
    assert "a-jwt-secret-value" not in response.text


def test_expired_token_is_401(client: TestClient) -> None:
    response = client.get("/dossiers", headers=bearer(token(ttl=timedelta(minutes=-5))))
    assert_unauthorized(response)
    assert "verlopen" in response.json()["detail"]


def test_recently_expired_token_is_accepted_within_leeway(client: TestClient) -> None:
    response = client.get("/dossiers", headers=bearer(token(ttl=timedelta(seconds=-10))))
    assert response.status_code == 200


def test_token_signed_with_another_key_is_401(client: TestClient) -> None:
    assert_unauthorized(client.get("/dossiers", headers=bearer(token(secret=OTHER_SECRET))))


def test_token_for_another_audience_is_401(client: TestClient) -> None:
    assert_unauthorized(client.get("/dossiers", headers=bearer(token(audience="andere-dienst"))))


def test_token_from_another_issuer_is_401(client: TestClient) -> None:
    assert_unauthorized(
        client.get("/dossiers", headers=bearer(token(issuer="https://evil.example")))
    )


def test_token_without_exp_is_401(client: TestClient) -> None:
    unsigned_exp = jwt.encode(raw_claims(exp=None), SECRET, algorithm="HS256")
    response = client.get("/dossiers", headers=bearer(unsigned_exp))
    assert_unauthorized(response)
    assert "exp" in response.json()["detail"]


def test_token_with_alg_none_is_401(client: TestClient) -> None:
    def segment(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = raw_claims()
    claims["iat"] = int(claims["iat"].timestamp())
    claims["exp"] = int(claims["exp"].timestamp())
    unsigned = f"{segment({'alg': 'none', 'typ': 'JWT'})}.{segment(claims)}."
    assert_unauthorized(client.get("/dossiers", headers=bearer(unsigned)))


def test_valid_token_without_the_role_is_403(client: TestClient) -> None:
    response = client.get("/dossiers", headers=bearer(token(roles=["loket"])))
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.json()["detail"] == "Deze handeling vraagt een van de rollen: consulent."


def test_admin_gets_no_implicit_access(client: TestClient) -> None:
    assert client.get("/dossiers", headers=bearer(token(roles=["admin"]))).status_code == 403


def test_valid_token_with_the_role_is_200(client: TestClient) -> None:
    response = client.get("/dossiers", headers=bearer(token()))
    assert response.status_code == 200
    assert response.json() == {"subject": "u123", "roles": ["consulent"]}


def test_unknown_role_names_are_ignored(client: TestClient) -> None:
    response = client.get("/whoami", headers=bearer(token(roles=["consulent", "superuser"])))
    assert response.status_code == 200
    assert response.json()["roles"] == ["consulent"]


def test_roles_claim_that_is_not_a_list_is_401(client: TestClient) -> None:
    bad = jwt.encode(raw_claims(roles="consulent"), SECRET, algorithm="HS256")
    assert_unauthorized(client.get("/whoami", headers=bearer(bad)))


def test_principal_is_kept_on_request_state(client: TestClient) -> None:
    response = client.get("/whoami", headers=bearer(token(subject="medewerker-7")))
    assert response.json()["subject"] == "medewerker-7"


def test_creditor_token_carries_creditor_id_and_partner_type(client: TestClient) -> None:
    creditor = token(roles=["creditor"], creditor_id="woningstichting-1", partner_type="Huur")
    body = client.get("/whoami", headers=bearer(creditor)).json()
    assert body["roles"] == ["creditor"]
    assert body["creditor_id"] == "woningstichting-1"
    assert body["partner_type"] == "Huur"


def test_creditor_token_without_creditor_id_is_401(client: TestClient) -> None:
    response = client.get("/whoami", headers=bearer(token(roles=["creditor"])))
    assert_unauthorized(response)
    assert "creditor_id" in response.json()["detail"]


def test_keycloak_realm_access_roles_are_accepted(client: TestClient) -> None:
    claims = raw_claims(roles=None, realm_access={"roles": ["consulent", "offline_access"]})
    keycloak = jwt.encode(claims, SECRET, algorithm="HS256")
    response = client.get("/dossiers", headers=bearer(keycloak))
    assert response.status_code == 200
    assert response.json()["roles"] == ["consulent"]


def test_openapi_declares_the_bearer_scheme(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert document["paths"]["/dossiers"]["get"]["security"] == [{"bearer": []}]


def test_principal_has_any() -> None:
    principal = Principal("u1", frozenset({Role.loket}), None, None)
    assert principal.has_any(Role.consulent, Role.loket)
    assert not principal.has_any(Role.consulent)


def test_require_roles_needs_a_role() -> None:
    with pytest.raises(ValueError, match="at least one role"):
        require_roles()


def test_short_hs256_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        TokenVerifier(hs256_settings("short"))


class StaticJWKClient(jwt.PyJWKClient):
    """A PyJWKClient serving a fixed JWKS instead of fetching one."""

    def __init__(self, jwks: dict[str, Any] | None) -> None:
        super().__init__(JWKS_URL)
        self.jwks = jwks

    def fetch_data(self) -> Any:
        if self.jwks is None:
            raise jwt.PyJWKClientConnectionError("unreachable")
        return self.jwks


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture
def jwks_client(rsa_key: rsa.RSAPrivateKey, ec_key: ec.EllipticCurvePrivateKey) -> TestClient:
    rsa_jwk = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    ec_jwk = ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True)
    jwks = {
        "keys": [
            {**rsa_jwk, "kid": "rsa-1", "use": "sig", "alg": "RS256"},
            {**ec_jwk, "kid": "ec-1", "use": "sig", "alg": "ES256"},
        ]
    }
    verifier = TokenVerifier(jwks_settings(), jwks_client=StaticJWKClient(jwks))
    return TestClient(build_app(verifier))


def test_rs256_token_from_the_jwks_is_accepted(
    jwks_client: TestClient, rsa_key: rsa.RSAPrivateKey
) -> None:
    signed = jwt.encode(raw_claims(), rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    response = jwks_client.get("/dossiers", headers=bearer(signed))
    assert response.status_code == 200


def test_es256_token_from_the_jwks_is_accepted(
    jwks_client: TestClient, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    signed = jwt.encode(raw_claims(), ec_key, algorithm="ES256", headers={"kid": "ec-1"})
    assert jwks_client.get("/dossiers", headers=bearer(signed)).status_code == 200


def test_hs256_token_is_refused_when_jwks_is_configured(jwks_client: TestClient) -> None:
    own_secret = token(secret=DEVELOPMENT_JWT_SECRET)
    assert_unauthorized(jwks_client.get("/dossiers", headers=bearer(own_secret)))


def test_rs256_token_with_unknown_kid_is_401(
    jwks_client: TestClient, rsa_key: rsa.RSAPrivateKey
) -> None:
    signed = jwt.encode(raw_claims(), rsa_key, algorithm="RS256", headers={"kid": "elders"})
    assert_unauthorized(jwks_client.get("/dossiers", headers=bearer(signed)))


def test_rs256_token_signed_by_another_key_is_401(jwks_client: TestClient) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signed = jwt.encode(raw_claims(), stranger, algorithm="RS256", headers={"kid": "rsa-1"})
    assert_unauthorized(jwks_client.get("/dossiers", headers=bearer(signed)))


def test_unreachable_jwks_is_503(rsa_key: rsa.RSAPrivateKey) -> None:
    verifier = TokenVerifier(jwks_settings(), jwks_client=StaticJWKClient(None))
    signed = jwt.encode(raw_claims(), rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    response = TestClient(build_app(verifier)).get("/dossiers", headers=bearer(signed))
    assert response.status_code == 503


def test_verifier_uses_jwks_when_settings_name_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not TokenVerifier(ServiceSettings()).uses_jwks
    monkeypatch.setenv("JWT_JWKS_URL", JWKS_URL)
    assert TokenVerifier(ServiceSettings()).uses_jwks


def test_service_token_prefers_the_configured_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVICE_TOKEN", "configured-token")
    assert service_token(ServiceSettings()) == "configured-token"


def test_service_token_is_minted_and_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_service_tokens", {})
    settings = ServiceSettings(service_name="intake")
    first = service_token(settings)
    assert service_token(settings) == first
    principal = TokenVerifier(settings).verify(first)
    assert principal.subject == "service:intake"
    assert principal.roles == frozenset({Role.service})


def test_service_token_is_renewed_near_expiry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_service_tokens", {})
    minted: list[str] = []

    def counting_mint(**arguments: Any) -> str:
        minted.append(arguments["subject"])
        return f"token-{len(minted)}"

    monkeypatch.setattr(auth, "mint_token", counting_mint)
    settings = ServiceSettings(service_name="signals")
    service_token(settings)
    service_token(settings)
    assert minted == ["service:signals"]
    near_expiry = time.time() + (auth.SERVICE_TOKEN_TTL - timedelta(minutes=1)).total_seconds()
    monkeypatch.setattr(time, "time", lambda: near_expiry)
    assert service_token(settings) == "token-2"
    assert minted == ["service:signals", "service:signals"]


def test_service_token_needs_configuration_with_jwks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JWT_JWKS_URL", JWKS_URL)
    with pytest.raises(RuntimeError, match="SERVICE_TOKEN"):
        service_token(ServiceSettings())


def test_cli_prints_a_token_that_verifies(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--role", "creditor", "--role", "loket", "--creditor", "c-9", "--partner-type", "Huur"]
    assert token_cli_main(argv) == 0
    printed = capsys.readouterr().out.strip()
    principal = TokenVerifier(ServiceSettings()).verify(printed)
    assert principal.roles == frozenset({Role.creditor, Role.loket})
    assert (principal.subject, principal.creditor_id, principal.partner_type) == (
        "dev:creditor",
        "c-9",
        "Huur",
    )


def test_cli_runs_as_python_m_shared_auth() -> None:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "shared.auth", "--role", "consulent", "--subject", "anna"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    principal = TokenVerifier(ServiceSettings()).verify(result.stdout.strip())
    assert principal.subject == "anna"
    assert principal.roles == frozenset({Role.consulent})


def test_cli_refuses_creditor_without_id(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit) as exit_info:
        token_cli_main(["--role", "creditor"])
    assert exit_info.value.code == 2


def test_production_refuses_the_development_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    with pytest.raises(ValueError, match="development JWT signing key"):
        ServiceSettings()
    with pytest.raises(SystemExit) as exit_info:
        token_cli_main(["--role", "consulent"])
    assert exit_info.value.code == 2


def test_cli_refuses_production_even_with_real_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.setenv("PSEUDONYM_KEY", "a-production-pseudonym-key-of-length")
    with pytest.raises(SystemExit) as exit_info:
        token_cli_main(["--role", "consulent"])
    assert exit_info.value.code == 2
    assert "production" in capsys.readouterr().err


def test_a_verified_token_is_not_verified_again(monkeypatch: pytest.MonkeyPatch) -> None:
    verifier = TokenVerifier(hs256_settings())
    value = token()
    first = verifier.verify(value)
    decoded: list[str] = []
    monkeypatch.setattr(jwt, "decode", lambda *a, **k: decoded.append("x"))
    assert verifier.verify(value) == first
    assert verifier.cached(value) == first
    assert decoded == []


def test_a_token_is_cached_no_longer_than_its_exp() -> None:
    verifier = TokenVerifier(hs256_settings())
    in_leeway = token(ttl=timedelta(seconds=-10))  # past exp, still accepted within the leeway
    assert verifier.verify(in_leeway).subject == "u123"
    assert verifier.cached(in_leeway) is None
    valid = token(ttl=timedelta(minutes=5))
    verifier.verify(valid)
    assert verifier.cached(valid) is not None


def test_an_invalid_token_is_never_cached(client: TestClient) -> None:
    verifier: TokenVerifier = client.app.state.token_verifier  # type: ignore[attr-defined]
    bad = token(secret=OTHER_SECRET)
    for _ in range(2):
        assert_unauthorized(client.get("/dossiers", headers=bearer(bad)))
    assert verifier.cached(bad) is None


def test_the_cache_of_verified_tokens_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "VERIFIED_TOKEN_CACHE_SIZE", 3)
    verifier = TokenVerifier(hs256_settings())
    values = [token(subject=f"u{i}") for i in range(5)]
    for value in values:
        verifier.verify(value)
    assert sum(verifier.cached(v) is not None for v in values) <= 3
    assert verifier.cached(values[-1]) is not None


def test_a_cached_jwks_token_needs_no_key_fetch(rsa_key: rsa.RSAPrivateKey) -> None:
    rsa_jwk = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    keys = StaticJWKClient({"keys": [{**rsa_jwk, "kid": "rsa-1", "use": "sig", "alg": "RS256"}]})
    keys.jwk_set_cache = None  # every lookup fetches: only the token cache can spare one
    client = TestClient(build_app(TokenVerifier(jwks_settings(), jwks_client=keys)))
    value = jwt.encode(raw_claims(), rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    assert client.get("/dossiers", headers=bearer(value)).status_code == 200
    keys.jwks = None  # the identity provider is now unreachable
    assert client.get("/dossiers", headers=bearer(value)).status_code == 200
