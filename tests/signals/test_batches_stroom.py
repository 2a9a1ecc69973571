"""Batches read a chunk at a time: the 202 before any row is validated, a body that is not
well-formed JSON, row errors in later chunks, a crash in the middle of the body, and the same
rows and report as reading the whole body at once."""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from datetime import date, timedelta
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.signals import batches, invoer
from services.signals.models import batch_rij_fout, signaal, signaal_batch, signaal_batch_inhoud
from shared.problems import InvalidInput
from tests.bench.signals import data
from tests.signals.helpers import BSN_B, creditor
from tests.signals.helpers import signaal as signaal_body
from tests.signals.test_api_batches import HEADER, wait_done

JSON = creditor() | {"Content-Type": "application/json"}
CSV = creditor() | {"Content-Type": "text/csv"}


def rijen(aantal: int, **bij: dict[str, Any]) -> list[dict[str, Any]]:
    """`aantal` valid signals (other residents, one address each); `bij` overrides by row
    number (from 1), e.g. `{"4": {"bsn": "123456789"}}`."""
    return [
        signaal_body(**{"partnerId": f"S-{i}", "huisnummer": i, "bsn": None, **bij.get(str(i), {})})
        for i in range(1, aantal + 1)
    ]


def csv_regel(i: int, bsn: str = "") -> str:
    return f"C-{i};nee;nee;300;01-08-2026;31-10-2026;{bsn};P.;;Bakker;01-02-1975;Laan;1182AB;{i};"


def zonder_worker(client_for: Any, monkeypatch: pytest.MonkeyPatch, **settings: Any) -> TestClient:
    """A client whose batch worker is not woken by an upload (and polls only every 30 s): the
    test runs `batches.verwerk_open_batches` itself."""
    client: TestClient = client_for("signals", batch_poll_seconds=30, **settings)
    monkeypatch.setattr(batches, "wakker", lambda app: asyncio.Event())
    return client


def opgeslagen(app: Any) -> list[str]:
    with app.state.engine.connect() as connection:
        return sorted(connection.execute(sa.select(signaal.c.partner_id)).scalars())


