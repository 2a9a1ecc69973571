"""The PostgreSQL connection pool is set per service from the environment (docs/operations.md)."""

from __future__ import annotations

import pytest
from sqlalchemy.pool import QueuePool

from services.intake.app import create_app
from services.intake.settings import IntakeSettings
from services.reporting.settings import ReportingSettings

# Creating an engine does not connect, so no server is needed to read the pool's settings.
POSTGRES_URL = "postgresql+psycopg://balans@db.invalid:5432/balans_intake"


def test_pool_settings_come_from_the_service_prefixed_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INTAKE_DATABASE_URL", POSTGRES_URL)
    monkeypatch.setenv("INTAKE_DB_POOL_SIZE", "12")
    monkeypatch.setenv("INTAKE_DB_MAX_OVERFLOW", "3")
    monkeypatch.setenv("INTAKE_DB_POOL_TIMEOUT_SECONDS", "2.5")
    monkeypatch.setenv("INTAKE_DB_POOL_RECYCLE_SECONDS", "600")
    monkeypatch.setenv("REPORTING_DB_POOL_SIZE", "99")  # another service's: not intake's
    app = create_app(IntakeSettings(environment="test"))
    pool = app.state.engine.pool
    assert isinstance(pool, QueuePool)
    assert (pool.size(), pool._max_overflow, pool._timeout, pool._recycle) == (12, 3, 2.5, 600)
    app.state.engine.dispose()


def test_pool_defaults() -> None:
    app = create_app(IntakeSettings(environment="test", database_url=POSTGRES_URL))
    pool = app.state.engine.pool
    assert (pool.size(), pool._max_overflow, pool._timeout, pool._recycle) == (5, 10, 5.0, 1800)
    app.state.engine.dispose()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REPORTING_DB_POOL_SIZE", "0"),
        ("REPORTING_DB_MAX_OVERFLOW", "-1"),
        ("REPORTING_DB_POOL_TIMEOUT_SECONDS", "0"),
        ("REPORTING_DB_POOL_RECYCLE_SECONDS", "-2"),
    ],
)
def test_impossible_pool_settings_are_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name.removeprefix("REPORTING_").lower()):
        ReportingSettings()
