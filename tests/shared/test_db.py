"""The unit of work: one connection, one transaction, and what runs once it has ended."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import sqlalchemy as sa

from shared import testing
from shared.db import (
    after_transaction_end,
    create_db_engine,
    new_metadata,
    read_only_in_thread,
    read_only_snapshot,
    read_only_unit_of_work,
    transaction_lock,
    unit_of_work,
)

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


# ---- read-only units of work, on both engines (PostgreSQL with BALANS_TEST_POSTGRES_URL) ------


@pytest.fixture
def beide(tmp_path: Path) -> Iterator[sa.Engine]:
    url = testing.create_scratch_database("alleen-lezen", tmp_path)
    engine = create_db_engine(url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()
    testing.drop_scratch_database(url)


def test_a_transaction_lock_is_held_until_the_transaction_ends(beide: sa.Engine) -> None:
    """Transactions that take the same lock go one after the other (PostgreSQL: an advisory
    lock; SQLite: its one writer, so no statement at all)."""
    sqlite = beide.dialect.name == "sqlite"
    executed: list[str] = []
    sa.event.listen(beide, "before_cursor_execute", lambda *a: executed.append(a[2]))
    probe = sa.select(sa.func.pg_try_advisory_xact_lock(sa.literal(42, sa.BigInteger)))
    with unit_of_work(beide.connect) as connection:
        transaction_lock(connection, 42)
        if not sqlite:
            with beide.connect() as other:  # another transaction cannot take it meanwhile
                assert other.execute(probe).scalar_one() is False
    if sqlite:
        assert executed == []
    else:
        with beide.connect() as other:  # released at the commit
            assert other.execute(probe).scalar_one() is True


def test_a_failed_statement_does_not_carry_its_parameters(beide: sa.Engine) -> None:
    """An unexpected database error is logged with its message: the values bound to the
    statement (a BSN, a name) must not be in it."""
    persoon = sa.table("persoon_zonder_tabel", sa.column("bsn"))
    with pytest.raises(sa.exc.DBAPIError) as raised, beide.connect() as connection:
        connection.execute(persoon.insert().values(bsn="123456782"))
    assert "123456782" not in str(raised.value)
    assert "hidden due to hide_parameters" in str(raised.value)


def test_a_read_only_unit_of_work_sees_one_snapshot_and_holds_no_writer_up(
    beide: sa.Engine,
) -> None:
    with unit_of_work(beide.connect) as connection:
        connection.execute(regel.insert().values(id=1))
    with read_only_unit_of_work(beide.connect) as lezer:
        assert _aantal_in(lezer) == 1
        # A writer commits meanwhile (on SQLite it would wait for BEGIN IMMEDIATE's lock).
        with unit_of_work(beide.connect) as connection:
            connection.execute(regel.insert().values(id=2))
        assert _aantal_in(lezer) == 1  # the snapshot of its first statement
    assert _aantal(beide) == 2


def test_a_read_only_unit_of_work_refuses_a_write(beide: sa.Engine) -> None:
    with pytest.raises(sa.exc.DBAPIError), read_only_unit_of_work(beide.connect) as lezer:
        lezer.execute(regel.insert().values(id=1))
    assert _aantal(beide) == 0


def test_the_pooled_connection_writes_with_its_lock_again_afterwards(beide: sa.Engine) -> None:
    with read_only_unit_of_work(beide.connect) as lezer:
        _aantal_in(lezer)
    with unit_of_work(beide.connect) as connection:
        connection.execute(regel.insert().values(id=1))
        if beide.dialect.name == "sqlite":
            # The same pooled connection: writable, and its transaction began IMMEDIATE.
            assert connection.exec_driver_sql("PRAGMA query_only").scalar_one() == 0
            assert beide.pool.checkedout() == 1  # type: ignore[attr-defined]
    assert _aantal(beide) == 1


def test_a_read_in_a_thread_leaves_the_event_loop_free(beide: sa.Engine) -> None:
    begonnen, verder = threading.Event(), threading.Event()

    def lang_lezen(lezer: sa.Connection) -> tuple[int, int]:
        begonnen.set()
        assert verder.wait(10)
        return threading.get_ident(), _aantal_in(lezer)

    async def scenario() -> tuple[int, int]:
        lezing = asyncio.create_task(read_only_in_thread(beide.connect, lang_lezen))
        # The loop runs other work while the read waits: here, what lets the read finish.
        assert await asyncio.to_thread(begonnen.wait, 10)
        verder.set()
        return await asyncio.wait_for(lezing, 10)

    draad, aantal = asyncio.run(scenario())
    assert draad != threading.get_ident()
    assert aantal == 0


def _aantal_in(connection: sa.Connection) -> int:
    return int(connection.execute(sa.select(sa.func.count()).select_from(regel)).scalar_one())


def test_readers_of_one_snapshot_see_the_same_commits_while_a_writer_goes_on(
    beide: sa.Engine,
) -> None:
    stop, geschreven = threading.Event(), [0]

    def schrijver() -> None:
        while not stop.is_set():
            with unit_of_work(beide.connect) as connection:
                connection.execute(regel.insert().values(id=geschreven[0] + 1))
            geschreven[0] += 1

    draad = threading.Thread(target=schrijver)
    draad.start()
    try:
        gezien = []
        for _ in range(40):
            with read_only_snapshot(beide.connect, 3) as lezers:
                gezien.append([_aantal_in(lezer) for lezer in lezers])
    finally:
        stop.set()
        draad.join(10)
    assert all(len(set(aantallen)) == 1 for aantallen in gezien), gezien
    assert gezien[-1][0] > gezien[0][0], "the writer committed between the snapshots"
    assert _aantal(beide) == geschreven[0]
    assert beide.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_every_reader_of_a_snapshot_refuses_a_write(beide: sa.Engine) -> None:
    with read_only_snapshot(beide.connect, 2) as lezers:
        for lezer in lezers:
            with pytest.raises(sa.exc.DBAPIError), lezer.begin_nested():
                lezer.execute(regel.insert().values(id=1))
    assert _aantal(beide) == 0


def test_a_snapshot_for_one_reader_is_a_read_only_unit_of_work(beide: sa.Engine) -> None:
    with read_only_snapshot(beide.connect, 1) as lezers:
        assert len(lezers) == 1
        assert _aantal_in(lezers[0]) == 0
        with unit_of_work(beide.connect) as connection:
            connection.execute(regel.insert().values(id=1))
        assert _aantal_in(lezers[0]) == 0
    with pytest.raises(ValueError, match="at least 1"), read_only_snapshot(beide.connect, 0):
        pass
