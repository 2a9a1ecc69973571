"""Use case: one page of the DDAS delivery for a period, streamed.

`pagina` runs in the request: it checks the request, counts the period and finds where the
page starts, so a bad request or an unreachable database is still a problem answer. `stroom`
then writes the page in batches of `BATCH` trajectories: each batch is read by keyset from
where the previous one ended, its persons, debts and support with one query per table (none
per row), its residents are recorded in the processing log and committed, and only then do its
bytes leave. Memory holds one batch, whatever the page size. A failure halfway ends the body
early (the status has been sent): the client sees a truncated document, never a wrong one.
"""

from __future__ import annotations

import contextvars
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from services.trajectory.context import Ctx
from services.trajectory.domain import ddas
from services.trajectory.models import plumbing, traject, traject_persoon, voorziening
from services.trajectory.schemas_ddas import GegevensRequest
from shared import processing_log
from shared.auth import Principal
from shared.db import Connect
from shared.policy import Policy
from shared.problems import InvalidInput, InvalidParam, RuleViolation
from shared.sql import in_set

RAPPORTAGE = "rapportage"
CODE_GEGEVENSLEVERANCIER = "BALANS"
# Trajectories per batch: about 2.8 MB of JSON and 14,000 debts with the bench's seed.
BATCH = 1000

_T = traject.c


def _in_periode() -> sa.ColumnElement[bool]:
    return sa.and_(
        _T.gemeentecode == sa.bindparam("gemeentecode"),
        _T.aanvraagdatum <= sa.bindparam("eind", type_=sa.Date),
        sa.or_(_T.uitstroom_datum.is_(None), _T.uitstroom_datum >= sa.bindparam("start")),
    )


_TELLING = sa.select(sa.func.count()).select_from(traject).where(_in_periode())
# Where page N starts: the key of its first trajectory (offset only once per page).
_BEGIN = (
    sa.select(_T.aanvraagdatum, _T.id)
    .where(_in_periode())
    .order_by(_T.aanvraagdatum, _T.id)
    .offset(sa.bindparam("offset"))
    .limit(1)
)


@dataclass(frozen=True)
class _Sql:
    """A statement as the driver takes it: its text and, for SQLite's `?`, the names of its
    parameters in order (None: PostgreSQL's `%(name)s`)."""

    tekst: str
    namen: tuple[str, ...] | None
    vast: dict[str, Any] = field(default_factory=dict)  # the values SQLAlchemy bound itself


@dataclass(frozen=True)
class _Statements:
    eerste: _Sql
    volgende: _Sql
    personen: _Sql
    schulden: _Sql
    voorzieningen: _Sql


_DIALECTEN = {"sqlite": sqlite.dialect, "postgresql": postgresql.psycopg.dialect}


def _driver_sql(statement: sa.Select[Any], dialect: str) -> _Sql:
    """Compiled once: the batch's four reads go to the driver's own cursor, so neither
    SQLAlchemy's execution nor its row and type processing runs per batch (the rows are
    plain tuples of the values the projection wants: dates as text, amounts as cents)."""
    compiled = statement.compile(dialect=_DIALECTEN[dialect]())
    vast = {naam: waarde for naam, waarde in compiled.params.items() if waarde is not None}
    if dialect == "sqlite":
        return _Sql(str(compiled), tuple(compiled.positiontup or ()), vast)
    return _Sql(str(compiled), None, vast)


