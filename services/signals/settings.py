"""Settings of the signals service (environment variables prefixed `SIGNALS_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class SignalsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SIGNALS_", extra="ignore", frozen=True)

    service_name: str = Field(default="signals", exclude=True)
    port: int = Field(default=8002, ge=1, le=65535)
