"""The reporting period from the query."""

from __future__ import annotations

from datetime import date

import pytest

from services.reporting.periode import periode_uit
from shared.problems import InvalidInput

TODAY = date(2026, 11, 28)


def _p(**kwargs):
    values = {"jaar": None, "kwartaal": None, "maand": None, "vanaf": None, "tot": None}
    return periode_uit(**{**values, **kwargs}, vandaag=TODAY)


def test_nothing_given_is_the_current_year():
    p = _p()
    assert (p.vanaf, p.tot, p.soort) == (date(2026, 1, 1), date(2027, 1, 1), "jaar")


def test_fourth_quarter_ends_at_new_year():
    p = _p(jaar=2025, kwartaal=4)
    assert (p.vanaf, p.tot, p.soort) == (date(2025, 10, 1), date(2026, 1, 1), "kwartaal")


def test_december_ends_at_new_year():
    p = _p(jaar=2025, maand=12)
    assert (p.vanaf, p.tot) == (date(2025, 12, 1), date(2026, 1, 1))


def test_vanaf_alone_runs_through_today():
    p = _p(vanaf=date(2026, 6, 1))
    assert (p.vanaf, p.tot, p.soort) == (date(2026, 6, 1), date(2026, 11, 29), "bereik")


def test_tot_alone_starts_on_the_first_of_january_of_the_year_before():
    p = _p(tot=date(2026, 3, 1))
    assert (p.vanaf, p.tot) == (date(2025, 1, 1), date(2026, 3, 1))


def test_the_same_period_a_year_earlier_handles_leap_days():
    p = _p(vanaf=date(2024, 2, 29), tot=date(2024, 3, 1)).jaar_eerder()
    assert (p.vanaf, p.tot) == (date(2023, 2, 28), date(2023, 3, 1))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kwartaal": 1}, "kwartaal"),
        ({"maand": 1}, "maand"),
        ({"jaar": 2026, "kwartaal": 1, "maand": 1}, "maand"),
        ({"jaar": 2026, "vanaf": date(2026, 1, 1)}, "jaar"),
        ({"vanaf": date(2026, 2, 1), "tot": date(2026, 2, 1)}, "tot"),
    ],
)
def test_contradictory_periods_are_refused_naming_the_field(kwargs, field):
    with pytest.raises(InvalidInput) as error:
        _p(**kwargs)
    assert field in [p.name for p in error.value.invalid_params or []]


def test_a_range_may_span_the_years_a_year_may_be():
    widest = _p(vanaf=date(2000, 1, 1), tot=date(2101, 1, 1))
    assert (widest.vanaf, widest.tot) == (date(2000, 1, 1), date(2101, 1, 1))
    assert _p(vanaf=date(2100, 12, 31)).tot == date(2101, 1, 1)
    assert _p(tot=date(2000, 1, 2)).jaar_eerder().vanaf == date(1998, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"vanaf": date(1999, 12, 31)}, "vanaf"),
        ({"vanaf": date(2101, 1, 1)}, "vanaf"),
        ({"vanaf": date(9999, 12, 31)}, "vanaf"),
        ({"tot": date(1, 1, 1)}, "tot"),
        ({"tot": date(1, 6, 1)}, "tot"),
        ({"tot": date(2000, 1, 1)}, "tot"),  # ends on 31 December 1999
        ({"tot": date(2101, 1, 2)}, "tot"),
        ({"vanaf": date(2026, 1, 1), "tot": date(9999, 12, 31)}, "tot"),
    ],
)
def test_dates_outside_the_years_a_year_may_be_are_refused(kwargs, field):
    with pytest.raises(InvalidInput) as error:
        _p(**kwargs)
    assert field in [p.name for p in error.value.invalid_params or []]


def test_both_ends_outside_the_years_are_both_named():
    with pytest.raises(InvalidInput) as error:
        _p(vanaf=date(1, 1, 1), tot=date(2, 1, 1))
    assert [p.name for p in error.value.invalid_params or []] == ["vanaf", "tot"]
