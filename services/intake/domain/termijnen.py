"""Deadlines of a melding: plan the first conversation, hold it within the norm and the law.

Sources (DOMAIN.md §1, policy `termijnen`): plan within 2 working days of the melding (seed
ch. 4); hold it within 1 week (seed annex 5) and at the latest 4 weeks after the request (Wgs
art. 4 lid 1); in a threatening situation the same day (seed) and at the latest within 3 working
days (Wgs art. 4 lid 2). Working days follow the Algemene termijnenwet: a term counted in days
starts the day after the melding, and a term that ends on a weekend day or holiday moves to the
next working day (Atw art. 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.calendar import WerkdagenKalender
from shared.policy import Termijnen


@dataclass(frozen=True)
class MeldingTermijnen:
    """The three deadlines a melding is given when it is registered."""

    plannen_uiterlijk: date
    gesprek_norm_uiterlijk: date
    gesprek_wettelijk_uiterlijk: date


def bereken_termijnen(
    meldingdatum: date, *, crisis: bool, termijnen: Termijnen, kalender: WerkdagenKalender
) -> MeldingTermijnen:
    """The deadlines for a melding made on `meldingdatum`."""
    plannen = kalender.add_working_days(meldingdatum, termijnen.eerste_gesprek_plannen_werkdagen)
    if crisis:
        norm = kalender.add_working_days(meldingdatum, termijnen.crisis_eerste_gesprek_werkdagen)
        wettelijk = kalender.add_working_days(meldingdatum, termijnen.crisis_wettelijk_werkdagen)
        # A conversation due the same day cannot wait two days to be planned: planning is due
        # no later than the conversation itself.
        plannen = min(plannen, norm)
    else:
        norm = kalender.add_weeks_to_working_day(meldingdatum, termijnen.eerste_gesprek_weken)
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
