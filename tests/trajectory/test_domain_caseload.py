"""Caseload limit per FTE and the capacity figures."""

from __future__ import annotations

from decimal import Decimal

from services.trajectory.domain.banden import band
from services.trajectory.domain.caseload import capaciteit, limiet, mag_toewijzen


def test_limit_is_45_per_full_time_counsellor_rounded_down() -> None:
    assert limiet(max_per_fte=45, fte=Decimal(1)) == 45
    assert limiet(max_per_fte=45, fte=Decimal("0.8")) == 36
    assert limiet(max_per_fte=45, fte=Decimal("0.5")) == 22


def test_the_46th_needs_a_reason() -> None:
    assert mag_toewijzen(actief=44, max_per_fte=45, fte=Decimal(1), override_reden=None)
    assert not mag_toewijzen(actief=45, max_per_fte=45, fte=Decimal(1), override_reden=None)
    assert not mag_toewijzen(actief=45, max_per_fte=45, fte=Decimal(1), override_reden="  ")
    assert mag_toewijzen(actief=45, max_per_fte=45, fte=Decimal(1), override_reden="Ziekte.")


def test_fte_needed_is_rounded_up_to_a_tenth() -> None:
    result = capaciteit(trajecten=500, fte_beschikbaar=Decimal("10.0"), max_per_fte=45)
    assert result.fte_nodig == Decimal("11.2")


def test_amount_bands_have_an_inclusive_lower_bound() -> None:
    assert band(Decimal("999.99")) == "0-1000"
    assert band(Decimal("1000.00")) == "1000-5000"
    assert band(Decimal("50000.00")) == "50000+"
