"""The kind of fact an event is: each source's event types mapped onto reporting's vocabulary.

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
from collections.abc import Callable
from enum import StrEnum

from services.reporting.velden import Velden


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
    TERMIJN = "termijn"
    # A deadline that passed while its step was still open (the step's own judgment follows later).
    TERMIJN_VERSTREKEN = "termijn_verstreken"
    CASUS_GEOPEND = "casus_geopend"
    CASUS_SAMENGEVOEGD = "casus_samengevoegd"
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
        "intake.termijn.beoordeeld": S.TERMIJN,
        "intake.uitkomst.vastgelegd": _uitkomst,
    },
    Bron.SIGNALS: {
        "signaal.ontvangen": S.SIGNAAL,
        "casus.geopend": S.CASUS_GEOPEND,
        "casus.toegewezen": S.CASUS_OPGEPAKT,
        "casus.contactpoging": S.CONTACTPOGING,
        "casus.afgesloten": S.CASUS_AFGESLOTEN,
        "casus.samengevoegd": S.CASUS_SAMENGEVOEGD,
        "signalen.gewist": _geen,
    },
    Bron.TRAJECTORY: {
        "traject.geopend": S.TRAJECT_GESTART,
        "traject.fase-gewijzigd": _fase,
        "traject.beschikking": S.BESCHIKKING,
        "traject.termijn": S.TERMIJN,
        "traject.termijn-verstreken": S.TERMIJN_VERSTREKEN,
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
