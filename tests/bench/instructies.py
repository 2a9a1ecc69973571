"""`python -m tests.bench.instructies [--reads 300] [--registrations 150] [--root DIR]`:
instructions per intake request, counted by valgrind, a figure the machine's load does not move.

Wall and CPU times on these shared machines swing by a third from one minute to the next, so a
change of 10 to 20% in what a request costs is lost in them. This counts instructions instead
(`valgrind --tool=callgrind`, the same count for the same code whatever else runs). Intake's app
is called in-process (ASGI, no socket, no access log), on SQLite in a temporary directory, with
trajectory down (recidive `onbekend`, as the wrk scenario has it). Three runs, side by side:
start-up with 20 registrations; the same plus `--reads` reads by id; the same plus
`--registrations` registrations. The differences divided by the counts are the instructions
per read and per registration (start-up costs about 21 billion; each run takes 2 to 4 minutes,
valgrind running Python some 50 times slower). `--root` measures another checkout of the code
(a `git worktree` of an earlier commit) with this driver.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.bench.scenarios.intake import bsn

START_MELDINGEN = 20


def _bsns() -> Any:
    n = 0
    while True:
        n += 1
        if (value := bsn(1, n)) is not None:
            yield value


async def _call(
    app: Any,
    headers: list[tuple[bytes, bytes]],
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else b""
    if body is not None:
        headers = [
            *headers,
            (b"content-type", b"application/json"),
            (b"content-length", str(len(data)).encode()),
        ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("bench", 80),
        "root_path": "",
    }
    received = False
    status: list[int] = []
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": data, "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status[0], b"".join(chunks)


async def _drive(reads: int, registrations: int) -> None:
    """The requests of one run, in this process (under valgrind when measured)."""
    from services.intake.app import create_app
    from shared import testing
    from tests.intake.conftest import melding_body

    app = create_app()
    logging.disable(logging.CRITICAL)
    headers = [(k.lower().encode(), v.encode()) for k, v in testing.auth_header("loket").items()]
    bsns = _bsns()

    async def register() -> str:
        body = melding_body(inwoner={"bsn": next(bsns)}, inkomensbron="uitkering")
        status, raw = await _call(app, headers, "POST", "/v1/meldingen", body)
        if status != 201:
            raise RuntimeError(f"registration answered {status}: {raw[:300]!r}")
        return str(json.loads(raw)["id"])

    async with app.router.lifespan_context(app):
        ids = [await register() for _ in range(START_MELDINGEN)]
        for n in range(reads):
            status, raw = await _call(app, headers, "GET", f"/v1/meldingen/{ids[n % len(ids)]}")
            if status != 200:
                raise RuntimeError(f"read answered {status}: {raw[:300]!r}")
        for _ in range(registrations):
            await register()


def _counted(root: Path, reads: int, registrations: int, work: Path) -> int:
    """Instructions of one run of the driver under callgrind."""
    out = work / f"callgrind.{reads}.{registrations}.out"
    database = work / f"intake-{reads}-{registrations}.db"
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "PYTHONHASHSEED": "0",
        "INTAKE_DATABASE_URL": f"sqlite:///{database}",
        "TRAJECTORY_URL": "http://127.0.0.1:1",
    }
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={out}",
        # This file, run with the measured checkout first on the path (it may predate this).
        sys.executable,
        str(Path(__file__).resolve()),
        "--binnen",
        "--reads",
        str(reads),
        "--registrations",
        str(registrations),
    ]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=300)
    parser.add_argument("--registrations", type=int, default=150)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout to measure")
    parser.add_argument("--binnen", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.binnen:
        asyncio.run(_drive(args.reads, args.registrations))
        return
    root = args.root.resolve()
    with tempfile.TemporaryDirectory(prefix="balans-instructies-") as temp:
        runs = [(0, 0), (args.reads, 0), (0, args.registrations)]
        with ThreadPoolExecutor(max_workers=len(runs)) as pool:
            futures = [pool.submit(_counted, root, r, g, Path(temp)) for r, g in runs]
            counts = [future.result() for future in futures]
    start, with_reads, with_registrations = counts
    print(f"code: {root}")
    print(f"start-up and {START_MELDINGEN} registrations: {start:,} instructions")
    print(f"read by id: {(with_reads - start) / args.reads:,.0f} instructions a request")
    print(
        f"registration: {(with_registrations - start) / args.registrations:,.0f} "
        "instructions a request"
    )


if __name__ == "__main__":
    main()
