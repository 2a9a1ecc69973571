"""docs/indicators.md documents every indicator the service serves."""

from __future__ import annotations

from pathlib import Path

from services.reporting.indicatoren import catalogus

DOC = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"


def test_every_indicator_is_documented_with_its_definition():
    text = DOC.read_text(encoding="utf-8")

    missing = [d.code for d in catalogus.DEFINITIES if f"`{d.code}`" not in text]
    stale = [d.code for d in catalogus.DEFINITIES if d.definitie not in text]
    assert (missing, stale) == ([], [])
