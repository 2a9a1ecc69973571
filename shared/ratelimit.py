"""Rate limits on the endpoints others push to: per creditor and per client.

A creditor's systems push signals (DOMAIN.md §2); one misbehaving client must not take the
service from the others. Each push counts against its creditor (the token's `creditor_id`) and
its client (the token's subject); over either limit the answer is a 429 problem with
`Retry-After`, the seconds until the window admits the next push.

Limits are `limits` strings (`RATE_LIMIT_PER_CREDITOR="25/second;1000/minute"`), counted in a
moving window. The counters live in this process (`RATE_LIMIT_STORAGE=memory+inline://`, below):
with N replicas a creditor may push N times the limit. `redis://host:6379` shares them between
replicas (needs the `redis` package); `memory://` is `limits`' own per-process storage.

`memory+inline://` is `memory://`'s moving window without its expiry thread: `limits` starts a
`threading.Timer` 10 ms after a hit whenever the previous one has finished, under steady pushes
a new thread for about every other push (555 threads in 1,000 pushes in-process, 0.3 ms each,
more on a busy machine). Here a hit first drops its own key's expired entries (newest first, so
one bisect and one slice), and once a minute a hit sweeps the other keys, so counters of callers
that stopped pushing do not stay. Nothing runs between hits.
"""

from __future__ import annotations

import bisect
import math
import time
from typing import Annotated, Any, ClassVar

from fastapi import Depends, Request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.storage.memory import Entry, MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from shared.auth import CurrentPrincipal, Principal
from shared.problems import PROBLEM_MEDIA_TYPE, DomainError, Problem
from shared.settings import ServiceSettings

SCHEME = "memory+inline"
SWEEP_SECONDS = 60.0


def _expired(events: list[Entry], now: float) -> int:
    """The index of the first expired entry of a newest-first list (its length if none is)."""
    return bisect.bisect_left(events, -now, key=lambda entry: -entry.expiry)


class InlineMemoryStorage(MemoryStorage):
    """`memory://` for the moving window, with expired entries dropped by the hits themselves."""

    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012 (limits registers the class by this attribute)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **_: str) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **_)
        self.timer.cancel()  # the parent starts one expiry timer; nothing here needs it
        self._next_sweep = time.time() + SWEEP_SECONDS

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Count `amount` hits in the moving window of `key` unless that would pass `limit`."""
        if amount > limit:
            return False
        now = time.time()
        if now >= self._next_sweep:
            self._sweep(now)
        with self.locks[key]:
            events = self.events.setdefault(key, [])
            del events[_expired(events, now) :]
            if len(events) > limit - amount and events[limit - amount].atime >= now - expiry:
                return False
            events[:0] = [Entry(expiry)] * amount
            return True

    def _sweep(self, now: float) -> None:
        """Drop every key's expired entries, and the keys left without any."""
        self._next_sweep = now + SWEEP_SECONDS
        for key in list(self.events):
            with self.locks[key]:
                events = self.events.get(key, [])
                del events[_expired(events, now) :]
                if not events:
                    self.events.pop(key, None)
                    self.locks.pop(key, None)


class TooManyRequests(DomainError):
    status = 429
    slug = "too-many-requests"
    title: ClassVar[str] = "Te veel verzoeken."


class RateLimiter:
    """Counts pushes per creditor and per client and refuses the one over a limit."""

    def __init__(self, settings: ServiceSettings) -> None:
        self._windows = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage))
        self._per_creditor = parse_many(settings.rate_limit_per_creditor)
        self._per_client = parse_many(settings.rate_limit_per_client)

    def admit(self, principal: Principal) -> None:
        """Count one push, or raise TooManyRequests (counting nothing) when a limit is reached."""
        counters: list[tuple[RateLimitItem, str, str]] = [
            (item, "client", principal.subject) for item in self._per_client
        ]
        if principal.creditor_id is not None:
            counters += [(item, "creditor", principal.creditor_id) for item in self._per_creditor]
        for item, kind, key in counters:
            if not self._windows.test(item, kind, key):
                reset_at = self._windows.get_window_stats(item, kind, key).reset_time
                retry_after = max(1, math.ceil(reset_at - time.time()))
                who = "deze schuldeiser" if kind == "creditor" else "deze client"
                raise TooManyRequests(
                    f"Meer dan {item} voor {who}; probeer het over {retry_after} s opnieuw.",
                    headers={"Retry-After": str(retry_after)},
                )
        for item, kind, key in counters:
            self._windows.hit(item, kind, key)


async def _admit_push(request: Request, principal: CurrentPrincipal) -> None:
    limiter: RateLimiter = request.app.state.rate_limiter
    limiter.admit(principal)


# Add to a push endpoint's dependencies, after its role check; document RATE_LIMITED in responses.
PushRateLimit = Annotated[None, Depends(_admit_push)]

RATE_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {
        "model": Problem,
        "content": {PROBLEM_MEDIA_TYPE: {}},
        "description": "Too many pushes by this creditor or client; retry after `Retry-After` s.",
        "headers": {
            "Retry-After": {
                "description": "Seconds until the next push is admitted.",
                "schema": {"type": "integer"},
            }
        },
    }
}
