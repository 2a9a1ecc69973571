"""The outcome of the first conversation (seed §4.2, annex 5): one of four, and when it is set."""

from __future__ import annotations

from enum import StrEnum

from services.intake.domain.gesprek import MeldingGesprekStatus
from shared.problems import Conflict, RuleViolation


class UitkomstSoort(StrEnum):
    """How the first conversation ends."""

    ADVIES = "advies"  # advice only, possibly with referrals to partners
    MDO = "mdo"  # a multidisciplinary meeting (seed §6.1)
    AANVRAAG = "aanvraag"  # a request for debt help: the case goes to trajectory
    GEEN_VERVOLG = "geen-vervolg"  # no follow-up or withdrawn, with the reason


class MeldingStatus(StrEnum):
    """A melding is open until its outcome is recorded."""

    OPEN = "open"
    AFGEROND = "afgerond"


class MdoTeam(StrEnum):
    """Teams that can be invited to an MDO (seed §6.1, DOMAIN.md §3)."""

    MINIMAREGELINGEN = "minimaregelingen"
    URGENTE_WOONZAKEN = "urgente woonzaken"
    TERUGVORDERING_VERHAAL = "terugvordering & verhaal"
    JEUGDHULP = "jeugdhulp"
    KLANTMANAGERS = "klantmanagers"
    WERKPLEIN = "werkplein"
    RMC = "RMC"
    WMO_BEGELEIDING = "Wmo/begeleiding"
    JONGERENWERK = "jongerenwerk"
    SOCIAAL_TEAM = "sociaal team"


class MdoGrondslag(StrEnum):
    """Why the MDO may share the resident's data (seed §6.1)."""

    TOESTEMMING = "toestemming"  # the resident consented
    VEILIGHEID = "veiligheid"  # safety is at stake: no consent needed, the reason recorded


def check_uitkomst_mogelijk(
    soort: UitkomstSoort, *, status: MeldingStatus, gesprek_status: MeldingGesprekStatus
) -> None:
    """Refuse an outcome on a closed melding, or one that needs a held conversation."""
    if status is not MeldingStatus.OPEN:
        raise Conflict("Deze melding is al afgerond; de uitkomst staat vast.")
    # Withdrawal can happen before any conversation; advice, MDO and the aanvraag arise in it
    # (DOMAIN.md §1: "The aanvraag arises at the first conversation").
    if soort is not UitkomstSoort.GEEN_VERVOLG and gesprek_status is not (
        MeldingGesprekStatus.GEHOUDEN
    ):
        raise RuleViolation(
            f"Uitkomst '{soort.value}' volgt uit het aanmeldgesprek; leg eerst vast dat het "
            "gesprek is gehouden."
        )
