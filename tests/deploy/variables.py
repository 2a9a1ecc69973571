"""Every environment variable the system reads: the settings classes' fields (by the name
pydantic-settings looks up) and the container entry point's own."""

from __future__ import annotations

from pydantic_settings import BaseSettings

from services.intake.settings import IntakeSettings
from services.reporting.settings import ReportingSettings
from services.signals.settings import SignalsSettings
from services.trajectory.settings import TrajectorySettings
from shared.settings import ServiceSettings

SETTINGS_CLASSES: tuple[type[ServiceSettings], ...] = (
    IntakeSettings,
    SignalsSettings,
    TrajectorySettings,
    ReportingSettings,
)
# Read by deploy/serve.py and deploy/healthcheck.py in the container, not by the services.
ENTRY_POINT_VARIABLES = frozenset({"SERVICE", "HOST", "PORT", "GRACEFUL_SHUTDOWN_SECONDS"})


def variables_of(settings: type[BaseSettings]) -> dict[str, str]:
    """{environment variable: field name} of one settings class."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    found: dict[str, str] = {}
    for name, field in settings.model_fields.items():
        if field.exclude:  # fixed per class (service_name), not configuration
            continue
        alias = field.validation_alias
        found[alias if isinstance(alias, str) else (prefix + name).upper()] = name
    return found


def all_variables() -> set[str]:
    """Every variable of the four services' settings, plus the entry point's."""
    names = set(ENTRY_POINT_VARIABLES)
    for settings in SETTINGS_CLASSES:
        names.update(variables_of(settings))
    return names
