"""Settings of the trajectory service (environment variables prefixed `TRAJECTORY_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class TrajectorySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TRAJECTORY_", extra="ignore", frozen=True)

    service_name: str = Field(default="trajectory", exclude=True)
    port: int = Field(default=8003, ge=1, le=65535)
