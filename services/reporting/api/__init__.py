"""The reporting API's routers."""

from services.reporting.api import activiteiten, bronnen, feiten, indicatoren

ROUTERS = (
    indicatoren.router,
    feiten.router,
    activiteiten.router,
    bronnen.router,
)
