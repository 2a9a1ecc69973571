"""Intake's figures (issue 3), 100,000 meldingen stored: register one, read one, and a
counsellor's overdue work list.

Each baseline issues the same statements the service issues for the request, with the raw
driver in one transaction: for registering, the open-melding check, the melding, its first
status-history row, the event (behind the advisory lock on PostgreSQL, as `append_event` takes
it) and the processing-log record; for reading, the melding by id and the log record; for the
work list, the count, the page and one log record per resident shown. What the service does on
top (auth, validation, deadlines, the recidive question, building the response) is the cost the
ratio shows.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from fastapi import FastAPI, Response

from services.intake.domain.termijnen import MeldingTermijnen, bereken_termijnen
from services.intake.models import melding, melding_statuswijziging
from shared.events import EVENT_APPEND_LOCK
from shared.policy import load_policy
from shared.settings import DEVELOPMENT_PSEUDONYM_KEY
from tests.bench.scenario import SQLITE, RawDb, RequestSpec, Scenario, SeedContext
from tests.bench.scenarios.foundation import LOG_INSERT

MELDINGEN = 100_000
CONSULENTEN = 40
OPEN_EVERY = 7  # one melding in 7 is open (about 14,300), the rest closed over two years
PAGE_SIZE = 20
PAGES = 5  # a counsellor's overdue list has about 8 pages of 20; the first 5 are asked
POLICY = load_policy()
# Nothing listens on port 1: trajectory's recidive answer is refused at once (`onbekend`), the
# cheapest way that question can go; in production it is a round trip to trajectory.
TRAJECTORY_DOWN = {"TRAJECTORY_URL": "http://127.0.0.1:1"}


def melding_id(n: int) -> str:
    """A UUID the Lua side can build too."""
    return f"00000000-0000-4000-8000-{n:012d}"


def bsn(prefix: int, n: int) -> str | None:
    """`prefix` and 7 digits of `n` with the eleven-test check digit; None when there is none."""
    digits = f"{prefix}{n % 10_000_000:07d}"
    total = sum(weight * int(d) for weight, d in zip(range(9, 1, -1), digits, strict=True))
    return None if total % 11 == 10 else digits + str(total % 11)


def subject_key(value: str) -> str:
    return hmac.new(DEVELOPMENT_PSEUDONYM_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


@cache
def termijnen(meldingdatum: date, crisis: bool) -> MeldingTermijnen:
    return bereken_termijnen(
        meldingdatum, crisis=crisis, termijnen=POLICY.termijnen, kalender=POLICY.kalender()
    )


def _melding_row(n: int, *, bsn_value: str, today: date) -> dict[str, Any]:
    open_ = n % OPEN_EVERY == 0
    crisis = n % 10 == 0
    meldingdatum = (
        today - timedelta(days=(n // OPEN_EVERY) % 60)
        if open_
        else today - timedelta(days=60 + n % 670)
    )
    t = termijnen(meldingdatum, crisis)
    # Open: 40% no conversation yet, 40% planned, 10% held, 10% no-show; closed: held, advice.
    stand = ("geen", "geen", "gepland", "gepland", "gehouden", "geen", "gepland", "gepland",
             "gehouden", "niet-verschenen")[n % 10] if open_ else "gehouden"  # fmt: skip
    if open_ and stand == "gehouden":
        stand = "niet-verschenen" if crisis else stand
    gepland = stand != "geen"
    gesprek_datum = meldingdatum + timedelta(days=3 + n % 18) if gepland else None
    held = stand == "gehouden"

    def gehaald(uiterlijk: date) -> bool | None:
        if held:
            return True
        return False if uiterlijk < today else None

    return {
        "id": melding_id(n),
        "gemeentecode": "GM0362",
        "kanaal": ("balie", "telefoon", "email", "verwijzing")[n % 4],
        "verwijzer": "Humanitas" if n % 4 == 3 else None,
        "status": "open" if open_ else "afgerond",
        "meldingdatum": meldingdatum,
        "subject_key": subject_key(bsn_value),
        "bsn": bsn_value,
        "voorletters": "J.",
        "voornamen": "Jan",
        "tussenvoegsel": "de" if n % 3 == 0 else None,
        "achternaam": f"Vries{n}",
        "geboortedatum": date(1950 + n % 55, 1 + n % 12, 1 + n % 28),
        "straat": "Stadsplein",
        "huisnummer": 1 + n % 200,
        "huisletter": None,
        "huisnummertoevoeging": None,
        "postcode": "1181ZM",
        "woonplaats": "Amstelveen",
        "telefoon": "020 540 4911",
        "email": f"inwoner{n}@example.nl",
        "voorkeurstaal": "nl",
        "partner": {"achternaam": f"Bakker{n}", "voorletters": "M."} if n % 5 == 0 else None,
        "kinderen_onder_18": n % 4,
        "inkomensbron": "uitkering",
        "doelgroepen": ["laaggeletterd"] if n % 9 == 0 else [],
        "crisis": crisis,
        "crisissoort": "huisuitzetting" if crisis else None,
        "crisisdatum": meldingdatum + timedelta(days=10) if crisis else None,
        "toelichting": None,
        "plannen_uiterlijk": t.plannen_uiterlijk,
        "gesprek_norm_uiterlijk": t.gesprek_norm_uiterlijk,
        "gesprek_wettelijk_uiterlijk": t.gesprek_wettelijk_uiterlijk,
        "plannen_gehaald": True if gepland else (False if t.plannen_uiterlijk < today else None),
        "gesprek_norm_gehaald": gehaald(t.gesprek_norm_uiterlijk),
        "gesprek_wettelijk_gehaald": gehaald(t.gesprek_wettelijk_uiterlijk),
        "recidive": "nee",
        "laatst_afgesloten_op": None,
        "lopend_traject": False,
        "consulent": f"consulent-{n % CONSULENTEN}" if gepland else None,
        "gesprek_status": stand,
        "gesprek_datum": gesprek_datum,
        "uitkomst": None if open_ else "advies",
        "afgesloten_op": None if open_ else meldingdatum + timedelta(days=25),
        "casus_id": None,
        "geregistreerd_at": datetime.combine(meldingdatum, datetime.min.time(), tzinfo=UTC),
        "geregistreerd_door": "balie-1",
    }


def seed_meldingen(ctx: SeedContext) -> None:
    today = date.today()
    rows: list[dict[str, Any]] = []
    candidate = 0
    while len(rows) < MELDINGEN:
        value = bsn(1, candidate)  # seeded residents' BSNs start with 1, new ones with 2
        candidate += 1
        if value is not None:
            rows.append(_melding_row(len(rows), bsn_value=value, today=today))
    ctx.bulk_insert(ctx.metadata.tables[melding.name], rows)
    history = [
        {
            "melding_id": row["id"],
            "van": None,
            "naar": "open",
            "reden": None,
            "door": "balie-1",
            "gewijzigd_at": row["geregistreerd_at"],
        }
        for row in rows
    ]
    ctx.bulk_insert(ctx.metadata.tables[melding_statuswijziging.name], history)


# ---- registering a melding -------------------------------------------------------------------

# A BSN per request, unique in the run: `2`, 7 digits counting up from a random start, and the
# eleven-test check digit (numbers without one are skipped).
BSN_LUA = """
local bsn_start = nil
function bsn()
  if bsn_start == nil then bsn_start = math.random(0, 9999999) end
  while true do
    local digits = string.format("2%07d", (bsn_start + seq()) % 10000000)
    local total = 0
    for i = 1, 8 do total = total + (10 - i) * tonumber(digits:sub(i, i)) end
    if total % 11 < 10 then return digits .. (total % 11) end
  end
