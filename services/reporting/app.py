"""The reporting service's ASGI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.reporting.models import metadata, plumbing
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
)


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    return create_service_app(SPEC, settings or ReportingSettings())
