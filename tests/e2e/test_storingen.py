"""Faults over real HTTP: a receiver killed with commands in its sender's outbox, and a database
that becomes unreachable."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from shared import testing
from tests.e2e.harness import free_port, running_system
from tests.e2e.journeys import CONSULENT, LOKET, SERVICE, eventually, iso, ok, today

pytestmark = pytest.mark.e2e

RESIDENTS = (("111222333", "Jansen"), ("123456782", "Bakker"), ("999999990", "Visser"))


def aanvraag(client: httpx.Client, intake: str, bsn: str, naam: str) -> None:
    body = {"kanaal": "balie", "inwoner": {"bsn": bsn, "achternaam": naam}}
    melding = ok(client.post(f"{intake}/v1/meldingen", json=body, headers=LOKET), 201)
    gesprek = {"datum": iso(today()), "tijd": "10:00", "consulent": "a.jansen", "telefonisch": True}
    planned = ok(
        client.post(
            f"{intake}/v1/meldingen/{melding['id']}/aanmeldgesprekken", json=gesprek, headers=LOKET
        ),
        201,
    )
    ok(
        client.patch(
            f"{intake}/v1/aanmeldgesprekken/{planned['id']}",
            json={"status": "gehouden"},
            headers=CONSULENT,
        )
    )
    ok(
        client.post(
            f"{intake}/v1/meldingen/{melding['id']}/uitkomst",
            json={"soort": "aanvraag"},
            headers=CONSULENT,
        ),
        201,
    )


def test_kill_9_with_commands_in_the_outbox_gives_each_command_one_effect(tmp_path: Path) -> None:
    """Trajectory is killed; three aanvragen wait in intake's outbox; intake (the sender) is
    killed too. After both restart, each aanvraag has opened exactly one trajectory."""
    with running_system(tmp_path) as system, httpx.Client(timeout=30) as client:
        intake, trajectory = system.url("intake"), system.url("trajectory")
        system.kill("trajectory")
        for bsn, naam in RESIDENTS:
            aanvraag(client, intake, bsn, naam)
        time.sleep(1.0)  # the relay tries, and fails, while trajectory is gone
        system.kill("intake")
        system.start("trajectory")
        system.start("intake")

        def opened() -> list[dict[str, Any]] | None:
            page = ok(client.get(f"{trajectory}/v1/events?limit=1000", headers=SERVICE))
            events = [e for e in page["items"] if e["type"] == "traject.geopend"]
            return events if len(events) >= len(RESIDENTS) else None

        eventually(opened, what="three trajectories")
        # Room for a wrong second delivery (the relay runs every 0.2 s) before counting.
        time.sleep(2.0)
        events = opened() or []
        assert len(events) == len(RESIDENTS)
        assert len({e["subjectKey"] for e in events}) == len(RESIDENTS)
        work = ok(client.get(f"{trajectory}/v1/trajecten", headers=CONSULENT))
        assert work["total"] == len(RESIDENTS)
        assert sorted(t["aanvrager"] for t in work["items"]) == sorted(n for _, n in RESIDENTS)


class Proxy:
    """A TCP proxy in front of the database that the test can take down and bring back."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.connections: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        """Refuse new connections and cut the open ones, as a database host that went away."""
        with self.lock:
            listener, self.listener = self.listener, None
            connections, self.connections = self.connections, []
        if listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for connection in connections:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


@contextmanager
def proxied_database() -> Iterator[Proxy]:
    server = make_url(testing.postgres_server_url() or "")
    proxy = Proxy((server.host or "127.0.0.1", server.port or 5432))
    proxy.up()
    try:
        yield proxy
    finally:
        proxy.down()


@pytest.mark.skipif(
    testing.postgres_server_url() is None,
    reason="an embedded SQLite file cannot become unreachable; run with BALANS_TEST_POSTGRES_URL",
)
def test_an_unreachable_database_gives_503_and_a_failing_readiness_then_recovers(
    tmp_path: Path,
) -> None:
    with proxied_database() as proxy:

        def reach(service: str, url: str) -> str:
            if service != "intake":
                return url
            via = make_url(url).set(host="127.0.0.1", port=proxy.port)
            return via.render_as_string(hide_password=False)

        env = {"INTAKE_DB_POOL_TIMEOUT": "2"}
        with (
            running_system(tmp_path, reach, **env) as system,
            httpx.Client(timeout=30) as client,
        ):
            intake = system.url("intake")
            assert client.get(f"{intake}/health/ready").status_code == 200
            assert client.get(f"{intake}/v1/meldingen", headers=LOKET).status_code == 200

            proxy.down()
            for _ in range(3):
                answer = client.get(f"{intake}/v1/meldingen", headers=LOKET)
                assert answer.status_code == 503, answer.text
                assert answer.headers["content-type"].startswith("application/problem+json")
            ready = client.get(f"{intake}/health/ready")
            assert ready.status_code == 503
            assert client.get(f"{intake}/health/live").status_code == 200

            proxy.up()
            eventually(
                lambda: client.get(f"{intake}/health/ready").status_code == 200,
                what="ready again",
            )
            eventually(
                lambda: client.get(f"{intake}/v1/meldingen", headers=LOKET).status_code == 200,
                what="serving again",
            )
