"""A case's total: per creditor its latest signal's amount (its running total), summed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from services.signals.beleid import EerderSignaal
from services.signals.bundeling import casus_totaal, laatste_bedrag
from tests.signals import helpers
from tests.signals.helpers import BSN_B, ZONDER_BSN, creditor, open_cases, signaal, staff
from tests.signals.test_api_batches import wait_done

COORDINATOR = staff("coordinator", "coordinator-1")
WATER = creditor("waternet", "Water")


def push(client: TestClient, headers: dict[str, str] | None = None, **overrides: Any) -> str:
    status: str = helpers.push(client, headers=headers, **overrides)["status"]
    return status


def totaal(client: TestClient) -> str:
    (case,) = open_cases(client)
    bedrag: str = case["totaalBedrag"]
    return bedrag


def e(dag: int, bedrag: str) -> EerderSignaal:
    return EerderSignaal(date(2026, 10, dag), Decimal(bedrag))


def test_latest_amount_is_by_signal_date_then_the_order_received() -> None:
    assert laatste_bedrag([]) == 0
    assert laatste_bedrag([e(1, "800"), e(20, "950"), e(10, "900")]) == Decimal("950")
    assert laatste_bedrag([e(20, "950"), e(20, "990")]) == Decimal("990")
    per_schuldeiser = {"a": [e(1, "800"), e(20, "950")], "b": [e(5, "80")], "c": []}
    assert casus_totaal(per_schuldeiser) == Decimal("1030")


def test_a_creditors_later_signal_replaces_its_amount_in_the_total(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", bedrag="1250.00", signaaldatum="2026-10-31")
    assert totaal(client) == "1250.00"
    push(client, partnerId="EH-2", bedrag="1300.00", signaaldatum="2026-11-20")
    assert totaal(client) == "1300.00"


def test_each_creditor_counts_once_with_its_latest_amount(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", bedrag="800.00", signaaldatum="2026-10-20")
    push(client, WATER, partnerId="W-1", bedrag="80.00", signaaldatum="2026-10-25")
    push(client, partnerId="EH-2", bedrag="950.00", signaaldatum="2026-10-28")
    push(client, WATER, partnerId="W-2", bedrag="95.00", signaaldatum="2026-10-30")
    assert totaal(client) == "1045.00"


def test_a_late_arriving_earlier_signal_does_not_replace_the_latest(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", bedrag="800.00", signaaldatum="2026-10-20")
    push(client, partnerId="EH-2", bedrag="950.00", signaaldatum="2026-11-10")
    # Dated between the two, higher than the one before it: picked up, yet not the latest.
    assert push(client, partnerId="EH-3", bedrag="900.00", signaaldatum="2026-11-01") == (
        "Nog niet opgepakt"
    )
    assert totaal(client) == "950.00"


def test_two_signals_of_one_date_count_the_one_received_last(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", bedrag="800.00", signaaldatum="2026-10-20")
    push(client, partnerId="EH-2", bedrag="850.00", signaaldatum="2026-10-20")
    assert totaal(client) == "850.00"


def test_signals_not_picked_up_leave_the_total_alone(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", bedrag="800.00", signaaldatum="2026-10-20")
    repeat = push(client, partnerId="EH-2", bedrag="700.00", signaaldatum="2026-10-25")
    assert repeat == "Niet opgepakt: herhaalde melding"
    # 10 days of arrears: outside the policy.
    onterecht = push(
        client, partnerId="EH-3", bedrag="5000.00", ontstaansdatum="2026-10-20",
        signaaldatum="2026-10-30",
    )  # fmt: skip
    assert onterecht == "Niet opgepakt: onterecht signaal"
    assert totaal(client) == "800.00"


@pytest.mark.parametrize("chunk", [1, 2, 10_000])
def test_batch_counts_each_creditors_latest_within_and_across_chunks(client_for, chunk) -> None:
    client = client_for("signals", batch_poll_seconds=0.05, batch_chunk_rijen=chunk)
    water = {"bedrag": "80.00", "ontstaansdatum": "2026-08-01", "signaaldatum": "2026-09-30"}
    push(client, WATER, partnerId="W-1", **water)
    rows = [
        signaal(partnerId="EH-1", bedrag="800.00", signaaldatum="2026-10-01"),
        signaal(partnerId="EH-2", bedrag="950.00", signaaldatum="2026-10-20"),
        signaal(partnerId="EH-3", bedrag="900.00", signaaldatum="2026-10-10"),
        signaal(partnerId="EH-4", bsn=BSN_B, achternaam="Bakker", huisnummer=3, bedrag="500"),
    ]
    response = client.post(
        "/v1/signaal-batches",
        content=orjson.dumps(rows),
        headers=creditor() | {"Content-Type": "application/json"},
    )
    report = wait_done(client, response.headers["Location"], creditor())
    assert (report["geaccepteerd"], report["afgewezen"]) == (4, 0)
    totals = sorted(c["totaalBedrag"] for c in open_cases(client))
    assert totals == ["1030.00", "500.00"]


def test_merge_counts_a_creditor_with_signals_in_both_cases_once(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", bedrag="1250.00", signaaldatum="2026-10-31", **ZONDER_BSN)
    # A birth-date slip: the grey zone, a case of its own until the coordinator decides.
    slip = {**ZONDER_BSN, "geboortedatum": "1980-05-18"}
    push(client, partnerId="EH-2", bedrag="1400.00", signaaldatum="2026-11-05", **slip)
    push(client, WATER, partnerId="W-1", bedrag="90.00", signaaldatum="2026-11-06", **slip)
    assert sorted(c["totaalBedrag"] for c in open_cases(client)) == ["1250.00", "1490.00"]
    review = client.get("/v1/match-beoordelingen", headers=COORDINATOR).json()["items"][0]
    decided = client.post(
        f"/v1/match-beoordelingen/{review['id']}/besluiten",
        json={"samenvoegen": True},
        headers=COORDINATOR,
    )
    assert decided.status_code == 201, decided.text
    # Eigen Haard's latest (1400) and Waternet's (90); not 1250 + 1490.
    assert totaal(client) == "1490.00"
