"""Reading: one case with history, debts and calculation; the work list; the capacity view."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from services.trajectory import repository
from services.trajectory.context import Ctx
from services.trajectory.domain import termijnen
from services.trajectory.domain.documenten import ontbrekend
from services.trajectory.domain.fasen import Fase, toegestane_fasen
from services.trajectory.domain.termijnen import Signaal, Termijn
from services.trajectory.models import traject, traject_persoon
from services.trajectory.schemas import TrajectRead, TrajectSamenvatting
from shared.pagination import Page, PageParams
from shared.sql import in_set


def _stand(row: Row[Any]) -> termijnen.Termijnstand:
    return termijnen.Termijnstand(
        fase=row.fase,
        beslistermijn=row.beslistermijn_datum,
        beschikking_datum=row.beschikking_datum,
        stabilisatie_benchmark=row.stabilisatie_benchmark_datum,
        stabilisatie_maximum=row.stabilisatie_max_datum,
        stabilisatie_eind=row.stabilisatie_eind,
        nvvk=row.nvvk_datum,
        schuldregeling_besloten=row.schuldregeling_toegekend or row.schuldregeling_afgewezen,
        nazorg_einde=row.nazorg_einde_datum,
        nazorg_eind=row.nazorg_eind,
    )


def _pick(row: Row[Any], *names: str) -> dict[str, Any]:
    values = row._asdict()
    return {name: values[name] for name in names}


def _schuld(s: Row[Any]) -> dict[str, Any]:
    """A debt as `SchuldRead` reads it (a dict: the case is validated once, as a whole)."""
    return {
        "id": s.id,
        "schuldeiser": {
            "naam": s.schuldeiser_naam,
            "kvk_nummer": s.schuldeiser_kvk,
            "postcode": s.schuldeiser_postcode,
            "privepersoon": s.schuldeiser_privepersoon,
        },
        "bedrag": Decimal(s.bedrag),
        "peildatum": s.peildatum,
        "schuldsoort": s.schuldsoort,
        "preferent": s.preferent,
        "zakelijk": s.zakelijk,
        "aanbod_bedrag": None if s.aanbod_bedrag is None else Decimal(s.aanbod_bedrag),
        "reactie": s.reactie,
        "reactie_datum": s.reactie_datum,
    }


def _inkomensbeheer(v: Row[Any]) -> dict[str, Any] | None:
    if v.inkomensbeheer_beheerder is None:
        return None
    leefgeld = v.leefgeld_per_maand
    return {
        "beheerder": v.inkomensbeheer_beheerder,
        "leefgeld_per_maand": None if leefgeld is None else Decimal(leefgeld),
    }


def lees_traject(ctx: Ctx, traject_id: str) -> TrajectRead:
    db = ctx.session
    row = repository.laad(db, traject_id)
    personen = repository.personen(db, traject_id)
    historie = repository.historie(db, traject_id)
    schulden = repository.schulden(db, traject_id)
    berekening = repository.laatste_berekening(db, traject_id)
    aanbod = repository.actueel_aanbod(db, traject_id)
    voorzieningen = repository.voorzieningen(db, traject_id)
    programmas = repository.programmas(db, traject_id)
    noodfonds = repository.noodfonds(db, traject_id)
    ctx.log("traject-inzien", [p.subject_key for p in personen])
    documenten = dict(row.documenten or {})
    return TrajectRead(
        id=row.id,
        aanvraag_id=row.aanvraag_id,
        gemeentecode=row.gemeentecode,
        fase=row.fase,
        fase_sinds=row.fase_sinds,
        toegestane_fasen=toegestane_fasen(
            Fase(row.fase), toegekend=row.schuldregeling_toegekend is not None
        ),
        consulent=row.consulent,
        aanvraagdatum=row.aanvraagdatum,
        crisis=row.crisis,
        personen=[
            {"rol": p.rol, "subject_key": p.subject_key, "persoon": p.persoon} for p in personen
        ],
        checklist={
            "ontvangen": [
                {"document": d, "ontvangen_op": o} for d, o in sorted(documenten.items())
            ],
            "ontbrekend": ontbrekend(documenten),
            "compleet": not ontbrekend(documenten),
        },
        termijnen={
            "beslistermijn": row.beslistermijn_datum,
            "stabilisatie_benchmark": row.stabilisatie_benchmark_datum,
            "stabilisatie_maximum": row.stabilisatie_max_datum,
            "schuldregeling_nvvk": row.nvvk_datum,
            "nazorg_einde": row.nazorg_einde_datum,
        },
        signalen=termijnen.signalen(_stand(row), vandaag=ctx.vandaag),
        beschikking_soort=row.beschikking_soort,
        beschikking_datum=row.beschikking_datum,
        beschikking_redenen=row.beschikking_redenen,
        bezwaar_datum=row.bezwaar_datum,
        plan_van_aanpak=row.plan,
        schuldregeling={
            "ingediend": row.schuldregeling_ingediend,
            "toegekend": row.schuldregeling_toegekend,
            "afgewezen": row.schuldregeling_afgewezen,
            "ingetrokken": row.schuldregeling_ingetrokken,
            "datum_verzoek_dwangakkoord": row.dwangakkoord_verzoek_datum,
            "dwangakkoord": row.dwangakkoord,
        },
        oplossing=None
        if row.oplossing_soort is None
        else {
            "soort": row.oplossing_soort,
            "startdatum": row.oplossing_start,
            "einddatum": row.oplossing_eind,
            "vtlb": None if row.oplossing_vtlb is None else Decimal(row.oplossing_vtlb),
        },
        afwegingskader=row.afwegingskader,
        voorzieningen=[
            _pick(v, "id", "soort", "begeleidingssoort", "datum_aanvraag", "datum_goedkeuring")
            | _pick(v, "startdatum", "einddatum", "toelichting", "einde_reden")
            | {"inkomensbeheer": _inkomensbeheer(v)}
            for v in voorzieningen
        ],
        programmas=[_pick(p, "programma", "startdatum") for p in programmas],
        noodfonds=[
            _pick(n, "id", "reden", "datum", "besluit", "besluit_datum", "besluit_reden")
            | {"bedrag": Decimal(n.bedrag)}
            for n in noodfonds
        ],
        wsnp_verklaring_datum=row.wsnp_verklaring_datum,
        uitstroomreden=row.uitstroom_reden,
        uitstroomdatum=row.uitstroom_datum,
        historie=[
            {
                "van": h.van_fase,
                "naar": h.naar_fase,
                "datum": h.datum,
                "regel": h.regel,
                "reden": h.reden,
                "door": h.actor,
                "rol": h.rol,
                "op": h.at,
            }
            for h in historie
        ],
        schulden=[_schuld(s) for s in schulden],
        berekening=None
        if berekening is None
        else {
            **_pick(berekening, "id", "peildatum", "leefsituatie", "correcties", "regels"),
            "netto_inkomen": Decimal(berekening.netto_inkomen),
            "vtlb": Decimal(berekening.vtlb),
            "afloscapaciteit": Decimal(berekening.afloscapaciteit),
        },
        aanbod=None
        if aanbod is None
        else {
            **_pick(aanbod, "id", "ingediend_op", "looptijd_maanden", "verdeling"),
            "afloscapaciteit": Decimal(aanbod.afloscapaciteit),
            "totaal_schuld": Decimal(aanbod.totaal_schuld),
            "totaal_aflossing": Decimal(aanbod.totaal_aflossing),
            "percentage": Decimal(aanbod.percentage),
        },
    )


# The deadline behind each overdue signal (the nazorg warning has its own window).
_TERMIJN_VAN: dict[Signaal, Termijn] = {
    Signaal.BESLISTERMIJN_VERLOPEN: Termijn.BESLISTERMIJN,
    Signaal.STABILISATIE_BOVEN_BENCHMARK: Termijn.STABILISATIE_BENCHMARK,
    Signaal.STABILISATIE_BOVEN_MAXIMUM: Termijn.STABILISATIE_MAXIMUM,
    Signaal.SCHULDREGELING_BOVEN_NVVK_NORM: Termijn.SCHULDREGELING_NVVK,
}


_VANDAAG = sa.bindparam("vandaag", type_=sa.Date)


def _signaal_filter(signaal: Signaal) -> sa.ColumnElement[bool]:
    """The signal's condition, with today as the bound parameter `vandaag` (and the nazorg
    warning's horizon as `grens`)."""
    t = traject.c
    vandaag = _VANDAAG
    if signaal is Signaal.NAZORG_EINDIGT:
        grens = sa.bindparam("grens", type_=sa.Date)
        return sa.and_(t.fase == "nazorg", t.nazorg_eind.is_(None), t.nazorg_einde_datum <= grens)
    kolom, open_ = repository.open_termijn(_TERMIJN_VAN[signaal])
    if signaal is Signaal.STABILISATIE_BOVEN_BENCHMARK:
        # Over the maximum it is the stronger signal alone.
        return sa.and_(open_, kolom < vandaag, t.stabilisatie_max_datum >= vandaag)
    return sa.and_(open_, kolom < vandaag)


