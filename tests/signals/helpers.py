"""Builders for the signals tests: valid signals, creditor and staff headers, a push and the
open cases as the API gives them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from shared import testing

# Valid BSNs (eleven-test) for the tests.
BSN_A = "111222333"
BSN_B = "123456782"
# The same resident as `signaal()` gives, known by name, birth date and address only.
ZONDER_BSN: dict[str, Any] = {"bsn": None, "voorletters": "J.", "achternaam": "van Dijk"}


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


def push(
    client: TestClient, *, headers: dict[str, str] | None = None, **overrides: Any
) -> dict[str, Any]:
    """Push `signaal(**overrides)` (as the default creditor unless `headers` say otherwise);
    the stored signal, asserted 201."""
    response = client.post("/v1/signalen", json=signaal(**overrides), headers=headers or creditor())
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def open_cases(client: TestClient) -> list[dict[str, Any]]:
    """The cases the coordinator's list shows, without the ones merged into another."""
    items: list[dict[str, Any]] = client.get("/v1/casussen", headers=staff()).json()["items"]
    return [c for c in items if c["status"] != "samengevoegd"]
