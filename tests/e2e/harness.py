"""Start the four services as real processes (uvicorn) on free ports, each on its own scratch
database (SQLite, or PostgreSQL when BALANS_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.local import SERVICES, RunningService, start_all, stop_services
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

    def url(self, name: str) -> str:
        return self.services[name].url


@contextmanager
def running_system(directory: Path, **extra_env: str) -> Iterator[System]:
    """All four services, ready, on fresh databases; stopped and dropped afterwards."""
    urls = {name: testing.create_scratch_database(name, directory) for name in SERVICES}
    ports = {name: free_port() for name in SERVICES}
    env = {f"{name.upper()}_DATABASE_URL": url for name, url in urls.items()}
    env.update({f"{name.upper()}_OUTBOX_INTERVAL_SECONDS": "0.2" for name in SERVICES})
    env.update({"ENVIRONMENT": "test", **extra_env})
    started = start_all(ports, env)
    try:
        yield System(services={s.name: s for s in started}, database_urls=urls)
    finally:
        stop_services(started)
        for url in urls.values():
            testing.drop_scratch_database(url)
