"""The reporting API's routers."""

from services.reporting.api import activiteiten, bronnen, feiten, indicatoren, raad

ROUTERS = (
    indicatoren.router,
    feiten.router,
    activiteiten.router,
    bronnen.router,
    raad.router,
)
