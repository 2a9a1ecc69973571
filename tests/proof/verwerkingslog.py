"""The suite's check that every successful call of an operation touching a resident's data writes
a processing-log record.

`VerwerkingslogClient` is the TestClient of every service test (tests/conftest.py `client_for`):
around each call of a `RAAKT` operation (tests/proof/verwerkingen.py) it counts the service's
processing-log records, and a 2xx answer without a new record fails the test that made the call.
It also notes which `RAAKT` operations were answered 2xx, so that a whole run can show that each
of them was checked at least once (`ongeteste_operaties`, used at the end of the session).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from shared.idempotency import REPLAYED_HEADER
from tests.proof.routes import API_PREFIX, operations
from tests.proof.verwerkingen import RAAKT, VERWERKT

# service -> the RAAKT operations answered 2xx in this run
GECONTROLEERD: dict[str, set[str]] = defaultdict(set)


def _patroon(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path)
    body = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(re.escape(API_PREFIX) + body + "$")


class _Operaties:
    """Finds the operation (`METHOD /path/{param}`) a request URL calls; literal paths first."""

    def __init__(self, app: FastAPI) -> None:
        found = sorted(operations(app), key=lambda operation: operation.path.count("{"))
        self._patterns = [
            (operation.method.upper(), _patroon(operation.path), operation.key)
            for operation in found
        ]

    def van(self, method: str, path: str) -> str | None:
        for candidate, pattern, key in self._patterns:
            if candidate == method.upper() and pattern.match(path):
                return key
        return None


def _toont_iets(response: httpx.Response) -> bool:
    """False for a page that lists nothing (no resident, so nothing to log)."""
    if not response.headers.get("content-type", "").startswith("application/json"):
        return True
    body = response.json()
    if not isinstance(body, dict):
        return True
    paginering = body.get("paginering")  # a DDAS delivery
    leeg = isinstance(paginering, dict) and paginering.get("totalRecords") == 0
    return not (leeg or body.get("items") == [])


class VerwerkingslogClient(TestClient):
    def __init__(self, app: FastAPI, service: str, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._service = service
        self._fastapi = app
        self._operaties: _Operaties | None = None

    def _aantal(self) -> int:
        table = self._fastapi.state.plumbing.processing_log
        with self._fastapi.state.engine.connect() as connection:
            count: int = connection.execute(
                sa.select(sa.func.count()).select_from(table)
            ).scalar_one()
        return count

    def _operatie(self, method: str, url: httpx.URL | str) -> str | None:
        if self._operaties is None:
            self._operaties = _Operaties(self._fastapi)
        return self._operaties.van(method, httpx.URL(str(url)).path)

    def request(
        self, method: str, url: httpx.URL | str, *args: Any, **kwargs: Any
    ) -> httpx.Response:
        key = self._operatie(method, url)
        if key is None or VERWERKT[self._service].get(key) != RAAKT:
            return super().request(method, url, *args, **kwargs)
        try:
            before = self._aantal()
        except sa.exc.OperationalError:  # the test made the database unreachable
            return super().request(method, url, *args, **kwargs)
        response = super().request(method, url, *args, **kwargs)
        if response.is_success and response.headers.get(REPLAYED_HEADER) != "true":
            GECONTROLEERD[self._service].add(key)
            if _toont_iets(response):
                assert self._aantal() > before, (
                    f"{self._service}: {method} {url} ({key}) answered {response.status_code} "
                    "without writing a processing-log record"
                )
        return response


def ongeteste_operaties(services: set[str]) -> dict[str, list[str]]:
    """Per service, the RAAKT operations no test of this run called successfully."""
    missing = {
        service: sorted(
            key
            for key, soort in VERWERKT[service].items()
            if soort == RAAKT and key not in GECONTROLEERD[service]
        )
        for service in services
    }
    return {service: keys for service, keys in missing.items() if keys}
