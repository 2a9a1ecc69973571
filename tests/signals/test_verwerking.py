"""Storing signals: repeats, matching without BSN, the review queue, events, processing log."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.signals.models import plumbing
from tests.signals.helpers import BSN_B, ZONDER_BSN, creditor, push, signaal, staff

COORDINATOR = staff("coordinator", "coordinator-1")


def cases(client: TestClient) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/v1/casussen", headers=COORDINATOR).json()["items"]
    return items


def test_repeat_from_same_partner_without_higher_amount_is_herhaalde_melding(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", bedrag="800.00", signaaldatum="2026-10-01")
    repeat = push(client, partnerId="EH-2", bedrag="800.00", signaaldatum="2026-11-01")
    assert repeat["status"] == "Niet opgepakt: herhaalde melding"
    assert repeat["opgepakt"] is False


def test_repeat_with_higher_amount_is_picked_up_into_the_same_case(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", bedrag="800.00", signaaldatum="2026-10-01")
    higher = push(client, partnerId="EH-2", bedrag="950.00", signaaldatum="2026-10-20")
    assert higher["status"] == "Nog niet opgepakt"
    (case,) = cases(client)
    # The later signal carries the creditor's running total: 950, not 800 + 950.
    assert case["totaalBedrag"] == "950.00"


def test_signal_after_the_matching_period_opens_a_new_case(client_for) -> None:
    client = client_for("signals")
    push(
        client,
        partnerId="EH-1",
        bedrag="800.00",
        ontstaansdatum="2026-07-01",
        signaaldatum="2026-09-01",
    )
    push(client, partnerId="EH-2", bedrag="900.00", signaaldatum="2026-11-01")
    assert len(cases(client)) == 2


def test_without_bsn_a_misspelt_surname_joins_the_same_case(client_for) -> None:
    client = client_for("signals")
    first = push(client, partnerId="EH-1", **ZONDER_BSN)
    water = creditor("waternet", "Water")
    second = signaal(partnerId="W-1", bsn=None, voorletters="J", achternaam="Dyk", bedrag="90")
    client.post("/v1/signalen", json=second, headers=water)
    (case,) = cases(client)
    assert {s["id"] for s in case["signalen"]} >= {first["id"]}
    assert len(case["signalen"]) == 2


def test_twin_at_the_same_address_gets_a_case_of_its_own(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", **ZONDER_BSN)
    push(client, partnerId="EH-2", **(ZONDER_BSN | {"voorletters": "P."}))
    assert len(cases(client)) == 2
    assert client.get("/v1/match-beoordelingen", headers=COORDINATOR).json()["total"] == 0


def test_grey_zone_match_waits_for_the_coordinator_who_merges_it(client_for) -> None:
    client = client_for("signals")
    push(client, partnerId="EH-1", **ZONDER_BSN)
    water = creditor("waternet", "Water")
    slip = signaal(partnerId="W-1", geboortedatum="1980-05-18", bedrag="90", **ZONDER_BSN)
    client.post("/v1/signalen", json=slip, headers=water)
    assert len(cases(client)) == 2
    queue = client.get("/v1/match-beoordelingen", headers=COORDINATOR).json()
    assert queue["total"] == 1
    review = queue["items"][0]
    assert review["kandidaatCasusId"] is not None
    decided = client.post(
        f"/v1/match-beoordelingen/{review['id']}/besluiten",
        json={"samenvoegen": True},
        headers=COORDINATOR,
    )
    assert decided.status_code == 201
    open_cases = [c for c in cases(client) if c["status"] != "samengevoegd"]
    assert len(open_cases) == 1
    assert len(open_cases[0]["signalen"]) == 2
    again = client.post(
        f"/v1/match-beoordelingen/{review['id']}/besluiten",
        json={"samenvoegen": False},
        headers=COORDINATOR,
    )
    assert again.status_code == 409


def test_events_carry_no_personal_data_and_reads_are_logged(client_for) -> None:
    client = client_for("signals")
    push(client)
    push(client, partnerId="EH-9", bsn=BSN_B, achternaam="Bakker", huisnummer=7)
    cases(client)
    events = client.get("/v1/events", headers=staff("bi")).json()["items"]
    types = [e["type"] for e in events]
    assert types.count("signaal.ontvangen") == 2
    assert types.count("casus.geopend") == 2
    text = str([e["payload"] for e in events])
    for personal in ("Dijk", "Bakker", "1181ZM", "111222333", "1980-05-17"):
        assert personal not in text
    received = next(e for e in events if e["type"] == "signaal.ontvangen")
    assert received["payload"]["partnerType"] == "Huur"
    assert received["payload"]["bedrag"] == "1250.00"
    app: Any = client.app
    with app.state.engine.connect() as connection:
        actions = connection.execute(sa.select(plumbing.processing_log.c.action)).scalars().all()
    assert actions.count("signaal-ontvangen") == 2
    assert "werkvoorraad-inzien" in actions


def test_one_push_looks_up_its_id_earlier_signals_and_open_cases_in_one_statement(
    client_for,
) -> None:
    """`bekend_bij_bsn` (a single push with a BSN) finds what the three separate lookups find:
    this creditor's id, its picked-up signals about this resident only, the resident's open
    cases with the columns bundling uses (a warm hand-over's instant too)."""
    from services.signals import repository
    from shared.pseudonym import person_key

    client = client_for("signals")
    push(client, partnerId="EH-1", bedrag="800.00", signaaldatum="2026-10-01")
    push(client, partnerId="EH-2", bedrag="900.00", signaaldatum="2026-10-02")
    push(client, partnerId="EH-3", bedrag="100.00", signaaldatum="2026-10-03")  # repeat
    push(client, partnerId="EH-5", bedrag="990.00", signaaldatum="2026-11-20", warmeOverdracht=True)
    push(client, partnerId="EH-4", bsn=BSN_B)
    water = creditor("waternet", "Water")
    assert client.post("/v1/signalen", json=signaal(partnerId="EH-1"), headers=water).is_success
    app: Any = client.app
    sleutel = person_key(key=app.state.settings.pseudonym_key, bsn=signaal()["bsn"])
    with app.state.connect() as session:
        for partner_id in ("EH-1", "EH-3", "EH-4", "EH-9"):
            samen = repository.bekend_bij_bsn(
                session, creditor_id="eigen-haard", partner_id=partner_id, subject_key=sleutel
            )
            assert samen.partner_ids == repository.bestaande_partner_ids(
                session, creditor_id="eigen-haard", partner_ids={partner_id}
            )
            apart = repository.eerdere_signalen(
                session, creditor_id="eigen-haard", subject_keys={sleutel}
            )
            assert samen.eerdere == apart  # the same signals, in the order received
            assert sorted(e.bedrag for e in samen.eerdere[sleutel]) == [800, 900, 990]
            open_apart = repository.open_casussen(session, {sleutel})
            assert sorted(samen.open[sleutel], key=repr) == sorted(
                (row._asdict() for row in open_apart[sleutel]), key=repr
            )
            assert len(samen.open[sleutel]) == 2
            assert [c["overgedragen_at"] is not None for c in samen.open[sleutel]].count(True) == 1
