"""Schemathesis against the four OpenAPI documents, in-process (ASGI), with a valid token for
the roles each operation admits (tests/proof/matrix.py): no server error, and every response
matches its own operation's documented status codes, content types, headers and schemas.

`BALANS_FUZZ_EXAMPLES` examples per operation (5 in `make test`, more in `make fuzz`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shared import testing
from tests.conftest import SERVICES
from tests.proof.matrix import MATRIX
from tests.proof.routes import API_PREFIX, OWN_CREDITOR

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("BALANS_FUZZ_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# A catch-up reads another service's feed, and no other service runs beside the in-process app:
# there a 503 problem is the documented answer (any other server error still fails).
SOURCE_OUTAGE = {("reporting", "POST /bronnen/{bron}/inhaalacties")}


@pytest.fixture(scope="module")
def fuzzed_apps(service_databases: dict[str, str]) -> Iterator[dict[str, FastAPI]]:
    """One app per service for the whole module, so generated data builds up between examples."""
    apps = {
        name: create(
            settings_cls(
                database_url=service_databases[name],
                environment="test",
                run_background_jobs=False,
            )
        )
        for name, (_, create, settings_cls) in SERVICES.items()
    }
    yield apps
    for name, app in apps.items():
        app.state.engine.dispose()
        testing.empty_all_tables(service_databases[name], SERVICES[name][0].metadata.tables)


def schema_of(app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi(f"{API_PREFIX}/openapi.json", app)


class WithoutLifespan:
    """The app without its lifespan: the databases are migrated and background jobs are off, and
    the app keeps its clients for the whole module (schemathesis would end a lifespan per test)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            raise RuntimeError("no lifespan")  # refused before the first message: none is run
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def schemas(fuzzed_apps: dict[str, FastAPI]) -> dict[str, Any]:
    return {
        name: schemathesis.openapi.from_asgi(f"{API_PREFIX}/openapi.json", WithoutLifespan(app))
        for name, app in fuzzed_apps.items()
    }


def authorisation(service: str, method: str, path: str) -> dict[str, str]:
    """A token with the roles the matrix admits for this operation (a creditor's for its own)."""
    roles, _ = MATRIX[service][f"{method.upper()} {path}"]
    if not roles or "creditor" in roles:
        return testing.auth_header("creditor", creditor_id=OWN_CREDITOR, partner_type="Huur")
    return testing.auth_header(*sorted(roles), subject=f"fuzz-{service}")


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    # No shrinking: a failure is reported with the request that caused it (a curl line).
    phases=[Phase.explicit, Phase.generate],
)


@pytest.mark.parametrize(
    ("service", "key"), [(service, key) for service in MATRIX for key in MATRIX[service]]
)
def test_operation(schemas: dict[str, Any], service: str, key: str) -> None:
    method, path = key.split(" ", 1)
    operation = schemas[service][path][method]
    headers = authorisation(service, method, path)
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    outage = (service, key) in SOURCE_OUTAGE
    checks = [check for check in CHECKS if not (outage and check is not_a_server_error)]

    @FUZZ_SETTINGS
    @given(case=cases)
    def examples(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks)
        if outage:
            assert response.status_code < 500 or response.status_code == 503, response.text

    examples()
