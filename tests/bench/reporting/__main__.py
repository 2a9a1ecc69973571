"""`python -m tests.bench.reporting`: indicators, CSV export and projection (reporting service).

    python -m tests.bench.reporting                                  # both engines, full size
    python -m tests.bench.reporting --engine sqlite --meldingen 20000 --signaal-events 100000
    python -m tests.bench.reporting --database sqlite:////tmp/rep.db   # reuse a seeded database
    python -m tests.bench.reporting --database sqlite:////tmp/rep.db --alleen indicatoren

Traffic comes from `tests.reporting.verkeer` (the sources' event contracts, four years from
2023): by default 185,000 meldingen (about 100,000 trajectories) and 1,000,000 signal events,
about 2.6 million facts. The scratch database is migrated, seeded with `fact_rows` (as the
poller projects) by `executemany`/`COPY`, and its aggregates derived (`aggregaten.herbouw`).

Measured, one after the other, with the load average:

- indicators: every indicator for the year 2025 in-process, as `GET /v1/indicatoren` computes
  them (the aggregated path, spread over `REPORTING_INDICATOR_THREADS` readers of one
  snapshot), and in one thread, taking turns; median of three, wall clock and CPU time;
- CSV export: `GET /v1/feiten` with `Accept: text/csv` from a real worker (one uvicorn worker,
  as in production) for the facts dated in 2025, then for all facts: rows/s and the worker's
  peak memory (VmHWM) after each, so memory against row count shows;
- projection: `poller.peil_bron` reading 100,000 generated signal events from a stand-in feed
  (pages of 500 as JSON over an in-memory transport) into a fresh database: events/s;
- responsiveness (`--alleen bereikbaarheid`): while a real worker computes `GET
  /v1/indicatoren` for 2025, `/health/live` is asked every 50 ms: the slowest answer shows
  whether the computation holds the event loop.

Timings are printed (and never asserted); copy them into docs/benchmarks.md with the command.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from services.reporting import aggregaten, poller, projectie, service
from services.reporting.indicatoren import geaggregeerd_catalogus
from services.reporting.indicatoren.context import Periode
from services.reporting.models import feit
from services.reporting.settings import ReportingSettings
from services.reporting.soorten import Bron
from shared.db import create_db_engine, read_only_snapshot
from shared.events import EventPage
from shared.migrations import upgrade_to_head
from shared.policy import load_policy
from shared.service_client import ServiceClient
from shared.testing import token
from tests.bench import databases
from tests.bench.processes import start_server, stop_server
from tests.bench.scenario import ENGINES, POSTGRES, engine_of
from tests.reporting import verkeer

MIGRATIONS = Path(__file__).resolve().parents[3] / "services" / "reporting" / "migrations"
JAAR = Periode(date(2025, 1, 1), date(2026, 1, 1), "jaar")


def _load() -> str:
    return " / ".join(f"{v:.1f}" for v in os.getloadavg())


def seed(url: str, *, meldingen: int, signaal_events: int) -> int:
    upgrade_to_head(url, MIGRATIONS)
    now, n = datetime.now(UTC), 0
    stukken = verkeer.in_stukken(
        verkeer.genereer(meldingen=meldingen, signaal_events=signaal_events), grootte=50_000
    )
    for bron, stuk in stukken:
        databases.bulk_insert(url, feit, projectie.fact_rows(bron, stuk, now=now))
        n += len(stuk)
    engine = create_db_engine(url)
    with engine.begin() as connection:
        aggregaten.herbouw(connection)
    engine.dispose()
    databases.settle(url)
    return n


def indicatoren(url: str, threads: Sequence[int]) -> dict[int, tuple[float, float, int]]:
    """Per number of threads: median seconds of three runs, wall and this process's CPU (on
    SQLite the computation itself), and the number of indicators. The thread counts take
    turns, so each sees the machine of the same minutes."""
    factory = create_db_engine(url).connect
    policy = load_policy()
    tijden: dict[int, list[float]] = {n: [] for n in threads}
    cpu: dict[int, list[float]] = {n: [] for n in threads}
    aantal = 0
    for _ in range(3):
        for n in threads:
            with read_only_snapshot(factory, n) as sessions:  # as the endpoint reads
                start, start_cpu = time.perf_counter(), time.process_time()
                b = service.bevragingen(sessions, policy=policy, periode=JAAR)
                aantal = len(geaggregeerd_catalogus.bereken_verdeeld(b))
                tijden[n].append(time.perf_counter() - start)
                cpu[n].append(time.process_time() - start_cpu)
    return {n: (statistics.median(tijden[n]), statistics.median(cpu[n]), aantal) for n in threads}


def bereikbaarheid(url: str, log_dir: Path, *, rondes: int = 2) -> list[tuple[float, int, float]]:
    """(seconds of the indicator request, times /health/live was asked meanwhile, its slowest
    answer in seconds) per round, after one warm-up request for 2024."""
    server = start_server(
        "reporting-lus",
        "services.reporting.app:create_app",
        {"REPORTING_DATABASE_URL": url, "REPORTING_RUN_BACKGROUND_JOBS": "false"},
        log_dir,
    )
    headers = {"Authorization": f"Bearer {token('bi')}"}

    async def meet() -> list[tuple[float, int, float]]:
        result = []
        async with httpx.AsyncClient(base_url=server.url, timeout=600) as client:
            (await client.get("/v1/indicatoren?jaar=2024", headers=headers)).raise_for_status()
            for _ in range(rondes):
                start = time.perf_counter()
                verzoek = asyncio.create_task(
                    client.get("/v1/indicatoren?jaar=2025", headers=headers)
                )
                gevraagd, traagst = 0, 0.0
                while not verzoek.done():
                    begin = time.perf_counter()
                    (await client.get("/health/live")).raise_for_status()
                    traagst = max(traagst, time.perf_counter() - begin)
                    gevraagd += 1
                    await asyncio.sleep(0.05)
                (await verzoek).raise_for_status()
                result.append((time.perf_counter() - start, gevraagd, traagst))
        return result

    try:
        return asyncio.run(meet())
    finally:
        stop_server(server)


def csv_export(url: str, log_dir: Path) -> list[tuple[str, int, float, float | None]]:
    """(range, rows, seconds, worker VmHWM MB after it), for 2025 and then everything."""
    server = start_server(
        "reporting-csv",
        "services.reporting.app:create_app",
        {"REPORTING_DATABASE_URL": url, "REPORTING_RUN_BACKGROUND_JOBS": "false"},
        log_dir,
    )
    headers = {"Authorization": f"Bearer {token('bi')}", "Accept": "text/csv"}
    result = []
    try:
        for label, params in (("2025", {"vanaf": "2025-01-01", "tot": "2026-01-01"}), ("all", {})):
            start, rows = time.perf_counter(), -1  # the header line
            with (
                httpx.Client(timeout=600) as client,
                client.stream(
                    "GET", f"{server.url}/v1/feiten", params=params, headers=headers
                ) as r,
            ):
                r.raise_for_status()
                for line in r.iter_lines():
                    rows += bool(line)
            result.append((label, rows, time.perf_counter() - start, server.peak_memory_mb()))
    finally:
        stop_server(server)
    return result


def projectie_doorvoer(url: str, *, events: int) -> tuple[int, float]:
    upgrade_to_head(url, MIGRATIONS)
    stroom = verkeer.genereer(meldingen=0, signaal_events=events, seed=7)
    items = verkeer.als_events(stroom)[Bron.SIGNALS]

    def handle(request: httpx.Request) -> httpx.Response:
        after, limit = int(request.url.params["after"]), int(request.url.params["limit"])
        page = items[after : after + limit]
        body = EventPage(
            items=page,
            next_cursor=page[-1].cursor if page else after,
            has_more=after + limit < len(items),
        )
        return httpx.Response(200, content=body.model_dump_json(by_alias=True))

    async def run() -> int:
        client = ServiceClient(
            "http://signals",
            token_provider=lambda: "bench",
            service="signals",
            transport=httpx.MockTransport(handle),
        )
        async with client:
            resultaat = await poller.peil_bron(
                create_db_engine(url).connect,
                client,
                Bron.SIGNALS,
                page_size=500,
                max_pages=10**6,
            )
        return resultaat.nieuw

    start = time.perf_counter()
    nieuw = asyncio.run(run())
    return nieuw, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.reporting",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--engine", choices=(*ENGINES, "both"), default="both")
    parser.add_argument("--meldingen", type=int, default=185_000)
    parser.add_argument("--signaal-events", type=int, default=1_000_000)
    parser.add_argument("--projectie-events", type=int, default=100_000)
    parser.add_argument("--database", help="a seeded reporting database to measure instead")
    parser.add_argument(
        "--alleen",
        choices=("indicatoren", "csv", "projectie", "bereikbaarheid"),
        action="append",
        help="measure only this (repeatable); default: all four",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALANS_BENCH_POSTGRES_URL")
        or os.environ.get("BALANS_TEST_POSTGRES_URL")
        or databases.DEFAULT_POSTGRES_URL,
    )
    args = parser.parse_args(argv)
    threads = ReportingSettings().indicator_threads
    engines = ENGINES if args.engine == "both" else (args.engine,)
    if args.database:
        engines = (engine_of(args.database),)
    with tempfile.TemporaryDirectory(prefix="bench-reporting-") as tmp:
        directory = Path(tmp)
        for engine in engines:
            if engine == POSTGRES and not databases.postgres_available(args.postgres_url):
                print(f"postgres: no server at {args.postgres_url}, skipped")
                continue
            url = args.database or databases.create_database(
                engine, "reporting", directory, args.postgres_url
            )
            scratch = databases.create_database(engine, "projectie", directory, args.postgres_url)
            try:
                if not args.database:
                    start = time.perf_counter()
                    n = seed(url, meldingen=args.meldingen, signaal_events=args.signaal_events)
                    print(f"{engine}: seeded {n:,} events in {time.perf_counter() - start:.0f} s")
                alleen = set(args.alleen or ("indicatoren", "csv", "projectie", "bereikbaarheid"))
                if "indicatoren" in alleen:
                    for n, (seconds, cpu, count) in indicatoren(url, (1, threads)).items():
                        print(
                            f"{engine}: {count} indicators for 2025 in {seconds:.2f} s with"
                            f" {n} thread(s) (CPU in-process {cpu:.2f} s, load {_load()})"
                        )
                for secs, gevraagd, traagst in (
                    bereikbaarheid(url, directory) if "bereikbaarheid" in alleen else []
                ):
                    print(
                        f"{engine}: indicators over HTTP in {secs:.2f} s; /health/live asked"
                        f" {gevraagd}x meanwhile, slowest {traagst * 1000:.0f} ms (load {_load()})"
                    )
                for label, rows, secs, peak in (
                    csv_export(url, directory) if "csv" in alleen else []
                ):
                    print(
                        f"{engine}: CSV {label}: {rows:,} rows in {secs:.1f} s = {rows / secs:,.0f}"
                        f" rows/s, worker VmHWM {peak or 0:.0f} MB (load {_load()})"
                    )
                if "projectie" in alleen:
                    nieuw, secs = projectie_doorvoer(scratch, events=args.projectie_events)
                    print(
                        f"{engine}: projection {nieuw:,} events in {secs:.1f} s"
                        f" = {nieuw / secs:,.0f} events/s (load {_load()})"
                    )
            finally:
                databases.drop_database(scratch, args.postgres_url)
                if not args.database:
                    databases.drop_database(url, args.postgres_url)


if __name__ == "__main__":
    main()
