"""The DDAS delivery: pages of 25,000 trajectories from a running service, timed end to end.

The client times each `POST /v1/ddas/gegevens` from sending to the last byte of the body; the
pages cover every stored trajectory (the period spans all of them).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import date, timedelta

import httpx

from shared import testing

PAGE_SIZE = 25_000


@dataclass(frozen=True)
class PageTime:
    page: int
    seconds: float
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


def fetch_pages(base_url: str, *, pages: int, repeat: int) -> Result:
    """Fetch pages 1..`pages` `repeat` times, one after the other."""
    headers = testing.auth_header("service", subject="cbs")
    body = {
        "aanleverperiodeStartdatum": (date.today() - timedelta(days=1500)).isoformat(),
        "aanleverperiodeEinddatum": date.today().isoformat(),
        "pageSize": PAGE_SIZE,
    }
    times: list[PageTime] = []
    with httpx.Client(base_url=base_url, timeout=120.0) as client:
        for _ in range(repeat):
            for page in range(1, pages + 1):
                started = time.perf_counter()
                response = client.post(
                    "/v1/ddas/gegevens", json={**body, "page": page}, headers=headers
                )
                content = response.content
                seconds = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"page {page}: {response.status_code} {response.text[:300]}")
                leveringen = response.json()["gegevens"]["leveringen"]
                times.append(
                    PageTime(
                        page=page,
                        seconds=seconds,
                        megabytes=len(content) / 1e6,
                        trajecten=len(leveringen[0]["schuldhulptrajecten"]),
                    )
                )
    return Result(pages=times)
