"""Batches: JSON arrays and CSV files, answered at once and processed with a per-row report."""

from __future__ import annotations

import time
from typing import Any

import orjson
import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.signals import batches
from services.signals.models import casus, signaal, signaal_batch, signaal_batch_inhoud
from tests.signals.helpers import BSN_A, BSN_B, creditor
from tests.signals.helpers import signaal as signaal_body

FAST = {"batch_poll_seconds": 0.05}
HEADER = (
    "partnerId;crisissignaal;warmeOverdracht;bedrag;ontstaansdatum;signaaldatum;bsn;voorletters;"
    "tussenvoegsel;achternaam;geboortedatum;straat;postcode;huisnummer;woonplaats"
)


def wait_done(client: TestClient, location: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(location, headers=headers).json()
        if body["status"] in ("klaar", "mislukt"):
            return body
        time.sleep(0.05)
    raise AssertionError("batch not processed in time")


def test_json_batch_answers_202_and_reports_every_refused_row(client_for) -> None:
    client = client_for("signals", **FAST)
    rows = [
        signaal_body(partnerId="EH-1"),
        signaal_body(partnerId="EH-2", bsn="123456789"),
        signaal_body(partnerId="EH-3", bsn=BSN_B, achternaam="Bakker", postcode="12"),
        signaal_body(partnerId="EH-4", bsn=BSN_B, achternaam="Bakker", huisnummer=3),
    ]
    response = client.post(
        "/v1/signaal-batches",
        content=orjson.dumps(rows),
        headers=creditor() | {"Content-Type": "application/json"},
    )
    assert response.status_code == 202, response.text
    # Counted by the worker, not by the upload: 0 in the 202.
    assert response.json()["ontvangen"] == 0
    report = wait_done(client, response.headers["Location"], creditor())
    assert (report["status"], report["ontvangen"], report["verwerkt"]) == ("klaar", 4, 4)
    assert (report["geaccepteerd"], report["afgewezen"], report["dubbel"]) == (2, 2, 0)
    assert {(f["rij"], f["veld"]) for f in report["fouten"]} == {(2, "bsn"), (3, "postcode")}
    assert report["foutenTotaal"] == 2
    page = client.get(response.headers["Location"] + "?page=2&pageSize=1", headers=creditor())
    assert [(f["rij"], f["veld"]) for f in page.json()["fouten"]] == [(3, "postcode")]


def test_csv_batch_with_dutch_dates_and_decimal_comma(client_for) -> None:
    client = client_for("signals", **FAST)
    csv = "\n".join(
        [
            HEADER,
            f"EH-10;nee;nee;1.250,50;01-09-2026;31-10-2026;{BSN_A};J.;van;Dijk;17-05-1980;"
            "Stadsplein;1181ZM;1;Amstelveen",
            "EH-11;ja;nee;300;01-08-2026;31-10-2026;;P.;;Bakker;01-02-1975;Laan;1182AB;12;",
            "EH-12;misschien;nee;300;01-08-2026;31/13/2026;;P.;;Bakker;01-02-1975;Laan;1182AB;x;",
        ]
    ).encode()
    response = client.post(
        "/v1/signaal-batches",
        content=csv,
        headers=creditor() | {"Content-Type": "text/csv; charset=utf-8"},
    )
    assert response.status_code == 202, response.text
    report = wait_done(client, response.headers["Location"], creditor())
    assert (report["geaccepteerd"], report["afgewezen"]) == (2, 1)
    assert {f["veld"] for f in report["fouten"]} == {"crisissignaal", "signaaldatum", "huisnummer"}
    listed = client.get("/v1/signalen", headers=creditor()).json()
    assert sorted(item["bedrag"] for item in listed["items"]) == ["1250.50", "300.00"]


def test_comma_separated_csv_is_read(client_for) -> None:
    client = client_for("signals", **FAST)
    csv = (
        b"partnerId,bedrag,ontstaansdatum,signaaldatum,achternaam,geboortedatum,postcode,huisnummer\n"
        b"EH-20,400,2026-08-01,2026-10-31,Jansen,1970-01-01,1183AA,4\n"
    )
    response = client.post(
        "/v1/signaal-batches", content=csv, headers=creditor() | {"Content-Type": "text/csv"}
    )
    report = wait_done(client, response.headers["Location"], creditor())
    assert report["geaccepteerd"] == 1


def test_csv_amount_with_thousands_dots_is_stored_in_euros_not_cents(client_for) -> None:
    client = client_for("signals", **FAST)
    csv = "\n".join(
        [
            HEADER,
            f"EH-30;nee;nee;1.250;01-09-2026;31-10-2026;{BSN_A};J.;van;Dijk;17-05-1980;"
            "Stadsplein;1181ZM;1;Amstelveen",
            f"EH-31;nee;nee;1.250.000;01-09-2026;31-10-2026;{BSN_B};P.;;Bakker;01-02-1975;"
            "Laan;1182AB;12;",
            "EH-32;nee;nee;1.250.00;01-09-2026;31-10-2026;;P.;;Bos;01-02-1975;Laan;1182AB;14;",
        ]
    ).encode()
    response = client.post(
        "/v1/signaal-batches", content=csv, headers=creditor() | {"Content-Type": "text/csv"}
    )
    report = wait_done(client, response.headers["Location"], creditor())
    assert (report["geaccepteerd"], report["afgewezen"]) == (2, 1)
    assert [(f["rij"], f["veld"]) for f in report["fouten"]] == [(3, "bedrag")]
    listed = client.get("/v1/signalen", headers=creditor()).json()
    assert sorted(item["bedrag"] for item in listed["items"]) == ["1250.00", "1250000.00"]


def test_wrong_csv_header_is_400_listing_the_expected_columns(client_for) -> None:
    client = client_for("signals", **FAST)
    response = client.post(
        "/v1/signaal-batches",
        content=b"id;naam;bedrag\n1;x;3\n",
        headers=creditor() | {"Content-Type": "text/csv"},
    )
    assert response.status_code == 400
    problem = response.json()
    assert "partnerId" in problem["detail"]
    assert "huisnummer" in problem["detail"]
    names = {p["name"] for p in problem["invalidParams"]}
    assert {"id", "naam", "partnerId", "achternaam"} <= names


def test_body_over_the_cap_is_413(client_for) -> None:
    client = client_for("signals", batch_max_bytes=2048, **FAST)
    rows = [signaal_body(partnerId=f"EH-{i}") for i in range(20)]
    response = client.post(
        "/v1/signaal-batches",
        content=orjson.dumps(rows),
        headers=creditor() | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_too_many_rows_is_413(client_for) -> None:
    client = client_for("signals", batch_max_rijen=2, **FAST)
    rows = [signaal_body(partnerId=f"EH-{i}") for i in range(3)]
    response = client.post(
        "/v1/signaal-batches",
        content=orjson.dumps(rows),
        headers=creditor() | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_not_an_array_is_400_and_other_media_type_415(client_for) -> None:
    client = client_for("signals", **FAST)
    headers = creditor() | {"Content-Type": "application/json"}
    assert (
        client.post("/v1/signaal-batches", content=b'{"a": 1}', headers=headers).status_code == 400
    )
    assert client.post("/v1/signaal-batches", content=b"[", headers=headers).status_code == 400
    xml = creditor() | {"Content-Type": "application/xml"}
    assert client.post("/v1/signaal-batches", content=b"<a/>", headers=xml).status_code == 415


def test_resent_batch_with_same_idempotency_key_has_no_second_effect(client_for) -> None:
    client = client_for("signals", **FAST)
    headers = creditor() | {"Content-Type": "application/json", "Idempotency-Key": "batch-1"}
    body = orjson.dumps([signaal_body()])
    first = client.post("/v1/signaal-batches", content=body, headers=headers)
    again = client.post("/v1/signaal-batches", content=body, headers=headers)
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"


def test_resent_batch_without_key_stores_no_duplicates(client_for) -> None:
    client = client_for("signals", **FAST)
    headers = creditor() | {"Content-Type": "application/json"}
    body = orjson.dumps([signaal_body(partnerId="A"), signaal_body(partnerId="B", bsn=BSN_B)])
    wait_done(
        client,
        client.post("/v1/signaal-batches", content=body, headers=headers).headers["Location"],
        creditor(),
    )
    second = wait_done(
        client,
        client.post("/v1/signaal-batches", content=body, headers=headers).headers["Location"],
        creditor(),
    )
    assert (second["geaccepteerd"], second["dubbel"]) == (0, 2)


def test_another_creditor_cannot_see_the_batch(client_for) -> None:
    client = client_for("signals", **FAST)
    response = client.post(
        "/v1/signaal-batches",
        content=orjson.dumps([signaal_body()]),
        headers=creditor() | {"Content-Type": "application/json"},
    )
    other = creditor("ymere")
    assert client.get(response.headers["Location"], headers=other).status_code == 404


def test_interrupted_batch_resumes_where_it_stopped_without_duplicates(client_for) -> None:
    # A crash after the first chunk: the batch row says 'bezig' at position 2 with an expired
    # lease. The worker of a restarted app finishes it; rows 1-2 are not stored again.
    client = client_for("signals", batch_chunk_rijen=2, batch_poll_seconds=30)
    app: Any = client.app
    rows = [signaal_body(partnerId=f"R-{i}", huisnummer=i + 1) for i in range(5)]
    headers = creditor() | {"Content-Type": "application/json"}
    location = client.post(
        "/v1/signaal-batches", content=orjson.dumps(rows), headers=headers
    ).headers["Location"]
    batch_id = location.rsplit("/", 1)[1]
    report = wait_done(client, location, creditor())
    assert report["geaccepteerd"] == 5
    with app.state.engine.begin() as connection:
        # Simulate the crash: forget chunks 2 and 3, as if their transactions never committed.
        connection.execute(
            sa.delete(signaal).where(signaal.c.partner_id.in_(["R-2", "R-3", "R-4"]))
        )
        connection.execute(
            sa.update(signaal_batch)
            .where(signaal_batch.c.id == batch_id)
            .values(status="bezig", verwerkt_tot=2, geaccepteerd=2)
        )
        connection.execute(
            signaal_batch_inhoud.insert().values(batch_id=batch_id, inhoud=orjson.dumps(rows))
        )
    import asyncio

    asyncio.run(batches.verwerk_open_batches(app))
    report = client.get(location, headers=creditor()).json()
    assert (report["status"], report["geaccepteerd"], report["dubbel"]) == ("klaar", 5, 0)
    with app.state.engine.connect() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(signaal)).scalar_one()
    assert count == 5


def test_batch_without_token_is_401_before_the_body_is_judged(client_for) -> None:
    client = client_for("signals", batch_max_bytes=1024, **FAST)
    response = client.post(
        "/v1/signaal-batches", content=b"x" * 4096, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401


def test_large_batch_over_several_chunks_bundles_and_stores_events_and_log(client_for) -> None:
    # 120 rows in chunks of 50 (bulk paths: COPY on PostgreSQL): 60 residents without BSN,
    # each with a second, higher signal 60 rows later, in another chunk: one case each.
    client = client_for("signals", batch_chunk_rijen=50, **FAST)
    app: Any = client.app
    rows = []
    for i in range(120):
        n = i % 60
        rows.append(
            signaal_body(
                partnerId=f"G-{i}",
                bsn=None,
                achternaam=f"Groot{chr(97 + n % 26)}{chr(97 + n // 26)}",
                huisnummer=n + 1,
                bedrag=f"{100 + i}.00",
                email=f"bewoner{n}@example.nl",
            )
        )
    response = client.post(
        "/v1/signaal-batches",
        content=orjson.dumps(rows),
        headers=creditor() | {"Content-Type": "application/json"},
    )
    report = wait_done(client, response.headers["Location"], creditor())
    assert (report["geaccepteerd"], report["afgewezen"], report["dubbel"]) == (120, 0, 0)
    plumbing = app.state.plumbing
    with app.state.engine.connect() as connection:
        stored = connection.execute(
            sa.select(signaal.c.casus_id, signaal.c.subject_key, signaal.c.status)
        ).all()
        cases = connection.execute(sa.select(sa.func.count()).select_from(casus)).scalar_one()
        types = dict(
            connection.execute(
                sa.select(plumbing.event.c.type, sa.func.count()).group_by(plumbing.event.c.type)
            ).all()
        )
        logged = set(
            connection.execute(
                sa.select(plumbing.processing_log.c.subject_key).where(
                    plumbing.processing_log.c.action == "signaal-ontvangen"
                )
            ).scalars()
        )
    assert len(stored) == 120
    assert cases == 60
    assert len({row.casus_id for row in stored}) == 60
    assert {row.status for row in stored} == {"Nog niet opgepakt"}
    assert types == {"signaal.ontvangen": 120, "casus.geopend": 60}
    assert logged == {row.subject_key for row in stored}


def test_batch_resent_after_it_was_stored_changes_nothing(client_for) -> None:
    client = client_for("signals", batch_chunk_rijen=50, **FAST)
    rows = [signaal_body(partnerId=f"H-{i}", bsn=None, huisnummer=i + 1) for i in range(60)]
    headers = creditor() | {"Content-Type": "application/json"}
    body = orjson.dumps(rows)
    for verwacht in ((60, 0), (0, 60)):
        location = client.post("/v1/signaal-batches", content=body, headers=headers).headers[
            "Location"
        ]
        report = wait_done(client, location, creditor())
        assert (report["geaccepteerd"], report["dubbel"]) == verwacht
