"""Start the four services as real processes (uvicorn) on free ports, each on its own scratch
database (SQLite, or PostgreSQL when BALANS_TEST_POSTGRES_URL is set); stop, kill -9 and
restart one of them on the same port and database."""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deploy.local import (
    SERVICES,
    RunningService,
    peer_environment,
    start_all,
    start_service,
    stop_services,
    wait_until_ready,
)
from shared import testing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class System:
    services: dict[str, RunningService]
    database_urls: dict[str, str]
    env: dict[str, str] = field(default_factory=dict)

    def url(self, name: str) -> str:
        return self.services[name].url

    def stop(self, name: str) -> None:
        """A graceful stop (SIGTERM), as a deployment would."""
        stop_services([self.services[name]])

    def kill(self, name: str) -> None:
        """`kill -9`: no shutdown, no last delivery round."""
        process = self.services[name].process
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=15)

    def start(self, name: str) -> None:
        """Start it again on the same port and database, and wait until it is ready."""
        port = self.services[name].port
        env = {**self.env, f"{name.upper()}_PORT": str(port)}
        restarted = start_service(name, port, env)
        self.services[name] = restarted
        wait_until_ready([restarted])


@contextmanager
def running_system(
    directory: Path, reach: Callable[[str, str], str] | None = None, /, **extra_env: str
) -> Iterator[System]:
    """All four services, ready, on fresh databases; stopped and dropped afterwards.

    `reach(service, url)` may give the URL by which a service reaches its database (e.g. through
    a proxy the test controls); the database itself is created and dropped at `url`."""
    urls = {name: testing.create_scratch_database(name, directory) for name in SERVICES}
    ports = {name: free_port() for name in SERVICES}
    env = {
        f"{name.upper()}_DATABASE_URL": reach(name, url) if reach else url
        for name, url in urls.items()
    }
    env.update({f"{name.upper()}_OUTBOX_INTERVAL_SECONDS": "0.2" for name in SERVICES})
    env.update({"ENVIRONMENT": "test", **extra_env})
    started = start_all(ports, env)
    system = System(
        services={s.name: s for s in started},
        database_urls=urls,
        env={**peer_environment(ports), **env},
    )
    try:
        yield system
    finally:
        stop_services(list(system.services.values()))
        for url in urls.values():
            testing.drop_scratch_database(url)
