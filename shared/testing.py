"""Test support every service's tests use: a migrated database per service on SQLite or
PostgreSQL, emptied between tests, and development tokens.

Set `BALANS_TEST_POSTGRES_URL` (e.g. `postgresql+psycopg://postgres@127.0.0.1:5432/postgres`)
to run the suite on PostgreSQL: each service then gets a scratch database of its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shared.auth import mint_token
from shared.db import create_db_engine, is_sqlite
from shared.migrations import upgrade_to_head
from shared.settings import DEVELOPMENT_JWT_SECRET

POSTGRES_ENV = "BALANS_TEST_POSTGRES_URL"
# Tests and benchmarks push far faster than a creditor may; the limiter has tests of its own.
NO_RATE_LIMITS = {
    "RATE_LIMIT_PER_CREDITOR": "1000000/second",
    "RATE_LIMIT_PER_CLIENT": "1000000/second",
}


def postgres_server_url() -> str | None:
    """The PostgreSQL server the suite runs against, or None for SQLite."""
    return os.environ.get(POSTGRES_ENV) or None


def create_scratch_database(service: str, directory: Path) -> str:
    """A new, empty database for one service: a SQLite file, or a PostgreSQL database."""
    server = postgres_server_url()
    if server is None:
        return f"sqlite:///{directory / (service + '.db')}"
    name = f"balans_test_{service}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_scratch_database(url: str) -> None:
    if is_sqlite(url):
        return
    server = postgres_server_url()
    assert server is not None
    name = make_url(url).database
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def migrated_database(service: str, directory: Path, migrations: Path) -> str:
    url = create_scratch_database(service, directory)
    upgrade_to_head(url, migrations)
    return url


def empty_all_tables(url: str, table_names: Iterable[str]) -> None:
    """Delete every row (keeping the schema and alembic's version), so each test starts clean."""
    names = [name for name in table_names if name != "alembic_version"]
    engine = create_db_engine(url)
    with engine.begin() as connection:
        if is_sqlite(engine):
            connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            for name in names:
                # Table names come from the service's own MetaData, not from input.
                connection.exec_driver_sql(f'DELETE FROM "{name}"')  # noqa: S608
        elif names:
            quoted = ", ".join(f'"{name}"' for name in names)
            connection.exec_driver_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    engine.dispose()


def token(
    *roles: str,
    creditor_id: str | None = None,
    partner_type: str | None = None,
    subject: str = "test-user",
) -> str:
    """A development bearer token with these roles."""
    return mint_token(
        secret=DEVELOPMENT_JWT_SECRET,
        subject=subject,
        roles=roles,
        creditor_id=creditor_id,
        partner_type=partner_type,
    )


def auth_header(*roles: str, **claims: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(*roles, **claims)}"}
