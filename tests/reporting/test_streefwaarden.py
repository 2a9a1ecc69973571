"""Judging a value against its target: ranges, ceilings, and yearly counts on shorter periods."""

from __future__ import annotations

from datetime import date

import pytest

from services.reporting.indicatoren.catalogus import PER_CODE, beoordeel, gehaald
from services.reporting.indicatoren.context import Periode, Uitkomst
from services.reporting.indicatoren.definitie import JAARTELLING_ZIN
from shared.policy import Streefwaarde, load_policy

ROKEN = PER_CODE["stoppen-met-roken"]  # higher is better, policy range 10-15
CASELOAD = PER_CODE["caseload-per-fte"]  # a ceiling: 0-45 per fte
BEREIK = Streefwaarde(minimum=10, maximum=15)
JAAR = Periode(date(2026, 1, 1), date(2027, 1, 1), "jaar")
KWARTAAL = Periode(date(2026, 1, 1), date(2026, 4, 1), "kwartaal")


@pytest.mark.parametrize(
    ("waarde", "verwacht"), [(12, True), (10, True), (15, True), (15.1, False), (20, False)]
)
def test_a_range_is_met_only_within_both_ends(waarde: float, verwacht: bool):
    assert gehaald(ROKEN, waarde, BEREIK) is verwacht


def test_below_a_ranges_minimum_is_not_met():
    assert gehaald(ROKEN, 9, BEREIK) is False
    assert gehaald(ROKEN, 0, BEREIK) is False


def test_a_plain_minimum_and_a_ceiling_are_judged_as_before():
    assert gehaald(ROKEN, 1000, Streefwaarde(minimum=10)) is True
    assert gehaald(ROKEN, 9, Streefwaarde(minimum=10)) is False
    assert gehaald(CASELOAD, 45, Streefwaarde(minimum=0, maximum=45)) is True
    assert gehaald(CASELOAD, 46, Streefwaarde(minimum=0, maximum=45)) is False


def test_without_a_value_or_a_target_nothing_is_judged():
    assert gehaald(ROKEN, None, BEREIK) is None
    assert gehaald(ROKEN, 12, None) is None


def _beoordeeld(code: str, waarde: float, periode: Periode) -> tuple[object, bool | None]:
    resultaat = beoordeel(PER_CODE[code], Uitkomst(waarde), load_policy(), periode)
    return resultaat.streefwaarde, resultaat.gehaald


def test_a_yearly_count_is_judged_for_a_calendar_year():
    assert _beoordeeld("aanvragen", 250, JAAR) == (Streefwaarde(minimum=200), True)
    as_range = Periode(date(2026, 1, 1), date(2027, 1, 1), "bereik")
    assert _beoordeeld("aanvragen", 150, as_range) == (Streefwaarde(minimum=200), False)


@pytest.mark.parametrize(
    "periode",
    [
        KWARTAAL,
        Periode(date(2026, 3, 1), date(2026, 4, 1), "maand"),
        Periode(date(2026, 1, 1), date(2026, 12, 31), "bereik"),  # a day short
        Periode(date(2025, 7, 1), date(2026, 7, 1), "bereik"),  # twelve months, two years
        Periode(date(2025, 1, 1), date(2027, 1, 1), "bereik"),  # two whole years
    ],
)
def test_a_yearly_count_on_another_period_keeps_its_target_unjudged(periode: Periode):
    assert _beoordeeld("aanvragen", 250, periode) == (Streefwaarde(minimum=200), None)
    assert _beoordeeld("stoppen-met-roken", 12, periode)[1] is None


def test_shares_and_period_targets_are_judged_for_every_period():
    assert _beoordeeld("contact-signalen", 70.0, KWARTAAL)[1] is True
    assert _beoordeeld("advies-of-traject", 50.0, KWARTAAL)[1] is False
    assert _beoordeeld("caseload-per-fte", 50.0, KWARTAAL)[1] is False


def test_the_definition_says_which_targets_are_yearly_counts():
    jaartellingen = {code for code, d in PER_CODE.items() if d.jaartelling}

    assert {"aanvragen", "stoppen-met-roken", "signalen-verwerkt"} <= jaartellingen
    assert not jaartellingen & {"contact-signalen", "saneringskredieten", "caseload-per-fte"}
    for code, d in PER_CODE.items():
        assert (JAARTELLING_ZIN in d.definitie) is (code in jaartellingen), code
