"""Settings of the intake service (environment variables prefixed `INTAKE_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore", frozen=True)

    service_name: str = Field(default="intake", exclude=True)
    port: int = Field(default=8001, ge=1, le=65535)
