"""The indicators on the aggregated path: the counting ones from day counts, the per-case ones
from each case's first facts, the per-resident ones from grouped queries.

Each computes what its detailed twin (beleidsplan.py, divosa.py, vroegsignalering.py) computes
and shares the twin's final step where there is one; test_geaggregeerd.py checks that both
paths agree on generated traffic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from services.reporting.indicatoren import beleidsplan, divosa
from services.reporting.indicatoren.bevraging import (
    Bevraging,
    bestaat,
    dagen_tussen,
    gewogen_telling,
    na_maanden,
)
from services.reporting.indicatoren.context import (
    Context,
    Duren,
    Feit,
    Uitkomst,
    aandeel,
    doelgroep,
    gemiddelde_duur,
    partnertype,
    resultaat,
)
from services.reporting.models import feit, zaak
from services.reporting.soorten import FeitSoort as S

Berekening = Callable[[Bevraging], Uitkomst]


def _registraties(b: Bevraging) -> Context:
    """A context of the period's registered activities only, no facts."""
    return Context(b.periode, [], b.activiteiten, b.policy)


def alleen_registraties(bereken: Callable[[Context], Uitkomst]) -> Berekening:
    """The detailed function of an indicator of registered activities only."""
    return lambda b: bereken(_registraties(b))


def _inwoners_per_doelgroep(b: Bevraging, groepen: tuple[str, ...]) -> dict[str, int]:
    """Per target group, the residents of the period's meldingen, aanvragen, trajectories and
    programmes marked with it (their key resolved as `Context.subject`): what
    `beleidsplan.inwoners_met_doelgroep` counts, counted by the database for these groups in
    one query."""

    def bereken() -> dict[str, int]:
        soorten = (S.MELDING, S.AANVRAAG, S.TRAJECT_GESTART, S.PROGRAMMA)
        paren = (
            sa.select(b.onderwerp(feit).label("inwoner"), feit.c.doelgroepen)
            .where(
                *b.in_periode(feit, *soorten),
                feit.c.doelgroepen.is_not(None),
                feit.c.doelgroepen != "",
            )
            .subquery("paren")
        )
        # The groups are a comma-separated list: a group is in it when ",group," is.
        lijst = sa.literal(",") + paren.c.doelgroepen + sa.literal(",")

        def inwoners_met(groep: str) -> Any:
            gemarkeerd = sa.and_(
                paren.c.inwoner != "", lijst.contains(f",{groep},", autoescape=True)
            )
            return sa.func.count(sa.distinct(sa.case((gemarkeerd, paren.c.inwoner))))

        row = b.session.execute(sa.select(*(inwoners_met(g) for g in groepen))).one()
        return dict(zip(groepen, (int(n) for n in row), strict=True))

    return b.eenmaal(("inwoners_per_doelgroep", groepen), bereken)


def _telling_per_doelgroep(
    detail: Callable[[Context], Uitkomst],
) -> beleidsplan.InwonersMetDoelgroep:
    if not isinstance(detail, beleidsplan.InwonersMetDoelgroep):
        raise TypeError(f"not a count of residents per target group: {detail!r}")
    return detail


def met_doelgroep(
    detail: Callable[[Context], Uitkomst], *, samen: Sequence[Callable[[Context], Uitkomst]] = ()
) -> Berekening:
    """`beleidsplan.InwonersMetDoelgroep` (unique residents marked with a target group, plus
    registered counts), counted by the database; its group and those of the indicators `samen`
    in one query, shared by them."""
    eigen = _telling_per_doelgroep(detail)
    groepen = tuple(sorted({_telling_per_doelgroep(d).groep for d in (detail, *samen)}))

    def bereken(b: Bevraging) -> Uitkomst:
        return beleidsplan.doelgroep_uitkomst(
            _inwoners_per_doelgroep(b, groepen)[eigen.groep],
            _registraties(b).activiteit_som(*eigen.extra),
        )

    return bereken


# --- counts per day -------------------------------------------------------------------------


