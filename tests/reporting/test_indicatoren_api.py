"""Indicators over a year of crafted traffic match the hand count; JSON and CSV; roles."""

from __future__ import annotations

import asyncio
import csv
import io
import threading
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from services.reporting import service
from shared.testing import auth_header
from tests.reporting import scenario
from tests.reporting.feed import Feeds

BI = auth_header("bi")


def _load(reporting: TestClient, feeds: Feeds) -> None:
    scenario.all_sources(feeds)
    for bron in ("intake", "signals", "trajectory"):
        response = reporting.post(f"/v1/bronnen/{bron}/inhaalacties", headers=auth_header("admin"))
        assert response.status_code == 200, response.text
    for body in scenario.ACTIVITEITEN:
        response = reporting.post("/v1/activiteiten", json=body, headers=auth_header("kwaliteit"))
        assert response.status_code == 201, response.text


@pytest.fixture
def loaded(reporting: TestClient, feeds: Feeds) -> TestClient:
    _load(reporting, feeds)
    return reporting


def _all(client: TestClient, query: str = "jaar=2026") -> dict[str, dict]:
    response = client.get(f"/v1/indicatoren?{query}&pageSize=500", headers=BI)
    assert response.status_code == 200, response.text
    return {item["code"]: item for item in response.json()["items"]}


def test_indicators_for_2026_match_the_hand_count(loaded: TestClient):
    items = _all(loaded)

    actual = {}
    for code, (_waarde, teller, noemer) in scenario.VERWACHT_2026.items():
        item = items[code]
        # Counts carry no numerator/denominator; shares and averages carry both.
        actual[code] = (
            item["waarde"],
            item["teller"] if teller is not None else None,
            item["noemer"] if noemer is not None else None,
        )
    assert actual == scenario.VERWACHT_2026


def test_projection_twice_does_not_change_the_indicators(loaded: TestClient, feeds: Feeds):
    before = _all(loaded)
    # Rewind every cursor and read every feed again from the start: a replay changes nothing.
    from services.reporting.models import bron_cursor

    app = loaded.app
    with app.state.connect() as session:  # type: ignore[attr-defined]
        session.execute(bron_cursor.update().values(cursor=0))
        session.commit()
    for bron in ("intake", "signals", "trajectory"):
        body = loaded.post(f"/v1/bronnen/{bron}/inhaalacties", headers=auth_header("admin")).json()
        assert body["nieuw"] == 0
        assert body["gelezen"] > 0

    after = _all(loaded)
    assert {c: i["waarde"] for c, i in after.items()} == {c: i["waarde"] for c, i in before.items()}


def test_indicator_carries_target_definition_breakdowns_and_source_positions(loaded: TestClient):
    response = loaded.get("/v1/indicatoren/aanmeldingen?jaar=2026", headers=BI)

    body = response.json()
    assert response.status_code == 200
    assert body["periode"] == {"vanaf": "2026-01-01", "tot": "2027-01-01", "soort": "jaar"}
    assert "meldingen" in body["definitie"]
    kanaal = next(u for u in body["uitsplitsingen"] if u["dimensie"] == "kanaal")
    assert kanaal["waarden"] == {"balie": 1, "telefoon": 2, "vroegsignaal": 1}
    bronnen = {b["bron"]: b for b in body["bronnen"]}
    assert bronnen["intake"]["gelezenTot"].startswith("2026-05-04")
    assert bronnen["trajectory"]["gelezenTot"].startswith("2026-12-15")


def test_targets_come_from_the_policy_and_say_whether_they_are_met(loaded: TestClient):
    items = _all(loaded)

    assert items["aanvragen"]["streefwaarde"] == {"minimum": 200, "maximum": None}
    assert items["aanvragen"]["streefwaardeGehaald"] is False
    assert items["stoppen-met-roken"]["streefwaarde"] == {"minimum": 10, "maximum": 15}
    assert items["stoppen-met-roken"]["streefwaardeGehaald"] is True
    assert items["contact-signalen"]["streefwaarde"]["minimum"] == 60
    assert items["caseload-per-fte"]["streefwaarde"] == {"minimum": 0, "maximum": 45}
    assert items["caseload-per-fte"]["streefwaardeGehaald"] is True
    assert items["saneringskredieten"]["vergelijking"] == 0
    assert items["beslistijd"]["streefwaarde"] is None


def test_a_quarter_counts_only_its_own_facts(loaded: TestClient):
    q1 = _all(loaded, "jaar=2026&kwartaal=1")
    q2 = _all(loaded, "jaar=2026&kwartaal=2")

    assert (q1["aanmeldingen"]["waarde"], q2["aanmeldingen"]["waarde"]) == (2, 2)
    assert q1["signalen-verwerkt"]["uitsplitsingen"][0]["waarden"] == {
        "CAK Zorgverzekeringen": 1,
        "Energie": 1,
        "Huur": 2,
    }


