"""Deadlines of a trajectory and the signals a work list shows when they are near or passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from shared.calendar import add_months
from shared.policy import Policy

# A work list warns this many days before aftercare must end.
NAZORG_WAARSCHUWING_DAGEN = 14


class Signaal(StrEnum):
    """What a counsellor's work list flags."""

    BESLISTERMIJN_VERLOPEN = "beslistermijn-verlopen"
    STABILISATIE_BOVEN_BENCHMARK = "stabilisatie-boven-benchmark"
    STABILISATIE_BOVEN_MAXIMUM = "stabilisatie-boven-maximum"
    SCHULDREGELING_BOVEN_NVVK_NORM = "schuldregeling-boven-nvvk-norm"
    NAZORG_EINDIGT = "nazorg-eindigt"


class Termijn(StrEnum):
    """The deadlines reported as met or missed."""

    BESLISTERMIJN = "beslistermijn"
    # A floor, not a ceiling: met when stabilisation lasted at least the policy's minimum.
    STABILISATIE_MINIMUM = "stabilisatie-minimum"
    STABILISATIE_BENCHMARK = "stabilisatie-benchmark"
    STABILISATIE_MAXIMUM = "stabilisatie-maximum"
    SCHULDREGELING_NVVK = "schuldregeling-nvvk"
    NAZORG_MAXIMUM = "nazorg-maximum"


# The deadlines a step can pass while still open (work lists, the deadline watch); the
# stabilisation minimum is judged only when stabilisation ends.
BEWAAKT: tuple[Termijn, ...] = tuple(t for t in Termijn if t is not Termijn.STABILISATIE_MINIMUM)


def beslistermijn(policy: Policy, aanvraagdatum: date) -> date:
    """Verordening beslistermijn (policy `beslistermijn_weken`, 8 weeks in Amstelveen) from the
    aanvraag; Atw art. 1: a term ending on a day off moves to the next working day."""
    return policy.kalender().add_weeks_to_working_day(
        aanvraagdatum, policy.termijnen.beslistermijn_weken
    )


@dataclass(frozen=True)
class StabilisatieTermijnen:
    benchmark: date
    maximum: date


def stabilisatie_termijnen(policy: Policy, start: date) -> StabilisatieTermijnen:
    """Divosa benchmark (share over 4 months) and the seed's 6-month maximum from the start."""
    kalender = policy.kalender()
    termijnen = policy.termijnen
    return StabilisatieTermijnen(
        benchmark=kalender.add_months_to_working_day(
            start, termijnen.stabilisatie_benchmark_maanden
        ),
        maximum=kalender.add_months_to_working_day(start, termijnen.stabilisatie_max_maanden),
    )


def stabilisatie_minimum(policy: Policy, start: date) -> date:
    """Seed hfst. 4: stabilisation takes 3 to 6 months; the first day it may end without
    deviating from the policy's minimum (`stabilisatie_min_maanden`)."""
    return add_months(start, policy.termijnen.stabilisatie_min_maanden)


def nvvk_termijn(policy: Policy, ingediend: date) -> date:
    """NVVK norm: agreement within 120 days (policy `schuldregeling_nvvk_dagen`) of submission."""
    return ingediend + timedelta(days=policy.termijnen.schuldregeling_nvvk_dagen)


def nazorg_einde(policy: Policy, start: date) -> date:
    """Seed hfst. 4: aftercare lasts at most `nazorg_max_maanden` (6) months."""
    return policy.kalender().add_months_to_working_day(start, policy.termijnen.nazorg_max_maanden)


def gehaald(*, termijn: date, op: date) -> bool:
    """The deadline day itself is still in time."""
    return op <= termijn


class Termijnstand(NamedTuple):
    """The deadline columns of one trajectory, as the work list reads them (a tuple: built for
    every row of a page)."""

    fase: str
    beslistermijn: date | None
    beschikking_datum: date | None
    stabilisatie_benchmark: date | None
    stabilisatie_maximum: date | None
    stabilisatie_eind: date | None
    nvvk: date | None
    schuldregeling_besloten: date | None
    nazorg_einde: date | None
    nazorg_eind: date | None


def signalen(stand: Termijnstand, *, vandaag: date) -> list[Signaal]:
    """The signals for one trajectory today (plain values: no query per row)."""
    found: list[Signaal] = []
    if stand.fase == "uitstroom":
        return found
    if stand.beslistermijn and stand.beschikking_datum is None and vandaag > stand.beslistermijn:
        found.append(Signaal.BESLISTERMIJN_VERLOPEN)
    if stand.fase == "stabilisatie" and stand.stabilisatie_eind is None:
        if stand.stabilisatie_maximum and vandaag > stand.stabilisatie_maximum:
            found.append(Signaal.STABILISATIE_BOVEN_MAXIMUM)
        elif stand.stabilisatie_benchmark and vandaag > stand.stabilisatie_benchmark:
            found.append(Signaal.STABILISATIE_BOVEN_BENCHMARK)
    if (
        stand.fase == "schuldregeling"
        and stand.nvvk
        and stand.schuldregeling_besloten is None
        and vandaag > stand.nvvk
    ):
        found.append(Signaal.SCHULDREGELING_BOVEN_NVVK_NORM)
    if (
        stand.fase == "nazorg"
        and stand.nazorg_einde
        and stand.nazorg_eind is None
        and vandaag >= stand.nazorg_einde - timedelta(days=NAZORG_WAARSCHUWING_DAGEN)
    ):
        found.append(Signaal.NAZORG_EINDIGT)
    return found
