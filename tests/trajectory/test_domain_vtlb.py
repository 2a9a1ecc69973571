"""VTLB and afloscapaciteit from the dated policy norms, explained line by line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.trajectory.domain.vtlb import Correctie, CorrectieSoort, Leefsituatie, bereken
from shared.policy import load_policy

POLICY = load_policy()


def test_the_norm_in_force_on_the_reference_date_is_used() -> None:
    before = bereken(
        POLICY,
        peildatum=date(2024, 6, 30),
        leefsituatie=Leefsituatie.ALLEENSTAANDE,
        netto_inkomen=Decimal("1500.00"),
    )
    after = bereken(
        POLICY,
        peildatum=date(2024, 7, 1),
        leefsituatie=Leefsituatie.ALLEENSTAANDE,
        netto_inkomen=Decimal("1500.00"),
    )
    assert before.bijstandsnorm == Decimal("1283.83")
    assert after.bijstandsnorm == Decimal("1308.45")


def test_vtlb_is_95_percent_of_the_norm_plus_corrections() -> None:
    result = bereken(
        POLICY,
        peildatum=date(2026, 1, 1),
        leefsituatie=Leefsituatie.GEHUWDEN,
        netto_inkomen=Decimal("2500.00"),
        correcties=(
            Correctie(CorrectieSoort.KINDEROPVANG, Decimal("50.00")),
            Correctie(CorrectieSoort.REISKOSTEN, Decimal("25.25"), "auto naar werk"),
        ),
    )
    assert result.beslagvrije_voet == Decimal("1902.02")  # 2002.13 x 0.95 = 1902.0235
    assert result.vtlb == Decimal("1977.27")
    assert result.afloscapaciteit == Decimal("522.73")
    assert [r.bedrag for r in result.regels] == [
        Decimal("2002.13"),
        Decimal("1902.02"),
        Decimal("50.00"),
        Decimal("25.25"),
        Decimal("1977.27"),
        Decimal("2500.00"),
        Decimal("522.73"),
    ]
    assert "auto naar werk" in result.regels[3].omschrijving


def test_capacity_is_never_negative() -> None:
    result = bereken(
        POLICY,
        peildatum=date(2026, 1, 1),
        leefsituatie=Leefsituatie.ALLEENSTAANDE,
        netto_inkomen=Decimal("100.00"),
    )
    assert result.afloscapaciteit == Decimal("0.00")


def test_a_date_before_the_norm_table_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        bereken(
            POLICY,
            peildatum=date(2020, 1, 1),
            leefsituatie=Leefsituatie.ALLEENSTAANDE,
            netto_inkomen=Decimal("1.00"),
        )