def test_a_date_range_is_a_period_too(loaded: TestClient):
    items = _all(loaded, "vanaf=2026-03-01&tot=2026-03-04")

    assert items["aanmeldingen"]["waarde"] == 2


def _roken(client: TestClient, aantal: int) -> None:
    body = {"soort": "stoppen-met-roken", "aantal": aantal, "beginDatum": "2026-09-01",
            "eindDatum": "2026-12-31", "bron": "GGD"}  # fmt: skip
    response = client.post("/v1/activiteiten", json=body, headers=auth_header("kwaliteit"))
    assert response.status_code == 201, response.text


def test_a_range_target_is_not_met_above_its_maximum(loaded: TestClient):
    _roken(loaded, 8)  # 12 + 8 = 20, the range is 10-15

    item = loaded.get("/v1/indicatoren/stoppen-met-roken?jaar=2026", headers=BI).json()
    csv_text = loaded.get("/v1/indicatoren?jaar=2026", headers={**BI, "Accept": "text/csv"}).text

    assert (item["waarde"], item["streefwaardeGehaald"]) == (20, False)
    rij = next(r for r in csv.DictReader(io.StringIO(csv_text)) if r["code"] == "stoppen-met-roken")
    assert (rij["streefMinimum"], rij["streefMaximum"], rij["streefwaardeGehaald"]) == (
        "10", "15", "false",
    )  # fmt: skip


def test_a_range_target_is_met_on_its_maximum(loaded: TestClient):
    _roken(loaded, 3)  # 12 + 3 = 15

    item = loaded.get("/v1/indicatoren/stoppen-met-roken?jaar=2026", headers=BI).json()

    assert (item["waarde"], item["streefwaardeGehaald"]) == (15, True)


def test_a_yearly_count_target_is_not_judged_for_a_quarter(loaded: TestClient):
    q1 = _all(loaded, "jaar=2026&kwartaal=1")
    maand = _all(loaded, "jaar=2026&maand=3")
    bereik = _all(loaded, "vanaf=2026-01-01&tot=2027-01-01")

    for items in (q1, maand):
        assert items["aanvragen"]["streefwaarde"] == {"minimum": 200, "maximum": None}
        assert items["aanvragen"]["streefwaardeGehaald"] is None
        assert items["signalen-verwerkt"]["streefwaardeGehaald"] is None
    assert "alleen voor een heel kalenderjaar" in q1["aanvragen"]["definitie"]
    # A range of exactly one calendar year is that year.
    assert bereik["aanvragen"]["streefwaardeGehaald"] is False
    assert bereik["stoppen-met-roken"]["streefwaardeGehaald"] is True


def test_shares_are_judged_for_every_period(loaded: TestClient):
    q1 = _all(loaded, "jaar=2026&kwartaal=1")

    judged = {
        code: item["streefwaardeGehaald"]
        for code, item in q1.items()
        if item["eenheid"] == "procent" and item["streefwaarde"] and item["waarde"] is not None
    }
    assert judged
    assert None not in judged.values()
    assert "kalenderjaar" not in q1["contact-signalen"]["definitie"]


def test_a_quarter_in_csv_leaves_the_yearly_count_unjudged(loaded: TestClient):
    response = loaded.get(
        "/v1/indicatoren?jaar=2026&kwartaal=1", headers={**BI, "Accept": "text/csv"}
    )

    rows = list(csv.DictReader(io.StringIO(response.text)))
    roken = next(r for r in rows if r["code"] == "stoppen-met-roken" and not r["dimensie"])
    assert (roken["waarde"], roken["streefMinimum"], roken["streefwaardeGehaald"]) == (
        "12.0", "10", "",
    )  # fmt: skip


def test_indicators_filtered_by_set(loaded: TestClient):
    response = loaded.get("/v1/indicatoren?jaar=2026&groep=divosa", headers=BI)

    groups = {item["groep"] for item in response.json()["items"]}
    assert groups == {"divosa"}


