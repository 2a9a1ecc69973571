"""Settings of the signals service (environment variables prefixed `SIGNALS_`)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class SignalsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SIGNALS_", extra="ignore", frozen=True)

    service_name: str = Field(default="signals", exclude=True)
    port: int = Field(default=8002, ge=1, le=65535)

    # Matching without BSN: a pair scoring at least `match_drempel` is one resident; between
    # the two thresholds it waits for a coordinator (review queue).
    match_drempel: float = Field(default=0.92, gt=0, le=1)
    match_grijs_drempel: float = Field(default=0.80, gt=0, le=1)

    batch_max_rijen: int = Field(default=100_000, ge=1)
    batch_max_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    batch_chunk_rijen: int = Field(default=10_000, ge=1)
    batch_poll_seconds: float = Field(default=1.0, gt=0)
    batch_lease_seconds: float = Field(default=60.0, gt=0)
    terugkoppel_interval_seconds: float = Field(default=5.0, gt=0)
    bewaar_interval_seconds: float = Field(default=86_400.0, gt=0)
    ddas_code_gegevensleverancier: str = Field(default="BALANS", min_length=1)

    @model_validator(mode="after")
    def _grey_zone_below_match(self) -> Self:
        if self.match_grijs_drempel > self.match_drempel:
            raise ValueError("match_grijs_drempel must not exceed match_drempel")
        return self
