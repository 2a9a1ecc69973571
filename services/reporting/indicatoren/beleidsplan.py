"""The policy plan's indicators (seed §8.2) and its qualitative goals, as plain functions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.reporting.indicatoren.context import (
    Context,
    Feit,
    Periode,
    Uitkomst,
    aandeel,
    doelgroep,
    kanaal,
    na_maanden,
    partnertype,
    telling,
    termijn_uitkomst,
)
from services.reporting.indicatoren.definitie import (
    ActiviteitSoort as A,
)
from services.reporting.soorten import FeitSoort as S
from shared.policy import Policy, Streefwaarde

# Outcomes of a melding that count as "advice or a trajectory" (seed §8.2).
ADVIES_OF_TRAJECT = frozenset({"advies", "aanvraag", "traject", "schuldhulptraject"})
# End results of an early-signal case that can only follow contact with the resident.
NA_CONTACT = frozenset(
    {
        "Inwoner al bekend bij schuldhulpverlening",
        "Inwoner heeft al een ander lopend traject",
        "Geen reactie na eerder contact",
        "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering",
        "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
        "(Budget)advies en/of quick fix",
        "Vervolghulp en/of verwijzing financieel",
        "Vervolghulp en/of verwijzing niet financieel",
    }
)
GESLAAGD = frozenset({"geslaagd", "afgerond", "succesvol", "schuldenvrij"})


def aanvragen(ctx: Context) -> Uitkomst:
    return telling(
        ctx.in_periode(S.AANVRAAG),
        doelgroep=lambda f: ctx.groepen(f) or ["geen"],
        kanaal=lambda f: [ctx.kanaal(f)],
    )


def clienten_in_portefeuille(ctx: Context) -> Uitkomst:
    """Trajectories started before the period's end and not ended before its start."""
    beeindigd: dict[tuple[str, str], date] = {}
    for f in ctx.alle(S.UITSTROOM):  # the latest exit counts
        if f.zaak_sleutel is not None:
            beeindigd[f.zaak_sleutel] = max(f.datum, beeindigd.get(f.zaak_sleutel, f.datum))
    actief = [
        f
        for f in ctx.eerste_per_zaak(S.TRAJECT_GESTART).values()
        if f.datum < ctx.periode.tot
        and (f.zaak_sleutel not in beeindigd or beeindigd[f.zaak_sleutel] >= ctx.periode.vanaf)
    ]
    return telling(actief, doelgroep=doelgroep)


def geregistreerd(*soorten: A) -> Callable[[Context], Uitkomst]:
    def bereken(ctx: Context) -> Uitkomst:
        waarde = float(ctx.activiteit_som(*soorten))
        result = Uitkomst(waarde=waarde)
        result.uitsplitsingen["activiteit"] = ctx.activiteiten_per_soort(*soorten)
        return result

    return bereken


@dataclass(frozen=True)
class InwonersMetDoelgroep:
    """Unique residents marked with a target group in the case flow, plus registered counts
    (the aggregated path reads `groep` and `extra` to count the same in the database)."""

    groep: str
    extra: tuple[A, ...]

    def __call__(self, ctx: Context) -> Uitkomst:
        inwoners: set[str] = set()
        for soort in (S.MELDING, S.AANVRAAG, S.TRAJECT_GESTART, S.PROGRAMMA):
            for feit in ctx.in_periode(soort):
                subject = ctx.subject(feit)
                if self.groep in feit.groepen and subject:
                    inwoners.add(subject)
        return doelgroep_uitkomst(len(inwoners), ctx.activiteit_som(*self.extra))


def inwoners_met_doelgroep(groep: str, *extra: A) -> InwonersMetDoelgroep:
    return InwonersMetDoelgroep(groep, extra)


def doelgroep_uitkomst(inwoners: int, geregistreerd: Decimal) -> Uitkomst:
    """Residents of a target group from the case flow plus registered counts, by source."""
    result = Uitkomst(waarde=float(inwoners + geregistreerd))
    result.uitsplitsingen["bron"] = {
        "casusregistratie": float(inwoners),
        "geregistreerde-activiteiten": float(geregistreerd),
    }
    return result


def signalen_verwerkt(ctx: Context) -> Uitkomst:
    return telling(ctx.in_periode(S.SIGNAAL), partnertype=partnertype)


def oplossingen(ctx: Context, periode: Periode | None = None) -> dict[tuple[str, str], Feit]:
    """Per trajectory, its solution (or agreed settlement) recorded in the period."""
    found: dict[tuple[str, str], Feit] = {}
    for soort in (S.OPLOSSING, S.SCHULDREGELING_AKKOORD):
        for feit in sorted(ctx.in_periode(soort, periode), key=lambda f: f.datum):
            if feit.zaak_sleutel and feit.zaak_sleutel not in found:
                found[feit.zaak_sleutel] = feit
    return found


