"""Targeted bad input against every service: oversized and deeply nested bodies, invalid UTF-8
and formula cells in CSV, SQL metacharacters in every query parameter and search body, huge
page sizes. The answer is always a 4xx problem (or a capped page), never a server error."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.pagination import MAX_PAGE_SIZE
from shared.problems import PROBLEM_MEDIA_TYPE
from tests.intake.conftest import melding_body
from tests.proof.matrix import MATRIX
from tests.proof.routes import Operation, operations
from tests.proof.test_fuzz import authorisation
from tests.signals.helpers import creditor, signaal

ClientFor = Callable[..., TestClient]
SERVICES = list(MATRIX)

SQL_PAYLOADS = (
    "' OR '1'='1",
    "'; DROP TABLE melding; --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "1; SELECT pg_sleep(0)",
    "' UNION SELECT NULL--",
    "\x00",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = (
    "partnerId;crisissignaal;warmeOverdracht;bedrag;ontstaansdatum;signaaldatum;bsn;voorletters;"
    "tussenvoegsel;achternaam;geboortedatum;straat;postcode;huisnummer;woonplaats"
)


def headers_for(service: str, operation: Operation) -> dict[str, str]:
    return authorisation(service, operation.method, operation.path)


def assert_problem(response: Any, *statuses: int) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE), response.text[:200]


def json_operations(client: TestClient) -> list[Operation]:
    return [op for op in operations(client.app) if "application/json" in op.body_types]


@pytest.mark.parametrize("service", SERVICES)
def test_an_oversized_json_body_is_refused_with_a_problem(
    client_for: ClientFor, service: str
) -> None:
    """Over MAX_BODY_BYTES (1 MiB) a 413 before the body is read; the batch endpoint has its own,
    larger cap (below) and refuses this body's content with 400."""
    client = client_for(service)
    body = b'{"x": "' + b"a" * (5 * 1024 * 1024) + b'"}'
    own_cap = {"POST /signaal-batches"}
    for operation in json_operations(client):
        headers = headers_for(service, operation) | {"Content-Type": "application/json"}
        response = client.request(operation.method, operation.url(), headers=headers, content=body)
        if operation.key in own_cap:
            assert_problem(response, 400)
        else:
            assert_problem(response, 413)


def test_a_batch_over_the_byte_cap_is_413_as_json_and_as_csv(client_for: ClientFor) -> None:
    client = client_for("signals", batch_max_bytes=64 * 1024)
    rows = [signaal(partnerId=f"EH-{n}") for n in range(400)]
    as_json = client.post(
        "/v1/signaal-batches",
        content=json.dumps(rows),
        headers=creditor() | {"Content-Type": "application/json"},
    )
    assert_problem(as_json, 413)
    lines = [CSV_HEADER] + [
        f"EH-{n};nee;nee;1250,00;01-09-2026;31-10-2026;111222333;J.;van;Dijk;17-05-1980;"
        f"Stadsplein;1181ZM;1;Amstelveen"
        for n in range(1000)
    ]
    as_csv = client.post(
        "/v1/signaal-batches",
        content="\n".join(lines).encode(),
        headers=creditor() | {"Content-Type": "text/csv"},
    )
    assert_problem(as_csv, 413)

    def streamed() -> Any:
        yield (CSV_HEADER + "\n").encode()
        for _ in range(200):
            yield ("x" * 1000 + "\n").encode()

    # Without a Content-Length (chunked), the cap holds while the body is read.
    as_stream = client.post(
        "/v1/signaal-batches", content=streamed(), headers=creditor() | {"Content-Type": "text/csv"}
    )
    assert_problem(as_stream, 413)


