"""Early-signal indicators: partner types, end results, contact attempts, pick-up, conversion."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from services.reporting.indicatoren.beleidsplan import contact_per_inwoner
from services.reporting.indicatoren.context import (
    Context,
    Uitkomst,
    aandeel,
    dagen,
    gemiddelde,
    partnertype,
    resultaat,
    telling,
)
from services.reporting.indicatoren.definitie import Definitie, Eenheid, Groep
from services.reporting.soorten import FeitSoort as S


def signalen_per_partnertype(ctx: Context) -> Uitkomst:
    signalen = ctx.in_periode(S.SIGNAAL)
    result = telling(signalen, partnertype=partnertype)
    result.uitsplitsingen["crisis"] = {
        "ja": float(sum(f.crisis is True for f in signalen)),
        "nee": float(sum(f.crisis is not True for f in signalen)),
    }
    return result


def unieke_inwoners(ctx: Context) -> Uitkomst:
    inwoners, _ = contact_per_inwoner(ctx)
    return unieke_uitkomst((p, 1) for p in inwoners.values())


def unieke_uitkomst(inwoners: Iterable[tuple[str | None, int]]) -> Uitkomst:
    """Unique residents from (first partner type, number of residents)."""
    per_partner: Counter[str] = Counter()
    for partner, n in inwoners:
        per_partner[partner or "onbekend"] += n
    result = Uitkomst(waarde=sum(per_partner.values()))
    result.uitsplitsingen["partnertype"] = {k: float(v) for k, v in sorted(per_partner.items())}
    return result


def eindresultaten(ctx: Context) -> Uitkomst:
    return telling(ctx.in_periode(S.CASUS_AFGESLOTEN), eindresultaat=resultaat)


NOG_NIET_OPGEPAKT = "Nog niet opgepakt"


def niet_opgepakt(ctx: Context) -> Uitkomst:
    """Signals received with (or later given) a status other than 'Nog niet opgepakt'."""
    feiten = [
        f
        for f in ctx.in_periode(S.SIGNAAL) + ctx.in_periode(S.SIGNAAL_STATUS)
        if f.resultaat and f.resultaat != NOG_NIET_OPGEPAKT
    ]
    return telling(feiten, signaalstatus=resultaat)


def contactpogingen_per_casus(ctx: Context) -> Uitkomst:
    pogingen = ctx.in_periode(S.CONTACTPOGING)
    per_zaak = Counter(f.zaak_sleutel for f in pogingen if f.zaak_sleutel)
    result = gemiddelde([float(n) for n in per_zaak.values()])
    result.uitsplitsingen["soort"] = telling(pogingen, s=resultaat).uitsplitsingen["s"]
    result.uitsplitsingen["bereikt"] = {
        "ja": float(sum(f.bereikt is True for f in pogingen)),
        "nee": float(sum(f.bereikt is not True for f in pogingen)),
    }
    return result


def signaal_tot_oppakken(ctx: Context) -> Uitkomst:
    """Calendar days from the case's first signal to pick-up, for pick-ups in the period."""
    eerste_signaal = ctx.eerste_per_zaak(S.SIGNAAL)
    # A signal stored before its case existed carries no case id; the case's matching date
    # (casus.geopend) then marks the start.
    geopend = ctx.eerste_per_zaak(S.CASUS_GEOPEND)
    waarden = []
    for key, opgepakt in ctx.eerste_per_zaak(S.CASUS_OPGEPAKT).items():
        if not ctx.periode.bevat(opgepakt.datum):
            continue
        signaal = eerste_signaal.get(key)
        start = opgepakt.referentie_datum or (
            (signaal.referentie_datum or signaal.datum) if signaal else None
        )
        if start is None and key in geopend:
            start = geopend[key].datum
        if start is not None:
            waarden.append(float(dagen(start, opgepakt.datum)))
    return gemiddelde(waarden)


def conversie(ctx: Context) -> Uitkomst:
    """Residents with a signal in the period who later asked for debt help (aanvraag/traject)."""
    eerste: dict[str, date] = {}
    for feit in sorted(ctx.in_periode(S.SIGNAAL), key=lambda f: f.datum):
        subject = ctx.subject(feit)
        if subject and subject not in eerste:
            eerste[subject] = feit.datum
    hulp: dict[str, list[date]] = {}
    for soort in (S.AANVRAAG, S.TRAJECT_GESTART):
        for feit in ctx.alle(soort):
            subject = ctx.subject(feit)
            if subject in eerste:
                hulp.setdefault(subject, []).append(feit.datum)
    teller = sum(any(d >= start for d in hulp.get(s, [])) for s, start in eerste.items())
    return aandeel(teller, len(eerste))


G, E = Groep.VROEGSIGNALERING, Eenheid
DEFINITIES = (
    Definitie(
        "signalen-per-partnertype",
        "Vroegsignalen per signaalpartner",
        G,
        E.AANTAL,
        "Aantal ontvangen vroegsignalen in de periode, per signaalpartner (DDAS "
        "EnumSignaalpartner) en crisissignaal.",
        signalen_per_partnertype,
    ),
    Definitie(
        "signalen-unieke-inwoners",
        "Unieke inwoners met een vroegsignaal",
        G,
        E.AANTAL,
        "Aantal verschillende inwoners (pseudoniem) met minstens één signaal in de "
        "periode, per signaalpartner van het eerste signaal.",
        unieke_inwoners,
    ),
    Definitie(
        "casussen-per-eindresultaat",
        "Vroegsignaalzaken per eindresultaat",
        G,
        E.AANTAL,
        "Aantal in de periode afgesloten vroegsignaalzaken, per eindresultaat (DDAS "
        "EnumEindresultaat).",
        eindresultaten,
    ),
    Definitie(
        "signalen-niet-opgepakt",
        "Signalen niet opgepakt",
        G,
        E.AANTAL,
        "Aantal signalen dat in de periode een status 'niet opgepakt' kreeg, per status "
        "(DDAS EnumSignaalstatus).",
        niet_opgepakt,
    ),
    Definitie(
        "contactpogingen-per-casus",
        "Contactpogingen per casus",
        G,
        E.AANTAL,
        "Gemiddeld aantal contactpogingen in de periode per vroegsignaalzaak met "
        "minstens één poging, met de pogingen per soort en bereikt.",
        contactpogingen_per_casus,
    ),
    Definitie(
        "signaal-tot-oppakken",
        "Doorlooptijd van signaal tot oppakken",
        G,
        E.DAGEN,
        "Gemiddeld aantal kalenderdagen van het eerste signaal van een zaak tot de datum "
        "opgepakt, voor zaken opgepakt in de periode.",
        signaal_tot_oppakken,
        hoger_is_beter=False,
    ),
    Definitie(
        "conversie-naar-schuldhulp",
        "Van vroegsignaal naar schuldhulp",
        G,
        E.PROCENT,
        "Van de unieke inwoners met een signaal in de periode: het aandeel met een "
        "aanvraag of traject op of na de datum van hun eerste signaal.",
        conversie,
    ),
)
