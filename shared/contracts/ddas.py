"""The national DDAS enumerations, used verbatim as our own vocabulary (DESIGN.md §3).

Source: ../shared/ddas/schuldhulpverlening-v1.0.schema.json and vroegsignalering-v1.0.schema.json
(VNG-Realisatie/ddas v1.0, ddas-vroegsignalering with the v1.0 enumerations).
"""

from __future__ import annotations

from enum import StrEnum

from shared.policy import Signaalpartner

__all__ = [
    "Begeleidingssoort",
    "Beschikkingssoort",
    "Contactsoort",
    "Dagdeel",
    "Eindresultaat",
    "Oplossingssoort",
    "Schuldensoort",
    "Signaalpartner",
    "Signaalstatus",
    "Uitstroomreden",
]


class Beschikkingssoort(StrEnum):
    AFWIJZING = "Afwijzingsbeschikking"
    TOELATING = "Toelatingsbeschikking"


class Begeleidingssoort(StrEnum):
    BUDGETCOACHING = "Budgetcoaching"
    BUDGETBEHEER = "Budgetbeheer"
    BESCHERMINGSBEWIND = "Beschermingsbewind"
    LANGE_TERMIJN_BEGELEIDING = "Lange Termijn Begeleiding (DFD)"
    BUDGETBEGELEIDING = "Budgetbegeleiding"


class Uitstroomreden(StrEnum):
    OVERLEDEN = "Overleden"
    VERHUISD = "Verhuisd"
    NIET_VERSCHENEN = "Nietverschenen"
    INGETROKKEN = "Ingetrokken"
    NIET_PASSEND = "Niet passend"
    OVERIG = "Overig"
    VOLDOET_NIET = "Voldoet niet"
    AFGEROND = "Afgerond"
    ZELF = "Zelf"


class Schuldensoort(StrEnum):
    ZORG = "Zorg"
    PUBLIEK = "Publiek"
    NUTS = "Nuts"
    OVERIG = "Overig"


class Oplossingssoort(StrEnum):
    BETALINGSREGELING = "Betalingsregeling"
    HERFINANCIERING = "Herfinanciering"
    SANERINGSKREDIET = "Saneringskrediet"
    SCHULDBEMIDDELING = "Schuldbemiddeling"
    NUL_PROCENT_AANBOD = "0%-aanbod"


class Contactsoort(StrEnum):
    MAIL = "Mail"
    BRIEF = "Brief"
    SMS_WHATSAPP = "SMS/Whatsapp"
    TELEFOON = "Telefoon"
    HUISBEZOEK = "Huisbezoek"
    KAARTJE = "Kaartje"
    ADMINISTRATIEF = "Administratief"
    AFSPRAAK_OP_LOCATIE = "Afspraak op locatie"


class Dagdeel(StrEnum):
    OCHTEND = "Ochtend"  # before 12:00
    MIDDAG = "Middag"  # 12:00 to 18:00
    AVOND = "Avond"  # from 18:00


class Signaalstatus(StrEnum):
    NOG_NIET_OPGEPAKT = "Nog niet opgepakt"
    ONTERECHT = "Niet opgepakt: onterecht signaal"
    OVERLEDEN = "Inwoner is overleden"
    GEEN_INWONER = "Persoon is geen inwoner (meer) in de gemeente"
    HERHAALD = "Niet opgepakt: herhaalde melding"
    ANDERE_REDEN = "Niet opgepakt: andere reden"


class Eindresultaat(StrEnum):
    HERHAALD = "Niet opgepakt: herhaalde melding"
    ONTERECHT = "Niet opgepakt: onterecht signaal"
    OVERLEDEN = "Inwoner is overleden"
    GEEN_INWONER = "Persoon is geen inwoner (meer) in de gemeente"
    ANDERE_REDEN = "Niet opgepakt: andere reden"
    AL_BEKEND = "Inwoner al bekend bij schuldhulpverlening"
    ANDER_LOPEND_TRAJECT = "Inwoner heeft al een ander lopend traject"
    GEEN_CONTACT = "Definitief geen contact kunnen krijgen"
    GEEN_REACTIE = "Geen reactie na eerder contact"
    REGELT_HET_ZELF = "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering"
    AL_BETAALD = "Inwoner heeft zelf al betaald/betalingsregeling getroffen"
    ADVIES_QUICK_FIX = "(Budget)advies en/of quick fix"
    VERVOLGHULP_FINANCIEEL = "Vervolghulp en/of verwijzing financieel"
    VERWIJZING_ZONDER_TOESTEMMING = "Verwijzing zonder toestemming"
    VERVOLGHULP_NIET_FINANCIEEL = "Vervolghulp en/of verwijzing niet financieel"
