"""The intake service's ASGI app."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import FastAPI

from services.intake import recidive, termijnbewaking
from services.intake.api import ROUTERS
from services.intake.models import metadata, plumbing
from services.intake.settings import IntakeSettings
from shared import types
from shared.app import ServiceSpec, create_service_app
from shared.calendar import public_non_working_days


async def kalender_laden(app: FastAPI, stop: asyncio.Event) -> None:
    """Load this year's and next year's holidays at start: the first registration would
    otherwise load the holiday library (about 0.4 s) while others queue behind it."""
    year = types.today().year
    for jaar in (year, year + 1):
        public_non_working_days(jaar)


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
    background_jobs=(recidive.client_job, kalender_laden, termijnbewaking.termijnbewaking),
)


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    return create_service_app(SPEC, settings or IntakeSettings())