end
"""
REGISTER_BODY = (
    '[[{"kanaal":"balie","inwoner":{"bsn":"]] .. bsn() .. [[","voorletters":"J.",'
    '"achternaam":"Jansen","geboortedatum":"1980-04-12","straat":"Stadsplein","huisnummer":1,'
    '"postcode":"1181ZM","woonplaats":"Amstelveen","telefoon":"020 540 4911",'
    '"email":"j.jansen@example.nl","voorkeurstaal":"nl"},"kinderenOnder18":1,'
    '"inkomensbron":"uitkering"}]]'
)
MELDING_COLUMNS = [c.name for c in melding.columns]
MELDING_INSERT = (
    f"INSERT INTO melding ({', '.join(MELDING_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in MELDING_COLUMNS)})"
)
PERSOON = (
    "bsn", "voorletters", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "straat",
    "huisnummer", "huisletter", "huisnummertoevoeging", "postcode", "woonplaats", "telefoon",
    "email",
)  # fmt: skip


def _log_row(db: RawDb, *, action: str, key: str, started: datetime) -> tuple[Any, ...]:
    return (
        uuid.uuid4().hex,
        uuid.uuid4().hex[:16],
        action,
        "intake-melding",
        key,
        "bench",
        "loket",
        "success",
        db.timestamp(started),
        db.timestamp(datetime.now(UTC)),
    )


def register_baseline(app: FastAPI, db: RawDb) -> None:
    """The statements of a registration, in one transaction; the answer echoes the row."""

    @app.post("/v1/meldingen", status_code=201)
    async def register(body: dict[str, Any], response: Response) -> dict[str, Any]:
        started = datetime.now(UTC)
        inwoner = body["inwoner"]
        key = subject_key(inwoner["bsn"])
        new_id = str(uuid.uuid4())
        today = date.today()
        values: dict[str, Any] = dict.fromkeys(MELDING_COLUMNS)
        values.update({name: inwoner.get(name) for name in PERSOON})
        values.update(
            id=new_id,
            gemeentecode="GM0362",
            kanaal=body["kanaal"],
            status="open",
            meldingdatum=today,
            subject_key=key,
            kinderen_onder_18=body.get("kinderenOnder18", 0),
            inkomensbron=body.get("inkomensbron"),
            voorkeurstaal=inwoner.get("voorkeurstaal"),
            doelgroepen=db_json(db, []),
            crisis=False,
            plannen_uiterlijk=today + timedelta(days=2),
            gesprek_norm_uiterlijk=today + timedelta(days=7),
            gesprek_wettelijk_uiterlijk=today + timedelta(days=28),
            recidive="onbekend",
            gesprek_status="geen",
            geregistreerd_at=db.timestamp(started),
            geregistreerd_door="bench",
        )
        with db.transaction():
            found = db.one(
                "SELECT id FROM melding WHERE subject_key = ? AND status = 'open' LIMIT 1", (key,)
            )
            if found is not None:
                response.status_code = 409
                return {"links": {"melding": f"/v1/meldingen/{found[0]}"}}
            db.run(MELDING_INSERT, [values[name] for name in MELDING_COLUMNS])
            db.run(
                "INSERT INTO melding_statuswijziging (melding_id, van, naar, reden, door, "
                "gewijzigd_at) VALUES (?, ?, ?, ?, ?, ?)",
                (new_id, None, "open", None, "bench", db.timestamp(started)),
            )
            db.run(LOG_INSERT, _log_row(db, action="melding-registreren", key=key, started=started))
            if db.engine != SQLITE:
                db.run("SELECT pg_advisory_xact_lock(?)", (EVENT_APPEND_LOCK,))
            db.run(
                "INSERT INTO event (event_id, type, occurred_at, gemeentecode, subject_key, "
                "payload) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()),
                    "intake.melding.geregistreerd",
                    db.timestamp(started),
                    "GM0362",
                    key,
                    json.dumps({"meldingId": new_id, "kanaal": body["kanaal"], "crisis": False}),
                ),
            )
        response.headers["Location"] = f"/v1/meldingen/{new_id}"
        return {name: values[name] for name in MELDING_COLUMNS}


def db_json(db: RawDb, value: Any) -> str:
    """A JSON column's value as the driver takes it (text on both engines)."""
    return json.dumps(value)


