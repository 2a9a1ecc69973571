"""HTTP routers of the trajectory service: thin handlers that parse, call one use case, return."""

from __future__ import annotations

from services.trajectory.api import aanvragen, caseload, ddas, geld, ondersteuning, trajecten

ROUTERS = (
    aanvragen.router,
    trajecten.router,
    geld.router,
    ondersteuning.router,
    caseload.router,
    ddas.router,
)
