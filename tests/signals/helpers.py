"""Builders for the signals tests: valid signals, creditor and staff headers."""

from __future__ import annotations

from typing import Any

from shared import testing

# Valid BSNs (eleven-test) for the tests.
BSN_A = "111222333"
BSN_B = "123456782"


def creditor(creditor_id: str = "eigen-haard", partner_type: str = "Huur") -> dict[str, str]:
    return testing.auth_header(
        "creditor", creditor_id=creditor_id, partner_type=partner_type, subject=creditor_id
    )


def staff(role: str = "coordinator", subject: str = "coordinator-1") -> dict[str, str]:
    return testing.auth_header(role, subject=subject)


def signaal(**overrides: Any) -> dict[str, Any]:
    """A valid Huur signal (60 days of arrears) about Jan van Dijk at Stadsplein 1."""
    body: dict[str, Any] = {
        "partnerId": "EH-1",
        "crisissignaal": False,
        "warmeOverdracht": False,
        "bedrag": "1250.00",
        "ontstaansdatum": "2026-09-01",
        "signaaldatum": "2026-10-31",
        "bsn": BSN_A,
        "voorletters": "J.",
        "tussenvoegsel": "van",
        "achternaam": "Dijk",
        "geboortedatum": "1980-05-17",
        "straat": "Stadsplein",
        "postcode": "1181ZM",
        "huisnummer": 1,
        "woonplaats": "Amstelveen",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}
