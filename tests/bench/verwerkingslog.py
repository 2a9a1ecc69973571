"""`python -m tests.bench.verwerkingslog [--postgres-url URL] [--residents 1000] [--repeat 5]`:
the cost of logging one request's residents in the processing log, in-process.

Compares, on a migrated intake database, `log_processing` (one INSERT ... SELECT with the
values the records share bound once and the subject keys unnested in order) with a plain
executemany of the same rows through the same table's insert: best of `--repeat`, milliseconds
per call, each call in its own committed transaction. Prints; copy into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.intake.app import SPEC
from shared import processing_log, testing
from shared.auth import Principal, Role
from shared.db import create_db_engine

ACTIVITY = "intake-melding"


def _executemany(session: Connection, rows: list[dict[str, Any]]) -> None:
    session.execute(SPEC.plumbing.processing_log.insert(), rows)


def _log_processing(session: Connection, rows: list[dict[str, Any]]) -> None:
    processing_log.log_processing(
        session,
        SPEC.plumbing,
        activities={ACTIVITY},
        principal=PRINCIPAL,
        action="bench",
        activity_id=ACTIVITY,
        subject_keys=[row["subject_key"] for row in rows],
    )


PRINCIPAL = Principal(subject="bench", roles=frozenset({Role.consulent}))


def best_ms(
    engine: sa.Engine,
    write: Callable[[Connection, list[dict[str, Any]]], None],
    n: int,
    repeat: int,
) -> float:
    keys = [f"inwoner-{i:06d}" for i in range(n)]
    best = float("inf")
    for _ in range(repeat):
        rows = processing_log.processing_records(
            activities={ACTIVITY},
            principal=PRINCIPAL,
            action="bench",
            activity_id=ACTIVITY,
            subject_keys=keys,
        )
        with engine.connect() as session:
            started = time.perf_counter()
            write(session, rows)
            session.commit()
            best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres-url", default=None, help="measure on this server instead of SQLite"
    )
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.postgres_url:
        os.environ[testing.POSTGRES_ENV] = args.postgres_url
    directory = Path(tempfile.mkdtemp())
    url = testing.migrated_database("intake", directory, SPEC.migrations)
    engine = create_db_engine(url)
    try:
        for label, write in (("executemany", _executemany), ("log_processing", _log_processing)):
            ms = best_ms(engine, write, args.residents, args.repeat)
            print(f"{engine.dialect.name}: {label}: {args.residents} records in {ms:.1f} ms")
    finally:
        engine.dispose()
        testing.drop_scratch_database(url)


if __name__ == "__main__":
    main()
