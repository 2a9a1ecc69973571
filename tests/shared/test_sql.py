"""`shared.sql.in_set`: a column in a set of values bound as one parameter, on both engines
(PostgreSQL with BALANS_TEST_POSTGRES_URL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from shared import testing
from shared.db import create_db_engine, new_metadata, unit_of_work
from shared.sql import in_set

metadata = new_metadata()
sleutel = sa.Table(
    "sleutel",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("waarde", sa.String(20), nullable=False, index=True),
)
ZOEK = sa.select(sleutel.c.id).where(in_set(sleutel.c.waarde, "waarden")).order_by(sleutel.c.id)
# More values than SQLite takes parameters in one statement (32,766).
VEEL = 40_000


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    url = testing.create_scratch_database("in-set", tmp_path_factory.mktemp("in-set"))
    engine = create_db_engine(url)
    metadata.create_all(engine)
    with unit_of_work(engine.connect) as connection:
        connection.execute(sleutel.insert(), [{"waarde": f"k{i}"} for i in range(VEEL)])
    yield engine
    engine.dispose()
    testing.drop_scratch_database(url)


def _ids(engine: sa.Engine, waarden: object) -> list[int]:
    with engine.connect() as connection:
        return list(connection.execute(ZOEK, {"waarden": waarden}).scalars())


def test_the_rows_whose_value_is_in_the_set(engine: sa.Engine) -> None:
    assert _ids(engine, ["k1", "k5", "k5", "onbekend"]) == [2, 6]


def test_a_tuple_or_a_set_is_a_set_too(engine: sa.Engine) -> None:
    assert _ids(engine, ("k3",)) == [4]
    assert _ids(engine, {"k3", "k4"}) == [4, 5]


def test_an_empty_set_matches_nothing(engine: sa.Engine) -> None:
    assert _ids(engine, []) == []


def test_values_that_need_quoting_are_values_not_sql(engine: sa.Engine) -> None:
    assert _ids(engine, ['k1"', "k2', 'k3", "k4) OR (1=1", '["k5"]']) == []


def test_more_values_than_a_statement_takes_parameters(engine: sa.Engine) -> None:
    assert _ids(engine, [f"k{i}" for i in range(VEEL)]) == list(range(1, VEEL + 1))


def test_one_statement_text_for_any_number_of_values(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        teksten = set()
        for aantal in (1, 2, 1000):
            result = connection.execute(ZOEK, {"waarden": [f"k{i}" for i in range(aantal)]})
            teksten.add(result.context.statement)
    assert len(teksten) == 1


def test_the_column_is_looked_up_in_its_index(engine: sa.Engine) -> None:
    plan = sa.select(sleutel.c.id).where(in_set(sleutel.c.waarde, "waarden"))
    with engine.connect() as connection:
        compiled = str(plan.compile(connection))
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", ('["k1"]',))
            assert any("ix_sleutel_waarde" in row[-1] for row in rows)
        else:
            connection.exec_driver_sql("ANALYZE sleutel")
            rows = connection.exec_driver_sql(f"EXPLAIN {compiled}", {"waarden": ["k1", "k2"]})
            assert any("ix_sleutel_waarde" in row[0] for row in rows)


def test_null_is_no_set() -> None:
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    with pytest.raises(sa.exc.StatementError):
        _ids(engine, None)
