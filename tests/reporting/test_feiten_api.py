"""The anonymous fact table for BI tools: paged JSON and streamed CSV, by date range."""

from __future__ import annotations

import csv
import io
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.reporting import projectie, repository
from services.reporting.soorten import Bron
from shared.db import unit_of_work
from shared.testing import auth_header, postgres_server_url
from tests.reporting.feed import SUBJECT_A, SUBJECT_B, Feeds

BI = auth_header("bi")


def _load(reporting: TestClient, feeds: Feeds) -> None:
    for day in ("2026-01-31", "2026-02-01", "2026-02-15", "2026-03-01"):
        feeds.signals.add(
            "signaal.ontvangen",
            day,
            {"partnerType": "Huur", "bedrag": "412.50", "casusId": "c1", "crisis": False},
            subject_key=SUBJECT_A,
        )
    feeds.signals.add('=HYPERLINK("http://x")', "2026-02-20", {"note": "@SUM(1)"})
    reporting.post("/v1/bronnen/signals/inhaalacties", headers=auth_header("admin"))


def test_facts_page_by_date_range(reporting: TestClient, feeds: Feeds):
    _load(reporting, feeds)

    response = reporting.get("/v1/feiten?vanaf=2026-02-01&tot=2026-03-01&pageSize=2", headers=BI)

    body = response.json()
    assert response.status_code == 200
    assert body["total"] == 3
    assert [item["datum"] for item in body["items"]] == ["2026-02-01", "2026-02-15"]
    first = body["items"][0]
    assert first["soort"] == "signaal"
    assert first["partnerType"] == "Huur"
    assert first["bedrag"] == "412.50"
    assert first["occurredAt"] == "2026-02-01T10:00:00Z"
    assert "subjectKey" not in first
    assert "zaak" not in first
    assert {b["bron"] for b in body["bronnen"]} == {"intake", "signals", "trajectory"}
    second = reporting.get(
        "/v1/feiten?vanaf=2026-02-01&tot=2026-03-01&pageSize=2&page=2", headers=BI
    ).json()
    assert [item["datum"] for item in second["items"]] == ["2026-02-20"]


def test_facts_filtered_by_kind(reporting: TestClient, feeds: Feeds):
    _load(reporting, feeds)

    body = reporting.get("/v1/feiten?soort=signaal", headers=BI).json()

    assert body["total"] == 4


