"""The DDAS trajectory delivery (v1.0 Uitwisselmodel) as a projection of our own data.

Field names are the DDAS schema's own; amounts are whole euros; absent values are left out
(the schema has no nulls).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from shared.types import to_whole_euros


def _compact(values: Mapping[str, Any]) -> dict[str, Any]:
    """Drop absent values and empty sub-objects."""
    return {k: v for k, v in values.items() if v is not None and v != {}}


def _datum(value: date | str | None) -> str | None:
    """ISO text; SQLite hands stored dates over as that text already."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def client(persoon: Mapping[str, Any]) -> dict[str, Any]:
    """DDAS `client`: BSN, birth date and address as the schema names them."""
    huisnummer = persoon.get("huisnummer")
    return _compact(
        {
            "Burgerservicenummer": persoon.get("bsn"),
            "Geboortedatum": persoon.get("geboortedatum"),
            "Postcode": persoon.get("postcode"),
            "Huisnummer": str(huisnummer) if huisnummer is not None else None,
            "Huisnummertoevoeging": persoon.get("huisnummertoevoeging"),
        }
    )


def schuld(row: Any) -> dict[str, Any]:
    return _compact(
        {
            "bedrag": to_whole_euros(Decimal(row.bedrag)),
            "peildatum": _datum(row.peildatum),
            "schuldsoort": row.schuldsoort,
            "zakelijkeSchuld": row.zakelijk,
            "schuldeiser": _compact(
                {
                    "naam": row.schuldeiser_naam,
                    "kvknummer": row.schuldeiser_kvk,
                    "postcode": row.schuldeiser_postcode,
                    "privepersoon": row.schuldeiser_privepersoon,
                }
            ),
        }
    )


def _periode(v: Any) -> dict[str, Any]:
    return _compact({"startdatum": _datum(v.startdatum), "einddatum": _datum(v.einddatum)})


def schuldhulptraject(
    row: Any,
    personen: Sequence[Mapping[str, Any]],
    schulden: Sequence[Any],
    voorzieningen: Sequence[Any] = (),
) -> dict[str, Any]:
    """One DDAS `schuldhulptraject` from a trajectory row, its persons, debts and support."""
    toelating = row.beschikking_soort == "Toelatingsbeschikking"
    per_soort: dict[str, list[Any]] = {}
    for v in voorzieningen:
        per_soort.setdefault(v.soort, []).append(v)
    crisis = [_periode(v) for v in per_soort.get("crisisinterventie", [])]
    if row.crisis and not crisis:
        # The aanmelding's crisis flag is itself a crisis intervention from the aanvraag on.
        crisis = [{"startdatum": _datum(row.aanvraagdatum)}]
    advies = per_soort.get("informatie-en-advies", [])
    totaal = sum((Decimal(s.bedrag) for s in schulden), Decimal(0))
    return _compact(
        {
            "gemeentecode": row.gemeentecode,
            "startdatum": _datum(row.aanvraagdatum),
            "einddatum": _datum(row.uitstroom_datum),
            "toekenningsdatum": _datum(row.beschikking_datum) if toelating else None,
            "totaalSchuldbedragBijAanvangSchuld": to_whole_euros(totaal) if schulden else None,
            "aanmelding": _compact(
                {
                    "crisisinterventie": row.crisis,
                    "startdatum": _datum(row.aanvraagdatum),
                    "einddatum": _datum(row.intake_start),
                }
            ),
            "crisisinterventies": crisis or None,
            "informatieEnAdvies": _periode(advies[0]) if advies else None,
            "begeleiding": [
                _periode(v) | {"soort": v.begeleidingssoort}
                for v in per_soort.get("begeleiding", [])
            ]
            or None,
            "moratoria": [
                _periode(v)
                | _compact(
                    {
                        "datumAanvraag": _datum(v.datum_aanvraag),
                        "datumGoedkeuring": _datum(v.datum_goedkeuring),
                    }
                )
                for v in per_soort.get("moratorium", [])
            ]
            or None,
            "voorlopigeVoorzieningen": [
                _periode(v) for v in per_soort.get("voorlopige-voorziening", [])
            ]
            or None,
            "client": [client(p) for p in personen],
            "intake": _compact(
                {
                    "startdatum": _datum(row.intake_start),
                    "einddatum": _datum(row.beschikking_datum),
                    "beschikkingsdatum": _datum(row.beschikking_datum),
                    "beschikkingssoort": row.beschikking_soort,
                }
            ),
            "planVanAanpak": _compact({"datumAfronding": _datum(row.plan_datum)}),
            "stabilisatie": _compact(
                {
                    "startdatum": _datum(row.stabilisatie_start),
                    "einddatum": _datum(row.stabilisatie_eind),
                }
            ),
            "schuldregeling": _compact(
                {
                    "datum": _datum(row.schuldregeling_ingediend),
                    "toegekend": _datum(row.schuldregeling_toegekend),
                    "afgewezen": _datum(row.schuldregeling_afgewezen),
                    "ingetrokken": _datum(row.schuldregeling_ingetrokken),
                    "datumVerzoekDwangakkoord": _datum(row.dwangakkoord_verzoek_datum),
                    "dwangakkoord": row.dwangakkoord,
                }
            ),
            "oplossing": _compact(
                {
                    "soort": row.oplossing_soort,
                    "startdatum": _datum(row.oplossing_start),
                    "einddatum": _datum(row.oplossing_eind),
                    "vtlb": None
                    if row.oplossing_vtlb is None
                    else to_whole_euros(Decimal(row.oplossing_vtlb)),
                }
            ),
            "nazorg": _compact(
                {"startdatum": _datum(row.nazorg_start), "einddatum": _datum(row.nazorg_eind)}
            ),
            "uitstroom": _compact(
                {
                    "datum": _datum(row.uitstroom_datum),
                    "reden": row.uitstroom_reden,
                    "omschrijving": row.uitstroom_omschrijving,
                }
            ),
            "schulden": [schuld(s) for s in schulden] or None,
        }
    )
