"""Markers of the proof tests (registered here, not in pyproject.toml)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fuzz: generated requests against the OpenAPI documents (deselect with -m 'not fuzz'; "
        "BALANS_FUZZ_EXAMPLES sets the examples per operation)",
    )
