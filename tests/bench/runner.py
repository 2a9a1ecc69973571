"""Run one scenario on one engine: seed once, then baseline and service on identical copies."""

from __future__ import annotations

import importlib
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from shared.migrations import upgrade_to_head
from tests.bench import databases
from tests.bench.processes import Server, start_server, stop_server
from tests.bench.scenario import Scenario, SeedContext
from tests.bench.wrk import LoadResult, run_wrk

BASELINE_FACTORY = "tests.bench.baseline:create_app"
SIDES = ("baseline", "service")


class BenchError(RuntimeError):
    """A scenario could not be measured (the request fails, a server does not start)."""


@dataclass(frozen=True)
class Options:
    duration_s: float
    warmup_s: float
    repeat: int
    postgres_url: str
    work_dir: Path
    connections: int | None = None
    threads: int | None = None


@dataclass(frozen=True)
class Measurement:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    peak_mb: float | None


@dataclass(frozen=True)
class Figure:
    scenario: str
    service: str
    engine: str
    measured: Measurement
    baseline: Measurement
    connections: int
    threads: int
    duration_s: float
    repeat: int
    seed_s: float
    when: datetime
    load: float  # 1-minute load average when the scenario started (other work on the box)
    ratio: float  # median over the repeats of service req/s / baseline req/s, run side by side

    @property
    def command(self) -> str:
        parts = [
            "python -m tests.bench",
            f"--scenario {self.scenario}",
            f"--engine {self.engine}",
            f"--duration {self.duration_s:g}",
        ]
        if self.repeat > 1:
            parts.append(f"--repeat {self.repeat}")
        return " ".join(parts)


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0))
    text = f"{cpus} CPU, Python {platform.python_version()}"
    return f"{text}, {model}" if model else text


def _median(results: list[LoadResult], peaks: list[float | None]) -> Measurement:
    known = [p for p in peaks if p is not None]
    return Measurement(
        rps=statistics.median(r.rps for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        requests=sum(r.requests for r in results),
        errors=sum(r.errors for r in results),
        peak_mb=max(known) if known else None,
    )


def run_scenario(
    scenario: Scenario, engine: str, options: Options, log: Callable[[str], None] = print
) -> Figure:
    spec = importlib.import_module(f"services.{scenario.service}.app").SPEC
    connections = options.connections or scenario.connections
    threads = options.threads or scenario.threads
    server_url = options.postgres_url
    load = os.getloadavg()[0]
    template = databases.create_database(
        engine, f"{scenario.name}-seed", options.work_dir, server_url
    )
    try:
        started = time.perf_counter()
        upgrade_to_head(template, spec.migrations)
        scenario.seed(
            SeedContext(
                url=template,
                engine=engine,
                metadata=spec.metadata,
                plumbing=spec.plumbing,
                bulk_insert=partial(databases.bulk_insert, template),
            )
        )
        databases.settle(template)
        seed_s = time.perf_counter() - started
        log(f"  {scenario.name} [{engine}]: migrated and seeded in {seed_s:.1f} s")
        results: dict[str, list[LoadResult]] = {side: [] for side in SIDES}
        peaks: dict[str, list[float | None]] = {side: [] for side in SIDES}
        for _ in range(options.repeat):
            for side in SIDES:
                result, peak = _measure_side(
                    scenario, side, template, options, connections=connections, threads=threads
                )
                results[side].append(result)
                peaks[side].append(peak)
                log(
                    f"    {side:<8} {result.rps:>9,.0f} req/s  p50 {result.p50_ms:6.2f} ms  "
                    f"p99 {result.p99_ms:7.2f} ms  errors {result.errors}  "
                    f"peak {peak or 0:.0f} MB"
                )
    finally:
        databases.drop_database(template, server_url)
    return Figure(
        scenario=scenario.name,
        service=scenario.service,
        engine=engine,
        measured=_median(results["service"], peaks["service"]),
        baseline=_median(results["baseline"], peaks["baseline"]),
        connections=connections,
        threads=threads,
        duration_s=options.duration_s,
        repeat=options.repeat,
        seed_s=seed_s,
        when=datetime.now(UTC),
        load=load,
        ratio=statistics.median(
            s.rps / b.rps if b.rps else 0.0
            for s, b in zip(results["service"], results["baseline"], strict=True)
        ),
    )


def _start(scenario: Scenario, side: str, url: str, log_dir: Path) -> Server:
    if side == "baseline":
        env = {"BENCH_SCENARIO": scenario.name, "BENCH_DATABASE_URL": url}
        return start_server(f"{scenario.name}-baseline", BASELINE_FACTORY, env, log_dir)
    prefix = scenario.service.upper()
    env = {f"{prefix}_DATABASE_URL": url, **scenario.env}
    return start_server(
        f"{scenario.name}-service", f"services.{scenario.service}.app:create_app", env, log_dir
    )


def _measure_side(
    scenario: Scenario,
    side: str,
    template: str,
    options: Options,
    *,
    connections: int,
    threads: int,
) -> tuple[LoadResult, float | None]:
    clone = databases.clone_database(template, f"{scenario.name}-{side}", options.postgres_url)
    try:
        try:
            server = _start(scenario, side, clone, options.work_dir)
        except (RuntimeError, TimeoutError) as error:
            raise BenchError(f"{scenario.name} ({side}) did not start: {error}") from error
        try:
            common = {
                "connections": connections,
                "threads": threads,
                "script_dir": options.work_dir,
            }
            check = run_wrk(
                server.url,
                scenario.request,
                duration_s=options.warmup_s,
                seed=random.randrange(1, 2**30),
                check=True,
                **common,  # type: ignore[arg-type]
            )
            if check.failure is not None or check.requests == 0:
                raise BenchError(
                    f"{scenario.name} ({side}): the request fails: {check.failure or 'no answer'}"
                    f"\n{server.log_tail(10)}"
                )
            # wrk leaves up to `connections` requests queued in the worker; new connections
            # arriving while it drains them are admitted slowly (see wrk.RAMP_MS). Let it idle.
            time.sleep(min(5.0, 0.5 + 2 * connections / max(check.rps, 1.0)))
            result = run_wrk(
                server.url,
                scenario.request,
                duration_s=options.duration_s,
                seed=random.randrange(1, 2**30),
                **common,  # type: ignore[arg-type]
            )
            return result, server.peak_memory_mb()
        finally:
            stop_server(server)
    finally:
        databases.drop_database(clone, options.postgres_url)
