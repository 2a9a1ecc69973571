"""`python -m deploy.migrate`: the migration step of compose and of the Kubernetes Jobs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy import migrate
from shared import testing
from shared.db import create_db_engine
from shared.migrations import is_at_head
from tests.conftest import SERVICES

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_databases(tmp_path: Path) -> Iterator[dict[str, str]]:
    urls = {name: testing.create_scratch_database(name, tmp_path) for name in SERVICES}
    yield urls
    for url in urls.values():
        testing.drop_scratch_database(url)


def at_head(name: str, url: str) -> bool:
    engine = create_db_engine(url)
    try:
        return is_at_head(engine, SERVICES[name][0].migrations)
    finally:
        engine.dispose()


def test_all_four_databases_are_brought_to_head_and_a_rerun_changes_nothing(
    empty_databases: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, url in empty_databases.items():
        monkeypatch.setenv(f"{name.upper()}_DATABASE_URL", url)
        assert not at_head(name, url)
    assert migrate.main(["--all"]) == 0
    assert all(at_head(name, url) for name, url in empty_databases.items())
    assert migrate.main(["intake", "reporting"]) == 0
    assert all(at_head(name, url) for name, url in empty_databases.items())


def test_one_service_only(empty_databases: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, url in empty_databases.items():
        monkeypatch.setenv(f"{name.upper()}_DATABASE_URL", url)
    assert migrate.main(["signals"]) == 0
    assert at_head("signals", empty_databases["signals"])
    assert not at_head("intake", empty_databases["intake"])


@pytest.mark.postgres
@pytest.mark.skipif(testing.postgres_server_url() is None, reason="needs PostgreSQL")
def test_two_runs_at_once_take_turns_and_both_succeed(empty_databases: dict[str, str]) -> None:
    # A retried Job next to a replica's init container: the advisory lock makes them take turns.
    env = {**os.environ, "TRAJECTORY_DATABASE_URL": empty_databases["trajectory"]}
    command = [sys.executable, "-m", "deploy.migrate", "trajectory"]
    runs = [
        subprocess.Popen(command, env=env, cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outcomes = [(run.wait(timeout=120), run.communicate()[1]) for run in runs]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert at_head("trajectory", empty_databases["trajectory"])


def test_the_command_line_names_what_it_did_and_hides_the_password(
    empty_databases: dict[str, str],
) -> None:
    env = {**os.environ, "INTAKE_DATABASE_URL": empty_databases["intake"]}
    done = subprocess.run(
        [sys.executable, "-m", "deploy.migrate", "intake"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("intake: at head (")
    assert at_head("intake", empty_databases["intake"])


@pytest.mark.parametrize("argv", [[], ["rapportage"], ["intake", "nope"]])
def test_a_missing_or_unknown_service_is_a_usage_error(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        migrate.main(argv)
    assert stopped.value.code == 2


def test_an_unreachable_database_fails_with_status_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "INTAKE_DATABASE_URL", "postgresql+psycopg://balans:geheim@127.0.0.1:1/balans_intake"
    )
    assert migrate.main(["intake"]) == 1
    error = capsys.readouterr().err
    assert "intake: migration failed" in error
    assert "geheim" not in error
