"""The DDAS trajectory delivery (v1.0 Uitwisselmodel) as a projection of our own data.

Field names are the DDAS schema's own; amounts are whole euros; absent values are left out
(the schema has no nulls), and so are parts left empty by that.

Written for a page of 25,000 trajectories and 300,000 debts (PERF: the page streams at the
speed of this module): rows come as plain tuples in the column order below, every object is
built key by key in the schema's order with a test per value that may be absent, instead of a
dict built whole and filtered again; the stored values are trusted (nothing is validated again).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

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
# The columns of `schuld` a debt row holds, in this order.
SCHULD_KOLOMMEN = (
    "traject_id",
    "bedrag",
    "peildatum",
    "schuldsoort",
    "zakelijk",
    "schuldeiser_naam",
    "schuldeiser_kvk",
    "schuldeiser_postcode",
    "schuldeiser_privepersoon",
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


def _zet(doel: dict[str, Any], sleutel: str, value: Any) -> None:
    if value is not None:
        doel[sleutel] = value


def client(persoon: dict[str, Any]) -> dict[str, Any]:
    """DDAS `client`: BSN, birth date and address as the schema names them."""
    uit: dict[str, Any] = {}
    get = persoon.get
    _zet(uit, "Burgerservicenummer", get("bsn"))
    _zet(uit, "Geboortedatum", get("geboortedatum"))
    _zet(uit, "Postcode", get("postcode"))
    huisnummer = get("huisnummer")
    if huisnummer is not None:
        uit["Huisnummer"] = str(huisnummer)
    _zet(uit, "Huisnummertoevoeging", get("huisnummertoevoeging"))
    return uit


def euros(bedrag: Decimal) -> int:
    """`shared.types.to_whole_euros` (half up, away from zero) without its quantize: a third
    of the time, and 300,000 amounts on a page (tests/trajectory/test_domain_ddas.py)."""
    return int(bedrag + _HALF) if bedrag >= 0 else int(bedrag - _HALF)


_HALF = Decimal("0.5")


def schulden(
    rows: Iterable[Sequence[Any]],
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """DDAS `schuld` objects per trajectory from debt rows (`SCHULD_KOLOMMEN`, as the driver
    gives them: the amount in whole cents, SQLite's booleans as 0 or 1), and per trajectory
    the sum of the amounts in cents. The hottest loop of the delivery (300,000 debts on a
    page): integer arithmetic, two dict literals, no call per debt."""
    per_traject: dict[str, list[dict[str, Any]]] = defaultdict(list)
    totalen: dict[str, int] = {}
    for traject_id, centen, peildatum, schuldsoort, zakelijk, naam, kvk, postcode, prive in rows:
        # Built whole: the amount, date, kind, flags and creditor name are NOT NULL columns;
        # only the creditor's KvK number and postcode may be absent.
        eiser = {"naam": naam, "kvknummer": kvk, "postcode": postcode, "privepersoon": prive == 1}
        if kvk is None:
            del eiser["kvknummer"]
        if postcode is None:
            del eiser["postcode"]
        uit = {
            "bedrag": (centen + 50) // 100 if centen >= 0 else -((50 - centen) // 100),
            "peildatum": peildatum if peildatum.__class__ is str else peildatum.isoformat(),
            "schuldsoort": schuldsoort,
            "zakelijkeSchuld": zakelijk == 1,
            "schuldeiser": eiser,
        }
        per_traject[traject_id].append(uit)
        totalen[traject_id] = totalen.get(traject_id, 0) + centen
    return per_traject, totalen


def euros_uit_centen(centen: int) -> int:
    """Whole euros from cents, half up and away from zero (as `euros`)."""
    return (centen + 50) // 100 if centen >= 0 else -((50 - centen) // 100)


def _periode(startdatum: Any, einddatum: Any) -> dict[str, Any]:
    uit: dict[str, Any] = {}
    _zet(uit, "startdatum", _datum(startdatum))
    _zet(uit, "einddatum", _datum(einddatum))
    return uit


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
            _zet(periode, "datumAanvraag", _datum(aanvraag))
            _zet(periode, "datumGoedkeuring", _datum(goedkeuring))
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
    schulden: list[dict[str, Any]],
    totaal_centen: int | None,
    voorzieningen: Sequence[Any] = (),
) -> dict[str, Any]:
    """One DDAS `schuldhulptraject` from a trajectory row (`TRAJECT_KOLOMMEN`), its DDAS
    clients and debts, the sum of the debts' amounts in cents (None without debts) and its
    support rows."""
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
    start = _datum(aanvraagdatum)
    intake = _datum(intake_start)
    beschikt = _datum(beschikking_datum)
    uitstroom = _datum(uitstroom_datum)
    uit: dict[str, Any] = {}
    _zet(uit, "gemeentecode", gemeentecode)
    _zet(uit, "startdatum", start)
    _zet(uit, "einddatum", uitstroom)
    if beschikking_soort == "Toelatingsbeschikking":
        _zet(uit, "toekenningsdatum", beschikt)
    if totaal_centen is not None:
        uit["totaalSchuldbedragBijAanvangSchuld"] = euros_uit_centen(totaal_centen)
    aanmelding: dict[str, Any] = {}
    _zet(aanmelding, "crisisinterventie", crisis)
    _zet(aanmelding, "startdatum", start)
    _zet(aanmelding, "einddatum", intake)
    _delen(uit, aanmelding=aanmelding)
    _voorzieningen(uit, crisis, start, voorzieningen)
    uit["client"] = clienten
    intake_deel: dict[str, Any] = {}
    _zet(intake_deel, "startdatum", intake)
    _zet(intake_deel, "einddatum", beschikt)
    _zet(intake_deel, "beschikkingsdatum", beschikt)
    _zet(intake_deel, "beschikkingssoort", beschikking_soort)
    plan: dict[str, Any] = {}
    _zet(plan, "datumAfronding", _datum(plan_datum))
    regeling: dict[str, Any] = {}
    _zet(regeling, "datum", _datum(ingediend))
    _zet(regeling, "toegekend", _datum(toegekend))
    _zet(regeling, "afgewezen", _datum(afgewezen))
    _zet(regeling, "ingetrokken", _datum(ingetrokken))
    _zet(regeling, "datumVerzoekDwangakkoord", _datum(verzoek_dwangakkoord))
    _zet(regeling, "dwangakkoord", dwangakkoord)
    oplossing: dict[str, Any] = {}
    _zet(oplossing, "soort", oplossing_soort)
    _zet(oplossing, "startdatum", _datum(oplossing_start))
    _zet(oplossing, "einddatum", _datum(oplossing_eind))
    if oplossing_vtlb is not None:
        oplossing["vtlb"] = euros(oplossing_vtlb)
    uitstroom_deel: dict[str, Any] = {}
    _zet(uitstroom_deel, "datum", uitstroom)
    _zet(uitstroom_deel, "reden", uitstroom_reden)
    _zet(uitstroom_deel, "omschrijving", uitstroom_omschrijving)
    _delen(
        uit,
        intake=intake_deel,
        planVanAanpak=plan,
        stabilisatie=_periode(stabilisatie_start, stabilisatie_eind),
        schuldregeling=regeling,
        oplossing=oplossing,
        nazorg=_periode(nazorg_start, nazorg_eind),
        uitstroom=uitstroom_deel,
        schulden=schulden,
    )
    return uit
