"""Use case: one page of the DDAS delivery for a period (five queries per page, none per row)."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from services.trajectory.context import Ctx
from services.trajectory.domain import ddas
from services.trajectory.models import plumbing, schuld, traject, traject_persoon, voorziening
from services.trajectory.schemas_ddas import GegevensRequest, Paginering
from shared import processing_log
from shared.problems import InvalidInput, InvalidParam, RuleViolation

RAPPORTAGE = "rapportage"
CODE_GEGEVENSLEVERANCIER = "BALANS"


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
        sa.select(*_kolommen(schuld))
        .where(schuld.c.traject_id.in_(sa.select(page_ids.c.id)))
        .order_by(schuld.c.traject_id, schuld.c.created_at, schuld.c.id)
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
        ddas.schuldhulptraject(r, [p.persoon for p in personen[r.id]], schulden[r.id], steun[r.id])
        for r in rows
    ]
    processing_log.log_processing(
        ctx.session,
        plumbing,
        activities={a.id for a in ctx.policy.verwerkingsactiviteiten},
        principal=ctx.principal,
        action="ddas-levering",
        activity_id=RAPPORTAGE,
        subject_keys=[p.subject_key for r in rows for p in personen[r.id]],
    )
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
