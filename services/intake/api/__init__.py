"""The intake service's routers."""

from __future__ import annotations

from fastapi import APIRouter

from services.intake.api import gesprekken, koppelingen, meldingen, uitkomsten, verwijspartners

ROUTERS: tuple[APIRouter, ...] = (
    meldingen.router,
    gesprekken.router,
    uitkomsten.router,
    verwijspartners.router,
    koppelingen.router,
)
