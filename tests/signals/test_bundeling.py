"""Bundling: a resident's open cases never have overlapping matching periods; an earlier-dated
signal joins the case it precedes and moves the start of its period back."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from services.signals import bundeling
from tests.signals import helpers
from tests.signals.helpers import ZONDER_BSN, creditor, open_cases, signaal, staff
from tests.signals.test_api_batches import wait_done

COORDINATOR = staff("coordinator", "coordinator-1")
WATER = creditor("waternet", "Water")


def push(client: TestClient, headers: dict[str, str] | None = None, **overrides: Any) -> None:
    assert helpers.push(client, headers=headers, **overrides)["status"] == "Nog niet opgepakt"


def periode(case: dict[str, Any]) -> tuple[str, str]:
    return case["startdatumMatchingperiode"], case["einddatumMatchingperiode"]


def casus(start: str, eind: str, casus_id: str) -> dict[str, Any]:
    return {
        "id": casus_id,
        "startdatum_matchingperiode": date.fromisoformat(start),
        "einddatum_matchingperiode": date.fromisoformat(eind),
    }


def test_the_case_holding_the_date_wins_then_the_nearest_following_one_within_the_period() -> None:
    a = casus("2026-09-01", "2026-10-01", "a")
    b = casus("2026-11-01", "2026-12-01", "b")
    kies = lambda dag: bundeling.kies_casus([b, a], date.fromisoformat(dag), periode_dagen=30)  # noqa: E731
    assert kies("2026-09-20") is a
    assert kies("2026-08-15") is a  # before a's start, within 30 days of it
    assert kies("2026-10-15") is b  # after a's period, within 30 days of b's start
    assert kies("2026-10-01") is a
    assert kies("2026-07-01") is None  # more than 30 days before any case: a case of its own
    assert kies("2026-12-02") is None  # after every period (the tests' rule: a new case)


@pytest.mark.parametrize("wie", [{}, ZONDER_BSN], ids=["bsn", "zonder-bsn"])
def test_earlier_dated_signal_joins_the_open_case_and_moves_its_start_back(
    client_for, wie: dict[str, Any]
) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", signaaldatum="2026-11-01", bedrag="1250.00", **wie)
    push(
        client,
        WATER,
        partnerId="W-1",
        signaaldatum="2026-10-25",
        ontstaansdatum="2026-09-01",
        bedrag="90.00",
        **wie,
    )
    (case,) = open_cases(client)
    # The start moves back to the earlier signal; the end stays, so no signal falls outside.
    assert periode(case) == ("2026-10-25", "2026-12-01")
    assert len(case["signalen"]) == 2
    assert case["totaalBedrag"] == "1340.00"
    # A signal dated inside the widened period joins too.
    push(client, WATER, partnerId="W-2", signaaldatum="2026-10-28", bedrag="95.00", **wie)
    (case,) = open_cases(client)
    assert periode(case) == ("2026-10-25", "2026-12-01")
    assert case["totaalBedrag"] == "1345.00"  # Waternet's latest (by signal date) replaces its 90


def test_same_creditors_earlier_dated_signal_does_not_replace_its_latest_amount(
    client_for,
) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", signaaldatum="2026-11-01", bedrag="1250.00")
    push(client, partnerId="EH-0", signaaldatum="2026-10-20", bedrag="1300.00")
    (case,) = open_cases(client)
    assert periode(case)[0] == "2026-10-20"
    assert case["totaalBedrag"] == "1250.00"  # the creditor's latest signal by signal date


def test_signal_long_before_the_open_case_gets_a_case_that_does_not_overlap(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", signaaldatum="2026-11-01")
    push(client, WATER, partnerId="W-1", signaaldatum="2026-09-20", ontstaansdatum="2026-08-01")
    perioden = sorted(periode(c) for c in open_cases(client))
    assert perioden == [("2026-09-20", "2026-10-20"), ("2026-11-01", "2026-12-01")]


def test_signal_between_two_open_cases_joins_the_later_one(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", signaaldatum="2026-09-01", ontstaansdatum="2026-07-01")
    push(client, partnerId="EH-2", signaaldatum="2026-11-01", bedrag="1300.00")
    push(client, WATER, partnerId="W-1", signaaldatum="2026-10-10", ontstaansdatum="2026-09-01")
    perioden = sorted(periode(c) for c in open_cases(client))
    assert perioden == [("2026-09-01", "2026-10-01"), ("2026-10-10", "2026-12-01")]


@pytest.mark.parametrize("chunk", [1, 10_000])
def test_batch_rows_out_of_date_order_form_one_case(client_for, chunk: int) -> None:
    client = client_for("signals", batch_poll_seconds=0.05, batch_chunk_rijen=chunk)
    rows = [
        signaal(partnerId="B-1", signaaldatum="2026-11-01", bsn=None),
        signaal(partnerId="B-2", signaaldatum="2026-10-20", bedrag="1300.00", bsn=None),
        signaal(partnerId="B-3", signaaldatum="2026-10-05", bedrag="1400.00", bsn=None),
    ]
    response = client.post(
        "/v1/signaal-batches",
        content=orjson.dumps(rows),
        headers=creditor() | {"Content-Type": "application/json"},
    )
    assert response.status_code == 202, response.text
    assert wait_done(client, response.headers["Location"], creditor())["geaccepteerd"] == 3
    (case,) = open_cases(client)
    assert periode(case) == ("2026-10-05", "2026-12-01")
    assert len(case["signalen"]) == 3
    assert case["totaalBedrag"] == "1250.00"