def _volgorde(signaal: Signaal | None) -> tuple[sa.ColumnElement[Any], ...]:
    """Most urgent first: by the deadline of the signal asked for (its index serves both the
    filter and the order), else by the date of the aanvraag."""
    t = traject.c
    if signaal is None:
        return (t.aanvraagdatum, t.id)
    if signaal is Signaal.NAZORG_EINDIGT:
        return (t.nazorg_einde_datum, t.id)
    return (repository.open_termijn(_TERMIJN_VAN[signaal])[0], t.id)


# What a work-list row shows and its signals need: no JSON columns to decode.
_WERKLIJST_KOLOMMEN = [
    traject.c[name]
    for name in (
        "id",
        "subject_key",
        "fase",
        "fase_sinds",
        "consulent",
        "aanvraagdatum",
        "crisis",
        "beslistermijn_datum",
        "beschikking_datum",
        "stabilisatie_benchmark_datum",
        "stabilisatie_max_datum",
        "stabilisatie_eind",
        "nvvk_datum",
        "schuldregeling_toegekend",
        "schuldregeling_afgewezen",
        "nazorg_einde_datum",
        "nazorg_eind",
    )
]


# The applicants' surnames (a row shows no more of the person: the JSON is not decoded).
_AANVRAGERS = sa.select(
    traject_persoon.c.traject_id, traject_persoon.c.persoon["achternaam"].as_string()
).where(
    in_set(traject_persoon.c.traject_id, "ids"),
    traject_persoon.c.rol == "aanvrager",
)
_WERKLIJST_PAGINA = Page[TrajectSamenvatting]


