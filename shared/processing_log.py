"""Logboek Dataverwerkingen (Logius): one record per processing of a resident's personal data.

Records are appended in the request's transaction, so a processing that is rolled back leaves no
"success" behind; this module has no update or delete. Each record holds the trace and span id,
the action, the processing activity (an id of the municipality's register of processing
activities), the resident's pseudonymous key, the actor and role, the result and the times.

Failures: when the work inside `processing_logged` raises, personal data may already have been
read, but the request's transaction is about to roll back. The failure records are therefore held
on the session and written in a separate short transaction right after the request's transaction
ends (committed or rolled back), when no write lock is held any more (SQLite has one writer).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import AwareDatetime, ConfigDict, Field, model_validator
from sqlalchemy import Connection
from sqlalchemy.dialects.postgresql import ARRAY

from shared.auth import Principal, Role, require_roles
from shared.db import DbSession, after_transaction_end
from shared.pagination import ApiModel, Page, PageParams, page_params
from shared.plumbing import PlumbingTables
from shared.problems import PROBLEM_MEDIA_TYPE, Problem
from shared.tracecontext import current_span_id, current_trace_id

logger = logging.getLogger(__name__)

SUCCESS = "success"
FAILURE = "failure"
# The privacy officer's own reading of the log is a processing too (an audit matter); the
# municipality's register must list it.
PRIVACY_INZAGE = "privacy-inzage"
_ROLE_ORDER = tuple(Role)  # iterating the enum itself on every record is slow


def _role_of(principal: Principal, role: Role | None) -> str:
    if role is not None:
        if role not in principal.roles:
            raise ValueError(f"the principal does not hold role {role}")
        return role.value
    # The first of the caller's roles in the order Role declares them: deterministic.
    held = principal.roles
    return next((candidate.value for candidate in _ROLE_ORDER if candidate in held), "none")


def _rows(
    *,
    activities: Collection[str],
    principal: Principal,
    action: str,
    activity_id: str,
    subject_keys: Iterable[str],
    result: str,
    started_at: datetime,
    role: Role | None,
) -> list[dict[str, Any]]:
    if activity_id not in activities:
        raise ValueError(f"unknown processing activity {activity_id!r}: not in the register")
    if result not in (SUCCESS, FAILURE):
        raise ValueError(f"result is {SUCCESS!r} or {FAILURE!r}, not {result!r}")
    common = {
        "trace_id": current_trace_id(),
        "span_id": current_span_id(),
        "action": action,
        "activity_id": activity_id,
        "actor": principal.subject,
        "role": _role_of(principal, role),
        "result": result,
        "started_at": started_at.astimezone(UTC),
        "ended_at": datetime.now(UTC),
    }
    keys = list(dict.fromkeys(subject_keys))  # one record per resident, in the given order
    if any(not key or len(key) > 64 for key in keys):
        raise ValueError("a subject key is a pseudonymous key of 1 to 64 characters")
    return [{**common, "subject_key": key} for key in keys]


@cache
def _insert_records(table: sa.Table) -> sa.Insert:
    # Built once per table: a new `insert()` per request cost about a quarter of the append.
    return table.insert()


_COMMON = (
    "trace_id", "span_id", "action", "activity_id", "actor", "role", "result", "started_at",
    "ended_at",
)  # fmt: skip


@cache
def _insert_per_subject(table: sa.Table, dialect: str) -> sa.Insert:
    """One statement for the records of many residents: the values they share bound once, the
    subject keys as one array (PostgreSQL) or JSON list (SQLite) unnested in order. An
    executemany of a 1,000-resident page cost SQLAlchemy's per-row parameter handling per record."""
    if dialect == "postgresql":
        keys = sa.bindparam("subject_keys", type_=ARRAY(sa.String))
        subjects = (
            sa.func.unnest(keys).table_valued("value", with_ordinality="position").render_derived()
        )
        position = subjects.c.position
    else:
        json_list = sa.bindparam("subject_keys", type_=sa.JSON)
        subjects = sa.func.json_each(json_list).table_valued("key", "value")
        position = subjects.c.key
    shared = [sa.bindparam(f"p_{name}", type_=table.c[name].type) for name in _COMMON]
    rows = sa.select(*shared, subjects.c.value).order_by(position)
    return table.insert().from_select([*_COMMON, "subject_key"], rows)


