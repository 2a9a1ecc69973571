"""Bearer-token authentication and role checks shared by every service.

Development and tests: HS256 tokens signed with `JWT_SECRET` (mint one with
`python -m shared.auth --role consulent`; see `shared.token_cli`). Production: RS256/ES256
tokens of an OIDC identity provider, verified against `JWT_JWKS_URL`. Each app keeps its verifier at
`app.state.token_verifier`; endpoints depend on `require_roles(...)` or `CurrentPrincipal`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import httpx
import jwt
from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from shared.problems import Forbidden, ServiceUnavailable, Unauthorized
from shared.settings import DEFAULT_AUDIENCE, DEFAULT_ISSUER, ServiceSettings

LEEWAY = timedelta(seconds=30)
MIN_SECRET_LENGTH = 32
ASYMMETRIC_ALGORITHMS = ("RS256", "ES256")
SERVICE_TOKEN_TTL = timedelta(hours=1)
SERVICE_TOKEN_RENEW_BEFORE = timedelta(minutes=5)
# Verified tokens are remembered until they expire: a client sends the same token with every
# request, and verifying it (PyJWT, and for JWKS a thread hop) cost about 13% of a small request.
VERIFIED_TOKEN_CACHE_SIZE = 4096


class Role(StrEnum):
    """A role a token can grant; the identity provider issues them."""

    creditor = "creditor"
    loket = "loket"
    consulent = "consulent"
    coordinator = "coordinator"
    kwaliteit = "kwaliteit"
    bi = "bi"
    privacy = "privacy"
    service = "service"
    admin = "admin"


@dataclass(frozen=True)
class Principal:
    """The verified caller of a request."""

    subject: str
    roles: frozenset[Role]
    creditor_id: str | None = None
    partner_type: str | None = None

    def has_any(self, *roles: Role) -> bool:
        """Whether the caller holds at least one of `roles`."""
        return not self.roles.isdisjoint(roles)


def _optional_string(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise Unauthorized(f"Claim '{name}' is ongeldig.")
    return value


def _role_strings(claims: Mapping[str, Any]) -> list[str]:
    realm_access = claims.get("realm_access")
    sources = [claims.get("roles")]
    if isinstance(realm_access, Mapping):
        sources.append(realm_access.get("roles"))
    found: list[str] = []
    for source in sources:
        if source is None:
            continue
        if not isinstance(source, list) or not all(isinstance(r, str) for r in source):
            raise Unauthorized("Claim 'roles' moet een lijst van teksten zijn.")
        found.extend(source)
    return found


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """Build the Principal from verified claims; unknown role names are ignored."""
    known = {role.value for role in Role}
    roles = frozenset(Role(name) for name in _role_strings(claims) if name in known)
    creditor_id = _optional_string(claims, "creditor_id")
    if Role.creditor in roles and creditor_id is None:
        raise Unauthorized("Een token met rol creditor moet een creditor_id bevatten.")
    return Principal(
        subject=str(claims["sub"]),
        roles=roles,
        creditor_id=creditor_id,
        partner_type=_optional_string(claims, "partner_type"),
    )


class TokenVerifier:
    """Verifies bearer tokens: HS256 with a shared secret, or RS256/ES256 against a JWKS."""

    def __init__(
        self,
        settings: ServiceSettings,
        *,
        jwks_client: jwt.PyJWKClient | None = None,
        leeway: timedelta = LEEWAY,
    ) -> None:
        if jwks_client is None and settings.jwt_jwks_url:
            jwks_client = jwt.PyJWKClient(settings.jwt_jwks_url, lifespan=300, timeout=5)
        if jwks_client is None and len(settings.jwt_secret.encode()) < MIN_SECRET_LENGTH:
            raise ValueError(f"JWT_SECRET must be at least {MIN_SECRET_LENGTH} bytes for HS256")
        self.audience = settings.jwt_audience
        self.issuer = settings.jwt_issuer
        self.leeway = leeway
        self._secret = settings.jwt_secret
        self._jwks_client = jwks_client
        self._verified: dict[str, tuple[Principal, float]] = {}

    @property
    def uses_jwks(self) -> bool:
        """Whether verification may fetch keys over the network (call it off the event loop)."""
        return self._jwks_client is not None

    def cached(self, token: str) -> Principal | None:
        """The Principal of a token verified before and not yet expired, else None."""
        hit = self._verified.get(token)
        if hit is None:
            return None
        principal, expires_at = hit
        if time.time() >= expires_at:
            del self._verified[token]
            return None
        return principal

    def verify(self, token: str) -> Principal:
        """The Principal of a valid token; raises Unauthorized for any invalid one."""
        principal = self.cached(token)
        if principal is None:
            principal, expires_at = self._verify_signature_and_claims(token)
            if len(self._verified) >= VERIFIED_TOKEN_CACHE_SIZE:
                self._verified.clear()
            self._verified[token] = (principal, expires_at)
        return principal

    def _verify_signature_and_claims(self, token: str) -> tuple[Principal, float]:
        try:
            key: jwt.PyJWK | str
            if self._jwks_client is None:
                key, algorithms = self._secret, ["HS256"]
            else:
                if jwt.get_unverified_header(token).get("alg") not in ASYMMETRIC_ALGORITHMS:
                    raise Unauthorized("Token-algoritme niet toegestaan.")
                key, algorithms = self._signing_key(token), list(ASYMMETRIC_ALGORITHMS)
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("Token is verlopen.") from None
        except jwt.MissingRequiredClaimError as exc:
            raise Unauthorized(f"Token mist claim '{exc.claim}'.") from None
        except jwt.InvalidAudienceError:
            raise Unauthorized("Token is niet voor deze dienst bedoeld.") from None
        except jwt.InvalidIssuerError:
            raise Unauthorized("Token komt van een onbekende uitgever.") from None
        except jwt.PyJWTError:
            raise Unauthorized("Token is ongeldig.") from None
        # Remembered until `exp` without the leeway: a cached token never outlives the one check.
        return principal_from_claims(claims), float(claims["exp"])

    def _signing_key(self, token: str) -> jwt.PyJWK:
        assert self._jwks_client is not None
        try:
            return self._jwks_client.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError:
            detail = "De sleutels van de identity provider zijn onbereikbaar."
            raise ServiceUnavailable(detail) from None


def mint_token(
    *,
    secret: str,
    subject: str,
    roles: Iterable[str],
    creditor_id: str | None = None,
    partner_type: str | None = None,
    audience: str = DEFAULT_AUDIENCE,
    issuer: str = DEFAULT_ISSUER,
    ttl: timedelta = timedelta(hours=12),
) -> str:
    """An HS256 token for development and tests."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": subject,
        "roles": sorted(set(roles)),
        "aud": audience,
        "iss": issuer,
        "iat": now,
        "exp": now + ttl,
    }
    if creditor_id is not None:
        claims["creditor_id"] = creditor_id
    if partner_type is not None:
        claims["partner_type"] = partner_type
    return jwt.encode(claims, secret, algorithm="HS256")


