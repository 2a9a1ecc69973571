"""The streamed DDAS page is byte for byte the page as it was built before (`ddas_vorige`), on a
seeded set with every phase, ties in the page order, support of every kind and awkward text;
small pages and batches, so batch and page boundaries fall everywhere (both engines: the suite
runs on PostgreSQL with BALANS_TEST_POSTGRES_URL)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pydantic_core import to_json

from services.trajectory import ddas_export
from services.trajectory.context import Ctx
from services.trajectory.models import plumbing, schuld, traject, traject_persoon, voorziening
from services.trajectory.schemas_ddas import GegevensRequest
from shared.auth import Principal, Role
from tests.bench.trajectory.seed import GEGENEREERD, _rijen, traject_id
from tests.trajectory import ddas_vorige
from tests.trajectory.conftest import SERVICE, VANDAAG

TRAJECTEN = 120
PERIODE = {"aanleverperiodeStartdatum": "2020-01-01", "aanleverperiodeEinddatum": "2026-12-31"}
_TIJDSTIP = re.compile(rb'"aanleverdatumEnTijd":"[^"]*"')


def _voorziening(i: int, n: int, soort: str, start: date, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"00000006-0000-4000-8000-{i * 10 + n:012d}",
        "traject_id": traject_id(i),
        "soort": soort,
        "startdatum": start,
        "actor": "consulent-00",
        "created_at": datetime(2026, 1, 5, tzinfo=UTC) + timedelta(seconds=n),
        "einddatum": None,
        "begeleidingssoort": None,
        "datum_aanvraag": None,
        "datum_goedkeuring": None,
        **extra,
    }


def _seed(client: TestClient) -> None:
    rijen = _rijen(0, TRAJECTEN, VANDAAG)
    # Ties in the page order (aanvraagdatum, id): a dozen cases on one day.
    for row in rijen["traject"][:12]:
        row["aanvraagdatum"] = date(2025, 6, 2)
    voorzieningen = [
        _voorziening(5, 0, "crisisinterventie", date(2025, 3, 1), einddatum=date(2025, 4, 1)),
        _voorziening(5, 1, "crisisinterventie", date(2025, 2, 1)),
        _voorziening(5, 2, "informatie-en-advies", date(2025, 2, 3), einddatum=date(2025, 2, 4)),
        _voorziening(5, 3, "informatie-en-advies", date(2025, 5, 3)),
        _voorziening(6, 0, "begeleiding", date(2025, 3, 1), begeleidingssoort="Budgetbeheer"),
        _voorziening(
            6,
            1,
            "moratorium",
            date(2025, 3, 1),
            einddatum=date(2025, 8, 31),
            datum_aanvraag=date(2025, 2, 20),
            datum_goedkeuring=date(2025, 2, 27),
        ),
        _voorziening(6, 2, "moratorium", date(2025, 9, 1)),
        _voorziening(25, 0, "voorlopige-voorziening", date(2025, 4, 1)),
        _voorziening(25, 1, "crisisinterventie", date(2025, 4, 1)),
    ]
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.begin() as connection:
        for name in GEGENEREERD:
            table = traject.metadata.tables[name]
            connection.execute(table.insert(), rijen[name])
        connection.execute(voorziening.insert(), voorzieningen)
        # Text that JSON escapes, amounts that round both ways, nullable creditor fields.
        connection.execute(
            schuld.update()
            .where(schuld.c.traject_id == traject_id(8))
            .values(
                schuldeiser_naam='Ünal "& Zn."\\ \n\u2028 €',
                schuldeiser_kvk=None,
                schuldeiser_postcode=None,
                schuldeiser_privepersoon=True,
                zakelijk=True,
                bedrag=Decimal("2.49"),
            )
        )
        connection.execute(
            schuld.update()
            .where(schuld.c.traject_id == traject_id(9))
            .values(bedrag=Decimal("1000.50"))
        )
        connection.execute(
            traject.update()
            .where(traject.c.id == traject_id(11))
            .values(
                dwangakkoord_verzoek_datum=date(2025, 1, 2),
                dwangakkoord=False,
                schuldregeling_afgewezen=date(2025, 2, 3),
                beschikking_soort="Afwijzingsbeschikking",
                uitstroom_omschrijving='Zei: "nee"\ttab; ñ',
            )
        )


def _vorige(client: TestClient, body: dict[str, Any]) -> bytes:
    app = client.app
    vraag = GegevensRequest.model_validate(body)
    with app.state.connect() as session:  # type: ignore[attr-defined]
        ctx = Ctx(
            session=session,
            policy=app.state.policy,  # type: ignore[attr-defined]
            principal=Principal(subject="cbs", roles=frozenset({Role.service})),
            vandaag=VANDAAG,
        )
        return to_json(ddas_vorige.levering(ctx, vraag))


def _zonder_tijdstip(body: bytes) -> bytes:
    return _TIJDSTIP.sub(b'"aanleverdatumEnTijd":""', body)


@pytest.mark.parametrize(("page_size", "batch"), [(25000, 1000), (25, 7), (40, 40), (7, 3)])
def test_every_page_is_byte_for_byte_the_previous_delivery(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, page_size: int, batch: int
) -> None:
    _seed(client)
    monkeypatch.setattr(ddas_export, "BATCH", batch)
    pages = -(-TRAJECTEN // page_size)
    for page in range(1, pages + 1):
        body = {**PERIODE, "page": page, "pageSize": page_size}
        response = client.post("/v1/ddas/gegevens", json=body, headers=SERVICE)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        assert _zonder_tijdstip(response.content) == _zonder_tijdstip(_vorige(client, body))


# Every ASCII character but NUL (PostgreSQL text has none) and a few beyond: the debts' JSON
# is written by the database (`json_quote`, `to_json`), and must escape as orjson does.
_LASTIGE_TEKST = "".join(map(chr, range(1, 128))) + "\u2028\u2029\u0085\ufeff é€😀"


def test_debt_text_the_database_quotes_is_byte_for_byte_the_previous_delivery(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(client)
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.begin() as connection:
        for i, (begin, eind) in enumerate([(0, 64), (64, 128), (128, len(_LASTIGE_TEKST))]):
            connection.execute(
                schuld.update()
                .where(schuld.c.traject_id == traject_id(20 + i))
                .values(
                    schuldeiser_naam=_LASTIGE_TEKST[begin:eind],
                    schuldeiser_kvk=_LASTIGE_TEKST[begin : begin + 8],
                    schuldeiser_postcode=_LASTIGE_TEKST[eind - 6 : eind],
                    schuldsoort=_LASTIGE_TEKST[begin + 8 : begin + 18],
                )
            )
    monkeypatch.setattr(ddas_export, "BATCH", 11)
    body = {**PERIODE, "page": 1, "pageSize": TRAJECTEN}
    response = client.post("/v1/ddas/gegevens", json=body, headers=SERVICE)
    assert response.status_code == 200, response.text
    assert "\u2028".encode() in response.content
    assert _zonder_tijdstip(response.content) == _zonder_tijdstip(_vorige(client, body))


def test_each_batch_logs_exactly_the_residents_it_delivers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(client)
    monkeypatch.setattr(ddas_export, "BATCH", 7)
    body = {**PERIODE, "page": 2, "pageSize": 50}
    response = client.post("/v1/ddas/gegevens", json=body, headers=SERVICE)
    assert response.status_code == 200
    assert len(response.json()["gegevens"]["leveringen"][0]["schuldhulptrajecten"]) == 50
    t, p, log = traject.c, traject_persoon.c, plumbing.processing_log.c
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        pagina = sa.select(t.id).order_by(t.aanvraagdatum, t.id).offset(50).limit(50).subquery()
        verwacht = connection.execute(
            sa.select(p.subject_key).where(p.traject_id.in_(sa.select(pagina.c.id)))
        ).scalars()
        gelogd = connection.execute(
            sa.select(log.subject_key, log.trace_id, log.activity_id).where(
                log.action == "ddas-levering"
            )
        ).all()
    keys = [k for k, _, _ in gelogd]
    # Each resident of the page once (applicants and partners), none of another page, all
    # under the request's trace and the reporting activity.
    assert sorted(keys) == sorted(verwacht)
    assert len(keys) > 50
    assert {(trace, activiteit) for _, trace, activiteit in gelogd} == {
        (gelogd[0][1], "rapportage")
    }
    assert gelogd[0][1]


def test_a_failure_halfway_ends_the_body_early_never_as_a_shorter_valid_page(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(client)
    monkeypatch.setattr(ddas_export, "BATCH", 3)
    echte_batch = ddas_export._batch
    gelezen: list[int] = []

    def tweede_faalt(*args: Any) -> Any:
        gelezen.append(1)
        if len(gelezen) == 2:
            raise RuntimeError("database weg")
        return echte_batch(*args)

    monkeypatch.setattr(ddas_export, "_batch", tweede_faalt)
    body = {**PERIODE, "pageSize": 10}
    # A plain client on the started app: the suite's own would read the broken body as JSON.
    kaal = TestClient(client.app, raise_server_exceptions=False)
    response = kaal.post("/v1/ddas/gegevens", json=body, headers=SERVICE)
    assert response.status_code == 200  # sent before the failure
    assert response.content.startswith(b'{"gegevens":{')
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(response.content)
