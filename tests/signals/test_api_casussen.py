"""Outreach: work queue, assignment after the known-check, visits, closing, hand-over to intake."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.signals.models import plumbing
from shared.app import outbox_relay
from shared.contracts.handoffs import VroegsignaalOverdracht
from shared.outbox import OutboxRelay
from shared.pseudonym import person_key
from shared.settings import DEVELOPMENT_PSEUDONYM_KEY
from tests.signals.helpers import BSN_A, creditor, signaal, staff
from tests.signals.standins import bekendheid_app, intake_app, transports

COORDINATOR = staff("coordinator", "coordinator-1")
CONSULENT = staff("consulent", "a.jansen")
TOEWIJZING = {"consulent1": "a.jansen", "consulent2": "b.bakker", "geplandeDatum": "2026-12-01"}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    import services.signals.api.casussen as api

    monkeypatch.setattr(api, "today", lambda: date(2026, 11, 28))


def started(client_for, *, lopend_voor: set[str] | None = None) -> TestClient:
    client: TestClient = client_for("signals")
    app: Any = client.app
    app.state.bekendheid_transports = transports(
        bekendheid_app(lopend_voor=lopend_voor), bekendheid_app()
    )
    return client


def one_case(client: TestClient) -> dict[str, Any]:
    page = client.get("/v1/casussen", headers=COORDINATOR).json()
    assert page["total"] == 1
    case: dict[str, Any] = page["items"][0]
    return case


def test_pushed_signal_opens_a_case_in_the_work_queue(client_for) -> None:
    client = started(client_for)
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    case = one_case(client)
    assert case["status"] == "nieuw"
    assert case["actie"] == "huisbezoek"
    assert case["totaalBedrag"] == "1250.00"
    assert case["startdatumMatchingperiode"] == "2026-10-31"
    assert case["einddatumMatchingperiode"] == "2026-11-30"


def test_signals_of_two_creditors_about_one_resident_form_one_case(client_for) -> None:
    client = started(client_for)
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    water = creditor("waternet", "Water")
    client.post("/v1/signalen", json=signaal(partnerId="W-1", bedrag="80.00"), headers=water)
    case = one_case(client)
    assert len(case["signalen"]) == 2
    assert case["totaalBedrag"] == "1330.00"


def test_full_visit_round_ends_in_intake_with_consent(client_for) -> None:
    client = started(client_for)
    created = client.post("/v1/signalen", json=signaal(), headers=creditor()).json()
    case_id = one_case(client)["id"]
    assigned = client.post(
        f"/v1/casussen/{case_id}/toewijzingen", json=TOEWIJZING, headers=COORDINATOR
    )
    assert assigned.status_code == 201, assigned.text
    assert assigned.json()["status"] == "toegewezen"
    assert assigned.json()["datumOpgepakt"] == "2026-11-28"
    attempts = [
        {"soort": "Huisbezoek", "bereikt": False, "datum": "2026-11-20", "dagdeel": "Middag"},
        {"soort": "Huisbezoek", "bereikt": True, "datum": "2026-11-25", "dagdeel": "Avond"},
    ]
    for attempt in attempts:
        response = client.post(
            f"/v1/casussen/{case_id}/contactpogingen", json=attempt, headers=CONSULENT
        )
        assert response.status_code == 201, response.text
    closing = {"resultaat": "Vervolghulp en/of verwijzing financieel", "toestemming": True}
    closed = client.post(f"/v1/casussen/{case_id}/afsluitingen", json=closing, headers=CONSULENT)
    assert closed.status_code == 201, closed.text
    detail = closed.json()
    assert detail["status"] == "afgesloten"
    assert [h["naarStatus"] for h in detail["historie"]] == ["nieuw", "toegewezen", "afgesloten"]
    assert len(detail["contactpogingen"]) == 2

    received: list[tuple[str, dict[str, Any]]] = []
    app: Any = client.app
    relay = outbox_relay(app)
    app.state.outbox_relay = OutboxRelay(
        relay.connect,
        tables=relay.tables,
        destinations=relay.destinations,
        token_provider=relay.token_provider,
        client=httpx.AsyncClient(transport=httpx.ASGITransport(app=intake_app(received))),
    )
    asyncio.run(app.state.outbox_relay.deliver_due())
    assert len(received) == 1
    key, body = received[0]
    assert key
    command = VroegsignaalOverdracht.model_validate(body)
    assert str(command.casus_id) == case_id
    assert command.inwoner.bsn == BSN_A
    assert command.signaalpartners == ["Huur"]

    feedback = client.get(f"/v1/signalen/{created['id']}", headers=creditor()).json()
    assert feedback["resultaat"] == "Vervolghulp en/of verwijzing financieel"


def test_follow_up_help_without_consent_is_refused(client_for) -> None:
    client = started(client_for)
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    case_id = one_case(client)["id"]
    client.post(f"/v1/casussen/{case_id}/toewijzingen", json=TOEWIJZING, headers=COORDINATOR)
    closing = {"resultaat": "Vervolghulp en/of verwijzing financieel", "toestemming": False}
    response = client.post(f"/v1/casussen/{case_id}/afsluitingen", json=closing, headers=CONSULENT)
    assert response.status_code == 422


def test_resident_known_at_intake_ends_the_case_instead_of_a_visit(client_for) -> None:
    known = person_key(key=DEVELOPMENT_PSEUDONYM_KEY, bsn=BSN_A)
    client = started(client_for, lopend_voor={known})
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    case_id = one_case(client)["id"]
    response = client.post(
        f"/v1/casussen/{case_id}/toewijzingen", json=TOEWIJZING, headers=COORDINATOR
    )
    assert response.status_code == 201
    assert response.json()["status"] == "afgesloten"
    assert response.json()["resultaat"] == "Inwoner al bekend bij schuldhulpverlening"


def test_contact_attempt_on_unassigned_case_is_409(client_for) -> None:
    client = started(client_for)
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    case_id = one_case(client)["id"]
    attempt = {"soort": "Telefoon", "bereikt": True, "datum": "2026-11-20", "dagdeel": "Ochtend"}
    response = client.post(
        f"/v1/casussen/{case_id}/contactpogingen", json=attempt, headers=CONSULENT
    )
    assert response.status_code == 409


def test_bad_contact_attempt_lists_every_field(client_for) -> None:
    client = started(client_for)
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    case_id = one_case(client)["id"]
    attempt = {"soort": "Duif", "bereikt": "ja", "datum": 20261120, "dagdeel": "Nacht"}
    response = client.post(
        f"/v1/casussen/{case_id}/contactpogingen", json=attempt, headers=CONSULENT
    )
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {
        "soort",
        "bereikt",
        "datum",
        "dagdeel",
    }


def test_work_queue_filters_and_puts_crisis_first(client_for) -> None:
    client = started(client_for)
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    crisis = signaal(
        partnerId="EH-2", bsn=None, achternaam="Bakker", postcode="1182AB", crisissignaal=True
    )
    client.post("/v1/signalen", json=crisis, headers=creditor())
    page = client.get("/v1/casussen", headers=COORDINATOR).json()
    assert [c["prioriteit"] for c in page["items"]] == ["vandaag", "normaal"]
    only = client.get(
        "/v1/casussen?postcodeGebied=1182&partnerType=Huur&crisis=true", headers=COORDINATOR
    ).json()
    assert only["total"] == 1
    assert client.get("/v1/casussen?minBedrag=5000", headers=COORDINATOR).json()["total"] == 0
    assert client.get("/v1/casussen?partnerType=Water", headers=COORDINATOR).json()["total"] == 0
    assert client.get("/v1/casussen?postcodeGebied=0100", headers=COORDINATOR).status_code == 400


def test_creditor_cannot_read_the_work_queue(client_for) -> None:
    client = started(client_for)
    assert client.get("/v1/casussen", headers=creditor()).status_code == 403


def test_household_view_shows_cases_at_one_address(client_for) -> None:
    client = started(client_for)
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    partner = signaal(
        partnerId="EH-2", bsn=None, voorletters="M.", achternaam="Vries", geboortedatum="1982-03-03"
    )
    client.post("/v1/signalen", json=partner, headers=creditor())
    found = client.post(
        "/v1/huishoudens/zoeken", json={"postcode": "1181 zm", "huisnummer": 1}, headers=COORDINATOR
    )
    assert found.status_code == 200
    assert found.json()["adresSleutel"] == "1181ZM 1"
    assert len(found.json()["casussen"]) == 2


def test_creditor_learns_only_that_a_signal_was_not_picked_up_for_andere_reden(client_for) -> None:
    client = started(client_for)
    created = client.post("/v1/signalen", json=signaal(), headers=creditor()).json()
    case_id = one_case(client)["id"]
    closing = {"resultaat": "Niet opgepakt: andere reden", "toelichting": "Vertrouwelijk"}
    response = client.post(
        f"/v1/casussen/{case_id}/afsluitingen", json=closing, headers=COORDINATOR
    )
    assert response.status_code == 201
    feedback = client.get(f"/v1/signalen/{created['id']}", headers=creditor()).json()
    assert feedback["status"] == "Niet opgepakt: andere reden"
    assert feedback["opgepakt"] is False
    assert feedback.get("reden") is None
    assert feedback.get("resultaat") is None


def test_work_queue_filters_young_people_and_waiting_time(
    client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    import services.signals.api.casussen as api
    from shared.types import today

    # Waiting time counts from the matching date, which is the real date the case opened.
    monkeypatch.setattr(api, "today", today)
    client = started(client_for)
    client.post("/v1/signalen", json=signaal(), headers=creditor())
    young = signaal(
        partnerId="EH-2", bsn=None, achternaam="Bakker", geboortedatum="2004-06-01", huisnummer=8
    )
    client.post("/v1/signalen", json=young, headers=creditor())
    jong = client.get("/v1/casussen?jongere=true", headers=COORDINATOR).json()
    assert jong["total"] == 1
    assert client.get("/v1/casussen?jongere=false", headers=COORDINATOR).json()["total"] == 1
    assert client.get("/v1/casussen?minWachtdagen=1", headers=COORDINATOR).json()["total"] == 0
    assert client.get("/v1/casussen?minWachtdagen=0", headers=COORDINATOR).json()["total"] == 2


def test_warm_hand_over_goes_to_intake_at_once_and_only_once(client_for) -> None:
    client = started(client_for)
    client.post("/v1/signalen", json=signaal(warmeOverdracht=True), headers=creditor())
    case = one_case(client)
    assert case["warmeOverdracht"] is True
    client.post(f"/v1/casussen/{case['id']}/toewijzingen", json=TOEWIJZING, headers=COORDINATOR)
    closing = {"resultaat": "Vervolghulp en/of verwijzing financieel", "toestemming": True}
    client.post(f"/v1/casussen/{case['id']}/afsluitingen", json=closing, headers=CONSULENT)
    app: Any = client.app
    with app.state.engine.connect() as connection:
        bodies = connection.execute(sa.select(plumbing.outbox.c.body)).scalars().all()
    assert len(bodies) == 1
    assert bodies[0]["warmeOverdracht"] is True
