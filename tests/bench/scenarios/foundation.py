"""The foundation's figures (issue 2): the event feed, the processing-log search, and the cost of
the cross-cutting stack, all on the intake service's app (the shared routes every service has).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from tests.bench.scenario import RawDb, RequestSpec, Scenario, SeedContext

EVENTS = 100_000
FEED_LIMIT = 100
LOG_RECORDS = 100_000
LOG_SUBJECTS = 20_000  # five records per resident
PAGE_SIZE = 50  # the processing-log search's default page size
EVENT_TYPES = ("signaal.ontvangen", "melding.geregistreerd", "traject.gestart", "traject.fase")
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def subject_key(n: int) -> str:
    """A 64-character pseudonymous key the Lua side can build too: `subj` + 60 digits."""
    return f"subj{n:060d}"


RANDOM_CURSOR_LUA = f"rand_int(0, {EVENTS - FEED_LIMIT})"
SUBJECT_KEY_LUA = f'string.format("subj%060d", rand_int(0, {LOG_SUBJECTS - 1}))'


def seed_events(ctx: SeedContext) -> None:
    rows = [
        {
            "event_id": str(uuid.uuid4()),
            "type": EVENT_TYPES[i % len(EVENT_TYPES)],
            "occurred_at": T0 + timedelta(seconds=30 * i),
            "gemeentecode": "GM0362",
            "subject_key": subject_key(i % LOG_SUBJECTS),
            "payload": {"partnerType": "zorgverzekeraar", "bedrag": f"{i % 900 + 100}.50"},
        }
        for i in range(EVENTS)
    ]
    ctx.bulk_insert(ctx.plumbing.event, rows)


def seed_processing_log(ctx: SeedContext) -> None:
    rows = []
    for i in range(LOG_RECORDS):
        started = T0 + timedelta(seconds=20 * i)
        rows.append(
            {
                "trace_id": uuid.uuid4().hex,
                "span_id": uuid.uuid4().hex[:16],
                "action": "melding-inzien",
                "activity_id": "schuldhulpverlening-intake",
                "subject_key": subject_key(i % LOG_SUBJECTS),
                "actor": f"medewerker-{i % 40}",
                "role": "loket",
                "result": "success",
                "started_at": started,
                "ended_at": started + timedelta(milliseconds=3),
            }
        )
    ctx.bulk_insert(ctx.plumbing.processing_log, rows)


EVENT_COLUMNS = "id, event_id, type, occurred_at, gemeentecode, subject_key, payload"


def feed_baseline(app: FastAPI, db: RawDb) -> None:
    """The same indexed range read as the feed (limit + 1 rows), as plain dicts."""

    @app.get("/v1/events")
    async def events(after: int = 0, limit: int = FEED_LIMIT) -> dict[str, Any]:
        rows = db.rows(
            f"SELECT {EVENT_COLUMNS} FROM event WHERE id > ? ORDER BY id LIMIT ?",
            (after, limit + 1),
        )
        items = [
            {
                "cursor": row[0],
                "eventId": row[1],
                "type": row[2],
                "occurredAt": row[3],
                "gemeentecode": row[4],
                "subjectKey": row[5],
                "payload": db.json(row[6]),
            }
            for row in rows[:limit]
        ]
        return {
            "items": items,
            "nextCursor": items[-1]["cursor"] if items else after,
            "hasMore": len(rows) > limit,
        }


def noop_baseline(app: FastAPI, _db: RawDb) -> None:
    """A bare `async def` GET answering what the feed answers past its end, without a database."""

    @app.get("/v1/events")
    async def events(after: int = 0, limit: int = FEED_LIMIT) -> dict[str, Any]:
        return {"items": [], "nextCursor": after, "hasMore": False}


class SearchBody(BaseModel):
    subjectKey: str  # noqa: N815 (the wire name)


LOG_COLUMNS = (
    "id, trace_id, span_id, action, activity_id, subject_key, actor, role, result, "
    "started_at, ended_at"
)
LOG_INSERT = (
    "INSERT INTO processing_log (trace_id, span_id, action, activity_id, subject_key, actor, "
    "role, result, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def search_baseline(app: FastAPI, db: RawDb) -> None:
    """Count, a page ordered by time, and the search's own log record, in one transaction."""

    @app.post("/v1/verwerkingen/zoeken")
    async def search(body: SearchBody) -> dict[str, Any]:
        started = datetime.now(UTC)
        with db.transaction():
            count = db.one(
                "SELECT count(*) FROM processing_log WHERE subject_key = ?", (body.subjectKey,)
            )
            rows = db.rows(
                f"SELECT {LOG_COLUMNS} FROM processing_log WHERE subject_key = ? "
                "ORDER BY started_at, id LIMIT ? OFFSET ?",
                (body.subjectKey, PAGE_SIZE, 0),
            )
            db.run(
                LOG_INSERT,
                (
                    uuid.uuid4().hex,
                    uuid.uuid4().hex[:16],
                    "verwerkingen-zoeken",
                    "privacy-inzage",
                    body.subjectKey,
                    "bench",
                    "privacy",
                    "success",
                    db.timestamp(started),
                    db.timestamp(datetime.now(UTC)),
                ),
            )
        names = (
            "id",
            "traceId",
            "spanId",
            "action",
            "activityId",
            "subjectKey",
            "actor",
            "role",
            "result",
            "startedAt",
            "endedAt",
        )
        return {
            "items": [dict(zip(names, row, strict=True)) for row in rows],
            "page": 1,
            "pageSize": PAGE_SIZE,
            "total": count[0] if count else 0,
        }


SCENARIOS = [
    Scenario(
        name="event-feed-page",
        service="intake",
        description=(
            f"GET /v1/events?after=<random>&limit={FEED_LIMIT} (role bi), {EVENTS:,} events stored"
        ),
        seed=seed_events,
        request=RequestSpec(
            method="GET",
            path=f'"/v1/events?after=" .. {RANDOM_CURSOR_LUA} .. "&limit={FEED_LIMIT}"',
            roles=("bi",),
        ),
        baseline=feed_baseline,
    ),
    Scenario(
        name="processing-log-search",
        service="intake",
        description=(
            f"POST /v1/verwerkingen/zoeken by subject key (role privacy), {LOG_RECORDS:,} records "
            f"over {LOG_SUBJECTS:,} residents; each search also writes its own record"
        ),
        seed=seed_processing_log,
        request=RequestSpec(
            method="POST",
            path='"/v1/verwerkingen/zoeken"',
            body=f'[[{{"subjectKey":"]] .. {SUBJECT_KEY_LUA} .. [["}}]]',
            roles=("privacy",),
        ),
        baseline=search_baseline,
    ),
    Scenario(
        name="stack-noop",
        service="intake",
        description=(
            "GET /v1/events past the end (role bi): auth, middleware, session and an empty indexed "
            "read, vs a bare FastAPI GET with no database"
        ),
        seed=seed_events,
        request=RequestSpec(
            method="GET",
            path=f'"/v1/events?after=1000000000&limit={FEED_LIMIT}"',
            roles=("bi",),
        ),
        baseline=noop_baseline,
    ),
]
