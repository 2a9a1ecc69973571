"""Retention: personal data of signals that led to no help are erased; counts remain."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.signals.bewaring import maanden_terug, wis_verlopen
from services.signals.models import bewaar_verwijdering, signaal
from shared.db import unit_of_work
from tests.signals.helpers import BSN_B, creditor, staff
from tests.signals.helpers import signaal as signaal_body
from tests.signals.standins import bekendheid_app, transports

COORDINATOR = staff("coordinator")
TOEWIJZING = {"consulent1": "a", "consulent2": "b", "geplandeDatum": "2026-12-01"}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    import services.signals.api.casussen as api

    monkeypatch.setattr(api, "today", lambda: date(2026, 11, 28))


def test_months_back_keeps_the_day_or_takes_the_month_end() -> None:
    assert maanden_terug(date(2026, 11, 28), 12) == date(2025, 11, 28)
    assert maanden_terug(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert maanden_terug(date(2026, 1, 15), 13) == date(2024, 12, 15)


def close(client: TestClient, partner_type: str, resultaat: str, **body: Any) -> None:
    case = client.get(f"/v1/casussen?partnerType={partner_type}", headers=COORDINATOR).json()
    case_id = case["items"][0]["id"]
    client.post(f"/v1/casussen/{case_id}/toewijzingen", json=TOEWIJZING, headers=COORDINATOR)
    closing = {"resultaat": resultaat, **body}
    response = client.post(
        f"/v1/casussen/{case_id}/afsluitingen", json=closing, headers=COORDINATOR
    )
    assert response.status_code == 201, response.text


def run(client: TestClient, peildatum: date) -> tuple[int, int]:
    app: Any = client.app
    with unit_of_work(app.state.connect) as session:
        return wis_verlopen(
            session, app.state.plumbing, policy=app.state.policy, peildatum=peildatum
        )


def test_no_help_cases_are_erased_after_twelve_months_help_cases_are_kept(client_for) -> None:
    client: TestClient = client_for("signals")
    app: Any = client.app
    app.state.bekendheid_transports = transports(bekendheid_app(), bekendheid_app())
    client.post("/v1/signalen", json=signaal_body(), headers=creditor())
    water = creditor("waternet", "Water")
    helped = signaal_body(partnerId="W-1", bsn=BSN_B, achternaam="Bakker", huisnummer=5)
    client.post("/v1/signalen", json=helped, headers=water)
    close(client, "Huur", "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering")
    close(client, "Water", "Vervolghulp en/of verwijzing financieel", toestemming=True)

    assert run(client, date(2027, 11, 27)) == (0, 0)  # one day short of twelve months
    assert run(client, date(2027, 11, 28)) == (1, 1)
    assert run(client, date(2027, 11, 29)) == (0, 0)  # nothing twice

    with app.state.engine.connect() as connection:
        rows = {r.partner_id: r for r in connection.execute(sa.select(signaal))}
        record = connection.execute(sa.select(bewaar_verwijdering)).one()
    erased = rows["EH-1"]
    assert erased.bsn is None
    assert erased.achternaam is None
    assert erased.postcode is None
    assert erased.gewist_at is not None
    assert erased.bedrag is not None
    assert erased.subject_key
    assert rows["W-1"].achternaam == "Bakker"
    assert (record.aantal_signalen, record.aantal_casussen) == (1, 1)
    assert record.details["signalen"] == [erased.id]
    events = client.get("/v1/events?limit=1000", headers=staff("bi")).json()["items"]
    gewist = [e for e in events if e["type"] == "signalen.gewist"]
    assert gewist[0]["payload"]["aantalSignalen"] == 1


def test_signal_not_picked_up_is_erased_after_the_period(client_for) -> None:
    client: TestClient = client_for("signals")
    energie = creditor("vattenfall", "Energie")
    client.post("/v1/signalen", json=signaal_body(bedrag="20"), headers=energie)
    assert run(client, date(2027, 10, 31)) == (1, 0)
