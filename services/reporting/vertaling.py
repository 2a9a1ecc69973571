"""From a source's domain event to reporting's fact: the canonical kind and the typed attributes.

Each source names its own event types (shared/contracts/*_events.py). Reporting maps them onto
its own small vocabulary of fact kinds (`FeitSoort`) so the indicators do not depend on the
spelling of any one service. An exact name in `EXACTE_TYPES` wins; otherwise the kind is
recognised from the words in the type name (`melding.geregistreerd`, `MeldingGeregistreerd` and
`intake.melding_geregistreerd` are all a `melding`). An event of an unknown type is still stored
as a generic fact (kind None) so it can be re-derived when this mapping learns it.

Payload fields are read tolerantly: camelCase and snake_case are the same key, and a missing or
malformed attribute becomes None rather than refusing the event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from shared.types import AMSTERDAM


class Bron(StrEnum):
    """The services whose event feeds reporting reads."""

    INTAKE = "intake"
    SIGNALS = "signals"
    TRAJECTORY = "trajectory"


class FeitSoort(StrEnum):
    """Reporting's vocabulary of facts; each indicator is defined on these."""

    MELDING = "melding"
    EERSTE_GESPREK = "eerste_gesprek"
    ADVIES = "advies"
    AANVRAAG = "aanvraag"
    MELDING_AFGESLOTEN = "melding_afgesloten"
    TRAJECT_GESTART = "traject_gestart"
    BESCHIKKING = "beschikking"
    STABILISATIE_GESTART = "stabilisatie_gestart"
    STABILISATIE_AFGEROND = "stabilisatie_afgerond"
    SCHULDEN_VASTGESTELD = "schulden_vastgesteld"
    AFWEGINGSKADER = "afwegingskader"
    SCHULDREGELING_INGEDIEND = "schuldregeling_ingediend"
    SCHULDREGELING_AKKOORD = "schuldregeling_akkoord"
    SCHULDREGELING_BEEINDIGD = "schuldregeling_beeindigd"
    SCHULDREGELING_AFGEWEZEN = "schuldregeling_afgewezen"
    OPLOSSING = "oplossing"
    BEGELEIDING_GESTART = "begeleiding_gestart"
    PROGRAMMA = "programma"
    WSNP_VERWIJZING = "wsnp_verwijzing"
    UITSTROOM = "uitstroom"
    SIGNAAL = "signaal"
    SIGNAAL_STATUS = "signaal_status"
    CASUS_GEOPEND = "casus_geopend"
    CASUS_OPGEPAKT = "casus_opgepakt"
    CONTACTPOGING = "contactpoging"
    CASUS_AFGESLOTEN = "casus_afgesloten"


S = FeitSoort

