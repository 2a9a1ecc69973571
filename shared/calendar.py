"""Working-day calendar for legal terms under the Algemene termijnenwet (Atw).

Non-working: Saturday, Sunday, the Atw art. 3 days (New Year's Day, Good Friday, Easter Monday,
King's Day, 5 May, Ascension Day, Whit Monday, Christmas Day and Boxing Day) and the days a decree
equates with them, which the municipality's policy lists. The `holidays` library is the base;
the Atw days are added explicitly because the library follows the days people get off, not the
Atw: it has 5 May only in lustrum years (2020, 2025, 2030, ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

_ONE_DAY = timedelta(days=1)
# King's Day replaced Queen's Day (30 April) from 2014; earlier years come from the library.
_FIRST_KINGS_DAY_YEAR = 2014


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm of Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century + 8) // 25
    solar_correction = (century - moon_correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - solar_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday_offset = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday_offset) // 451
    month, day = divmod(epact + weekday_offset - 7 * shift + 114, 31)
    return date(year, month, day + 1)


def add_months(start: date, months: int) -> date:
    """`start` plus calendar months, clamped to the month's end (31 January + 1 = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - _ONE_DAY).day
    return date(year, month, min(start.day, last_day))


def kings_day(year: int) -> date:
    """King's Day: 27 April, or 26 April when 27 April is a Sunday (from 2014)."""
    day = date(year, 4, 27)
    return day - _ONE_DAY if day.weekday() == 6 else day


def atw_days(year: int) -> frozenset[date]:
    """The days Atw art. 3 names for a year (without weekends or equated days)."""
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1),  # Nieuwjaarsdag
        easter - timedelta(days=2),  # Goede Vrijdag, equated by art. 3(2)
        easter + timedelta(days=1),  # tweede Paasdag
        easter + timedelta(days=39),  # Hemelvaartsdag
        easter + timedelta(days=50),  # tweede Pinksterdag
        date(year, 5, 5),  # every year under the Atw, whatever the collective agreements say
        date(year, 12, 25),
        date(year, 12, 26),
    }
    if year >= _FIRST_KINGS_DAY_YEAR:
        days.add(kings_day(year))
    return frozenset(days)


@lru_cache(maxsize=256)
def public_non_working_days(year: int) -> frozenset[date]:
    """The library's Dutch public holidays joined with the Atw days; cached per year."""
    library_days = holidays.country_holidays("NL", years=year)
    return frozenset(library_days.keys()) | atw_days(year)


def _weekdays_through(day: date) -> int:
    # Weekdays from 1 January of year 1 (a Monday) up to and including `day`.
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


class WerkdagenKalender:
    """Working days for one municipality: weekends, Atw days and the equated days it configures."""

    def __init__(self, extra_non_working_days: Iterable[date] = ()) -> None:
        self._extra = frozenset(extra_non_working_days)

    def is_working_day(self, day: date) -> bool:
        """Whether the day is neither a weekend day nor a holiday or equated day."""
        return (
            day.weekday() < 5
            and day not in public_non_working_days(day.year)
            and day not in self._extra
        )

    def next_working_day(self, day: date) -> date:
        """The day itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start`, counting from the day after (Atw practice).

        n=0 means "the same day": `start` itself, or the next working day when `start` is not one
        (a same-day crisis norm on a Saturday falls due on Monday).
        """
        if n < 0:
            raise ValueError("n must not be negative")
        day = self.next_working_day(start) if n == 0 else start
        for _ in range(n):
            day = self.next_working_day(day + _ONE_DAY)
        return day

    def add_days_to_working_day(self, start: date, days: int) -> date:
        """`start` plus calendar days, moved to the next working day when it lands on a day off."""
        return self.next_working_day(start + timedelta(days=days))

    def add_weeks_to_working_day(self, start: date, weeks: int) -> date:
        """`start` plus whole weeks, moved to the next working day when it lands on a day off."""
        return self.add_days_to_working_day(start, 7 * weeks)

    def add_months_to_working_day(self, start: date, months: int) -> date:
        """`start` plus calendar months (clamped to the month's end), then the next working day."""
        return self.next_working_day(add_months(start, months))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is earlier."""
        if end < start:
            return -self.working_days_between(end, start)
        weekdays = _weekdays_through(end) - _weekdays_through(start)
        # Without this per-year set, a work list spanning months would test every single day.
        days_off = set(self._extra)
        for year in range(start.year, end.year + 1):
            days_off |= public_non_working_days(year)
        holidays_on_weekdays = sum(
            1 for day in days_off if start < day <= end and day.weekday() < 5
        )
        return weekdays - holidays_on_weekdays

    @staticmethod
    def is_overdue(deadline: date, on: date) -> bool:
        """Whether a deadline has passed: the deadline day itself still counts as in time."""
        return on > deadline