def _insert(session: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    if len(rows) == 1:
        session.execute(_insert_records(table), rows)
        return
    dialect = session.dialect.name
    values: dict[str, Any] = {f"p_{name}": rows[0][name] for name in _COMMON}
    values["subject_keys"] = [row["subject_key"] for row in rows]
    session.execute(_insert_per_subject(table, dialect), values)


def log_processing(
    session: Connection,
    tables: PlumbingTables,
    *,
    activities: Collection[str],
    principal: Principal,
    action: str,
    activity_id: str,
    subject_keys: Iterable[str],
    result: str = SUCCESS,
    started_at: datetime | None = None,
    role: Role | None = None,
) -> None:
    """Append one record per subject in the caller's transaction (one executemany)."""
    rows = processing_records(
        activities=activities,
        principal=principal,
        action=action,
        activity_id=activity_id,
        subject_keys=subject_keys,
        result=result,
        started_at=started_at,
        role=role,
    )
    if rows:
        _insert(session, tables.processing_log, rows)


def processing_records(
    *,
    activities: Collection[str],
    principal: Principal,
    action: str,
    activity_id: str,
    subject_keys: Iterable[str],
    result: str = SUCCESS,
    started_at: datetime | None = None,
    role: Role | None = None,
) -> list[dict[str, Any]]:
    """The records `log_processing` appends, checked the same way, for a caller that stores
    very many at once with its own bulk insert (COPY) in its own transaction."""
    return _rows(
        activities=activities,
        principal=principal,
        action=action,
        activity_id=activity_id,
        subject_keys=subject_keys,
        result=result,
        started_at=started_at or datetime.now(UTC),
        role=role,
    )


@contextmanager
def processing_logged(
    session: Connection,
    tables: PlumbingTables,
    *,
    activities: Collection[str],
    principal: Principal,
    action: str,
    activity_id: str,
    subject_keys: Iterable[str],
    role: Role | None = None,
) -> Iterator[None]:
    """Log the processing in the block: success with the request, failure even if it rolls back."""
    keys = list(subject_keys)
    fields: dict[str, Any] = {
        "activities": activities,
        "principal": principal,
        "action": action,
        "activity_id": activity_id,
        "subject_keys": keys,
        "role": role,
    }
    started_at = datetime.now(UTC)
    _rows(**fields, result=SUCCESS, started_at=started_at)  # refuse a bad call before the work
    try:
        yield
    except BaseException:
        failed = _rows(**fields, result=FAILURE, started_at=started_at)
        _write_after_transaction(session, tables, failed)
        raise
    log_processing(session, tables, **fields, started_at=started_at)


def _insert_separately(
    session: Connection, tables: PlumbingTables, rows: list[dict[str, Any]]
) -> None:
    try:
        with session.engine.begin() as connection:
            connection.execute(_insert_records(tables.processing_log), rows)
    except Exception:  # the request's own outcome must not change because of this
        logger.exception("processing log: %d failure records could not be written", len(rows))


def _write_after_transaction(
    session: Connection, tables: PlumbingTables, rows: list[dict[str, Any]]
) -> None:
    if not rows:
        return
    # Once the transaction (and its lock) has ended; at once when none is open.
    after_transaction_end(session, lambda: _insert_separately(session, tables, rows))


class VerwerkingenZoeken(ApiModel):
    """Search the processing log for one resident (a POST: the key stands in for a person)."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"subjectKey": "3f1c9a0d7e", "vanaf": "2025-01-01T00:00:00Z"}}
    )

    subject_key: str = Field(
        min_length=1, max_length=64, description="The resident's pseudonymous key."
    )
    vanaf: AwareDatetime | None = Field(default=None, description="From this instant (inclusive).")
    tot: AwareDatetime | None = Field(default=None, description="Until this instant (exclusive).")

    @model_validator(mode="after")
    def _period_in_order(self) -> VerwerkingenZoeken:
        if self.vanaf is not None and self.tot is not None and self.tot <= self.vanaf:
            raise ValueError("tot must be after vanaf")
        return self


class Verwerking(ApiModel):
    """One processing of a resident's personal data."""

    id: int = Field(description="Record number, ascending in time of writing.")
    trace_id: str = Field(description="W3C trace id of the request that processed the data.")
    span_id: str = Field(description="Span id within that trace.")
    action: str = Field(description="What was done, e.g. `aanmelding-inzien`.")
    activity_id: str = Field(description="The processing activity in the register (purpose).")
    subject_key: str = Field(description="The resident's pseudonymous key.")
    actor: str = Field(description="Who did it (the token's subject).")
    role: str = Field(description="In which role.")
    result: str = Field(description="`success` or `failure`.")
    started_at: datetime = Field(description="Start of the processing (UTC).")
    ended_at: datetime = Field(description="End of the processing (UTC).")


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


def search(
    session: Connection, tables: PlumbingTables, query: VerwerkingenZoeken, paging: PageParams
) -> Page[Verwerking]:
    """The resident's records, oldest first, one page of them."""
    log = tables.processing_log
    conditions = [log.c.subject_key == query.subject_key]
    if query.vanaf is not None:
        conditions.append(log.c.started_at >= query.vanaf.astimezone(UTC))
    if query.tot is not None:
        conditions.append(log.c.started_at < query.tot.astimezone(UTC))
    total = session.execute(sa.select(sa.func.count()).where(*conditions)).scalar_one()
    rows = session.execute(
        sa.select(log)
        .where(*conditions)
        .order_by(log.c.started_at, log.c.id)
        .offset(paging.offset)
        .limit(paging.page_size)
    ).all()
    items = [
        Verwerking.model_validate(
            {**row._asdict(), "started_at": _utc(row.started_at), "ended_at": _utc(row.ended_at)}
        )
        for row in rows
    ]
    return Page[Verwerking](
        items=items, page=paging.page, page_size=paging.page_size, total=int(total)
    )


_PROBLEM = {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}}
_privacy_officer = require_roles(Role.privacy)


