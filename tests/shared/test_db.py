"""The unit of work: one connection, one transaction, and what runs once it has ended."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import pytest
import sqlalchemy as sa

from shared.db import after_transaction_end, create_db_engine, new_metadata, unit_of_work

metadata = new_metadata()
regel = sa.Table("regel", metadata, sa.Column("id", sa.Integer, primary_key=True))


@pytest.fixture
def engine(tmp_path: Path) -> sa.Engine:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    metadata.create_all(engine)
    return engine


def _aantal(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(regel)).scalar_one())


def test_the_block_is_committed_when_it_ends(engine: sa.Engine) -> None:
    with unit_of_work(engine.connect) as connection:
        connection.execute(regel.insert().values(id=1))
    assert _aantal(engine) == 1


def _faalt_halverwege(engine: sa.Engine, na_de_insert: Callable[[sa.Connection], None]) -> None:
    with unit_of_work(engine.connect) as connection:
        connection.execute(regel.insert().values(id=1))
        na_de_insert(connection)
        raise RuntimeError("halverwege")


def test_the_block_is_rolled_back_when_it_raises(engine: sa.Engine) -> None:
    with pytest.raises(RuntimeError, match="halverwege"):
        _faalt_halverwege(engine, lambda _connection: None)
    assert _aantal(engine) == 0


def test_callbacks_run_after_the_commit_with_the_lock_released(engine: sa.Engine) -> None:
    gezien: list[int] = []

    def schrijf_apart() -> None:
        # A second connection can write: the unit of work's SQLite write lock is gone.
        with engine.begin() as other:
            other.execute(regel.insert().values(id=2))
        gezien.append(_aantal(engine))

    with unit_of_work(engine.connect) as connection:
        connection.execute(regel.insert().values(id=1))
        after_transaction_end(connection, schrijf_apart)
        assert gezien == []
    assert gezien == [2]


def test_callbacks_run_after_a_rollback_too(engine: sa.Engine) -> None:
    gezien: list[int] = []

    def na_de_insert(connection: sa.Connection) -> None:
        after_transaction_end(connection, lambda: gezien.append(_aantal(engine)))

    with pytest.raises(RuntimeError, match="halverwege"):
        _faalt_halverwege(engine, na_de_insert)
    assert gezien == [0]


def test_a_callback_runs_at_once_without_an_open_transaction(engine: sa.Engine) -> None:
    gezien: list[str] = []
    with unit_of_work(engine.connect) as connection:
        after_transaction_end(connection, lambda: gezien.append("nu"))
        assert gezien == ["nu"]
    assert gezien == ["nu"]


def test_a_callback_on_a_transaction_outside_a_unit_of_work_is_refused(engine: sa.Engine) -> None:
    # Nothing would run it: only a unit of work tells when its transaction ends.
    with engine.begin() as connection:
        connection.execute(regel.insert().values(id=1))
        with pytest.raises(TypeError, match="unit of work"):
            after_transaction_end(connection, lambda: None)


def test_callbacks_run_once_and_do_not_follow_the_pooled_connection(engine: sa.Engine) -> None:
    gezien: list[int] = []
    with unit_of_work(engine.connect) as connection:
        connection.execute(regel.insert().values(id=1))
        after_transaction_end(connection, lambda: gezien.append(1))
    with unit_of_work(engine.connect) as connection:
        connection.execute(regel.insert().values(id=2))
    assert gezien == [1]


def test_the_pool_gives_a_connection_at_the_first_statement_only(engine: sa.Engine) -> None:
    # A request awaiting another service before its first statement holds none meanwhile:
    # more such requests than the pool has connections must not wait for one.
    with ExitStack() as stack:
        units = [stack.enter_context(unit_of_work(engine.connect)) for _ in range(40)]
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        units[0].execute(regel.insert().values(id=1))
        assert engine.pool.checkedout() == 1  # type: ignore[attr-defined]
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert _aantal(engine) == 1


def test_a_sqlite_transaction_takes_the_write_lock_at_its_first_statement(tmp_path: Path) -> None:
    # BEGIN IMMEDIATE, even for a read: a second writer is refused at once (no busy wait).
    engine = create_db_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    metadata.create_all(engine)
    assert not engine._has_events  # no connection events: none dispatched per statement
    other = sqlite3.connect(tmp_path / "db.sqlite", timeout=0, isolation_level=None)
    try:
        with unit_of_work(engine.connect) as connection:
            connection.execute(sa.select(regel.c.id)).all()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once the unit of work has ended
        other.execute("ROLLBACK")
    finally:
        other.close()