# A trajectory's part (its guidance, aftercare, ...) starting or ending is not the trajectory's.
_ANDER_DEEL = (
    "begeleiding", "voorziening", "programma", "noodfonds", "regeling", "stabilisatie", "fase",
    "termijn", "nazorg", "aanbod", "beschikking", "oplossing", "wsnp", "schuld",
)  # fmt: skip
_GESTART = ("gestart", "geopend", "aangemaakt", "begonnen", "started", "opened")
_AFGEROND = ("afgerond", "beeindigd", "voltooid", "afgesloten", "gesloten", "closed")
# Per source, in order: the first rule whose words all occur in the type name (and none of its
# excluded words) decides. More specific rules come first.
_RegelT = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], FeitSoort]
_REGELS: dict[Bron, tuple[_RegelT, ...]] = {
    Bron.INTAKE: (
        (("melding",), _AFGEROND, (), S.MELDING_AFGESLOTEN),
        (
            ("gesprek",),
            ("gevoerd", "gehouden", "plaatsgevonden", "afgerond", "vastgelegd"),
            ("gepland",),
            S.EERSTE_GESPREK,
        ),
        (("advies",), (), ("aanvraag",), S.ADVIES),
        (("aanvraag",), (), ("afgewezen", "ingetrokken"), S.AANVRAAG),
        (
            ("melding",),
            ("geregistreerd", "ontvangen", "aangemaakt", "gedaan", "gemeld", "registered"),
            (),
            S.MELDING,
        ),
    ),
    Bron.TRAJECTORY: (
        (("afwegingskader",), (), (), S.AFWEGINGSKADER),
        (("wsnp",), (), (), S.WSNP_VERWIJZING),
        (("beschikking",), (), (), S.BESCHIKKING),
        (("stabilisatie",), _AFGEROND, (), S.STABILISATIE_AFGEROND),
        (("stabilisatie",), _GESTART, (), S.STABILISATIE_GESTART),
        (("begeleiding",), _GESTART, (), S.BEGELEIDING_GESTART),
        (
            ("schulden",),
            ("vastgesteld", "geinventariseerd", "bijgewerkt"),
            (),
            S.SCHULDEN_VASTGESTELD,
        ),
        (
            ("regeling",),
            ("ingediend", "verstuurd", "aangeboden", "voorgesteld"),
            (),
            S.SCHULDREGELING_INGEDIEND,
        ),
        (
            ("regeling",),
            ("akkoord", "toegekend", "getroffen", *_GESTART),
            (),
            S.SCHULDREGELING_AKKOORD,
        ),
        (
            ("regeling",),
            ("geslaagd", "mislukt", "afgebroken", "gestopt", *_AFGEROND),
            (),
            S.SCHULDREGELING_BEEINDIGD,
        ),
        (
            ("oplossing",),
            ("akkoord", "toegekend", "getroffen", *_GESTART),
            (),
            S.SCHULDREGELING_AKKOORD,
        ),
        (
            ("oplossing",),
            ("geslaagd", "mislukt", "afgebroken", *_AFGEROND),
            (),
            S.SCHULDREGELING_BEEINDIGD,
        ),
        (("uitstroom",), (), (), S.UITSTROOM),
        (("traject",), _AFGEROND, _ANDER_DEEL, S.UITSTROOM),
        (("traject",), _GESTART, _ANDER_DEEL, S.TRAJECT_GESTART),
    ),
    Bron.SIGNALS: (
        (("contactpoging",), (), (), S.CONTACTPOGING),
        (("opgepakt",), (), ("niet",), S.CASUS_OPGEPAKT),
        (("casus",), (*_AFGEROND, "eindresultaat"), (), S.CASUS_AFGESLOTEN),
        (("zaak",), (*_AFGEROND, "eindresultaat"), (), S.CASUS_AFGESLOTEN),
        (("signaal",), ("status", "afgewezen", "niet"), (), S.SIGNAAL_STATUS),
        (
            ("signaal",),
            ("ontvangen", "geregistreerd", "aangemaakt", "gemeld", "received"),
            (),
            S.SIGNAAL,
        ),
    ),
}


def _woorden(type_name: str) -> tuple[str, ...]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", type_name)
    return tuple(w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w)


def soort_van(bron: Bron, type_name: str, velden: Velden | None = None) -> FeitSoort | None:
    """The fact kind of an event of a source, or None when reporting does not count it."""
    exact = EXACTE_TYPES[bron].get(type_name)
    if isinstance(exact, FeitSoort):
        return exact
    if exact is not None:
        return exact(velden or Velden({}))
    woorden = _woorden(type_name)
    text = " ".join(woorden)
    for vereist, een_van, uitgesloten, soort in _REGELS[bron]:
        if not all(any(v in w for w in woorden) for v in vereist):
            continue
        if een_van and not any(word in text for word in een_van):
            continue
        if any(u in w for u in uitgesloten for w in woorden):
            continue
        return soort
    return None


