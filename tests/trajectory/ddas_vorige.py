"""The DDAS delivery as it was built before it was streamed (commit 4cfeba2), kept as the
oracle the streamed page is compared with, byte for byte: the whole page in memory, the
projection from SQLAlchemy rows through `_compact`, serialised once with `to_json`. The
processing log is left out (the service's own test checks that)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from services.trajectory.context import Ctx
from services.trajectory.models import schuld as schuld_tabel
from services.trajectory.models import traject, traject_persoon, voorziening
from services.trajectory.schemas_ddas import GegevensRequest, Paginering
from shared.problems import InvalidInput, InvalidParam, RuleViolation
from shared.types import to_whole_euros

CODE_GEGEVENSLEVERANCIER = "BALANS"


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


def _kolommen(table: sa.Table) -> list[sa.ColumnElement[Any]]:
    """The columns the projection reads. Dates come as they are stored: SQLite keeps ISO text,
    which the projection passes on as is, instead of parsing 20 dates per trajectory and
    formatting them again (PERF: a 25,000-trajectory page within 3 s). JSON columns the DDAS
    delivery does not need are left out, so they are not decoded."""
    return [
        sa.type_coerce(column, sa.String).label(column.name)
        if isinstance(column.type, sa.Date)
        else column
        for column in table.columns
        if column.name in DDAS_KOLOMMEN or not isinstance(column.type, sa.JSON)
    ]


DDAS_KOLOMMEN = frozenset({"persoon"})


def levering(ctx: Ctx, vraag: GegevensRequest) -> dict[str, Any]:
    """Trajectories running at any time in the period, oldest first, one page of them."""
    start, eind = vraag.aanleverperiode_startdatum, vraag.aanleverperiode_einddatum
    if eind < start:
        raise InvalidInput(
            "De periode eindigt voor ze begint.",
            invalid_params=[
                InvalidParam(name="aanleverperiodeEinddatum", reason="Voor de startdatum.")
            ],
        )
    naam = f"Gemeente {ctx.policy.naam}"
    gevraagd = vraag.aanleverende_organisatie
    if gevraagd is not None and gevraagd not in (naam, ctx.policy.naam, ctx.policy.gemeentecode):
        raise RuleViolation(f"Deze dienst levert alleen voor {naam} ({ctx.policy.gemeentecode}).")
    t = traject.c
    in_periode = sa.and_(
        t.gemeentecode == ctx.policy.gemeentecode,
        t.aanvraagdatum <= eind,
        sa.or_(t.uitstroom_datum.is_(None), t.uitstroom_datum >= start),
    )
    total = int(
        ctx.session.execute(
            sa.select(sa.func.count()).select_from(traject).where(in_periode)
        ).scalar_one()
    )
    offset = (vraag.page - 1) * vraag.page_size
    page_ids = (
        sa.select(t.id)
        .where(in_periode)
        .order_by(t.aanvraagdatum, t.id)
        .offset(offset)
        .limit(vraag.page_size)
    ).subquery()
    rows = ctx.session.execute(
        sa.select(*_kolommen(traject))
        .where(t.id.in_(sa.select(page_ids.c.id)))
        .order_by(t.aanvraagdatum, t.id)
    ).all()
    personen: dict[str, list[Any]] = defaultdict(list)
    for p in ctx.session.execute(
        sa.select(
            traject_persoon.c.traject_id, traject_persoon.c.subject_key, traject_persoon.c.persoon
        )
        .where(traject_persoon.c.traject_id.in_(sa.select(page_ids.c.id)))
        .order_by(traject_persoon.c.traject_id, traject_persoon.c.id)
    ):
        personen[p.traject_id].append(p)
    schulden: dict[str, list[Any]] = defaultdict(list)
    for s in ctx.session.execute(
        sa.select(*_kolommen(schuld_tabel))
        .where(schuld_tabel.c.traject_id.in_(sa.select(page_ids.c.id)))
        .order_by(schuld_tabel.c.traject_id, schuld_tabel.c.created_at, schuld_tabel.c.id)
    ):
        schulden[s.traject_id].append(s)
    steun: dict[str, list[Any]] = defaultdict(list)
    for v in ctx.session.execute(
        sa.select(*_kolommen(voorziening))
        .where(voorziening.c.traject_id.in_(sa.select(page_ids.c.id)))
        .order_by(voorziening.c.traject_id, voorziening.c.startdatum, voorziening.c.created_at)
    ):
        steun[v.traject_id].append(v)
    trajecten = [
        schuldhulptraject(r, [p.persoon for p in personen[r.id]], schulden[r.id], steun[r.id])
        for r in rows
    ]
    organisatie = {
        "(Statutaire) Naam": naam,
        "gemeentecode": ctx.policy.gemeentecode,
    }
    gegevens = {
        "startdatumLevering": start.isoformat(),
        "einddatumLevering": eind.isoformat(),
        "aanleverdatumEnTijd": datetime.now(UTC)
        .replace(microsecond=0)
        .isoformat()
        .replace("+00:00", "Z"),
        "codeGegevensleverancier": CODE_GEGEVENSLEVERANCIER,
        "leveringen": [
            {"teller": 1, "aanleverende_organisatie": organisatie, "schuldhulptrajecten": trajecten}
        ],
    }
    paginering = Paginering(
        pageSize=vraag.page_size,
        currentPage=vraag.page,
        totalPages=max(1, math.ceil(total / vraag.page_size)),
        totalRecords=total,
    )
    return {"gegevens": gegevens, "paginering": paginering.model_dump()}
