"""The transition table: every edge names its rule; forbidden moves list the allowed ones."""

from __future__ import annotations

from itertools import pairwise

import pytest

from services.trajectory.domain.fasen import (
    OVERGANGEN,
    VIA_ACTIE,
    Fase,
    VerbodenOvergang,
    overgang,
    toegestane_fasen,
    uitstroomreden_past,
)
from shared.contracts.ddas import Uitstroomreden


def test_every_edge_names_a_rule() -> None:
    assert all(edge.regel.strip() for edge in OVERGANGEN.values())


def test_the_main_line_runs_from_aanmelding_to_uitstroom() -> None:
    missing = [(van, naar) for van, naar in pairwise(Fase) if (van, naar) not in OVERGANGEN]
    assert missing == []


def test_nothing_leaves_uitstroom() -> None:
    assert toegestane_fasen(Fase.UITSTROOM) == []


def test_every_active_phase_can_exit_except_through_the_decision() -> None:
    for fase in Fase:
        if fase is not Fase.UITSTROOM:
            assert "uitstroom" in toegestane_fasen(fase)


def test_a_forbidden_move_lists_the_allowed_ones() -> None:
    with pytest.raises(VerbodenOvergang) as raised:
        overgang(Fase.INTAKE, Fase.NAZORG)
    assert raised.value.toegestaan == ["beschikking", "uitstroom"]


def test_a_granted_settlement_closes_the_way_back_to_stabilisation() -> None:
    terug = overgang(Fase.SCHULDREGELING, Fase.STABILISATIE)
    assert "afgewezen of ingetrokken" in terug.regel
    with pytest.raises(VerbodenOvergang) as raised:
        overgang(Fase.SCHULDREGELING, Fase.STABILISATIE, toegekend=True)
    assert raised.value.toegestaan == ["oplossing", "uitstroom"]
    assert toegestane_fasen(Fase.SCHULDREGELING, toegekend=True) == ["oplossing", "uitstroom"]
    assert "stabilisatie" in toegestane_fasen(Fase.SCHULDREGELING)


def test_only_the_way_back_is_closed_by_a_grant() -> None:
    gesloten = [(e.van, e.naar) for e in OVERGANGEN.values() if e.niet_na_toekenning]
    assert gesloten == [(Fase.SCHULDREGELING, Fase.STABILISATIE)]


def test_actions_only_cover_existing_edges() -> None:
    assert set(VIA_ACTIE) <= set(OVERGANGEN)


@pytest.mark.parametrize(
    ("van", "reden", "past"),
    [
        (Fase.NAZORG, Uitstroomreden.AFGEROND, True),
        (Fase.OPLOSSING, Uitstroomreden.AFGEROND, True),
        (Fase.INTAKE, Uitstroomreden.AFGEROND, False),
        (Fase.INTAKE, Uitstroomreden.INGETROKKEN, True),
    ],
)
def test_afgerond_only_after_a_solution(van: Fase, reden: Uitstroomreden, past: bool) -> None:
    assert uitstroomreden_past(van, reden) is past
