"""Rules beside the phases: the 6-month stay (Fw 287b) and programme eligibility."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.trajectory.domain.voorzieningen import (
    Deelnemer,
    Programma,
    VoorzieningSoort,
    programma_fouten,
    uiterste_einddatum,
    voorziening_fouten,
)
from shared.policy import load_policy

POLICY = load_policy()


def _deelnemer(**overrides: object) -> Deelnemer:
    values: dict[str, object] = {
        "geboortedatum": date(2000, 6, 1),
        "doelgroepen": frozenset(),
        "totaal_schuld": Decimal("1000.00"),
        "zakelijke_schuld": False,
    }
    values.update(overrides)
    return Deelnemer(**values)  # type: ignore[arg-type]


def test_six_months_from_31_august_ends_on_28_february() -> None:
    assert uiterste_einddatum(POLICY, date(2026, 8, 31)) == date(2027, 2, 28)


def test_a_stay_needs_an_end_date_within_six_months() -> None:
    fouten = voorziening_fouten(
        POLICY,
        soort=VoorzieningSoort.VOORLOPIGE_VOORZIENING,
        begeleidingssoort=None,
        startdatum=date(2026, 1, 1),
        einddatum=None,
    )
    assert fouten == ["Een voorlopige-voorziening heeft een einddatum (uiterlijk 2026-07-01)."]


def test_an_end_before_the_start_is_refused() -> None:
    fouten = voorziening_fouten(
        POLICY,
        soort=VoorzieningSoort.INFORMATIE_EN_ADVIES,
        begeleidingssoort=None,
        startdatum=date(2026, 1, 2),
        einddatum=date(2026, 1, 1),
    )
    assert fouten == ["De einddatum ligt voor de startdatum."]


def test_jas_is_open_until_the_28th_birthday() -> None:
    deelnemer = _deelnemer(geboortedatum=date(1999, 2, 1))
    assert programma_fouten(POLICY, Programma.JAS, deelnemer, op=date(2027, 1, 31)) == []
    assert programma_fouten(POLICY, Programma.JAS, deelnemer, op=date(2027, 2, 1)) != []


def test_entrepreneurs_by_marker_or_business_debt() -> None:
    assert programma_fouten(POLICY, Programma.ONDERNEMERS, _deelnemer(), op=date(2026, 1, 1))
    assert not programma_fouten(
        POLICY, Programma.ONDERNEMERS, _deelnemer(zakelijke_schuld=True), op=date(2026, 1, 1)
    )
    assert not programma_fouten(
        POLICY,
        Programma.ONDERNEMERS,
        _deelnemer(doelgroepen=frozenset({"ondernemer"})),
        op=date(2026, 1, 1),
    )
