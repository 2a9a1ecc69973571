"""Deadlines of a melding: plan the first conversation, hold it within the norm and the law.

Sources (DOMAIN.md §1, policy `termijnen`): plan within 2 working days of the melding (seed
ch. 4); hold it within 1 week (seed annex 5) and at the latest 4 weeks after the request (Wgs
art. 4 lid 1); in a threatening situation the same day (seed) and at the latest within 3 working
days (Wgs art. 4 lid 2). That legal maximum is for the threatening situations the Wgs names
(policy `crisissoorten` with `wettelijk = true`); a kind that only local protocol adds, such as
wage garnishment, keeps the same-day norm but the ordinary 4-week legal maximum. Working days
follow the Algemene termijnenwet: a term counted in days starts the day after the melding, and a
term that ends on a weekend day or holiday moves to the next working day (Atw art. 1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from shared.calendar import WerkdagenKalender
from shared.policy import CrisisSoort, Termijnen


@dataclass(frozen=True)
class MeldingTermijnen:
    """The three deadlines a melding is given when it is registered."""

    plannen_uiterlijk: date
    gesprek_norm_uiterlijk: date
    gesprek_wettelijk_uiterlijk: date


def wettelijke_crisis(soort: str | None, crisissoorten: Iterable[CrisisSoort]) -> bool:
    """Whether a crisis of kind `soort` is one the Wgs names, so its legal maximum applies.

    A crisis of unknown kind (an early signal that names none) keeps the legal maximum: the
    partners that signal (landlords, energy, water, health insurers) report the situations the
    law names, and holding the conversation early harms no one where missing the law would.
    """
    if soort is None:
        return True
    return any(c.code == soort and c.wettelijk for c in crisissoorten)


def bereken_termijnen(
    meldingdatum: date,
    *,
    crisis: bool,
    wettelijke_crisis: bool,
    termijnen: Termijnen,
    kalender: WerkdagenKalender,
) -> MeldingTermijnen:
    """The deadlines for a melding made on `meldingdatum`; `wettelijke_crisis` (see
    `wettelijke_crisis()`) counts only for a crisis."""
    plannen = kalender.add_working_days(meldingdatum, termijnen.eerste_gesprek_plannen_werkdagen)
    if crisis:
        norm = kalender.add_working_days(meldingdatum, termijnen.crisis_eerste_gesprek_werkdagen)
        # A conversation due the same day cannot wait two days to be planned: planning is due
        # no later than the conversation itself.
        plannen = min(plannen, norm)
    else:
        norm = kalender.add_weeks_to_working_day(meldingdatum, termijnen.eerste_gesprek_weken)
    if crisis and wettelijke_crisis:
        wettelijk = kalender.add_working_days(meldingdatum, termijnen.crisis_wettelijk_werkdagen)
    else:
        wettelijk = kalender.add_weeks_to_working_day(
            meldingdatum, termijnen.eerste_gesprek_wettelijk_weken
        )
    return MeldingTermijnen(
        plannen_uiterlijk=plannen,
        gesprek_norm_uiterlijk=norm,
        gesprek_wettelijk_uiterlijk=wettelijk,
    )


def binnen_termijn(uiterlijk: date, op: date) -> bool:
    """Whether something done on `op` met a deadline: the deadline day itself still counts."""
    return not WerkdagenKalender.is_overdue(uiterlijk, op)
