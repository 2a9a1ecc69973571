"""Every route that touches a resident's data writes a processing-log record: by enumeration.

The table (tests/proof/verwerkingen.py) says, for every operation of every service read from its
OpenAPI document, whether it touches a resident's data; a new operation that is not in the table
fails here. The suite's TestClient (tests/proof/verwerkingslog.py) checks every successful call of
such an operation in every test for a new record, and a whole run fails when one of them was never
called successfully (tests/conftest.py `pytest_sessionfinish`). These tests hold the table to the
services and show that the check bites.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared import testing
from tests.intake.conftest import melding_body
from tests.proof.routes import operations
from tests.proof.verwerkingen import VERWERKT
from tests.proof.verwerkingslog import GECONTROLEERD

ClientFor = Callable[..., TestClient]
LOKET = testing.auth_header("loket")


@pytest.mark.parametrize("service", list(VERWERKT))
def test_every_operation_says_whether_it_touches_a_residents_data(
    client_for: ClientFor, service: str
) -> None:
    found = {operation.key for operation in operations(client_for(service).app)}
    assert sorted(found - VERWERKT[service].keys()) == [], "operations missing from the table"
    assert sorted(VERWERKT[service].keys() - found) == [], "table entries without an operation"


def test_a_successful_call_without_a_record_fails_the_test(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for("intake")

    def forgets(*args: Any, **kwargs: Any) -> None:
        return None

    monkeypatch.setattr("services.intake.context.log_processing", forgets)
    with pytest.raises(AssertionError, match="without writing a processing-log record"):
        client.post("/v1/meldingen", json=melding_body(), headers=LOKET)


def test_a_logged_call_is_counted_as_checked(client_for: ClientFor) -> None:
    client = client_for("intake")
    response = client.post("/v1/meldingen", json=melding_body(), headers=LOKET)
    assert response.status_code == 201, response.text
    assert "POST /meldingen" in GECONTROLEERD["intake"]


def test_an_empty_list_needs_no_record(client_for: ClientFor) -> None:
    client = client_for("intake")
    response = client.get("/v1/meldingen", headers=LOKET)
    assert response.status_code == 200
    assert response.json()["items"] == []
