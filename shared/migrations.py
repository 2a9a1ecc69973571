"""Alembic, driven from code: one migration history per service, run at start-up and in tests."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from shared.db import create_db_engine, is_sqlite


def alembic_config(script_location: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(url: str, script_location: Path) -> None:
    """Bring the database at `url` to the newest revision of the service's history."""
    command.upgrade(alembic_config(script_location, url), "head")


@functools.cache
def head_revisions(script_location: Path) -> frozenset[str]:
    """The newest revisions of a history (read once: the files do not change while running)."""
    return frozenset(ScriptDirectory(str(script_location)).get_heads())


def is_at_head(engine: Engine, script_location: Path) -> bool:
    """Whether the database has every migration of the service's history (readiness check)."""
    with engine.connect() as connection:
        try:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
            current = frozenset(rows)
        except (OperationalError, ProgrammingError):
            return False  # no alembic_version table: never migrated
    return current == head_revisions(script_location)


def run_env(target_metadata: MetaData) -> None:
    """The body of every service's `migrations/env.py` (online mode only)."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("sqlalchemy.url is not set; migrations run through shared.migrations")
    # No statement timeout: the one that guards requests (15 s) would fail an index build or a
    # backfill on a large table halfway.
    engine = create_db_engine(url, statement_timeout_ms=0)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite(engine),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
