"""Activities outside the case flow, registered by staff as counts with period and source."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from shared.testing import auth_header

KWALITEIT = auth_header("kwaliteit")
BODY = {
    "soort": "moneyways-klassen",
    "aantal": 34,
    "beginDatum": "2026-09-01",
    "eindDatum": "2027-06-30",
    "bron": "Moneyways jaarplanning",
}


def test_registering_an_activity_returns_201_and_its_location(reporting: TestClient):
    response = reporting.post("/v1/activiteiten", json=BODY, headers=KWALITEIT)

    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/v1/activiteiten/{body['id']}"
    assert body["aantal"] == "34.00"
    assert body["geregistreerdDoor"] == "test-user"
    read = reporting.get(response.headers["location"], headers=KWALITEIT)
    assert read.json() == body


def test_a_registered_count_feeds_its_indicator(reporting: TestClient):
    reporting.post("/v1/activiteiten", json=BODY, headers=auth_header("coordinator"))

    response = reporting.get("/v1/indicatoren/moneyways-klassen?jaar=2026", headers=KWALITEIT)

    assert response.json()["waarde"] == 34


def test_activities_list_by_kind_and_start_date(reporting: TestClient):
    reporting.post("/v1/activiteiten", json=BODY, headers=KWALITEIT)
    other = {**BODY, "soort": "stoppen-met-roken", "aantal": 12, "beginDatum": "2026-03-01"}
    reporting.post("/v1/activiteiten", json=other, headers=KWALITEIT)

    everything = reporting.get("/v1/activiteiten", headers=KWALITEIT).json()
    roken = reporting.get("/v1/activiteiten?soort=stoppen-met-roken", headers=KWALITEIT).json()
    najaar = reporting.get("/v1/activiteiten?vanaf=2026-06-01", headers=KWALITEIT).json()

    assert everything["total"] == 2
    assert [a["beginDatum"] for a in everything["items"]] == ["2026-03-01", "2026-09-01"]
    assert [a["soort"] for a in roken["items"]] == ["stoppen-met-roken"]
    assert [a["soort"] for a in najaar["items"]] == ["moneyways-klassen"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"aantal": -1}, "aantal"),
        ({"aantal": True}, "aantal"),
        ({"aantal": "1.234"}, "aantal"),
        ({"beginDatum": 0}, "beginDatum"),
        ({"beginDatum": "2026-02-30"}, "beginDatum"),
        ({"soort": "feestje"}, "soort"),
        ({"bron": ""}, "bron"),
        ({"eindDatum": "2026-08-31"}, "body"),
        ({"bsn": "123456782"}, "bsn"),
    ],
)
def test_invalid_registrations_are_a_400_naming_the_field(
    reporting: TestClient, change: dict, field: str
):
    response = reporting.post("/v1/activiteiten", json={**BODY, **change}, headers=KWALITEIT)

    assert response.status_code == 400, response.text
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert field in names


def test_every_invalid_field_is_listed(reporting: TestClient):
    body = {**BODY, "aantal": -1, "soort": "x", "bron": ""}

    response = reporting.post("/v1/activiteiten", json=body, headers=KWALITEIT)

    names = {p["name"] for p in response.json()["invalidParams"]}
    assert {"aantal", "soort", "bron"} <= names


@pytest.mark.parametrize("role", ["bi", "admin", "loket", "consulent"])
def test_only_quality_and_coordinators_register(reporting: TestClient, role: str):
    response = reporting.post("/v1/activiteiten", json=BODY, headers=auth_header(role))

    assert response.status_code == 403


def test_an_unknown_activity_is_a_404(reporting: TestClient):
    response = reporting.get(
        "/v1/activiteiten/00000000-0000-0000-0000-000000000000", headers=KWALITEIT
    )

    assert response.status_code == 404


def test_activities_as_csv_for_bi_tools(reporting: TestClient):
    reporting.post(
        "/v1/activiteiten", json={**BODY, "bron": "=cmd|' /C calc'!A0"}, headers=KWALITEIT
    )

    response = reporting.get(
        "/v1/activiteiten?vanaf=2026-01-01", headers={**auth_header("bi"), "Accept": "text/csv"}
    )

    assert response.status_code == 200
    lines = response.text.splitlines()
    assert lines[0].startswith("id,soort,aantal,beginDatum,eindDatum,bron")
    assert ",moneyways-klassen,34.00,2026-09-01,2027-06-30,'=cmd" in lines[1]


@pytest.mark.parametrize("role", ["bi", "admin"])
def test_readers_that_do_not_register_are_not_told_who_registered(reporting: TestClient, role: str):
    created = reporting.post("/v1/activiteiten", json=BODY, headers=KWALITEIT).json()
    lezer = auth_header(role)

    one = reporting.get(f"/v1/activiteiten/{created['id']}", headers=lezer)
    many = reporting.get("/v1/activiteiten", headers=lezer)

    assert one.status_code == 200
    assert "geregistreerdDoor" not in one.json()
    assert "test-user" not in one.text
    assert [set(item) for item in many.json()["items"]] == [set(one.json())]
    assert "test-user" not in many.text
    # Everything else is there, nulls included.
    assert one.json()["toelichting"] is None
    assert {k: v for k, v in created.items() if k != "geregistreerdDoor"} == one.json()


@pytest.mark.parametrize("role", ["kwaliteit", "coordinator"])
def test_the_registering_roles_see_who_registered(reporting: TestClient, role: str):
    created = reporting.post("/v1/activiteiten", json=BODY, headers=auth_header("coordinator"))

    one = reporting.get(created.headers["location"], headers=auth_header(role)).json()
    many = reporting.get("/v1/activiteiten", headers=auth_header(role)).json()

    assert one["geregistreerdDoor"] == "test-user"
    assert many["items"][0]["geregistreerdDoor"] == "test-user"


def test_the_bi_csv_of_activities_names_no_registrant(reporting: TestClient):
    reporting.post("/v1/activiteiten", json=BODY, headers=KWALITEIT)

    text = reporting.get(
        "/v1/activiteiten", headers={**auth_header("bi"), "Accept": "text/csv"}
    ).text

    assert "geregistreerdDoor" not in text.splitlines()[0]
    assert "test-user" not in text


def test_an_unknown_activity_tells_bi_nothing_either(reporting: TestClient):
    response = reporting.get("/v1/activiteiten/not-a-uuid", headers=auth_header("bi"))

    assert response.status_code == 400
    assert "geregistreerdDoor" not in response.text