def test_upload_answers_202_without_validating_a_row(
    client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = zonder_worker(client_for, monkeypatch)
    app: Any = client.app
    gevalideerd: list[int] = []
    echt = invoer.valideer

    def spion(rows: list[Any], *, eerste: int = 1) -> invoer.Gelezen:
        gevalideerd.append(len(rows))
        return echt(rows, eerste=eerste)

    monkeypatch.setattr(invoer, "valideer", spion)
    response = client.post("/v1/signaal-batches", content=orjson.dumps(rijen(30)), headers=JSON)
    assert response.status_code == 202, response.text
    assert (response.json()["status"], response.json()["ontvangen"]) == ("ontvangen", 0)
    assert gevalideerd == []
    asyncio.run(batches.verwerk_open_batches(app))
    report = client.get(response.headers["Location"], headers=creditor()).json()
    assert (report["status"], report["ontvangen"], report["geaccepteerd"]) == ("klaar", 30, 30)
    assert gevalideerd == [30]


def test_json_that_is_not_well_formed_ends_the_batch_mislukt_and_stores_nothing(
    client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = zonder_worker(client_for, monkeypatch, batch_chunk_rijen=1)
    app: Any = client.app
    # Starts with `[` and ends with `]`: the upload cannot tell; the worker finds it.
    body = orjson.dumps(rijen(2))[:-1] + b', {"partnerId": }]'
    response = client.post("/v1/signaal-batches", content=body, headers=JSON)
    assert response.status_code == 202, response.text
    asyncio.run(batches.verwerk_open_batches(app))
    report = client.get(response.headers["Location"], headers=creditor()).json()
    assert (report["status"], report["geaccepteerd"], report["verwerkt"]) == ("mislukt", 0, 0)
    [fout] = report["fouten"]
    assert (fout["rij"], fout["veld"]) == (0, "body")
    assert fout["reden"].startswith("Rond rij 3: parse error")
    assert "partnerId" not in fout["reden"]  # the parser's quote of the body is left out
    assert opgeslagen(app) == []
    with app.state.engine.connect() as connection:
        inhoud = connection.execute(sa.select(sa.func.count()).select_from(signaal_batch_inhoud))
        assert inhoud.scalar_one() == 0


@pytest.mark.parametrize(
    "body",
    [b'{"a": 1}', b"[", b"  [1, 2", b"", b"{}", b"[]", b"[1, 2]", b"[[{}]]", b"[" * 9 + b"]" * 9],
)
def test_a_body_that_is_no_array_is_still_400_at_upload(client_for: Any, body: bytes) -> None:
    client = client_for("signals", batch_poll_seconds=30)
    assert client.post("/v1/signaal-batches", content=body, headers=JSON).status_code == 400


def test_more_rows_than_allowed_is_413_at_upload_for_csv_too(client_for: Any) -> None:
    client = client_for("signals", batch_max_rijen=2, batch_poll_seconds=30)
    csv = "\n".join([HEADER, csv_regel(1), csv_regel(2), csv_regel(3)]).encode()
    assert client.post("/v1/signaal-batches", content=csv, headers=CSV).status_code == 413
    # Quoted line breaks count as one record: two rows in five lines is allowed.
    twee = "\n".join([HEADER, csv_regel(1).replace("Laan", '"La\nan"'), csv_regel(2)]).encode()
    assert client.post("/v1/signaal-batches", content=twee, headers=CSV).status_code == 202


@pytest.mark.parametrize("einde", ["", "\n", "\r\n"])
def test_a_batch_of_exactly_the_most_rows_is_not_counted_at_upload(
    monkeypatch: pytest.MonkeyPatch, einde: str
) -> None:
    geteld: list[str] = []
    monkeypatch.setattr(invoer, "tel", lambda formaat, body, **_: geteld.append(formaat))
    regels = [csv_regel(i) for i in range(1, 4)]
    invoer.controleer("csv", ("\n".join([HEADER, *regels]) + einde).encode(), max_rijen=3)
    invoer.controleer("json", orjson.dumps(rijen(3)), max_rijen=3)
    assert geteld == []
    invoer.controleer("csv", ("\n".join([HEADER, *regels, "", ""]) + einde).encode(), max_rijen=3)
    assert geteld == ["csv"]  # blank lines make the bound too high: then the rows are counted


def test_too_many_rows_that_are_no_objects_end_the_batch_mislukt(
    client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only objects are counted cheaply at upload (the first element must be one); the worker
    # counts every element.
    client = zonder_worker(client_for, monkeypatch, batch_max_rijen=2)
    response = client.post("/v1/signaal-batches", content=b"[{}, 1, 2]", headers=JSON)
    assert response.status_code == 202
    asyncio.run(batches.verwerk_open_batches(client.app))  # type: ignore[arg-type]
    report = client.get(response.headers["Location"], headers=creditor()).json()
    assert report["status"] == "mislukt"
    assert [(f["rij"], f["veld"]) for f in report["fouten"]] == [(0, "body")]
    assert "hoogstens 2" in report["fouten"][0]["reden"]


def test_deep_nesting_inside_a_row_ends_the_batch_mislukt_at_once(
    client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 100,000 levels in the first row: refused by the worker's count from level 33 (ijson's
    # item builder would need gigabytes for it); a value nested a few levels is a row error.
    client = zonder_worker(client_for, monkeypatch)
    diep = b'[{"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]"
    ondiep = orjson.dumps([signaal_body(voorletters=[["J."]]), signaal_body(partnerId="EH-2")])
    locations = [
        client.post("/v1/signaal-batches", content=body, headers=JSON).headers["Location"]
        for body in (diep, ondiep)
    ]
    asyncio.run(batches.verwerk_open_batches(client.app))  # type: ignore[arg-type]
    diep_rapport, ondiep_rapport = (
        client.get(location, headers=creditor()).json() for location in locations
    )
    assert diep_rapport["status"] == "mislukt"
    assert "deeper than 32" in diep_rapport["fouten"][0]["reden"]
    assert (ondiep_rapport["status"], ondiep_rapport["geaccepteerd"]) == ("klaar", 1)
    assert [(f["rij"], f["veld"]) for f in ondiep_rapport["fouten"]] == [(1, "voorletters")]


@pytest.mark.parametrize("formaat", ["json", "csv"])
def test_a_row_error_in_a_later_chunk_is_reported_with_its_row_number(
    client_for: Any, formaat: str
) -> None:
    client = client_for("signals", batch_chunk_rijen=2, batch_poll_seconds=0.05)
    if formaat == "json":
        body = orjson.dumps(rijen(5, **{"4": {"bsn": "123456789"}}))
        headers = JSON
    else:
        regels = [csv_regel(i, "123456789" if i == 4 else "") for i in range(1, 6)]
        body = "\n".join([HEADER, *regels]).encode()
        headers = CSV
    response = client.post("/v1/signaal-batches", content=body, headers=headers)
    report = wait_done(client, response.headers["Location"], creditor())
    assert report["status"] == "klaar"
    assert (report["ontvangen"], report["verwerkt"]) == (5, 5)
    assert (report["geaccepteerd"], report["afgewezen"]) == (4, 1)
    assert [(f["rij"], f["veld"]) for f in report["fouten"]] == [(4, "bsn")]


class Crash(BaseException):
    """A process dying in the middle of a chunk (not an Exception: nothing catches it)."""


@pytest.mark.parametrize("formaat", ["json", "csv"])
def test_crash_in_the_middle_of_the_body_resumes_from_the_stored_body(
    client_for: Any, monkeypatch: pytest.MonkeyPatch, formaat: str
) -> None:
    client = zonder_worker(client_for, monkeypatch, batch_chunk_rijen=2)
    app: Any = client.app
    if formaat == "json":
        body = orjson.dumps(rijen(7, **{"2": {"postcode": "12"}, "6": {"bsn": "123456789"}}))
        response = client.post("/v1/signaal-batches", content=body, headers=JSON)
    else:
        regels = [csv_regel(i, "123456789" if i in (2, 6) else "") for i in range(1, 8)]
        body = "\n".join([HEADER, *regels]).encode()
        response = client.post("/v1/signaal-batches", content=body, headers=CSV)
    batch_id = response.headers["Location"].rsplit("/", 1)[1]

    echt = batches._verwerk_chunk
    chunks: list[int] = []
    collector: list[bool] = []

    def valt_om(*args: Any, **kwargs: Any) -> None:
        chunks.append(kwargs["eind"])
        collector.append(gc.isenabled())
        if len(chunks) == 3:
            raise Crash  # chunks 1 and 2 (rows 1-4) committed, chunk 3 not
        echt(*args, **kwargs)

    monkeypatch.setattr(batches, "_verwerk_chunk", valt_om)
    assert batches.claim(app.state.connect, lease=timedelta(seconds=60)) == batch_id
    assert gc.isenabled()
    with pytest.raises(Crash):
        batches.verwerk(app, batch_id)
    # The collector pauses while a chunk is stored and runs again after the crash.
    assert collector == [False, False, False]
    assert gc.isenabled()
    halverwege = client.get(response.headers["Location"], headers=creditor()).json()
    assert (halverwege["status"], halverwege["ontvangen"], halverwege["verwerkt"]) == (
        "bezig",
        7,
        4,
    )
    assert (halverwege["geaccepteerd"], halverwege["afgewezen"]) == (3, 1)

    monkeypatch.setattr(batches, "_verwerk_chunk", echt)
    with app.state.engine.begin() as connection:  # the lease of the dead worker runs out
        connection.execute(
            sa.update(signaal_batch).where(signaal_batch.c.id == batch_id).values(geclaimd_tot=None)
        )
    asyncio.run(batches.verwerk_open_batches(app))
    report = client.get(response.headers["Location"], headers=creditor()).json()
    assert (report["status"], report["verwerkt"], report["dubbel"]) == ("klaar", 7, 0)
    assert (report["geaccepteerd"], report["afgewezen"]) == (5, 2)
    assert [(f["rij"], f["veld"]) for f in report["fouten"]] == [
        (2, "postcode" if formaat == "json" else "bsn"),
        (6, "bsn"),
    ]
    prefix = "S" if formaat == "json" else "C"
    assert opgeslagen(app) == sorted(f"{prefix}-{i}" for i in (1, 3, 4, 5, 7))
    with app.state.engine.connect() as connection:
        regels_in_rapport = connection.execute(
            sa.select(sa.func.count()).where(batch_rij_fout.c.batch_id == batch_id)
        ).scalar_one()
    assert regels_in_rapport == 2


# Reading the body: the same rows and report as the whole-body reading, a chunk at a time.


def _met_fouten(aantal: int) -> list[dict[str, Any]]:
    rows = data.signalen(aantal, today=date(2026, 11, 1))
    for i in range(0, aantal, 37):
        rows[i]["bsn"] = "123456789"
    for i in range(5, aantal, 53):
        rows[i]["postcode"] = "12"
    for i in range(11, aantal, 71):
        rows[i]["signaaldatum"] = date(2099, 1, 1)
    return rows


def _in_stukken(formaat: str, body: bytes, stap: int, vanaf: int = 0) -> invoer.Gelezen:
    signalen: list[tuple[int, Any]] = []
    fouten: list[tuple[int, str, str]] = []
    aantal = 0
    for eerste, chunk in invoer.stukken(formaat, body, vanaf=vanaf, stap=stap):
        assert 0 < len(chunk) <= stap
        assert eerste == vanaf + aantal + 1
        gelezen = invoer.valideer(chunk, eerste=eerste)
        signalen += gelezen.signalen
        fouten += gelezen.fouten
        aantal += gelezen.aantal
    return invoer.Gelezen(signalen, fouten, aantal)


@pytest.mark.parametrize("formaat", ["json", "csv"])
def test_chunks_give_the_same_rows_and_report_as_the_whole_body(formaat: str) -> None:
    rows = _met_fouten(500)
    body = data.als_json(rows) if formaat == "json" else data.als_csv(rows)
    heel = invoer.lees(formaat, body, max_rijen=1000)
    assert heel.fouten  # the set has errors to compare
    assert invoer.tel(formaat, body, max_rijen=1000) == 500
    for stap in (1, 7, 100, 500, 1000):
        delen = _in_stukken(formaat, body, stap)
        assert delen.aantal == heel.aantal == 500
        assert delen.fouten == heel.fouten
        assert [(i, s.model_dump()) for i, s in delen.signalen] == [
            (i, s.model_dump()) for i, s in heel.signalen
        ]
    # From a position (a resumed batch): the rest of the same.
    rest = _in_stukken(formaat, body, 100, vanaf=300)
    assert rest.fouten == [f for f in heel.fouten if f[0] > 300]
    assert [i for i, _ in rest.signalen] == [i for i, _ in heel.signalen if i > 300]


def test_chunks_come_before_the_parser_reaches_the_end_of_the_body() -> None:
    # By construction: the first chunk is handed out before the broken tail is read, so the
    # body is never parsed (let alone validated) whole.
    body = orjson.dumps(rijen(4))[:-1] + b", oops]"
    stukken = invoer.stukken("json", body, vanaf=0, stap=2)
    eerste, chunk = next(stukken)
    assert (eerste, [row["partnerId"] for row in chunk]) == (1, ["S-1", "S-2"])
    assert next(stukken)[0] == 3
    with pytest.raises(InvalidInput):
        next(stukken)
    with pytest.raises(InvalidInput):
        invoer.tel("json", body, max_rijen=10)


def test_memory_for_a_chunk_not_for_the_body() -> None:
    # Reading and validating 4,000 rows 250 at a time peaks at a fraction of doing it whole.
    body = data.als_json(data.signalen(4000, today=date(2026, 11, 1)))

    def piek(doe: Any) -> int:
        tracemalloc.start()
        try:
            doe()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    def in_stukken() -> None:
        for eerste, chunk in invoer.stukken("json", body, vanaf=0, stap=250):
            gelezen = invoer.valideer(chunk, eerste=eerste)
            del chunk, gelezen

    heel = piek(lambda: invoer.lees("json", body, max_rijen=10_000))
    delen = piek(in_stukken)
    assert delen * 4 < heel, (delen, heel)


def test_a_bsn_row_and_a_repeat_across_chunks_are_one_case(client_for: Any) -> None:
    # Bundling across chunk borders still works with the chunked reader.
    client = client_for("signals", batch_chunk_rijen=1, batch_poll_seconds=0.05)
    body = orjson.dumps(
        [
            signaal_body(partnerId="K-1", bsn=BSN_B, bedrag="100.00"),
            signaal_body(partnerId="K-2", bsn=BSN_B, bedrag="900.00"),
        ]
    )
    response = client.post("/v1/signaal-batches", content=body, headers=JSON)
    report = wait_done(client, response.headers["Location"], creditor())
    assert (report["geaccepteerd"], report["afgewezen"]) == (2, 0)
    with client.app.state.engine.connect() as connection:  # type: ignore[attr-defined]
        casussen = connection.execute(sa.select(signaal.c.casus_id).distinct()).all()
    assert len(casussen) == 1
