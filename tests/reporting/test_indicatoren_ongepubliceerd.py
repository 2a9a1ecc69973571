"""Indicators whose source events are documented but not (yet) published by a source.

Trajectory publishes no begeleiding, WSNP or end-of-settlement events yet, and signals no later
status change; reporting recognises such events by name (services/reporting/soorten.py).
These tests craft them and send them through the feed and the projection.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from shared.testing import auth_header
from tests.reporting.feed import SUBJECT_A, SUBJECT_B, SUBJECT_C, Feeds

BI = auth_header("bi")


def _indicatoren(reporting: TestClient) -> dict[str, dict]:
    for bron in ("intake", "signals", "trajectory"):
        reporting.post(f"/v1/bronnen/{bron}/inhaalacties", headers=auth_header("admin"))
    body = reporting.get("/v1/indicatoren?jaar=2026&pageSize=500", headers=BI).json()
    return {item["code"]: item for item in body["items"]}


def test_guidance_wsnp_and_settlement_endings(reporting: TestClient, feeds: Feeds):
    t = feeds.trajectory
    t.add("traject.begeleiding-gestart", "2026-02-01", {"trajectId": "t1", "soort": "Budgetbeheer"})
    t.add("traject.begeleiding-gestart", "2026-03-01", {"trajectId": "t2", "soort": "Budgetbeheer"})
    t.add(
        "traject.begeleiding-gestart", "2026-04-01", {"trajectId": "t3", "soort": "Budgetcoaching"}
    )
    t.add("traject.wsnp-verklaring-afgegeven", "2026-05-01", {"trajectId": "t3"})
    t.add("traject.oplossing", "2025-01-01", {"trajectId": "t4", "soort": "Saneringskrediet"})
    t.add(
        "traject.schuldregeling-beeindigd",
        "2026-06-01",
        {"trajectId": "t4", "resultaat": "geslaagd"},
    )
    t.add(
        "traject.schulden-vastgesteld",
        "2026-02-01",
        {"trajectId": "t1", "aantalSchuldeisers": 10, "totaleSchuld": "12000.00"},
    )
    t.add(
        "traject.schulden-vastgesteld",
        "2026-03-01",
        {"trajectId": "t1", "aantalSchuldeisers": 12, "totaleSchuld": "14000.00"},
    )
    t.add(
        "traject.schulden-vastgesteld",
        "2026-03-01",
        {"trajectId": "t2", "aantalSchuldeisers": 6, "totaleSchuld": "3000.00"},
    )

    items = _indicatoren(reporting)

    begeleiding = items["clienten-per-begeleiding"]
    assert begeleiding["waarde"] == 3
    assert begeleiding["uitsplitsingen"][0]["waarden"] == {"Budgetbeheer": 2, "Budgetcoaching": 1}
    assert items["wsnp-verwijzingen"]["waarde"] == 1
    assert items["succes-saneringskrediet"]["waarde"] == 100.0
    # The latest inventory per trajectory: t1 12 creditors / 14000, t2 6 / 3000.
    assert items["schuldeisers-per-traject"]["waarde"] == 9.0
    assert items["gemiddelde-schuld"]["waarde"] == 8500.0


def test_later_signal_statuses_count_as_not_picked_up(reporting: TestClient, feeds: Feeds):
    s = feeds.signals
    s.add(
        "signaal.ontvangen",
        "2026-02-01",
        {"partnerType": "Water", "status": "Nog niet opgepakt"},
        subject_key=SUBJECT_A,
    )
    s.add(
        "signaal.status-gewijzigd",
        "2026-02-03",
        {"status": "Inwoner is overleden"},
        subject_key=SUBJECT_A,
    )

    items = _indicatoren(reporting)

    assert items["signalen-niet-opgepakt"]["uitsplitsingen"][0]["waarden"] == {
        "Inwoner is overleden": 1
    }


def test_programmes_count_unique_residents_plus_registered_counts(
    reporting: TestClient, feeds: Feeds
):
    t = feeds.trajectory
    t.add(
        "traject.geopend",
        "2026-02-01",
        {"trajectId": "t1", "doelgroepen": ["jas"]},
        subject_key=SUBJECT_A,
    )
    t.add(
        "traject.geopend",
        "2026-03-01",
        {"trajectId": "t2", "programma": "JAS"},
        subject_key=SUBJECT_B,
    )
    feeds.intake.add(
        "intake.melding.geregistreerd",
        "2026-01-10",
        {"meldingId": "m1", "doelgroepen": ["jas"]},
        subject_key=SUBJECT_A,
    )
    feeds.intake.add(
        "intake.melding.geregistreerd",
        "2026-01-11",
        {"meldingId": "m2", "doelgroepen": ["ggz"]},
        subject_key=SUBJECT_C,
    )
    reporting.post(
        "/v1/activiteiten",
        json={
            "soort": "jas-jongeren",
            "aantal": 2,
            "beginDatum": "2026-05-01",
            "eindDatum": "2026-05-31",
            "bron": "JAS-coördinator",
        },
        headers=auth_header("coordinator"),
    )

    items = _indicatoren(reporting)

    assert items["jongeren-jas"]["waarde"] == 4  # A and B once each, plus 2 registered
    assert items["jongeren-jas"]["streefwaarde"]["minimum"] == 10
    assert items["ggz-pilot"]["waarde"] == 1


def test_support_programmes_and_wsnp_as_trajectory_now_names_them(
    reporting: TestClient, feeds: Feeds
):
    t = feeds.trajectory
    for traject, soort, begeleiding in (
        ("t1", "begeleiding", "Budgetbeheer"),
        ("t2", "begeleiding", "Budgetcoaching"),
        ("t3", "moratorium", None),
    ):
        t.add(
            "traject.voorziening",
            "2026-02-01",
            {"trajectId": traject, "soort": soort, "begeleidingssoort": begeleiding,
             "startdatum": "2026-02-01"},
        )  # fmt: skip
    t.add(
        "traject.programma",
        "2026-03-01",
        {"trajectId": "t1", "programma": "ggz-pilot", "startdatum": "2026-03-01"},
        subject_key=SUBJECT_A,
    )
    t.add(
        "traject.programma",
        "2026-03-02",
        {"trajectId": "t2", "programma": "ondernemers", "startdatum": "2026-03-02"},
        subject_key=SUBJECT_B,
    )
    t.add("traject.wsnp-verklaring", "2026-04-01", {"trajectId": "t3", "datum": "2026-04-01"})

    items = _indicatoren(reporting)

    assert items["clienten-per-begeleiding"]["uitsplitsingen"][0]["waarden"] == {
        "Budgetbeheer": 1,
        "Budgetcoaching": 1,
    }
    assert items["ggz-pilot"]["waarde"] == 1
    assert items["ondernemers-geholpen"]["waarde"] == 1
    assert items["wsnp-verwijzingen"]["waarde"] == 1


def test_a_merged_case_counts_as_the_case_it_was_merged_into(reporting: TestClient, feeds: Feeds):
    s = feeds.signals
    for casus in ("c1", "c2"):
        s.add(
            "signaal.ontvangen",
            "2026-02-01",
            {"partnerType": "Huur", "casusId": casus, "signaaldatum": "2026-02-01"},
            subject_key=SUBJECT_A,
        )
        s.add(
            "casus.contactpoging",
            "2026-02-03",
            {"casusId": casus, "soort": "Huisbezoek", "bereikt": False, "datum": "2026-02-03"},
        )
    s.add("casus.samengevoegd", "2026-02-04", {"casusId": "c2", "inCasusId": "c1"})

    items = _indicatoren(reporting)

    per_casus = items["contactpogingen-per-casus"]
    assert (per_casus["waarde"], per_casus["teller"], per_casus["noemer"]) == (2.0, 2, 1)