@pytest.mark.parametrize("service", SERVICES)
def test_deeply_nested_json_is_a_400(client_for: ClientFor, service: str) -> None:
    client = client_for(service)
    bodies = (
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b'{"inwoner": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    )
    for operation in json_operations(client):
        headers = headers_for(service, operation) | {"Content-Type": "application/json"}
        for body in bodies:
            response = client.request(
                operation.method, operation.url(), headers=headers, content=body
            )
            assert_problem(response, 400)


def test_invalid_utf8_in_a_csv_batch_is_a_400_naming_the_problem(client_for: ClientFor) -> None:
    client = client_for("signals")
    row = "EH-1;nee;nee;1250,00;01-09-2026;31-10-2026;111222333;J.;van;Dijk;17-05-1980;"
    for broken in (b"\xff\xfe", b"D\xe9kker", b"\xc3\x28", b"\xed\xa0\x80"):
        body = (CSV_HEADER + "\n" + row).encode() + broken + b";1181ZM;1;Amstelveen\n"
        response = client.post(
            "/v1/signaal-batches", content=body, headers=creditor() | {"Content-Type": "text/csv"}
        )
        assert_problem(response, 400)
        assert "UTF-8" in response.json()["detail"], response.text
    assert client.get("/v1/signalen", headers=creditor()).json()["items"] == []


def test_a_surname_without_letters_is_a_400_single_and_in_a_batch(client_for: ClientFor) -> None:
    client = client_for("signals", batch_poll_seconds=0.05)
    for achternaam in (", ", "...", "-", "1234"):
        body = signaal(bsn=None, achternaam=achternaam)
        assert_problem(client.post("/v1/signalen", json=body, headers=creditor()), 400)
    batch = client.post(
        "/v1/signaal-batches", json=[signaal(bsn=None, achternaam=", ")], headers=creditor()
    )
    assert batch.status_code == 202, batch.text
    deadline = time.monotonic() + 20
    report = client.get(batch.headers["Location"], headers=creditor()).json()
    while report["status"] not in ("klaar", "mislukt") and time.monotonic() < deadline:
        time.sleep(0.05)
        report = client.get(batch.headers["Location"], headers=creditor()).json()
    assert (report["status"], report["geaccepteerd"], report["afgewezen"]) == ("klaar", 0, 1)


def seed(client: TestClient, service: str) -> None:
    """Some rows, so that a filter that matched everything would show."""
    if service == "intake":
        for n in range(3):
            inwoner = {"bsn": None, "achternaam": f"Jansen{n}", "huisnummer": n + 1}
            body = melding_body(inwoner=inwoner)
            assert (
                client.post(
                    "/v1/meldingen",
                    json=body,
                    headers=authorisation("intake", "POST", "/meldingen"),
                ).status_code
                == 201
            )
    if service == "signals":
        pushed = client.post("/v1/signalen", json=signaal(), headers=creditor())
        assert pushed.status_code == 201, pushed.text


def query_parameters(operation: Operation) -> list[str]:
    return [p["name"] for p in operation.document.get("parameters", []) if p["in"] == "query"]


@pytest.mark.parametrize("service", SERVICES)
def test_sql_metacharacters_in_every_query_parameter(client_for: ClientFor, service: str) -> None:
    client = client_for(service, trajectory_url="http://127.0.0.1:1")
    seed(client, service)
    answered: dict[tuple[str, str, str], int] = {}
    for operation in operations(client.app):
        if operation.method != "get":
            continue
        for name in query_parameters(operation):
            for payload in SQL_PAYLOADS:
                response = client.get(
                    operation.url(), params={name: payload}, headers=headers_for(service, operation)
                )
                answered[operation.key, name, payload] = response.status_code
                if response.status_code == 200 and "items" in response.text[:20]:
                    # A text filter with metacharacters matches nothing here (no LIKE wildcards).
                    items = response.json().get("items")
                    if name in TEXT_FILTERS.get(service, ()):
                        assert items == [], (operation.key, name, payload)
    assert {key: status for key, status in answered.items() if status >= 500} == {}
    # The free-text filters take every payload (PostgreSQL refuses a NUL in text: a 400).
    filtered = {
        (key, payload): status
        for (key, name, payload), status in answered.items()
        if name in TEXT_FILTERS.get(service, ())
    }
    assert all(status == 200 or payload == "\x00" for (_, payload), status in filtered.items())
    assert all(status in (200, 400) for status in filtered.values())


# The free-text filters (everything else has a type, a pattern or an enum and is a 400).
TEXT_FILTERS = {"intake": ("consulent",), "trajectory": ("consulent",)}


SEARCHES: dict[tuple[str, str], Callable[[str], dict[str, Any]]] = {
    ("intake", "POST /meldingen/zoeken"): lambda p: {"bsn": p},
    ("signals", "POST /huishoudens/zoeken"): lambda p: {"postcode": p, "huisnummer": 1},
    **{
        (service, "POST /verwerkingen/zoeken"): (lambda p: {"subjectKey": p})
        for service in SERVICES
    },
}


@pytest.mark.parametrize(("service", "key"), list(SEARCHES))
def test_sql_metacharacters_in_search_bodies(client_for: ClientFor, service: str, key: str) -> None:
    client = client_for(service)
    method, path = key.split(" ", 1)
    for payload in SQL_PAYLOADS:
        response = client.post(
            "/v1" + path,
            json=SEARCHES[service, key](payload),
            headers=authorisation(service, method, path),
        )
        assert response.status_code in (200, 400), (payload, response.text[:300])
        if response.status_code == 200:
            assert response.json()["items"] == [], payload


@pytest.mark.parametrize("service", SERVICES)
def test_a_huge_page_size_is_capped(client_for: ClientFor, service: str) -> None:
    client = client_for(service)
    paged = [
        op
        for op in operations(client.app)
        if op.method == "get" and "pageSize" in query_parameters(op) and "{" not in op.path
    ]
    assert paged, "every service has paged lists"
    for operation in paged:
        for size in (MAX_PAGE_SIZE + 1, 10**6, 10**18, 2**63):
            response = client.get(
                operation.url(), params={"pageSize": size}, headers=headers_for(service, operation)
            )
            if response.status_code == 400:
                continue
            assert response.status_code == 200, (operation.key, size, response.text[:300])
            body = response.json()
            assert body.get("pageSize", MAX_PAGE_SIZE) <= MAX_PAGE_SIZE, (operation.key, body)
            assert len(body["items"]) <= MAX_PAGE_SIZE


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_formula_cells_in_the_activity_export_are_neutralised(client_for: ClientFor) -> None:
    client = client_for("reporting")
    registreerder = authorisation("reporting", "POST", "/activiteiten")
    for start in FORMULA_STARTS:
        body = {
            "soort": "moneyways-leerlingen",
            "aantal": 12,
            "beginDatum": "2026-09-01",
            "eindDatum": "2026-12-31",
            "bron": f'{start}HYPERLINK("https://evil.example","x")',
            "toelichting": f"{start}1+1",
        }
        created = client.post("/v1/activiteiten", json=body, headers=registreerder)
        assert created.status_code == 201, created.text
    exported = client.get(
        "/v1/activiteiten",
        headers=authorisation("reporting", "GET", "/activiteiten") | {"Accept": "text/csv"},
    )
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    cells = csv_cells(exported.text)
    assert any("HYPERLINK" in cell for cell in cells)
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []


def test_a_nul_character_in_a_body_is_stored_or_refused_never_a_500(
    client_for: ClientFor,
) -> None:
    """PostgreSQL refuses a NUL in text (a 400 problem); SQLite stores it."""
    intake = client_for("intake", trajectory_url="http://127.0.0.1:1")
    body = melding_body(inwoner={"achternaam": "Jan\x00sen"})
    loket = authorisation("intake", "POST", "/meldingen")
    assert intake.post("/v1/meldingen", json=body, headers=loket).status_code in (201, 400)
    signals = client_for("signals")
    pushed = signals.post(
        "/v1/signalen", json=signaal(woonplaats="Amstel\x00veen"), headers=creditor()
    )
    assert pushed.status_code in (201, 400), pushed.text
    reporting = client_for("reporting")
    activiteit = {
        "soort": "moneyways-leerlingen",
        "aantal": 1,
        "beginDatum": "2026-09-01",
        "eindDatum": "2026-12-31",
        "bron": "jaar\x00verslag",
    }
    registreerder = authorisation("reporting", "POST", "/activiteiten")
    created = reporting.post("/v1/activiteiten", json=activiteit, headers=registreerder)
    assert created.status_code in (201, 400), created.text
