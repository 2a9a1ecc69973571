"""Observability every service shares: JSON logs with trace ids, the request middleware that
sets trace context and `API-Version`, and Prometheus metrics at `/metrics`."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import tracecontext

logger = logging.getLogger("balans.access")
# Probes and scrapes are counted in the metrics but not written to the access log.
QUIET_PATHS = ("/health/", "/metrics")
# On every response (OWASP REST Security Cheat Sheet): answers hold personal data, so no cache
# keeps them unless an endpoint says otherwise; no sniffing, framing or referrers; HTTPS only.
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
    (b"strict-transport-security", b"max-age=31536000"),
)
NO_STORE = (b"cache-control", b"no-store")


class _TraceFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.trace_id = tracecontext.trace_id_var.get() or None
        record.span_id = tracecontext.span_id_var.get() or None
        return True


def configure_logging(*, service: str, level: str = "INFO") -> None:
    """Log JSON lines to stderr, each with the service name and the request's trace id."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "asctime": "time"},
            static_fields={"service": service},
        )
    )
    handler.addFilter(_TraceFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


class Metrics:
    """The Prometheus metrics of one app (a registry per app, so tests can build many apps)."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests by route and status.",
            ["service", "method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency by route.",
            ["service", "method", "route"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )

    def add_gauge(self, name: str, documentation: str, read: Callable[[], float | None]) -> None:
        """A gauge read at scrape time (outbox backlog, event-feed position)."""
        self.registry.register(_ReadOnScrape(name, documentation, self.service, read))


class _ReadOnScrape(Collector):
    def __init__(self, name: str, doc: str, service: str, read: Callable[[], float | None]) -> None:
        self.name, self.doc, self.service, self.read = name, doc, service, read

    def collect(self) -> Iterable[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(self.name, self.doc, labels=["service"])
        try:
            value = self.read()
        except Exception:  # a scrape must not fail because the database is down
            logger.warning("metric %s could not be read", self.name, exc_info=True)
            value = None
        if value is not None:
            gauge.add_metric([self.service], value)
        yield gauge


class RequestContextMiddleware:
    """Pure ASGI middleware: trace context in; `API-Version`, `traceresponse` and the security
    headers out; metrics and the access log."""

    def __init__(self, app: ASGIApp, *, api_version: str, metrics: Metrics) -> None:
        self.app = app
        self.version_header = (b"api-version", api_version.encode())
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"traceparent")
        parsed = tracecontext.parse_traceparent(incoming) if incoming else None
        trace_id = parsed[0] if parsed else tracecontext.new_trace_id()
        span_id = tracecontext.new_span_id()
        trace_token = tracecontext.trace_id_var.set(trace_id)
        span_token = tracecontext.span_id_var.set(span_id)
        status = 500
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append(NO_STORE)
                headers.extend(SECURITY_HEADERS)
                headers.append(self.version_header)
                headers.append((b"traceresponse", f"00-{trace_id}-{span_id}-01".encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            self.metrics.requests.labels(self.metrics.service, method, template, str(status)).inc()
            self.metrics.latency.labels(self.metrics.service, method, template).observe(elapsed)
            if not scope["path"].startswith(QUIET_PATHS):
                logger.info(
                    "request",
                    extra={
                        "method": method,
                        "path": scope["path"],
                        "route": template,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                    },
                )
            tracecontext.span_id_var.reset(span_token)
            tracecontext.trace_id_var.reset(trace_token)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def metrics_exposition(metrics: Metrics) -> tuple[bytes, str]:
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    return generate_latest(metrics.registry), CONTENT_TYPE_LATEST


__all__: list[Any] = [
    "Metrics",
    "RequestContextMiddleware",
    "configure_logging",
    "metrics_exposition",
]
