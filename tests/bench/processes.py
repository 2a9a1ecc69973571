"""Servers under test: one uvicorn worker (uvloop + httptools) on a free loopback port.

The service is started as deploy/local.py starts it (`services.<name>.app:create_app`, factory,
no access log); the baseline the same way (`tests.bench.baseline:create_app`). Their output goes
to a log file, not a pipe (a full pipe would stall the server). Peak memory is `VmHWM`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from shared.testing import NO_RATE_LIMITS

READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    label: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def peak_memory_mb(self) -> float | None:
        """VmHWM of the worker: the resident set's high-water mark."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start_server(
    label: str, app_factory: str, env: Mapping[str, str], log_dir: Path, *, port: int = 0
) -> Server:
    """Start `app_factory` (`module:function`) under uvicorn and wait until it is ready."""
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app_factory,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--workers",
        "1",
        "--no-access-log",
        "--timeout-graceful-shutdown",
        "5",
    ]
    log_path = log_dir / f"{label}-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            # One bench client pushes far more than a creditor may: the limiter runs, never trips.
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **NO_RATE_LIMITS, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = Server(label=label, port=port, process=process, log_path=log_path)
    try:
        _wait_until_ready(server)
    except BaseException:
        stop_server(server)
        raise
    return server


def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    with httpx.Client(timeout=2.0) as client:
        while True:
            if server.process.poll() is not None:
                raise RuntimeError(
                    f"{server.label} exited with {server.process.returncode}:\n{server.log_tail()}"
                )
            try:
                if client.get(f"{server.url}/health/ready").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{server.label} not ready after {READY_TIMEOUT_S:.0f} s")
            time.sleep(0.1)


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
