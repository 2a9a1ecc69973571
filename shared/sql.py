"""SQL expressions that both engines need in their own spelling.

`in_set(column, "ids")`: the column is one of a collection of values bound as *one* parameter,
however many there are. SQLAlchemy's expanding `IN (:ids)` turns 10,000 values into 10,000
parameters at every execution: it renders them (`_process_parameters_for_postcompile`), the
driver parses the long statement again (psycopg), and SQLite caps a statement at 32,766
parameters. Here PostgreSQL gets `column = ANY(:ids)` with the values as one array, and SQLite
`column IN (SELECT value FROM json_each(:ids))` with the values as one JSON array; both look
the values up in the column's index. The statement text is the same for one value or for
100,000, so it is compiled once and stays in SQLAlchemy's cache.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal


class ValueSet(sa.types.TypeDecorator[Collection[Any]]):
    """A collection of text values bound as one parameter: a `text[]` on PostgreSQL, a JSON
    array on SQLite (the form `json_each` reads)."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(sa.Text))
        return dialect.type_descriptor(sa.Text())

    def process_bind_param(self, value: Collection[Any] | None, dialect: sa.Dialect) -> Any:
        if value is None:
            raise ValueError("a value set is a collection, not NULL")
        values = value if isinstance(value, list) else list(value)
        if dialect.name == "postgresql":
            return values
        return orjson.dumps(values).decode()


class _InSet(sa.sql.expression.ColumnElement[bool]):
    """`column` is one of the values bound to `values` (see `in_set`)."""

    type = sa.Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True  # a condition: SQLite gets no `= 1` after it
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy declares it a plain attribute)
        ("column", InternalTraversal.dp_clauseelement),
        ("values", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: sa.ColumnElement[Any], values: sa.BindParameter[Any]) -> None:
        self.column = column
        self.values = values


@compiles(_InSet, "postgresql")
def _in_set_postgresql(element: _InSet, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"{column} = ANY({values})"


@compiles(_InSet)
def _in_set_sqlite(element: _InSet, compiler: SQLCompiler, **kw: Any) -> str:
    # Both parts are compiled SQL (a column, a bound parameter), never values.
    column, values = compiler.process(element.column, **kw), compiler.process(element.values, **kw)
    return f"{column} IN (SELECT value FROM json_each({values}))"  # noqa: S608


def in_set(column: sa.ColumnElement[Any], name: str) -> sa.ColumnElement[bool]:
    """`column` is one of the values passed as the parameter `name` (a list, tuple or set of
    text values), in one parameter on both engines. An empty collection matches nothing."""
    return _InSet(column, sa.bindparam(name, type_=ValueSet()))
