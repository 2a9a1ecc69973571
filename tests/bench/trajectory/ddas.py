"""The DDAS delivery: pages of 25,000 trajectories from a running service, timed end to end.

The client times each `POST /v1/ddas/gegevens` from sending to the first and to the last byte
of the body (the page is streamed: the first bytes leave before the page is built); the pages
cover every stored trajectory (the period spans all of them).
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
import orjson

from shared import testing

PAGE_SIZE = 25_000


@dataclass(frozen=True)
class PageTime:
    page: int
    seconds: float
    first_byte_s: float
    megabytes: float
    trajecten: int
    worker_cpu_s: float | None = None  # the worker's CPU time (user + system) for the page


@dataclass(frozen=True)
class Result:
    pages: list[PageTime]

    @property
    def median_s(self) -> float:
        return statistics.median(p.seconds for p in self.pages)

    @property
    def max_s(self) -> float:
        return max(p.seconds for p in self.pages)

    @property
    def median_cpu_s(self) -> float | None:
        cpu = [p.worker_cpu_s for p in self.pages if p.worker_cpu_s is not None]
        return statistics.median(cpu) if cpu else None


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process so far (Linux /proc); None where unknown. On a
    machine shared with other benchmarks the wall time of a page follows the load; the
    worker's CPU time much less."""
    if pid is None:
        return None
    try:
        velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def fetch_pages(
    base_url: str,
    *,
    pages: int,
    repeat: int,
    page_size: int = PAGE_SIZE,
    worker_pid: int | None = None,
) -> Result:
    """Fetch pages 1..`pages` of `page_size` `repeat` times, one after the other (with the
    worker's CPU time per page when its pid is given)."""
    headers = testing.auth_header("service", subject="cbs")
    body = {
        "aanleverperiodeStartdatum": (date.today() - timedelta(days=1500)).isoformat(),
        "aanleverperiodeEinddatum": date.today().isoformat(),
        "pageSize": page_size,
    }
    times: list[PageTime] = []
    with httpx.Client(base_url=base_url, timeout=120.0) as client:
        for _ in range(repeat):
            for page in range(1, pages + 1):
                cpu_before = cpu_seconds(worker_pid)
                started = time.perf_counter()
                first_byte = 0.0
                chunks: list[bytes] = []
                with client.stream(
                    "POST", "/v1/ddas/gegevens", json={**body, "page": page}, headers=headers
                ) as response:
                    for chunk in response.iter_bytes():
                        first_byte = first_byte or time.perf_counter() - started
                        chunks.append(chunk)
                seconds = time.perf_counter() - started
                cpu_after = cpu_seconds(worker_pid)
                content = b"".join(chunks)
                if response.status_code != 200:
                    raise RuntimeError(f"page {page}: {response.status_code} {content[:300]!r}")
                leveringen = orjson.loads(content)["gegevens"]["leveringen"]
                times.append(
                    PageTime(
                        page=page,
                        seconds=seconds,
                        first_byte_s=first_byte,
                        megabytes=len(content) / 1e6,
                        trajecten=len(leveringen[0]["schuldhulptrajecten"]),
                        worker_cpu_s=None
                        if cpu_before is None or cpu_after is None
                        else cpu_after - cpu_before,
                    )
                )
    return Result(pages=times)
