"""Database plumbing every service shares: engine, unit of work per request, naming convention.

Balans uses *synchronous* SQLAlchemy 2, called inline from `async def` handlers: on SQLite that is
5x faster than AsyncSession on aiosqlite and 2x faster than a thread-pool hop (PERF.md, and
docs/architecture.md says why). Queries are short; the event loop is blocked for their duration
only. Statement and connect timeouts bound that time when the database is unreachable.

A unit of work is one Core `Connection` in one transaction (called `session` where it is passed
around): the services write SQLAlchemy Core statements only, and the ORM `Session` around them
cost 35 to 45% more per statement and commit (measured: 190 against 120 us for two reads and a
commit on SQLite). `after_transaction_end` stands in for the Session's transaction events.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast
from weakref import WeakKeyDictionary

import orjson
from fastapi import Depends, Request
from pydantic_core import to_jsonable_python
from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    MetaData,
    bindparam,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.concurrency import run_in_threadpool

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 5000
POSTGRES_CONNECT_TIMEOUT_S = 3
POSTGRES_STATEMENT_TIMEOUT_MS = 15000
POSTGRES_POOL_RECYCLE_S = 1800


def new_metadata() -> MetaData:
    """A MetaData with the project's constraint naming convention."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


# Set in a pooled connection's `info` by `read_only_unit_of_work`: its next BEGIN only.
_DEFERRED = "balans.begin_deferred"


class SQLiteImmediate(SQLiteDialect_pysqlite):
    """pysqlite whose every transaction begins with BEGIN IMMEDIATE: SQLite has one writer,
    and taking the lock up front avoids the deadlock of two readers that both want to upgrade
    (pysqlite's own transaction handling is switched off on connect). Begun by the dialect,
    not from a "begin" engine event as SQLAlchemy's SQLite notes show: any connection event
    makes SQLAlchemy dispatch its events around every statement, 25 to 40 us a unit of work."""

    supports_statement_cache = True

    def do_begin(self, dbapi_connection: Any) -> None:
        # A read-only unit of work takes no lock up front (`read_only_unit_of_work`).
        deferred = dbapi_connection.info.pop(_DEFERRED, False)
        dbapi_connection.execute("BEGIN DEFERRED" if deferred else "BEGIN IMMEDIATE")


registry.register("sqlite.balans", __name__, "SQLiteImmediate")


def _prepare_sqlite(engine: Engine) -> None:
    # WAL lets readers go on while one writer writes; foreign keys are off by default in SQLite.
    # A pool event: unlike connection events it costs nothing per statement.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def json_text(value: Any) -> str:
    """A JSON column's text, as the engines write it: orjson (compact, about ten times the
    standard library's speed); what it cannot write natively (Decimal) goes through pydantic's
    conversion. Bulk writers that bypass SQLAlchemy's type processing use it too."""
    return orjson.dumps(value, default=to_jsonable_python).decode()


def create_db_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 10,
    pool_timeout: float = 5.0,
    pool_recycle: int = POSTGRES_POOL_RECYCLE_S,
    statement_timeout_ms: int = POSTGRES_STATEMENT_TIMEOUT_MS,
) -> Engine:
    """Engine for a service database URL (SQLite file or PostgreSQL via psycopg 3); the pool
    settings and the statement timeout (0: none) apply to PostgreSQL.

    A statement's parameters are left out of its errors (`hide_parameters`): they hold BSNs,
    names and addresses, and an unexpected database error is logged with its message."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed.set(drivername="sqlite+balans"),
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            json_serializer=json_text,
            json_deserializer=orjson.loads,
            hide_parameters=True,
        )
        _prepare_sqlite(engine)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    # No pool_pre_ping: it cost a `SELECT 1` round trip on every checkout (170-360 us). After a
    # database restart a stale pooled connection fails its request once (answered 503) and
    # SQLAlchemy then discards the pool; pool_recycle retires connections idle servers may drop.
    return create_engine(
        parsed,
        json_serializer=json_text,
        json_deserializer=orjson.loads,
        hide_parameters=True,
        pool_recycle=pool_recycle,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        connect_args={
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S,
            "options": f"-c statement_timeout={statement_timeout_ms}",
        },
    )


Connect = Callable[[], Connection]
"""Opens a unit of work's connection (`engine.connect`; `app.state.connect`)."""

_AFTER_END: WeakKeyDictionary[Any, list[Callable[[], None]]] = WeakKeyDictionary()


_TRANSACTION_LOCK = select(func.pg_advisory_xact_lock(bindparam("key", type_=BigInteger)))


def transaction_lock(connection: Connection, key: int) -> None:
    """Hold the lock named `key` (a 64-bit integer, the same in every process of the database)
    until the transaction ends, so that transactions taking it go one after the other. On
    PostgreSQL a transaction-scoped advisory lock; SQLite needs nothing, its BEGIN IMMEDIATE
    already lets one writer in at a time."""
    if connection.dialect.name == "postgresql":
        connection.execute(_TRANSACTION_LOCK, {"key": key})


def after_transaction_end(connection: Connection, callback: Callable[[], None]) -> None:
    """Run `callback` once the unit of work on `connection` has committed or rolled back, its
    locks released (at once when no transaction is open). `unit_of_work` and the request's
    unit of work end theirs so."""
    if not connection.in_transaction():
        callback()
        return
    if not isinstance(connection, _LazyConnection):
        # Only a unit of work says when its transaction ends; on another connection the
        # callback would be dropped without a word.
        raise TypeError("after_transaction_end needs a unit of work's connection")
    _AFTER_END.setdefault(connection, []).append(callback)


def _end(connection: Any) -> None:
    for callback in _AFTER_END.pop(connection, ()):
        callback()


