"""The DDAS projection's own rounding is the shared one: whole euros, half up, away from zero."""

from __future__ import annotations

from decimal import Decimal

from services.trajectory.domain import ddas
from shared.types import to_whole_euros


def test_whole_euros_round_as_the_shared_rounding_does() -> None:
    cents = [*range(-25_000, 25_001, 7), -150, -50, -49, 0, 49, 50, 150, 9_999_999_950]
    for cent in cents:
        bedrag = Decimal(cent) / 100
        assert ddas.euros(bedrag) == to_whole_euros(bedrag), bedrag
    for tekst in ("0.005", "-0.5", "2.4999", "2.5000", "-2.5001", "1E+3"):
        assert ddas.euros(Decimal(tekst)) == to_whole_euros(Decimal(tekst)), tekst


def test_whole_euros_from_cents_round_as_the_shared_rounding_does() -> None:
    for cent in [*range(-25_000, 25_001, 1), 9_999_999_950, -9_999_999_950]:
        assert ddas.euros_uit_centen(cent) == to_whole_euros(Decimal(cent) / 100), cent
