"""The reporting service's ASGI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.reporting.api import ROUTERS
from services.reporting.models import metadata, plumbing
from services.reporting.poller import poll_event_feeds
from services.reporting.settings import ReportingSettings
from shared.app import ServiceSpec, create_service_app

SPEC = ServiceSpec(
    name="reporting",
    title="Balans Rapportage API",
    description=(
        "Indicatoren van het beleidsplan en de Divosa-benchmark, berekend uit anonieme "
        "gebeurtenissen, voor raad en BI-tools."
    ),
    migrations=Path(__file__).parent / "migrations",
    metadata=metadata,
    plumbing=plumbing,
    routers=ROUTERS,
    background_jobs=[poll_event_feeds],
    tags=(
        {"name": "indicatoren", "description": "Policy-plan, Divosa and early-signal indicators."},
        {"name": "feiten", "description": "Anonymous facts for BI tools."},
        {"name": "activiteiten", "description": "Activities outside the case flow, as counts."},
        {"name": "bronnen", "description": "Reading the other services' event feeds."},
        {"name": "raadsrapportages", "description": "The annual council report (HTML)."},
    ),
)


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    return create_service_app(SPEC, settings or ReportingSettings())
