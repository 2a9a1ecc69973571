"""Single pushes of signals (issue 5): `POST /v1/signalen` under load, against a raw baseline.

100,000 signals of another creditor are stored first. Each request pushes a new signal (unique
`partnerId`) about one of 1,000 residents (a BSN from a fixed list), so pushes join open cases,
hit the repeat rule and open new cases, as a creditor's feed does. The baseline validates the
same body with the same model and, in one transaction, does the least a push must: look the
(creditor, partnerId) up, insert the signal, its `signaal.ontvangen` event and its
processing-log record, with the raw driver.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import FastAPI, Response

from services.signals.schemas import SignaalCreate
from tests.bench.scenario import RawDb, RequestSpec, Scenario, SeedContext
from tests.bench.signals import data

SEEDED = 100_000
BSNS = 1_000
TODAY = date.today()


def seed_signalen(ctx: SeedContext) -> None:
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for i, s in enumerate(data.signalen(SEEDED, seed=7)):
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "gemeentecode": "GM0362",
                "creditor_id": "seed-corp",
                "partner_type": "Huur",
                "partner_id": s["partnerId"],
                "invoer_hash": "",
                "crisissignaal": s["crisissignaal"],
                "warme_overdracht": False,
                "bedrag": s["bedrag"],
                "ontstaansdatum": s["ontstaansdatum"],
                "signaaldatum": s["signaaldatum"],
                "status": "Nog niet opgepakt",
                "actie": "huisbezoek",
                "subject_key": f"seed{i // 2:060d}",
                "heeft_bsn": s["bsn"] is not None,
                "match_methode": "bsn" if s["bsn"] else "nieuw",
                "achternaam": s["achternaam"],
                "postcode": s["postcode"],
                "huisnummer": s["huisnummer"],
                "adres_sleutel": f"{s['postcode']} {s['huisnummer']}",
                "ontvangen_at": now,
            }
        )
    ctx.bulk_insert(ctx.metadata.tables["signaal"], rows)


rng = random.Random(5)
BSN_LUA = "{" + ", ".join(f'"{data.bsn(rng)}"' for _ in range(BSNS)) + "}"
SIGNAAL_LUA = (
    '[[{"partnerId":"]] .. uid() .. [[","bedrag":"]] .. rand_int(100, 5000) .. [[.00",'
    f'"ontstaansdatum":"{TODAY - timedelta(days=60)}","signaaldatum":"{TODAY}",'
    '"bsn":"]] .. BSN[rand_int(1, ' + str(BSNS) + ')] .. [[","voorletters":"J.",'
    '"achternaam":"Jansen","geboortedatum":"1980-05-17","straat":"Stadsplein",'
    '"postcode":"]] .. rand_int(1000, 9999) .. [[AB","huisnummer":]] .. rand_int(1, 400) .. [[,'
    '"woonplaats":"Amstelveen"}]]'
)


def baseline_push(app: FastAPI, db: RawDb) -> None:
    @app.post("/v1/signalen", status_code=201)
    async def push(body: SignaalCreate, response: Response) -> dict[str, Any]:
        now = db.timestamp(datetime.now(UTC))
        signaal_id = str(uuid.uuid4())
        with db.transaction():
            bestaand = db.one(
                "SELECT id FROM signaal WHERE creditor_id = ? AND partner_id = ?",
                ("bench-corp", body.partner_id),
            )
            if bestaand is not None:
                response.status_code = 200
                return {"id": bestaand[0]}
            db.run(
                "INSERT INTO signaal (id, gemeentecode, creditor_id, partner_type, partner_id, "
                "invoer_hash, crisissignaal, warme_overdracht, bedrag, ontstaansdatum, "
                "signaaldatum, status, actie, subject_key, heeft_bsn, match_methode, bsn, "
                "achternaam, geboortedatum, postcode, huisnummer, ontvangen_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    signaal_id, "GM0362", "bench-corp", "Huur", body.partner_id, "",
                    body.crisissignaal, body.warme_overdracht, str(body.bedrag),
                    body.ontstaansdatum.isoformat(), body.signaaldatum.isoformat(),
                    "Nog niet opgepakt", "huisbezoek", body.bsn or body.achternaam,
                    body.bsn is not None, "bsn", body.bsn, body.achternaam,
                    body.geboortedatum.isoformat() if body.geboortedatum else None,
                    body.postcode, body.huisnummer, now,
                ),
            )  # fmt: skip
            db.run(
                "INSERT INTO event (event_id, type, occurred_at, gemeentecode, subject_key, "
                "payload) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    str(uuid.uuid4()), "signaal.ontvangen", now, "GM0362", body.bsn,
                    '{"signaalId": "' + signaal_id + '", "bedrag": "' + str(body.bedrag) + '"}',
                ),
            )  # fmt: skip
            db.run(
                "INSERT INTO processing_log (trace_id, span_id, action, activity_id, "
                "subject_key, actor, role, result, started_at, ended_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    uuid.uuid4().hex, uuid.uuid4().hex[:16], "signaal-ontvangen",
                    "vroegsignalering", body.bsn or "-", "bench", "creditor", "success", now, now,
                ),
            )  # fmt: skip
        return {"id": signaal_id}


SCENARIOS = [
    Scenario(
        name="signaal-push",
        service="signals",
        description=f"POST /v1/signalen, a new signal about one of {BSNS:,} residents, "
        f"{SEEDED:,} stored",
        seed=seed_signalen,
        request=RequestSpec(
            method="POST",
            path='"/v1/signalen"',
            body=SIGNAAL_LUA,
            roles=("creditor",),
            creditor_id="bench-corp",
            partner_type="Huur",
            headers={"Content-Type": "application/json"},
            lua_prelude=f"BSN = {BSN_LUA}",
        ),
        baseline=baseline_push,
    ),
]
