"""The DDAS trajectory delivery (v1.0 Uitwisselmodel) as a projection of our own data.

Field names are the DDAS schema's own; amounts are whole euros; absent values are left out
(the schema has no nulls), and so are parts left empty by that.

Written for a page of 25,000 trajectories and 300,000 debts (PERF: the page streams at the
speed of this module): rows come as plain tuples in the column order below, every object is
built in the schema's order from the values that are there (`_velden`), the debts come as JSON
text the database wrote; the stored values are trusted (nothing is validated again).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import orjson

# The columns of `traject` a trajectory row holds, in this order.
TRAJECT_KOLOMMEN = (
    "id",
    "gemeentecode",
    "aanvraagdatum",
    "crisis",
    "intake_start",
    "beschikking_soort",
    "beschikking_datum",
    "plan_datum",
    "stabilisatie_start",
    "stabilisatie_eind",
    "schuldregeling_ingediend",
    "schuldregeling_toegekend",
    "schuldregeling_afgewezen",
    "schuldregeling_ingetrokken",
    "dwangakkoord_verzoek_datum",
    "dwangakkoord",
    "oplossing_soort",
    "oplossing_start",
    "oplossing_eind",
    "oplossing_vtlb",
    "nazorg_start",
    "nazorg_eind",
    "uitstroom_datum",
    "uitstroom_reden",
    "uitstroom_omschrijving",
)
# The columns of `voorziening` a support row holds (after `traject_id`), in this order.
VOORZIENING_KOLOMMEN = (
    "soort",
    "begeleidingssoort",
    "datum_aanvraag",
    "datum_goedkeuring",
    "startdatum",
    "einddatum",
)


def _datum(value: date | str | None) -> str | None:
    """ISO text; SQLite hands stored dates over as that text already."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def _velden(**velden: Any) -> dict[str, Any]:
    """The fields given, in their order, without the absent ones (a loop: a comprehension
    costs a function call more, 25,000 trajectories and 250,000 calls a page)."""
    uit: dict[str, Any] = {}
    for sleutel, value in velden.items():
        if value is not None:
            uit[sleutel] = value
    return uit


def toevoeging(huisletter: str | None, huisnummertoevoeging: str | None) -> str | None:
    """DDAS v1.0 has no house-letter field: the letter goes in `Huisnummertoevoeging`, before
    the addition when there are both ("A-2"), as the DDAS examples write a letter ("A")."""
    if huisletter and huisnummertoevoeging:
        return f"{huisletter}-{huisnummertoevoeging}"
    return huisletter or huisnummertoevoeging


def client(persoon: dict[str, Any]) -> dict[str, Any]:
    """DDAS `client`: BSN, birth date and address as the schema names them."""
    get = persoon.get
    huisnummer = get("huisnummer")
    return _velden(
        Burgerservicenummer=get("bsn"),
        Geboortedatum=get("geboortedatum"),
        Postcode=get("postcode"),
        Huisnummer=None if huisnummer is None else str(huisnummer),
        Huisnummertoevoeging=toevoeging(get("huisletter"), get("huisnummertoevoeging")),
    )


def euros(bedrag: Decimal) -> int:
    """`shared.types.to_whole_euros` (half up, away from zero) without its quantize: a third
    of the time, and 300,000 amounts on a page (tests/trajectory/test_domain_ddas.py)."""
    return int(bedrag + _HALF) if bedrag >= 0 else int(bedrag - _HALF)


_HALF = Decimal("0.5")


def schulden(rows: Iterable[Sequence[Any]]) -> tuple[dict[str, orjson.Fragment], dict[str, int]]:
    """Per trajectory its DDAS `schuld` array, ready for orjson, and the sum of its debts'
    amounts in cents, from debt rows (trajectory, the debt's DDAS JSON text, its amount in
    whole cents) in stored order. The objects are built by the database
    (`ddas_export._SCHULD_JSON`): 300,000 a page, they are never Python objects here."""
    teksten: dict[str, list[str]] = defaultdict(list)
    totalen: dict[str, int] = {}
    for traject_id, tekst, centen in rows:
        teksten[traject_id].append(tekst)
        totalen[traject_id] = totalen.get(traject_id, 0) + centen
    arrays = {t: orjson.Fragment("[" + ",".join(v) + "]") for t, v in teksten.items()}
    return arrays, totalen


def euros_uit_centen(centen: int) -> int:
    """Whole euros from cents, half up and away from zero (as `euros`)."""
    return (centen + 50) // 100 if centen >= 0 else -((50 - centen) // 100)


def _periode(startdatum: Any, einddatum: Any) -> dict[str, Any]:
    return _velden(startdatum=_datum(startdatum), einddatum=_datum(einddatum))


def _delen(uit: dict[str, Any], **delen: Any) -> None:
    """Each part that is not empty."""
    for sleutel, deel in delen.items():
        if deel:
            uit[sleutel] = deel


