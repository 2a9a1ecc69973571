"""Rate limits on the endpoints others push to: per creditor and per client.

A creditor's systems push signals (DOMAIN.md §2); one misbehaving client must not take the
service from the others. Each push counts against its creditor (the token's `creditor_id`) and
its client (the token's subject); over either limit the answer is a 429 problem with
`Retry-After`, the seconds until the window admits the next push.

Limits are `limits` strings (`RATE_LIMIT_PER_CREDITOR="25/second;1000/minute"`), counted in a
moving window. The counters live in this process (`RATE_LIMIT_STORAGE=memory://`): with N replicas
a creditor may push N times the limit. `redis://host:6379` shares them between replicas (needs
the `redis` package).
"""

from __future__ import annotations

import math
import time
from typing import Annotated, Any, ClassVar

from fastapi import Depends, Request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from shared.auth import CurrentPrincipal, Principal
from shared.problems import PROBLEM_MEDIA_TYPE, DomainError, Problem
from shared.settings import ServiceSettings


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