def test_indicators_as_csv_with_a_row_per_breakdown(loaded: TestClient):
    response = loaded.get("/v1/indicatoren?jaar=2026", headers={**BI, "Accept": "text/csv"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    main = next(r for r in rows if r["code"] == "aanvragen" and not r["dimensie"])
    assert (main["waarde"], main["streefMinimum"], main["vanaf"]) == ("1.0", "200", "2026-01-01")
    breakdown = [r for r in rows if r["code"] == "aanmeldingen" and r["dimensie"] == "kanaal"]
    assert {r["categorie"]: r["waarde"] for r in breakdown} == {
        "balie": "1.0",
        "telefoon": "2.0",
        "vroegsignaal": "1.0",
    }
    assert main["gelezenTotIntake"].startswith("2026-05-04")


def test_unknown_indicator_is_a_404(loaded: TestClient):
    assert loaded.get("/v1/indicatoren/bestaat-niet", headers=BI).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "kwartaal=2",
        "jaar=2026&kwartaal=5",
        "jaar=2026&kwartaal=1&maand=2",
        "jaar=2026&vanaf=2026-01-01",
        "vanaf=2026-03-01&tot=2026-02-01",
        "vanaf=0",
        "jaar=1e3",
        "jaar=true",
    ],
)
def test_invalid_periods_are_a_400(reporting: TestClient, query: str):
    response = reporting.get(f"/v1/indicatoren?{query}", headers=BI)

    assert response.status_code == 400, response.text
    assert response.json()["invalidParams"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("tot=0001-06-01", "tot"),
        ("tot=0001-01-02", "tot"),
        ("vanaf=9999-12-31", "vanaf"),
        ("vanaf=9999-01-01", "vanaf"),
        ("vanaf=0001-01-01&tot=0002-01-01", "vanaf"),
        ("vanaf=2026-01-01&tot=9999-12-31", "tot"),
        ("jaar=2101", "jaar"),
    ],
)
def test_dates_at_the_calendars_edges_are_a_400_naming_the_field(
    reporting: TestClient, query: str, field: str
):
    for path in ("/v1/indicatoren", "/v1/indicatoren/aanvragen"):
        response = reporting.get(f"{path}?{query}", headers=BI)

        assert response.status_code == 400, response.text
        assert field in [p["name"] for p in response.json()["invalidParams"]]


def test_a_range_as_wide_as_the_years_allowed_is_answered(reporting: TestClient):
    response = reporting.get("/v1/indicatoren?vanaf=2000-01-01&tot=2101-01-01", headers=BI)

    assert response.status_code == 200, response.text
    assert response.json()["periode"] == {
        "vanaf": "2000-01-01",
        "tot": "2101-01-01",
        "soort": "bereik",
    }


@pytest.mark.parametrize("role", ["loket", "consulent", "creditor", "privacy", "service"])
def test_indicators_are_not_for_case_workers_or_creditors(reporting: TestClient, role: str):
    claims = {"creditor_id": "x"} if role == "creditor" else {}
    response = reporting.get("/v1/indicatoren", headers=auth_header(role, **claims))

    assert response.status_code == 403


def test_indicators_need_a_token(reporting: TestClient):
    assert reporting.get("/v1/indicatoren").status_code == 401


def test_no_personal_data_or_person_keys_in_any_answer(loaded: TestClient):
    texts = [
        loaded.get("/v1/indicatoren?jaar=2026", headers=BI).text,
        loaded.get("/v1/indicatoren?jaar=2026", headers={**BI, "Accept": "text/csv"}).text,
        loaded.get("/v1/feiten?pageSize=500", headers=BI).text,
        loaded.get("/v1/feiten", headers={**BI, "Accept": "text/csv"}).text,
    ]
    for text in texts:
        for key in (scenario.A, scenario.E, scenario.H):
            assert key not in text
        assert "subjectKey" not in text
        assert "subject_key" not in text


def test_the_service_answers_other_requests_while_indicators_are_computed(
    loaded: TestClient, monkeypatch: pytest.MonkeyPatch
):
    # Seconds at production size: the computation runs in a worker thread, so health checks,
    # metrics and the poller go on meanwhile (inline it would hold the event loop throughout).
    begonnen, verder = threading.Event(), threading.Event()
    berekenen = service.indicatoren_pagina

    def traag(session: Any, **kwargs: Any) -> Any:
        begonnen.set()
        assert verder.wait(10), "the event loop was held while the indicators were computed"
        return berekenen(session, **kwargs)

    monkeypatch.setattr(service, "indicatoren_pagina", traag)

    async def scenario_() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=loaded.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            indicatoren = asyncio.create_task(client.get("/v1/indicatoren?jaar=2026", headers=BI))
            assert await asyncio.to_thread(begonnen.wait, 10)
            live = await asyncio.wait_for(client.get("/health/live"), 5)
            assert not indicatoren.done()
            verder.set()
            return live, await asyncio.wait_for(indicatoren, 10)

    live, indicatoren = asyncio.run(scenario_())
    assert live.status_code == 200
    assert indicatoren.status_code == 200, indicatoren.text
    assert {i["code"] for i in indicatoren.json()["items"]} >= set(scenario.VERWACHT_2026)