def _voorzieningen(uit: dict[str, Any], crisis: bool, start: Any, rijen: Sequence[Any]) -> None:
    """The support parts, each kind in stored order (`VOORZIENING_KOLOMMEN` rows)."""
    crisissen: list[dict[str, Any]] = []
    advies: dict[str, Any] | None = None
    begeleiding: list[dict[str, Any]] = []
    moratoria: list[dict[str, Any]] = []
    voorlopig: list[dict[str, Any]] = []
    for soort, begeleidingssoort, aanvraag, goedkeuring, begin, eind in rijen:
        periode = _periode(begin, eind)
        if soort == "crisisinterventie":
            crisissen.append(periode)
        elif soort == "informatie-en-advies":
            if advies is None:
                advies = periode
        elif soort == "begeleiding":
            periode["soort"] = begeleidingssoort
            begeleiding.append(periode)
        elif soort == "moratorium":
            periode |= _velden(datumAanvraag=_datum(aanvraag), datumGoedkeuring=_datum(goedkeuring))
            moratoria.append(periode)
        elif soort == "voorlopige-voorziening":
            voorlopig.append(periode)
    if crisis and not crisissen:
        # The aanmelding's crisis flag is itself a crisis intervention from the aanvraag on.
        crisissen = [{"startdatum": start}]
    _delen(uit, crisisinterventies=crisissen)
    if advies:
        uit["informatieEnAdvies"] = advies
    _delen(uit, begeleiding=begeleiding, moratoria=moratoria)
    _delen(uit, voorlopigeVoorzieningen=voorlopig)


def schuldhulptraject(
    row: Sequence[Any],
    clienten: list[dict[str, Any]],
    schulden: orjson.Fragment | None,
    totaal_centen: int | None,
    voorzieningen: Sequence[Any] = (),
) -> dict[str, Any]:
    """One DDAS `schuldhulptraject` from a trajectory row (`TRAJECT_KOLOMMEN`), its DDAS
    clients, its debts' DDAS array and the sum of their amounts in cents (both None without
    debts) and its support rows."""
    (
        _id,
        gemeentecode,
        aanvraagdatum,
        crisis,
        intake_start,
        beschikking_soort,
        beschikking_datum,
        plan_datum,
        stabilisatie_start,
        stabilisatie_eind,
        ingediend,
        toegekend,
        afgewezen,
        ingetrokken,
        verzoek_dwangakkoord,
        dwangakkoord,
        oplossing_soort,
        oplossing_start,
        oplossing_eind,
        oplossing_vtlb,
        nazorg_start,
        nazorg_eind,
        uitstroom_datum,
        uitstroom_reden,
        uitstroom_omschrijving,
    ) = row
    # As the driver gives them: SQLite's booleans as 0 or 1, the VTLB in whole cents.
    crisis = crisis == 1
    if dwangakkoord is not None:
        dwangakkoord = dwangakkoord == 1
    start = _datum(aanvraagdatum)
    intake = _datum(intake_start)
    beschikt = _datum(beschikking_datum)
    uitstroom = _datum(uitstroom_datum)
    uit = _velden(gemeentecode=gemeentecode, startdatum=start, einddatum=uitstroom)
    if beschikking_soort == "Toelatingsbeschikking" and beschikt is not None:
        uit["toekenningsdatum"] = beschikt
    if totaal_centen is not None:
        uit["totaalSchuldbedragBijAanvangSchuld"] = euros_uit_centen(totaal_centen)
    _delen(uit, aanmelding=_velden(crisisinterventie=crisis, startdatum=start, einddatum=intake))
    _voorzieningen(uit, crisis, start, voorzieningen)
    uit["client"] = clienten
    intake_deel = _velden(
        startdatum=intake,
        einddatum=beschikt,
        beschikkingsdatum=beschikt,
        beschikkingssoort=beschikking_soort,
    )
    regeling = _velden(
        datum=_datum(ingediend),
        toegekend=_datum(toegekend),
        afgewezen=_datum(afgewezen),
        ingetrokken=_datum(ingetrokken),
        datumVerzoekDwangakkoord=_datum(verzoek_dwangakkoord),
        dwangakkoord=dwangakkoord,
    )
    oplossing = _velden(
        soort=oplossing_soort,
        startdatum=_datum(oplossing_start),
        einddatum=_datum(oplossing_eind),
        vtlb=None if oplossing_vtlb is None else euros_uit_centen(oplossing_vtlb),
    )
    uitstroom_deel = _velden(
        datum=uitstroom, reden=uitstroom_reden, omschrijving=uitstroom_omschrijving
    )
    _delen(
        uit,
        intake=intake_deel,
        planVanAanpak=_velden(datumAfronding=_datum(plan_datum)),
        stabilisatie=_periode(stabilisatie_start, stabilisatie_eind),
        schuldregeling=regeling,
        oplossing=oplossing,
        nazorg=_periode(nazorg_start, nazorg_eind),
        uitstroom=uitstroom_deel,
        schulden=schulden,
    )
    return uit
