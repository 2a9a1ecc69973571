"""What a benchmark scenario is: a service, a seed, a request for wrk and a baseline handler.

A scenario is measured twice in the same run, on a copy of the same seeded database: once
against the service (its real app, as `make run` starts it) and once against a *baseline*, a bare
FastAPI `async def` endpoint that does the same minimal database work with the raw driver
(sqlite3 or psycopg). The figure that matters is the ratio of the two.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.engine import make_url

SQLITE = "sqlite"
POSTGRES = "postgres"
ENGINES = (SQLITE, POSTGRES)


def engine_of(url: str) -> str:
    """`sqlite` or `postgres` for a SQLAlchemy URL."""
    return SQLITE if make_url(url).get_backend_name() == "sqlite" else POSTGRES


def lua_string(value: str) -> str:
    """A Python string as a Lua string literal (for constant parts of a request)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@dataclass(frozen=True)
class RequestSpec:
    """One request shape for wrk. `path` and `body` are Lua *expressions*, evaluated per request.

    The generated script offers these Lua helpers (the random seed is set in `init()`):
    `rand_int(a, b)`, `uid()` (32 hex characters, unique per run), `seq()` (1, 2, 3, ... per
    thread) and `json_str(s)` (a quoted JSON string). Constant text: `lua_string("...")`.
    Lua long strings hold JSON without escaping: `body='[[{"key":"]] .. uid() .. [["}]]'`.
    Example: `path='"/v1/events?after=" .. rand_int(0, 99900) .. "&limit=100"'`.
    """

    method: str
    path: str
    body: str | None = None
    roles: Sequence[str] = ()
    creditor_id: str | None = None
    partner_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    lua_prelude: str = ""  # extra Lua (tables, local functions) the expressions may use


@dataclass(frozen=True)
class SeedContext:
    """What a seed function gets: the migrated database and a fast bulk insert."""

    url: str
    engine: str
    metadata: sa.MetaData
    plumbing: Any  # shared.plumbing.PlumbingTables
    bulk_insert: Callable[[sa.Table, Sequence[Mapping[str, Any]]], None]


class RawDb:
    """The raw driver, as the baseline uses it: one connection, opened at start, used inline.

    SQL is written with `?` placeholders; on PostgreSQL they become `%s`. Reads run in
    autocommit; `transaction()` wraps writes (`BEGIN IMMEDIATE` on SQLite, as the services do).
    """

    def __init__(self, url: str) -> None:
        self.engine = engine_of(url)
        parsed = make_url(url)
        self._sql: dict[str, str] = {}
        if self.engine == SQLITE:
            self.connection: Any = sqlite3.connect(
                parsed.database or ":memory:", isolation_level=None, check_same_thread=False
            )
            for pragma in (
                "journal_mode=WAL",
                "foreign_keys=ON",
                "busy_timeout=5000",
                "synchronous=NORMAL",
            ):
                self.connection.execute(f"PRAGMA {pragma}")
        else:
            import psycopg

            self.connection = psycopg.connect(
                host=parsed.host or "127.0.0.1",
                port=parsed.port or 5432,
                user=parsed.username,
                password=parsed.password,
                dbname=parsed.database,
                autocommit=True,
            )

    def _q(self, sql: str) -> str:
        if self.engine == SQLITE:
            return sql
        converted = self._sql.get(sql)
        if converted is None:
            converted = self._sql[sql] = sql.replace("?", "%s")
        return converted

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.execute(self._q(sql), params)
        return list(cursor.fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.connection.execute(self._q(sql), params).fetchone()
        return row

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(self._q(sql), params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.engine == POSTGRES:
            with self.connection.transaction():
                yield
            return
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def timestamp(self, value: datetime) -> Any:
        """A timestamp as a parameter: SQLAlchemy's text form on SQLite, a datetime otherwise."""
        if self.engine == SQLITE:
            return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return value

    def json(self, value: Any) -> Any:
        """A JSON column's value as read: text on SQLite, already decoded on PostgreSQL."""
        return json.loads(value) if isinstance(value, str | bytes) else value

    def close(self) -> None:
        self.connection.close()


Baseline = Callable[[FastAPI, RawDb], None]


@dataclass(frozen=True)
class Scenario:
    """A load scenario: seed the service's database, hit it with `request`, compare to `baseline`.

    - `service`: the service whose app is measured (`services.<service>.app:create_app`).
    - `seed`: fills the migrated database (use `ctx.bulk_insert`: executemany or COPY).
    - `request`: what wrk sends (Lua expressions, see RequestSpec).
    - `baseline`: registers the same route on a bare FastAPI app, doing the same minimal
      database work with `RawDb`; the baseline app has no auth, middleware or sessions.
    """

    name: str
    service: str
    description: str
    seed: Callable[[SeedContext], None]
    request: RequestSpec
    baseline: Baseline
    engines: Sequence[str] = ENGINES
    connections: int = 64
    threads: int = 1
    env: Mapping[str, str] = field(default_factory=dict)  # extra environment for the service
