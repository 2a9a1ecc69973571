"""What the aggregated path computes indicators from: queries on facts and their aggregates.

The detailed path (`context.Context`) holds every fact before the period's end in memory; at a
million facts that alone takes seconds. The aggregated path asks the database only for what one
indicator needs: day counts (`feit_dag`), the cases of the period with their first facts
(`zaak`), or a grouped query, and is tested to give the same values on generated traffic.
"""

from __future__ import annotations

import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from services.reporting.aggregaten import DIMENSIES
from services.reporting.indicatoren.context import (
    Activiteit,
    Alias,
    Duren,
    Feit,
    Periode,
    Uitkomst,
)
from services.reporting.models import feit, feit_dag, zaak
from services.reporting.soorten import FeitSoort
from shared.policy import Policy

T = TypeVar("T")
M = TypeVar("M")
X = TypeVar("X")
Y = TypeVar("Y")
Tabel = sa.Table | sa.TableClause | Any  # a table or an alias of one


class dagen_tussen(FunctionElement[int]):  # noqa: N801 (a SQL function)
    """Calendar days from the first date to the second, as `context.dagen` counts them."""

    type = sa.Integer()
    name = "dagen_tussen"
    inherit_cache = True


@compiles(dagen_tussen)
def _dagen_verschil(element: dagen_tussen, compiler: SQLCompiler, **kw: Any) -> str:
    start, eind = (compiler.process(c, **kw) for c in element.clauses)
    return f"({eind} - {start})"  # PostgreSQL: date minus date is whole days


@compiles(dagen_tussen, "sqlite")
def _dagen_verschil_sqlite(element: dagen_tussen, compiler: SQLCompiler, **kw: Any) -> str:
    start, eind = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({eind}) - julianday({start}) AS INTEGER)"


class na_maanden(FunctionElement[date]):  # noqa: N801 (a SQL function)
    """The date a number of calendar months after a date: the same day of the month, or that
    month's last day when it has no such day (as `context.na_maanden`, which
    `divosa.langer_dan_maanden` sets its limit with)."""

    type = sa.Date()
    name = "na_maanden"
    inherit_cache = True

    def __init__(self, datum: Any, maanden: int) -> None:
        super().__init__(datum, sa.literal(int(maanden), sa.Integer()))


@compiles(na_maanden)
def _na_maanden(element: na_maanden, compiler: SQLCompiler, **kw: Any) -> str:
    datum, maanden = (compiler.process(c, **kw) for c in element.clauses)
    # PostgreSQL's date + interval keeps the day of the month and clamps it to the month's end.
    return f"CAST({datum} + make_interval(months => {maanden}) AS date)"


@compiles(na_maanden, "sqlite")
def _na_maanden_sqlite(element: na_maanden, compiler: SQLCompiler, **kw: Any) -> str:
    datum, maanden = (compiler.process(c, **kw) for c in element.clauses)
    # SQLite's '+N months' runs over into the month after (31 January + 1 month = 3 March):
    # take the earlier of it and the last day of the month N months on (ISO text compares).
    zelfde_dag = f"date({datum}, '+' || ({maanden}) || ' months')"
    verder = f"'+' || (({maanden}) + 1) || ' months'"
    laatste_dag = f"date({datum}, 'start of month', {verder}, '-1 day')"
    return f"min({zelfde_dag}, {laatste_dag})"


def bestaat(*voorwaarden: Any) -> sa.Exists:
    """EXISTS over these conditions, selecting a constant: SQLite reads the table's row for
    `EXISTS (SELECT * ...)` even where an index holds every column the conditions name."""
    return sa.select(sa.literal(1)).where(*voorwaarden).exists()


