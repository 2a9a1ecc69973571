"""The aggregated path (day counts, first facts per case, grouped queries) gives exactly what the
detailed path (every fact in memory) gives, on generated traffic; the aggregates the projection
keeps equal those derived again from the facts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.reporting import aggregaten, projectie, service
from services.reporting.indicatoren import catalogus, geaggregeerd_catalogus
from services.reporting.indicatoren.context import Periode
from services.reporting.indicatoren.geaggregeerd_catalogus import bereken_verdeeld
from services.reporting.models import feit, feit_dag, inwoner, zaak
from shared.db import read_only_snapshot, unit_of_work
from tests.reporting import verkeer

PERIODES = [
    Periode(date(2024, 1, 1), date(2025, 1, 1), "jaar"),
    Periode(date(2025, 1, 1), date(2026, 1, 1), "jaar"),
    Periode(date(2024, 4, 1), date(2024, 7, 1), "kwartaal"),
    Periode(date(2025, 2, 1), date(2025, 3, 1), "maand"),
    Periode(date(2024, 11, 15), date(2025, 2, 10), "bereik"),
    Periode(date(2030, 1, 1), date(2031, 1, 1), "jaar"),  # nothing yet
]


def _project(client: TestClient, *, meldingen: int, signaal_events: int, seed: int) -> int:
    """Generated traffic projected page by page as the poller does; every fifth page twice."""
    app: Any = client.app
    gebeurtenissen = verkeer.genereer(
        meldingen=meldingen,
        signaal_events=signaal_events,
        begin=date(2024, 1, 1),
        jaren=2,
        seed=seed,
    )
    nieuw = 0
    for n, (bron, stuk) in enumerate(verkeer.in_stukken(gebeurtenissen, grootte=150)):
        for _ in range(2 if n % 5 == 0 else 1):
            with unit_of_work(app.state.connect) as session:
                nieuw += projectie.project(session, bron, stuk, next_cursor=stuk[-1].cursor)
    return nieuw


def _beide(client: TestClient, periode: Periode) -> tuple[list[Any], list[Any]]:
    app: Any = client.app
    with app.state.connect() as session:
        b = service.bevraging(session, policy=app.state.policy, periode=periode)
        snel = geaggregeerd_catalogus.bereken_alle(b)
        ctx = service.context_voor(session, policy=app.state.policy, periode=periode)
        detail = catalogus.bereken_alle(ctx)
    return (
        [service.indicator_read(r).model_dump() for r in snel],
        [service.indicator_read(r).model_dump() for r in detail],
    )


def _verdeeld(client: TestClient, periode: Periode, threads: int) -> list[Any]:
    """The aggregated path spread over threads, each a reader of one snapshot (as the API)."""
    app: Any = client.app
    with read_only_snapshot(app.state.connect, threads) as sessions:
        b = service.bevragingen(sessions, policy=app.state.policy, periode=periode)
        return [service.indicator_read(r).model_dump() for r in bereken_verdeeld(b)]


@pytest.mark.parametrize("seed", [1, 2])
def test_aggregated_and_detailed_paths_agree_on_generated_traffic(reporting: TestClient, seed: int):
    assert _project(reporting, meldingen=400, signaal_events=3000, seed=seed) > 0

    for periode in PERIODES:
        snel, detail = _beide(reporting, periode)
        verschillen = [(s["code"], s, d) for s, d in zip(snel, detail, strict=True) if s != d]
        assert verschillen == [], (periode, verschillen[:3])
        # Spread over threads: the same values, in the same (catalogue) order.
        assert _verdeeld(reporting, periode, 3) == snel, periode


def test_generated_traffic_reaches_every_indicator(reporting: TestClient):
    """So the agreement above is not the agreement of empty values."""
    _project(reporting, meldingen=400, signaal_events=3000, seed=1)

    snel, _ = _beide(reporting, PERIODES[1])

    zonder = {i["code"] for i in snel if i["waarde"] in (None, 0)}
    # Staff-registered counts only: no activities are registered in this test.
    assert zonder == {
        "jongeren-bereikt-preventie", "moneyways-klassen", "bewind-convenanten",
        "online-schuldencoach", "stoppen-met-roken", "cursus-deelnemers", "formatie-fte",
        "caseload-per-fte",
    }  # fmt: skip


def _inhoud(session: Any) -> tuple[list[Any], ...]:
    return tuple(
        [tuple(r) for r in session.execute(sa.select(t).order_by(*t.primary_key.columns)).all()]
        for t in (feit_dag, zaak, inwoner)
    )


def test_aggregates_kept_by_the_projection_equal_those_derived_again(reporting: TestClient):
    _project(reporting, meldingen=150, signaal_events=1000, seed=3)
    app: Any = reporting.app

    with unit_of_work(app.state.connect) as session:
        bijgehouden = _inhoud(session)
        aggregaten.herbouw(session)
        opnieuw = _inhoud(session)
        totaal = session.execute(
            sa.select(sa.func.count()).select_from(feit).where(feit.c.soort.is_not(None))
        ).scalar_one()

    assert bijgehouden == opnieuw
    assert len(bijgehouden[2]) > 100  # residents too
    assert sum(r[-1] for r in bijgehouden[0]) == totaal  # every fact counted once


def test_an_earlier_fact_arriving_later_becomes_the_cases_first(reporting: TestClient):
    app: Any = reporting.app
    feeds = verkeer.als_events(
        iter(
            [
                verkeer.Gebeurtenis(
                    verkeer.Bron.INTAKE, "intake.aanmeldgesprek.gehouden", day, payload, "a" * 64
                )
                for day, payload in (
                    (date(2025, 3, 10), {"meldingId": "m1", "gespreksdatum": "2025-03-10"}),
                    (date(2025, 3, 2), {"meldingId": "m1", "gespreksdatum": "2025-03-02"}),
                )
            ]
        )
    )
    events = feeds[verkeer.Bron.INTAKE]
    for event in events:  # one page each: the earlier conversation is projected second
        with unit_of_work(app.state.connect) as session:
            projectie.project(session, verkeer.Bron.INTAKE, [event], next_cursor=event.cursor)

    with app.state.connect() as session:
        rows = session.execute(
            sa.select(zaak.c.eerste_gesprek_datum, zaak.c.eerste_gesprek_id, zaak.c.melding_datum)
        ).all()
    assert [(r.eerste_gesprek_datum, r.melding_datum) for r in rows] == [(date(2025, 3, 2), None)]
    assert rows[0].eerste_gesprek_id == 2  # the second fact stored
