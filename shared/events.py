"""Domain events for reporting: appended in the caller's transaction, served as an ordered feed.

Reporting pulls `GET /v1/events?after=<cursor>` and remembers the last cursor it projected, so a
cursor must never be passed by an event that commits later. Events carry pseudonymous keys and
attributes only; `append_event` refuses payloads that look like personal data.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel
from pydantic_core import to_jsonable_python
from sqlalchemy import Connection

from shared.auth import Principal, Role, require_roles
from shared.db import DbSession, transaction_lock
from shared.plumbing import PlumbingTables
from shared.problems import PROBLEM_MEDIA_TYPE, Problem

# Keys that name a person, normalised (lower case, no '_' or '-'); reporting must never see them.
DENIED_PAYLOAD_KEYS = frozenset(
    {
        "bsn",
        "naam",
        "achternaam",
        "voornamen",
        "adres",
        "straat",
        "postcode",
        "huisnummer",
        "telefoon",
        "email",
        "geboortedatum",
    }
)
# Any constant will do, as long as every appender of this database uses the same one.
EVENT_APPEND_LOCK = 0x62616C616E73  # "balans"
MAX_FEED_LIMIT = 1000
DEFAULT_FEED_LIMIT = 100


def is_bsn(value: str) -> bool:
    """Whether `value` is nine digits passing the BSN eleven-test."""
    if len(value) != 9 or not (value.isascii() and value.isdigit()):
        return False
    digits = [int(c) for c in value]
    total = sum(weight * d for weight, d in zip(range(9, 1, -1), digits[:8], strict=True))
    return (total - digits[8]) % 11 == 0


def check_payload(payload: Any, *, path: str = "payload") -> None:
    """Raise ValueError if a payload holds a personal-data key or a BSN (a programming error)."""
    if isinstance(payload, Mapping):
        for key, value in payload.items():
            normalised = str(key).lower().replace("_", "").replace("-", "")
            if normalised in DENIED_PAYLOAD_KEYS:
                raise ValueError(f"event {path} may not carry personal data: key {key!r}")
            check_payload(value, path=f"{path}.{key}")
    elif isinstance(payload, list | tuple):
        for index, item in enumerate(payload):
            check_payload(item, path=f"{path}[{index}]")
    elif isinstance(payload, str) and is_bsn(payload.strip()):
        raise ValueError(f"event {path} may not carry a BSN")


# Built once: a new `insert().values(...)` per event cost about 270 us of a 420 us append (SQLite,
# in-process), spent building, coercing and keying the statement; the values go as parameters.
@cache
def _insert_event(table: sa.Table) -> sa.Insert:
    return table.insert()


def append_event(
    session: Connection,
    tables: PlumbingTables,
    *,
    type: str,
    gemeentecode: str,
    subject_key: str | None,
    payload: Mapping[str, Any],
    occurred_at: datetime | None = None,
) -> None:
    """Append one event in the caller's transaction; it becomes visible when that commits."""
    document = to_jsonable_python(dict(payload))  # Decimal, date, UUID as JSON text
    check_payload(document)
    if occurred_at is not None and occurred_at.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    # Sequence values are handed out at insert time but become visible at commit, so two
    # concurrent appenders could commit ids 8 and 7 in that order and a reader that saw 8 first
    # would skip 7 forever. The lock, held until commit, makes id order commit order. Appending
    # transactions of this database queue behind each other until commit, so a use case
    # appends its events last.
    transaction_lock(session, EVENT_APPEND_LOCK)
    session.execute(
        _insert_event(tables.event),
        {
            "event_id": str(uuid.uuid4()),
            "type": type,
            "occurred_at": (occurred_at or datetime.now(UTC)).astimezone(UTC),
            "gemeentecode": gemeentecode,
            "subject_key": subject_key,
            "payload": document,
        },
    )


def event_feed_position(session: Connection, tables: PlumbingTables) -> int:
    """The newest event's cursor (0 when there are none), for the metrics."""
    newest = session.execute(sa.select(sa.func.max(tables.event.c.id))).scalar_one()
    return int(newest or 0)


class FeedModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class EventRead(FeedModel):
    """One domain event."""

    cursor: int = Field(description="Position in the feed; pass it as `after` to read on.")
    event_id: str = Field(description="Unique id of the event (UUID); project idempotently on it.")
    type: str = Field(description="Kind of event, e.g. `signaal.ontvangen`.")
    occurred_at: datetime = Field(description="When it happened (UTC).")
    gemeentecode: str = Field(description="CBS code of the municipality, e.g. `GM0362`.")
    subject_key: str | None = Field(description="Pseudonymous person key, if about a person.")
    payload: dict[str, Any] = Field(description="Attributes of the event; never personal data.")


class EventPage(FeedModel):
    """A slice of the event feed, oldest first."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "items": [
                    {
                        "cursor": 41,
                        "eventId": "0b7e8c2e-5d0f-4a53-9a57-2d8f3c1e6b10",
                        "type": "signaal.ontvangen",
                        "occurredAt": "2025-03-04T09:15:00Z",
                        "gemeentecode": "GM0362",
                        "subjectKey": "3f1c9a...e7",
                        "payload": {"partnerType": "zorgverzekeraar", "bedrag": "412.50"},
                    }
                ],
                "nextCursor": 41,
                "hasMore": False,
            }
        }
    )

    items: list[EventRead] = Field(description="Events with a cursor above `after`, in order.")
    next_cursor: int = Field(description="Pass as `after` for the next page.")
    has_more: bool = Field(description="Whether more events follow right now.")


def _utc(value: datetime) -> datetime:
    # SQLite keeps no offset; every instant is stored in UTC, so a naive one is UTC.
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


def read_events(
    session: Connection, tables: PlumbingTables, *, after: int, limit: int
) -> EventPage:
    """Events with a cursor above `after`, at most `limit`, oldest first."""
    event = tables.event
    rows = session.execute(
        sa.select(event).where(event.c.id > after).order_by(event.c.id).limit(limit + 1)
    ).all()
    # The rows are our own, already valid: construct without validating each field again.
    items = [
        EventRead.model_construct(
            cursor=row.id,
            event_id=row.event_id,
            type=row.type,
            occurred_at=_utc(row.occurred_at),
            gemeentecode=row.gemeentecode,
            subject_key=row.subject_key,
            payload=row.payload,
        )
        for row in rows[:limit]
    ]
    return EventPage.model_construct(
        items=items,
        next_cursor=items[-1].cursor if items else after,
        has_more=len(rows) > limit,
    )


def _digits_only(value: Any) -> Any:
    # Query values arrive as text; lax int parsing would take "1.0", "+3" or "1_0".
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("must be a whole number written in digits")
    return value


Cursor = Annotated[
    int,
    Query(ge=0, le=2**62, description="Return events after this cursor; 0 reads from the start."),
    BeforeValidator(_digits_only),
]
Limit = Annotated[
    int,
    Query(ge=1, le=MAX_FEED_LIMIT, description=f"At most this many events (1-{MAX_FEED_LIMIT})."),
    BeforeValidator(_digits_only),
]

_PROBLEM = {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}}
# Module level: the endpoint's annotations are resolved against the module's globals.
FeedReader = Annotated[Principal, Depends(require_roles(Role.service, Role.bi))]


def event_feed_router(*, tables_attr: str = "plumbing") -> APIRouter:
    """The feed endpoint; the app keeps its PlumbingTables at `app.state.<tables_attr>`."""
    router = APIRouter(tags=["events"])

    @router.get(
        "/v1/events",
        response_model=EventPage,
        response_model_by_alias=True,
        summary="Read the domain-event feed",
        description=(
            "Domain events of this service in commit order, for reporting. Page through the feed "
            "by passing the last `nextCursor` as `after`; an event never appears before one with "
            "a lower cursor. Events hold pseudonymous keys and attributes, no personal data. "
            "Roles: `service`, `bi`."
        ),
        responses={
            400: {**_PROBLEM, "description": "`after` or `limit` is not a valid number."},
            401: {**_PROBLEM, "description": "No valid bearer token."},
            403: {**_PROBLEM, "description": "The token lacks the `service` or `bi` role."},
        },
    )
    async def list_events(
        request: Request,
        session: DbSession,
        _reader: FeedReader,
        after: Cursor = 0,
        limit: Limit = DEFAULT_FEED_LIMIT,
    ) -> EventPage:
        tables: PlumbingTables = getattr(request.app.state, tables_attr)
        return read_events(session, tables, after=after, limit=limit)

    return router
