"""Scratch databases for a benchmark: created, migrated, seeded fast, cloned per run, dropped.

SQLite: a file in a temporary directory, cloned by copying the file. PostgreSQL: a database on
the server (as shared/testing.py does it), cloned with `CREATE DATABASE ... TEMPLATE`. Seeding
uses Core `executemany` in one transaction on SQLite and `COPY` on PostgreSQL, never the ORM.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from shared.db import create_db_engine
from tests.bench.scenario import SQLITE, engine_of

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NAME_PREFIX = "balans_bench_"


def postgres_available(server_url: str) -> bool:
    engine = sa.create_engine(make_url(server_url), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()
    return True


def _admin(server_url: str) -> sa.Engine:
    return sa.create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")


def create_database(engine: str, label: str, directory: Path, server_url: str) -> str:
    """A new, empty database; `label` goes into its name."""
    suffix = uuid.uuid4().hex[:8]
    if engine == SQLITE:
        return f"sqlite:///{directory / f'{label}-{suffix}.db'}"
    name = f"{NAME_PREFIX}{label.replace('-', '_')}_{suffix}"
    admin = _admin(server_url)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def clone_database(url: str, label: str, server_url: str) -> str:
    """A copy of a seeded database, so every measured run starts from the same rows."""
    parsed = make_url(url)
    suffix = uuid.uuid4().hex[:8]
    if engine_of(url) == SQLITE:
        source = Path(parsed.database or "")
        target = source.with_name(f"{label}-{suffix}.db")
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"
    name = f"{NAME_PREFIX}{label.replace('-', '_')}_{suffix}"
    admin = _admin(server_url)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{parsed.database}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, server_url: str) -> None:
    parsed = make_url(url)
    if engine_of(url) == SQLITE:
        path = Path(parsed.database or "")
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            candidate.unlink(missing_ok=True)
        return
    admin = _admin(server_url)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def settle(url: str) -> None:
    """After seeding: statistics for the planner, and a SQLite file without a pending WAL."""
    if engine_of(url) == SQLITE:
        connection = sqlite3.connect(make_url(url).database or "", isolation_level=None)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        return
    engine = sa.create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    finally:
        engine.dispose()


def bulk_insert(url: str, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows fast: one executemany transaction (SQLite) or COPY (PostgreSQL).

    Every row must have the same keys. JSON columns take Python values; datetimes are aware.
    """
    if not rows:
        return
    if engine_of(url) == SQLITE:
        engine = create_db_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(table.insert(), list(rows))
        finally:
            engine.dispose()
        return
    import psycopg

    columns = list(rows[0].keys())
    json_columns = {c.name for c in table.columns if isinstance(c.type, sa.JSON)}
    parsed = make_url(url)
    quoted = ", ".join(f'"{name}"' for name in columns)
    with (
        psycopg.connect(
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username,
            password=parsed.password,
            dbname=parsed.database,
        ) as connection,
        connection.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(
                [json.dumps(row[name]) if name in json_columns else row[name] for name in columns]
            )