def oplossingssoort(ctx: Context) -> dict[tuple[str, str], str]:
    """Each trajectory's kind of solution (DDAS Oplossingssoort), from any date."""
    soorten: dict[tuple[str, str], str] = {}
    for soort in (S.SCHULDREGELING_AKKOORD, S.OPLOSSING):
        for feit in ctx.alle(soort):
            if feit.zaak_sleutel and feit.resultaat:
                soorten[feit.zaak_sleutel] = feit.resultaat
    return soorten


def afwegingskader(ctx: Context) -> Uitkomst:
    """Solutions recorded in the period whose case was assessed with the afwegingskader."""
    getoetst = {f.zaak_sleutel for f in ctx.alle(S.AFWEGINGSKADER)}
    zaken = set(oplossingen(ctx))
    return aandeel(len(zaken & getoetst), len(zaken))


def _kredieten(ctx: Context, periode: Periode | None = None) -> int:
    return sum(
        1
        for f in oplossingen(ctx, periode).values()
        if (f.resultaat or "").lower() == "saneringskrediet"
    )


def saneringskredieten(ctx: Context) -> Uitkomst:
    return Uitkomst(waarde=_kredieten(ctx), vergelijking=_kredieten(ctx, ctx.periode.jaar_eerder()))


def verdubbeling(_policy: Policy, uitkomst: Uitkomst) -> Streefwaarde:
    # Seed §6.4: "twice as many credits as the year before" (the comparison value).
    return Streefwaarde(minimum=2 * (uitkomst.vergelijking or 0))


def contact_per_inwoner(ctx: Context) -> tuple[dict[str, str | None], set[str]]:
    """Residents with a signal in the period (first partner type) and the residents reached."""
    inwoners: dict[str, str | None] = {}
    for feit in sorted(ctx.in_periode(S.SIGNAAL), key=lambda f: f.datum):
        subject = ctx.subject(feit)
        if subject and subject not in inwoners:
            inwoners[subject] = feit.partner_type
    bereikt = {
        s
        for f in ctx.alle(S.CONTACTPOGING)
        if f.bereikt is True and (s := ctx.subject(f)) is not None
    }
    bereikt |= {
        s
        for f in ctx.alle(S.CASUS_AFGESLOTEN)
        if (f.bereikt is True or f.resultaat in NA_CONTACT) and (s := ctx.subject(f)) is not None
    }
    return inwoners, bereikt


def contact_signalen(ctx: Context) -> Uitkomst:
    """One resident counts once, however many signals (seed §8.2)."""
    inwoners, bereikt = contact_per_inwoner(ctx)
    return contact_uitkomst((partner, s in bereikt, 1) for s, partner in inwoners.items())


def contact_uitkomst(inwoners: Iterable[tuple[str | None, bool, int]]) -> Uitkomst:
    """The contact rate from (first partner type, reached, number of residents)."""
    per_partner: Counter[str] = Counter()
    totaal: Counter[str] = Counter()
    for partner, bereikt, n in inwoners:
        totaal[partner or "onbekend"] += n
        per_partner[partner or "onbekend"] += n if bereikt else 0
    result = aandeel(sum(per_partner.values()), sum(totaal.values()))
    result.uitsplitsingen["partnertype"] = {
        k: round(100 * per_partner[k] / n, 1) for k, n in sorted(totaal.items())
    }
    return result


def advies_of_traject(ctx: Context) -> Uitkomst:
    """Meldingen of the period with an outcome, and how many ended in advice or an aanvraag."""
    meldingen = {f.zaak_sleutel for f in ctx.in_periode(S.MELDING) if f.zaak_sleutel}
    positief = {f.zaak_sleutel for f in ctx.alle(S.ADVIES)} | {
        f.zaak_sleutel for f in ctx.alle(S.AANVRAAG)
    }
    positief |= {
        f.zaak_sleutel
        for f in ctx.alle(S.MELDING_AFGESLOTEN)
        if (f.resultaat or "").lower() in ADVIES_OF_TRAJECT
    }
    afgerond = positief | {f.zaak_sleutel for f in ctx.alle(S.MELDING_AFGESLOTEN)}
    met_uitkomst = meldingen & afgerond
    return aandeel(len(met_uitkomst & positief), len(met_uitkomst))


