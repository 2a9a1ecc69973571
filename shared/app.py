"""The app factory: every service is `create_service_app(spec, settings)` plus its own routers.

It wires the cross-cutting pieces once: settings, database and migrations, authentication,
problem responses, API-Version, trace context, metrics, health, the event feed, the processing
log, the outbox relay and the OpenAPI document at `/v1/openapi.json`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import MetaData
from sqlalchemy.exc import DataError, DBAPIError

from shared import events, idempotency, observability, processing_log
from shared.auth import TokenVerifier, service_token
from shared.bodylimit import BodyLimitMiddleware
from shared.db import (
    create_db_engine,
    database_reachable,
    database_unavailable,
    unit_of_work,
)
from shared.migrations import is_at_head, upgrade_to_head
from shared.openapi import API_PREFIX, build_openapi
from shared.outbox import OutboxRelay, backlog
from shared.plumbing import PlumbingTables
from shared.policy import load_policy
from shared.problems import (
    DomainError,
    InvalidInput,
    ServiceUnavailable,
    install_problem_handlers,
    problem_response,
)
from shared.ratelimit import RateLimiter
from shared.settings import ServiceSettings

IDEMPOTENCY_PURGE_INTERVAL_S = 3600.0

BackgroundJob = Callable[[FastAPI, asyncio.Event], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class ServiceSpec:
    """What makes one service itself; everything else comes from the factory."""

    name: str
    title: str
    description: str
    migrations: Path
    metadata: MetaData
    plumbing: PlumbingTables
    routers: Sequence[APIRouter] = ()
    background_jobs: Sequence[BackgroundJob] = ()
    version: str = "1.0.0"
    tags: Sequence[dict[str, str]] = field(default_factory=tuple)
    # Paths whose endpoints take large bodies and enforce their own cap (shared/bodylimit.py).
    own_body_limit_paths: Sequence[str] = ()


def create_service_app(spec: ServiceSpec, settings: ServiceSettings) -> FastAPI:
    """Build one service's ASGI app; the database is migrated when the app starts."""
    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version=spec.version,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        redirect_slashes=False,
        openapi_tags=list(spec.tags) or None,
        lifespan=_lifespan(spec),
    )
    engine = create_db_engine(
        settings.resolved_database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
        pool_recycle=settings.db_pool_recycle_seconds,
    )
    app.state.settings = settings
    app.state.spec = spec
    app.state.engine = engine
    app.state.connect = engine.connect
    app.state.plumbing = spec.plumbing
    app.state.policy = load_policy(settings.policy_file)
    app.state.token_verifier = TokenVerifier(settings)
    app.state.rate_limiter = RateLimiter(settings)
    app.state.metrics = observability.Metrics(spec.name)

    install_problem_handlers(app)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        own_limit_paths=spec.own_body_limit_paths,
    )
    app.add_middleware(  # added last, so outermost: its headers go on the 413 too
        observability.RequestContextMiddleware,
        api_version=spec.version,
        metrics=app.state.metrics,
    )
    for router in (
        *spec.routers,
        events.event_feed_router(),
        processing_log.processing_log_router(),
    ):
        app.include_router(router)
    app.include_router(_operations_router(spec))
    app.openapi = lambda: build_openapi(app, public_url=settings.resolved_public_url)  # type: ignore[method-assign]
    _register_gauges(app)
    return app


def _lifespan(
    spec: ServiceSpec,
) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings: ServiceSettings = app.state.settings
        observability.configure_logging(service=spec.name, level=settings.log_level)
        upgrade_to_head(settings.resolved_database_url, spec.migrations)
        stop = asyncio.Event()
        jobs: list[BackgroundJob] = list(spec.background_jobs)
        if settings.run_background_jobs:
            jobs[:0] = [_run_outbox_relay, _purge_idempotency_keys]
        tasks = [
            asyncio.create_task(job(app, stop), name=getattr(job, "__name__", "job"))
            for job in jobs
        ]
        _freeze_startup_objects()
        try:
            yield
        finally:
            stop.set()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                    await asyncio.wait_for(task, timeout=5)
            app.state.engine.dispose()

    return lifespan