_service_tokens: dict[tuple[str, ...], tuple[str, float]] = {}
_service_tokens_lock = threading.Lock()


# Tests put an httpx transport here to stand in for the identity provider's token endpoint.
token_endpoint_transport: httpx.BaseTransport | None = None


def _client_credentials_token(settings: ServiceSettings) -> str:
    """A token of the identity provider (client credentials), cached until shortly before exp.

    Synchronous: it runs at most once per token lifetime (and on the caller's first call), and
    its failure is an httpx.HTTPError, which the relay and the service client retry."""
    key = (settings.oidc_token_url, settings.service_client_id)
    with _service_tokens_lock:
        cached = _service_tokens.get(key)
        if cached is not None and time.time() < cached[1]:
            return cached[0]
        with httpx.Client(timeout=5.0, transport=token_endpoint_transport) as client:
            response = client.post(
                settings.oidc_token_url,
                data={"grant_type": "client_credentials"},
                auth=(settings.service_client_id, settings.service_client_secret),
            )
            response.raise_for_status()
        document = response.json()
        token, lifetime = str(document["access_token"]), float(document.get("expires_in", 60))
        renew_before = min(SERVICE_TOKEN_RENEW_BEFORE.total_seconds(), lifetime / 2)
        _service_tokens[key] = (token, time.time() + lifetime - renew_before)
        return token