# ---- reading one ---------------------------------------------------------------------------


def read_baseline(app: FastAPI, db: RawDb) -> None:
    """The melding by id and the log record, in one transaction; the row as a flat dict."""
    select = f"SELECT {', '.join(MELDING_COLUMNS)} FROM melding WHERE id = ?"

    @app.get("/v1/meldingen/{melding_id}")
    async def read(melding_id: str, response: Response) -> dict[str, Any]:
        started = datetime.now(UTC)
        with db.transaction():
            row = db.one(select, (melding_id,))
            if row is None:
                response.status_code = 404
                return {}
            db.run(LOG_INSERT, _log_row(db, action="melding-inzien", key=row[6], started=started))
        values = dict(zip(MELDING_COLUMNS, row, strict=True))
        for name in ("partner", "doelgroepen"):
            values[name] = db.json(values[name])
        return values


# ---- a counsellor's overdue work list --------------------------------------------------------

SUMMARY_COLUMNS = (
    "id, kanaal, status, meldingdatum, voorletters, tussenvoegsel, achternaam, crisis, "
    "crisissoort, plannen_uiterlijk, gesprek_norm_uiterlijk, gesprek_wettelijk_uiterlijk, "
    "plannen_gehaald, gesprek_norm_gehaald, gesprek_wettelijk_gehaald, consulent, "
    "gesprek_status, gesprek_datum, subject_key"
)
OVERDUE = (
    "FROM melding WHERE status = 'open' AND gesprek_status <> 'gehouden' "
    "AND gesprek_norm_uiterlijk < ? AND consulent = ?"
)