def crisis_binnen_termijn(ctx: Context) -> Uitkomst:
    """Crisis cases whose first conversation was within the legal 3 working days (Wgs art. 3)."""
    meldingen = ctx.eerste_per_zaak(S.MELDING)
    crises = {k for k, m in meldingen.items() if m.crisis}
    oordeel = termijn_uitkomst(ctx, bron="intake", termijn="gesprek-wettelijk", alleen=crises)
    if oordeel is not None:
        return oordeel
    kalender = ctx.policy.kalender()
    termijn = ctx.policy.termijnen.crisis_wettelijk_werkdagen
    teller = noemer = 0
    for gesprek in ctx.eerste_per_zaak(S.EERSTE_GESPREK).values():
        if not ctx.periode.bevat(gesprek.datum):
            continue
        melding = meldingen.get(gesprek.zaak_sleutel) if gesprek.zaak_sleutel else None
        crisis = gesprek.crisis if gesprek.crisis is not None else (melding and melding.crisis)
        start = gesprek.referentie_datum or (melding.datum if melding else None)
        if not crisis or start is None:
            continue
        noemer += 1
        teller += gesprek.datum <= kalender.add_working_days(start, termijn)
    return aandeel(teller, noemer)


def beeindigde_regelingen(ctx: Context) -> list[tuple[str, bool]]:
    """Settlements that ended in the period: (kind of solution, completed successfully).

    A trajectory with a solution ends with its exit (traject.uitstroom): reason Afgerond is a
    success, any other reason is not. An explicit end-of-settlement fact counts where no exit
    of that trajectory is known.
    """
    soorten = oplossingssoort(ctx)
    result: list[tuple[str, bool]] = []
    seen: set[tuple[str, str]] = set()
    for feit in ctx.in_periode(S.UITSTROOM):
        if feit.zaak_sleutel in soorten:
            seen.add(feit.zaak_sleutel)
            result.append((soorten[feit.zaak_sleutel], (feit.resultaat or "").lower() in GESLAAGD))
    for feit in ctx.in_periode(S.SCHULDREGELING_BEEINDIGD):
        if feit.zaak_sleutel is None or feit.zaak_sleutel not in seen:
            soort = soorten.get(feit.zaak_sleutel, "onbekend") if feit.zaak_sleutel else "onbekend"
            result.append((soort, (feit.resultaat or "").lower() in GESLAAGD))
    return result


def schuldregelingen_geslaagd(ctx: Context) -> Uitkomst:
    """Settlements that ended in the period, and the share that was completed successfully."""
    return geslaagd_uitkomst(beeindigde_regelingen(ctx))


def geslaagd_uitkomst(beeindigd: list[tuple[str, bool]]) -> Uitkomst:
    """The share of ended settlements completed successfully, per kind of solution."""
    result = aandeel(sum(ok for _, ok in beeindigd), len(beeindigd))
    totaal: Counter[str] = Counter(soort for soort, _ in beeindigd)
    geslaagd: Counter[str] = Counter(soort for soort, ok in beeindigd if ok)
    result.uitsplitsingen["oplossingssoort"] = {
        soort: round(100 * geslaagd[soort] / n, 1) for soort, n in sorted(totaal.items())
    }
    return result


def recidive(ctx: Context) -> Uitkomst:
    """Residents asking for help in the period whose earlier trajectory ended within 5 years."""
    jaren = ctx.policy.termijnen.recidive_jaren
    uitstroom: dict[str, list[date]] = {}
    for feit in ctx.alle(S.UITSTROOM):
        subject = ctx.subject(feit)
        if subject:
            uitstroom.setdefault(subject, []).append(feit.datum)
    aanvragers: dict[str, date] = {}
    for soort in (S.AANVRAAG, S.TRAJECT_GESTART):
        for feit in sorted(ctx.in_periode(soort), key=lambda f: f.datum):
            subject = ctx.subject(feit)
            if subject and subject not in aanvragers:
                aanvragers[subject] = feit.datum
    teller = sum(
        terug(datum, uitstroom.get(subject, []), jaren=jaren)
        for subject, datum in aanvragers.items()
    )
    return aandeel(teller, len(aanvragers))


def terug(datum: date, eerder: Iterable[date], *, jaren: int) -> bool:
    """Whether an earlier trajectory ended within `jaren` years before `datum`: `datum` is on or
    before the exit plus `jaren` calendar years (an exit on 29 February reaches 28 February)."""
    return any(e < datum <= na_maanden(e, 12 * jaren) for e in eerder)


def meldingen_per_doelgroep(ctx: Context) -> Uitkomst:
    """Meldingen of the period per target group and channel."""
    return telling(ctx.in_periode(S.MELDING), doelgroep=doelgroep, kanaal=kanaal)
