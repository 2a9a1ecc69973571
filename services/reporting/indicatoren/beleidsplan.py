"""The policy plan's indicators (seed §8.2) and its qualitative goals, as plain functions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from services.reporting.indicatoren.context import (
    Context,
    Feit,
    Periode,
    Uitkomst,
    aandeel,
    doelgroep,
    kanaal,
    partnertype,
    telling,
)
from services.reporting.indicatoren.definitie import (
    ActiviteitSoort as A,
)
from services.reporting.indicatoren.definitie import (
    Definitie,
    Eenheid,
    Groep,
    doel,
)
from services.reporting.vertaling import FeitSoort as S
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
    beeindigd = {
        f.zaak_sleutel: f.datum for f in ctx.alle(S.UITSTROOM) if f.zaak_sleutel is not None
    }
    actief = [
        f
        for f in ctx.eerste_per_zaak(S.TRAJECT_GESTART).values()
        if f.datum < ctx.periode.tot
        and (f.zaak_sleutel not in beeindigd or beeindigd[f.zaak_sleutel] >= ctx.periode.vanaf)
    ]
    return telling(actief, doelgroep=doelgroep)


def _activiteiten(*soorten: A) -> Callable[[Context], Uitkomst]:
    def bereken(ctx: Context) -> Uitkomst:
        waarde = float(ctx.activiteit_som(*soorten))
        result = Uitkomst(waarde=waarde)
        result.uitsplitsingen["activiteit"] = ctx.activiteiten_per_soort(*soorten)
        return result

    return bereken


def _inwoners_met_doelgroep(groep: str, *extra: A) -> Callable[[Context], Uitkomst]:
    """Unique residents marked with a target group in the case flow, plus registered counts."""

    def bereken(ctx: Context) -> Uitkomst:
        inwoners: set[str] = set()
        for soort in (S.MELDING, S.AANVRAAG, S.TRAJECT_GESTART, S.PROGRAMMA):
            for feit in ctx.in_periode(soort):
                subject = ctx.subject(feit)
                if groep in feit.groepen and subject:
                    inwoners.add(subject)
        geregistreerd = ctx.activiteit_som(*extra)
        result = Uitkomst(waarde=float(len(inwoners) + geregistreerd))
        result.uitsplitsingen["bron"] = {
            "casusregistratie": float(len(inwoners)),
            "geregistreerde-activiteiten": float(geregistreerd),
        }
        return result

    return bereken


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


def _verdubbeling(_policy: Policy, ctx: Context) -> Streefwaarde:
    # Seed §6.4: "twice as many credits as the year before".
    return Streefwaarde(minimum=2 * _kredieten(ctx, ctx.periode.jaar_eerder()))


def _contact(ctx: Context) -> tuple[dict[str, str | None], set[str]]:
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
    inwoners, bereikt = _contact(ctx)
    result = aandeel(sum(1 for s in inwoners if s in bereikt), len(inwoners))
    per_partner: Counter[str] = Counter()
    totaal: Counter[str] = Counter()
    for subject, partner in inwoners.items():
        totaal[partner or "onbekend"] += 1
        per_partner[partner or "onbekend"] += subject in bereikt
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
    kalender = ctx.policy.kalender()
    termijn = ctx.policy.termijnen.crisis_wettelijk_werkdagen
    meldingen = ctx.eerste_per_zaak(S.MELDING)
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
    beeindigd = beeindigde_regelingen(ctx)
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
    teller = 0
    for subject, datum in aanvragers.items():
        grens = datum.replace(year=datum.year - jaren, day=min(datum.day, 28))
        teller += any(grens <= eerder < datum for eerder in uitstroom.get(subject, []))
    return aandeel(teller, len(aanvragers))


def meldingen_per_doelgroep(ctx: Context) -> Uitkomst:
    """Meldingen of the period per target group and channel."""
    return telling(ctx.in_periode(S.MELDING), doelgroep=doelgroep, kanaal=kanaal)


G, E = Groep.BELEIDSPLAN, Eenheid
DEFINITIES = (
    Definitie(
        "aanvragen",
        "Aanvragen schuldhulpverlening",
        G,
        E.AANTAL,
        "Aantal aanvragen voor schuldhulpverlening (na het eerste gesprek) met een "
        "aanvraagdatum in de periode.",
        aanvragen,
        "3.3",
        doel("aanvragen"),
    ),
    Definitie(
        "clienten-in-portefeuille",
        "Cliënten in portefeuille",
        G,
        E.AANTAL,
        "Schuldhulptrajecten die vóór het einde van de periode gestart zijn en niet vóór "
        "het begin ervan zijn uitgestroomd.",
        clienten_in_portefeuille,
        "3.3",
        doel("clienten_in_portefeuille"),
    ),
    Definitie(
        "jongeren-bereikt-preventie",
        "Jongeren (16+) bereikt met preventie",
        G,
        E.AANTAL,
        "Som van de geregistreerde aantallen leerlingen (Moneyways) en andere "
        "bereikte jongeren waarvan de registratieperiode in de periode begint.",
        _activiteiten(A.MONEYWAYS_LEERLINGEN, A.PREVENTIE_JONGEREN),
        "5.2",
        doel("jongeren_bereikt_preventie"),
    ),
    Definitie(
        "moneyways-klassen",
        "Moneyways-klassen",
        G,
        E.AANTAL,
        "Geregistreerd aantal gegeven Moneyways-lessen aan klassen (34 per schooljaar).",
        _activiteiten(A.MONEYWAYS_KLASSEN),
        "5.2",
    ),
    Definitie(
        "signalen-verwerkt",
        "Signalen van betalingsachterstanden verwerkt",
        G,
        E.AANTAL,
        "Aantal ontvangen vroegsignalen met een ontvangstdatum in de periode, per signaalpartner.",
        signalen_verwerkt,
        "5.3",
        doel("signalen_verwerkt"),
    ),
    Definitie(
        "jongeren-jas",
        "Jongeren in JAS",
        G,
        E.AANTAL,
        "Unieke inwoners met doelgroep/programma JAS in een melding, aanvraag, traject of "
        "programmadeelname in de periode, plus geregistreerde JAS-jongeren buiten de "
        "casusregistratie.",
        _inwoners_met_doelgroep("jas", A.JAS_JONGEREN),
        "6.2",
        doel("jongeren_jas"),
    ),
    Definitie(
        "ondernemers-geholpen",
        "Ondernemers geadviseerd of geholpen",
        G,
        E.AANTAL,
        "Unieke inwoners met doelgroep ondernemer in een melding, aanvraag, traject of "
        "programmadeelname in "
        "de periode, plus geregistreerde adviezen aan ondernemers.",
        _inwoners_met_doelgroep("ondernemer", A.ONDERNEMERS_ADVIES),
        "6.3",
        doel("ondernemers_geholpen"),
    ),
    Definitie(
        "afwegingskader-gebruik",
        "Dossiers beoordeeld met het afwegingskader",
        G,
        E.PROCENT,
        "Aandeel van de schuldregelingen met akkoord in de periode waarvan het "
        "traject met het afwegingskader saneringskrediet is beoordeeld.",
        afwegingskader,
        "6.4",
        doel("afwegingskader_procent"),
    ),
    Definitie(
        "saneringskredieten",
        "Regelingen met een saneringskrediet",
        G,
        E.AANTAL,
        "Aantal schuldregelingen van de soort Saneringskrediet met akkoord in de periode; "
        "vergelijking: dezelfde periode een jaar eerder; streefwaarde: het dubbele "
        "daarvan.",
        saneringskredieten,
        "6.4",
        _verdubbeling,
    ),
    Definitie(
        "bewind-convenanten",
        "Bewindvoeringskantoren met convenant",
        G,
        E.AANTAL,
        "Geregistreerd aantal bewindvoeringskantoren met een convenant.",
        _activiteiten(A.CONVENANT_BEWINDVOERING),
        "6.5",
        doel("bewind_convenanten"),
    ),
    Definitie(
        "online-schuldencoach",
        "Jongeren getraind met de Online Schuldencoach",
        G,
        E.AANTAL,
        "Geregistreerd aantal jongeren dat de Online Schuldencoach volgde.",
        _activiteiten(A.ONLINE_SCHULDENCOACH),
        "7.2",
        doel("online_schuldencoach_jongeren"),
    ),
    Definitie(
        "ggz-pilot",
        "Inwoners in de GGZ-pilot",
        G,
        E.AANTAL,
        "Unieke inwoners met doelgroep GGZ in een melding, aanvraag, traject of "
        "programmadeelname in de "
        "periode, plus geregistreerde deelnemers aan de pilot.",
        _inwoners_met_doelgroep("ggz", A.GGZ_PILOT),
        "7.4",
        doel("ggz_pilot_inwoners"),
    ),
    Definitie(
        "stoppen-met-roken",
        "Inwoners geholpen met stoppen met roken",
        G,
        E.AANTAL,
        "Geregistreerd aantal deelnemers aan stoppen-met-rokengroepen.",
        _activiteiten(A.STOPPEN_MET_ROKEN),
        "7.5",
        doel("stoppen_met_roken"),
    ),
    Definitie(
        "cursus-deelnemers",
        "Deelnemers aan cursussen",
        G,
        E.AANTAL,
        "Geregistreerd aantal deelnemers aan cursussen (geldzaken, administratie).",
        _activiteiten(A.CURSUS_DEELNEMERS),
    ),
    Definitie(
        "contact-signalen",
        "Contact met inwoners na een vroegsignaal",
        G,
        E.PROCENT,
        "Unieke inwoners met een signaal in de periode (één inwoner telt één keer) van "
        "wie er een bereikte contactpoging is of een eindresultaat dat contact "
        "veronderstelt.",
        contact_signalen,
        "8.2",
        doel("contact_signalen_procent"),
    ),
    Definitie(
        "advies-of-traject",
        "Meldingen die leiden tot advies of traject",
        G,
        E.PROCENT,
        "Van de meldingen in de periode met een uitkomst: het aandeel dat leidde tot "
        "advies of een aanvraag schuldhulpverlening.",
        advies_of_traject,
        "8.2",
        doel("advies_of_traject_procent"),
    ),
    Definitie(
        "crisis-binnen-3-werkdagen",
        "Crisis: eerste gesprek binnen 3 werkdagen",
        G,
        E.PROCENT,
        "Van de eerste gesprekken in de periode bij een crisismelding: het "
        "aandeel binnen de wettelijke termijn (3 werkdagen na de melding, Wgs art. 3 lid "
        "3; Algemene termijnenwet).",
        crisis_binnen_termijn,
        "8.2",
        doel("crisis_binnen_3_dagen_procent"),
    ),
    Definitie(
        "schuldregelingen-geslaagd",
        "Schuldregelingen succesvol afgerond",
        G,
        E.PROCENT,
        "Van de schuldregelingen die in de periode eindigden: het aandeel dat "
        "succesvol is afgerond.",
        schuldregelingen_geslaagd,
        "8.2",
    ),
    Definitie(
        "recidive-5-jaar",
        "Recidive binnen 5 jaar",
        G,
        E.PROCENT,
        "Van de inwoners met een aanvraag of gestart traject in de periode: het aandeel "
        "van wie een eerder traject binnen 5 jaar daarvoor was uitgestroomd.",
        recidive,
        "8.2",
        hoger_is_beter=False,
    ),
    Definitie(
        "meldingen-per-doelgroep",
        "Aanmeldingen per doelgroep",
        G,
        E.AANTAL,
        "Aantal meldingen in de periode, uitgesplitst naar doelgroep en kanaal.",
        meldingen_per_doelgroep,
        "8.2",
    ),
)
