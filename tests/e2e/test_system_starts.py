"""The four services start as real processes, migrate their databases and serve their APIs."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from shared import testing
from tests.e2e.harness import running_system

pytestmark = pytest.mark.e2e


def test_four_services_start_migrate_and_serve_openapi(tmp_path: Path) -> None:
    with running_system(tmp_path) as system, httpx.Client(timeout=5) as client:
        for name in ("intake", "signals", "trajectory", "reporting"):
            base = system.url(name)
            assert client.get(f"{base}/health/ready").json()["migrations"] == "head"
            document = client.get(f"{base}/v1/openapi.json").json()
            assert document["info"]["title"].startswith("Balans")
            feed = client.get(f"{base}/v1/events", headers=testing.auth_header("service"))
            assert feed.status_code == 200
            assert feed.headers["API-Version"] == "1.0.0"
            assert client.get(f"{base}/v1/events").status_code == 401
