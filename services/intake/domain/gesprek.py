"""The first conversation's workflow: which status changes are allowed, and why."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from shared.problems import Conflict, InvalidInput, InvalidParam, RuleViolation

PLAATS_OF_TELEFOON = "Geef een locatie, of zet telefonisch op true."


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


def check_plaats(locatie: str | None, *, telefonisch: bool) -> None:
    """A conversation in person needs a place: the letter tells the resident where to go.

    Planning checks this on its body; moving checks it on the values after the merge, since
    the new appointment takes the old place or phone setting where the body gives none.
    """
    if not telefonisch and locatie is None:
        raise InvalidInput(
            "1 veld is ongeldig.",
            invalid_params=[InvalidParam(name="locatie", reason=PLAATS_OF_TELEFOON)],
        )


def check_brief(status: GesprekStatus) -> None:
    """Letters are about an appointment still to come: a moved one would send the resident
    to the old moment, a held or missed one to a moment that has passed."""
    if status is not GesprekStatus.GEPLAND:
        raise Conflict(
            f"Een brief kan alleen over een gepland gesprek gaan; dit gesprek is '{status.value}'."
        )