def _waarde(value: Any) -> Any:
    """A parameter as SQLite stores it: dates as ISO text, lists of keys as a JSON array."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return orjson.dumps(value).decode()
    return value


def _rijen(cursor: Any, sql: _Sql, waarden: dict[str, Any]) -> list[Any]:
    waarden = {**sql.vast, **waarden}
    if sql.namen is None:
        cursor.execute(sql.tekst, waarden)
    else:
        cursor.execute(sql.tekst, [_waarde(waarden[naam]) for naam in sql.namen])
    return list(cursor.fetchall())


def _kolommen(table: sa.Table, namen: Sequence[str], dialect: str) -> list[sa.ColumnElement[Any]]:
    """The columns the projection reads, dates as ISO text: SQLite keeps them so (passed on
    as is), PostgreSQL writes them so (`to_char`, whatever the DateStyle), so no date is
    parsed and formatted again (20 per trajectory); amounts as whole cents (`_centen`)."""
    return [
        _als_tekst(table.c[n], dialect, "YYYY-MM-DD").label(n)
        if isinstance(table.c[n].type, sa.Date)
        else _centen(table.c[n], dialect).label(n)
        if isinstance(table.c[n].type, sa.Numeric)
        else table.c[n]
        for n in namen
    ]


def _centen(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[Any]:
    """An amount as whole cents, exact on both engines: PostgreSQL's numeric(12,2) times 100,
    SQLite's stored REAL (at most 12 digits, 2 decimals: the money validator) times 100
    rounded to the integer it is within far less than a cent."""
    if dialect == "sqlite":
        return sa.cast(sa.func.round(column * 100), sa.Integer)
    return sa.cast(column * 100, sa.BigInteger)


def _als_tekst(
    column: sa.ColumnElement[Any], dialect: str, formaat: str | None = None
) -> sa.ColumnElement[Any]:
    if dialect == "sqlite":
        return sa.type_coerce(column, sa.String)
    if formaat is not None:
        return sa.func.to_char(column, formaat, type_=sa.String)
    return sa.cast(column, sa.Text)


@cache
def _statements(dialect: str) -> _Statements:
    """Built and compiled once per dialect."""
    datum = sa.bindparam("sleutel_datum", type_=sa.Date)
    sleutel_id = sa.bindparam("sleutel_id", type_=sa.String)

    def batch(id_voorwaarde: sa.ColumnElement[bool]) -> sa.Select[Any]:
        # `aanvraagdatum >= d` alone bounds the index range; the OR then skips the equal keys
        # already written (a row-value comparison would not use the index on SQLite).
        return (
            sa.select(*_kolommen(traject, ddas.TRAJECT_KOLOMMEN, dialect))
            .where(
                _in_periode(),
                _T.aanvraagdatum >= datum,
                sa.or_(_T.aanvraagdatum > datum, id_voorwaarde),
            )
            .order_by(_T.aanvraagdatum, _T.id)
            .limit(sa.bindparam("aantal"))
        )

    def van_batch(kolom: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
        # The batch's keys as one parameter (one statement text for every batch size); the
        # driver gets them as `_waarde` makes them: a JSON array on SQLite, a list otherwise.
        return in_set(kolom, "ids")

    p, v = traject_persoon.c, voorziening.c
    return _Statements(
        eerste=_driver_sql(batch(_T.id >= sleutel_id), dialect),
        volgende=_driver_sql(batch(_T.id > sleutel_id), dialect),
        # The persons' JSON as text: orjson reads it faster than the drivers do.
        personen=_driver_sql(
            sa.select(p.traject_id, p.subject_key, _als_tekst(p.persoon, dialect))
            .where(van_batch(p.traject_id))
            .order_by(p.traject_id, p.id),
            dialect,
        ),
        schulden=_Sql(_schulden_sql(dialect), ("ids",) if dialect == "sqlite" else None),
        voorzieningen=_driver_sql(
            sa.select(v.traject_id, *_kolommen(voorziening, ddas.VOORZIENING_KOLOMMEN, dialect))
            .where(van_batch(v.traject_id))
            .order_by(v.traject_id, v.startdatum, v.created_at),
            dialect,
        ),
    )


@dataclass(frozen=True)
class Pagina:
    """One page as the request asked for it, ready to be streamed."""

    kop: bytes  # the document up to and with the `[` of the trajectories
    staart: bytes  # from the `]` of the trajectories to the end
    periode: dict[str, Any]  # bind values of the period
    begin: tuple[date, str] | None  # key of the page's first trajectory; None: empty page
    aantal: int  # trajectories on a full page
    policy: Policy
    principal: Principal
    kontekst: contextvars.Context  # the request's (trace id for the processing log)


_LEGE_TRAJECTEN = b"[]}]}}"


def pagina(ctx: Ctx, vraag: GegevensRequest) -> Pagina:
    """Check the request; count the period; find the key the page starts at."""
    start, eind = vraag.aanleverperiode_startdatum, vraag.aanleverperiode_einddatum
    if eind < start:
        raise InvalidInput(
            "De periode eindigt voor ze begint.",
            invalid_params=[
                InvalidParam(name="aanleverperiodeEinddatum", reason="Voor de startdatum.")
            ],
        )
    naam = f"Gemeente {ctx.policy.naam}"
    gevraagd = vraag.aanleverende_organisatie
    if gevraagd is not None and gevraagd not in (naam, ctx.policy.naam, ctx.policy.gemeentecode):
        raise RuleViolation(f"Deze dienst levert alleen voor {naam} ({ctx.policy.gemeentecode}).")
    periode = {"gemeentecode": ctx.policy.gemeentecode, "start": start, "eind": eind}
    total = int(ctx.session.execute(_TELLING, periode).scalar_one())
    offset = (vraag.page - 1) * vraag.page_size
    begin = (
        ctx.session.execute(_BEGIN, {**periode, "offset": offset}).one_or_none()
        if offset < total
        else None
    )
    gegevens = {
        "startdatumLevering": start.isoformat(),
        "einddatumLevering": eind.isoformat(),
        "aanleverdatumEnTijd": datetime.now(UTC)
        .replace(microsecond=0)
        .isoformat()
        .replace("+00:00", "Z"),
        "codeGegevensleverancier": CODE_GEGEVENSLEVERANCIER,
        "leveringen": [
            {
                "teller": 1,
                "aanleverende_organisatie": {
                    "(Statutaire) Naam": naam,
                    "gemeentecode": ctx.policy.gemeentecode,
                },
                "schuldhulptrajecten": [],
            }
        ],
    }
    # The document with an empty list of trajectories, cut open where they go.
    leeg = orjson.dumps({"gegevens": gegevens})
    assert leeg.endswith(_LEGE_TRAJECTEN)
    paginering = {
        "pageSize": vraag.page_size,
        "currentPage": vraag.page,
        "totalPages": max(1, math.ceil(total / vraag.page_size)),
        "totalRecords": total,
    }
    return Pagina(
        kop=leeg[: -len(_LEGE_TRAJECTEN)] + b"[",
        staart=b"]}]}," + b'"paginering":' + orjson.dumps(paginering) + b"}",
        periode=periode,
        begin=None if begin is None else (begin[0], begin[1]),
        aantal=vraag.page_size,
        policy=ctx.policy,
        principal=ctx.principal,
        kontekst=contextvars.copy_context(),
    )


def stroom(factory: Connect, pagina: Pagina) -> Iterator[bytes]:
    """The page's bytes: the head, one chunk per batch of trajectories, the tail."""
    yield pagina.kop
    if pagina.begin is not None:
        sleutel: tuple[date, str] | None = pagina.begin
        over, eerste = pagina.aantal, True
        while sleutel is not None and over > 0:
            stuk, sleutel, aantal = pagina.kontekst.run(
                _batch, factory, pagina, sleutel, min(BATCH, over), eerste
            )
            if aantal:
                yield stuk if eerste else b"," + stuk
            over -= aantal
            eerste = False
    yield pagina.staart


