"""The workflow rules of the conversation and the outcome, without HTTP or a database."""

from __future__ import annotations

from datetime import date

import pytest

from services.intake.domain.gesprek import (
    GesprekStatus,
    MeldingGesprekStatus,
    check_afgerond_op,
    check_plandatum,
    check_transition,
)
from services.intake.domain.uitkomst import MeldingStatus, UitkomstSoort, check_uitkomst_mogelijk
from shared.problems import Conflict, RuleViolation


@pytest.mark.parametrize(
    "naar", [GesprekStatus.VERPLAATST, GesprekStatus.GEHOUDEN, GesprekStatus.NIET_VERSCHENEN]
)
def test_a_planned_conversation_may_be_moved_held_or_missed(naar) -> None:
    check_transition(GesprekStatus.GEPLAND, naar)


@pytest.mark.parametrize(
    "van", [GesprekStatus.VERPLAATST, GesprekStatus.GEHOUDEN, GesprekStatus.NIET_VERSCHENEN]
)
def test_a_settled_conversation_does_not_change_again(van) -> None:
    with pytest.raises(Conflict) as refused:
        check_transition(van, GesprekStatus.GEHOUDEN)
    assert refused.value.allowed == []


def test_conversation_on_the_melding_day_is_fine_the_day_before_is_not() -> None:
    check_plandatum(date(2026, 5, 1), meldingdatum=date(2026, 5, 1))
    with pytest.raises(RuleViolation):
        check_plandatum(date(2026, 4, 30), meldingdatum=date(2026, 5, 1))


def test_held_may_be_recorded_on_the_day_itself() -> None:
    check_afgerond_op(date(2026, 5, 6), vandaag=date(2026, 5, 6))
    with pytest.raises(RuleViolation):
        check_afgerond_op(date(2026, 5, 7), vandaag=date(2026, 5, 6))


@pytest.mark.parametrize("soort", [UitkomstSoort.ADVIES, UitkomstSoort.MDO, UitkomstSoort.AANVRAAG])
def test_advice_mdo_and_aanvraag_need_the_conversation_held(soort) -> None:
    with pytest.raises(RuleViolation):
        check_uitkomst_mogelijk(
            soort, status=MeldingStatus.OPEN, gesprek_status=MeldingGesprekStatus.GEPLAND
        )
    check_uitkomst_mogelijk(
        soort, status=MeldingStatus.OPEN, gesprek_status=MeldingGesprekStatus.GEHOUDEN
    )


def test_withdrawal_needs_no_conversation_but_a_closed_melding_takes_no_outcome() -> None:
    check_uitkomst_mogelijk(
        UitkomstSoort.GEEN_VERVOLG,
        status=MeldingStatus.OPEN,
        gesprek_status=MeldingGesprekStatus.GEEN,
    )
    with pytest.raises(Conflict):
        check_uitkomst_mogelijk(
            UitkomstSoort.GEEN_VERVOLG,
            status=MeldingStatus.AFGEROND,
            gesprek_status=MeldingGesprekStatus.GEEN,
        )
