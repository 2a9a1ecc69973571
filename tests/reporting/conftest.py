"""Reporting test fixtures: the app with stand-in feeds for intake, signals and trajectory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.reporting.feed import SETTINGS, Feeds


@pytest.fixture
def feeds() -> Feeds:
    return Feeds()


@pytest.fixture
def reporting(client_for: Callable[..., TestClient], feeds: Feeds) -> TestClient:
    """A started reporting app whose sources are the stand-in feeds."""
    client = client_for("reporting", **SETTINGS, poll_page_size=3)
    app: Any = client.app
    app.state.bron_transport = feeds.transport()
    return client
