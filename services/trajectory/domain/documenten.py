"""The intake checklist: documents the resident hands in before the aanvraag can be decided."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Document(StrEnum):
    """Documents the intake asks for (seed hfst. 4: "alle stukken compleet")."""

    IDENTITEITSBEWIJS = "identiteitsbewijs"
    INKOMENSSPECIFICATIES = "inkomensspecificaties"
    BANKAFSCHRIFTEN = "bankafschriften"
    VASTE_LASTEN = "vaste-lasten"
    SCHULDENOVERZICHT = "schuldenoverzicht"
    TOESLAGEN = "toeslagen"


def ontbrekend(ontvangen: Iterable[str]) -> list[str]:
    """The documents of the checklist not yet received, in checklist order."""
    binnen = set(ontvangen)
    return [d.value for d in Document if d.value not in binnen]
