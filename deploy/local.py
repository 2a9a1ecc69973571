"""Run the four services on this machine: `make run` (SQLite under var/ unless
`<SERVICE>_DATABASE_URL` says otherwise). The end-to-end tests start them the same way."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx

SERVICES: dict[str, int] = {"intake": 8001, "signals": 8002, "trajectory": 8003, "reporting": 8004}


@dataclass
class RunningService:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def service_port(name: str) -> int:
    return int(os.environ.get(f"{name.upper()}_PORT", SERVICES[name]))


def peer_environment(ports: Mapping[str, int]) -> dict[str, str]:
    """The URLs by which the services find each other."""
    return {f"{name.upper()}_URL": f"http://127.0.0.1:{port}" for name, port in ports.items()}


def start_service(name: str, port: int, env: Mapping[str, str]) -> RunningService:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        f"services.{name}.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--timeout-graceful-shutdown",
        "10",
    ]
    process = subprocess.Popen(command, env={**os.environ, **env})
    return RunningService(name=name, port=port, process=process)


def wait_until_ready(services: Sequence[RunningService], timeout: float = 60.0) -> None:
    """Poll every `/health/ready` until all answer 200; raise if one exits or time runs out."""
    deadline = time.monotonic() + timeout
    pending = list(services)
    with httpx.Client(timeout=2.0) as client:
        while pending:
            for service in list(pending):
                if service.process.poll() is not None:
                    raise RuntimeError(f"{service.name} exited with {service.process.returncode}")
                try:
                    if client.get(f"{service.url}/health/ready").status_code == 200:
                        pending.remove(service)
                except httpx.TransportError:
                    pass
            if pending and time.monotonic() > deadline:
                names = ", ".join(s.name for s in pending)
                raise TimeoutError(f"not ready after {timeout:.0f} s: {names}")
            if pending:
                time.sleep(0.1)


def stop_services(services: Sequence[RunningService], timeout: float = 15.0) -> None:
    for service in services:
        if service.process.poll() is None:
            service.process.send_signal(signal.SIGTERM)
    for service in services:
        try:
            service.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            service.process.kill()
            service.process.wait()


def start_all(
    ports: Mapping[str, int], extra_env: Mapping[str, str] | None = None
) -> list[RunningService]:
    env = {**peer_environment(ports), **(extra_env or {})}
    started = [
        start_service(name, port, {**env, f"{name.upper()}_PORT": str(port)})
        for name, port in ports.items()
    ]
    try:
        wait_until_ready(started)
    except BaseException:
        stop_services(started)
        raise
    return started


def migrate_all() -> None:
    from deploy.openapi import load_apps

    for name, app in load_apps().items():
        from shared.migrations import upgrade_to_head

        upgrade_to_head(app.state.settings.resolved_database_url, app.state.spec.migrations)
        print(f"{name}: migrated {app.state.settings.resolved_database_url}")


def _stop_on_sigterm() -> None:
    """SIGTERM (`kill`, a supervisor, `docker stop`) stops the four as Ctrl-C does. Python's
    default for it ends this process at once and leaves the services running."""

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _welkom(services: Sequence[RunningService]) -> None:
    print("\nBalans is running (Ctrl-C stops all four):")
    for service in services:
        print(f"  {service.name:<11} {service.url}/v1/openapi.json   docs: {service.url}/v1/docs")
    print(
        "\nA development token: make token ROLE=consulent  (roles: creditor loket consulent "
        "coordinator kwaliteit bi privacy service admin;\n"
        "  creditors add CREDITOR=<id> PARTNER_TYPE=Huur)"
    )
    print(
        'Use it as: curl -H "Authorization: Bearer $(make -s token ROLE=bi)" '
        f"{services[0].url}/v1/events\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--migrate-only", action="store_true", help="migrate and exit")
    args = parser.parse_args(argv)
    if args.migrate_only:
        migrate_all()
        return 0
    _stop_on_sigterm()
    ports = {name: service_port(name) for name in SERVICES}
    services: list[RunningService] = []
    try:
        # A stop can come while the services start (one answers /health/live before all are
        # ready): start_all then stops those it started. Let through, the KeyboardInterrupt
        # would end this process as killed by SIGINT, not as a clean stop.
        services = start_all(ports)
        _welkom(services)
        while all(s.process.poll() is None for s in services):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop_services(services)
    return 0


if __name__ == "__main__":
    sys.exit(main())