def telling_van(soort: S, **dimensies: Callable[[Feit], Iterable[str | None]]) -> Berekening:
    def bereken(b: Bevraging) -> Uitkomst:
        return gewogen_telling(b.dagen(soort), **dimensies)

    return bereken


def toegekende_aanvragen(b: Bevraging) -> Uitkomst:
    items = b.dagen(S.BESCHIKKING)
    toegekend = sum(n for f, n in items if (f.resultaat or "").lower() == divosa.TOELATING)
    result = Uitkomst(waarde=toegekend, teller=toegekend, noemer=sum(n for _, n in items))
    result.uitsplitsingen["beschikkingssoort"] = gewogen_telling(
        items, soort=resultaat
    ).uitsplitsingen["soort"]
    return result


def uitstroom_aandeel(redenen: frozenset[str]) -> Berekening:
    def bereken(b: Bevraging) -> Uitkomst:
        items = b.dagen(S.UITSTROOM)
        teller = sum(n for f, n in items if (f.resultaat or "").lower() in redenen)
        result = aandeel(teller, sum(n for _, n in items))
        result.uitsplitsingen["uitstroomreden"] = gewogen_telling(
            items, r=resultaat
        ).uitsplitsingen["r"]
        return result

    return bereken


def signalen_per_partnertype(b: Bevraging) -> Uitkomst:
    items = b.dagen(S.SIGNAAL)
    result = gewogen_telling(items, partnertype=partnertype)
    result.uitsplitsingen["crisis"] = {
        "ja": float(sum(n for f, n in items if f.crisis is True)),
        "nee": float(sum(n for f, n in items if f.crisis is not True)),
    }
    return result


def niet_opgepakt(b: Bevraging) -> Uitkomst:
    items = [
        (f, n)
        for f, n in b.dagen(S.SIGNAAL, S.SIGNAAL_STATUS)
        if f.resultaat and f.resultaat != "Nog niet opgepakt"
    ]
    return gewogen_telling(items, signaalstatus=resultaat)


def termijn_uitkomst(
    b: Bevraging, *, bron: str, termijn: str, telt: bool = True
) -> Uitkomst | None:
    """As `context.termijn_uitkomst`, from the day counts."""
    if not b.ooit(S.TERMIJN, bron=bron, resultaat=termijn):
        return None
    oordelen = [
        (f, n)
        for f, n in b.dagen(S.TERMIJN)
        if f.bron == bron and f.resultaat == termijn and f.gehaald is not None
    ]
    return aandeel(sum(n for f, n in oordelen if f.gehaald is telt), sum(n for _, n in oordelen))


# --- per case: first facts ------------------------------------------------------------------


def _eerste_gesprekken(b: Bevraging) -> list[sa.Row[Any]]:
    """Per case whose first conversation is in the period: its date, reference date and crisis
    flag, and the date and crisis flag of the case's first melding."""
    query = sa.select(
        zaak.c.eerste_gesprek_datum.label("datum"),
        zaak.c.eerste_gesprek_referentie_datum.label("referentie_datum"),
        zaak.c.eerste_gesprek_crisis.label("crisis"),
        b.eerst(S.MELDING).label("melding_datum"),
        b.eerst(S.MELDING, "crisis").label("melding_crisis"),
    ).where(*b.zaken_in_periode(S.EERSTE_GESPREK))
    return b.eenmaal("eerste_gesprekken", lambda: list(b.rijen(query)))


def _wachttijden(b: Bevraging) -> Duren:
    def bereken() -> Duren:
        start = sa.func.coalesce(zaak.c.eerste_gesprek_referentie_datum, b.eerst(S.MELDING))
        return b.duren(start, zaak.c.eerste_gesprek_datum, *b.zaken_in_periode(S.EERSTE_GESPREK))

    return b.eenmaal("wachttijden", bereken)


def wachttijd(b: Bevraging) -> Uitkomst:
    return divosa.wachttijd_uitkomst(_wachttijden(b))


