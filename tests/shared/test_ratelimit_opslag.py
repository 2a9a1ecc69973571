"""The push counters without a timer thread (`memory+inline://`, shared/ratelimit.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from services.signals.settings import SignalsSettings
from shared.ratelimit import SWEEP_SECONDS, InlineMemoryStorage
from tests.signals.helpers import creditor, signaal


class Klok:
    """time.time under the test's control."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def klok(monkeypatch: pytest.MonkeyPatch) -> Klok:
    fake = Klok()
    monkeypatch.setattr(time, "time", fake)
    return fake


@pytest.fixture
def opslag() -> InlineMemoryStorage:
    storage = storage_from_string("memory+inline://")
    assert isinstance(storage, InlineMemoryStorage)
    return storage


def test_pushes_are_counted_inline_by_default() -> None:
    assert SignalsSettings().rate_limit_storage == "memory+inline://"
    assert SignalsSettings(rate_limit_storage="memory://").rate_limit_storage == "memory://"


def test_the_moving_window_admits_the_limit_and_then_again_after_it(
    klok: Klok, opslag: InlineMemoryStorage
) -> None:
    limiter = MovingWindowRateLimiter(opslag)
    item = parse("3/minute")
    uitkomsten = []
    for _ in range(4):
        uitkomsten.append(limiter.hit(item, "creditor", "c1"))
        klok.now += 10
    assert uitkomsten == [True, True, True, False]
    assert not limiter.test(item, "creditor", "c1")
    assert limiter.test(item, "creditor", "c2")
    # 60 s after the first hit it has left the window; the refused hit never counted.
    klok.now = 1_000_060.0
    assert limiter.test(item, "creditor", "c1")
    assert limiter.hit(item, "creditor", "c1")
    assert not limiter.hit(item, "creditor", "c1")
    assert limiter.get_window_stats(item, "creditor", "c1").remaining == 0


def test_the_same_answers_as_memory_storage(klok: Klok, opslag: InlineMemoryStorage) -> None:
    inline = MovingWindowRateLimiter(opslag)
    gewoon = MovingWindowRateLimiter(storage_from_string("memory://"))
    item = parse("5/second")
    for stap in range(200):
        klok.now += 0.07 * (stap % 7)
        assert inline.test(item, "k") == gewoon.test(item, "k")
        assert inline.hit(item, "k") == gewoon.hit(item, "k")
        assert inline.get_window_stats(item, "k") == gewoon.get_window_stats(item, "k")


def test_expired_entries_go_with_the_next_hit_and_idle_keys_with_the_sweep(
    klok: Klok, opslag: InlineMemoryStorage
) -> None:
    limiter = MovingWindowRateLimiter(opslag)
    item = parse("100/second")
    for _ in range(50):
        limiter.hit(item, "bezig")
        limiter.hit(item, "gestopt")
    klok.now += 2
    limiter.hit(item, "bezig")
    assert len(opslag.events[item.key_for("bezig")]) == 1
    assert len(opslag.events[item.key_for("gestopt")]) == 50  # nobody hit it since
    klok.now += SWEEP_SECONDS
    limiter.hit(item, "bezig")
    assert item.key_for("gestopt") not in opslag.events
    assert len(opslag.events[item.key_for("bezig")]) == 1


def test_a_push_starts_no_thread(
    client_for: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for("signals", rate_limit_per_creditor="2/minute")
    gestart: list[threading.Thread] = []
    start = threading.Thread.start

    def tel(thread: threading.Thread) -> None:
        gestart.append(thread)
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", tel)
    codes = []
    for i in range(3):
        antwoord = client.post("/v1/signalen", headers=creditor(), json=signaal(partnerId=f"R{i}"))
        codes.append(antwoord.status_code)
        time.sleep(0.02)  # longer than memory://'s 10 ms timer
    assert codes == [201, 201, 429]
    assert gestart == []
