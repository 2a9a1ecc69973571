"""Trajectories driven through the whole lifecycle over HTTP against a running service.

Each case takes the 18 requests a counsellor's work takes: intake's aanvraag (service token,
Idempotency-Key), intake, the document checklist, the decision, the plan, stabilisation, the
afwegingskader, two debts, the settlement phase, the VTLB calculation, the offer, both creditors
agreeing, the solution, aftercare and the exit. `concurrency` cases run at once (httpx, one
connection each); every answer must be the expected status, else it counts as an error.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from services.trajectory.domain.documenten import Document
from shared import testing

DOCUMENTEN = [d.value for d in Document]


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cases: int = 0


class _Case:
    def __init__(self, client: httpx.AsyncClient, tally: Tally, headers: dict[str, str]) -> None:
        self.client = client
        self.tally = tally
        self.headers = headers

    async def call(
        self, method: str, path: str, body: dict[str, Any], status: int, **headers: str
    ) -> dict[str, Any]:
        started = time.perf_counter()
        response = await self.client.request(
            method, path, json=body, headers={**self.headers, **headers}
        )
        self.tally.latencies_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != status:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        result: dict[str, Any] = response.json()
        return result


def _d(day: date) -> str:
    return day.isoformat()


async def one_case(case: _Case, n: int, service: dict[str, str], d0: date) -> None:
    aanvraag = {
        "aanvraagId": str(uuid.uuid4()),
        "meldingId": str(uuid.uuid4()),
        "gemeentecode": "GM0362",
        "aanvraagdatum": _d(d0),
        "crisis": False,
        "aanvrager": {
            "achternaam": "Jansen",
            "geboortedatum": "1980-03-14",
            "postcode": "1181AA",
            "huisnummer": 1 + n % 200,
        },
        "subjectKey": f"{n:064x}",
    }
    opened = await case.call(
        "POST", "/v1/aanvragen", aanvraag, 201, **service, **{"Idempotency-Key": str(uuid.uuid4())}
    )
    pad = f"/v1/trajecten/{opened['trajectId']}"

    async def fase(naar: str, dag: int, **extra: str) -> dict[str, Any]:
        body = {"naar": naar, "reden": "Volgende stap.", "datum": _d(d0 + timedelta(days=dag))}
        return await case.call("POST", f"{pad}/fase-overgangen", {**body, **extra}, 201)

    await fase("intake", 3)
    documenten = [{"document": d, "ontvangenOp": _d(d0 + timedelta(days=10))} for d in DOCUMENTEN]
    await case.call("PUT", f"{pad}/documenten", {"ontvangen": documenten}, 200)
    await fase("beschikking", 11)
    beschikking = {"soort": "Toelatingsbeschikking", "datum": _d(d0 + timedelta(days=30))}
    await case.call("POST", f"{pad}/beschikkingen", {**beschikking, "redenen": ["Voldoet."]}, 201)
    plan = {
        "hulpvraag": "Schulden regelen.",
        "ondersteuning": "Budgetbeheer.",
        "verwachteEinddatum": _d(d0 + timedelta(days=700)),
    }
    await case.call("PUT", f"{pad}/plan-van-aanpak", plan, 200)
    await fase("stabilisatie", 40)
    afweging = {
        "peildatum": _d(d0 + timedelta(days=50)),
        "inkomenStabiel": False,
        "motivatie": "voldoende",
        "kredietbedrag": "4000",
    }
    await case.call("PUT", f"{pad}/afwegingskader", afweging, 200)
    for naam, bedrag in (("Eigen Haard", "3000.49"), ("Vattenfall", "1000.00")):
        schuld = {
            "schuldeiser": {"naam": naam},
            "bedrag": bedrag,
            "peildatum": _d(d0 + timedelta(days=20)),
            "schuldsoort": "Nuts",
        }
        stand = await case.call("POST", f"{pad}/schulden", schuld, 201)
    await fase("schuldregeling", 120)
    berekening = {
        "peildatum": _d(d0 + timedelta(days=120)),
        "leefsituatie": "alleenstaande",
        "nettoInkomen": "2150.00",
    }
    await case.call("POST", f"{pad}/berekeningen", berekening, 201)
    await case.call(
        "POST", f"{pad}/aanbiedingen", {"ingediendOp": _d(d0 + timedelta(days=123))}, 201
    )
    for schuld_id in [s["id"] for s in stand["schulden"]]:
        reactie = {"reactie": "akkoord", "datum": _d(d0 + timedelta(days=150))}
        await case.call("POST", f"{pad}/schulden/{schuld_id}/reacties", reactie, 201)
    oplossing = {
        "soort": "Schuldbemiddeling",
        "startdatum": _d(d0 + timedelta(days=160)),
        "reden": "Alle schuldeisers akkoord.",
    }
    await case.call("POST", f"{pad}/oplossingen", oplossing, 201)
    await fase("nazorg", 170)
    await fase("uitstroom", 300, uitstroomreden="Afgerond")


@dataclass(frozen=True)
class Result:
    cases: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    first_error: str | None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


async def drive(base_url: str, *, cases: int, concurrency: int, timeout_s: float) -> Result:
    """Drive `cases` trajectories through the lifecycle, `concurrency` at a time."""
    tally = Tally()
    service = testing.auth_header("service", subject="intake")
    consulent = testing.auth_header("consulent", subject="bench")
    d0 = date.today() - timedelta(days=400)
    counter = iter(range(cases))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        case = _Case(client, tally, consulent)
        for n in counter:
            try:
                await one_case(case, n + 1, service, d0)
                tally.cases += 1
            except (RuntimeError, httpx.HTTPError) as error:
                tally.errors.append(repr(error))

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30.0) as client:
        # Past the time limit the run stops and reports what it did (`cases` says how many).
        workers = [asyncio.create_task(worker(client)) for _ in range(concurrency)]
        _, pending = await asyncio.wait(workers, timeout=timeout_s)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    seconds = time.perf_counter() - started
    latencies = sorted(tally.latencies_ms)
    return Result(
        cases=tally.cases,
        requests=len(latencies),
        errors=len(tally.errors),
        seconds=seconds,
        p50_ms=statistics.median(latencies) if latencies else 0.0,
        p99_ms=latencies[int(len(latencies) * 0.99)] if latencies else 0.0,
        first_error=tally.errors[0] if tally.errors else None,
    )
