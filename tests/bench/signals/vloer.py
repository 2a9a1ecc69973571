"""The floor of the batch benchmark: a bare FastAPI endpoint doing the least a batch needs.

Started as `uvicorn tests.bench.signals.vloer:create_app --factory` with `BENCH_DATABASE_URL`.
`POST /batch` reads the body (JSON array or CSV) and validates it with the one TypeAdapter
(services.signals.invoer), then stores every valid signal in the same `signaal` table with the
raw driver: `executemany` in one `BEGIN IMMEDIATE` transaction on SQLite, `COPY` on PostgreSQL.
No auth, middleware, session, matching, cases, events, processing log or per-row report; it
answers when the rows are committed.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from typing import Any

from fastapi import FastAPI, Request

from services.signals import invoer
from services.signals.schemas import SignaalCreate
from tests.bench.scenario import SQLITE, RawDb

KOLOMMEN = (
    "id", "gemeentecode", "creditor_id", "partner_type", "partner_id", "invoer_hash",
    "crisissignaal", "warme_overdracht", "bedrag", "ontstaansdatum", "signaaldatum", "status",
    "actie", "subject_key", "heeft_bsn", "match_methode", "bsn", "voorletters", "tussenvoegsel",
    "achternaam", "geboortedatum", "straat", "postcode", "huisnummer", "huisletter",
    "huisnummertoevoeging", "woonplaats", "telefoon", "email", "ontvangen_at",
)  # fmt: skip


def _tekst(d: date) -> str:
    return d.isoformat()


def _zelf(d: date) -> date:
    return d


def _rij(s: SignaalCreate, now: Any, sqlite: bool) -> tuple[Any, ...]:
    datum: Callable[[date], Any] = _tekst if sqlite else _zelf
    return (
        str(uuid.uuid4()), "GM0362", "vloer", "Huur", s.partner_id, "", s.crisissignaal,
        s.warme_overdracht, float(s.bedrag) if sqlite else s.bedrag, datum(s.ontstaansdatum),
        datum(s.signaaldatum), "Nog niet opgepakt", "huisbezoek", s.partner_id, s.bsn is not None,
        "bsn", s.bsn, s.voorletters, s.tussenvoegsel, s.achternaam,
        datum(s.geboortedatum) if s.geboortedatum else None, s.straat, s.postcode, s.huisnummer,
        s.huisletter, s.huisnummertoevoeging, s.woonplaats, s.telefoon, s.email, now,
    )  # fmt: skip


def create_app() -> FastAPI:
    db = RawDb(os.environ["BENCH_DATABASE_URL"])
    sqlite = db.engine == SQLITE

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            db.close()

    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, lifespan=lifespan)

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "up"}

    @app.post("/batch", status_code=201)
    async def batch(request: Request) -> dict[str, int]:
        formaat = (
            "csv" if request.headers.get("content-type", "").startswith("text/csv") else "json"
        )
        gelezen = invoer.lees(formaat, await request.body(), max_rijen=1_000_000)
        now = db.timestamp(datetime.now(UTC))
        rows = [_rij(s, now, sqlite) for _, s in gelezen.signalen]
        with db.transaction():
            if sqlite:
                slots = ", ".join("?" * len(KOLOMMEN))
                db.connection.executemany(
                    f"INSERT INTO signaal ({', '.join(KOLOMMEN)}) VALUES ({slots})",
                    rows,
                )
            else:
                with (
                    db.connection.cursor() as cursor,
                    cursor.copy(f"COPY signaal ({', '.join(KOLOMMEN)}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
        return {"opgeslagen": len(rows), "afgewezen": len(gelezen.fouten)}

    return app
