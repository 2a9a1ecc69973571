"""`python -m tests.bench`: run the load scenarios, print a Markdown table, update the docs.

    python -m tests.bench                                   # every scenario, both engines
    python -m tests.bench --scenario event-feed-page --engine sqlite --duration 10
    python -m tests.bench --list

Each scenario is measured against the service and against its baseline (a bare FastAPI endpoint
with the raw driver) in the same run; see tests/bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from tests.bench import databases
from tests.bench.report import terminal_table, update_document
from tests.bench.runner import BenchError, Figure, Options, machine, run_scenario
from tests.bench.scenario import ENGINES, POSTGRES
from tests.bench.scenarios import all_scenarios
from tests.bench.wrk import wrk_path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "benchmarks.md"
DEFAULT_DURATION_S = 5.0
INTRO = "# Benchmarks\n\nMeasured figures, each with the command behind it.\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--scenario",
        action="append",
        metavar="NAME",
        help="run this scenario (repeatable; default: all)",
    )
    parser.add_argument("--engine", choices=(*ENGINES, "both"), default="both")
    parser.add_argument(
        "--duration",
        type=float,
        default=DEFAULT_DURATION_S,
        metavar="S",
        help=f"seconds of load per measured run (default {DEFAULT_DURATION_S:g})",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=1.0,
        metavar="S",
        help="seconds of warm-up (and request check) before each run",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per side; the figures are medians"
    )
    parser.add_argument("--connections", type=int, help="override the scenario's connections")
    parser.add_argument("--threads", type=int, help="override the scenario's wrk threads")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BALANS_BENCH_POSTGRES_URL")
        or os.environ.get("BALANS_TEST_POSTGRES_URL")
        or databases.DEFAULT_POSTGRES_URL,
        help="PostgreSQL server for scratch databases",
    )
    parser.add_argument(
        "--no-docs",
        action="store_true",
        help="print the table only; leave docs/benchmarks.md alone",
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    scenarios = all_scenarios()
    if args.list:
        for scenario in scenarios.values():
            print(f"{scenario.name:<28} {scenario.service:<11} {scenario.description}")
        return 0
    names = args.scenario or list(scenarios)
    unknown = [name for name in names if name not in scenarios]
    if unknown:
        print(f"unknown scenario(s): {', '.join(unknown)}; --list shows them", file=sys.stderr)
        return 2
    wrk_path()  # fail early with the install hint
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    if POSTGRES in engines and not databases.postgres_available(args.postgres_url):
        if args.engine == POSTGRES:
            print(f"PostgreSQL is not reachable at {args.postgres_url}", file=sys.stderr)
            return 2
        print(f"PostgreSQL is not reachable at {args.postgres_url}: SQLite only", file=sys.stderr)
        engines.remove(POSTGRES)
    work_dir = Path(tempfile.mkdtemp(prefix="balans-bench-"))
    options = Options(
        duration_s=args.duration,
        warmup_s=args.warmup,
        repeat=max(1, args.repeat),
        postgres_url=args.postgres_url,
        work_dir=work_dir,
        connections=args.connections,
        threads=args.threads,
    )
    figures: list[Figure] = []
    failed: list[str] = []
    try:
        for name in names:
            scenario = scenarios[name]
            for engine in engines:
                if engine not in scenario.engines:
                    continue
                try:
                    figures.append(run_scenario(scenario, engine, options))
                except BenchError as error:
                    failed.append(f"{name} [{engine}]")
                    print(f"  FAILED: {error}", file=sys.stderr)
                except Exception:  # e.g. a service that does not import right now: go on
                    failed.append(f"{name} [{engine}]")
                    traceback.print_exc()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    if figures:
        print()
        print(terminal_table(figures))
        if not args.no_docs:
            update_document(DOC, figures, machine(), list(scenarios.values()), INTRO)
            print(f"\nWritten to {DOC.relative_to(REPO)}")
    if failed:
        print(f"\nNot measured: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
