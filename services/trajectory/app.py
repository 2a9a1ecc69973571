"""The trajectory service's ASGI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.trajectory.api import ROUTERS
from services.trajectory.models import metadata, plumbing
from services.trajectory.settings import TrajectorySettings
from services.trajectory.termijnbewaking import termijnbewaking_job
from shared.app import ServiceSpec, create_service_app

SPEC = ServiceSpec(
    name="trajectory",
    title="Balans Schuldhulptraject API",
    description=(
        "Het schuldhulptraject van aanvraag tot nazorg: beschikking, stabilisatie, "
        "schuldregeling, afloscapaciteit en caseload."
    ),
    migrations=Path(__file__).parent / "migrations",
    metadata=metadata,
    plumbing=plumbing,
    routers=ROUTERS,
    background_jobs=(termijnbewaking_job,),
)


def create_app(settings: TrajectorySettings | None = None) -> FastAPI:
    return create_service_app(SPEC, settings or TrajectorySettings())
