"""The push counters of shared.ratelimit in this process, without a thread per push.

`limits`' `memory://` storage drops expired entries from a `threading.Timer` that it starts
10 ms after a hit whenever the previous timer has finished: under steady pushes that is a new
thread for about every other push (555 threads in 1,000 pushes in-process, 0.3 ms each, more
on a busy machine). `memory+inline://` is the same per-process moving window with the expiry
done inline: a hit first drops its own key's expired entries (newest first, so one bisect and
one slice), and once a minute a hit sweeps the other keys, so counters of callers that stopped
pushing do not stay. Nothing runs between hits. Signals' default (`RATE_LIMIT_STORAGE`,
services/signals/settings.py); `memory://` and `redis://` keep working when set.
"""

from __future__ import annotations

import bisect
import time

from limits.storage.memory import Entry, MemoryStorage

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
