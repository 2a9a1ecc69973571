"""Values the indicators of one request share are computed once, also when the indicators are
spread over threads (`Bevraging.gedeeld`)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from services.reporting.indicatoren.bevraging import Gedeeld


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
