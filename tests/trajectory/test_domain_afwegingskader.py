"""The saneringskrediet afwegingskader: advice from stability, motivation, maximum and fund."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.trajectory.domain.afwegingskader import Advies, Motivatie, beoordeel
from shared.policy import load_policy

POLICY = load_policy()


def _beoordeel(**overrides: object) -> object:
    values: dict[str, object] = {
        "peildatum": date(2026, 1, 1),
        "inkomen_stabiel": True,
        "motivatie": Motivatie.VOLDOENDE,
        "kredietbedrag": Decimal("10000.00"),
        "reeds_gegarandeerd": Decimal("0.00"),
    }
    values.update(overrides)
    return beoordeel(POLICY, **values)  # type: ignore[arg-type]


def test_stable_motivated_and_within_limits_advises_a_credit() -> None:
    result = _beoordeel()
    assert result.advies is Advies.SANERINGSKREDIET  # type: ignore[attr-defined]
    assert len(result.redenen) == 4  # type: ignore[attr-defined]


def test_the_maximum_was_5000_before_2021() -> None:
    result = _beoordeel(peildatum=date(2020, 6, 1))
    assert result.advies is Advies.GEEN_SANERINGSKREDIET  # type: ignore[attr-defined]
    assert result.maximum == Decimal("5000")  # type: ignore[attr-defined]


def test_a_full_guarantee_fund_refuses_with_its_headroom() -> None:
    result = _beoordeel(reeds_gegarandeerd=Decimal("45000.00"))
    assert result.advies is Advies.GEEN_SANERINGSKREDIET  # type: ignore[attr-defined]
    assert result.ruimte_garantiefonds == Decimal("5000.00")  # type: ignore[attr-defined]
    assert any("5000.00 ruimte" in r for r in result.redenen)  # type: ignore[attr-defined]


def test_unstable_income_or_doubtful_motivation_refuses() -> None:
    assert _beoordeel(inkomen_stabiel=False).advies is Advies.GEEN_SANERINGSKREDIET  # type: ignore[attr-defined]
    assert (
        _beoordeel(motivatie=Motivatie.TWIJFELACHTIG).advies  # type: ignore[attr-defined]
        is Advies.GEEN_SANERINGSKREDIET
    )
