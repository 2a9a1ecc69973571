"""The container's entry point and health check, and graceful shutdown of a real uvicorn
process: SIGTERM while a request is in flight lets that request finish."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from deploy import healthcheck, serve
from shared import testing
from tests.e2e.harness import free_port

pytestmark = pytest.mark.e2e
REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_service_is_chosen_by_the_environment() -> None:
    command = serve.command_from_environment({"SERVICE": "signals", "PORT": "9000"})
    assert command[command.index("uvicorn") + 1] == "services.signals.app:create_app"
    assert command[command.index("--port") + 1] == "9000"
    assert command[command.index("--host") + 1] == "0.0.0.0"  # noqa: S104
    assert command[command.index("--timeout-graceful-shutdown") + 1] == "20"
    assert command[command.index("--workers") + 1] == "1"


@pytest.mark.parametrize("value", ["", "rapportage", "intake "])
def test_an_unknown_service_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="SERVICE must be one of"):
        serve.command_from_environment({"SERVICE": value})


def test_a_calling_service_needs_a_service_token_with_an_identity_provider() -> None:
    oidc = {"JWT_JWKS_URL": "http://keycloak:8080/realms/balans/protocol/openid-connect/certs"}
    client = {"OIDC_TOKEN_URL": "http://keycloak:8080/token", "SERVICE_CLIENT_ID": "balans-service"}
    for service in ("intake", "signals", "reporting"):
        with pytest.raises(ValueError, match="it needs SERVICE_TOKEN"):
            serve.command_from_environment({"SERVICE": service, **oidc})
        with pytest.raises(ValueError, match="it needs SERVICE_TOKEN"):
            serve.command_from_environment(
                {"SERVICE": service, "OIDC_TOKEN_URL": "http://keycloak:8080/token", **oidc}
            )
        assert serve.command_from_environment({"SERVICE": service, "SERVICE_TOKEN": "t", **oidc})
        assert serve.command_from_environment({"SERVICE": service, **client, **oidc})
    # Trajectory calls no one; without an identity provider tokens are minted locally.
    assert serve.command_from_environment({"SERVICE": "trajectory", **oidc})
    assert serve.command_from_environment({"SERVICE": "intake"})


def test_main_exits_2_without_a_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SERVICE", raising=False)
    assert serve.main() == 2


def test_the_health_check_fails_when_nothing_listens() -> None:
    assert not healthcheck.ready(f"http://127.0.0.1:{free_port()}/health/ready", timeout=1)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path, Path]]:
    url = testing.create_scratch_database("intake", tmp_path)
    port = free_port()
    started_file = tmp_path / "started"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "ENVIRONMENT": "test",
        "INTAKE_DATABASE_URL": url,
        "INTAKE_RUN_BACKGROUND_JOBS": "false",
        "BALANS_TEST_STARTED_FILE": str(started_file),
        "PORT": str(port),
    }
    command = serve.uvicorn_command("tests.deploy.slow_app:create_app", host="127.0.0.1", port=port)
    log = tmp_path / "uvicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, cwd=REPO_ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while not healthcheck.ready(f"http://127.0.0.1:{port}/health/ready", timeout=1):
            assert process.poll() is None, "uvicorn exited during start-up"
            assert time.monotonic() < deadline, "not ready within 60 s"
            time.sleep(0.1)
        yield process, port, started_file, log
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        testing.drop_scratch_database(url)


def test_sigterm_lets_the_request_in_flight_finish(
    server: tuple[subprocess.Popen[bytes], int, Path, Path],
) -> None:
    process, port, started_file, log = server
    env = {**os.environ, "PORT": str(port)}
    check = subprocess.run(
        [sys.executable, "-m", "deploy.healthcheck"], env=env, cwd=REPO_ROOT, check=False
    )
    assert check.returncode == 0

    answers: list[httpx.Response | BaseException] = []

    def call() -> None:
        try:
            answers.append(httpx.get(f"http://127.0.0.1:{port}/test/langzaam", timeout=30))
        except BaseException as exc:
            answers.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 30
    while not started_file.exists():
        assert time.monotonic() < deadline, "the slow request never started"
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    caller.join(timeout=30)

    assert len(answers) == 1
    answer = answers[0]
    assert isinstance(answer, httpx.Response), answer
    assert answer.status_code == 200
    assert answer.json() == {"status": "afgemaakt"}
    # uvicorn re-raises the signal it stopped for once shutdown is complete.
    assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    output = log.read_text()
    assert "Waiting for application shutdown." in output
    assert "Application shutdown complete." in output
    assert not healthcheck.ready(f"http://127.0.0.1:{port}/health/ready", timeout=1)
