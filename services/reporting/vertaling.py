"""From a source's domain event to reporting's fact: the kind and the typed attributes.

The kind comes from `services.reporting.soorten`; the attributes are read here from the payload
(`services.reporting.velden`), each from the keys the sources' contracts use for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from services.reporting.soorten import Bron, FeitSoort, soort_van
from services.reporting.velden import Velden
from shared.types import AMSTERDAM

S = FeitSoort


@dataclass(frozen=True)
class Attributen:
    """The typed attributes of one fact (None where the event does not say)."""

    soort: FeitSoort | None
    datum: date
    zaak: str | None = None
    partner_type: str | None = None
    kanaal: str | None = None
    doelgroepen: str | None = None
    resultaat: str | None = None
    crisis: bool | None = None
    bereikt: bool | None = None
    gehaald: bool | None = None
    bedrag: Decimal | None = None
    aantal: int | None = None
    referentie_datum: date | None = None


_ZAAK_KEYS: dict[Bron, tuple[str, ...]] = {
    Bron.INTAKE: ("meldingId", "aanvraagId", "zaakId"),
    Bron.TRAJECTORY: ("trajectId", "zaakId", "aanvraagId"),
    Bron.SIGNALS: ("casusId", "zaakId", "vroegsignaalzaakId", "signaalId"),
}
# Where the event carries the business date itself (e.g. the conversation's date), use it.
_DATUM_KEYS: dict[FeitSoort, tuple[str, ...]] = {
    S.MELDING: ("meldingdatum", "meldingsdatum"),
    S.EERSTE_GESPREK: ("gespreksdatum", "gesprekdatum", "datum"),
    S.ADVIES: ("datum",),
    S.AANVRAAG: ("aanvraagdatum", "datum"),
    S.MELDING_AFGESLOTEN: ("datum", "afgeslotenOp"),
    S.BESCHIKKING: ("beschikkingsdatum", "datum"),
    S.STABILISATIE_GESTART: ("datum", "startdatum"),
    S.STABILISATIE_AFGEROND: ("datum", "einddatum"),
    S.SCHULDREGELING_AKKOORD: ("datum",),
    S.SCHULDREGELING_AFGEWEZEN: ("datum",),
    S.SCHULDREGELING_BEEINDIGD: ("datum", "einddatum"),
    S.OPLOSSING: ("startdatum", "datum"),
    S.BEGELEIDING_GESTART: ("startdatum", "datum"),
    S.PROGRAMMA: ("startdatum", "datum"),
    S.WSNP_VERWIJZING: ("datum",),
    S.UITSTROOM: ("datum", "uitstroomdatum"),
    S.CASUS_OPGEPAKT: ("datumOpgepakt", "opgepaktOp", "datum"),
    S.CONTACTPOGING: ("datum", "contactdatum"),
    S.CASUS_AFGESLOTEN: ("afgeslotenOp", "datum"),
    S.SIGNAAL_STATUS: ("datum",),
    S.CASUS_GEOPEND: ("matchingsdatum", "datum"),
    # intake: `op` (null when never done, then the event's own day); trajectory: `datum`.
    S.TERMIJN: ("op", "datum"),
    S.TERMIJN_VERSTREKEN: ("vastgesteldOp", "datum"),
}
# The date a duration is measured from (melding to conversation, aanvraag to decision, ...).
_REFERENTIE_KEYS: dict[FeitSoort, tuple[str, ...]] = {
    S.EERSTE_GESPREK: ("meldingsdatum", "meldingDatum", "gemeldOp", "meldingOntvangenOp"),
    S.BESCHIKKING: ("aanvraagdatum", "aanvraagDatum"),
    S.TRAJECT_GESTART: ("aanvraagdatum", "aanvraagDatum"),
    S.CASUS_OPGEPAKT: ("signaaldatum", "eersteSignaaldatum", "matchingsdatum", "startdatum"),
    S.SCHULDREGELING_AKKOORD: ("ingediendOp", "indieningsdatum", "datumIngediend", "ingediend"),
    S.STABILISATIE_AFGEROND: ("startdatum", "gestartOp", "stabilisatieStart"),
    S.SCHULDREGELING_BEEINDIGD: ("startdatum", "gestartOp"),
    S.SIGNAAL: ("signaaldatum", "signaalDatum"),
    S.TERMIJN_VERSTREKEN: ("termijnDatum", "uiterlijk"),
}
_RESULTAAT_KEYS: dict[FeitSoort, tuple[str, ...]] = {
    S.MELDING_AFGESLOTEN: ("uitkomst", "resultaat", "reden"),
    S.BESCHIKKING: ("beschikkingssoort", "soort", "besluit", "uitkomst"),
    # traject.aanbod carries the debt only as a band (no exact amounts leave trajectory).
    S.SCHULDREGELING_INGEDIEND: ("schuldBand", "oplossingssoort", "soort"),
    S.SCHULDREGELING_AKKOORD: ("oplossingssoort", "soort", "regelingsoort"),
    S.SCHULDREGELING_AFGEWEZEN: ("uitkomst", "resultaat"),
    S.OPLOSSING: ("oplossingssoort", "soort"),
    S.MELDING: ("recidive",),
    S.SCHULDREGELING_BEEINDIGD: ("resultaat", "uitkomst", "reden", "status"),
    S.BEGELEIDING_GESTART: ("begeleidingssoort", "soort"),
    S.PROGRAMMA: ("programma",),
    S.UITSTROOM: ("uitstroomreden", "reden", "uitkomst"),
    S.SIGNAAL_STATUS: ("signaalstatus", "status"),
    S.SIGNAAL: ("status", "signaalstatus"),
    S.CONTACTPOGING: ("soort", "contactsoort"),
    S.CASUS_AFGESLOTEN: ("eindresultaat", "resultaat", "uitkomst"),
    S.ADVIES: ("soort", "adviessoort"),
    S.TERMIJN: ("termijn",),
    S.TERMIJN_VERSTREKEN: ("termijn",),
    # The case this one was merged into.
    S.CASUS_SAMENGEVOEGD: ("inCasusId",),
}
_DOELGROEP_VLAGGEN = {"ondernemer": "ondernemer", "jongere": "jongere", "jas": "jas", "ggz": "ggz"}
# Programme names as trajectory spells them, to the target groups the indicators count.
_PROGRAMMA_GROEP = {"ggz-pilot": "ggz", "ondernemers": "ondernemer", "jas": "jas"}


def _doelgroepen(velden: Velden) -> str | None:
    groepen = {g.lower() for g in velden.lijst("doelgroepen", "doelgroep", "programmas")}
    programma = (velden.tekst("programma") or "").lower()
    if programma:
        groepen.add(_PROGRAMMA_GROEP.get(programma, programma))
    for key, groep in _DOELGROEP_VLAGGEN.items():
        if velden.vlag(key) is True:
            groepen.add(groep)
    joined = ",".join(sorted(groepen))
    return joined[:200] or None


def lokale_datum(moment: datetime) -> date:
    """The Dutch calendar date of an instant (a melding at 00:30 CET belongs to that day)."""
    return moment.astimezone(AMSTERDAM).date()


def vertaal(
    bron: Bron, *, type_name: str, occurred_at: datetime, payload: Mapping[str, Any]
) -> Attributen:
    """The fact kind and typed attributes of one event."""
    velden = Velden(payload)
    soort = soort_van(bron, type_name, velden)
    datum = (velden.datum(*_DATUM_KEYS[soort]) if soort in _DATUM_KEYS else None) or lokale_datum(
        occurred_at
    )
    resultaat = velden.tekst(*_RESULTAAT_KEYS[soort]) if soort in _RESULTAAT_KEYS else None
    referentie = velden.datum(*_REFERENTIE_KEYS[soort]) if soort in _REFERENTIE_KEYS else None
    return Attributen(
        soort=soort,
        datum=datum,
        zaak=velden.tekst(*_ZAAK_KEYS[bron], limit=64),
        partner_type=velden.tekst("partnerType", "signaalpartner", "signaalpartners", limit=40),
        kanaal=velden.tekst("kanaal", "channel", limit=40),
        doelgroepen=_doelgroepen(velden),
        resultaat=resultaat,
        crisis=velden.vlag("crisis", "crisissignaal", "crisisinterventie"),
        bereikt=velden.vlag("bereikt", "contactGelegd"),
        gehaald=velden.vlag("gehaald"),
        bedrag=velden.bedrag(
            "bedrag", "totaalBedrag", "totaalAchterstand", "achterstand", "totaleSchuld"
        ),
        aantal=velden.aantal("aantalSchuldeisers", "schuldeisers", "aantalContactpogingen"),
        referentie_datum=referentie,
    )
