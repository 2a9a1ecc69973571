"""Working days under the Algemene termijnenwet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shared.calendar import (
    WerkdagenKalender,
    atw_days,
    easter_sunday,
    kings_day,
    public_non_working_days,
)

KALENDER = WerkdagenKalender()


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "New Year's Day"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 4, 27), "King's Day"),
        (date(2025, 5, 5), "5 May, lustrum year"),
        (date(2026, 5, 5), "5 May, other year"),
        (date(2027, 5, 5), "5 May, other year"),
        (date(2026, 5, 14), "Ascension Day"),
        (date(2026, 5, 25), "Whit Monday"),
        (date(2025, 12, 25), "Christmas Day"),
        (date(2025, 12, 26), "Boxing Day"),
    ],
)
def test_atw_holiday_is_not_a_working_day(day: date, name: str) -> None:
    assert day.weekday() < 5, f"{name} must fall on a weekday for this test to mean anything"
    assert not KALENDER.is_working_day(day), name


def test_easter_2026_gives_good_friday_and_easter_monday() -> None:
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert {date(2026, 4, 3), date(2026, 4, 6)} <= atw_days(2026)
    assert KALENDER.is_working_day(date(2026, 4, 2))
    assert KALENDER.is_working_day(date(2026, 4, 7))


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2027, date(2027, 3, 28))],
)
def test_easter_sunday_is_computed_for_any_year(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_kings_day_moves_to_26_april_when_27_april_is_a_sunday() -> None:
    assert date(2025, 4, 27).weekday() == 6
    assert kings_day(2025) == date(2025, 4, 26)
    assert date(2025, 4, 26) in public_non_working_days(2025)
    assert kings_day(2026) == date(2026, 4, 27)
    assert KALENDER.is_working_day(date(2026, 4, 28))


def test_5_may_is_a_day_off_every_year_not_only_in_lustrum_years() -> None:
    # The holidays library has it only in 2020, 2025, 2030, ...; the Atw has it every year.
    assert date(2026, 5, 5) in public_non_working_days(2026)
    assert date(2028, 5, 5) in public_non_working_days(2028)


def test_weekend_is_not_a_working_day_and_an_ordinary_weekday_is() -> None:
    assert not KALENDER.is_working_day(date(2026, 3, 7))  # Saturday
    assert not KALENDER.is_working_day(date(2026, 3, 8))  # Sunday
    assert KALENDER.is_working_day(date(2026, 3, 9))


def test_three_working_days_from_the_friday_before_5_may_2026() -> None:
    # Fri 1 May -> Mon 4 May (1), Tue 5 May off, Wed 6 May (2), Thu 7 May (3).
    friday = date(2026, 5, 1)
    assert KALENDER.is_working_day(date(2026, 5, 4))
    assert KALENDER.add_working_days(friday, 1) == date(2026, 5, 4)
    assert KALENDER.add_working_days(friday, 3) == date(2026, 5, 7)


def test_working_days_count_from_the_day_after_the_trigger() -> None:
    wednesday = date(2026, 3, 11)
    assert KALENDER.add_working_days(wednesday, 1) == date(2026, 3, 12)
    assert KALENDER.add_working_days(wednesday, 2) == date(2026, 3, 13)
    assert KALENDER.add_working_days(wednesday, 3) == date(2026, 3, 16)


def test_zero_working_days_is_the_same_day_or_the_next_working_day() -> None:
    assert KALENDER.add_working_days(date(2026, 3, 11), 0) == date(2026, 3, 11)
    assert KALENDER.add_working_days(date(2026, 3, 14), 0) == date(2026, 3, 16)  # Saturday


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        KALENDER.add_working_days(date(2026, 3, 11), -1)


def test_term_ending_on_a_sunday_moves_to_monday() -> None:
    # Four weeks after Sunday 1 March 2026 is Sunday 29 March; the term ends on Monday 30 March.
    assert KALENDER.add_weeks_to_working_day(date(2026, 3, 1), 4) == date(2026, 3, 30)
    assert KALENDER.add_days_to_working_day(date(2026, 3, 26), 3) == date(2026, 3, 30)


def test_term_ending_on_easter_monday_moves_to_tuesday() -> None:
    assert KALENDER.add_weeks_to_working_day(date(2026, 3, 9), 4) == date(2026, 4, 7)


def test_term_ending_on_a_working_day_stays() -> None:
    assert KALENDER.add_weeks_to_working_day(date(2026, 3, 9), 1) == date(2026, 3, 16)


def test_term_over_christmas_moves_past_both_days() -> None:
    assert KALENDER.add_days_to_working_day(date(2025, 12, 18), 7) == date(2025, 12, 29)


def test_months_are_added_with_the_end_of_month_clamped() -> None:
    assert KALENDER.add_months_to_working_day(date(2025, 1, 31), 1) == date(2025, 2, 28)
    # 28 February 2026 is a Saturday, so the term moves on to Monday 2 March.
    assert KALENDER.add_months_to_working_day(date(2026, 1, 31), 1) == date(2026, 3, 2)
    assert KALENDER.add_months_to_working_day(date(2025, 11, 10), 6) == date(2026, 5, 11)


def test_equated_day_from_configuration_is_not_a_working_day() -> None:
    friday_after_ascension = date(2026, 5, 15)
    assert KALENDER.is_working_day(friday_after_ascension)
    kalender = WerkdagenKalender([friday_after_ascension])
    assert not kalender.is_working_day(friday_after_ascension)
    # Wed 13 May -> Thu 14 (Ascension) and Fri 15 (equated) off -> Mon 18 May.
    assert kalender.add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 18)


def test_overdue_only_after_the_deadline_day() -> None:
    deadline = date(2026, 3, 16)
    assert not KALENDER.is_overdue(deadline, on=date(2026, 3, 15))
    assert not KALENDER.is_overdue(deadline, on=deadline)
    assert KALENDER.is_overdue(deadline, on=date(2026, 3, 17))


def test_working_days_between_counts_after_start_through_end() -> None:
    assert KALENDER.working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert KALENDER.working_days_between(date(2026, 3, 9), date(2026, 3, 16)) == 5
    # Thu 30 April -> Fri 1, Mon 4, (Tue 5 off), Wed 6, Thu 7 May.
    assert KALENDER.working_days_between(date(2026, 4, 30), date(2026, 5, 7)) == 4
    assert KALENDER.working_days_between(date(2026, 3, 16), date(2026, 3, 9)) == -5


def test_working_days_between_is_the_inverse_of_add_working_days() -> None:
    kalender = WerkdagenKalender([date(2026, 5, 15)])
    start = date(2025, 12, 20)
    for n in range(1, 200, 7):
        assert kalender.working_days_between(start, kalender.add_working_days(start, n)) == n


def test_working_days_between_matches_a_day_by_day_count_over_a_year() -> None:
    start, end = date(2025, 1, 1), date(2026, 1, 1)
    by_day = sum(
        KALENDER.is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )
    assert KALENDER.working_days_between(start, end) == by_day


def test_holiday_lookups_are_cached_per_year() -> None:
    assert public_non_working_days(2026) is public_non_working_days(2026)
