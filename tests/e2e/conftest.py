"""Markers of the end-to-end tests (registered here, not in pyproject.toml)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: runs for minutes (the 100,000-signal batch); deselect with -m 'not slow'"
    )
