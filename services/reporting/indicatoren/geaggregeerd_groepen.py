"""Aggregated path, continued: indicators over groups of facts per case or per resident
(settlements, debts, recidive, early-signal residents and cases), each as one grouped query."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from services.reporting.indicatoren import beleidsplan, divosa
from services.reporting.indicatoren import geaggregeerd_signalen as gs
from services.reporting.indicatoren.bevraging import Bevraging, bestaat
from services.reporting.indicatoren.context import (
    Periode,
    Uitkomst,
    aandeel,
    gemiddelde_van,
)
from services.reporting.models import feit, inwoner, zaak
from services.reporting.soorten import FeitSoort as S


def _met_zaak(f: Any) -> list[Any]:
    return [f.c.zaak.is_not(None), f.c.zaak != ""]


def _oplossing_eerst(f: Any) -> Any:
    """Sort key: a recorded solution before an agreed settlement."""
    return sa.case((f.c.soort == S.OPLOSSING.value, 0), else_=1)


def _eerste_per_zaak(f: Any, *volgorde: Any) -> Any:
    return (
        sa.func.row_number()
        .over(partition_by=(f.c.bron, f.c.zaak), order_by=volgorde)
        .label("rang")
    )


# --- settlements ----------------------------------------------------------------------------


def _oplossingen(b: Bevraging, periode: Periode) -> sa.Row[Any]:
    """Per trajectory with a solution (or else an agreed settlement) in the period, its first:
    how many, how many assessed with the afwegingskader (asked of the request's own period
    only; NULL for another), how many with a credit."""

    def bereken() -> sa.Row[Any]:
        eerste = (
            sa.select(
                feit.c.bron,
                feit.c.zaak,
                feit.c.resultaat,
                _eerste_per_zaak(feit, _oplossing_eerst(feit), feit.c.datum, feit.c.id),
            )
            .where(
                *b.van(feit, S.OPLOSSING, S.SCHULDREGELING_AKKOORD, periode=periode),
                *_met_zaak(feit),
            )
            .subquery("eerste")
        )
        getoetst = bestaat(
            zaak.c.gemeentecode == b.gemeentecode,
            zaak.c.bron == eerste.c.bron,
            zaak.c.zaak == eerste.c.zaak,
            zaak.c.afwegingskader_datum < b.periode.tot,
        )
        krediet = sa.func.lower(eerste.c.resultaat) == "saneringskrediet"
        query = sa.select(
            sa.func.count().label("zaken"),
            # A look-up of the case per trajectory: only where it is asked (the year before
            # is compared on credits alone).
            sa.func.coalesce(sa.func.sum(sa.case((getoetst, 1), else_=0)), 0).label("getoetst")
            if periode == b.periode
            else sa.null().label("getoetst"),
            sa.func.coalesce(sa.func.sum(sa.case((krediet, 1), else_=0)), 0).label("kredieten"),
        ).where(eerste.c.rang == 1)
        return b.session.execute(query).one()

    return b.eenmaal(("oplossingen", periode), bereken)


def afwegingskader(b: Bevraging) -> Uitkomst:
    row = _oplossingen(b, b.periode)
    return aandeel(int(row.getoetst), int(row.zaken))


def saneringskredieten(b: Bevraging) -> Uitkomst:
    vorig = _oplossingen(b, b.periode.jaar_eerder())
    return Uitkomst(
        waarde=int(_oplossingen(b, b.periode).kredieten), vergelijking=int(vorig.kredieten)
    )


def _beeindigd(b: Bevraging) -> list[tuple[str, bool]]:
    """As `beleidsplan.beeindigde_regelingen`: (kind of solution, successful) per settlement
    ended in the period."""

    def bereken() -> list[tuple[str, bool]]:
        einde = feit.alias("einde")
        zaken = sa.select(einde.c.bron, einde.c.zaak).where(
            *b.in_periode(einde, S.UITSTROOM), *_met_zaak(einde)
        )

        def met_soort(f: Any) -> list[Any]:
            """The solutions and agreements before the end that name their kind."""
            return [
                *b.van(f, S.OPLOSSING, S.SCHULDREGELING_AKKOORD),
                *_met_zaak(f),
                f.c.resultaat.is_not(None),
                f.c.resultaat != "",
            ]

        # The kind of solution: the last recorded solution's, else the last agreement's.
        soort = (
            sa.select(
                feit.c.bron,
                feit.c.zaak,
                feit.c.resultaat,
                _eerste_per_zaak(feit, _oplossing_eerst(feit), feit.c.id.desc()),
            )
            .where(*met_soort(feit), sa.tuple_(feit.c.bron, feit.c.zaak).in_(zaken))
            .cte("soort")
        )
        u, e, u2 = feit.alias("u"), feit.alias("e"), feit.alias("u2")

        # PostgreSQL reads the period's exits once and joins them to their kinds; joined to the
        # facts, it expected few kinds and probed the facts for each kind's exit (13,533 probes
        # at 2.6 million facts, 0.16 s of 0.25). SQLite, which would scan the materialized exits
        # for each kind, flattens the CTE into that probing join, its better plan.
        uit = (
            sa.select(u.c.bron, u.c.zaak, u.c.resultaat)
            .where(*b.in_periode(u, S.UITSTROOM))
            .cte("uit")
            .prefix_with("MATERIALIZED", dialect="postgresql")
        )
        uitstroom = (
            sa.select(
                soort.c.resultaat.label("soort"), uit.c.resultaat, sa.func.count().label("aantal")
            )
            .select_from(
                uit.join(
                    soort,
                    sa.and_(
                        soort.c.bron == uit.c.bron, soort.c.zaak == uit.c.zaak, soort.c.rang == 1
                    ),
                )
            )
            .group_by(soort.c.resultaat, uit.c.resultaat)
        )
        # An explicit end of settlement counts where no exit of that trajectory counted; its
        # kind looked up per end (an outer join to `soort` made SQLite scan every kind for
        # each end: 6.2 s for 3,000 ends at this size).
        k = feit.alias("k")
        soort_van_einde = (
            sa.select(k.c.resultaat)
            .where(*met_soort(k), k.c.bron == e.c.bron, k.c.zaak == e.c.zaak)
            .order_by(_oplossing_eerst(k), k.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        gezien = bestaat(
            *b.in_periode(u2, S.UITSTROOM), u2.c.bron == e.c.bron, u2.c.zaak == e.c.zaak
        )
        einden = (
            sa.select(soort_van_einde.label("oplossing"), e.c.resultaat, gezien.label("gezien"))
            .where(*b.in_periode(e, S.SCHULDREGELING_BEEINDIGD))
            .subquery("einden")
        )
        beeindigd = (
            sa.select(
                einden.c.oplossing.label("soort"),
                einden.c.resultaat,
                sa.func.count().label("aantal"),
            )
            .where(sa.not_(sa.and_(einden.c.oplossing.is_not(None), einden.c.gezien)))
            .group_by(einden.c.oplossing, einden.c.resultaat)
        )
        result: list[tuple[str, bool]] = []
        for r in b.rijen(sa.union_all(uitstroom, beeindigd)):
            ok = (r.resultaat or "").lower() in beleidsplan.GESLAAGD
            result.extend([(r.soort or "onbekend", ok)] * int(r.aantal))
        return result

    return b.eenmaal("beeindigd", bereken)


def schuldregelingen_geslaagd(b: Bevraging) -> Uitkomst:
    return beleidsplan.geslaagd_uitkomst(_beeindigd(b))


def succes(oplossing: str) -> Any:
    def bereken(b: Bevraging) -> Uitkomst:
        return divosa.succes_uitkomst(_beeindigd(b), oplossing)

    return bereken


def _laatste_schulden(b: Bevraging) -> list[sa.Row[Any]]:
    """Per trajectory with a debt inventory or offer in the period, the latest: grouped."""

    def bereken() -> list[sa.Row[Any]]:
        aanbod_later = sa.case((feit.c.soort == S.SCHULDREGELING_INGEDIEND.value, 1), else_=0)
        laatste = (
            sa.select(
                feit.c.bedrag,
                feit.c.resultaat,
                feit.c.aantal,
                _eerste_per_zaak(feit, feit.c.datum.desc(), aanbod_later.desc(), feit.c.id.desc()),
            )
            .where(
                *b.in_periode(feit, S.SCHULDEN_VASTGESTELD, S.SCHULDREGELING_INGEDIEND),
                *_met_zaak(feit),
            )
            .subquery("laatste")
        )
        kolommen = (laatste.c.bedrag, laatste.c.resultaat, laatste.c.aantal)
        query = (
            sa.select(*kolommen, sa.func.count().label("n"))
            .where(laatste.c.rang == 1)
            .group_by(*kolommen)
        )
        return list(b.rijen(query))

    return b.eenmaal("schulden", bereken)


def schuldeisers_per_traject(b: Bevraging) -> Uitkomst:
    rows = [r for r in _laatste_schulden(b) if r.aantal is not None]
    return gemiddelde_van(float(sum(r.aantal * r.n for r in rows)), sum(r.n for r in rows))


def gemiddelde_schuld(b: Bevraging) -> Uitkomst:
    return divosa.schuld_uitkomst((r.bedrag, r.resultaat, r.n) for r in _laatste_schulden(b))


# --- residents ------------------------------------------------------------------------------


_RECIDIVE = (S.AANVRAAG, S.TRAJECT_GESTART, S.UITSTROOM)


def recidive(b: Bevraging) -> Uitkomst:
    """As `beleidsplan.recidive`, from the residents' rows (`inwoner`): per applicant of the
    period, the start (first aanvraag in it, else first trajectory) and the latest exit before
    it; residents a fact without a key of its own is attributed to are counted from their facts."""
    jaren = b.policy.termijnen.recidive_jaren
    zonder = gs.zonder_eigen_sleutel(b, _RECIDIVE)
    teller = totaal = 0
    for r in b.rijen(_recidive_query(b, uitgezonderd=sorted(zonder))):
        totaal += int(r.n)
        if r.uitstroom is not None:
            teller += beleidsplan.terug(r.start, [r.uitstroom], jaren=jaren) * int(r.n)
    for rows in zonder.values():
        starts = [
            min((r.datum for r in rows if r.soort == soort.value and b.periode.bevat(r.datum)),
                default=None)
            for soort in (S.AANVRAAG, S.TRAJECT_GESTART)
        ]  # fmt: skip
        start = starts[0] or starts[1]
        if start is not None:
            totaal += 1
            uitstroom = [r.datum for r in rows if r.soort == S.UITSTROOM.value]
            teller += beleidsplan.terug(start, uitstroom, jaren=jaren)
    return aandeel(teller, totaal)


def _recidive_query(b: Bevraging, *, uitgezonderd: list[str]) -> sa.Select[Any]:
    """(start, latest exit before it, number) of the applicants of the period."""
    i, g = inwoner.c, b.gemeentecode
    vanaf, tot = b.periode.vanaf, b.periode.tot
    f = feit.alias("f")

    def eigen(soort: S) -> list[Any]:
        return [f.c.subject_key == i.subject_key, f.c.soort == soort.value, f.c.gemeentecode == g]

    def eerste_in_periode(soort: S) -> Any:
        eerst, laatst = i[f"{soort.value}_datum"], i[f"{soort.value}_laatste"]
        opzoeken = sa.select(sa.func.min(f.c.datum)).where(
            *eigen(soort), f.c.datum >= vanaf, f.c.datum < tot
        )
        return sa.case(
            (sa.and_(eerst >= vanaf, eerst < tot), eerst),
            (sa.and_(eerst < vanaf, laatst >= vanaf), opzoeken.scalar_subquery()),
        )

    kolommen = (
        i.subject_key,
        i.uitstroom_datum,
        i.uitstroom_laatste,
        sa.func.coalesce(eerste_in_periode(S.AANVRAAG), eerste_in_periode(S.TRAJECT_GESTART)).label(
            "start"
        ),
    )
    voorwaarden = [
        i.gemeentecode == g,
        *([i.subject_key.not_in(uitgezonderd)] if uitgezonderd else []),
    ]
    aanvraag = sa.and_(i.aanvraag_datum < tot, i.aanvraag_laatste >= vanaf)
    geen_aanvraag = sa.or_(
        i.aanvraag_datum.is_(None), i.aanvraag_datum >= tot, i.aanvraag_laatste < vanaf
    )
    # Applicants by a request, then the others by a trajectory: each part one range of its own
    # covering index (an OR of both ranges makes SQLite read every row).
    aanvragers = (
        sa.union_all(
            sa.select(*kolommen).where(*voorwaarden, aanvraag),
            sa.select(*kolommen).where(
                *voorwaarden,
                i.traject_gestart_datum < tot,
                i.traject_gestart_laatste >= vanaf,
                geen_aanvraag,
            ),
        )
        .cte("aanvragers")
        .prefix_with("MATERIALIZED")
    )
    a = aanvragers.c
    u = feit.alias("u")
    laatste_uitstroom = sa.select(sa.func.max(u.c.datum)).where(
        u.c.subject_key == a.subject_key,
        u.c.soort == S.UITSTROOM.value,
        u.c.gemeentecode == g,
        u.c.datum < a.start,
    )
    uitstroom = sa.case(
        (a.uitstroom_laatste < a.start, a.uitstroom_laatste),
        (a.uitstroom_datum < a.start, laatste_uitstroom.scalar_subquery()),
    ).label("uitstroom")
    return (
        sa.select(a.start, uitstroom, sa.func.count().label("n"))
        .where(a.start.is_not(None))
        .group_by(a.start, sa.literal_column("uitstroom"))
    )


def advies_of_traject(b: Bevraging) -> Uitkomst:
    """As `beleidsplan.advies_of_traject`: melding cases with a melding in the period, and
    their outcomes, from their case rows."""
    vanaf, tot = b.periode.vanaf, b.periode.tot
    x = feit.alias("x")

    def in_zaak(f: Any, *soorten: S) -> list[Any]:
        return [*b.van(f, *soorten), f.c.bron == zaak.c.bron, f.c.zaak == zaak.c.zaak]

    melding_in_periode = sa.and_(
        zaak.c.melding_datum < tot,
        zaak.c.melding_laatste >= vanaf,
        sa.or_(
            zaak.c.melding_datum >= vanaf,
            zaak.c.melding_laatste < tot,
            bestaat(*in_zaak(x, S.MELDING), x.c.datum >= vanaf),
        ),
    )
    afgesloten_positief = sa.and_(
        zaak.c.melding_afgesloten_datum < tot,
        bestaat(
            *in_zaak(x, S.MELDING_AFGESLOTEN),
            sa.func.lower(x.c.resultaat).in_(sorted(beleidsplan.ADVIES_OF_TRAJECT)),
        ),
    )
    eerder = (zaak.c.advies_datum < tot, zaak.c.aanvraag_datum < tot)
    positief = sa.or_(*eerder, afgesloten_positief)
    # positief or closed before the end, without asking for the closing's result again
    afgerond = sa.or_(*eerder, zaak.c.melding_afgesloten_datum < tot)
    row = b.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(sa.case((afgerond, 1), else_=0)), 0).label("afgerond"),
            sa.func.coalesce(sa.func.sum(sa.case((positief, 1), else_=0)), 0).label("positief"),
        ).where(zaak.c.gemeentecode == b.gemeentecode, zaak.c.zaak != "", melding_in_periode)
    ).one()
    return aandeel(int(row.positief), int(row.afgerond))
