"""Settings of the intake service (environment variables prefixed `INTAKE_`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore", frozen=True)

    service_name: str = Field(default="intake", exclude=True)
    port: int = Field(default=8001, ge=1, le=65535)
    templates_dir: Path | None = Field(
        default=None,
        description="Folder with the municipality's own letter templates (INTAKE_TEMPLATES_DIR); "
        "a template missing there is taken from the built-in set.",
    )
    bekendheid_timeout_seconds: float = Field(
        default=2.0,
        gt=0,
        le=30,
        description="How long the desk waits for trajectory's recidive answer before it "
        "registers the melding with recidive unknown.",
    )
    bekendheid_pauze_seconds: float = Field(
        default=30.0,
        ge=0,
        le=3600,
        description="After trajectory failed to answer, how long registrations record recidive "
        "`onbekend` without asking it again (0: ask every time).",
    )
    termijnbewaking_interval_seconds: float = Field(
        default=3600.0,
        gt=0,
        description="How often the deadline watch judges the deadlines that passed without "
        "action (INTAKE_TERMIJNBEWAKING_INTERVAL_SECONDS).",
    )

    @field_validator("templates_dir")
    @classmethod
    def _existing_folder(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"INTAKE_TEMPLATES_DIR {value} is not a folder")
        return value