def processing_log_router(*, tables_attr: str = "plumbing") -> APIRouter:
    """`POST /v1/verwerkingen/zoeken` for the privacy officer (role `privacy`)."""
    router = APIRouter(tags=["verwerkingen"])

    @router.post(
        "/v1/verwerkingen/zoeken",
        response_model=Page[Verwerking],
        response_model_by_alias=True,
        summary="Search the processing log for one resident",
        description=(
            "Everything this service did with one resident's personal data (e.g. for a "
            "subject-access request under AVG art. 15), oldest first, paged. A POST because the "
            "key stands in for a person. The search itself is logged as `privacy-inzage`. "
            "Role: `privacy`."
        ),
        responses={
            400: {**_PROBLEM, "description": "The search or the paging is invalid."},
            401: {**_PROBLEM, "description": "No valid bearer token."},
            403: {**_PROBLEM, "description": "The token lacks the `privacy` role."},
        },
    )
    async def search_processing_log(
        request: Request,
        body: VerwerkingenZoeken,
        session: DbSession,
        principal: Annotated[Principal, Depends(_privacy_officer)],
        paging: Annotated[PageParams, Depends(page_params)],
    ) -> Page[Verwerking]:
        tables: PlumbingTables = getattr(request.app.state, tables_attr)
        started_at = datetime.now(UTC)
        page = search(session, tables, body, paging)
        log_processing(
            session,
            tables,
            activities={PRIVACY_INZAGE},
            principal=principal,
            action="verwerkingen-zoeken",
            activity_id=PRIVACY_INZAGE,
            subject_keys=[body.subject_key],
            started_at=started_at,
            role=Role.privacy,
        )
        return page

    return router
