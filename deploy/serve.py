"""The container's entry point: run one service, chosen by `SERVICE`, under uvicorn.

    SERVICE=intake python -m deploy.serve

One uvicorn worker per container (uvloop + httptools); scale by adding replicas. `HOST` and
`PORT` (default 0.0.0.0:8000) say where it listens. On SIGTERM uvicorn stops accepting
connections, lets requests in flight finish for up to `GRACEFUL_SHUTDOWN_SECONDS` (default 20,
below Kubernetes' 30 s grace period) and then runs the app's shutdown (background jobs stop, the
pool is closed).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

SERVICE_NAMES = ("intake", "signals", "trajectory", "reporting")
# The services that call others (docs/operations.md, NetworkPolicies): they need a token for it.
CALLERS = frozenset({"intake", "signals", "reporting"})
DEFAULT_PORT = 8000
DEFAULT_GRACEFUL_SHUTDOWN_SECONDS = 20


def uvicorn_command(
    app: str,
    *,
    host: str = "0.0.0.0",  # noqa: S104 - a container listens on its own interface
    port: int = DEFAULT_PORT,
    graceful_shutdown_seconds: int = DEFAULT_GRACEFUL_SHUTDOWN_SECONDS,
) -> list[str]:
    """The uvicorn command line for an app factory `module:function`."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--factory",
        "--host",
        host,
        "--port",
        str(port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--workers",
        "1",
        "--no-access-log",
        "--no-server-header",
        "--timeout-graceful-shutdown",
        str(graceful_shutdown_seconds),
    ]


def command_from_environment(env: Mapping[str, str]) -> list[str]:
    """The command for `SERVICE`, `HOST`, `PORT` and `GRACEFUL_SHUTDOWN_SECONDS`."""
    service = env.get("SERVICE", "")
    if service not in SERVICE_NAMES:
        raise ValueError(f"SERVICE must be one of {', '.join(SERVICE_NAMES)}, not {service!r}")
    own_token = env.get("SERVICE_TOKEN") or (
        env.get("OIDC_TOKEN_URL") and env.get("SERVICE_CLIENT_ID")
    )
    if service in CALLERS and env.get("JWT_JWKS_URL") and not own_token:
        # Without it the outbox relay and the pollers would fail on every call, in the logs only.
        raise ValueError(
            f"{service} calls other services: with JWT_JWKS_URL it needs SERVICE_TOKEN, or "
            "OIDC_TOKEN_URL and SERVICE_CLIENT_ID (client credentials)"
        )
    return uvicorn_command(
        f"services.{service}.app:create_app",
        host=env.get("HOST", "0.0.0.0"),  # noqa: S104
        port=int(env.get("PORT", DEFAULT_PORT)),
        graceful_shutdown_seconds=int(
            env.get("GRACEFUL_SHUTDOWN_SECONDS", DEFAULT_GRACEFUL_SHUTDOWN_SECONDS)
        ),
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        command = command_from_environment(os.environ)
    except ValueError as exc:
        print(f"deploy.serve: {exc}", file=sys.stderr)
        return 2
    # Replace this process, so uvicorn is PID 1's direct successor and gets SIGTERM itself.
    os.execv(command[0], command)  # noqa: S606
    return 0  # pragma: no cover - execv does not return


if __name__ == "__main__":
    sys.exit(main())
