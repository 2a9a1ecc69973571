"""Settings of the reporting service (environment variables prefixed `REPORTING_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore", frozen=True)

    service_name: str = Field(default="reporting", exclude=True)
    port: int = Field(default=8004, ge=1, le=65535)
    poll_interval_seconds: float = Field(
        default=5.0, gt=0, description="Pause between two polling rounds of the event feeds."
    )
    poll_page_size: int = Field(
        default=500, ge=1, le=1000, description="Events asked per feed page (feed maximum 1000)."
    )
    indicator_threads: int = Field(
        default=4,
        ge=1,
        le=16,
        description=(
            "Threads that compute one request's indicators, each on a pooled connection of one "
            "snapshot (measured on 2 CPUs: 3 or 4 twice as fast as 1, docs/benchmarks.md)."
        ),
    )
    poll_max_pages: int = Field(
        default=50,
        ge=1,
        description="Pages read per source per round, so one source cannot hog it.",
    )
