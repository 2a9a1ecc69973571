"""The first conversation's workflow: which status changes are allowed, and why."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from shared.problems import Conflict, RuleViolation


class GesprekStatus(StrEnum):
    """Status of one planned aanmeldgesprek."""

    GEPLAND = "gepland"
    VERPLAATST = "verplaatst"
    GEHOUDEN = "gehouden"
    NIET_VERSCHENEN = "niet-verschenen"


class MeldingGesprekStatus(StrEnum):
    """Where a melding stands with its first conversation (kept on the melding for work lists)."""

    GEEN = "geen"
    GEPLAND = "gepland"
    GEHOUDEN = "gehouden"
    NIET_VERSCHENEN = "niet-verschenen"


# Each allowed edge, with the rule that asks for it. Anything else is refused.
TRANSITIONS: dict[tuple[GesprekStatus, GesprekStatus], str] = {
    (GesprekStatus.GEPLAND, GesprekStatus.VERPLAATST): (
        "seed §4.2: an appointment may be moved, with the reason recorded"
    ),
    (GesprekStatus.GEPLAND, GesprekStatus.GEHOUDEN): (
        "Wgs art. 4: the first conversation took place; the deadlines are judged on its date"
    ),
    (GesprekStatus.GEPLAND, GesprekStatus.NIET_VERSCHENEN): (
        "seed §4.2: a no-show is recorded; the desk plans again or closes the melding"
    ),
}


def check_transition(van: GesprekStatus, naar: GesprekStatus) -> None:
    """Raise Conflict when the conversation cannot go from `van` to `naar`."""
    if (van, naar) not in TRANSITIONS:
        allowed = [to.value for (frm, to) in TRANSITIONS if frm is van]
        raise Conflict(
            f"Een aanmeldgesprek met status '{van.value}' kan niet naar '{naar.value}'.",
            allowed=allowed,
        )


def check_plandatum(datum: date, *, meldingdatum: date) -> None:
    """A conversation cannot be planned before the melding was made."""
    if datum < meldingdatum:
        raise RuleViolation("Het aanmeldgesprek kan niet vóór de meldingsdatum plaatsvinden.")


def check_afgerond_op(datum: date, *, vandaag: date) -> None:
    """Held or no-show can only be recorded on or after the day of the conversation."""
    if datum > vandaag:
        raise RuleViolation(
            "Een gesprek in de toekomst kan nog niet als gehouden of niet verschenen gelden."
        )
