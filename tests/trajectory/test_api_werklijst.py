"""Work lists per counsellor with deadline signals, and the caseload limit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from shared import testing
from tests.trajectory.conftest import (
    CONSULENT,
    COORDINATOR,
    open_traject,
    stap,
    tot_stabilisatie,
)


def _werklijst(client: TestClient, query: str = "") -> dict[str, object]:
    response = client.get(f"/v1/trajecten{query}", headers=CONSULENT)
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def test_overdue_decisions_are_flagged_and_filterable(client: TestClient) -> None:
    late = open_traject(client, aanvraagdatum="2026-01-05")
    open_traject(client, subject_key="c" * 64, aanvraagdatum="2026-11-20")
    page = _werklijst(client, "?signaal=beslistermijn-verlopen")
    assert page["total"] == 1
    items = page["items"]
    assert isinstance(items, list)
    assert items[0]["id"] == late
    assert items[0]["signalen"] == ["beslistermijn-verlopen"]
    assert items[0]["aanvrager"] == "Jansen"


def test_stabilisation_over_the_maximum_is_flagged(client: TestClient) -> None:
    traject_id = open_traject(client)
    tot_stabilisatie(client, traject_id)  # stabilisation from 15 February 2026
    page = _werklijst(client, "?signaal=stabilisatie-boven-maximum")
    assert page["total"] == 1
    assert _werklijst(client, "?signaal=stabilisatie-boven-benchmark")["total"] == 0


def test_work_list_per_counsellor_and_phase_with_paging(client: TestClient) -> None:
    for i in range(3):
        open_traject(client, subject_key=f"{i}" * 64, consulent="j.devries")
    open_traject(client, subject_key="d" * 64, consulent="p.bakker")
    page = _werklijst(client, "?consulent=j.devries&fase=aanmelding&pageSize=2")
    assert page["total"] == 3
    assert isinstance(page["items"], list)
    assert len(page["items"]) == 2
    assert _werklijst(client, "?consulent=j.devries&fase=intake")["total"] == 0


def test_assigning_beyond_the_caseload_limit_needs_a_reason(client: TestClient) -> None:
    response = client.put("/v1/consulenten/j.devries", json={"fte": "0.05"}, headers=COORDINATOR)
    assert response.status_code == 200, response.text  # limit: 45 x 0.05 = 2
    for i in range(2):
        open_traject(client, subject_key=f"{i}" * 64, consulent="j.devries")
    derde = open_traject(client, subject_key="e" * 64)
    refused = client.post(
        f"/v1/trajecten/{derde}/toewijzingen", json={"consulent": "j.devries"}, headers=CONSULENT
    )
    assert refused.status_code == 422
    assert "limiet 2" in refused.json()["detail"]
    stap(
        client,
        derde,
        "toewijzingen",
        {"consulent": "j.devries", "overrideReden": "Collega ziek."},
    )
    view = client.get("/v1/capaciteit", headers=COORDINATOR).json()
    assert view["consulenten"] == [
        {"consulent": "j.devries", "fte": "0.05", "actief": 3, "limiet": 2, "bovenLimiet": True}
    ]
    assert view["trajecten"] == 3
    assert view["zonderConsulent"] == 0
    assert view["fteNodig"] == "0.1"


def test_setting_fte_is_for_the_coordinator(client: TestClient) -> None:
    response = client.put("/v1/consulenten/x", json={"fte": "1"}, headers=CONSULENT)
    assert response.status_code == 403


def test_intakes_counsellor_is_assigned_only_within_the_limit(client: TestClient) -> None:
    client.put("/v1/consulenten/j.devries", json={"fte": "0.03"}, headers=COORDINATOR)  # limit 1
    eerste = open_traject(client, consulent="j.devries")
    tweede = open_traject(client, subject_key="c" * 64, consulent="j.devries")
    assert _werklijst(client, "?consulent=j.devries")["total"] == 1
    zonder = _werklijst(client, "?toegewezen=false")
    assert isinstance(zonder["items"], list)
    assert [i["id"] for i in zonder["items"]] == [tweede]
    assert eerste != tweede


def test_the_overdue_list_shows_the_longest_overdue_first(client: TestClient) -> None:
    recent = open_traject(client, aanvraagdatum="2026-06-01")
    oldest = open_traject(client, subject_key="c" * 64, aanvraagdatum="2026-02-02")
    items = _werklijst(client, "?signaal=beslistermijn-verlopen")["items"]
    assert isinstance(items, list)
    assert [i["id"] for i in items] == [oldest, recent]


def test_reading_the_work_list_is_logged_per_resident(client: TestClient) -> None:
    open_traject(client)
    _werklijst(client)
    log = client.post(
        "/v1/verwerkingen/zoeken",
        json={"subjectKey": "a" * 64},
        headers=testing.auth_header("privacy"),
    ).json()["items"]
    assert [r["action"] for r in log] == ["traject-openen", "werklijst-inzien"]


def test_the_work_list_refuses_an_unknown_signal(client: TestClient) -> None:
    response = client.get("/v1/trajecten?signaal=te-laat&pageSize=0", headers=CONSULENT)
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"signaal", "pageSize"}
