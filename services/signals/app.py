"""The signals service's ASGI app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from services.signals import batches, bewaring, terugmelding
from services.signals.api import batches as batches_api
from services.signals.api import (
    beoordelingen,
    casussen,
    ddas,
    signalen,
)
from services.signals.api import (
    terugmelding as terugmelding_api,
)
from services.signals.models import metadata, plumbing
from services.signals.settings import SignalsSettings
from shared.app import ServiceSpec, create_service_app

SPEC = ServiceSpec(
    name="signals",
    title="Balans Vroegsignalering API",
    description=(
        "Vroegsignalen van schuldeisers: aanleveren, valideren, bundelen tot een casus, "
        "huisbezoek, terugkoppeling en bewaartermijnen."
    ),
    migrations=Path(__file__).parent / "migrations",
    metadata=metadata,
    plumbing=plumbing,
    own_body_limit_paths=(batches_api.BATCHES_PATH,),
    routers=[
        signalen.router,
        batches_api.router,
        casussen.router,
        beoordelingen.router,
        ddas.router,
        terugmelding_api.router,
    ],
    background_jobs=[batches.batch_worker, bewaring.bewaar_job, terugmelding.terugkoppel_job],
)


def create_app(settings: SignalsSettings | None = None) -> FastAPI:
    return create_service_app(SPEC, settings or SignalsSettings())
