"""A stand-in event feed for reporting's tests: events crafted in the test, served over
httpx.MockTransport in the shape of shared.events (no real network)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from shared.events import EventPage, EventRead

SUBJECT_A = "a" * 64
SUBJECT_B = "b" * 64
SUBJECT_C = "c" * 64
SUBJECT_D = "d" * 64


def moment(day: str, hour: int = 10) -> datetime:
    """An instant on a Dutch day (10:00 UTC is within the same Dutch day)."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@dataclass
class Feed:
    """One source's feed; `down` makes it refuse connections like a stopped service."""

    events: list[EventRead] = field(default_factory=list)
    down: bool = False
    requests: int = 0

    def add(
        self,
        type: str,
        day: str,
        payload: Mapping[str, Any] | None = None,
        *,
        subject_key: str | None = None,
        gemeentecode: str = "GM0362",
    ) -> EventRead:
        event = EventRead(
            cursor=len(self.events) + 1,
            event_id=str(uuid.uuid4()),
            type=type,
            occurred_at=moment(day),
            gemeentecode=gemeentecode,
            subject_key=subject_key,
            payload=dict(payload or {}),
        )
        self.events.append(event)
        return event

    def page(self, after: int, limit: int) -> EventPage:
        items = [e for e in self.events if e.cursor > after][:limit]
        more = len([e for e in self.events if e.cursor > after]) > limit
        return EventPage(
            items=items, next_cursor=items[-1].cursor if items else after, has_more=more
        )


@dataclass
class Feeds:
    """The three sources, routed by host name (settings point each URL at its own host)."""

    intake: Feed = field(default_factory=Feed)
    signals: Feed = field(default_factory=Feed)
    trajectory: Feed = field(default_factory=Feed)

    def transport(self) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            feed: Feed = getattr(self, request.url.host)
            feed.requests += 1
            if feed.down:
                raise httpx.ConnectError("connection refused", request=request)
            assert request.url.path == "/v1/events"
            assert request.headers["authorization"].startswith("Bearer ")
            page = feed.page(int(request.url.params["after"]), int(request.url.params["limit"]))
            return httpx.Response(200, json=page.model_dump(mode="json", by_alias=True))

        return httpx.MockTransport(handle)


SETTINGS = {
    "intake_url": "http://intake",
    "signals_url": "http://signals",
    "trajectory_url": "http://trajectory",
}
