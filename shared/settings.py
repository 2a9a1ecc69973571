"""Typed settings, read from environment variables, validated at start-up (fail fast).

Settings every service shares have plain names (`ENVIRONMENT`, `JWT_SECRET`, ...); what belongs
to one service carries its prefix (`INTAKE_DATABASE_URL`, `INTAKE_PORT`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from limits import parse_many
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_JWT_SECRET = "balans-development-signing-key-not-for-production-use"  # noqa: S105
DEVELOPMENT_PSEUDONYM_KEY = "balans-development-pseudonym-key-not-for-production"
DEFAULT_AUDIENCE = "balans"
DEFAULT_ISSUER = "balans-dev"
REPO_ROOT = Path(__file__).resolve().parent.parent


class ServiceSettings(BaseSettings):
    """Settings of one service; subclasses set `service_name`, the env prefix and the port."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    service_name: str = Field(default="balans", exclude=True)

    environment: Literal["development", "test", "production"] = Field(
        default="development", validation_alias="ENVIRONMENT"
    )
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty: var/<service>.db")
    # PostgreSQL connection pool per process (<SERVICE>_DB_POOL_SIZE, ...): at most
    # pool_size + max_overflow connections; a checkout waits pool_timeout seconds, then 503.
    db_pool_size: int = Field(default=5, ge=1, le=100)
    db_max_overflow: int = Field(default=10, ge=0, le=100)
    db_pool_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    db_pool_recycle_seconds: int = Field(
        default=1800, ge=-1, description="Retire pooled connections older than this; -1: never."
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    public_url: str = Field(default="", description="Base URL clients use; empty: http://host:port")

    # Authentication: HS256 with a shared secret (development), or RS256 against a JWKS (OIDC).
    jwt_secret: str = Field(default=DEVELOPMENT_JWT_SECRET, validation_alias="JWT_SECRET")
    jwt_jwks_url: str = Field(default="", validation_alias="JWT_JWKS_URL")
    jwt_audience: str = Field(default=DEFAULT_AUDIENCE, validation_alias="JWT_AUDIENCE")
    jwt_issuer: str = Field(default=DEFAULT_ISSUER, validation_alias="JWT_ISSUER")
    service_token: str = Field(
        default="",
        validation_alias="SERVICE_TOKEN",
        description="Bearer token for calls to other services; empty: minted with JWT_SECRET.",
    )
    # Or fetched from the identity provider (OAuth 2 client credentials) and renewed before expiry.
    oidc_token_url: str = Field(default="", validation_alias="OIDC_TOKEN_URL")
    service_client_id: str = Field(default="", validation_alias="SERVICE_CLIENT_ID")
    service_client_secret: str = Field(default="", validation_alias="SERVICE_CLIENT_SECRET")

    pseudonym_key: str = Field(default=DEVELOPMENT_PSEUDONYM_KEY, validation_alias="PSEUDONYM_KEY")
    policy_file: Path | None = Field(
        default=None,
        validation_alias="POLICY_FILE",
        description="The municipality's policy configuration; empty: Amstelveen's (GM0362).",
    )

    # Peers, for service-to-service calls.
    intake_url: str = Field(default="http://127.0.0.1:8001", validation_alias="INTAKE_URL")
    signals_url: str = Field(default="http://127.0.0.1:8002", validation_alias="SIGNALS_URL")
    trajectory_url: str = Field(default="http://127.0.0.1:8003", validation_alias="TRAJECTORY_URL")
    reporting_url: str = Field(default="http://127.0.0.1:8004", validation_alias="REPORTING_URL")

    # Pushes by creditors and partners (shared/ratelimit.py): `limits` strings, ";" between.
    rate_limit_per_creditor: str = Field(
        default="25/second;1000/minute", validation_alias="RATE_LIMIT_PER_CREDITOR"
    )
    rate_limit_per_client: str = Field(
        default="25/second;1000/minute", validation_alias="RATE_LIMIT_PER_CLIENT"
    )
    rate_limit_storage: str = Field(
        default="memory+inline://", validation_alias="RATE_LIMIT_STORAGE"
    )
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, validation_alias="MAX_BODY_BYTES")

    outbox_interval_seconds: float = Field(default=1.0, gt=0)
    run_background_jobs: bool = Field(
        default=True, description="Run the outbox relay (and pollers) inside this process."
    )

    @model_validator(mode="after")
    def _refuse_development_keys_in_production(self) -> ServiceSettings:
        if self.environment == "production":
            if self.jwt_secret == DEVELOPMENT_JWT_SECRET and not self.jwt_jwks_url:
                raise ValueError("ENVIRONMENT=production refuses the development JWT signing key")
            if self.pseudonym_key == DEVELOPMENT_PSEUDONYM_KEY:
                raise ValueError("ENVIRONMENT=production refuses the development pseudonym key")
        for limit in (self.rate_limit_per_creditor, self.rate_limit_per_client):
            try:
                parse_many(limit)
            except ValueError:
                example = "'25/second;1000/minute'"
                raise ValueError(f"not a rate limit: {limit!r} (e.g. {example})") from None
        if len(self.pseudonym_key) < 16:
            raise ValueError("PSEUDONYM_KEY must be at least 16 characters")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{REPO_ROOT / 'var' / (self.service_name + '.db')}"

    @property
    def resolved_public_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"