# Each debt as its DDAS `schuld` JSON text, built by the database: 300,000 on a page, and the
# dicts they were built as in Python (two per debt) cost their building, orjson's walk and,
# most of all, the cyclic garbage collector's passes over every batch (issue 4). The text is
# byte for byte what orjson writes for the same object: keys in the schema's order, no
# spaces, strings quoted by `json_quote` (SQLite) or `to_json` (PostgreSQL), which escape as
# orjson does (quote, backslash, \b \t \n \f \r, other control characters as \u00xx, the
# rest as UTF-8; tests/trajectory/test_ddas_stroom.py checks every ASCII character). The
# amount is whole euros from whole cents, half up, in integer arithmetic (`/` truncates
# towards zero on both engines, so the negative branch is Python's floor division); the
# cents are summed per trajectory for the total. Only the creditor's KvK number and postcode
# may be absent.
_SCHULD_JSON = """'{{"bedrag":' || CAST(CASE WHEN c >= 0 THEN (c + 50) / 100
        ELSE -((50 - c) / 100) END AS TEXT)
    || ',"peildatum":"' || {peildatum} || '","schuldsoort":' || {quote}(schuldsoort)
    || ',"zakelijkeSchuld":' || CASE WHEN zakelijk THEN 'true' ELSE 'false' END
    || ',"schuldeiser":{{"naam":' || {quote}(schuldeiser_naam)
    || CASE WHEN schuldeiser_kvk IS NULL THEN ''
        ELSE ',"kvknummer":' || {quote}(schuldeiser_kvk) END
    || CASE WHEN schuldeiser_postcode IS NULL THEN ''
        ELSE ',"postcode":' || {quote}(schuldeiser_postcode) END
    || ',"privepersoon":' || CASE WHEN schuldeiser_privepersoon THEN 'true' ELSE 'false' END
    || '}}}}'"""
