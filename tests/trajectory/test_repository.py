"""The database's own guard: at most one active trajectory per resident, even under a race."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError

from services.trajectory.models import traject_persoon
from shared.db import unit_of_work
from tests.trajectory.conftest import KEY_A, open_traject


def _persoon(traject_id: str, *, actief: bool) -> dict[str, object]:
    return {
        "traject_id": traject_id,
        "rol": "partner",
        "subject_key": KEY_A,
        "actief": actief,
        "persoon": {"achternaam": "Jansen"},
    }


def test_a_second_active_row_for_a_resident_is_refused_by_the_index(client: TestClient) -> None:
    open_traject(client)  # KEY_A active
    other = open_traject(client, subject_key="c" * 64)
    connect = client.app.state.connect  # type: ignore[attr-defined]
    with pytest.raises(IntegrityError), unit_of_work(connect) as session:
        session.execute(traject_persoon.insert().values(**_persoon(other, actief=True)))


def test_closed_rows_for_the_same_resident_are_allowed(client: TestClient) -> None:
    open_traject(client)
    other = open_traject(client, subject_key="c" * 64)
    connect = client.app.state.connect  # type: ignore[attr-defined]
    with unit_of_work(connect) as session:
        session.execute(traject_persoon.insert().values(**_persoon(other, actief=False)))
