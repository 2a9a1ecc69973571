"""Target groups: `jongere` is derived from the birth date (16 up to and including 27)."""

from __future__ import annotations

from datetime import date

import pytest

from services.intake.domain.doelgroepen import doelgroepen, is_jongere
from shared.contracts.handoffs import Doelgroep

ON = date(2026, 5, 1)


@pytest.mark.parametrize(
    ("geboortedatum", "expected"),
    [
        (date(2010, 5, 2), False),  # 15, turns 16 tomorrow
        (date(2010, 5, 1), True),  # 16 today
        (date(1998, 5, 2), True),  # 27, turns 28 tomorrow
        (date(1998, 5, 1), False),  # 28 today
        (None, False),
    ],
)
def test_young_person_is_16_to_27_on_the_melding_date(geboortedatum, expected) -> None:
    assert is_jongere(geboortedatum, op=ON) is expected


def test_leap_day_birthday_turns_16_on_1_march() -> None:
    assert is_jongere(date(2008, 2, 29), op=date(2024, 2, 28)) is False
    assert is_jongere(date(2008, 2, 29), op=date(2024, 2, 29)) is True


def test_given_markers_are_kept_in_a_stable_order_and_jongere_is_derived() -> None:
    given = [Doelgroep.ANDERSTALIG, Doelgroep.JONGERE, Doelgroep.ONDERNEMER, Doelgroep.ANDERSTALIG]
    assert doelgroepen(given, geboortedatum=date(1980, 1, 1), op=ON) == [
        Doelgroep.ONDERNEMER,
        Doelgroep.ANDERSTALIG,
    ]
    assert doelgroepen([], geboortedatum=date(2005, 1, 1), op=ON) == [Doelgroep.JONGERE]
