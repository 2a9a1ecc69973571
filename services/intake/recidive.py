"""Recidive: ask trajectory whether the resident had debt help before (a query over HTTP).

The desk must never wait for, or fail on, trajectory: one short attempt, and when it does not
answer the melding is registered with recidive `onbekend`. After trajectory failed to answer it
is not asked again for a pause (INTAKE_BEKENDHEID_PAUZE_SECONDS): while it is down or hanging,
every registration would otherwise wait for a refused connection or the full timeout, and log it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, Request

from services.intake.settings import IntakeSettings
from shared.auth import service_token
from shared.contracts.handoffs import (
    TRAJECTORY_BEKENDHEID_PATH,
    BekendheidAntwoord,
    BekendheidVraag,
)
from shared.contracts.intake_events import Recidive
from shared.problems import DomainError, ServiceUnavailable, UpstreamError
from shared.service_client import ServiceClient

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecidiveUitslag:
    """What trajectory said, as intake stores it."""

    status: Recidive
    laatst_afgesloten_op: date | None = None
    lopend_traject: bool | None = None


ONBEKEND = RecidiveUitslag(status="onbekend")


def beoordeel(antwoord: BekendheidAntwoord, *, op: date, recidive_jaren: int) -> RecidiveUitslag:
    """Recidive when a trajectory closed within `recidive_jaren` before `op` (seed §8.2)."""
    closed = antwoord.laatst_afgesloten_op
    grens = _years_before(op, recidive_jaren)
    status: Recidive = "ja" if closed is not None and grens <= closed <= op else "nee"
    return RecidiveUitslag(
        status=status, laatst_afgesloten_op=closed, lopend_traject=antwoord.lopend
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


class TrajectoryBekendheid:
    """Asks trajectory's `POST /v1/bekendheid` about one person key."""

    def __init__(
        self,
        client: ServiceClient,
        *,
        pauze_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.pauze_seconds = pauze_seconds
        self._clock = clock
        self._niet_vragen_tot = float("-inf")

    async def vraag(self, subject_key: str, *, op: date, recidive_jaren: int) -> RecidiveUitslag:
        if self._clock() < self._niet_vragen_tot:
            return ONBEKEND
        body = BekendheidVraag(subject_key=subject_key)
        try:
            answer = await self.client.post_json(TRAJECTORY_BEKENDHEID_PATH, body)
            antwoord = BekendheidAntwoord.model_validate(answer)
        except (ServiceUnavailable, UpstreamError) as exc:  # down, hanging or failing
            self._niet_vragen_tot = self._clock() + self.pauze_seconds
            logger.warning(
                "recidive unknown: trajectory did not answer (%s); not asked for %.0f s",
                type(exc).__name__,
                self.pauze_seconds,
            )
            return ONBEKEND
        except (DomainError, ValueError) as exc:
            logger.warning("recidive unknown: trajectory's answer was refused (%s)", exc)
            return ONBEKEND
        return beoordeel(antwoord, op=op, recidive_jaren=recidive_jaren)

    async def aclose(self) -> None:
        await self.client.aclose()


def build(
    settings: IntakeSettings,
    transport: httpx.AsyncBaseTransport | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> TrajectoryBekendheid:
    """A client for trajectory with the desk's short timeout and a single attempt."""
    timeout = httpx.Timeout(settings.bekendheid_timeout_seconds)
    client = ServiceClient(
        settings.trajectory_url,
        token_provider=lambda: service_token(settings),
        service="trajectory",
        transport=transport,
        timeout=timeout,
        attempts=1,
    )
    return TrajectoryBekendheid(
        client, pauze_seconds=settings.bekendheid_pauze_seconds, clock=clock
    )


def _of(app: FastAPI) -> TrajectoryBekendheid:
    client: TrajectoryBekendheid | None = getattr(app.state, "trajectory_bekendheid", None)
    if client is None:
        client = build(app.state.settings)
        app.state.trajectory_bekendheid = client
    return client


async def trajectory_bekendheid(request: Request) -> TrajectoryBekendheid:
    """The app's client, made on first use (one connection pool per process)."""
    return _of(request.app)


async def client_job(app: FastAPI, stop: asyncio.Event) -> None:
    """A background job: make the client at start (so the first registration does not pay for
    it) and close it when the app stops."""
    _of(app)
    await stop.wait()
    client: TrajectoryBekendheid | None = getattr(app.state, "trajectory_bekendheid", None)
    if client is not None:
        with contextlib.suppress(Exception):
            await client.aclose()


Bekendheid = Annotated[TrajectoryBekendheid, Depends(trajectory_bekendheid)]
