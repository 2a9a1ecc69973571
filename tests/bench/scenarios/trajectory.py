"""Trajectory (issue 4): the overdue work list and a case read, 100,000 trajectories stored.

Both requests write the processing-log record the service writes (a work list logs each
resident on the page, a case read its one or two residents), so the baselines do too, in one
`BEGIN IMMEDIATE` transaction with the reads. The non-wrk figures (the lifecycle over HTTP,
the DDAS page) are `python -m tests.bench.trajectory`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from fastapi import FastAPI

from tests.bench.scenario import RawDb, RequestSpec, Scenario
from tests.bench.trajectory.seed import (
    TRAJECTEN,
    VOL_TRAJECT_LUA,
    VOL_TRAJECT_PRELUDE,
    seed_trajecten,
)

PAGE_SIZE = 50
PAGES = 10  # the overdue list holds about 10,000 cases: the first ten pages

LOG_INSERT = (
    "INSERT INTO processing_log (trace_id, span_id, action, activity_id, subject_key, actor, "
    "role, result, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _dicts(db: RawDb, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.connection.execute(sql if db.engine == "sqlite" else sql.replace("?", "%s"), params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _log(db: RawDb, action: str, subject_keys: Sequence[str]) -> None:
    now = db.timestamp(datetime.now(UTC))
    rows = [
        (
            uuid.uuid4().hex,
            uuid.uuid4().hex[:16],
            action,
            "schuldhulptraject",
            key,
            "bench",
            "consulent",
            "success",
            now,
            now,
        )
        for key in subject_keys
    ]
    sql = LOG_INSERT if db.engine == "sqlite" else LOG_INSERT.replace("?", "%s")
    db.connection.cursor().executemany(sql, rows)


OVERDUE = "fase != 'uitstroom' AND beschikking_datum IS NULL AND beslistermijn_datum < ?"


def werklijst_baseline(app: FastAPI, db: RawDb) -> None:
    """Count, one page of the overdue list, its applicants and the log records."""

    @app.get("/v1/trajecten")
    async def werklijst(signaal: str, page: int = 1) -> dict[str, Any]:
        vandaag = date.today().isoformat()  # ISO text: SQLite's form, cast by PostgreSQL
        with db.transaction():
            total = db.one(f"SELECT count(*) FROM traject WHERE {OVERDUE}", (vandaag,))
            rows = _dicts(
                db,
                "SELECT id, subject_key, fase, fase_sinds, consulent, aanvraagdatum, crisis, "
                f"beslistermijn_datum FROM traject WHERE {OVERDUE} "
                "ORDER BY beslistermijn_datum, id LIMIT ? OFFSET ?",
                (vandaag, PAGE_SIZE, (page - 1) * PAGE_SIZE),
            )
            ids = [r["id"] for r in rows]
            marks = ", ".join("?" for _ in ids) or "NULL"
            namen = {
                r["traject_id"]: db.json(r["persoon"])
                for r in _dicts(
                    db,
                    "SELECT traject_id, persoon FROM traject_persoon "
                    f"WHERE traject_id IN ({marks}) AND rol = 'aanvrager'",
                    ids,
                )
            }
            _log(db, "werklijst-inzien", [r["subject_key"] for r in rows])
        items = [
            {
                "id": r["id"],
                "fase": r["fase"],
                "faseSinds": r["fase_sinds"],
                "consulent": r["consulent"],
                "aanvrager": namen[r["id"]]["achternaam"],
                "aanvraagdatum": r["aanvraagdatum"],
                "crisis": bool(r["crisis"]),
                "beslistermijn": r["beslistermijn_datum"],
                "signalen": [signaal],
            }
            for r in rows
        ]
        return {
            "items": items,
            "page": page,
            "pageSize": PAGE_SIZE,
            "total": total[0] if total else 0,
        }


def lezen_baseline(app: FastAPI, db: RawDb) -> None:
    """The case row, its persons, history, debts, calculation, offer and support, and the log."""

    @app.get("/v1/trajecten/{traject_id}")
    async def lees(traject_id: str) -> dict[str, Any]:
        with db.transaction():
            rows = _dicts(db, "SELECT * FROM traject WHERE id = ?", (traject_id,))
            personen = _dicts(
                db, "SELECT * FROM traject_persoon WHERE traject_id = ? ORDER BY id", (traject_id,)
            )
            historie = _dicts(
                db,
                "SELECT * FROM traject_historie WHERE traject_id = ? ORDER BY id",
                (traject_id,),
            )
            schulden = _dicts(
                db,
                "SELECT * FROM schuld WHERE traject_id = ? ORDER BY created_at, id",
                (traject_id,),
            )
            berekening = _dicts(
                db,
                "SELECT * FROM berekening WHERE traject_id = ? "
                "ORDER BY created_at DESC, id DESC LIMIT 1",
                (traject_id,),
            )
            aanbod = _dicts(
                db, "SELECT * FROM aanbod WHERE traject_id = ? AND actueel LIMIT 1", (traject_id,)
            )
            extra = {
                table: _dicts(db, f"SELECT * FROM {table} WHERE traject_id = ?", (traject_id,))
                for table in ("voorziening", "programma_deelname", "noodfonds_aanvraag")
            }
            _log(db, "traject-inzien", [p["subject_key"] for p in personen])
        row = rows[0]
        for name in ("doelgroepen", "documenten", "beschikking_redenen", "plan", "afwegingskader"):
            row[name] = db.json(row[name]) if row[name] is not None else None
        for p in personen:
            p["persoon"] = db.json(p["persoon"])
        for b in berekening:
            b["correcties"], b["regels"] = db.json(b["correcties"]), db.json(b["regels"])
        for a in aanbod:
            a["verdeling"] = db.json(a["verdeling"])
        return {
            **row,
            "personen": personen,
            "historie": historie,
            "schulden": schulden,
            "berekening": berekening[0] if berekening else None,
            "aanbod": aanbod[0] if aanbod else None,
            **extra,
        }


SCENARIOS = [
    Scenario(
        name="trajectory-overdue-worklist",
        service="trajectory",
        description=(
            f"GET /v1/trajecten?signaal=beslistermijn-verlopen&page=<1..{PAGES}> (role "
            f"consulent), {TRAJECTEN:,} trajectories stored, about 10,000 of them overdue"
        ),
        seed=seed_trajecten,
        request=RequestSpec(
            method="GET",
            path=f'"/v1/trajecten?signaal=beslistermijn-verlopen&page=" .. rand_int(1, {PAGES})',
            roles=("consulent",),
        ),
        baseline=werklijst_baseline,
    ),
    Scenario(
        name="trajectory-case-read",
        service="trajectory",
        description=(
            "GET /v1/trajecten/<random case in settlement or solution> (role consulent): history, "
            f"14 debts on average, calculation and offer; {TRAJECTEN:,} trajectories stored"
        ),
        seed=seed_trajecten,
        request=RequestSpec(
            method="GET",
            path=f'"/v1/trajecten/" .. {VOL_TRAJECT_LUA}',
            roles=("consulent",),
            lua_prelude=VOL_TRAJECT_PRELUDE,
        ),
        baseline=lezen_baseline,
    ),
]
