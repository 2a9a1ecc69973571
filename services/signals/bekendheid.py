"""Is the resident already known? Ask intake and trajectory before outreach (issue 5).

Both services answer `BekendheidAntwoord` for a pseudonymous key (POST, the key in the body).
A resident with an open melding or an active trajectory is not visited: the case ends as
"Inwoner al bekend bij schuldhulpverlening".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from services.signals.settings import SignalsSettings
from shared.auth import service_token
from shared.contracts.handoffs import (
    INTAKE_BEKENDHEID_PATH,
    TRAJECTORY_BEKENDHEID_PATH,
    BekendheidAntwoord,
    BekendheidVraag,
)
from shared.service_client import ServiceClient


@dataclass(frozen=True)
class Bekendheid:
    """What the two services said."""

    intake: BekendheidAntwoord
    trajectory: BekendheidAntwoord

    @property
    def lopend(self) -> bool:
        return self.intake.lopend or self.trajectory.lopend


async def vraag(
    settings: SignalsSettings,
    subject_key: str,
    *,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> Bekendheid:
    """Ask intake and trajectory; a service that cannot answer raises ServiceUnavailable."""
    transports = transports or {}
    body = BekendheidVraag(subject_key=subject_key).model_dump(by_alias=True)
    antwoorden: dict[str, BekendheidAntwoord] = {}
    for naam, url, path in (
        ("intake", settings.intake_url, INTAKE_BEKENDHEID_PATH),
        ("trajectory", settings.trajectory_url, TRAJECTORY_BEKENDHEID_PATH),
    ):
        async with ServiceClient(
            url,
            token_provider=lambda: service_token(settings),
            service=naam,
            transport=transports.get(naam),
        ) as client:
            antwoord = await client.request_json("POST", path, body=body)
        antwoorden[naam] = BekendheidAntwoord.model_validate(antwoord)
    return Bekendheid(intake=antwoorden["intake"], trajectory=antwoorden["trajectory"])
