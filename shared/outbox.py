"""Transactional outbox: commands to other services, written with the change that causes them.

`enqueue_command` adds a row in the caller's transaction, so the command exists if and only if
the change committed. `OutboxRelay` delivers due rows with the row's `message_id` as
Idempotency-Key, so a repeat (after a crash or a lost response) has no second effect; the retry
schedule lives in the row and so survives restarts.

Row states: pending (`delivered_at` NULL, retried at `next_attempt_at`), delivered
(`delivered_at` set, 2xx `response_status`), and failed for good (`delivered_at` set with a non-2xx
status and `last_error`): a 4xx other than 408/425/429 will not change by retrying, so the relay
stops, logs at ERROR and leaves the row for an operator (`failed_permanently` counts them). A 409
with `Retry-After` is the receiver saying "this key is still being processed": retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import sqlalchemy as sa
from pydantic_core import to_jsonable_python
from sqlalchemy import Connection

from shared.db import Connect, unit_of_work
from shared.plumbing import PlumbingTables
from shared.service_client import DEFAULT_TIMEOUT
from shared.tracecontext import fresh_traceparent

logger = logging.getLogger(__name__)

COMMAND_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RETRYABLE_STATUSES = frozenset({408, 425, 429})
DEFAULT_LEASE = timedelta(seconds=30)
# A send is not started this close to the end of its lease: another relay may take the row then.
LEASE_MARGIN_SECONDS = 2.0


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: base * factor**(attempt-1), capped, minus a random part."""

    base: float = 0.5
    factor: float = 2.0
    maximum: float = 300.0
    jitter: float = 0.5

    def delay(self, attempts: int, rand: float) -> float:
        """Seconds to wait after the `attempts`-th failed attempt; `rand` is uniform in [0, 1)."""
        exponent = min(max(attempts - 1, 0), 64)  # 2**64 * base is far past any cap
        capped = min(self.maximum, self.base * self.factor**exponent)
        return capped * (1.0 - self.jitter * rand)


def enqueue_command(
    session: Connection,
    tables: PlumbingTables,
    *,
    destination: str,
    method: str = "POST",
    path: str,
    body: Mapping[str, Any],
) -> str:
    """Queue a command in the caller's transaction; returns its message id (the Idempotency-Key)."""
    method = method.upper()
    if method not in COMMAND_METHODS:
        raise ValueError(f"a command is one of {sorted(COMMAND_METHODS)}, not {method}")
    if not path.startswith("/"):
        raise ValueError("path must start with '/'")
    message_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    row = {"message_id": message_id, "destination": destination, "method": method, "path": path}
    document = to_jsonable_python(dict(body))  # Decimal, date, UUID as JSON text
    session.execute(
        tables.outbox.insert().values(
            **row, body=document, created_at=now, attempts=0, next_attempt_at=now
        )
    )
    return message_id


def backlog(session: Connection, tables: PlumbingTables) -> int:
    """Commands not yet delivered (pending or being retried), for the metrics."""
    query = sa.select(sa.func.count()).where(tables.outbox.c.delivered_at.is_(None))
    return int(session.execute(query).scalar_one())


def failed_permanently(session: Connection, tables: PlumbingTables) -> int:
    """Commands the receiver refused for good; each needs an operator's look."""
    outbox = tables.outbox
    query = sa.select(sa.func.count()).where(
        outbox.c.delivered_at.is_not(None), outbox.c.response_status >= 300
    )
    return int(session.execute(query).scalar_one())


_MESSAGE_FIELDS = ("id", "message_id", "destination", "method", "path", "body", "attempts")


@dataclass(frozen=True)
class _Message:
    id: int
    message_id: str
    destination: str
    method: str
    path: str
    body: Any
    attempts: int


@dataclass(frozen=True)
class _Outcome:
    status: int | None
    error: str | None = None
    retry_after: float | None = None

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        # No answer (refused, timeout, no token), or a transient one; a 409 with Retry-After is
        # a receiver still busy with this key (shared.idempotency).
        status, busy = self.status, self.status == 409 and self.retry_after is not None
        return status is None or busy or status in RETRYABLE_STATUSES or status >= 500


