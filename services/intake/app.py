"""The intake service's ASGI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.intake import recidive, termijnbewaking
from services.intake.api import ROUTERS
from services.intake.models import metadata, plumbing
from services.intake.settings import IntakeSettings
from shared.app import ServiceSpec, create_service_app

SPEC = ServiceSpec(
    name="intake",
    title="Balans Intake API",
    description=(
        "De voordeur van schuldhulpverlening: meldingen, crisistriage, het "
        "aanmeldgesprek, MDO, advies en de aanvraag."
    ),
    migrations=Path(__file__).parent / "migrations",
    metadata=metadata,
    plumbing=plumbing,
    routers=ROUTERS,
    background_jobs=(recidive.close_client, termijnbewaking.termijnbewaking),
)


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    return create_service_app(SPEC, settings or IntakeSettings())