def test_facts_stream_as_csv_with_formulas_neutralised(reporting: TestClient, feeds: Feeds):
    _load(reporting, feeds)

    with reporting.stream(
        "GET", "/v1/feiten?vanaf=2026-02-01", headers={**BI, "Accept": "text/csv"}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert "content-length" not in response.headers  # streamed, not buffered
        text = "".join(response.iter_text())

    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4
    assert rows[0]["bedrag"] == "412.50"
    assert rows[0]["occurredAt"].startswith("2026-02-01T10:00:00")
    formula = next(r for r in rows if r["soort"] == "")
    assert formula["type"] == '\'=HYPERLINK("http://x")'
    assert SUBJECT_A not in text


def test_facts_csv_of_many_rows_arrives_in_several_chunks(reporting: TestClient, feeds: Feeds):
    for i in range(1200):
        feeds.intake.add("intake.melding.geregistreerd", "2026-01-05", {"meldingId": f"m{i}"})
    client_app = reporting.app
    client_app.state.settings = client_app.state.settings.model_copy(  # type: ignore[attr-defined]
        update={"poll_page_size": 1000}
    )
    reporting.post("/v1/bronnen/intake/inhaalacties", headers=auth_header("admin"))

    with reporting.stream("GET", "/v1/feiten", headers={**BI, "Accept": "text/csv"}) as response:
        chunks = list(response.iter_raw())

    assert len(chunks) >= 3
    assert b"".join(chunks).count(b"\r\n") == 1201


def test_an_empty_range_is_a_400(reporting: TestClient):
    response = reporting.get("/v1/feiten?vanaf=2026-02-01&tot=2026-02-01", headers=BI)

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "tot"


def test_facts_are_for_bi_only(reporting: TestClient):
    for role in ("kwaliteit", "coordinator", "consulent", "service"):
        assert reporting.get("/v1/feiten", headers=auth_header(role)).status_code == 403
    assert reporting.get("/v1/feiten").status_code == 401


def _samenvoeging(reporting: TestClient, feeds: Feeds, in_casus: str) -> None:
    """Two early-signal cases with a contact attempt each, the second merged into the first."""
    for casus, day in (("c1", "2026-02-02"), ("c2", "2026-02-03")):
        feeds.signals.add(
            "casus.contactpoging",
            day,
            {"casusId": casus, "soort": "Huisbezoek", "bereikt": False, "datum": day},
        )
    feeds.signals.add(
        "casus.afgesloten", "2026-02-05", {"casusId": "c1", "eindresultaat": "Hulpverlening"}
    )
    feeds.signals.add("casus.samengevoegd", "2026-02-04", {"casusId": "c2", "inCasusId": in_casus})
    reporting.post("/v1/bronnen/signals/inhaalacties", headers=auth_header("admin"))


def test_a_merge_fact_is_exported_without_the_case_it_was_merged_into(
    reporting: TestClient, feeds: Feeds
):
    doel = "4f1c2a9e-8d1b-4c55-9a57-1b2f3e4d5c6a"
    _samenvoeging(reporting, feeds, doel)

    body = reporting.get("/v1/feiten?soort=casus_samengevoegd", headers=BI).json()
    text = reporting.get("/v1/feiten", headers={**BI, "Accept": "text/csv"}).text

    assert [(i["soort"], i["resultaat"]) for i in body["items"]] == [("casus_samengevoegd", None)]
    rows = {r["soort"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["casus_samengevoegd"]["resultaat"] == ""
    assert doel not in text
    # Other kinds keep their result (here the DDAS end result).
    assert rows["casus_afgesloten"]["resultaat"] == "Hulpverlening"


def test_the_indicators_still_follow_a_merge_the_export_hides(reporting: TestClient, feeds: Feeds):
    _samenvoeging(reporting, feeds, "c1")

    per_casus = reporting.get(
        "/v1/indicatoren/contactpogingen-per-casus?jaar=2026", headers=BI
    ).json()

    # c2's attempt counts under c1: two attempts on one case.
    assert (per_casus["teller"], per_casus["noemer"]) == (2, 1)


def test_a_merge_into_a_formula_leaks_neither_the_value_nor_a_formula(
    reporting: TestClient, feeds: Feeds
):
    _samenvoeging(reporting, feeds, '=HYPERLINK("http://x")')

    with reporting.stream(
        "GET", "/v1/feiten?soort=casus_samengevoegd", headers={**BI, "Accept": "text/csv"}
    ) as response:
        text = "".join(response.iter_text())

    assert "HYPERLINK" not in text
    assert [r["resultaat"] for r in csv.DictReader(io.StringIO(text))] == [""]


def _melding(feeds: Feeds, dag: str, melding: str, meldingdatum: str) -> None:
    feeds.intake.add(
        "intake.melding.geregistreerd",
        dag,
        {"meldingId": melding, "meldingdatum": meldingdatum, "kanaal": "telefoon"},
        subject_key=SUBJECT_B,
    )


def _inhalen(reporting: TestClient) -> None:
    reporting.post("/v1/bronnen/intake/inhaalacties", headers=auth_header("admin"))


def test_a_refresh_after_the_highest_id_finds_a_fact_projected_late(
    reporting: TestClient, feeds: Feeds
):
    _melding(feeds, "2026-03-02", "m1", "2026-03-02")
    _inhalen(reporting)
    eerste = reporting.get("/v1/feiten", headers=BI).json()["items"]
    hoogste = max(item["id"] for item in eerste)
    # Intake was down: a melding of 4 March arrives on 10 March, after a pull on 5 March.
    _melding(feeds, "2026-03-10", "m2", "2026-03-04")
    _inhalen(reporting)

    op_datum = reporting.get("/v1/feiten?vanaf=2026-03-05", headers=BI).json()
    op_id = reporting.get(f"/v1/feiten?naId={hoogste}", headers=BI).json()
    with reporting.stream(
        "GET", f"/v1/feiten?naId={hoogste}", headers={**BI, "Accept": "text/csv"}
    ) as response:
        rows = list(csv.DictReader(io.StringIO("".join(response.iter_text()))))

    assert op_datum["total"] == 0  # what a refresh by date misses
    assert op_id["total"] == 1
    assert [item["datum"] for item in op_id["items"]] == ["2026-03-04"]
    assert op_id["items"][0]["id"] > hoogste
    assert [r["datum"] for r in rows] == ["2026-03-04"]
    # Combined with the date filter, both must hold.
    assert (
        reporting.get(f"/v1/feiten?naId={hoogste}&vanaf=2026-03-05", headers=BI).json()["total"]
        == 0
    )


def test_an_id_cursor_pages_and_streams_in_batches_from_its_start(
    reporting: TestClient, feeds: Feeds
):
    for i in range(7):
        _melding(feeds, "2026-01-05", f"m{i}", "2026-01-05")
    _inhalen(reporting)
    app: Any = reporting.app
    ids = [item["id"] for item in reporting.get("/v1/feiten", headers=BI).json()["items"]]

    pagina = reporting.get(f"/v1/feiten?naId={ids[1]}&pageSize=2&page=2", headers=BI).json()
    gestroomd = repository.feiten_stroom(
        app.state.connect, vanaf=None, tot=None, soort=None, na_id=ids[1], batch=2
    )

    assert pagina["total"] == 5
    assert [item["id"] for item in pagina["items"]] == ids[4:6]
    assert [r["id"] for r in gestroomd] == ids[2:]
    assert reporting.get(f"/v1/feiten?naId={ids[-1]}", headers=BI).json()["total"] == 0


@pytest.mark.parametrize("waarde", ["-1", "1.0", "+3", "x", str(2**63)])
def test_an_id_cursor_that_is_no_id_is_a_400(reporting: TestClient, waarde: str):
    response = reporting.get(f"/v1/feiten?naId={waarde}", headers=BI)

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "naId"


def test_the_fact_id_cursor_uses_the_primary_key(reporting: TestClient):
    app: Any = reporting.app
    with app.state.connect() as session:
        query = (
            repository.sa.select(repository.feit.c.id)
            .where(repository.feit.c.id > 5)
            .order_by(repository.feit.c.id)
            .limit(10)
        )
        compiled = query.compile(session.engine, compile_kwargs={"literal_binds": True})
        if session.dialect.name == "sqlite":
            plan_rijen = session.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
            plan = " ".join(str(r[-1]) for r in plan_rijen)
            assert "INTEGER PRIMARY KEY (rowid>?)" in plan
        else:
            session.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(r[0] for r in session.exec_driver_sql(f"EXPLAIN {compiled}"))
            assert "pk_feit" in plan


@pytest.mark.skipif(postgres_server_url() is None, reason="needs PostgreSQL (concurrent writers)")
def test_a_projection_committing_late_does_not_slip_under_the_id_cursor(
    reporting: TestClient, feeds: Feeds
):
    """Two replicas project two sources at once: the one that took its ids first commits first,
    so a BI pull in between cannot have moved its cursor past ids still to be committed."""
    app: Any = reporting.app
    intake = [feeds.intake.add("intake.melding.geregistreerd", "2026-03-02", {"meldingId": "m1"})]
    signalen = [feeds.signals.add("signaal.ontvangen", "2026-03-02", {"partnerType": "Huur"})]
    with app.state.connect() as eerste:
        projectie.project(eerste, Bron.INTAKE, intake, next_cursor=1)  # ids taken, not committed

        def tweede() -> None:
            with unit_of_work(app.state.connect) as session:
                projectie.project(session, Bron.SIGNALS, signalen, next_cursor=1)

        draad = threading.Thread(target=tweede)
        draad.start()
        draad.join(timeout=1)  # it waits for the first projection (or, without the lock, ends)
        tussendoor = reporting.get("/v1/feiten", headers=BI).json()["items"]
        eerste.commit()
    draad.join(timeout=10)
    hoogste = max((item["id"] for item in tussendoor), default=0)
    daarna = reporting.get(f"/v1/feiten?naId={hoogste}", headers=BI).json()["items"]

    assert sorted(item["bron"] for item in tussendoor + daarna) == ["intake", "signals"]
