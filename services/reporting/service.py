"""Use cases of the reporting API: indicators for a period, with the sources' reading positions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Connection

from services.reporting import projectie, repository
from services.reporting.indicatoren import catalogus, geaggregeerd_catalogus
from services.reporting.indicatoren.bevraging import Bevraging
from services.reporting.indicatoren.catalogus import Resultaat
from services.reporting.indicatoren.context import Context, Periode
from services.reporting.schemas import (
    BronStandRead,
    IndicatorDetailRead,
    IndicatorenPage,
    IndicatorRead,
    PeriodeRead,
    StreefwaardeRead,
    UitsplitsingRead,
)
from shared.policy import Policy
from shared.problems import NotFound

SQLITE_MMAP_BYTES = 4 * 2**30


def bron_standen(session: Connection) -> list[BronStandRead]:
    return [
        BronStandRead(
            bron=s.bron,
            cursor=s.cursor,
            gelezen_tot=s.gelezen_tot_at,
            laatst_gepeild=s.gepeild_at,
            bijgewerkt=s.bijgewerkt_at,
            fouten=s.fouten,
            laatste_fout=s.laatste_fout,
        )
        for s in projectie.cursor_standen(session)
    ]


def _voor_indicatoren(session: Connection) -> Connection:
    if session.dialect.name == "postgresql":
        # Per-case and per-resident look-ups make the planner's estimates large enough for
        # PostgreSQL to compile them with JIT, which costs more than running them (measured:
        # 0.6 s of a 1.75 s query); for this transaction only.
        session.execute(sa.text("SET LOCAL jit = off"))
        # The indexes these queries read are in memory (the OS cache): a random page costs
        # about what the next one does, not the default's four times (PostgreSQL's docs suggest
        # lowering it then). Plans then probe the covering indexes instead of scanning; the
        # year's set took 1.87 -> 1.66 s in one thread (docs/benchmarks.md).
        session.execute(sa.text("SET LOCAL random_page_cost = 1.1"))
    elif session.dialect.name == "sqlite":
        # Read the file through the OS page cache instead of copying each page into SQLite's
        # own small cache per query (a connection keeps this setting).
        session.execute(sa.text(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}"))
    return session


def bevraging(session: Connection, *, policy: Policy, periode: Periode) -> Bevraging:
    """What the indicators of a period are computed from (the aggregated path)."""
    return Bevraging(
        session=_voor_indicatoren(session),
        policy=policy,
        periode=periode,
        activiteiten=repository.activiteiten(
            session, gemeentecode=policy.gemeentecode, periode=periode
        ),
    )


def bevragingen(
    sessions: Sequence[Connection], *, policy: Policy, periode: Periode
) -> list[Bevraging]:
    """One `Bevraging` per session (readers of one snapshot), sharing what is computed once,
    for `geaggregeerd_catalogus.bereken_verdeeld`."""
    eerste = bevraging(sessions[0], policy=policy, periode=periode)
    return [eerste, *(replace(eerste, session=_voor_indicatoren(s)) for s in sessions[1:])]


def context_voor(session: Connection, *, policy: Policy, periode: Periode) -> Context:
    """Every fact and registered count of the policy's municipality before the period's end:
    the detailed path, the reference the aggregated path is tested against."""
    return Context(
        periode=periode,
        feiten=repository.feiten(session, gemeentecode=policy.gemeentecode, tot=periode.tot),
        activiteiten=repository.activiteiten(
            session, gemeentecode=policy.gemeentecode, periode=periode
        ),
        policy=policy,
    )


def indicator_read(resultaat: Resultaat) -> IndicatorRead:
    d, u, doel = resultaat.definitie, resultaat.uitkomst, resultaat.streefwaarde
    return IndicatorRead(
        code=d.code,
        naam=d.naam,
        groep=d.groep,
        paragraaf=d.paragraaf,
        eenheid=d.eenheid,
        definitie=d.definitie,
        waarde=u.waarde,
        teller=u.teller,
        noemer=u.noemer,
        streefwaarde=StreefwaardeRead(minimum=doel.minimum, maximum=doel.maximum) if doel else None,
        streefwaarde_gehaald=resultaat.gehaald,
        vergelijking=u.vergelijking,
        uitsplitsingen=[
            UitsplitsingRead(dimensie=naam, waarden=waarden)
            for naam, waarden in u.uitsplitsingen.items()
        ],
    )


def periode_read(periode: Periode) -> PeriodeRead:
    return PeriodeRead(vanaf=periode.vanaf, tot=periode.tot, soort=periode.soort)


def indicatoren(
    sessions: Sequence[Connection], *, policy: Policy, periode: Periode, groep: str | None
) -> tuple[list[IndicatorRead], list[BronStandRead]]:
    """Every indicator (of one group, if asked) for the period, spread over the sessions
    (readers of one snapshot, `shared.db.read_only_snapshot`)."""
    codes = [d.code for d in catalogus.DEFINITIES if groep is None or d.groep == groep]
    b = bevragingen(sessions, policy=policy, periode=periode)
    resultaten = geaggregeerd_catalogus.bereken_verdeeld(b, codes)
    return [indicator_read(r) for r in resultaten], bron_standen(sessions[0])


def indicatoren_pagina(
    sessions: Sequence[Connection],
    *,
    policy: Policy,
    periode: Periode,
    groep: str | None,
    page: int,
    page_size: int,
) -> IndicatorenPage:
    items, bronnen = indicatoren(sessions, policy=policy, periode=periode, groep=groep)
    start = (page - 1) * page_size
    return IndicatorenPage(
        items=items[start : start + page_size],
        page=page,
        page_size=page_size,
        total=len(items),
        periode=periode_read(periode),
        bronnen=bronnen,
        berekend=datetime.now(UTC),
    )


def indicator(
    session: Connection, *, policy: Policy, periode: Periode, code: str
) -> IndicatorDetailRead:
    definitie = catalogus.PER_CODE.get(code)
    if definitie is None:
        raise NotFound(f"Indicator {code!r} bestaat niet.")
    b = bevraging(session, policy=policy, periode=periode)
    read = indicator_read(geaggregeerd_catalogus.bereken_alle(b, [code])[0])
    return IndicatorDetailRead(
        **read.model_dump(), periode=periode_read(periode), bronnen=bron_standen(session)
    )