@cache
def _werklijst_statements(
    consulent: bool, toegewezen: bool | None, fase: bool, signaal: Signaal | None
) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The count and the page for one combination of filters, built once: the values are
    bound parameters (`consulent`, `fase`, `vandaag`, `grens`, `offset`, `limit`), so
    SQLAlchemy neither rebuilds them nor computes their cache keys per request."""
    t = traject.c
    conditions: list[sa.ColumnElement[bool]] = [t.fase != Fase.UITSTROOM.value]
    if consulent:
        conditions.append(t.consulent == sa.bindparam("consulent", type_=sa.String))
    if toegewezen is not None:
        conditions.append(t.consulent.is_not(None) if toegewezen else t.consulent.is_(None))
    if fase:
        conditions.append(t.fase == sa.bindparam("fase", type_=sa.String))
    if signaal is not None:
        conditions.append(_signaal_filter(signaal))
    telling = sa.select(sa.func.count()).select_from(traject).where(*conditions)
    pagina = (
        sa.select(*_WERKLIJST_KOLOMMEN)
        .where(*conditions)
        .order_by(*_volgorde(signaal))
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .limit(sa.bindparam("limit", type_=sa.Integer))
    )
    return telling, pagina


def werklijst(
    ctx: Ctx,
    paging: PageParams,
    *,
    consulent: str | None,
    toegewezen: bool | None,
    fase: Fase | None,
    signaal: Signaal | None,
) -> Page[TrajectSamenvatting]:
    """Active trajectories, most urgent first; three queries per page, none per row."""
    telling, pagina = _werklijst_statements(
        consulent is not None, toegewezen, fase is not None, signaal
    )
    grens = ctx.vandaag + timedelta(days=termijnen.NAZORG_WAARSCHUWING_DAGEN)
    waarden = {
        "consulent": consulent,
        "fase": None if fase is None else fase.value,
        "vandaag": ctx.vandaag,
        "grens": grens,
    }
    db = ctx.session
    total = db.execute(telling, waarden).scalar_one()
    rows = db.execute(pagina, {**waarden, "offset": paging.offset, "limit": paging.page_size}).all()
    # The applicants of this page in one query (a join would make SQLite sort every match).
    aanvragers = db.execute(_AANVRAGERS, {"ids": [r.id for r in rows]})
    namen: dict[str, str] = {traject_id: achternaam for traject_id, achternaam in aanvragers}
    ctx.log("werklijst-inzien", [r.subject_key for r in rows])
    items = [
        {
            "id": r.id,
            "fase": r.fase,
            "fase_sinds": r.fase_sinds,
            "consulent": r.consulent,
            "aanvrager": namen[r.id],
            "aanvraagdatum": r.aanvraagdatum,
            "crisis": r.crisis,
            "beslistermijn": r.beslistermijn_datum,
            "signalen": termijnen.signalen(_stand(r), vandaag=ctx.vandaag),
        }
        for r in rows
    ]
    # Validated as one page (in pydantic's core) rather than model by model.
    return _WERKLIJST_PAGINA.model_validate(
        {"items": items, "page": paging.page, "page_size": paging.page_size, "total": total}
    )