class OutboxRelay:
    """Delivers due outbox rows; several replicas may run one each on the same database."""

    def __init__(
        self,
        connect: Connect,
        *,
        tables: PlumbingTables,
        destinations: Mapping[str, str],
        token_provider: Callable[[], str],
        client: httpx.AsyncClient | None = None,
        backoff: Backoff | None = None,
        lease: timedelta = DEFAULT_LEASE,
        concurrency: int = 8,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.connect = connect
        self.tables = tables
        self.destinations = {name: url.rstrip("/") for name, url in destinations.items()}
        self.token_provider = token_provider
        self.backoff = backoff or Backoff()
        self.lease = lease
        self.concurrency = concurrency
        self._rand = rand
        self._client = client
        self._owns_client = client is None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=DEFAULT_TIMEOUT)
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client if the relay made it."""
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    async def deliver_due(self, now: datetime | None = None, limit: int = 50) -> int:
        """Attempt every due row (up to `limit`); returns how many were claimed."""
        fixed_now = now is not None
        claimed_at = now if now is not None else datetime.now(UTC)
        messages = self._claim(claimed_at, limit)
        # The rows are ours until the lease ends; skip sends that would start too late.
        deadline = time.monotonic() + self.lease.total_seconds() - LEASE_MARGIN_SECONDS
        gate = asyncio.Semaphore(self.concurrency)

        async def attempt(message: _Message) -> None:
            async with gate:
                if time.monotonic() > deadline:
                    return
                outcome = await self._send(message)
            try:
                self._record(message, outcome, claimed_at if fixed_now else datetime.now(UTC))
            except Exception:  # the lease runs out and the row is retried; receivers dedupe
                logger.exception("outbox: could not record the result of %s", message.message_id)

        await asyncio.gather(*(attempt(message) for message in messages))
        return len(messages)

    async def run_forever(self, interval: float, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set: at once while there is a backlog, else every `interval`."""
        limit = 50
        try:
            while not stop.is_set():
                try:
                    claimed = await self.deliver_due(limit=limit)
                except Exception:  # a database hiccup must not end the relay
                    logger.exception("outbox: delivery round failed")
                    claimed = 0
                if claimed >= limit:
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=interval)
        finally:
            await self.aclose()

    def _claim(self, now: datetime, limit: int) -> list[_Message]:
        # One short transaction: pick due rows and push their next attempt past the lease, so
        # other relays skip them while this one sends. SKIP LOCKED (PostgreSQL) lets replicas
        # claim disjoint rows at the same time; SQLite's single writer serialises the claims.
        outbox = self.tables.outbox
        with unit_of_work(self.connect) as session:
            rows = session.execute(
                sa.select(*(outbox.c[name] for name in _MESSAGE_FIELDS))
                .where(outbox.c.delivered_at.is_(None), outbox.c.next_attempt_at <= now)
                .order_by(outbox.c.next_attempt_at, outbox.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            if rows:
                session.execute(
                    sa.update(outbox)
                    .where(outbox.c.id.in_([row.id for row in rows]))
                    .values(next_attempt_at=now + self.lease, attempts=outbox.c.attempts + 1)
                )
        return [_Message(**(row._asdict() | {"attempts": row.attempts + 1})) for row in rows]

    async def _send(self, message: _Message) -> _Outcome:
        base_url = self.destinations.get(message.destination)
        if base_url is None:  # a configuration error: keep retrying so a fix delivers it
            return _Outcome(None, f"unknown destination {message.destination!r}")
        try:
            headers = {
                "Idempotency-Key": message.message_id,
                "Authorization": f"Bearer {self.token_provider()}",
                "Content-Type": "application/json",
                "traceparent": fresh_traceparent(),
            }
            url, content = base_url + message.path, orjson.dumps(message.body)
            response = await self.client.request(
                message.method, url, content=content, headers=headers
            )
        except Exception as exc:  # every failure to get an answer is retried
            return _Outcome(None, f"{type(exc).__name__}: {exc}"[:1000])
        if 200 <= response.status_code < 300:
            return _Outcome(response.status_code)
        return _Outcome(
            response.status_code,
            f"HTTP {response.status_code}: {_problem_detail(response)}"[:1000],
            _retry_after(response),
        )

    def _record(self, message: _Message, outcome: _Outcome, at: datetime) -> None:
        outbox = self.tables.outbox
        values: dict[str, Any] = {"response_status": outcome.status, "last_error": outcome.error}
        label = f"{message.message_id} to {message.destination}"
        if outcome.delivered:
            values["delivered_at"] = at
        elif outcome.retryable:
            delay = self.backoff.delay(message.attempts, self._rand())
            if outcome.retry_after is not None:
                delay = max(delay, min(outcome.retry_after, self.backoff.maximum))
            values["next_attempt_at"] = at + timedelta(seconds=delay)
            logger.warning("outbox: %s failed, retry in %.1f s: %s", label, delay, outcome.error)
        else:
            values["delivered_at"] = at
            logger.error("outbox: %s refused for good: %s", label, outcome.error)
        with unit_of_work(self.connect) as session:
            # Only while still pending: a relay whose lease ran out must not undo another's result.
            session.execute(
                sa.update(outbox)
                .where(outbox.c.id == message.id, outbox.c.delivered_at.is_(None))
                .values(**values)
            )


def _problem_detail(response: httpx.Response) -> str:
    # The problem's detail only: the body of a refused command may echo personal data.
    with contextlib.suppress(ValueError):
        document = response.json()
        if isinstance(document, dict) and isinstance(document.get("detail"), str):
            return str(document["detail"])
    return response.reason_phrase


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else None
