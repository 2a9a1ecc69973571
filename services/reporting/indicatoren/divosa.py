"""The Divosa benchmark set (debts), as plain functions over the facts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from services.reporting.indicatoren.beleidsplan import (
    beeindigde_regelingen,
    clienten_in_portefeuille,
)
from services.reporting.indicatoren.context import (
    Activiteit,
    Context,
    Duren,
    Feit,
    Periode,
    Uitkomst,
    aandeel,
    dagen,
    doelgroep,
    gemiddelde,
    gemiddelde_duur,
    gemiddelde_van,
    kanaal,
    mediaan,
    na_maanden,
    resultaat,
    telling,
    termijn_uitkomst,
)
from services.reporting.indicatoren.definitie import ActiviteitSoort as A
from services.reporting.soorten import FeitSoort as S
from shared.policy import Policy, Streefwaarde

TOELATING = "toelatingsbeschikking"
# Exit reasons that mean the resident dropped out before a solution (DDAS EnumUitstroomreden).
UITVAL = frozenset({"nietverschenen", "ingetrokken", "zelf"})
SCHULDENVRIJ = frozenset({"afgerond"})


def aanmeldingen(ctx: Context) -> Uitkomst:
    return telling(ctx.in_periode(S.MELDING), kanaal=kanaal, doelgroep=doelgroep)


def intakes(ctx: Context) -> Uitkomst:
    return telling(ctx.in_periode(S.EERSTE_GESPREK), kanaal=kanaal)


def toegekende_aanvragen(ctx: Context) -> Uitkomst:
    beschikkingen = ctx.in_periode(S.BESCHIKKING)
    toegekend = sum((f.resultaat or "").lower() == TOELATING for f in beschikkingen)
    result = Uitkomst(waarde=toegekend, teller=toegekend, noemer=len(beschikkingen))
    result.uitsplitsingen["beschikkingssoort"] = telling(
        beschikkingen, soort=resultaat
    ).uitsplitsingen["soort"]
    return result


def _wachttijden(ctx: Context) -> Duren:
    """Calendar days from melding to first conversation, for conversations in the period."""
    meldingen = ctx.eerste_per_zaak(S.MELDING)
    result: Duren = Counter()
    for key, gesprek in ctx.eerste_per_zaak(S.EERSTE_GESPREK).items():
        if not ctx.periode.bevat(gesprek.datum):
            continue
        melding = meldingen.get(key)
        start = gesprek.referentie_datum or (melding.datum if melding else None)
        if start is not None:
            result[dagen(start, gesprek.datum)] += 1
    return result


def wachttijd_uitkomst(duren: Duren) -> Uitkomst:
    """The mean waiting time, with the median in the breakdown."""
    result = gemiddelde_duur(duren)
    if (midden := mediaan(duren)) is not None:
        result.uitsplitsingen["statistiek"] = {"mediaan": float(midden)}
    return result


def wachttijd(ctx: Context) -> Uitkomst:
    return wachttijd_uitkomst(_wachttijden(ctx))


def binnen(duren: Duren, grens: int) -> Uitkomst:
    """The share of durations (days) within a limit."""
    duren = +duren
    return aandeel(sum(n for d, n in duren.items() if d <= grens), duren.total())


WekenFn = Callable[[Policy], int]


def binnen_weken(weken_fn: WekenFn, termijn: str) -> Callable[[Context], Uitkomst]:
    def bereken(ctx: Context) -> Uitkomst:
        oordeel = termijn_uitkomst(ctx, bron="intake", termijn=termijn)
        if oordeel is not None:
            return oordeel
        return binnen(_wachttijden(ctx), 7 * weken_fn(ctx.policy))

    return bereken


def _beslistijden(ctx: Context) -> Duren:
    """Calendar days from aanvraag to decision, for decisions in the period."""
    gestart = ctx.eerste_per_zaak(S.TRAJECT_GESTART)
    result: Duren = Counter()
    for key, beschikking in ctx.eerste_per_zaak(S.BESCHIKKING).items():
        if not ctx.periode.bevat(beschikking.datum):
            continue
        start_feit = gestart.get(key)
        start = beschikking.referentie_datum or (
            (start_feit.referentie_datum or start_feit.datum) if start_feit else None
        )
        if start is not None:
            result[dagen(start, beschikking.datum)] += 1
    return result


def beslistijd(ctx: Context) -> Uitkomst:
    return gemiddelde_duur(_beslistijden(ctx))


def beslist_binnen_termijn(ctx: Context) -> Uitkomst:
    # Verordening beslistermijn schuldhulpverlening: 8 weeks (policy termijnen.beslistermijn_weken).
    oordeel = termijn_uitkomst(ctx, bron="trajectory", termijn="beslistermijn")
    if oordeel is not None:
        return oordeel
    return binnen(_beslistijden(ctx), 7 * ctx.policy.termijnen.beslistermijn_weken)


def stabilisatie_lang(ctx: Context) -> Uitkomst:
    """Stabilisations ended in the period that took longer than the benchmark's 4 months."""
    oordeel = termijn_uitkomst(ctx, bron="trajectory", termijn="stabilisatie-benchmark", telt=False)
    if oordeel is not None:
        return oordeel
    gestart = ctx.eerste_per_zaak(S.STABILISATIE_GESTART)
    paren = []
    for feit in ctx.in_periode(S.STABILISATIE_AFGEROND):
        start_feit = gestart.get(feit.zaak_sleutel) if feit.zaak_sleutel else None
        paren.append(
            (feit.referentie_datum or (start_feit.datum if start_feit else None), feit.datum)
        )
    return langer_dan_maanden(paren, ctx.policy.termijnen.stabilisatie_benchmark_maanden)