def binnen_weken(weken_fn: divosa.WekenFn, termijn: str) -> Berekening:
    def bereken(b: Bevraging) -> Uitkomst:
        oordeel = termijn_uitkomst(b, bron="intake", termijn=termijn)
        if oordeel is not None:
            return oordeel
        return divosa.binnen(_wachttijden(b), 7 * weken_fn(b.policy))

    return bereken


def crisis_binnen_termijn(b: Bevraging) -> Uitkomst:
    bron, termijn = "intake", "gesprek-wettelijk"
    if b.ooit(S.TERMIJN, bron=bron, resultaat=termijn):
        t = feit.alias("t")
        query = (
            sa.select(t.c.gehaald, sa.func.count().label("aantal"))
            .select_from(t.join(zaak, b.van_zaak(t)))
            .where(
                *b.in_periode(t, S.TERMIJN),
                t.c.bron == bron,
                t.c.resultaat == termijn,
                t.c.gehaald.is_not(None),
                b.eerst(S.MELDING, "crisis") == sa.true(),
            )
            .group_by(t.c.gehaald)
        )
        rows = b.rijen(query)
        return aandeel(sum(r.aantal for r in rows if r.gehaald), sum(r.aantal for r in rows))
    kalender = b.policy.kalender()
    werkdagen = b.policy.termijnen.crisis_wettelijk_werkdagen
    teller = noemer = 0
    for r in _eerste_gesprekken(b):
        crisis = (
            r.crisis if r.crisis is not None else (r.melding_datum is not None and r.melding_crisis)
        )
        start = r.referentie_datum or r.melding_datum
        if not crisis or start is None:
            continue
        noemer += 1
        teller += r.datum <= kalender.add_working_days(start, werkdagen)
    return aandeel(teller, noemer)


def _beslistijden(b: Bevraging) -> Duren:
    def bereken() -> Duren:
        start = sa.func.coalesce(
            zaak.c.beschikking_referentie_datum,
            b.eerst(S.TRAJECT_GESTART, "referentie_datum"),
            b.eerst(S.TRAJECT_GESTART),
        )
        return b.duren(start, zaak.c.beschikking_datum, *b.zaken_in_periode(S.BESCHIKKING))

    return b.eenmaal("beslistijden", bereken)


def beslistijd(b: Bevraging) -> Uitkomst:
    return gemiddelde_duur(_beslistijden(b))


def beslist_binnen_termijn(b: Bevraging) -> Uitkomst:
    oordeel = termijn_uitkomst(b, bron="trajectory", termijn="beslistermijn")
    if oordeel is not None:
        return oordeel
    return divosa.binnen(_beslistijden(b), 7 * b.policy.termijnen.beslistermijn_weken)


def _langer(b: Bevraging, eind: S, start: S, langer: Callable[[Any, Any], Any]) -> Uitkomst:
    """Of the facts of kind `eind` in the period whose start is known (their reference date,
    else the date of their case's first fact of kind `start`): the share for which
    `langer(start, end)` holds, counted by the database."""
    f = feit.alias("f")
    begin = sa.func.coalesce(f.c.referentie_datum, b.eerst(start))
    row = b.session.execute(
        sa.select(
            sa.func.count(begin).label("noemer"),
            sa.func.coalesce(sa.func.sum(sa.case((langer(begin, f.c.datum), 1), else_=0)), 0).label(
                "teller"
            ),
        )
        .select_from(f.outerjoin(zaak, b.van_zaak(f)))
        .where(*b.in_periode(f, eind))
    ).one()
    return aandeel(int(row.teller), int(row.noemer))


def stabilisatie_lang(b: Bevraging) -> Uitkomst:
    oordeel = termijn_uitkomst(b, bron="trajectory", termijn="stabilisatie-benchmark", telt=False)
    if oordeel is not None:
        return oordeel
    maanden = b.policy.termijnen.stabilisatie_benchmark_maanden
    # As `divosa.langer_dan_maanden`.
    return _langer(
        b,
        S.STABILISATIE_AFGEROND,
        S.STABILISATIE_GESTART,
        lambda start, eind: eind > na_maanden(start, maanden),
    )


