"""Settings of the reporting service (environment variables prefixed `REPORTING_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore", frozen=True)

    service_name: str = Field(default="reporting", exclude=True)
    port: int = Field(default=8004, ge=1, le=65535)
