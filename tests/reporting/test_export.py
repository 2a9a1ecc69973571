"""CSV cells for BI tools: formula injection neutralised, numbers untouched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.reporting.export import csv_regels, neutraliseer


@pytest.mark.parametrize("text", ["=1+1", "+31", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutraliseer(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-2, "-2"),
        (Decimal("-1.50"), "-1.50"),
        (None, ""),
        (True, "true"),
        (date(2026, 1, 2), "2026-01-02"),
        ("Huur", "Huur"),
    ],
)
def test_numbers_dates_and_plain_text_are_left_alone(value, cell):
    assert neutraliseer(value) == cell


def test_rows_come_in_chunks_after_the_header():
    chunks = list(csv_regels(["a"], ({"a": i} for i in range(1001))))

    assert chunks[0].startswith("a\r\n0\r\n")
    assert len(chunks) == 3
    assert "".join(chunks).count("\r\n") == 1002
