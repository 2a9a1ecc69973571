"""The Divosa benchmark indicators: names, definitions in words, targets."""

from __future__ import annotations

from services.reporting.indicatoren.definitie import Definitie, Eenheid, Groep
from services.reporting.indicatoren.divosa import (
    SCHULDENVRIJ,
    UITVAL,
    aanmeldingen,
    begeleiding,
    beslist_binnen_termijn,
    beslistijd,
    binnen_weken,
    caseload,
    caseload_max,
    formatie,
    gemiddelde_schuld,
    intakes,
    schuldeisers_per_traject,
    schuldregeling_lang,
    stabilisatie_lang,
    succes,
    toegekende_aanvragen,
    uitstroom_aandeel,
    wachttijd,
    wsnp,
)

G, E = Groep.DIVOSA, Eenheid
DEFINITIES = (
    Definitie(
        "aanmeldingen",
        "Aanmeldingen",
        G,
        E.AANTAL,
        "Aantal meldingen bij het loket in de periode (telefoon, mail, balie, verwijzing, "
        "vroegsignaal).",
        aanmeldingen,
    ),
    Definitie(
        "intakes",
        "Intakes (eerste gesprekken)",
        G,
        E.AANTAL,
        "Aantal gevoerde eerste gesprekken (aanmeldgesprekken) in de periode.",
        intakes,
    ),
    Definitie(
        "toegekende-aanvragen",
        "Toegekende aanvragen",
        G,
        E.AANTAL,
        "Aantal toelatingsbeschikkingen in de periode; noemer: alle beschikkingen.",
        toegekende_aanvragen,
    ),
    Definitie(
        "wachttijd-eerste-gesprek",
        "Wachttijd tot het eerste gesprek",
        G,
        E.DAGEN,
        "Gemiddeld aantal kalenderdagen van melding tot eerste gesprek, voor gesprekken in "
        "de periode (mediaan in de uitsplitsing).",
        wachttijd,
        hoger_is_beter=False,
    ),
    Definitie(
        "eerste-gesprek-binnen-norm",
        "Eerste gesprek binnen de gemeentelijke norm",
        G,
        E.PROCENT,
        "Aandeel eerste gesprekken binnen de norm van de gemeente (beleid: "
        "termijnen.eerste_gesprek_weken) na de melding. "
        "Telt het oordeel van intake (intake.termijn.beoordeeld) waar intake dat geeft.",
        binnen_weken(lambda p: p.termijnen.eerste_gesprek_weken, "gesprek-norm"),
    ),
    Definitie(
        "eerste-gesprek-binnen-wettelijke-termijn",
        "Eerste gesprek binnen de wettelijke termijn",
        G,
        E.PROCENT,
        "Aandeel eerste gesprekken binnen 4 weken na de melding (Wgs art. 4a)."
        " Telt het oordeel van intake (intake.termijn.beoordeeld) waar intake dat geeft.",
        binnen_weken(lambda p: p.termijnen.eerste_gesprek_wettelijk_weken, "gesprek-wettelijk"),
    ),
    Definitie(
        "beslistijd",
        "Doorlooptijd tot beschikking",
        G,
        E.DAGEN,
        "Gemiddeld aantal kalenderdagen van aanvraag tot beschikking, voor beschikkingen "
        "in de periode.",
        beslistijd,
        hoger_is_beter=False,
    ),
    Definitie(
        "beschikking-binnen-termijn",
        "Beschikking binnen de beslistermijn",
        G,
        E.PROCENT,
        "Aandeel beschikkingen binnen de beslistermijn van de verordening (8 weken)."
        " Telt het oordeel van trajectory (traject.termijn) waar trajectory dat geeft.",
        beslist_binnen_termijn,
    ),
    Definitie(
        "stabilisatie-langer-dan-4-maanden",
        "Stabilisaties langer dan 4 maanden",
        G,
        E.PROCENT,
        "Van de stabilisaties die in de periode eindigden: het aandeel dat "
        "langer dan 4 maanden duurde. "
        "Telt het oordeel van trajectory (traject.termijn) waar trajectory dat geeft.",
        stabilisatie_lang,
        hoger_is_beter=False,
    ),
    Definitie(
        "schuldregeling-langer-dan-120-dagen",
        "Schuldregelingen langer dan 120 dagen",
        G,
        E.PROCENT,
        "Van de schuldregelingen met akkoord in de periode: het aandeel waarbij "
        "meer dan 120 dagen lag tussen indienen en akkoord (NVVK-norm). "
        "Telt het oordeel van trajectory (traject.termijn) waar trajectory dat geeft.",
        schuldregeling_lang,
        hoger_is_beter=False,
    ),
    Definitie(
        "succes-schuldbemiddeling",
        "Slagingspercentage schuldbemiddeling",
        G,
        E.PROCENT,
        "Van de schuldbemiddelingen die in de periode eindigden: het aandeel geslaagd.",
        succes("schuldbemiddeling"),
    ),
    Definitie(
        "succes-saneringskrediet",
        "Slagingspercentage saneringskrediet",
        G,
        E.PROCENT,
        "Van de saneringskredieten die in de periode eindigden: het aandeel geslaagd.",
        succes("saneringskrediet"),
    ),
    Definitie(
        "schuldenvrije-uitstroom",
        "Schuldenvrije uitstroom",
        G,
        E.PROCENT,
        "Van de trajecten die in de periode uitstroomden: het aandeel met reden Afgerond.",
        uitstroom_aandeel(SCHULDENVRIJ),
    ),
    Definitie(
        "uitval",
        "Uitval",
        G,
        E.PROCENT,
        "Van de trajecten die in de periode uitstroomden: het aandeel met reden "
        "Nietverschenen, Ingetrokken of Zelf.",
        uitstroom_aandeel(UITVAL),
        hoger_is_beter=False,
    ),
    Definitie(
        "schuldeisers-per-traject",
        "Schuldeisers per traject",
        G,
        E.AANTAL,
        "Gemiddeld aantal schuldeisers volgens de laatste schuldeninventarisatie in de "
        "periode, per traject.",
        schuldeisers_per_traject,
    ),
    Definitie(
        "gemiddelde-schuld",
        "Gemiddelde schuld",
        G,
        E.EURO,
        "Gemiddelde totale schuld per traject volgens de laatste schuldeninventarisatie of "
        "het laatste aanbod in de periode; waar alleen een schuldband bekend is telt het "
        "midden van de band (50000+ als 50000), dus een schatting.",
        gemiddelde_schuld,
    ),
    Definitie(
        "clienten-per-begeleiding",
        "Cliënten per soort begeleiding",
        G,
        E.AANTAL,
        "Aantal gestarte begeleidingen in de periode (budgetbeheer, budgetcoaching, ...), "
        "per soort.",
        begeleiding,
    ),
    Definitie(
        "wsnp-verwijzingen",
        "Verwijzingen naar de WSNP",
        G,
        E.AANTAL,
        "Aantal afgegeven verklaringen art. 285 Fw (verzoek toelating WSNP) in de periode.",
        wsnp,
    ),
    Definitie(
        "formatie-fte",
        "Formatie schuldhulpverlening",
        G,
        E.FTE,
        "Gemiddelde van de geregistreerde formatie (fte) waarvan de registratie in de "
        "periode begint.",
        formatie,
    ),
    Definitie(
        "caseload-per-fte",
        "Caseload per fte",
        G,
        E.TRAJECTEN_PER_FTE,
        "Cliënten in portefeuille gedeeld door de formatie (fte); maximum volgens beleid: "
        "45 per fte.",
        caseload,
        streefwaarde=caseload_max,
        hoger_is_beter=False,
    ),
)
