"""The steps on a case share one mechanism: status, Location, roles, ids and the case read."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from shared import testing
from tests.trajectory.conftest import CONSULENT, open_traject

KWALITEIT = testing.auth_header("kwaliteit")
BEZWAAR = {"datum": "2026-03-01", "toelichting": "Oneens."}
SCHULD = {
    "schuldeiser": {"naam": "Eigen Haard"},
    "bedrag": "100.00",
    "peildatum": "2026-02-01",
    "schuldsoort": "Overig",
}


def test_a_post_step_answers_201_with_the_case_and_its_location(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = client.post(f"/v1/trajecten/{traject_id}/schulden", json=SCHULD, headers=CONSULENT)
    assert response.status_code == 201, response.text
    assert response.headers["Location"] == f"/v1/trajecten/{traject_id}"
    body = response.json()
    assert body["id"] == traject_id
    assert [s["schuldeiser"]["naam"] for s in body["schulden"]] == ["Eigen Haard"]


def test_a_put_step_answers_200_without_a_location(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = client.put(
        f"/v1/trajecten/{traject_id}/documenten",
        json={"ontvangen": [{"document": "identiteitsbewijs", "ontvangenOp": "2026-01-06"}]},
        headers=CONSULENT,
    )
    assert response.status_code == 200, response.text
    assert "Location" not in response.headers
    assert response.json()["checklist"]["ontvangen"] == [
        {"document": "identiteitsbewijs", "ontvangenOp": "2026-01-06"}
    ]


def test_a_step_needs_a_counsellor_or_coordinator(client: TestClient) -> None:
    traject_id = open_traject(client)
    path = f"/v1/trajecten/{traject_id}/schulden"
    assert client.post(path, json=SCHULD).status_code == 401
    assert client.post(path, json=SCHULD, headers=KWALITEIT).status_code == 403


def test_a_step_on_an_unknown_case_is_404_and_writes_nothing(client: TestClient) -> None:
    response = client.post(f"/v1/trajecten/{uuid.uuid4()}/schulden", json=SCHULD, headers=CONSULENT)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_a_second_id_must_be_a_uuid_of_this_case(client: TestClient) -> None:
    traject_id = open_traject(client)
    bad = client.post(
        f"/v1/trajecten/{traject_id}/noodfonds-aanvragen/niet-een-uuid/besluiten",
        json={"besluit": "toegekend", "datum": "2026-03-01", "reden": "Ja."},
        headers=CONSULENT,
    )
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["name"] == "aanvraagId"
    foreign = client.post(
        f"/v1/trajecten/{traject_id}/noodfonds-aanvragen/{uuid.uuid4()}/besluiten",
        json={"besluit": "toegekend", "datum": "2026-03-01", "reden": "Ja."},
        headers=CONSULENT,
    )
    assert foreign.status_code == 404


def test_a_bad_body_is_400_naming_the_field(client: TestClient) -> None:
    traject_id = open_traject(client)
    response = client.post(
        f"/v1/trajecten/{traject_id}/schulden", json={**SCHULD, "bedrag": "-1"}, headers=CONSULENT
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["bedrag"]


def test_every_step_is_documented_with_its_roles_and_problems(client: TestClient) -> None:
    paths = client.get("/v1/openapi.json").json()["paths"]
    steps = {
        (method, path): operation
        for path, operations in paths.items()
        if path.startswith("/trajecten/{trajectId}/")  # relative to the server URL /v1
        for method, operation in operations.items()
    }
    assert len(steps) == 20
    for (method, path), operation in steps.items():
        assert operation["description"].endswith("Roles: `consulent`, `coordinator`."), path
        assert {"400", "401", "403", "404"} <= set(operation["responses"]), path
        success = "201" if method == "post" else "200"
        assert success in operation["responses"], (method, path)
