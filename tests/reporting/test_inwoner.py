"""The per-resident row (`inwoner`) the projection keeps: first signal, first contact, first and
last request for help and exit; idempotent, derived again by POST /v1/herafleidingen, and the
per-resident indicators from it equal the detailed path's, also for facts without a key."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.reporting import aggregaten, projectie, service, soorten
from services.reporting.indicatoren import catalogus, geaggregeerd_catalogus
from services.reporting.indicatoren.context import Periode
from services.reporting.models import inwoner
from shared.db import unit_of_work
from shared.testing import auth_header
from tests.reporting import verkeer
from tests.reporting.verkeer import Bron, Gebeurtenis

A, B = "a" * 64, "b" * 64
JAAR = Periode(date(2025, 1, 1), date(2026, 1, 1), "jaar")
PER_INWONER = ("contact-signalen", "signalen-unieke-inwoners", "conversie-naar-schuldhulp")


def _signaal(dag: date, subject: str | None, casus: str, partner: str) -> Gebeurtenis:
    payload = {
        "signaalId": f"s-{casus}-{dag}",
        "partnerType": partner,
        "casusId": casus,
        "signaaldatum": str(dag),
        "status": "Nog niet opgepakt",
        "bedrag": "100.00",
    }
    return Gebeurtenis(Bron.SIGNALS, "signaal.ontvangen", dag, payload, subject)


def _poging(dag: date, subject: str | None, casus: str, *, bereikt: bool) -> Gebeurtenis:
    payload = {"casusId": casus, "soort": "Telefonisch", "bereikt": bereikt, "datum": str(dag)}
    return Gebeurtenis(Bron.SIGNALS, "casus.contactpoging", dag, payload, subject)


def _traject(dag: date, subject: str | None, traject: str) -> Gebeurtenis:
    payload = {"trajectId": traject, "aanvraagdatum": str(dag)}
    return Gebeurtenis(Bron.TRAJECTORY, "traject.geopend", dag, payload, subject)


def _project(client: TestClient, gebeurtenissen: list[Gebeurtenis], *, keer: int = 1) -> int:
    app: Any = client.app
    nieuw = 0
    for _ in range(keer):
        for bron, events in verkeer.als_events(iter(gebeurtenissen)).items():
            if events:
                with unit_of_work(app.state.connect) as session:
                    nieuw += projectie.project(session, bron, events, next_cursor=events[-1].cursor)
    return nieuw


def _rijen(client: TestClient) -> list[dict[str, Any]]:
    app: Any = client.app
    with app.state.connect() as session:
        rows = session.execute(sa.select(inwoner).order_by(inwoner.c.subject_key)).all()
    return [dict(r._mapping) for r in rows]


def _beide(client: TestClient, periode: Periode) -> tuple[list[Any], list[Any]]:
    app: Any = client.app
    with app.state.connect() as session:
        b = service.bevraging(session, policy=app.state.policy, periode=periode)
        snel = geaggregeerd_catalogus.bereken_alle(b, list(PER_INWONER))
        ctx = service.context_voor(session, policy=app.state.policy, periode=periode)
        detail = catalogus.bereken_alle(ctx, list(PER_INWONER))
    return (
        [service.indicator_read(r).model_dump() for r in snel],
        [service.indicator_read(r).model_dump() for r in detail],
    )


VERKEER = [
    _signaal(date(2024, 6, 1), A, "c1", "Zorg"),
    _signaal(date(2025, 3, 1), A, "c2", "Huur"),
    _signaal(date(2025, 2, 1), A, "c3", "Energie"),  # arrives later, is earlier
    _poging(date(2025, 4, 1), A, "c2", bereikt=False),
    _poging(date(2025, 5, 1), A, "c2", bereikt=True),
    _traject(date(2024, 1, 10), A, "t1"),
    _traject(date(2026, 2, 1), A, "t2"),
    _signaal(date(2025, 7, 1), B, "c4", "Zorg"),
]


def test_the_resident_row_holds_first_and_last_dates_and_a_repeat_changes_nothing(
    reporting: TestClient,
):
    assert _project(reporting, VERKEER) == len(VERKEER)
    eerst = _rijen(reporting)

    assert _project(reporting, VERKEER, keer=2) == 0  # every event applied again, twice

    assert _rijen(reporting) == eerst
    a = eerst[0]
    assert (a["subject_key"], a["signaal_datum"], a["signaal_laatste"]) == (
        A, date(2024, 6, 1), date(2025, 3, 1)
    )  # fmt: skip
    assert a["signaal_partner_type"] == "Zorg"
    assert a["bereikt_datum"] == date(2025, 5, 1)
    assert (a["traject_gestart_datum"], a["traject_gestart_laatste"]) == (
        date(2024, 1, 10), date(2026, 2, 1)
    )  # fmt: skip
    assert a["aanvraag_datum"] is None
    assert a["uitstroom_datum"] is None
    assert [r["subject_key"] for r in eerst] == [A, B]


def test_residents_whose_first_signal_is_before_the_period_count_with_their_first_in_it(
    reporting: TestClient,
):
    """A's first signal ever (2024) is before the year: its first in 2025 (February, the
    energy company) counts, and help neither before it nor after the year's end does."""
    _project(reporting, VERKEER)

    snel, detail = _beide(reporting, JAAR)

    assert snel == detail
    waarden = {i["code"]: i for i in snel}
    unieke = {
        u["dimensie"]: u["waarden"] for u in waarden["signalen-unieke-inwoners"]["uitsplitsingen"]
    }
    assert unieke["partnertype"] == {"Energie": 1.0, "Zorg": 1.0}
    assert (waarden["contact-signalen"]["teller"], waarden["contact-signalen"]["noemer"]) == (1, 2)
    assert waarden["conversie-naar-schuldhulp"]["teller"] == 0