def _insert_many(db: RawDb, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    if db.engine == SQLITE:
        db.connection.executemany(sql, rows)
        return
    with db.connection.cursor() as cursor:
        cursor.executemany(sql.replace("?", "%s"), rows)


def overdue_baseline(app: FastAPI, db: RawDb) -> None:
    """Count, page and one log record per resident shown, in one transaction."""
    names = [name.strip() for name in SUMMARY_COLUMNS.split(",")]

    @app.get("/v1/meldingen")
    async def overdue(
        werklijst: str,
        consulent: str,
        page: int = 1,
        pageSize: int = PAGE_SIZE,  # noqa: N803
    ) -> dict[str, Any]:
        started = datetime.now(UTC)
        today = date.today()
        with db.transaction():
            total = db.one(f"SELECT count(*) {OVERDUE}", (today, consulent))
            rows = db.rows(
                f"SELECT {SUMMARY_COLUMNS} {OVERDUE} ORDER BY gesprek_norm_uiterlijk, id "
                "LIMIT ? OFFSET ?",
                (today, consulent, pageSize, (page - 1) * pageSize),
            )
            _insert_many(
                db,
                LOG_INSERT,
                [_log_row(db, action="werklijst-inzien", key=r[-1], started=started) for r in rows],
            )
        return {
            "items": [dict(zip(names[:-1], row[:-1], strict=True)) for row in rows],
            "page": page,
            "pageSize": pageSize,
            "total": total[0] if total else 0,
        }


SCENARIOS = [
    Scenario(
        name="melding-register",
        service="intake",
        description=(
            f"POST /v1/meldingen (role loket), a new resident each time, {MELDINGEN:,} meldingen "
            "stored; trajectory down (recidive `onbekend`)"
        ),
        seed=seed_meldingen,
        request=RequestSpec(
            method="POST",
            path='"/v1/meldingen"',
            body=REGISTER_BODY,
            roles=("loket",),
            lua_prelude=BSN_LUA,
        ),
        baseline=register_baseline,
        env=TRAJECTORY_DOWN,
    ),
    Scenario(
        name="melding-read",
        service="intake",
        description=f"GET /v1/meldingen/<random id> (role loket), {MELDINGEN:,} meldingen stored",
        seed=seed_meldingen,
        request=RequestSpec(
            method="GET",
            path=(
                f'string.format("/v1/meldingen/00000000-0000-4000-8000-%012d", '
                f"rand_int(0, {MELDINGEN - 1}))"
            ),
            roles=("loket",),
        ),
        baseline=read_baseline,
    ),
    Scenario(
        name="melding-overdue-list",
        service="intake",
        description=(
            f"GET /v1/meldingen?werklijst=te-laat-norm&consulent=<random of {CONSULENTEN}>"
            f"&page=<1-{PAGES}>&pageSize={PAGE_SIZE} (role consulent), {MELDINGEN:,} meldingen "
            "stored (about 160 overdue per counsellor)"
        ),
        seed=seed_meldingen,
        request=RequestSpec(
            method="GET",
            path=(
                '"/v1/meldingen?werklijst=te-laat-norm&consulent=consulent-" .. '
                f'rand_int(0, {CONSULENTEN - 1}) .. "&page=" .. rand_int(1, {PAGES}) .. '
                f'"&pageSize={PAGE_SIZE}"'
            ),
            roles=("consulent",),
        ),
        baseline=overdue_baseline,
    ),
]
