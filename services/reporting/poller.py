"""The poller: reads each source's event feed from its cursor and projects the events.

A source that is down is logged and noted on its cursor row; the next round tries again from the
same cursor, so it catches up without gaps and (the projection being idempotent) without double
counting. On PostgreSQL the cursor row is locked (`FOR UPDATE SKIP LOCKED`) for the whole read
and projection, so with several replicas one source is polled by one replica at a time. On
SQLite (one process, one writer) the feed is read outside the write transaction, so the write
lock is never held during an HTTP call. A page is projected in a worker thread (500 events take
a good part of a second), so the service's event loop goes on answering meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import Connection

from services.reporting import projectie
from services.reporting.settings import ReportingSettings
from services.reporting.soorten import Bron
from shared.auth import service_token
from shared.db import Connect, unit_of_work
from shared.events import EventPage
from shared.problems import DomainError
from shared.service_client import ServiceClient

logger = logging.getLogger("balans.reporting.poller")

FEED_PATH = "/v1/events"
ClientFactory = Callable[[Bron], ServiceClient]


@dataclass(frozen=True)
class PeilResultaat:
    """What one round of reading one source did."""

    bron: Bron
    gelezen: int
    nieuw: int
    cursor: int
    bijgewerkt: bool
    overgeslagen: bool = False
    fout: str | None = None


async def _fetch(client: ServiceClient, *, after: int, limit: int) -> EventPage:
    document = await client.get_json(FEED_PATH, params={"after": after, "limit": limit})
    return EventPage.model_validate(document)


def _failed(factory: Connect, bron: Bron, *, error: str) -> None:
    logger.warning("event feed of %s could not be read: %s", bron.value, error)
    with unit_of_work(factory) as session:
        projectie.ensure_cursors(session)
        projectie.record_failure(session, bron, error=error)


def _projecteer(session: Connection, bron: Bron, page: EventPage) -> int:
    return projectie.project(session, bron, page.items, next_cursor=page.next_cursor)


def _projecteer_apart(factory: Connect, bron: Bron, page: EventPage) -> int:
    with unit_of_work(factory) as session:
        return _projecteer(session, bron, page)


async def peil_bron(
    factory: Connect,
    client: ServiceClient,
    bron: Bron,
    *,
    page_size: int,
    max_pages: int,
) -> PeilResultaat:
    """Read up to `max_pages` pages of one source's feed and project them."""
    gelezen = nieuw = 0
    cursor = 0
    for _ in range(max_pages):
        try:
            with unit_of_work(factory) as session:
                projectie.ensure_cursors(session)
                postgres = session.dialect.name == "postgresql"
                claimed = projectie.read_cursor(session, bron, claim=postgres)
                if claimed is None:
                    return PeilResultaat(bron, gelezen, nieuw, cursor, False, overgeslagen=True)
                cursor = claimed
                if postgres:
                    page = await _fetch(client, after=cursor, limit=page_size)
                    nieuw += await asyncio.to_thread(_projecteer, session, bron, page)
            if not postgres:
                page = await _fetch(client, after=cursor, limit=page_size)
                nieuw += await asyncio.to_thread(_projecteer_apart, factory, bron, page)
        except (DomainError, httpx.HTTPError, ValidationError) as error:
            message = str(getattr(error, "detail", None) or error)
            _failed(factory, bron, error=message)
            return PeilResultaat(bron, gelezen, nieuw, cursor, False, fout=message)
        gelezen += len(page.items)
        cursor = max(cursor, page.next_cursor)
        if not page.has_more:
            return PeilResultaat(bron, gelezen, nieuw, cursor, True)
    return PeilResultaat(bron, gelezen, nieuw, cursor, False)


def client_factory(app: FastAPI) -> ClientFactory:
    """ServiceClients for the sources; tests put a transport at `app.state.bron_transport`."""
    settings: ReportingSettings = app.state.settings
    urls = {
        Bron.INTAKE: settings.intake_url,
        Bron.SIGNALS: settings.signals_url,
        Bron.TRAJECTORY: settings.trajectory_url,
    }

    def build(bron: Bron) -> ServiceClient:
        transport: httpx.AsyncBaseTransport | None = getattr(app.state, "bron_transport", None)
        return ServiceClient(
            urls[bron],
            token_provider=lambda: service_token(settings),
            service=bron.value,
            transport=transport,
            attempts=2,
        )

    return build


async def peil_bron_van_app(
    app: FastAPI, bron: Bron, *, max_pages: int | None = None
) -> PeilResultaat:
    """One round for one source with the app's settings (the catch-up endpoint and the job)."""
    settings: ReportingSettings = app.state.settings
    async with client_factory(app)(bron) as client:
        return await peil_bron(
            app.state.connect,
            client,
            bron,
            page_size=settings.poll_page_size,
            max_pages=max_pages or settings.poll_max_pages,
        )


async def peil_alle_bronnen(app: FastAPI) -> list[PeilResultaat]:
    """One round over every source; one source's failure does not stop the others."""
    return [await peil_bron_van_app(app, bron) for bron in Bron]


async def poll_event_feeds(app: FastAPI, stop: asyncio.Event) -> None:
    """Background job: poll every source, then wait the interval; until the app stops."""
    settings: ReportingSettings = app.state.settings
    if not settings.run_background_jobs:
        return
    while not stop.is_set():
        try:
            await peil_alle_bronnen(app)
        except Exception:
            # The reporting database itself may be unavailable; the next round tries again.
            logger.exception("polling round failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=settings.poll_interval_seconds)