_startup_frozen = False


def _freeze_startup_objects() -> None:
    """What start-up built (routes, models, policy) lives as long as the process: move it out of
    the collector's sight once, so full collections under load stay short (docs/benchmarks.md).
    Once per process: a test run that builds many apps freezes only the first."""
    global _startup_frozen
    if not _startup_frozen:
        _startup_frozen = True
        gc.collect()
        gc.freeze()


def outbox_relay(app: FastAPI) -> OutboxRelay:
    """The app's relay, built on first use (tests drive it by hand)."""
    relay: OutboxRelay | None = getattr(app.state, "outbox_relay", None)
    if relay is None:
        settings: ServiceSettings = app.state.settings
        relay = OutboxRelay(
            connect=app.state.connect,
            tables=app.state.plumbing,
            destinations={
                "intake": settings.intake_url,
                "signals": settings.signals_url,
                "trajectory": settings.trajectory_url,
                "reporting": settings.reporting_url,
            },
            token_provider=lambda: service_token(settings),
        )
        app.state.outbox_relay = relay
    return relay


async def _run_outbox_relay(app: FastAPI, stop: asyncio.Event) -> None:
    settings: ServiceSettings = app.state.settings
    await outbox_relay(app).run_forever(interval=settings.outbox_interval_seconds, stop=stop)


async def _purge_idempotency_keys(app: FastAPI, stop: asyncio.Event) -> None:
    """Idempotency keys are kept 24 hours; an hourly sweep removes the expired ones."""
    while not stop.is_set():
        try:
            with unit_of_work(app.state.connect) as session:
                idempotency.purge_expired(session, app.state.plumbing)
        except DBAPIError:
            logging.getLogger("balans.idempotency").warning("purge failed", exc_info=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=IDEMPOTENCY_PURGE_INTERVAL_S)


def _operations_router(spec: ServiceSpec) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "up"}

    @router.get("/health/ready")
    async def ready(request: Request) -> Response:
        engine = request.app.state.engine
        if not database_reachable(engine):
            problem = ServiceUnavailable("De database is niet bereikbaar.")
            return problem_response(problem.to_problem(request.url.path))
        if not is_at_head(engine, spec.migrations):
            problem = ServiceUnavailable("De database is niet bijgewerkt tot de laatste migratie.")
            return problem_response(problem.to_problem(request.url.path))
        return JSONResponse({"status": "up", "database": "up", "migrations": "head"})

    @router.get("/metrics")
    async def metrics(request: Request) -> Response:
        body, content_type = observability.metrics_exposition(request.app.state.metrics)
        return Response(body, media_type=content_type)

    return router


def _nul_in_text(exc: Exception) -> bool:
    """PostgreSQL refuses a NUL character in text: bad input, not a fault of the service."""
    return isinstance(exc, DataError) and "NUL" in str(exc.orig)


async def _database_error(request: Request, exc: Exception) -> Response:
    problem: DomainError
    if database_unavailable(exc):
        problem = ServiceUnavailable("De database is tijdelijk niet bereikbaar.")
    elif _nul_in_text(exc):
        problem = InvalidInput("Tekst mag geen NUL-teken (0x00) bevatten.")
    else:
        logging.getLogger("balans.database").error("database error", exc_info=exc)
        problem = DomainError("Onverwachte databasefout; de fout is gelogd.")
    return problem_response(problem.to_problem(request.url.path))


def _register_gauges(app: FastAPI) -> None:
    metrics: observability.Metrics = app.state.metrics

    def read(fn: Callable[[Any, PlumbingTables], int]) -> Callable[[], float]:
        def inner() -> float:
            with app.state.connect() as session:
                return float(fn(session, app.state.plumbing))

        return inner

    metrics.add_gauge("outbox_backlog", "Undelivered outbox commands.", read(backlog))
    metrics.add_gauge(
        "event_feed_position", "The newest event's cursor.", read(events.event_feed_position)
    )
