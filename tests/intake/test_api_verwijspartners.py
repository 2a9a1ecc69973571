"""The partner list: seeded by the migration, maintained by coordinators."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from services.intake.app import SPEC
from services.intake.models import verwijspartner
from shared import testing
from shared.db import create_db_engine
from tests.intake.conftest import BI, CONSULENT, COORDINATOR, LOKET, plan, register


def test_migration_seeds_the_partners_of_the_policy_plan(tmp_path: Path) -> None:
    url = testing.migrated_database("intake_seed", tmp_path, SPEC.migrations)
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            names = set(connection.execute(sa.select(verwijspartner.c.naam)).scalars())
    finally:
        engine.dispose()
        testing.drop_scratch_database(url)
    assert names == {"Participe", "Humanitas", "Eigen Haard", "Sociaal team", "Financieel Café"}


def test_coordinator_adds_replaces_and_removes_a_partner(intake) -> None:
    created = intake.post(
        "/v1/verwijspartners",
        json={"naam": "Schuldhulpmaatje", "contact": "info@example.nl"},
        headers=COORDINATOR,
    )
    assert created.status_code == 201
    partner = created.json()
    path = f"/v1/verwijspartners/{partner['id']}"
    assert created.headers["Location"] == path
    assert partner["actief"] is True
    replaced = intake.put(
        path, json={"naam": "SchuldHulpMaatje Amstelveen", "actief": False}, headers=COORDINATOR
    )
    assert replaced.status_code == 200
    assert (replaced.json()["naam"], replaced.json()["actief"]) == (
        "SchuldHulpMaatje Amstelveen",
        False,
    )
    assert intake.get("/v1/verwijspartners?actief=false", headers=LOKET).json()["total"] >= 1
    assert intake.delete(path, headers=COORDINATOR).status_code == 204
    assert intake.get(path, headers=CONSULENT).status_code == 404


def test_duplicate_name_is_a_409(intake) -> None:
    body = {"naam": "Diaconie"}
    assert intake.post("/v1/verwijspartners", json=body, headers=COORDINATOR).status_code == 201
    again = intake.post("/v1/verwijspartners", json={"naam": "diaconie"}, headers=COORDINATOR)
    assert again.status_code == 409


def test_only_coordinators_maintain_the_list(intake) -> None:
    body = {"naam": "Diaconie"}
    for headers in (LOKET, CONSULENT, BI):
        assert intake.post("/v1/verwijspartners", json=body, headers=headers).status_code == 403
    assert intake.get("/v1/verwijspartners", headers=BI).status_code == 403
    assert intake.get("/v1/verwijspartners", headers=LOKET).status_code == 200


def test_invalid_partner_lists_every_field(intake) -> None:
    response = intake.post(
        "/v1/verwijspartners", json={"naam": "", "actief": "ja"}, headers=COORDINATOR
    )
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"naam", "actief"}


def test_partner_someone_was_referred_to_cannot_be_removed(intake, clock) -> None:
    partner = intake.post("/v1/verwijspartners", json={"naam": "Diaconie"}, headers=COORDINATOR)
    partner_id = partner.json()["id"]
    melding = register(intake)
    gesprek = plan(intake, melding["id"])
    clock.set(date(2026, 5, 6))
    intake.patch(
        f"/v1/aanmeldgesprekken/{gesprek['id']}", json={"status": "gehouden"}, headers=CONSULENT
    )
    intake.post(
        f"/v1/meldingen/{melding['id']}/uitkomst",
        json={"soort": "advies", "verwijspartnerIds": [partner_id]},
        headers=CONSULENT,
    )
    response = intake.delete(f"/v1/verwijspartners/{partner_id}", headers=COORDINATOR)
    assert response.status_code == 409
