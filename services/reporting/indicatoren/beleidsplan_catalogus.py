"""The policy plan's indicators (seed §8.2): names, definitions in words, targets."""

from __future__ import annotations

from services.reporting.indicatoren.beleidsplan import (
    aanvragen,
    advies_of_traject,
    afwegingskader,
    clienten_in_portefeuille,
    contact_signalen,
    crisis_binnen_termijn,
    geregistreerd,
    inwoners_met_doelgroep,
    meldingen_per_doelgroep,
    recidive,
    saneringskredieten,
    schuldregelingen_geslaagd,
    signalen_verwerkt,
    verdubbeling,
)
from services.reporting.indicatoren.definitie import ActiviteitSoort as A
from services.reporting.indicatoren.definitie import Definitie, Eenheid, Groep, doel

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
        geregistreerd(A.MONEYWAYS_LEERLINGEN, A.PREVENTIE_JONGEREN),
        "5.2",
        doel("jongeren_bereikt_preventie"),
    ),
    Definitie(
        "moneyways-klassen",
        "Moneyways-klassen",
        G,
        E.AANTAL,
        "Geregistreerd aantal gegeven Moneyways-lessen aan klassen (34 per schooljaar).",
        geregistreerd(A.MONEYWAYS_KLASSEN),
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
        inwoners_met_doelgroep("jas", A.JAS_JONGEREN),
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
        inwoners_met_doelgroep("ondernemer", A.ONDERNEMERS_ADVIES),
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
        verdubbeling,
    ),
    Definitie(
        "bewind-convenanten",
        "Bewindvoeringskantoren met convenant",
        G,
        E.AANTAL,
        "Geregistreerd aantal bewindvoeringskantoren met een convenant.",
        geregistreerd(A.CONVENANT_BEWINDVOERING),
        "6.5",
        doel("bewind_convenanten"),
    ),
    Definitie(
        "online-schuldencoach",
        "Jongeren getraind met de Online Schuldencoach",
        G,
        E.AANTAL,
        "Geregistreerd aantal jongeren dat de Online Schuldencoach volgde.",
        geregistreerd(A.ONLINE_SCHULDENCOACH),
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
        inwoners_met_doelgroep("ggz", A.GGZ_PILOT),
        "7.4",
        doel("ggz_pilot_inwoners"),
    ),
    Definitie(
        "stoppen-met-roken",
        "Inwoners geholpen met stoppen met roken",
        G,
        E.AANTAL,
        "Geregistreerd aantal deelnemers aan stoppen-met-rokengroepen.",
        geregistreerd(A.STOPPEN_MET_ROKEN),
        "7.5",
        doel("stoppen_met_roken"),
    ),
    Definitie(
        "cursus-deelnemers",
        "Deelnemers aan cursussen",
        G,
        E.AANTAL,
        "Geregistreerd aantal deelnemers aan cursussen (geldzaken, administratie).",
        geregistreerd(A.CURSUS_DEELNEMERS),
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
        "3; Algemene termijnenwet). "
        "Telt het oordeel van intake (intake.termijn.beoordeeld) waar intake dat geeft.",
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
