"""Fixtures for the whole suite: each service's app on a migrated database, emptied per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.intake.app import SPEC as INTAKE
from services.intake.app import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.reporting.app import SPEC as REPORTING
from services.reporting.app import create_app as create_reporting
from services.reporting.settings import ReportingSettings
from services.signals.app import SPEC as SIGNALS
from services.signals.app import create_app as create_signals
from services.signals.settings import SignalsSettings
from services.trajectory.app import SPEC as TRAJECTORY
from services.trajectory.app import create_app as create_trajectory
from services.trajectory.settings import TrajectorySettings
from shared import testing
from shared.app import ServiceSpec
from shared.settings import ServiceSettings
from tests.proof.verwerkingslog import VerwerkingslogClient, ongeteste_operaties

# Services built here or started as processes (they inherit the environment) admit every push.
for _name, _value in testing.NO_RATE_LIMITS.items():
    os.environ.setdefault(_name, _value)

SERVICES: dict[str, tuple[ServiceSpec, Callable[..., FastAPI], type[ServiceSettings]]] = {
    "intake": (INTAKE, create_intake, IntakeSettings),
    "signals": (SIGNALS, create_signals, SignalsSettings),
    "trajectory": (TRAJECTORY, create_trajectory, TrajectorySettings),
    "reporting": (REPORTING, create_reporting, ReportingSettings),
}


@pytest.fixture(scope="session")
def service_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One migrated database per service for the whole session."""
    directory = tmp_path_factory.mktemp("databases")
    urls = {
        name: testing.migrated_database(name, directory, spec.migrations)
        for name, (spec, _, _) in SERVICES.items()
    }
    yield urls
    for url in urls.values():
        testing.drop_scratch_database(url)


AppFactory = Callable[..., FastAPI]


@pytest.fixture
def make_app(service_databases: dict[str, str]) -> Iterator[Callable[..., FastAPI]]:
    """`make_app("intake", **settings)`: the service's app on its test database (not started)."""
    used: set[str] = set()

    def factory(name: str, **overrides: object) -> FastAPI:
        _, create, settings_cls = SERVICES[name]
        used.add(name)
        values: dict[str, object] = {
            "database_url": service_databases[name],
            "environment": "test",
            "run_background_jobs": False,
            **overrides,
        }
        return create(settings_cls(**values))

    yield factory
    for name in used:
        spec = SERVICES[name][0]
        testing.empty_all_tables(service_databases[name], spec.metadata.tables)


@pytest.fixture
def client_for(make_app: Callable[..., FastAPI]) -> Iterator[Callable[..., TestClient]]:
    """`client_for("intake")`: a started TestClient for the service (lifespan run). Every
    successful call of an operation touching a resident's data must write a processing-log record
    (tests/proof/verwerkingslog.py)."""
    with ExitStack() as stack:

        def factory(name: str, **overrides: object) -> TestClient:
            app = make_app(name, **overrides)
            client = VerwerkingslogClient(app, name, raise_server_exceptions=False)
            return stack.enter_context(client)

        yield factory


@pytest.fixture(params=list(SERVICES))
def any_service(request: pytest.FixtureRequest) -> str:
    """Parametrises a test over the four services."""
    name: str = request.param
    return name


def _hele_suite(session: pytest.Session) -> bool:
    """The run selected every test of the suite's folders (a marker filter aside)."""
    config = session.config
    roots = {config.rootpath, config.rootpath / "tests"}
    paths = {(config.invocation_params.dir / arg.split("::")[0]).resolve() for arg in config.args}
    # `lf` exists only with the cache plugin (absent under `-p no:cacheprovider`).
    return paths <= roots and not config.option.keyword and not getattr(config.option, "lf", False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A whole run must have checked every operation that touches a resident's data at least
    once: an operation no test calls successfully is an operation whose logging nobody proves."""
    if exitstatus != 0 or session.shouldstop or not _hele_suite(session):
        return
    missing = ongeteste_operaties({"intake", "signals", "trajectory"})
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"No test called these operations successfully, so their processing-log "
                f"records are unproven (tests/proof/verwerkingen.py): {missing}",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