class Gedeeld:
    """Values several indicators share, computed once per request, also when the request's
    indicators run in several threads: the first to ask computes, the others wait for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waarden: dict[object, Future[Any]] = {}

    def eenmaal(self, sleutel: object, bereken: Callable[[], T]) -> T:
        with self._lock:
            waarde = self._waarden.get(sleutel)
            eigen = waarde is None
            if waarde is None:
                waarde = self._waarden[sleutel] = Future()
        if eigen:
            try:
                waarde.set_result(bereken())
            except BaseException as exc:
                waarde.set_exception(exc)
                raise
        result: T = waarde.result()
        return result


def verdeeld(middelen: Sequence[M], taken: Sequence[X], doe: Callable[[M, X], Y]) -> list[Y]:
    """`doe(middel, taak)` for every task, spread over one thread per resource (a connection,
    or a `Bevraging` holding one): each thread keeps its resource, so a connection is used by
    one thread only. The results in the order of the tasks; the tasks start in that order."""
    if len(middelen) == 1 or len(taken) <= 1:
        return [doe(middelen[0], taak) for taak in taken]
    vrij: queue.SimpleQueue[M] = queue.SimpleQueue()
    for middel in middelen:
        vrij.put(middel)
    eigen = threading.local()

    def neem() -> None:
        eigen.middel = vrij.get_nowait()

    with ThreadPoolExecutor(len(middelen), "indicatoren", initializer=neem) as pool:
        return list(pool.map(lambda taak: doe(eigen.middel, taak), taken))


@dataclass
class Bevraging:
    """One indicator request: the session, the policy's municipality, the period, the counts.
    The threads of one request each have their own (`dataclasses.replace` with their own
    session, on the same snapshot) and share `gedeeld`."""

    session: Connection
    policy: Policy
    periode: Periode
    activiteiten: Sequence[Activiteit]
    gedeeld: Gedeeld = field(default_factory=Gedeeld, repr=False)

    @property
    def gemeentecode(self) -> str:
        return self.policy.gemeentecode

    def eenmaal(self, sleutel: object, bereken: Callable[[], T]) -> T:
        """A value several indicators share, computed once per request."""
        return self.gedeeld.eenmaal(sleutel, bereken)

    def rijen(self, query: sa.Executable, **parameters: Any) -> Sequence[sa.Row[Any]]:
        return self.session.execute(query, parameters).all()

    def van(self, f: Tabel, *soorten: FeitSoort, periode: Periode | None = None) -> list[Any]:
        """Facts of these kinds of the municipality, in the period (or, with none, before the
        period's end: what the detailed path would hold)."""
        clauses = [
            f.c.gemeentecode == self.gemeentecode,
            f.c.soort.in_([s.value for s in soorten]),
            f.c.datum < (periode or self.periode).tot,
        ]
        if periode is not None:
            clauses.append(f.c.datum >= periode.vanaf)
        return clauses

    def in_periode(self, f: Tabel, *soorten: FeitSoort) -> list[Any]:
        return self.van(f, *soorten, periode=self.periode)

    def zaken_in_periode(self, soort: FeitSoort) -> list[Any]:
        """Cases whose first fact of this kind is dated in the period."""
        datum = zaak.c[f"{soort.value}_datum"]
        return [
            zaak.c.gemeentecode == self.gemeentecode,
            datum >= self.periode.vanaf,
            datum < self.periode.tot,
        ]

    def van_zaak(self, f: Tabel) -> Any:
        """Join condition: the case of fact `f`."""
        return sa.and_(
            zaak.c.gemeentecode == self.gemeentecode,
            zaak.c.bron == f.c.bron,
            zaak.c.zaak == f.c.zaak,
        )

    def eerst(self, soort: FeitSoort, naam: str = "datum") -> Any:
        """The case's first fact of a kind (its date or an attribute), if dated before the end."""
        datum = zaak.c[f"{soort.value}_datum"]
        return sa.case((datum < self.periode.tot, zaak.c[f"{soort.value}_{naam}"]), else_=sa.null())

    def onderwerp(self, f: Tabel) -> Any:
        """A fact's resident key, else that of the first fact of its case that has one (as
        `Context.subject`; cases are not followed through merges here)."""
        ander = feit.alias("ander")
        van_zaak = (
            sa.select(ander.c.subject_key)
            .where(
                ander.c.bron == f.c.bron,
                ander.c.zaak == f.c.zaak,
                ander.c.subject_key.is_not(None),
                ander.c.soort.is_not(None),
                ander.c.gemeentecode == self.gemeentecode,
                ander.c.datum < self.periode.tot,
            )
            .order_by(ander.c.id)
            .limit(1)
            .scalar_subquery()
        )
        return sa.func.coalesce(f.c.subject_key, van_zaak)

    def alias(self) -> Alias:
        """Merged early-signal cases and the case each was merged into (few)."""

        def lees() -> Alias:
            rows = self.rijen(
                sa.select(feit.c.bron, feit.c.zaak, feit.c.resultaat).where(
                    *self.van(feit, FeitSoort.CASUS_SAMENGEVOEGD)
                )
            )
            return {(r.bron, r.zaak): r.resultaat for r in rows if r.zaak and r.resultaat}

        return self.eenmaal("alias", lees)

    def samengevoegd(self) -> set[tuple[str, str]]:
        """The merged cases and the cases they were merged into."""
        alias = self.alias()
        return set(alias) | {(bron, doel) for (bron, _), doel in alias.items()}

    def samengevoegd_query(self) -> sa.Subquery:
        """`samengevoegd` as a subquery (bron, zaak), for a join that looks up their facts."""
        s = feit.alias("s")
        voorwaarden = [
            *self.van(s, FeitSoort.CASUS_SAMENGEVOEGD),
            s.c.zaak.is_not(None),
            s.c.zaak != "",
            s.c.resultaat.is_not(None),
            s.c.resultaat != "",
        ]
        return sa.union(
            sa.select(s.c.bron, s.c.zaak).where(*voorwaarden),
            sa.select(s.c.bron, s.c.resultaat.label("zaak")).where(*voorwaarden),
        ).subquery("samengevoegd")

    def samengevoegd_per_bron(self) -> dict[str, list[str]]:
        """The merged cases and their targets, per source (for `shared.sql.in_set`)."""
        per_bron: dict[str, list[str]] = {}
        for bron, zaak_id in sorted(self.samengevoegd()):
            per_bron.setdefault(bron, []).append(zaak_id)
        return per_bron

    def dagen(self, *soorten: FeitSoort, periode: Periode | None = None) -> list[tuple[Feit, int]]:
        """The facts of these kinds in the period, one per combination of attributes, with how
        many there are (summed over the days by the database)."""
        items: list[tuple[Feit, int]] = []
        for soort in soorten:
            items.extend(
                self.eenmaal(("dagen", soort, periode), partial(self._dagen, soort, periode))
            )
        return items

    def _dagen(self, soort: FeitSoort, periode: Periode | None) -> list[tuple[Feit, int]]:
        kolommen = [feit_dag.c[name] for name in DIMENSIES]
        rows = self.rijen(
            sa.select(*kolommen, sa.func.sum(feit_dag.c.aantal).label("aantal"))
            .where(*self.van(feit_dag, soort, periode=periode or self.periode))
            .group_by(*kolommen)
        )
        return [
            (
                Feit(
                    bron=r.bron,
                    soort=soort,
                    datum=(periode or self.periode).vanaf,
                    partner_type=r.partner_type,
                    kanaal=r.kanaal,
                    doelgroepen=r.doelgroepen,
                    resultaat=r.resultaat,
                    crisis=r.crisis,
                    bereikt=r.bereikt,
                    gehaald=r.gehaald,
                ),
                int(r.aantal),
            )
            for r in rows
        ]

    def duren(self, start: Any, eind: Any, *voorwaarden: Any, van: Any = None) -> Duren:
        """Days from `start` to `eind` of the rows these conditions select (from `van`, else
        what the columns name; a row whose start is unknown left out), counted per number of
        days by the database."""
        duur = dagen_tussen(start, eind).label("duur")
        query = sa.select(duur, sa.func.count().label("n"))
        if van is not None:
            query = query.select_from(van)
        rows = self.rijen(
            query.where(start.is_not(None), *voorwaarden).group_by(sa.literal_column("duur"))
        )
        return Counter({int(r.duur): int(r.n) for r in rows})

    def ooit(self, soort: FeitSoort, **waarden: str) -> bool:
        """Whether any fact of this kind with these attributes is dated before the end."""
        query = (
            sa.select(feit_dag.c.soort)
            .where(*self.van(feit_dag, soort), *(feit_dag.c[k] == v for k, v in waarden.items()))
            .limit(1)
        )
        return self.session.execute(query).first() is not None


def gewogen_telling(
    items: Iterable[tuple[Feit, int]], **dimensies: Callable[[Feit], Iterable[str | None]]
) -> Uitkomst:
    """`context.telling` over day counts: each fact counts its number of times."""
    items = list(items)
    result = Uitkomst(waarde=float(sum(n for _, n in items)))
    for naam, sleutels in dimensies.items():
        counts: Counter[str] = Counter()
        for item, n in items:
            for key in sleutels(item):
                counts[key or "onbekend"] += n
        result.uitsplitsingen[naam] = dict(sorted(counts.items()))
    return result
