"""The offer: capacity x dated term, split over the claims to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.trajectory.domain.aanbod import Vordering, looptijd, maak_aanbod, verdeel
from shared.policy import load_policy

POLICY = load_policy()


def _v(schuld_id: str, bedrag: str, *, preferent: bool = False) -> Vordering:
    return Vordering(schuld_id, Decimal(bedrag), preferent)


def test_term_is_36_months_before_july_2023_and_18_after() -> None:
    assert looptijd(POLICY, date(2023, 6, 30)) == 36
    assert looptijd(POLICY, date(2023, 7, 1)) == 18


def test_concurrent_claims_get_the_same_percentage_and_the_cents_add_up() -> None:
    shares = verdeel(
        Decimal("100.00"),
        [_v("a", "100.00"), _v("b", "100.00"), _v("c", "100.00")],
        preferente_weging=Decimal(1),
    )
    assert shares == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(shares) == Decimal("100.00")


def test_preferent_weighting_gives_a_preferent_claim_a_larger_share() -> None:
    shares = verdeel(
        Decimal("300.00"),
        [_v("fiscus", "300.00", preferent=True), _v("winkel", "300.00")],
        preferente_weging=Decimal(2),
    )
    assert shares == [Decimal("200.00"), Decimal("100.00")]


def test_a_capped_claim_frees_money_for_the_others() -> None:
    shares = verdeel(
        Decimal("500.00"),
        [_v("fiscus", "100.00", preferent=True), _v("winkel", "1000.00")],
        preferente_weging=Decimal(10),
    )
    assert shares == [Decimal("100.00"), Decimal("400.00")]


def test_the_offer_never_exceeds_the_debts() -> None:
    offer = maak_aanbod(
        POLICY,
        afloscapaciteit=Decimal("500.00"),
        ingangsdatum=date(2026, 1, 1),
        vorderingen=[_v("a", "1000.00")],
    )
    assert offer.totaal_aflossing == Decimal("1000.00")
    assert offer.percentage == Decimal("100.00")


def test_no_capacity_is_a_zero_offer() -> None:
    offer = maak_aanbod(
        POLICY,
        afloscapaciteit=Decimal("0.00"),
        ingangsdatum=date(2026, 1, 1),
        vorderingen=[_v("a", "1000.00"), _v("b", "0.00")],
    )
    assert offer.totaal_aflossing == Decimal("0.00")
    assert [a.aanbod for a in offer.aandelen] == [Decimal("0.00"), Decimal("0.00")]
    assert offer.aandelen[1].percentage == Decimal("0.00")