def service_token(settings: ServiceSettings) -> str:
    """The bearer token for calls to other services: SERVICE_TOKEN, else one of the identity
    provider (OIDC_TOKEN_URL and SERVICE_CLIENT_ID), else a cached minted one."""
    if settings.service_token:
        return settings.service_token
    if settings.oidc_token_url and settings.service_client_id:
        return _client_credentials_token(settings)
    if settings.jwt_jwks_url:
        raise RuntimeError(
            "SERVICE_TOKEN, or OIDC_TOKEN_URL with SERVICE_CLIENT_ID, is required with JWT_JWKS_URL"
        )
    key = (settings.service_name, settings.jwt_secret, settings.jwt_audience, settings.jwt_issuer)
    with _service_tokens_lock:
        cached = _service_tokens.get(key)
        if cached is not None and time.time() < cached[1]:
            return cached[0]
        token = mint_token(
            secret=settings.jwt_secret,
            subject=f"service:{settings.service_name}",
            roles=[Role.service],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            ttl=SERVICE_TOKEN_TTL,
        )
        renew_at = time.time() + (SERVICE_TOKEN_TTL - SERVICE_TOKEN_RENEW_BEFORE).total_seconds()
        _service_tokens[key] = (token, renew_at)
        return token


bearer = HTTPBearer(auto_error=False, scheme_name="bearer")


# The bearer token as a dependency parameter; `Security` also puts the scheme in the OpenAPI.
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]


async def principal_from(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    """The verified caller; also kept at `request.state.principal` for logging."""
    if credentials is None:
        raise Unauthorized()
    verifier: TokenVerifier = request.app.state.token_verifier
    principal = verifier.cached(credentials.credentials)
    if principal is None and verifier.uses_jwks:
        principal = await run_in_threadpool(verifier.verify, credentials.credentials)
    elif principal is None:
        principal = verifier.verify(credentials.credentials)
    request.state.principal = principal
    return principal


async def current_principal(request: Request, credentials: BearerCredentials) -> Principal:
    """The verified caller, whatever their roles."""
    return await principal_from(request, credentials)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def authorizer(
    *roles: Role,
) -> Callable[[Request, HTTPAuthorizationCredentials | None], Coroutine[Any, Any, Principal]]:
    """A plain function admitting callers with any of `roles` (admin gets no implicit bypass),
    for a service's own context dependency to call with its `BearerCredentials`: one dependency
    level instead of three, which FastAPI solves again for every request."""
    if not roles:
        raise ValueError("require_roles needs at least one role")
    allowed = ", ".join(role.value for role in roles)

    async def authorize(
        request: Request, credentials: HTTPAuthorizationCredentials | None
    ) -> Principal:
        principal = await principal_from(request, credentials)
        if not principal.has_any(*roles):
            raise Forbidden(f"Deze handeling vraagt een van de rollen: {allowed}.")
        return principal

    return authorize


def require_roles(*roles: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency admitting callers with any of `roles`; admin gets no implicit bypass."""
    authorize = authorizer(*roles)

    async def dependency(request: Request, credentials: BearerCredentials) -> Principal:
        return await authorize(request, credentials)

    return dependency


if __name__ == "__main__":
    from shared.token_cli import main

    raise SystemExit(main())
