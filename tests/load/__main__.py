"""The load test of issue 7: `python -m tests.load` (or `make load`).

Starts the four services as real processes on fresh databases (tests/e2e/harness.py: SQLite, or
PostgreSQL with `--engine postgres`), runs the locust users of tests/load/locustfile.py against
them headless for `--duration` seconds, prints throughput, p50/p99 and errors per request kind,
and writes them into docs/benchmarks.md. The services run with their default rate limits.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shared import testing
from tests.bench.runner import machine
from tests.e2e.harness import running_system

REPO = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DOC = REPO / "docs" / "benchmarks.md"
START, END = "<!-- load:figures:start -->", "<!-- load:figures:end -->"
PARTNER_TYPES = ("Huur", "Zorg", "Water", "Hypotheek", "CAK Zorgverzekeringen")
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass
class Row:
    name: str
    requests: int
    failures: int
    rps: float
    p50: str
    p99: str


def tokens(creditors: int) -> dict[str, Any]:
    """The users' bearer tokens (development key): one creditor per creditor user, one per role."""
    return {
        "creditors": [
            testing.token(
                "creditor",
                creditor_id=f"load-creditor-{n}",
                partner_type=PARTNER_TYPES[n % len(PARTNER_TYPES)],
                subject=f"load-client-{n}",
            )
            for n in range(creditors)
        ],
        **{role: testing.token(role) for role in ("loket", "coordinator", "consulent")},
    }


def run_locust(urls: dict[str, str], *, users: int, duration: int, prefix: Path) -> list[Row]:
    env = {
        **os.environ,
        **{f"{n.upper()}_URL": u for n, u in urls.items()},
        "LOAD_TOKENS": json.dumps(tokens(users)),
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{duration}s",
        "--csv", str(prefix), "--only-summary", "--stop-timeout", "5",
        "--exit-code-on-error", "0", "--loglevel", os.environ.get("LOAD_LOGLEVEL", "WARNING"),
    ]  # fmt: skip
    subprocess.run(command, env=env, check=True, cwd=REPO)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return [
            Row(
                name=record["Name"] if record["Type"] else "all requests",
                requests=int(record["Request Count"]),
                failures=int(record["Failure Count"]),
                rps=float(record["Requests/s"]),
                p50=record["50%"],
                p99=record["99%"],
            )
            for record in csv.DictReader(handle)
        ]


def failures(prefix: Path) -> list[str]:
    with open(f"{prefix}_failures.csv", newline="") as handle:
        return [f"{r['Occurrences']} x {r['Name']}: {r['Error']}" for r in csv.DictReader(handle)]


def markdown(rows: list[Row], *, engine: str, users: int, duration: int, command: str) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Engine **{engine}**, {users} locust users (half creditors, half staff) for {duration} s, "
        f"{when}, {machine()}, load {os.getloadavg()[0]:.1f}. Command: `{command}`.",
        "",
        "| request | requests | errors | req/s | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.name} | {r.requests:,} | {r.failures} | {r.rps:,.1f} | {r.p50} | {r.p99} |"
        for r in rows
    ]
    return "\n".join(lines)


def write_doc(engine: str, table: str) -> None:
    text = DOC.read_text()
    if START not in text:
        text += f"\n## Mixed load (issue 7)\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    inside, after = rest.split(END, 1)
    sections = {
        block.split("\n", 1)[0]: block
        for block in inside.strip().split("\n\n<!-- engine -->\n")
        if block.strip()
    }
    sections[f"Engine **{engine}**"] = table
    ordered = [sections[k] for k in sorted(sections, key=lambda k: ("postgres" in k, k))]
    body = "\n\n<!-- engine -->\n".join(s for s in ordered)
    DOC.write_text(f"{before}{START}\n{body}\n{END}{after}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.load", description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--no-docs", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if args.engine == "postgres":
        os.environ.setdefault("BALANS_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    else:
        os.environ.pop("BALANS_TEST_POSTGRES_URL", None)
    command = "python -m tests.load " + " ".join(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory() as scratch, running_system(Path(scratch)) as system:
        urls = {name: system.url(name) for name in ("intake", "signals", "trajectory")}
        prefix = Path(scratch) / "locust"
        rows = run_locust(urls, users=args.users, duration=args.duration, prefix=prefix)
        errors = failures(prefix)
    table = markdown(
        rows, engine=args.engine, users=args.users, duration=args.duration, command=command.strip()
    )
    print(table)
    for line in errors:
        print("error:", line)
    if not args.no_docs:
        write_doc(args.engine, table)
    return 1 if any(r.failures for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
