"""Idempotency-Key on the receiving side (IETF draft "The Idempotency-Key HTTP Header", Stripe).

A key is stored per caller (the token's subject) with a SHA-256 of method, target and body for at
least 24 hours. A repeat gets the first response with `Idempotent-Replayed: true`; the same key
with another request is a 422; a repeat while the first is still running is a 409.

The key row is written in the request's own transaction, together with the handler's effect and
its response, so a crash leaves neither and a committed key always has its response. Hence an
unfinished first attempt is invisible to other transactions:
- in this process, a registry of keys in flight answers a concurrent repeat with 409 at once
  (on SQLite it would otherwise wait for a write lock its own event loop holds);
- in another process or replica, the key insert (ON CONFLICT DO NOTHING) waits until the first
  transaction ends, then finds its committed row and replays it (or, after a rollback, runs).
Error responses are not stored: the transaction rolls back with the key, and a retry runs anew.

Usage in a handler (the route declares `response_model=` for the OpenAPI document):

    async def create(body: XCreate, session: DbSession, guard: Idempotency) -> Response:
        if guard.replay is not None:
            return guard.replay
        created = service.create(session, body)
        return guard.record(201, XRead.model_validate(created), headers={"Location": ...})
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Header, Request, Response
from pydantic_core import to_json
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from shared.auth import CurrentPrincipal
from shared.db import DbSession, after_transaction_end
from shared.plumbing import PlumbingTables
from shared.problems import Conflict, InvalidInput, InvalidParam, RuleViolation

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
RETENTION = timedelta(hours=24)
MAX_KEY_LENGTH = 255
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
_KEY_DESCRIPTION = (
    "Unique key (1-255 printable characters, e.g. a UUID) that makes a retry of this request "
    "safe: a repeat within 24 hours returns the first response with `Idempotent-Replayed: true`."
)

_Claim = tuple[str, str]  # (caller, key)


@dataclass
class IdempotencyGuard:
    """The handler's view of the key: a response to replay, or `record` to store its own."""

    key: str | None
    replay: Response | None = None
    _session: Connection | None = field(default=None, repr=False)
    _tables: PlumbingTables | None = field(default=None, repr=False)
    _claim: _Claim | None = field(default=None, repr=False)
    recorded: bool = False

    def record(
        self,
        status_code: int,
        body: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        media_type: str = "application/json",
    ) -> Response:
        """Store the response with the key (same transaction) and return it for the handler."""
        if self.replay is not None:
            raise RuntimeError("a replayed request must return guard.replay, not record anew")
        content = b"" if body is None else to_json(body, by_alias=True)
        stored = {k.lower(): v for k, v in (headers or {}).items()}
        if body is not None:
            stored.setdefault("content-type", media_type)
        if self._claim is not None:
            assert self._session is not None
            assert self._tables is not None
            table = self._tables.idempotency_key
            caller, key = self._claim
            self._session.execute(
                sa.update(table)
                .where(table.c.caller == caller, table.c.key == key)
                .values(
                    state=COMPLETED,
                    response_status=status_code,
                    response_body=content,
                    response_headers=stored,
                )
            )
        self.recorded = True
        return Response(content=content, status_code=status_code, headers=stored)


def parse_key(raw: str) -> str:
    """The key of a header value (plain, or an RFC 8941 string in quotes); 400 if invalid."""
    key = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == '"' else raw
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in key):
        reason = f"1 tot {MAX_KEY_LENGTH} afdrukbare ASCII-tekens."
        raise InvalidInput(
            "De Idempotency-Key is ongeldig.",
            invalid_params=[InvalidParam(name=HEADER, reason=reason)],
        )
    return key


def request_fingerprint(method: str, target: str, body: bytes) -> str:
    """SHA-256 over method, path with query, and the raw body."""
    digest = hashlib.sha256()
    for part in (method.upper().encode(), target.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))  # length-prefixed: no ambiguous joins
        digest.update(part)
    return digest.hexdigest()


def purge_expired(session: Connection, tables: PlumbingTables, now: datetime | None = None) -> int:
    """Delete keys past their retention; returns how many."""
    table = tables.idempotency_key
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    result = session.execute(sa.delete(table).where(table.c.expires_at < moment))
    return int(getattr(result, "rowcount", 0) or 0)


def _in_flight(app: FastAPI) -> dict[_Claim, str]:
    """This app's claims whose transaction is still open, with their request's fingerprint."""
    registry: dict[_Claim, str] | None = getattr(app.state, "idempotency_in_flight", None)
    if registry is None:
        registry = {}
        app.state.idempotency_in_flight = registry
    return registry


