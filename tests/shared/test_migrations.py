"""Migrations run without the statement timeout that guards requests on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from shared import testing
from shared.db import create_db_engine
from shared.migrations import upgrade_to_head

pytestmark = pytest.mark.skipif(testing.postgres_server_url() is None, reason="needs PostgreSQL")

ENV = """
import sqlalchemy as sa
from shared.migrations import run_env

run_env(sa.MetaData())
"""

# A migration that writes down the statement timeout it ran under.
REVISION = """
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.execute("CREATE TABLE gezien (timeout text)")
    op.execute("INSERT INTO gezien SELECT current_setting('statement_timeout')")
"""


@pytest.fixture
def scratch_url(tmp_path: Path):
    url = testing.create_scratch_database("migratie", tmp_path)
    yield url
    testing.drop_scratch_database(url)


def test_requests_run_under_the_statement_timeout(scratch_url: str) -> None:
    engine = create_db_engine(scratch_url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SHOW statement_timeout")).scalar_one() == "15s"
    engine.dispose()


def test_a_migration_runs_without_a_statement_timeout(tmp_path: Path, scratch_url: str) -> None:
    scripts = tmp_path / "migrations"
    (scripts / "versions").mkdir(parents=True)
    (scripts / "env.py").write_text(ENV)
    (scripts / "versions" / "0001_gezien.py").write_text(REVISION)
    upgrade_to_head(scratch_url, scripts)
    engine = create_db_engine(scratch_url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT timeout FROM gezien")).scalar_one() == "0"
    engine.dispose()
