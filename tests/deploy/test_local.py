"""`make run` (deploy/local.py): a SIGTERM to it stops the four services, as Ctrl-C does."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from deploy.local import SERVICES
from tests.e2e.harness import free_port

REPO = Path(__file__).resolve().parents[2]


def _live(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=1.0).status_code == 200
    except httpx.TransportError:
        return False


def _start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], dict[str, int]]:
    ports = {name: free_port() for name in SERVICES}
    env = {
        **os.environ,
        **{f"{name.upper()}_PORT": str(port) for name, port in ports.items()},
        **{f"{name.upper()}_DATABASE_URL": f"sqlite:///{tmp_path / name}.db" for name in SERVICES},
        "ENVIRONMENT": "test",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "deploy.local"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so the test can clean up after a failure
    )
    return process, ports


def _until(process: subprocess.Popen[bytes], done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 90
    while not done():
        assert process.poll() is None, "deploy.local ended before the services were up"
        assert time.monotonic() < deadline, "the services did not come up"
        time.sleep(0.05)


def _stops_cleanly(process: subprocess.Popen[bytes], ports: dict[str, int]) -> None:
    try:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not any(_live(port) for port in ports.values())
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the services too, should they outlive it
        process.wait()


@pytest.mark.e2e
def test_sigterm_stops_all_four_services(tmp_path: Path) -> None:
    process, ports = _start(tmp_path)
    _until(process, lambda: all(_live(port) for port in ports.values()))
    _stops_cleanly(process, ports)


@pytest.mark.e2e
def test_sigterm_while_starting_stops_what_started(tmp_path: Path) -> None:
    """A stop while the services start (the first answers /health/live, the others are not
    ready yet) ends as cleanly: exit 0, nothing left running. It used to end as killed by
    SIGINT, the KeyboardInterrupt let through."""
    process, ports = _start(tmp_path)
    _until(process, lambda: any(_live(port) for port in ports.values()))
    _stops_cleanly(process, ports)
