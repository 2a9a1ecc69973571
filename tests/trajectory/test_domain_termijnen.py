"""Deadlines from the policy and the work-list signals derived from them."""

from __future__ import annotations

from datetime import date

from services.trajectory.domain import termijnen
from services.trajectory.domain.termijnen import Signaal, Termijnstand
from shared.policy import load_policy

POLICY = load_policy()


def _stand(**overrides: object) -> Termijnstand:
    values: dict[str, object] = {
        "fase": "intake",
        "beslistermijn": date(2026, 3, 2),
        "beschikking_datum": None,
        "stabilisatie_benchmark": None,
        "stabilisatie_maximum": None,
        "stabilisatie_eind": None,
        "nvvk": None,
        "schuldregeling_besloten": None,
        "nazorg_einde": None,
        "nazorg_eind": None,
    }
    values.update(overrides)
    return Termijnstand(**values)  # type: ignore[arg-type]


def test_decision_term_is_eight_weeks_moved_past_a_holiday() -> None:
    # 19 March 2026 + 8 weeks = Ascension Day 14 May; the Friday after is equated by decree
    # (policy gelijkgestelde_dagen), then the weekend: due Monday 18 May.
    assert termijnen.beslistermijn(POLICY, date(2026, 3, 19)) == date(2026, 5, 18)
    # 7 March 2026 + 8 weeks = Saturday 2 May 2026 -> Monday 4 May (a working day; 5 May is not).
    assert termijnen.beslistermijn(POLICY, date(2026, 3, 7)) == date(2026, 5, 4)
    # 9 March 2026 + 8 weeks = 4 May; 10 March + 8 weeks = 5 May (Atw) -> 6 May.
    assert termijnen.beslistermijn(POLICY, date(2026, 3, 10)) == date(2026, 5, 6)


def test_stabilisation_benchmark_and_maximum_are_four_and_six_months() -> None:
    stab = termijnen.stabilisatie_termijnen(POLICY, date(2026, 2, 16))
    assert stab.benchmark == date(2026, 6, 16)
    assert stab.maximum == date(2026, 8, 17)  # 16 August 2026 is a Sunday


def test_stabilisation_minimum_is_three_calendar_months_clamped_to_the_month_end() -> None:
    assert termijnen.stabilisatie_minimum(POLICY, date(2026, 2, 15)) == date(2026, 5, 15)
    # 30 November + 3 months: no 30 February, the last day of February instead.
    assert termijnen.stabilisatie_minimum(POLICY, date(2026, 11, 30)) == date(2027, 2, 28)
    # A floor is not moved past a weekend (5 September 2026 is a Saturday).
    assert termijnen.stabilisatie_minimum(POLICY, date(2026, 6, 5)) == date(2026, 9, 5)


def test_nvvk_norm_is_120_calendar_days_after_submission() -> None:
    assert termijnen.nvvk_termijn(POLICY, date(2026, 5, 4)) == date(2026, 9, 1)


def test_the_deadline_day_itself_is_still_in_time() -> None:
    assert termijnen.gehaald(termijn=date(2026, 3, 2), op=date(2026, 3, 2))
    assert not termijnen.gehaald(termijn=date(2026, 3, 2), op=date(2026, 3, 3))


def test_an_open_decision_past_its_term_is_signalled() -> None:
    assert termijnen.signalen(_stand(), vandaag=date(2026, 3, 3)) == [
        Signaal.BESLISTERMIJN_VERLOPEN
    ]
    assert termijnen.signalen(_stand(), vandaag=date(2026, 3, 2)) == []
    decided = _stand(beschikking_datum=date(2026, 3, 1))
    assert termijnen.signalen(decided, vandaag=date(2026, 4, 1)) == []


def test_stabilisation_over_the_maximum_replaces_the_benchmark_signal() -> None:
    stand = _stand(
        fase="stabilisatie",
        beschikking_datum=date(2026, 2, 1),
        stabilisatie_benchmark=date(2026, 6, 16),
        stabilisatie_maximum=date(2026, 8, 17),
    )
    assert termijnen.signalen(stand, vandaag=date(2026, 7, 1)) == [
        Signaal.STABILISATIE_BOVEN_BENCHMARK
    ]
    assert termijnen.signalen(stand, vandaag=date(2026, 9, 1)) == [
        Signaal.STABILISATIE_BOVEN_MAXIMUM
    ]


def test_aftercare_ending_within_two_weeks_is_signalled() -> None:
    stand = _stand(
        fase="nazorg", beschikking_datum=date(2026, 2, 1), nazorg_einde=date(2026, 12, 1)
    )
    assert termijnen.signalen(stand, vandaag=date(2026, 11, 16)) == []
    assert termijnen.signalen(stand, vandaag=date(2026, 11, 17)) == [Signaal.NAZORG_EINDIGT]


def test_a_closed_trajectory_has_no_signals() -> None:
    assert termijnen.signalen(_stand(fase="uitstroom"), vandaag=date(2027, 1, 1)) == []


def test_the_nvvk_signal_holds_only_while_the_offer_is_open() -> None:
    open_ = _stand(fase="schuldregeling", beschikking_datum=date(2026, 2, 1), nvvk=date(2026, 9, 1))
    assert termijnen.signalen(open_, vandaag=date(2026, 9, 1)) == []
    assert termijnen.signalen(open_, vandaag=date(2026, 9, 2)) == [
        Signaal.SCHULDREGELING_BOVEN_NVVK_NORM
    ]
    # Back in stabilisation the offer was withdrawn: no settlement is waiting any more.
    withdrawn = _stand(
        fase="stabilisatie", beschikking_datum=date(2026, 2, 1), nvvk=date(2026, 9, 1)
    )
    assert termijnen.signalen(withdrawn, vandaag=date(2026, 9, 2)) == []
