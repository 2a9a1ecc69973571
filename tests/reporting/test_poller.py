"""Reading the sources' feeds: cursors, idempotent projection, a source down then up."""

from __future__ import annotations

import asyncio
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.reporting import poller, projectie
from services.reporting.models import bron_cursor, feit
from services.reporting.soorten import Bron
from shared.db import unit_of_work
from shared.testing import auth_header
from tests.reporting.feed import SUBJECT_A, SUBJECT_B, Feeds

ADMIN = auth_header("admin")


def _facts(client: TestClient) -> list[Any]:
    app: Any = client.app
    with app.state.connect() as session:
        return session.execute(sa.select(feit).order_by(feit.c.id)).all()


def _cursor(client: TestClient, bron: str) -> int:
    app: Any = client.app
    with app.state.connect() as session:
        return int(
            session.execute(
                sa.select(bron_cursor.c.cursor).where(bron_cursor.c.bron == bron)
            ).scalar_one()
        )


def _seed(feeds: Feeds, n: int = 4) -> None:
    for i in range(n):
        feeds.intake.add(
            "melding.geregistreerd",
            f"2026-03-0{i + 1}",
            {"meldingId": f"m{i}", "kanaal": "balie"},
            subject_key=SUBJECT_A if i % 2 else SUBJECT_B,
        )


def test_catch_up_reads_every_page_and_keeps_the_cursor(reporting: TestClient, feeds: Feeds):
    _seed(feeds, 7)

    response = reporting.post("/v1/bronnen/intake/inhaalacties", headers=ADMIN)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["gelezen"] == 7
    assert body["nieuw"] == 7
    assert body["cursor"] == 7
    assert body["bijgewerkt"] is True
    assert body["stand"]["gelezenTot"].startswith("2026-03-07")
    assert _cursor(reporting, "intake") == 7
    assert feeds.intake.requests == 3  # pages of 3: 3 + 3 + 1


def test_a_second_catch_up_starts_at_the_stored_cursor(reporting: TestClient, feeds: Feeds):
    _seed(feeds, 2)
    reporting.post("/v1/bronnen/intake/inhaalacties", headers=ADMIN)
    feeds.intake.add("melding.geregistreerd", "2026-03-09", {"meldingId": "new"})

    body = reporting.post("/v1/bronnen/intake/inhaalacties", headers=ADMIN).json()

    assert (body["gelezen"], body["nieuw"], body["cursor"]) == (1, 1, 3)
    assert len(_facts(reporting)) == 3


def test_the_same_event_projected_twice_is_stored_once(reporting: TestClient, feeds: Feeds):
    event = feeds.intake.add("melding.geregistreerd", "2026-03-01", {"meldingId": "m1"})
    app: Any = reporting.app

    with unit_of_work(app.state.connect) as session:
        projectie.ensure_cursors(session)
        first = projectie.project(session, Bron.INTAKE, [event], next_cursor=1)
    with unit_of_work(app.state.connect) as session:
        second = projectie.project(session, Bron.INTAKE, [event, event], next_cursor=1)

    assert (first, second) == (1, 0)
    assert len(_facts(reporting)) == 1


def test_a_cursor_never_moves_backwards(reporting: TestClient, feeds: Feeds):
    _seed(feeds, 4)
    reporting.post("/v1/bronnen/intake/inhaalacties", headers=ADMIN)
    app: Any = reporting.app

    with unit_of_work(app.state.connect) as session:
        projectie.project(session, Bron.INTAKE, feeds.intake.events[:1], next_cursor=1)

    assert _cursor(reporting, "intake") == 4


def test_a_source_that_is_down_is_caught_up_later_without_double_counting(
    reporting: TestClient, feeds: Feeds
):
    _seed(feeds, 4)
    reporting.post("/v1/bronnen/intake/inhaalacties", headers=ADMIN)
    feeds.intake.down = True
    feeds.intake.add("melding.geregistreerd", "2026-03-10", {"meldingId": "while-down"})

    refused = reporting.post("/v1/bronnen/intake/inhaalacties", headers=ADMIN)
    stand = reporting.get("/v1/bronnen", headers=ADMIN).json()

    assert refused.status_code == 503
    assert refused.headers["content-type"].startswith("application/problem+json")
    intake = next(s for s in stand if s["bron"] == "intake")
    assert intake["fouten"] == 1
    assert "niet bereikbaar" in intake["laatsteFout"]
    assert intake["cursor"] == 4

    feeds.intake.down = False
    body = reporting.post("/v1/bronnen/intake/inhaalacties", headers=ADMIN).json()

    assert (body["gelezen"], body["nieuw"], body["cursor"]) == (1, 1, 5)
    assert body["stand"]["fouten"] == 0
    assert body["stand"]["laatsteFout"] is None
    assert len(_facts(reporting)) == 5