def _norm(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


class Velden:
    """A payload looked up by normalised key (camelCase and snake_case alike)."""

    def __init__(self, payload: Mapping[str, Any]) -> None:
        self._values = {_norm(str(k)): v for k, v in payload.items()}

    def ruw(self, *keys: str) -> Any:
        for key in keys:
            value = self._values.get(_norm(key))
            if value is not None and value != "":
                return value
        return None

    def tekst(self, *keys: str, limit: int = 100) -> str | None:
        value = self.ruw(*keys)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)[:limit]
        return None

    def vlag(self, *keys: str) -> bool | None:
        value = self.ruw(*keys)
        return value if isinstance(value, bool) else None

    def bedrag(self, *keys: str) -> Decimal | None:
        value = self.ruw(*keys)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        try:
            amount = Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            return None
        return amount if amount.is_finite() and abs(amount) < Decimal("1e10") else None

    def aantal(self, *keys: str) -> int | None:
        value = self.ruw(*keys)
        if isinstance(value, list):
            return len(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31:
            return value
        return None

    def datum(self, *keys: str) -> date | None:
        value = self.ruw(*keys)
        if isinstance(value, str):
            try:
                if len(value) == 10:
                    return date.fromisoformat(value)
                return datetime.fromisoformat(value).astimezone(AMSTERDAM).date()
            except ValueError:
                return None
        return None

    def lijst(self, *keys: str) -> list[str]:
        value = self.ruw(*keys)
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [str(v) for v in value if isinstance(v, str)]
        return []


Keuze = FeitSoort | Callable[[Velden], FeitSoort | None]


def _uitkomst(velden: Velden) -> FeitSoort:
    # intake.uitkomst.vastgelegd closes the melding; its `soort` says whether it became advice,
    # an aanvraag (the request for debt help) or something else (mdo, geen-vervolg).
    soort = (velden.tekst("soort") or "").lower()
    return {"advies": S.ADVIES, "aanvraag": S.AANVRAAG}.get(soort, S.MELDING_AFGESLOTEN)


def _fase(velden: Velden) -> FeitSoort | None:
    # traject.fase-gewijzigd: entering stabilisation starts it, leaving it ends it.
    if (velden.tekst("naar") or "").lower() == "stabilisatie":
        return S.STABILISATIE_GESTART
    if (velden.tekst("van") or "").lower() == "stabilisatie":
        return S.STABILISATIE_AFGEROND
    return None


def _schuldregeling(velden: Velden) -> FeitSoort:
    # traject.schuldregeling: `toegekend` means the creditors agreed (DDAS schuldregeling).
    toegekend = (velden.tekst("uitkomst") or "").lower() == "toegekend"
    return S.SCHULDREGELING_AKKOORD if toegekend else S.SCHULDREGELING_AFGEWEZEN


def _voorziening(velden: Velden) -> FeitSoort | None:
    # traject.voorziening: only begeleiding (budgetbeheer, budgetcoaching, ...) is an indicator.
    return S.BEGELEIDING_GESTART if (velden.tekst("soort") or "").lower() == "begeleiding" else None


def _geen(_velden: Velden) -> None:
    return None


# The sources' published event types (shared/contracts/{intake,signals,trajectory}_events.py);
# `_geen` marks a known type that no indicator counts (kept as a generic fact).
EXACTE_TYPES: dict[Bron, dict[str, Keuze]] = {
    Bron.INTAKE: {
        "intake.melding.geregistreerd": S.MELDING,
        "intake.aanmeldgesprek.gehouden": S.EERSTE_GESPREK,
        "intake.aanmeldgesprek.gepland": _geen,
        "intake.aanmeldgesprek.niet-verschenen": _geen,
        "intake.termijn.beoordeeld": _geen,
        "intake.uitkomst.vastgelegd": _uitkomst,
    },
    Bron.SIGNALS: {
        "signaal.ontvangen": S.SIGNAAL,
        "casus.geopend": S.CASUS_GEOPEND,
        "casus.toegewezen": S.CASUS_OPGEPAKT,
        "casus.contactpoging": S.CONTACTPOGING,
        "casus.afgesloten": S.CASUS_AFGESLOTEN,
        "casus.samengevoegd": _geen,
        "signalen.gewist": _geen,
    },
    Bron.TRAJECTORY: {
        "traject.geopend": S.TRAJECT_GESTART,
        "traject.fase-gewijzigd": _fase,
        "traject.beschikking": S.BESCHIKKING,
        "traject.termijn": _geen,
        "traject.aanbod": S.SCHULDREGELING_INGEDIEND,
        "traject.schuldregeling": _schuldregeling,
        "traject.afwegingskader": S.AFWEGINGSKADER,
        "traject.oplossing": S.OPLOSSING,
        "traject.uitstroom": S.UITSTROOM,
        "traject.voorziening": _voorziening,
        "traject.programma": S.PROGRAMMA,
        "traject.noodfonds": _geen,
        "traject.wsnp-verklaring": S.WSNP_VERWIJZING,
    },
}


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
        bedrag=velden.bedrag(
            "bedrag", "totaalBedrag", "totaalAchterstand", "achterstand", "totaleSchuld"
        ),
        aantal=velden.aantal("aantalSchuldeisers", "schuldeisers", "aantalContactpogingen"),
        referentie_datum=referentie,
    )
