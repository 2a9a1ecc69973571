"""Spreading a request's indicators over threads (`bevraging.verdeeld`): each thread keeps its
connection, and values several indicators share are computed once (`Bevraging.gedeeld`)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from services.reporting.indicatoren.bevraging import Gedeeld, verdeeld


def test_a_value_is_computed_once_when_threads_ask_for_it_at_once():
    gedeeld, berekend = Gedeeld(), []
    allemaal = threading.Barrier(4)

    def bereken() -> int:
        berekend.append(threading.get_ident())
        return 42

    def vraag(_: int) -> int:
        allemaal.wait(5)
        return gedeeld.eenmaal("inwoners", bereken)

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(vraag, range(4))) == [42] * 4
    assert len(berekend) == 1
    assert gedeeld.eenmaal("inwoners", bereken) == 42
    assert len(berekend) == 1


def test_a_thread_waits_for_the_value_another_is_computing():
    gedeeld = Gedeeld()
    begonnen, verder = threading.Event(), threading.Event()

    def traag() -> str:
        begonnen.set()
        assert verder.wait(5)
        return "klaar"

    with ThreadPoolExecutor(2) as pool:
        eerste = pool.submit(gedeeld.eenmaal, "sleutel", traag)
        assert begonnen.wait(5)
        tweede = pool.submit(gedeeld.eenmaal, "sleutel", lambda: "niet deze")
        assert not tweede.done()
        verder.set()
        assert eerste.result(5) == tweede.result(5) == "klaar"


def test_different_keys_are_different_values():
    gedeeld = Gedeeld()
    assert gedeeld.eenmaal(("dagen", "signaal", None), lambda: [1]) == [1]
    assert gedeeld.eenmaal(("dagen", "melding", None), lambda: [2]) == [2]


def test_a_failed_computation_fails_every_thread_that_asked():
    gedeeld = Gedeeld()

    def faalt() -> int:
        raise RuntimeError("database weg")

    with pytest.raises(RuntimeError, match="database weg"):
        gedeeld.eenmaal("x", faalt)
    with pytest.raises(RuntimeError, match="database weg"):  # not computed again
        gedeeld.eenmaal("x", lambda: 1)


def test_tasks_spread_over_resources_keep_their_order_and_a_resource_stays_in_one_thread():
    gebruikt: dict[str, set[int]] = {"a": set(), "b": set(), "c": set()}

    def doe(middel: str, taak: int) -> int:
        gebruikt[middel].add(threading.get_ident())
        return taak * 10

    assert verdeeld(["a", "b", "c"], list(range(40)), doe) == [n * 10 for n in range(40)]
    assert all(len(draden) <= 1 for draden in gebruikt.values())
    assert len(set().union(*gebruikt.values())) <= 3


def test_with_one_resource_or_one_task_nothing_is_spread():
    draden: set[int] = set()

    def doe(_middel: str, taak: int) -> int:
        draden.add(threading.get_ident())
        return taak

    assert verdeeld(["a"], [1, 2, 3], doe) == [1, 2, 3]
    assert verdeeld(["a", "b"], [7], doe) == [7]
    assert verdeeld(["a", "b"], [], doe) == []
    assert draden == {threading.get_ident()}


def test_a_failing_task_fails_the_spread_and_the_tasks_not_started_are_dropped():
    # `Executor.map` cancels the futures not started when its result iterator ends early.
    gedaan: list[int] = []

    def doe(_middel: str, taak: int) -> int:
        if taak == 0:
            raise RuntimeError("verbinding weg")
        time.sleep(0.005)  # 199 of these take a second; the failure is known at once
        gedaan.append(taak)
        return taak

    with pytest.raises(RuntimeError, match="verbinding weg"):
        verdeeld(["a", "b"], list(range(200)), doe)
    assert len(gedaan) < 50