Paren = Iterable[tuple[date | None, date]]


def langer_dan_maanden(paren: Paren, maanden: int) -> Uitkomst:
    """The share of (start, end) pairs with a known start that took longer than `maanden`
    calendar months: ended after the same day `maanden` months on, or after that month's last
    day when it has no such day (from 31 October, 4 months end on 28 or 29 February)."""
    teller = noemer = 0
    for start, eind in paren:
        if start is None:
            continue
        noemer += 1
        teller += eind > na_maanden(start, maanden)
    return aandeel(teller, noemer)


def schuldregeling_lang(ctx: Context) -> Uitkomst:
    """Settlements agreed in the period that took over 120 days from submission (NVVK norm)."""
    oordeel = termijn_uitkomst(ctx, bron="trajectory", termijn="schuldregeling-nvvk", telt=False)
    if oordeel is not None:
        return oordeel
    ingediend = ctx.eerste_per_zaak(S.SCHULDREGELING_INGEDIEND)
    paren = []
    for feit in ctx.in_periode(S.SCHULDREGELING_AKKOORD):
        start_feit = ingediend.get(feit.zaak_sleutel) if feit.zaak_sleutel else None
        paren.append(
            (feit.referentie_datum or (start_feit.datum if start_feit else None), feit.datum)
        )
    return langer_dan_dagen(paren, ctx.policy.termijnen.schuldregeling_nvvk_dagen)


def langer_dan_dagen(paren: Paren, grens: int) -> Uitkomst:
    """The share of (start, end) pairs with a known start that took more than `grens` days."""
    known = [(start, eind) for start, eind in paren if start is not None]
    return aandeel(sum(dagen(start, eind) > grens for start, eind in known), len(known))


def succes_uitkomst(beeindigd: Iterable[tuple[str, bool]], oplossing: str) -> Uitkomst:
    """The success rate of ended settlements of one kind of solution."""
    relevant = [ok for soort, ok in beeindigd if soort.lower() == oplossing]
    return aandeel(sum(relevant), len(relevant))


def succes(oplossing: str) -> Callable[[Context], Uitkomst]:
    def bereken(ctx: Context) -> Uitkomst:
        return succes_uitkomst(beeindigde_regelingen(ctx), oplossing)

    return bereken


