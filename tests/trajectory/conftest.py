"""Fixtures for the trajectory tests: a started client, a frozen clock, aanvraag bodies."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared import testing
from shared import types as shared_types

VANDAAG = date(2026, 11, 27)
SERVICE = testing.auth_header("service", subject="intake")
CONSULENT = testing.auth_header("consulent", subject="j.devries")
COORDINATOR = testing.auth_header("coordinator", subject="coord")
KEY_A = "a" * 64
KEY_B = "b" * 64


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(shared_types, "today", lambda: VANDAAG)
    return VANDAAG


@pytest.fixture
def client(client_for: Callable[..., TestClient]) -> TestClient:
    return client_for("trajectory")


def aanvraag_body(
    *,
    subject_key: str = KEY_A,
    aanvraagdatum: str = "2026-01-05",
    partner: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "aanvraagId": str(uuid.uuid4()),
        "meldingId": str(uuid.uuid4()),
        "gemeentecode": "GM0362",
        "aanvraagdatum": aanvraagdatum,
        "crisis": False,
        "aanvrager": {
            "bsn": "111222333",
            "achternaam": "Jansen",
            "geboortedatum": "1980-03-14",
            "postcode": "1181AA",
            "huisnummer": 12,
        },
        "subjectKey": subject_key,
    }
    if partner:
        body["partner"] = {
            "bsn": "123456782",
            "achternaam": "Bakker",
            "geboortedatum": "1982-07-01",
            "postcode": "1181AA",
            "huisnummer": 12,
        }
        body["partnerSubjectKey"] = KEY_B
    body.update(extra)
    return body


def open_traject(client: TestClient, **kwargs: Any) -> str:
    response = client.post("/v1/aanvragen", json=aanvraag_body(**kwargs), headers=SERVICE)
    assert response.status_code == 201, response.text
    return str(response.json()["trajectId"])


def stap(
    client: TestClient,
    traject_id: str,
    path: str,
    body: dict[str, Any],
    *,
    status: int = 201,
    method: str = "post",
) -> dict[str, Any]:
    response = client.request(
        method, f"/v1/trajecten/{traject_id}/{path}", json=body, headers=CONSULENT
    )
    assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


ALLE_DOCUMENTEN = [
    "identiteitsbewijs",
    "inkomensspecificaties",
    "bankafschriften",
    "vaste-lasten",
    "schuldenoverzicht",
    "toeslagen",
]


def tot_beschikking(client: TestClient, traject_id: str) -> None:
    """aanmelding -> intake -> (checklist complete) -> beschikking."""
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "intake", "reden": "Gesprek.", "datum": "2026-01-08"},
    )
    stap(
        client,
        traject_id,
        "documenten",
        {"ontvangen": [{"document": d, "ontvangenOp": "2026-01-20"} for d in ALLE_DOCUMENTEN]},
        status=200,
        method="put",
    )
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "beschikking", "reden": "Compleet.", "datum": "2026-01-21"},
    )


def tot_stabilisatie(client: TestClient, traject_id: str) -> None:
    tot_beschikking(client, traject_id)
    stap(
        client,
        traject_id,
        "beschikkingen",
        {"soort": "Toelatingsbeschikking", "datum": "2026-02-10", "redenen": ["Voldoet."]},
    )
    stap(
        client,
        traject_id,
        "plan-van-aanpak",
        {
            "hulpvraag": "Schulden regelen.",
            "ondersteuning": "Budgetbeheer.",
            "verwachteEinddatum": "2028-01-01",
        },
        status=200,
        method="put",
    )
    stap(
        client,
        traject_id,
        "fase-overgangen",
        {"naar": "stabilisatie", "reden": "Plan klaar.", "datum": "2026-02-15"},
    )
