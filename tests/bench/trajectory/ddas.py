"""The DDAS delivery: pages of 25,000 trajectories from a running service, timed end to end.

The client times each `POST /v1/ddas/gegevens` from sending to the first and to the last byte
of the body (the page is streamed: the first bytes leave before the page is built); the pages
cover every stored trajectory (the period spans all of them).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import date, timedelta

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


@dataclass(frozen=True)
class Result:
    pages: list[PageTime]

    @property
    def median_s(self) -> float:
        return statistics.median(p.seconds for p in self.pages)

    @property
    def max_s(self) -> float:
        return max(p.seconds for p in self.pages)


def fetch_pages(base_url: str, *, pages: int, repeat: int, page_size: int = PAGE_SIZE) -> Result:
    """Fetch pages 1..`pages` of `page_size` `repeat` times, one after the other."""
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
                    )
                )
    return Result(pages=times)
