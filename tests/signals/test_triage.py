"""Triage of the outreach queue: the policy's table decides each case's priority and the order."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from shared.contracts.ddas import Signaalpartner
from shared.policy import Prioriteit, TriageRegel
from tests.signals.helpers import creditor, signaal, staff
from tests.signals.standins import bekendheid_app, transports

COORDINATOR = staff("coordinator", "coordinator-1")
VANDAAG = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    import services.signals.api.casussen as api

    monkeypatch.setattr(api, "today", lambda: VANDAAG)


def started(client_for, regels: tuple[TriageRegel, ...] | None = None) -> TestClient:
    """The signals service; with `regels`, the policy's triage table replaced by them."""
    client: TestClient = client_for("signals")
    app: Any = client.app
    app.state.bekendheid_transports = transports(bekendheid_app(), bekendheid_app())
    if regels is not None:
        policy = app.state.policy
        signalen = policy.signalen.model_copy(update={"triage": regels})
        app.state.policy = policy.model_copy(update={"signalen": signalen})
    return client


def push(client: TestClient, partner_id: str, achternaam: str, **velden: Any) -> None:
    body = signaal(partnerId=partner_id, bsn=None, achternaam=achternaam, **velden)
    response = client.post("/v1/signalen", json=body, headers=creditor())
    assert response.status_code == 201, response.text


def queue(client: TestClient, query: str = "") -> list[tuple[str, str, str | None]]:
    page = client.get(f"/v1/casussen{query}", headers=COORDINATOR).json()
    return [(c["postcodeGebied"], c["prioriteit"], c["triageRegel"]) for c in page["items"]]


def test_amstelveen_table_puts_crisis_today_and_warm_hand_over_high(client_for) -> None:
    client = started(client_for)
    push(client, "EH-1", "Dijk", postcode="1181AA")
    push(client, "EH-2", "Bakker", postcode="1182AB", warmeOverdracht=True)
    push(client, "EH-3", "Smit", postcode="1183AC", crisissignaal=True)

    assert queue(client) == [
        ("1183", "vandaag", "Crisissignaal: vandaag"),
        ("1182", "hoog", "Warme overdracht"),
        ("1181", "normaal", None),
    ]
    assert queue(client, "?prioriteit=hoog") == [("1182", "hoog", "Warme overdracht")]
    assert client.get("/v1/casussen?prioriteit=dringend", headers=COORDINATOR).status_code == 400


def test_the_first_rule_that_holds_decides(client_for) -> None:
    client = started(
        client_for,
        (
            TriageRegel(
                naam="Huur vanaf 1.000",
                prioriteit=Prioriteit.HOOG,
                partners=(Signaalpartner.HUUR,),
                bedrag_vanaf=1000,
            ),
            TriageRegel(
                naam="Alle huur", prioriteit=Prioriteit.VANDAAG, partners=(Signaalpartner.HUUR,)
            ),
        ),
    )
    push(client, "EH-1", "Dijk", postcode="1181AA", bedrag="999.99")
    push(client, "EH-2", "Bakker", postcode="1182AB", bedrag="1000.00")  # the boundary holds

    assert queue(client) == [
        ("1181", "vandaag", "Alle huur"),
        ("1182", "hoog", "Huur vanaf 1.000"),
    ]


def test_waiting_time_and_young_residents_move_a_case_up(
    client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = started(
        client_for,
        (
            TriageRegel(naam="Jongere", prioriteit=Prioriteit.VANDAAG, jongere=True),
            TriageRegel(naam="Wacht 14 dagen", prioriteit=Prioriteit.HOOG, wachtdagen_vanaf=14),
        ),
    )
    push(client, "EH-1", "Dijk", postcode="1181AA")
    push(client, "EH-2", "Bakker", postcode="1182AB", geboortedatum="2005-03-01")  # 21
    matchingsdatum = date.fromisoformat(
        client.get("/v1/casussen", headers=COORDINATOR).json()["items"][0]["matchingsdatum"]
    )
    import services.signals.api.casussen as api

    monkeypatch.setattr(api, "today", lambda: matchingsdatum)
    assert queue(client) == [("1182", "vandaag", "Jongere"), ("1181", "normaal", None)]
    monkeypatch.setattr(api, "today", lambda: date.fromordinal(matchingsdatum.toordinal() + 14))
    assert queue(client) == [("1182", "vandaag", "Jongere"), ("1181", "hoog", "Wacht 14 dagen")]


def test_without_a_table_every_case_is_normal_in_order_of_arrival(client_for) -> None:
    client = started(client_for, ())
    push(client, "EH-1", "Dijk", postcode="1181AA")
    push(client, "EH-2", "Bakker", postcode="1182AB", crisissignaal=True)

    assert queue(client) == [("1181", "normaal", None), ("1182", "normaal", None)]


def test_case_read_and_household_view_show_the_same_priority(client_for) -> None:
    client = started(client_for)
    push(client, "EH-1", "Dijk", crisissignaal=True)
    [case] = client.get("/v1/casussen", headers=COORDINATOR).json()["items"]

    detail = client.get(f"/v1/casussen/{case['id']}", headers=COORDINATOR).json()
    huishouden = client.post(
        "/v1/huishoudens/zoeken",
        json={"postcode": "1181ZM", "huisnummer": 1},
        headers=COORDINATOR,
    ).json()

    assert (detail["prioriteit"], detail["triageRegel"]) == ("vandaag", "Crisissignaal: vandaag")
    assert [c["prioriteit"] for c in huishouden["casussen"]] == ["vandaag"]


def test_a_rule_needs_a_name_and_a_known_priority() -> None:
    with pytest.raises(ValidationError):
        TriageRegel.model_validate({"naam": "Spoed", "prioriteit": "dringend"})
    with pytest.raises(ValidationError):
        TriageRegel.model_validate({"naam": "", "prioriteit": "hoog"})
    with pytest.raises(ValidationError):
        TriageRegel.model_validate({"naam": "Wacht", "prioriteit": "hoog", "wachtdagen_vanaf": -1})
