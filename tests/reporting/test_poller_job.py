"""The background poller: runs while the app runs, and claims a source per replica."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.reporting import poller, projectie
from services.reporting.models import bron_cursor, feit
from services.reporting.soorten import Bron
from shared.testing import postgres_server_url
from tests.reporting.feed import SETTINGS, Feeds


def _count(app: Any) -> int:
    with app.state.connect() as session:
        return int(session.execute(sa.select(sa.func.count()).select_from(feit)).scalar_one())


def test_the_background_job_polls_every_source_until_the_app_stops(
    client_for: Callable[..., TestClient], feeds: Feeds
):
    feeds.intake.add("intake.melding.geregistreerd", "2026-03-01", {"meldingId": "m1"})
    feeds.signals.add("signaal.ontvangen", "2026-03-02", {"partnerType": "Huur"})
    client = client_for(
        "reporting", **SETTINGS, run_background_jobs=True, poll_interval_seconds=0.05
    )
    app: Any = client.app
    app.state.bron_transport = feeds.transport()

    deadline = time.monotonic() + 10
    while _count(app) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    feeds.trajectory.add("traject.geopend", "2026-03-03", {"trajectId": "t1"})
    while _count(app) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)

    assert _count(app) == 3


def test_without_background_jobs_nothing_is_polled(client_for, feeds: Feeds):
    feeds.intake.add("intake.melding.geregistreerd", "2026-03-01", {"meldingId": "m1"})
    client = client_for("reporting", **SETTINGS)
    client.app.state.bron_transport = feeds.transport()  # type: ignore[attr-defined]

    time.sleep(0.2)

    assert feeds.intake.requests == 0


@pytest.mark.skipif(postgres_server_url() is None, reason="needs PostgreSQL (row locks)")
def test_a_source_claimed_by_another_replica_is_skipped(reporting: TestClient, feeds: Feeds):
    feeds.intake.add("intake.melding.geregistreerd", "2026-03-01", {"meldingId": "m1"})
    app: Any = reporting.app
    with app.state.connect() as other_replica:
        projectie.ensure_cursors(other_replica)
        other_replica.commit()
        other_replica.execute(
            sa.select(bron_cursor).where(bron_cursor.c.bron == "intake").with_for_update()
        ).all()

        resultaat = asyncio.run(poller.peil_bron_van_app(app, Bron.INTAKE))

        assert resultaat.overgeslagen is True
        assert feeds.intake.requests == 0
        other_replica.rollback()

    resultaat = asyncio.run(poller.peil_bron_van_app(app, Bron.INTAKE))
    assert (resultaat.overgeslagen, resultaat.nieuw) == (False, 1)