def test_facts_without_a_key_of_their_own_count_for_their_cases_resident(reporting: TestClient):
    _project(
        reporting,
        [
            _signaal(date(2025, 3, 1), A, "c1", "Zorg"),
            _signaal(date(2025, 2, 1), None, "c1", "Water"),  # A's, through the case
            _poging(date(2025, 4, 1), None, "c1", bereikt=True),
            _signaal(date(2025, 5, 1), B, "c2", "Zorg"),
        ],
    )

    snel, detail = _beide(reporting, JAAR)

    assert snel == detail
    unieke = snel[1]["uitsplitsingen"][0]["waarden"]
    assert unieke == {"Water": 1.0, "Zorg": 1.0}
    assert (snel[0]["teller"], snel[0]["noemer"]) == (1, 2)


def test_deriving_again_rebuilds_the_resident_rows(reporting: TestClient, monkeypatch):
    """A type the mapping did not know becomes a signal: POST /v1/herafleidingen gives the rows
    the projection would have kept, and the indicators count it."""
    onbekend = Gebeurtenis(
        Bron.SIGNALS, "vroegsignaal.binnen", date(2025, 1, 5),
        {"partnerType": "Water", "casusId": "c9"}, B,
    )  # fmt: skip
    _project(reporting, [*VERKEER, onbekend])
    geleerd = {
        **soorten.EXACTE_TYPES[Bron.SIGNALS],
        "vroegsignaal.binnen": soorten.FeitSoort.SIGNAAL,
    }
    monkeypatch.setitem(soorten.EXACTE_TYPES, Bron.SIGNALS, geleerd)

    response = reporting.post("/v1/herafleidingen", headers=auth_header("admin"))

    assert response.json() == {"gewijzigd": 1}
    rijen = _rijen(reporting)
    assert (rijen[1]["signaal_datum"], rijen[1]["signaal_partner_type"]) == (
        date(2025, 1, 5), "Water"
    )  # fmt: skip
    app: Any = reporting.app
    with unit_of_work(app.state.connect) as session:
        aggregaten.herbouw(session, delen=("inwoner",))
    assert _rijen(reporting) == rijen
    snel, detail = _beide(reporting, JAAR)
    assert snel == detail


def _uitstroom(dag: date, subject: str | None, traject: str) -> Gebeurtenis:
    payload = {"trajectId": traject, "reden": "Afgerond", "datum": str(dag)}
    return Gebeurtenis(Bron.TRAJECTORY, "traject.uitstroom", dag, payload, subject)


def test_recidive_from_the_resident_rows_and_from_keyless_exits(reporting: TestClient):
    c = "c" * 64
    _project(
        reporting,
        [
            _traject(date(2021, 1, 10), A, "t1"),
            _uitstroom(date(2021, 6, 1), A, "t1"),
            _traject(date(2025, 2, 1), A, "t2"),
            _traject(date(2023, 1, 5), B, "t3"),
            _uitstroom(date(2024, 1, 1), None, "t3"),  # B's, through the trajectory
            _traject(date(2025, 3, 1), B, "t4"),
            _traject(date(2025, 4, 1), c, "t5"),
            _uitstroom(date(2025, 9, 1), c, "t5"),  # after C's start: no return
        ],
    )
    app: Any = reporting.app
    with app.state.connect() as session:
        b = service.bevraging(session, policy=app.state.policy, periode=JAAR)
        snel = geaggregeerd_catalogus.bereken_alle(b, ["recidive-5-jaar"])[0].uitkomst
        ctx = service.context_voor(session, policy=app.state.policy, periode=JAAR)
        detail = catalogus.bereken_alle(ctx, ["recidive-5-jaar"])[0].uitkomst

    assert snel == detail
    assert (snel.teller, snel.noemer) == (2, 3)