def _find(session: Connection, tables: PlumbingTables, claim: _Claim) -> Any:
    table = tables.idempotency_key
    query = sa.select(table).where(table.c.caller == claim[0], table.c.key == claim[1])
    return session.execute(query).first()


def _insert_if_absent(session: Connection, tables: PlumbingTables, values: dict[str, Any]) -> bool:
    table = tables.idempotency_key
    dialect = session.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).values(**values).on_conflict_do_nothing().returning(table.c.key)
    return session.execute(statement).first() is not None


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _refuse_mismatch(stored: str, fingerprint: str) -> None:
    if stored != fingerprint:
        raise RuleViolation(
            "Deze Idempotency-Key is al gebruikt voor een ander verzoek; "
            "gebruik een nieuwe sleutel."
        )


def _replay(row: Any, fingerprint: str) -> Response:
    _refuse_mismatch(row.request_hash, fingerprint)
    if row.state != COMPLETED:
        raise _in_progress()
    headers = dict(row.response_headers or {}) | {REPLAYED_HEADER: "true"}
    return Response(content=row.response_body, status_code=row.response_status, headers=headers)


def _in_progress() -> Conflict:
    detail = "Een verzoek met deze Idempotency-Key wordt nog verwerkt; probeer het zo opnieuw."
    return Conflict(detail, headers={"Retry-After": "1"})


def _release_when_done(session: Connection, registry: dict[_Claim, str], claim: _Claim) -> None:
    # Only once the transaction has committed or rolled back may a repeat go to the database.
    def release() -> None:
        registry.pop(claim, None)

    after_transaction_end(session, release)


async def _open_guard(
    request: Request, session: Connection, caller: str, raw_key: str | None
) -> IdempotencyGuard:
    if raw_key is None:
        return IdempotencyGuard(key=None)
    key = parse_key(raw_key)
    claim: _Claim = (caller, key)
    tables: PlumbingTables = request.app.state.plumbing
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    fingerprint = request_fingerprint(request.method, target, await request.body())
    # From here to registering the claim nothing awaits, so no other request can interleave.
    registry = _in_flight(request.app)
    if claim in registry:
        _refuse_mismatch(registry[claim], fingerprint)
        raise _in_progress()
    now = datetime.now(UTC)
    row = _find(session, tables, claim)
    if row is not None and _utc(row.expires_at) <= now:
        table = tables.idempotency_key
        session.execute(sa.delete(table).where(table.c.caller == caller, table.c.key == key))
        row = None
    if row is None:
        values = {
            "caller": caller,
            "key": key,
            "request_method": request.method,
            "request_path": target[:500],
            "request_hash": fingerprint,
            "state": IN_PROGRESS,
            "created_at": now,
            "expires_at": now + RETENTION,
        }
        if _insert_if_absent(session, tables, values):
            registry[claim] = fingerprint
            _release_when_done(session, registry, claim)
            return IdempotencyGuard(key=key, _session=session, _tables=tables, _claim=claim)
        row = _find(session, tables, claim)  # another process committed it meanwhile
        if row is None:
            raise _in_progress()
    return IdempotencyGuard(key=key, replay=_replay(row, fingerprint))


def _check_recorded(guard: IdempotencyGuard) -> None:
    # Raising here, before the commit, rolls back key and effect alike.
    if guard.replay is None and guard.key is not None and not guard.recorded:
        raise RuntimeError("an idempotent handler must return guard.replay or guard.record(...)")


async def optional_idempotency_key(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    idempotency_key: Annotated[
        str | None, Header(alias=HEADER, description=_KEY_DESCRIPTION)
    ] = None,
) -> AsyncIterator[IdempotencyGuard]:
    """The guard for a route where the Idempotency-Key header is optional."""
    guard = await _open_guard(request, session, principal.subject, idempotency_key)
    yield guard
    _check_recorded(guard)


async def required_idempotency_key(
    request: Request,
    session: DbSession,
    principal: CurrentPrincipal,
    idempotency_key: Annotated[str, Header(alias=HEADER, description=_KEY_DESCRIPTION)],
) -> AsyncIterator[IdempotencyGuard]:
    """The guard for a route that refuses requests without an Idempotency-Key (400)."""
    guard = await _open_guard(request, session, principal.subject, idempotency_key)
    yield guard
    _check_recorded(guard)


Idempotency = Annotated[IdempotencyGuard, Depends(optional_idempotency_key, scope="function")]
IdempotencyRequired = Annotated[
    IdempotencyGuard, Depends(required_idempotency_key, scope="function")
]