_SCHULDEN_SQL = (
    "SELECT traject_id, {json}, c FROM (SELECT traject_id, created_at, id, peildatum,"
    " schuldsoort, zakelijk, schuldeiser_naam, schuldeiser_kvk, schuldeiser_postcode,"
    " schuldeiser_privepersoon, {centen} AS c FROM schuld WHERE traject_id {in_ids}) s"
    " ORDER BY traject_id, created_at, id"
)


def _schulden_sql(dialect: str) -> str:
    if dialect == "sqlite":
        # SQLite's stored REAL (at most 12 digits, 2 decimals: the money validator) times
        # 100 rounds to the integer it is within far less than a cent; dates are ISO text.
        centen, peildatum, quote = "CAST(ROUND(bedrag * 100) AS INTEGER)", "peildatum", "json_quote"
    else:  # numeric(12,2) times 100 is exact
        centen, peildatum = "CAST(bedrag * 100 AS BIGINT)", "to_char(peildatum, 'YYYY-MM-DD')"
        quote = "to_json"
    tekst = _SCHULD_JSON.format(peildatum=peildatum, quote=quote)
    # The batch's keys as one parameter, as in `_statements`.
    in_ids = "IN (SELECT value FROM json_each(?))" if dialect == "sqlite" else "= ANY(%(ids)s)"
    return _SCHULDEN_SQL.format(json=tekst, centen=centen, in_ids=in_ids)


def _als_datum(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _batch(
    factory: Connect,
    pagina: Pagina,
    sleutel: tuple[date, str],
    aantal: int,
    eerste: bool,
) -> tuple[bytes, tuple[date, str] | None, int]:
    """One batch as JSON (the array's items, without brackets), the key after it (None at
    the end of the period) and its number of trajectories; its residents logged, committed."""
    # Read and log in one short transaction (on SQLite it holds the write lock); build the
    # JSON after the commit.
    with factory() as connection, connection.begin():
        st = _statements(connection.dialect.name)
        cursor = connection.connection.cursor()
        try:
            rows = _rijen(
                cursor,
                st.eerste if eerste else st.volgende,
                {
                    **pagina.periode,
                    "sleutel_datum": sleutel[0],
                    "sleutel_id": sleutel[1],
                    "aantal": aantal,
                },
            )
            if not rows:
                return b"", None, 0
            ids = {"ids": [r[0] for r in rows]}
            personen = _rijen(cursor, st.personen, ids)
            schuld_rijen = _rijen(cursor, st.schulden, ids)
            steun_rijen = _rijen(cursor, st.voorzieningen, ids)
        finally:
            cursor.close()
        processing_log.log_processing(
            connection,
            plumbing,
            activities={a.id for a in pagina.policy.verwerkingsactiviteiten},
            principal=pagina.principal,
            action="ddas-levering",
            activity_id=RAPPORTAGE,
            subject_keys=[p[1] for p in personen],
        )
    # Children grouped per trajectory as they come (each query is ordered by trajectory).
    clienten: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for traject_id, _key, persoon in personen:
        clienten[traject_id].append(
            ddas.client(orjson.loads(persoon) if isinstance(persoon, str) else persoon)
        )
    schulden, totalen = ddas.schulden(schuld_rijen)
    steun: dict[str, list[Any]] = defaultdict(list)
    for steun_rij in steun_rijen:
        steun[steun_rij[0]].append(steun_rij[1:])
    trajecten = [
        ddas.schuldhulptraject(
            r, clienten[r[0]], schulden.get(r[0]), totalen.get(r[0]), steun[r[0]]
        )
        for r in rows
    ]
    laatste = rows[-1]
    volgende = (_als_datum(laatste[2]), laatste[0]) if len(rows) == aantal else None
    return orjson.dumps(trajecten)[1:-1], volgende, len(rows)
