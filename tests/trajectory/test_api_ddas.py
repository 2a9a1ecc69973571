"""The DDAS delivery: every page validates against the DDAS v1.0 JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from shared import testing
from tests.trajectory.conftest import CONSULENT, KEY_B, SERVICE, open_traject
from tests.trajectory.helpers_geld import met_dwangakkoord

SCHEMA = json.loads(
    (Path(__file__).parent / "ddas" / "schuldhulpverlening-v1.0.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
PERIODE = {"aanleverperiodeStartdatum": "2026-01-01", "aanleverperiodeEinddatum": "2026-12-31"}


def _page(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/ddas/gegevens", json={**PERIODE, **body}, headers=SERVICE)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    VALIDATOR.validate(result["gegevens"])
    return result


@pytest.fixture
def twee_trajecten(client: TestClient) -> tuple[str, str]:
    samen = open_traject(client, partner=True)
    met_dwangakkoord(client, samen)
    alleen = open_traject(client, subject_key="c" * 64, aanvraagdatum="2026-03-01", crisis=True)
    return samen, alleen


def test_a_delivery_with_two_clients_and_a_dwangakkoord_is_valid_ddas(
    client: TestClient, twee_trajecten: tuple[str, str]
) -> None:
    page = _page(client)
    assert page["paginering"] == {
        "pageSize": 25000,
        "currentPage": 1,
        "totalPages": 1,
        "totalRecords": 2,
    }
    levering = page["gegevens"]["leveringen"][0]
    assert levering["aanleverende_organisatie"]["gemeentecode"] == "GM0362"
    samen, alleen = levering["schuldhulptrajecten"]
    assert [c["Burgerservicenummer"] for c in samen["client"]] == ["111222333", "123456782"]
    assert samen["client"][0]["Huisnummer"] == "12"
    assert samen["schuldregeling"] == {
        "datum": "2026-05-04",
        "toegekend": "2026-09-15",
        "datumVerzoekDwangakkoord": "2026-06-01",
        "dwangakkoord": True,
    }
    # Whole euros: 3000.49 -> 3000, 1000.00 -> 1000; the total is rounded once (4000.49 -> 4000).
    assert [s["bedrag"] for s in samen["schulden"]] == [3000, 1000]
    assert samen["totaalSchuldbedragBijAanvangSchuld"] == 4000
    assert samen["schulden"][0]["schuldeiser"] == {
        "naam": "Eigen Haard",
        "kvknummer": "12345678",
        "postcode": "1066CS",
        "privepersoon": False,
    }
    assert samen["oplossing"] == {
        "soort": "Schuldbemiddeling",
        "startdatum": "2026-09-16",
        "einddatum": "2028-03-15",
        "vtlb": 1902,
    }
    assert samen["intake"]["beschikkingssoort"] == "Toelatingsbeschikking"
    assert samen["toekenningsdatum"] == "2026-02-10"
    assert alleen["aanmelding"] == {"crisisinterventie": True, "startdatum": "2026-03-01"}
    assert alleen["crisisinterventies"] == [{"startdatum": "2026-03-01"}]


def test_every_page_is_valid_and_pages_follow_the_ddas_paging(
    client: TestClient, twee_trajecten: tuple[str, str]
) -> None:
    first = _page(client, pageSize=1)
    second = _page(client, pageSize=1, page=2)
    assert first["paginering"]["totalPages"] == 2
    assert second["paginering"]["currentPage"] == 2
    ids = [len(p["gegevens"]["leveringen"][0]["schuldhulptrajecten"]) for p in (first, second)]
    assert ids == [1, 1]


def test_a_period_before_any_trajectory_is_an_empty_valid_delivery(client: TestClient) -> None:
    open_traject(client)
    page = _page(
        client, aanleverperiodeStartdatum="2025-01-01", aanleverperiodeEinddatum="2025-12-31"
    )
    assert page["paginering"]["totalRecords"] == 0
    assert page["paginering"]["totalPages"] == 1
    assert page["gegevens"]["leveringen"][0]["schuldhulptrajecten"] == []


def test_a_trajectory_closed_before_the_period_is_left_out(client: TestClient) -> None:
    traject_id = open_traject(client, aanvraagdatum="2025-11-03")
    response = client.post(
        f"/v1/trajecten/{traject_id}/fase-overgangen",
        json={
            "naar": "uitstroom",
            "reden": "Verhuisd.",
            "datum": "2025-12-01",
            "uitstroomreden": "Verhuisd",
        },
        headers=CONSULENT,
    )
    assert response.status_code == 201
    assert _page(client)["paginering"]["totalRecords"] == 0


def test_bad_requests_are_400(client: TestClient) -> None:
    response = client.post(
        "/v1/ddas/gegevens",
        json={"aanleverperiodeStartdatum": 20260101, "page": 0, "extra": 1},
        headers=SERVICE,
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"aanleverperiodeStartdatum", "aanleverperiodeEinddatum", "page", "extra"}
    reversed_period = client.post(
        "/v1/ddas/gegevens",
        json={"aanleverperiodeStartdatum": "2026-12-31", "aanleverperiodeEinddatum": "2026-01-01"},
        headers=SERVICE,
    )
    assert reversed_period.status_code == 400


def test_the_delivery_is_logged_per_resident_under_rapportage(
    client: TestClient, twee_trajecten: tuple[str, str]
) -> None:
    _page(client)
    log = client.post(
        "/v1/verwerkingen/zoeken",
        json={"subjectKey": KEY_B},
        headers=testing.auth_header("privacy"),
    ).json()["items"]
    assert ("ddas-levering", "rapportage") in {(r["action"], r["activityId"]) for r in log}


def test_only_a_service_may_pull_the_delivery(client: TestClient) -> None:
    response = client.post("/v1/ddas/gegevens", json=PERIODE, headers=CONSULENT)
    assert response.status_code == 403


def test_another_organisation_is_refused(client: TestClient) -> None:
    response = client.post(
        "/v1/ddas/gegevens",
        json={**PERIODE, "aanleverende_organisatie": "Gemeente Aalsmeer"},
        headers=SERVICE,
    )
    assert response.status_code == 422
    own = _page(client, aanleverende_organisatie="GM0362")
    assert own["gegevens"]["leveringen"][0]["aanleverende_organisatie"] == {
        "(Statutaire) Naam": "Gemeente Amstelveen",
        "gemeentecode": "GM0362",
    }
