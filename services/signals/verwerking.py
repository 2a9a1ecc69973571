"""Storing validated signals: person key, policy, repeats, matching and bundling into cases.

One call handles one chunk (a single push is a chunk of one) inside the caller's transaction:
a handful of set-based queries, then one executemany per table. Matching happens before the
insert so no row is updated afterwards (PERF.md).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.signals import identiteit, matching, repository
from services.signals.beleid import EerderSignaal, toets_beleid, toets_herhaling
from services.signals.models import casus, casus_historie, match_beoordeling, signaal
from services.signals.overdracht import stuur_overdracht
from services.signals.schemas import SignaalCreate
from shared.auth import Principal
from shared.contracts import signals_events as ev
from shared.contracts.ddas import Signaalpartner
from shared.plumbing import PlumbingTables
from shared.policy import Policy
from shared.processing_log import log_processing
from shared.types import adres_sleutel

ACTIVITEIT = "vroegsignalering"


@dataclass(frozen=True)
class Context:
    """Who pushes, under which policy and keys."""

    principal: Principal
    creditor_id: str
    partner_type: Signaalpartner
    policy: Policy
    pseudonym_key: str
    match_drempel: float
    grijs_drempel: float
    batch_id: str | None = None


@dataclass
class Resultaat:
    """What happened to each row of the chunk."""

    opgeslagen: dict[int, str] = field(default_factory=dict)  # row -> new signal id
    dubbel: dict[int, str] = field(default_factory=dict)  # row -> existing signal id
    fouten: list[tuple[int, str, str]] = field(default_factory=list)


def invoer_hash(item: SignaalCreate) -> str:
    """A fingerprint of the pushed content: the same id with other content is a conflict."""
    return hashlib.sha256(item.model_dump_json().encode()).hexdigest()


def _adres(item: SignaalCreate) -> str:
    return adres_sleutel(
        item.postcode,
        item.huisnummer,
        huisletter=item.huisletter,
        huisnummertoevoeging=item.huisnummertoevoeging,
    )


def verwerk(
    session: Session, tables: PlumbingTables, rows: list[tuple[int, SignaalCreate]], *, ctx: Context
) -> Resultaat:
    """Store one chunk of valid signals; duplicates (same creditor and id) are not stored twice."""
    result = Resultaat()
    hashes = {rij: invoer_hash(item) for rij, item in rows}
    bestaand = repository.bestaande_partner_ids(
        session, creditor_id=ctx.creditor_id, partner_ids={item.partner_id for _, item in rows}
    )
    nieuw: list[tuple[int, SignaalCreate]] = []
    for rij, item in rows:
        eerder = bestaand.get(item.partner_id)
        if eerder is None:
            nieuw.append((rij, item))
            bestaand[item.partner_id] = ("", hashes[rij])
        elif eerder[1] == hashes[rij]:
            result.dubbel[rij] = eerder[0]
        else:
            reden = "Dit partnerId is al ontvangen met een andere inhoud."
            result.fouten.append((rij, "partnerId", reden))
    if nieuw:
        _sla_op(session, tables, nieuw, hashes=hashes, ctx=ctx, result=result)
    return result


def _sla_op(
    session: Session,
    tables: PlumbingTables,
    rows: list[tuple[int, SignaalCreate]],
    *,
    hashes: dict[int, str],
    ctx: Context,
    result: Resultaat,
) -> None:
    now = datetime.now(UTC)
    today = now.date()
    beleid = ctx.policy.signalen
    partner_beleid = beleid.voor(ctx.partner_type)
    adressen = {rij: _adres(item) for rij, item in rows}
    bewoners: dict[str, list[matching.Persoon]] = defaultdict(list)
    for sleutel, persoon in repository.personen_op_adressen(session, set(adressen.values())):
        bewoners[sleutel].append(persoon)

    signalen: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    for rij, item in rows:
        bekend = bewoners[adressen[rij]]
        wie = identiteit.los_op(
            item, bekend, key=ctx.pseudonym_key, drempel=ctx.match_drempel, grijs=ctx.grijs_drempel
        )
        if wie.review_kandidaat is not None:
            reviews.append(
                {
                    "id": str(uuid.uuid4()),
                    "rij": rij,
                    "kandidaat_subject_key": wie.review_kandidaat,
                    "score": wie.score,
                    "status": "open",
                    "aangemaakt_at": now,
                }
            )
        if wie.sleutel == wie.persoon.subject_key and wie.methode != "exact":
            bekend.append(wie.persoon)
        sleutel, methode, score = wie.sleutel, wie.methode, wie.score
        signalen.append(
            {
                "id": str(uuid.uuid4()),
                "rij": rij,
                "item": item,
                "subject_key": sleutel,
                "match_methode": methode,
                "match_score": score,
            }
        )

    sleutels = {s["subject_key"] for s in signalen}
    eerdere = repository.eerdere_signalen(
        session, creditor_id=ctx.creditor_id, subject_keys=sleutels
    )
    open_per_sleutel = repository.open_casussen(session, sleutels)
    nieuwe_casussen: dict[str, dict[str, Any]] = {}
    gewijzigd: dict[str, dict[str, Any]] = {}
    events: list[tuple[str, str | None, dict[str, Any]]] = []
    overdrachten: list[tuple[str, SignaalCreate]] = []

    for s in signalen:
        item = s["item"]
        sleutel = s["subject_key"]
        oordeel = toets_beleid(
            partner_beleid,
            bedrag=item.bedrag,
            ontstaansdatum=item.ontstaansdatum,
            signaaldatum=item.signaaldatum,
        )
        if oordeel.opgepakt:
            oordeel = toets_herhaling(
                eerdere[sleutel],
                bedrag=item.bedrag,
                signaaldatum=item.signaaldatum,
                venster_dagen=beleid.herhaling_venster_dagen,
            )
        casus_id = None
        if oordeel.opgepakt:
            eerdere[sleutel].append(EerderSignaal(item.signaaldatum, item.bedrag))
            doel = _vind_casus(open_per_sleutel[sleutel], item.signaaldatum)
            if doel is None:
                doel = _nieuwe_casus(item, s, adres=adressen[s["rij"]], ctx=ctx, now=now)
                nieuwe_casussen[doel["id"]] = doel
                open_per_sleutel[sleutel].append(doel)
            else:
                doel = nieuwe_casussen.get(doel["id"]) or gewijzigd.setdefault(
                    doel["id"], dict(doel)
                )
            doel["totaal_bedrag"] = doel.get("totaal_bedrag", Decimal(0)) + item.bedrag
            doel["crisis"] = doel["crisis"] or item.crisissignaal
            if item.warme_overdracht and not doel.get("overgedragen_at"):
                doel["warme_overdracht"] = True
                doel["overgedragen_at"] = now
                overdrachten.append((doel["id"], item))
            casus_id = doel["id"]
        s["casus_id"] = casus_id
        s["row"] = _signaal_rij(item, s, oordeel, ctx=ctx, hash_=hashes[s["rij"]], now=now)
        result.opgeslagen[s["rij"]] = s["id"]
        events.append(
            (
                ev.SIGNAAL_ONTVANGEN,
                sleutel,
                ev.SignaalOntvangen(
                    signaal_id=s["id"],
                    partner_type=ctx.partner_type,
                    bedrag=item.bedrag,
                    ontstaansdatum=item.ontstaansdatum,
                    signaaldatum=item.signaaldatum,
                    status=oordeel.status,
                    crisis=item.crisissignaal,
                    warme_overdracht=item.warme_overdracht,
                    met_bsn=item.bsn is not None,
                    match_methode=s["match_methode"],
                    casus_id=casus_id,
                    batch=ctx.batch_id is not None,
                ).document(),
            )
        )

    for nieuw_casus in nieuwe_casussen.values():
        events.insert(
            0,
            (
                ev.CASUS_GEOPEND,
                nieuw_casus["subject_key"],
                ev.CasusGeopend(
                    casus_id=nieuw_casus["id"],
                    partner_type=ctx.partner_type,
                    actie=nieuw_casus["actie"],
                    crisis=nieuw_casus["crisis"],
                    matchingsdatum=nieuw_casus["matchingsdatum"],
                    startdatum_matchingperiode=nieuw_casus["startdatum_matchingperiode"],
                    einddatum_matchingperiode=nieuw_casus["einddatum_matchingperiode"],
                ).document(),
            ),
        )
    repository.insert_many(session, casus, list(nieuwe_casussen.values()))
    repository.insert_many(
        session,
        casus_historie,
        [
            {
                "casus_id": c["id"],
                "at": now,
                "actor": ctx.principal.subject,
                "van_status": None,
                "naar_status": "nieuw",
                "gebeurtenis": "geopend",
                "reden": f"Signaal van {ctx.partner_type.value}",
            }
            for c in nieuwe_casussen.values()
        ],
    )
    for c in gewijzigd.values():
        session.execute(
            sa.update(casus)
            .where(casus.c.id == c["id"])
            .values(
                totaal_bedrag=c["totaal_bedrag"],
                crisis=c["crisis"],
                warme_overdracht=c["warme_overdracht"],
                overgedragen_at=c["overgedragen_at"],
            )
        )
    repository.insert_many(session, signaal, [s["row"] for s in signalen])
    id_per_rij = {s["rij"]: (s["id"], s["casus_id"]) for s in signalen}
    repository.insert_many(
        session,
        match_beoordeling,
        [
            {k: v for k, v in r.items() if k != "rij"} | {"signaal_id": id_per_rij[r["rij"]][0]}
            for r in reviews
        ],
    )
    sleutel_per_casus = {s["casus_id"]: s["subject_key"] for s in signalen if s["casus_id"]}
    for casus_id, item in overdrachten:
        stuur_overdracht(
            session,
            tables,
            casus_id=casus_id,
            inwoner=item.model_dump(),
            subject_key=sleutel_per_casus[casus_id],
            gemeentecode=ctx.policy.gemeentecode,
            partner_types=[ctx.partner_type],
            totaal=item.bedrag,
            crisis=item.crisissignaal,
            warm=True,
            overdrachtsdatum=today,
            toelichting="Warme overdracht door de signaalpartner.",
        )
    repository.append_events(session, tables, gemeentecode=ctx.policy.gemeentecode, events=events)
    log_processing(
        session,
        tables,
        activities={a.id for a in ctx.policy.verwerkingsactiviteiten},
        principal=ctx.principal,
        action="signaal-ontvangen",
        activity_id=ACTIVITEIT,
        subject_keys=[s["subject_key"] for s in signalen],
    )


def _vind_casus(kandidaten: list[Any], signaaldatum: date) -> dict[str, Any] | None:
    for kandidaat in kandidaten:
        row = kandidaat if isinstance(kandidaat, dict) else kandidaat._asdict()
        if row["startdatum_matchingperiode"] <= signaaldatum <= row["einddatum_matchingperiode"]:
            return row
    return None


def _nieuwe_casus(
    item: SignaalCreate, s: dict[str, Any], *, adres: str, ctx: Context, now: datetime
) -> dict[str, Any]:
    periode = ctx.policy.signalen.matching_periode_dagen
    return {
        "id": str(uuid.uuid4()),
        "gemeentecode": ctx.policy.gemeentecode,
        "subject_key": s["subject_key"],
        "adres_sleutel": adres,
        "postcode_gebied": item.postcode[:4],
        "status": "nieuw",
        "actie": ctx.policy.signalen.voor(ctx.partner_type).actie.value,
        "crisis": False,
        "warme_overdracht": False,
        "totaal_bedrag": Decimal(0),
        "matchingsdatum": now.date(),
        "startdatum_matchingperiode": item.signaaldatum,
        # (policy signalen.matching_periode_dagen) signals within the period form one case.
        "einddatum_matchingperiode": item.signaaldatum + timedelta(days=periode),
        "overgedragen_at": None,
        "aangemaakt_at": now,
    }


def _signaal_rij(
    item: SignaalCreate, s: dict[str, Any], oordeel: Any, *, ctx: Context, hash_: str, now: datetime
) -> dict[str, Any]:
    return {
        "id": s["id"],
        "gemeentecode": ctx.policy.gemeentecode,
        "creditor_id": ctx.creditor_id,
        "partner_type": ctx.partner_type.value,
        "partner_id": item.partner_id,
        "invoer_hash": hash_,
        "batch_id": ctx.batch_id,
        "crisissignaal": item.crisissignaal,
        "warme_overdracht": item.warme_overdracht,
        "bedrag": item.bedrag,
        "ontstaansdatum": item.ontstaansdatum,
        "signaaldatum": item.signaaldatum,
        "status": oordeel.status.value,
        "status_reden": oordeel.reden,
        "actie": ctx.policy.signalen.voor(ctx.partner_type).actie.value,
        "subject_key": s["subject_key"],
        "heeft_bsn": item.bsn is not None,
        "match_methode": s["match_methode"],
        "match_score": s["match_score"],
        "casus_id": s["casus_id"],
        "bsn": item.bsn,
        "voorletters": item.voorletters,
        "tussenvoegsel": item.tussenvoegsel,
        "achternaam": item.achternaam,
        "naam_sleutel": matching.naam_sleutel(item.achternaam),
        "geboortedatum": item.geboortedatum,
        "straat": item.straat,
        "postcode": item.postcode,
        "huisnummer": item.huisnummer,
        "huisletter": item.huisletter,
        "huisnummertoevoeging": item.huisnummertoevoeging,
        "adres_sleutel": _adres(item),
        "woonplaats": item.woonplaats,
        "telefoon": item.telefoon,
        "email": str(item.email) if item.email else None,
        "ontvangen_at": now,
        "gewist_at": None,
    }


def ontvang_een(
    session: Session, tables: PlumbingTables, item: SignaalCreate, *, ctx: Context
) -> tuple[str, bool]:
    """A single push: (signal id, newly stored); the same id with other content is a 409."""
    result = verwerk(session, tables, [(1, item)], ctx=ctx)
    if result.fouten:
        from shared.problems import Conflict

        bestaand = repository.bestaande_partner_ids(
            session, creditor_id=ctx.creditor_id, partner_ids={item.partner_id}
        )
        signaal_id = bestaand[item.partner_id][0]
        raise Conflict(result.fouten[0][2], links={"signaal": f"/v1/signalen/{signaal_id}"})
    if result.dubbel:
        return result.dubbel[1], False
    return result.opgeslagen[1], True
