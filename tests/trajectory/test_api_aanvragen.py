"""Receiving intake's aanvraag command and answering the known-resident query."""

from __future__ import annotations

from fastapi.testclient import TestClient

from shared import testing
from tests.trajectory.conftest import (
    CONSULENT,
    KEY_A,
    KEY_B,
    SERVICE,
    aanvraag_body,
    open_traject,
    stap,
)


class TestAanvraagOntvangen:
    def test_without_token_is_401(self, client: TestClient) -> None:
        assert client.post("/v1/aanvragen", json=aanvraag_body()).status_code == 401

    def test_a_counsellor_may_not_send_the_command(self, client: TestClient) -> None:
        response = client.post("/v1/aanvragen", json=aanvraag_body(), headers=CONSULENT)
        assert response.status_code == 403

    def test_opens_a_trajectory_in_aanmelding_with_location(self, client: TestClient) -> None:
        body = aanvraag_body(aanvraagdatum="2026-11-02")
        response = client.post("/v1/aanvragen", json=body, headers=SERVICE)
        assert response.status_code == 201
        traject_id = response.json()["trajectId"]
        assert response.headers["Location"] == f"/v1/trajecten/{traject_id}"
        assert response.json()["aanvraagId"] == body["aanvraagId"]
        case = client.get(response.headers["Location"], headers=CONSULENT).json()
        assert case["fase"] == "aanmelding"
        # 8 weeks after Monday 2 November 2026 is Monday 28 December: a working day.
        assert case["termijnen"]["beslistermijn"] == "2026-12-28"
        assert case["personen"][0]["persoon"]["achternaam"] == "Jansen"

    def test_decision_term_ending_on_boxing_day_moves_to_the_next_working_day(
        self, client: TestClient
    ) -> None:
        # 31 October 2026 + 8 weeks = Saturday 26 December (also Boxing Day) -> Monday 28th.
        traject_id = open_traject(client, aanvraagdatum="2026-10-31")
        case = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()
        assert case["termijnen"]["beslistermijn"] == "2026-12-28"

    def test_a_repeat_with_the_same_idempotency_key_replays_the_first_answer(
        self, client: TestClient
    ) -> None:
        body = aanvraag_body()
        headers = {**SERVICE, "Idempotency-Key": "aanvraag-1"}
        first = client.post("/v1/aanvragen", json=body, headers=headers)
        again = client.post("/v1/aanvragen", json=body, headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json() == first.json()

    def test_the_same_aanvraag_without_key_returns_the_trajectory_it_opened(
        self, client: TestClient
    ) -> None:
        body = aanvraag_body()
        first = client.post("/v1/aanvragen", json=body, headers=SERVICE)
        again = client.post("/v1/aanvragen", json=body, headers=SERVICE)
        assert again.status_code == 200
        assert again.json()["trajectId"] == first.json()["trajectId"]

    def test_a_second_active_trajectory_is_409_naming_the_first(self, client: TestClient) -> None:
        first = open_traject(client)
        response = client.post("/v1/aanvragen", json=aanvraag_body(), headers=SERVICE)
        assert response.status_code == 409
        assert response.json()["links"] == {"traject": f"/v1/trajecten/{first}"}

    def test_a_partner_with_an_active_trajectory_blocks_a_joint_one(
        self, client: TestClient
    ) -> None:
        first = open_traject(client, subject_key=KEY_B)
        response = client.post("/v1/aanvragen", json=aanvraag_body(partner=True), headers=SERVICE)
        assert response.status_code == 409
        assert response.json()["links"]["traject"].endswith(first)

    def test_two_jointly_liable_persons_are_both_on_the_case(self, client: TestClient) -> None:
        traject_id = open_traject(client, partner=True)
        case = client.get(f"/v1/trajecten/{traject_id}", headers=CONSULENT).json()
        assert [(p["rol"], p["subjectKey"]) for p in case["personen"]] == [
            ("aanvrager", KEY_A),
            ("partner", KEY_B),
        ]

    def test_partner_without_key_is_400(self, client: TestClient) -> None:
        body = aanvraag_body(partner=True)
        del body["partnerSubjectKey"]
        response = client.post("/v1/aanvragen", json=body, headers=SERVICE)
        assert response.status_code == 400
        assert response.json()["invalidParams"][0]["name"] == "partnerSubjectKey"

    def test_bad_input_names_every_invalid_field(self, client: TestClient) -> None:
        body = aanvraag_body(crisis=1, aanvraagdatum="2099-01-01", subjectKey="nope")
        body["aanvrager"]["bsn"] = "123456789"
        response = client.post("/v1/aanvragen", json=body, headers=SERVICE)
        assert response.status_code == 400
        names = {p["name"] for p in response.json()["invalidParams"]}
        assert {"aanvraagdatum", "aanvrager.bsn", "subjectKey"} <= names


class TestBekendheid:
    def test_an_unknown_resident(self, client: TestClient) -> None:
        response = client.post("/v1/bekendheid", json={"subjectKey": KEY_A}, headers=SERVICE)
        assert response.status_code == 200
        assert response.json() == {
            "bekend": False,
            "lopend": False,
            "referentie": None,
            "laatstAfgeslotenOp": None,
        }

    def test_a_resident_with_an_active_trajectory(self, client: TestClient) -> None:
        traject_id = open_traject(client)
        answer = client.post("/v1/bekendheid", json={"subjectKey": KEY_A}, headers=SERVICE).json()
        assert answer["lopend"] is True
        assert answer["referentie"] == traject_id

    def test_a_closed_trajectory_gives_the_date_for_recidive(self, client: TestClient) -> None:
        traject_id = open_traject(client)
        stap(
            client,
            traject_id,
            "fase-overgangen",
            {
                "naar": "uitstroom",
                "reden": "Niet verschenen.",
                "datum": "2026-02-01",
                "uitstroomreden": "Nietverschenen",
            },
        )
        answer = client.post("/v1/bekendheid", json={"subjectKey": KEY_A}, headers=SERVICE).json()
        assert answer == {
            "bekend": True,
            "lopend": False,
            "referentie": None,
            "laatstAfgeslotenOp": "2026-02-01",
        }

    def test_the_query_is_in_the_processing_log(self, client: TestClient) -> None:
        open_traject(client)
        client.post("/v1/bekendheid", json={"subjectKey": KEY_A}, headers=SERVICE)
        log = client.post(
            "/v1/verwerkingen/zoeken",
            json={"subjectKey": KEY_A},
            headers=testing.auth_header("privacy"),
        ).json()["items"]
        assert [r["action"] for r in log] == ["traject-openen", "bekendheid-bevragen"]
        assert {r["activityId"] for r in log} == {"schuldhulptraject"}


def test_an_aanvraag_for_another_municipality_is_refused(client: TestClient) -> None:
    response = client.post(
        "/v1/aanvragen", json=aanvraag_body(gemeentecode="GM0358"), headers=SERVICE
    )
    assert response.status_code == 422
    assert "GM0362" in response.json()["detail"]