def schuldregeling_lang(b: Bevraging) -> Uitkomst:
    oordeel = termijn_uitkomst(b, bron="trajectory", termijn="schuldregeling-nvvk", telt=False)
    if oordeel is not None:
        return oordeel
    grens = b.policy.termijnen.schuldregeling_nvvk_dagen
    # As `divosa.langer_dan_dagen`.
    return _langer(
        b,
        S.SCHULDREGELING_AKKOORD,
        S.SCHULDREGELING_INGEDIEND,
        lambda start, eind: dagen_tussen(start, eind) > grens,
    )


def _als_feiten(
    soort: S, b: Bevraging, rows: Iterable[tuple[str | None, str | None, int]]
) -> list[tuple[Feit, int]]:
    """Grouped (target groups, channel, number) as facts for a weighted count."""
    return [
        (
            Feit(bron="", soort=soort, datum=b.periode.vanaf, doelgroepen=groepen, kanaal=kanaal),
            int(n),
        )
        for groepen, kanaal, n in rows
    ]


def aanvragen(b: Bevraging) -> Uitkomst:
    """Aanvragen per target group and channel, their melding's where they carry none."""
    a = feit.alias("a")
    kolommen = (
        a.c.doelgroepen,
        a.c.kanaal,
        sa.or_(a.c.zaak.is_(None), a.c.zaak == "").label("zonder_zaak"),
        b.eerst(S.MELDING, "doelgroepen").label("melding_doelgroepen"),
        b.eerst(S.MELDING, "kanaal").label("melding_kanaal"),
    )
    query = (
        sa.select(*kolommen, sa.func.count().label("aantal"))
        .select_from(a.outerjoin(zaak, b.van_zaak(a)))
        .where(*b.in_periode(a, S.AANVRAAG))
        .group_by(*kolommen)
    )
    rows = [
        (
            r.doelgroepen if r.doelgroepen or r.zonder_zaak else r.melding_doelgroepen,
            r.kanaal if r.kanaal or r.zonder_zaak else r.melding_kanaal,
            r.aantal,
        )
        for r in b.rijen(query)
    ]
    return gewogen_telling(
        _als_feiten(S.AANVRAAG, b, rows), doelgroep=doelgroep, kanaal=lambda f: [f.kanaal]
    )


def clienten_in_portefeuille(b: Bevraging) -> Uitkomst:
    def bereken() -> Uitkomst:
        eerste, laatste = zaak.c.uitstroom_datum, zaak.c.uitstroom_laatste
        u = feit.alias("u")
        # Active: no exit before the end, or the latest exit before the end is in the period.
        uitstroom_in_periode = bestaat(
            *b.in_periode(u, S.UITSTROOM), u.c.bron == zaak.c.bron, u.c.zaak == zaak.c.zaak
        )
        actief = sa.or_(
            eerste.is_(None),
            eerste >= b.periode.vanaf,
            sa.and_(
                laatste >= b.periode.vanaf, sa.or_(laatste < b.periode.tot, uitstroom_in_periode)
            ),
        )
        groepen = zaak.c.traject_gestart_doelgroepen
        query = (
            sa.select(groepen, sa.func.count().label("aantal"))
            .where(
                zaak.c.gemeentecode == b.gemeentecode,
                zaak.c.traject_gestart_datum < b.periode.tot,
                actief,
            )
            .group_by(groepen)
        )
        rows = [(r.traject_gestart_doelgroepen, None, r.aantal) for r in b.rijen(query)]
        return gewogen_telling(_als_feiten(S.TRAJECT_GESTART, b, rows), doelgroep=doelgroep)

    return b.eenmaal("portefeuille", bereken)


def caseload(b: Bevraging) -> Uitkomst:
    trajecten = clienten_in_portefeuille(b).waarde or 0
    return divosa.caseload_uitkomst(trajecten, divosa.fte(b.activiteiten, b.periode))