def test_one_source_down_does_not_stop_the_others(reporting: TestClient, feeds: Feeds):
    feeds.signals.down = True
    feeds.intake.add("melding.geregistreerd", "2026-03-01", {"meldingId": "m1"})
    feeds.trajectory.add("traject.gestart", "2026-03-02", {"trajectId": "t1"})

    results = asyncio.run(poller.peil_alle_bronnen(reporting.app))  # type: ignore[arg-type]

    by_bron = {r.bron: r for r in results}
    assert by_bron[Bron.SIGNALS].fout is not None
    assert by_bron[Bron.INTAKE].nieuw == 1
    assert by_bron[Bron.TRAJECTORY].nieuw == 1


def test_a_feed_answering_garbage_is_a_failure_not_a_crash(reporting: TestClient, feeds: Feeds):
    import httpx

    app: Any = reporting.app
    app.state.bron_transport = httpx.MockTransport(lambda r: httpx.Response(200, json={"x": 1}))

    response = reporting.post("/v1/bronnen/trajectory/inhaalacties", headers=ADMIN)

    assert response.status_code == 503
    assert _cursor(reporting, "trajectory") == 0


def test_catch_up_is_for_admins_only(reporting: TestClient):
    for role in ("bi", "kwaliteit", "coordinator", "service"):
        response = reporting.post("/v1/bronnen/intake/inhaalacties", headers=auth_header(role))
        assert response.status_code == 403, role
    assert reporting.post("/v1/bronnen/intake/inhaalacties").status_code == 401


def test_an_unknown_source_is_a_400(reporting: TestClient):
    response = reporting.post("/v1/bronnen/elders/inhaalacties", headers=ADMIN)

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "bron"


def test_unknown_event_types_are_kept_as_generic_facts(reporting: TestClient, feeds: Feeds):
    feeds.signals.add("batch.verwerkt", "2026-03-01", {"aantal": 3})

    reporting.post("/v1/bronnen/signals/inhaalacties", headers=ADMIN)

    rows = _facts(reporting)
    assert [(r.type, r.soort) for r in rows] == [("batch.verwerkt", None)]


def test_stored_facts_are_derived_again_when_the_mapping_learns_a_type(
    reporting: TestClient, feeds: Feeds, monkeypatch
):
    from services.reporting import soorten

    feeds.trajectory.add(
        "traject.begeleiding-beeindigd", "2026-03-01", {"trajectId": "t1", "soort": "Budgetbeheer"}
    )
    feeds.trajectory.add("traject.geopend", "2026-03-02", {"trajectId": "t2"})
    reporting.post("/v1/bronnen/trajectory/inhaalacties", headers=ADMIN)
    assert [r.soort for r in _facts(reporting)] == [None, "traject_gestart"]
    learned = {**soorten.EXACTE_TYPES[Bron.TRAJECTORY]}
    learned["traject.begeleiding-beeindigd"] = soorten.FeitSoort.BEGELEIDING_GESTART
    monkeypatch.setitem(soorten.EXACTE_TYPES, Bron.TRAJECTORY, learned)

    first = reporting.post("/v1/herafleidingen", headers=ADMIN)
    second = reporting.post("/v1/herafleidingen", headers=ADMIN)

    assert (first.status_code, first.json()) == (200, {"gewijzigd": 1})
    assert second.json() == {"gewijzigd": 0}
    rows = _facts(reporting)
    assert [(r.soort, r.resultaat) for r in rows] == [
        ("begeleiding_gestart", "Budgetbeheer"),
        ("traject_gestart", None),
    ]


def test_deriving_again_is_for_admins_only(reporting: TestClient):
    assert reporting.post("/v1/herafleidingen", headers=auth_header("bi")).status_code == 403
