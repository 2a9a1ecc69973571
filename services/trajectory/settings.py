"""Settings of the trajectory service (environment variables prefixed `TRAJECTORY_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class TrajectorySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TRAJECTORY_", extra="ignore", frozen=True)

    service_name: str = Field(default="trajectory", exclude=True)
    port: int = Field(default=8003, ge=1, le=65535)
    # Deadlines are dates: the watch runs at start-up and then hourly, so a deadline that
    # passed is reported within the hour after midnight.
    termijnbewaking_interval_seconds: float = Field(default=3600.0, gt=0)
