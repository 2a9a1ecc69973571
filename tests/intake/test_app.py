"""What the intake app prepares at start, so the first registration does not wait for it."""

from __future__ import annotations

import asyncio

from services.intake.app import SPEC, kalender_laden
from services.intake.recidive import TrajectoryBekendheid
from shared.calendar import public_non_working_days


def test_started_app_has_its_client_for_trajectory(intake) -> None:
    assert isinstance(intake.app.state.trajectory_bekendheid, TrajectoryBekendheid)


def test_the_holiday_calendar_is_loaded_at_start(intake, clock) -> None:
    assert kalender_laden in SPEC.background_jobs
    public_non_working_days.cache_clear()
    asyncio.run(kalender_laden(intake.app, asyncio.Event()))
    info = public_non_working_days.cache_info()
    assert (info.currsize, info.misses) == (2, 2)  # 2026 and 2027
    assert intake.app.state.policy.kalender().is_working_day(clock.day.replace(month=5, day=4))
    assert public_non_working_days.cache_info().misses == 2  # answered from what was loaded
