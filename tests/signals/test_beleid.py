"""The policy per partner type and the repeat rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.signals.beleid import EerderSignaal, toets_beleid, toets_herhaling
from shared.contracts.ddas import Signaalstatus
from shared.policy import load_policy

BELEID = load_policy().signalen


def test_energy_arrears_at_the_minimum_are_picked_up() -> None:
    oordeel = toets_beleid(
        BELEID.voor("Energie"),
        bedrag=Decimal("350.00"),
        ontstaansdatum=date(2026, 9, 1),
        signaaldatum=date(2026, 10, 1),
    )
    assert oordeel.opgepakt


def test_energy_arrears_below_350_are_onterecht_with_reason() -> None:
    oordeel = toets_beleid(
        BELEID.voor("Energie"),
        bedrag=Decimal("349.99"),
        ontstaansdatum=date(2026, 9, 1),
        signaaldatum=date(2026, 10, 1),
    )
    assert oordeel.status is Signaalstatus.ONTERECHT
    assert oordeel.reden is not None
    assert "350" in oordeel.reden


def test_rent_arrears_younger_than_30_days_are_onterecht() -> None:
    oordeel = toets_beleid(
        BELEID.voor("Huur"),
        bedrag=Decimal("900"),
        ontstaansdatum=date(2026, 10, 2),
        signaaldatum=date(2026, 10, 31),
    )
    assert oordeel.status is Signaalstatus.ONTERECHT


def test_health_insurance_arrears_over_100_days_are_outside_the_window() -> None:
    oordeel = toets_beleid(
        BELEID.voor("Zorg"),
        bedrag=Decimal("300"),
        ontstaansdatum=date(2026, 1, 1),
        signaaldatum=date(2026, 5, 1),
    )
    assert oordeel.status is Signaalstatus.ONTERECHT
    assert oordeel.reden is not None
    assert "hoogstens 100" in oordeel.reden


def test_repeat_within_window_without_higher_amount_is_not_picked_up() -> None:
    eerder = [EerderSignaal(date(2026, 9, 1), Decimal("500"))]
    oordeel = toets_herhaling(
        eerder, bedrag=Decimal("500"), signaaldatum=date(2026, 10, 1), venster_dagen=90
    )
    assert oordeel.status is Signaalstatus.HERHAALD


def test_repeat_with_higher_amount_is_picked_up() -> None:
    eerder = [EerderSignaal(date(2026, 9, 1), Decimal("500"))]
    oordeel = toets_herhaling(
        eerder, bedrag=Decimal("500.01"), signaaldatum=date(2026, 10, 1), venster_dagen=90
    )
    assert oordeel.opgepakt


def test_earlier_signal_outside_the_window_does_not_count() -> None:
    eerder = [EerderSignaal(date(2026, 1, 1), Decimal("500"))]
    oordeel = toets_herhaling(
        eerder, bedrag=Decimal("100"), signaaldatum=date(2026, 10, 1), venster_dagen=90
    )
    assert oordeel.opgepakt