def uitstroom_aandeel(redenen: frozenset[str]) -> Callable[[Context], Uitkomst]:
    def bereken(ctx: Context) -> Uitkomst:
        uitstroom = ctx.in_periode(S.UITSTROOM)
        result = aandeel(
            sum((f.resultaat or "").lower() in redenen for f in uitstroom), len(uitstroom)
        )
        result.uitsplitsingen["uitstroomreden"] = telling(uitstroom, r=resultaat).uitsplitsingen[
            "r"
        ]
        return result

    return bereken


def _laatste_schulden(ctx: Context) -> list[Feit]:
    """Per trajectory with a debt inventory or offer in the period, the most recent one."""
    feiten = ctx.in_periode(S.SCHULDEN_VASTGESTELD) + ctx.in_periode(S.SCHULDREGELING_INGEDIEND)
    latest: dict[tuple[str, str], Feit] = {}
    for feit in sorted(feiten, key=lambda f: f.datum):
        if feit.zaak_sleutel:
            latest[feit.zaak_sleutel] = feit
    return list(latest.values())


def schuldeisers_per_traject(ctx: Context) -> Uitkomst:
    return gemiddelde([float(f.aantal) for f in _laatste_schulden(ctx) if f.aantal is not None])


def band_schatting(band: str | None) -> float | None:
    """The middle of a debt band such as `1000-5000`; `50000+` counts as its lower bound."""
    if not band:
        return None
    laag, _, hoog = band.replace(" ", "").rstrip("+").partition("-")
    try:
        return (float(laag) + float(hoog)) / 2 if hoog else float(laag)
    except ValueError:
        return None


def gemiddelde_schuld(ctx: Context) -> Uitkomst:
    return schuld_uitkomst((f.bedrag, f.resultaat, 1) for f in _laatste_schulden(ctx))


def schuld_uitkomst(schulden: Iterable[tuple[Decimal | None, str | None, int]]) -> Uitkomst:
    """Exact amounts where the event has them, else the middle of the band (an estimate); each
    with how many trajectories have it. Summed exactly, so the order does not matter."""
    totaal, aantal = Decimal(0), 0
    banden: Counter[str] = Counter()
    for bedrag, band, n in schulden:
        if bedrag is not None:
            waarde = Decimal(bedrag)
        elif (schatting := band_schatting(band)) is not None:
            waarde = Decimal(schatting)
            banden[band or ""] += n
        else:
            continue
        totaal += waarde * n
        aantal += n
    result = gemiddelde_van(float(totaal), aantal)
    if banden:
        result.uitsplitsingen["schuldband"] = {k: float(v) for k, v in sorted(banden.items())}
    return result


def begeleiding(ctx: Context) -> Uitkomst:
    return telling(ctx.in_periode(S.BEGELEIDING_GESTART), begeleidingssoort=resultaat)


def wsnp(ctx: Context) -> Uitkomst:
    return telling(ctx.in_periode(S.WSNP_VERWIJZING))


def fte(activiteiten: Iterable[Activiteit], periode: Periode) -> float | None:
    """The mean of the FTE registrations starting in the period (none: unknown)."""
    waarden = [
        float(a.aantal)
        for a in activiteiten
        if a.soort == A.FORMATIE_FTE and periode.bevat(a.vanaf)
    ]
    return round(sum(waarden) / len(waarden), 2) if waarden else None


def formatie(ctx: Context) -> Uitkomst:
    return Uitkomst(waarde=fte(ctx.activiteiten, ctx.periode))


def caseload_uitkomst(trajecten: float, formatie_fte: float | None) -> Uitkomst:
    waarde = round(trajecten / formatie_fte, 1) if formatie_fte else None
    return Uitkomst(waarde=waarde, teller=trajecten, noemer=formatie_fte)


def caseload(ctx: Context) -> Uitkomst:
    trajecten = clienten_in_portefeuille(ctx).waarde or 0
    return caseload_uitkomst(trajecten, fte(ctx.activiteiten, ctx.periode))


def caseload_max(policy: Policy, _uitkomst: Uitkomst) -> Streefwaarde:
    # Seed §3.3: a full-time counsellor carries at most 45 trajectories.
    return Streefwaarde(minimum=0, maximum=policy.caseload_max_per_fte)
