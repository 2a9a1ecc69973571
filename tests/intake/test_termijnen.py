"""Deadlines of a melding across weekends and public holidays (Atw, policy GM0362)."""

from __future__ import annotations

from datetime import date

import pytest

from services.intake.domain.termijnen import bereken_termijnen, binnen_termijn, wettelijke_crisis
from shared.policy import load_policy

POLICY = load_policy()


def termijnen(meldingdatum: date, *, crisis: bool, wettelijk: bool = True):
    return bereken_termijnen(
        meldingdatum,
        crisis=crisis,
        wettelijke_crisis=wettelijk,
        termijnen=POLICY.termijnen,
        kalender=POLICY.kalender(),
    )


def test_crisis_melding_on_friday_1_may_2026_skips_the_weekend_and_5_may() -> None:
    # Fri 1 May: working days Mon 4, (Tue 5 May is an Atw day), Wed 6, Thu 7.
    result = termijnen(date(2026, 5, 1), crisis=True)
    assert result.gesprek_norm_uiterlijk == date(2026, 5, 1)
    assert result.gesprek_wettelijk_uiterlijk == date(2026, 5, 7)
    assert result.plannen_uiterlijk == date(2026, 5, 1)


def test_crisis_melding_on_friday_before_kings_day_2026() -> None:
    # King's Day 2026 is Monday 27 April: Fri 24 April + 3 working days = Thu 30 April.
    result = termijnen(date(2026, 4, 24), crisis=True)
    assert result.gesprek_wettelijk_uiterlijk == date(2026, 4, 30)


def test_crisis_melding_on_saturday_is_due_on_monday_the_same_day_norm() -> None:
    result = termijnen(date(2026, 5, 9), crisis=True)
    assert result.gesprek_norm_uiterlijk == date(2026, 5, 11)
    assert result.plannen_uiterlijk == date(2026, 5, 11)


def test_crisis_melding_on_maundy_thursday_skips_easter_2026() -> None:
    # Good Friday 3 April and Easter Monday 6 April 2026 are not working days.
    result = termijnen(date(2026, 4, 2), crisis=True)
    assert result.gesprek_wettelijk_uiterlijk == date(2026, 4, 9)


def test_normal_melding_before_easter_plans_after_easter_monday() -> None:
    result = termijnen(date(2026, 4, 2), crisis=False)
    assert result.plannen_uiterlijk == date(2026, 4, 8)  # Tue 7 and Wed 8 April
    assert result.gesprek_norm_uiterlijk == date(2026, 4, 9)
    assert result.gesprek_wettelijk_uiterlijk == date(2026, 4, 30)


def test_norm_deadline_on_a_sunday_moves_to_monday() -> None:
    # Sunday 3 May + 1 week = Sunday 10 May -> Monday 11 May; + 4 weeks = Sun 31 May -> Mon 1 June.
    result = termijnen(date(2026, 5, 3), crisis=False)
    assert result.gesprek_norm_uiterlijk == date(2026, 5, 11)
    assert result.gesprek_wettelijk_uiterlijk == date(2026, 6, 1)
    assert result.plannen_uiterlijk == date(2026, 5, 6)  # Mon 4, (Tue 5 May off), Wed 6


def test_legal_deadline_on_whit_monday_moves_to_tuesday() -> None:
    # Mon 27 April 2026 (King's Day) + 4 weeks = Whit Monday 25 May 2026 -> Tue 26 May.
    result = termijnen(date(2026, 4, 27), crisis=False)
    assert result.gesprek_wettelijk_uiterlijk == date(2026, 5, 26)


def test_planning_deadline_skips_the_equated_friday_after_ascension() -> None:
    # Ascension Day 14 May 2026 and the equated Friday 15 May (policy gelijkgestelde_dagen).
    result = termijnen(date(2026, 5, 13), crisis=False)
    assert result.plannen_uiterlijk == date(2026, 5, 19)


def test_crisis_that_only_local_protocol_names_keeps_the_four_week_legal_maximum() -> None:
    # Fri 1 May 2026: the same-day norm holds for every crisis; the law's 3 working days do not.
    result = termijnen(date(2026, 5, 1), crisis=True, wettelijk=False)
    assert result.gesprek_norm_uiterlijk == date(2026, 5, 1)
    assert result.plannen_uiterlijk == date(2026, 5, 1)
    assert result.gesprek_wettelijk_uiterlijk == date(2026, 5, 29)


def test_local_crisis_legal_deadline_on_whit_monday_moves_to_tuesday() -> None:
    # King's Day Mon 27 April + 4 weeks = Whit Monday 25 May -> Tue 26 May, as a normal melding.
    result = termijnen(date(2026, 4, 27), crisis=True, wettelijk=False)
    assert result.gesprek_wettelijk_uiterlijk == date(2026, 5, 26)
    assert result.gesprek_norm_uiterlijk == date(2026, 4, 28)  # King's Day is no working day


def test_statutory_flag_means_nothing_without_a_crisis() -> None:
    assert termijnen(date(2026, 5, 1), crisis=False, wettelijk=True) == termijnen(
        date(2026, 5, 1), crisis=False, wettelijk=False
    )


@pytest.mark.parametrize(
    ("soort", "expected"),
    [
        ("huisuitzetting", True),
        ("afsluiting-water", True),
        ("beslag-loon", False),
        ("verkoop-woning", False),
        (None, True),  # an early signal's crisis of unknown kind keeps the law's term
        ("niet-in-het-beleid", False),
    ],
)
def test_which_crisis_kinds_are_statutory(soort: str | None, expected: bool) -> None:
    assert wettelijke_crisis(soort, POLICY.crisissoorten) is expected


def test_the_norm_is_never_later_than_the_law() -> None:
    day = date(2026, 1, 1)
    for offset in range(366):
        current = date.fromordinal(day.toordinal() + offset)
        for crisis, wettelijk in ((True, True), (True, False), (False, False)):
            result = termijnen(current, crisis=crisis, wettelijk=wettelijk)
            assert result.gesprek_norm_uiterlijk <= result.gesprek_wettelijk_uiterlijk
            assert result.plannen_uiterlijk <= result.gesprek_wettelijk_uiterlijk


@pytest.mark.parametrize(
    ("op", "expected"),
    [(date(2026, 5, 6), True), (date(2026, 5, 7), True), (date(2026, 5, 8), False)],
)
def test_a_deadline_is_met_on_the_day_itself_and_missed_the_day_after(
    op: date, expected: bool
) -> None:
    assert binnen_termijn(date(2026, 5, 7), op) is expected
