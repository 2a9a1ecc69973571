"""`python -m tests.bench.trajectory`: the trajectory figures that are not wrk load.

    python -m tests.bench.trajectory levenscyclus --engine sqlite --cases 10000 --concurrency 32
    python -m tests.bench.trajectory ddas --engine postgres --pages 4 --repeat 2
    python -m tests.bench.trajectory ddas --engine sqlite --pages 2 --page-size 5000

`levenscyclus`: a fresh, migrated database; the service as production runs it (one uvicorn
worker); `--cases` trajectories through the full lifecycle over HTTP: total time, requests/s,
client-side p50/p99. `ddas`: 100,000 trajectories seeded (as the wrk scenarios seed them); pages
of 25,000 (`--page-size`) of the DDAS delivery timed from request to first and to last byte.
Both print their figures and the service's peak memory; they talk to 127.0.0.1 only and stop
by themselves.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from services.trajectory.app import SPEC
from shared.migrations import upgrade_to_head
from tests.bench import databases
from tests.bench.processes import start_server, stop_server
from tests.bench.runner import machine
from tests.bench.scenario import ENGINES, SeedContext
from tests.bench.trajectory import ddas, levenscyclus
from tests.bench.trajectory.seed import seed_trajecten

FACTORY = "services.trajectory.app:create_app"


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.trajectory", description=__doc__)
    parser.add_argument("what", choices=("levenscyclus", "ddas"))
    parser.add_argument("--engine", choices=ENGINES, default="sqlite")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds; then it stops")
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--page-size", type=int, default=ddas.PAGE_SIZE, help="ddas: trajectories per page"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALANS_BENCH_POSTGRES_URL")
        or os.environ.get("BALANS_TEST_POSTGRES_URL")
        or databases.DEFAULT_POSTGRES_URL,
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    work_dir = Path(tempfile.mkdtemp(prefix="balans-bench-trajectory-"))
    url = databases.create_database(
        args.engine, f"trajectory-{args.what}", work_dir, args.postgres_url
    )
    load = os.getloadavg()[0]
    try:
        started = time.perf_counter()
        upgrade_to_head(url, SPEC.migrations)
        if args.what == "ddas":
            seed_trajecten(
                SeedContext(
                    url=url,
                    engine=args.engine,
                    metadata=SPEC.metadata,
                    plumbing=SPEC.plumbing,
                    bulk_insert=partial(databases.bulk_insert, url),
                )
            )
            databases.settle(url)
        print(f"database ready in {time.perf_counter() - started:.1f} s ({args.engine})")
        server = start_server(
            f"trajectory-{args.what}", FACTORY, {"TRAJECTORY_DATABASE_URL": url}, work_dir
        )
        try:
            if args.what == "levenscyclus":
                result = asyncio.run(
                    levenscyclus.drive(
                        server.url,
                        cases=args.cases,
                        concurrency=args.concurrency,
                        timeout_s=args.timeout,
                    )
                )
                print(
                    f"{result.cases:,} trajectories, {result.requests:,} requests in "
                    f"{result.seconds:.1f} s: {result.rps:,.0f} req/s, "
                    f"{result.cases / result.seconds:.1f} trajectories/s; client p50 "
                    f"{result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms; errors {result.errors}"
                )
                if result.first_error:
                    print(f"first error: {result.first_error}")
            else:
                pages = ddas.fetch_pages(
                    server.url,
                    pages=args.pages,
                    repeat=args.repeat,
                    page_size=args.page_size,
                    worker_pid=server.process.pid,
                )
                for page in pages.pages:
                    cpu = (
                        ""
                        if page.worker_cpu_s is None
                        else f", worker CPU {page.worker_cpu_s:.2f} s"
                    )
                    print(
                        f"page {page.page}: {page.trajecten:,} trajectories, "
                        f"{page.megabytes:.1f} MB in {page.seconds:.2f} s "
                        f"(first byte after {page.first_byte_s:.2f} s{cpu}); "
                        f"load {os.getloadavg()[0]:.1f}"
                    )
                cpu_median = pages.median_cpu_s
                print(
                    f"median {pages.median_s:.2f} s, max {pages.max_s:.2f} s"
                    + ("" if cpu_median is None else f"; worker CPU median {cpu_median:.2f} s")
                )
            print(f"service peak memory {server.peak_memory_mb() or 0:.0f} MB")
        finally:
            stop_server(server)
        print(f"{machine()}, load {load:.1f} at start")
    finally:
        databases.drop_database(url, args.postgres_url)
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
