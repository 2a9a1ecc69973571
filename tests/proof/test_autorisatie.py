"""The authorisation matrix: every operation of every service, read from its OpenAPI document,
called without a token, with a forged token, with each role and as another creditor.

The matrix (tests/proof/matrix.py) is the specification: which roles pass each role check, what a
caller that passes gets for a dummy request (an unknown id gives 404, an empty body 400). An
operation that is not in the matrix, or an entry without an operation, fails the test.
"""

from __future__ import annotations

from collections.abc import Callable

import jwt
import pytest
from fastapi.testclient import TestClient

from shared import testing
from shared.problems import PROBLEM_MEDIA_TYPE
from shared.settings import DEVELOPMENT_JWT_SECRET
from tests.proof.matrix import MATRIX
from tests.proof.routes import OTHER_CREDITOR, OWN_CREDITOR, Operation, callers, operations
from tests.signals.helpers import signaal

ClientFor = Callable[..., TestClient]


def call(client: TestClient, operation: Operation, headers: dict[str, str]) -> int:
    body: dict[str, object] | None = {} if operation.body_types else None
    response = client.request(operation.method, operation.url(), headers=headers, json=body)
    if response.status_code in (401, 403):
        assert response.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE), response.text
    status: int = response.status_code
    return status


@pytest.mark.parametrize("service", list(MATRIX))
def test_every_operation_is_in_the_matrix(client_for: ClientFor, service: str) -> None:
    found = {operation.key for operation in operations(client_for(service).app)}
    assert sorted(found - MATRIX[service].keys()) == [], "operations missing from the matrix"
    assert sorted(MATRIX[service].keys() - found) == [], "matrix entries without an operation"


@pytest.mark.parametrize("service", list(MATRIX))
def test_each_caller_gets_the_answer_of_the_matrix(client_for: ClientFor, service: str) -> None:
    client = client_for(service)
    expected: dict[tuple[str, str], int] = {}
    answered: dict[tuple[str, str], int] = {}
    for operation in operations(client.app):
        allowed, status = MATRIX[service][operation.key]
        for caller, headers in callers().items():
            want = 401 if caller == "anonymous" else (status if caller in allowed else 403)
            expected[operation.key, caller] = want
            answered[operation.key, caller] = call(client, operation, headers)
    wrong = {key: (answered[key], want) for key, want in expected.items() if answered[key] != want}
    assert wrong == {}, "(operation, caller): (answered, expected)"


def forged_tokens() -> dict[str, str]:
    now = 1_700_000_000
    claims: dict[str, object] = {
        "sub": "x",
        "roles": ["admin", "privacy", "service", "bi", "coordinator"],
    }
    claims |= {"aud": "balans", "iss": "balans-dev", "iat": now, "exp": 4_000_000_000}
    other_secret = "another-secret-that-is-long-enough-for-hs256!"
    return {
        "wrong key": jwt.encode(claims, other_secret, algorithm="HS256"),
        "expired": jwt.encode(claims | {"exp": now + 60}, DEVELOPMENT_JWT_SECRET, "HS256"),
        "alg none": jwt.encode(claims, "", algorithm="none"),
        "garbage": "not.a.token",
    }


@pytest.mark.parametrize("service", list(MATRIX))
def test_a_forged_or_expired_token_is_refused_everywhere(
    client_for: ClientFor, service: str
) -> None:
    client = client_for(service)
    answered = {
        (operation.key, name): call(client, operation, {"Authorization": f"Bearer {token}"})
        for operation in operations(client.app)
        for name, token in forged_tokens().items()
    }
    assert {key: status for key, status in answered.items() if status != 401} == {}


def test_another_creditor_sees_nothing_of_a_creditors_signals(client_for: ClientFor) -> None:
    client = client_for("signals")
    own = callers()["creditor"]
    other = testing.auth_header("creditor", creditor_id=OTHER_CREDITOR, partner_type="Huur")
    pushed = client.post("/v1/signalen", json=signaal(), headers=own)
    assert pushed.status_code == 201, pushed.text
    signaal_id = pushed.json()["id"]
    batch = client.post("/v1/signaal-batches", json=[signaal(partnerId="EH-2")], headers=own)
    assert batch.status_code == 202, batch.text
    batch_url = batch.headers["Location"]
    subscription = {"url": "https://creditor-a.example.nl/balans"}
    assert client.post("/v1/terugkoppel-abonnementen", json=subscription, headers=own).is_success

    assert client.get(f"/v1/signalen/{signaal_id}", headers=own).status_code == 200
    assert client.get(batch_url, headers=own).status_code == 200
    assert str(signaal_id) in client.get("/v1/signalen", headers=own).text
    assert client.get(f"/v1/terugkoppel-abonnementen/{OWN_CREDITOR}", headers=own).is_success

    assert client.get(f"/v1/signalen/{signaal_id}", headers=other).status_code == 404
    assert client.get(batch_url, headers=other).status_code == 404
    listed = client.get("/v1/signalen", headers=other)
    assert listed.status_code == 200
    assert str(signaal_id) not in listed.text
    subscription_of_a = client.get(f"/v1/terugkoppel-abonnementen/{OWN_CREDITOR}", headers=other)
    assert subscription_of_a.status_code == 403