class _LazyConnection:
    """A unit of work's connection, checked out from the pool on its first statement, as an
    ORM Session does: a handler that awaits another service before it touches the database
    holds no pooled connection meanwhile (nor, on SQLite, the write lock). Taken eagerly, 64
    such requests emptied the pool of 15 and the 16th waited for a connection on the event
    loop, which the other 15 needed to go on."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._connection: Connection | None = None

    def __getattr__(self, name: str) -> Any:
        # Runs only for what this object lacks: the first use opens the connection; its
        # methods are then kept here, so later calls go straight to them.
        if self._connection is None:
            self._connection = self._connect()
        value = getattr(self._connection, name)
        if callable(value):
            setattr(self, name, value)
        return value

    def in_transaction(self) -> bool:
        return self._connection is not None and self._connection.in_transaction()

    def _finish(self, *, commit: bool) -> None:
        if self._connection is None:
            return
        try:
            if commit:
                self._connection.commit()
            else:
                self._connection.rollback()
        finally:
            try:
                _end(self)
            finally:
                self._connection.close()


@contextmanager
def unit_of_work(connect: Connect) -> Iterator[Connection]:
    """One transaction: commit when the block ends, roll back when it raises. The connection
    is taken from the pool at the first statement (`_LazyConnection`)."""
    connection = _LazyConnection(connect)
    try:
        yield cast(Connection, connection)
    except BaseException:
        connection._finish(commit=False)
        raise
    connection._finish(commit=True)


@contextmanager
def read_only_unit_of_work(connect: Connect) -> Iterator[Connection]:
    """One read-only transaction over one snapshot of the database, for reads that run long
    (the indicators: some fifty queries, seconds at production size). Every statement sees the
    same committed state and no writer waits for it: on PostgreSQL REPEATABLE READ, READ ONLY
    (under READ COMMITTED each statement would see what was committed since the one before);
    on SQLite a DEFERRED transaction, which in WAL mode holds no lock a writer waits for (the
    BEGIN IMMEDIATE of `unit_of_work` would hold the one write lock throughout), with `PRAGMA
    query_only` so that a write is refused there too. Rolled back at the end."""
    with connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.info[_DEFERRED] = True
        else:
            connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        driver = connection.connection.driver_connection if sqlite else None
        try:
            with connection.begin() as transaction:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA query_only = ON")
                yield connection
                transaction.rollback()
        finally:
            if driver is not None and not connection.invalidated:
                connection.info.pop(_DEFERRED, None)
                # Outside any transaction (pysqlite's own handling is off): the pooled
                # connection writes again; PostgreSQL's options end with the checkout.
                driver.execute("PRAGMA query_only = OFF")


_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+")


@contextmanager
def read_only_snapshot(connect: Connect, count: int) -> Iterator[list[Connection]]:
    """`count` read-only units of work (as `read_only_unit_of_work`) that all see one and the
    same snapshot, so that one long read can be split over threads and still add up. On
    PostgreSQL the first exports its snapshot and the others import it (`SET TRANSACTION
    SNAPSHOT`). On SQLite a snapshot is taken at a transaction's first read, so the readers
    take theirs while another connection holds the write lock (BEGIN IMMEDIATE): no commit can
    land between them. That lock is held for the few statements this takes, not for the read."""
    if count < 1:
        raise ValueError("count must be at least 1")
    with ExitStack() as stack:
        first = stack.enter_context(read_only_unit_of_work(connect))
        if count == 1:
            yield [first]
            return
        if first.dialect.name == "postgresql":
            snapshot = first.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            if not _SNAPSHOT_ID.fullmatch(snapshot):  # interpolated below: SET takes no parameters
                raise ValueError(f"unexpected snapshot id {snapshot!r}")
            readers = [first]
            for _ in range(count - 1):
                reader = stack.enter_context(read_only_unit_of_work(connect))
                reader.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                readers.append(reader)
            yield readers
            return
        with connect() as holder, holder.begin() as lock:  # BEGIN IMMEDIATE: no commits now
            readers = [first]
            readers += [
                stack.enter_context(read_only_unit_of_work(connect)) for _ in range(count - 1)
            ]
            for reader in readers:
                reader.exec_driver_sql("SELECT count(*) FROM sqlite_master")  # takes its snapshot
            lock.rollback()
        yield readers


async def read_only_in_thread(connect: Connect, read: Callable[[Connection], T]) -> T:
    """`read` on a `read_only_unit_of_work`, in a worker thread: the event loop goes on serving
    health checks, metrics, the poller and other requests meanwhile. For reads that take
    longer than a request may hold the loop; short reads run inline (module docstring)."""
    return await read_only_snapshot_in_thread(connect, 1, lambda readers: read(readers[0]))


async def read_only_snapshot_in_thread(
    connect: Connect, count: int, read: Callable[[list[Connection]], T]
) -> T:
    """`read` on the `count` readers of a `read_only_snapshot`, started in a worker thread
    (`read` spreads its work over threads of its own, one per reader)."""

    def run() -> T:
        with read_only_snapshot(connect, count) as readers:
            return read(readers)

    return await run_in_threadpool(run)


def database_reachable(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError):
        return False
    return True


async def request_session(request: Request) -> AsyncIterator[Connection]:
    """The request's unit of work: the handler's changes are committed once, after it returns.

    An `async def` generator, so FastAPI runs it on the event loop instead of a worker thread.
    Registered with scope="function" so the commit happens before the response is sent.
    """
    connect: Connect = request.app.state.connect
    with unit_of_work(connect) as connection:
        yield connection


def database_unavailable(exc: Exception) -> bool:
    """Whether an error means the database cannot be reached (answered 503, not 500)."""
    return isinstance(exc, OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )


DbSession = Annotated[Connection, Depends(request_session, scope="function")]
