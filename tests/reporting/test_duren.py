"""Durations as a frequency table (days -> how many): mean, median and share within a limit
equal what the same durations listed one by one give."""

from __future__ import annotations

from collections import Counter
from statistics import mean, median

from hypothesis import given
from hypothesis import strategies as st

from services.reporting.indicatoren.context import gemiddelde_duur, mediaan
from services.reporting.indicatoren.divosa import binnen, wachttijd_uitkomst

dagen_lijsten = st.lists(st.integers(min_value=-3, max_value=400), max_size=60)


@given(dagen_lijsten)
def test_median_and_mean_of_the_table_equal_those_of_the_list(dagen: list[int]) -> None:
    duren = Counter(dagen)
    if not dagen:
        assert mediaan(duren) is None
        assert gemiddelde_duur(duren).waarde is None
        return
    assert mediaan(duren) == median(dagen)
    uitkomst = gemiddelde_duur(duren)
    assert uitkomst.noemer == len(dagen)
    assert uitkomst.teller == sum(dagen)
    assert uitkomst.waarde == round(mean(dagen), 2)


def test_even_count_takes_the_middle_two() -> None:
    assert mediaan(Counter({1: 1, 4: 1})) == 2.5
    assert mediaan(Counter({3: 2, 10: 2})) == 6.5
    assert mediaan(Counter({5: 1})) == 5


def test_a_count_of_zero_or_less_is_no_duration() -> None:
    """A table from which a group was taken out again (merged cases) may hold zeros."""
    duren = Counter({2: 3, 9: 1})
    duren.subtract({9: 1, 40: 1})
    assert mediaan(duren) == 2
    assert gemiddelde_duur(duren).noemer == 3
    assert binnen(duren, 7).noemer == 3


@given(dagen_lijsten, st.integers(min_value=0, max_value=60))
def test_share_within_a_limit(dagen: list[int], grens: int) -> None:
    uitkomst = binnen(Counter(dagen), grens)
    assert uitkomst.noemer == len(dagen)
    assert uitkomst.teller == sum(d <= grens for d in dagen)


def test_waiting_time_has_the_median_in_its_breakdown() -> None:
    uitkomst = wachttijd_uitkomst(Counter({3: 1, 5: 2, 30: 1}))
    assert uitkomst.waarde == 10.75
    assert uitkomst.uitsplitsingen["statistiek"] == {"mediaan": 5.0}
    assert "statistiek" not in wachttijd_uitkomst(Counter()).uitsplitsingen
