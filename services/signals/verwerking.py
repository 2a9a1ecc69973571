"""Storing validated signals: person key, policy, repeats, matching and bundling into cases.

One call handles one chunk (a single push is a chunk of one) inside the caller's transaction:
a handful of set-based queries, then one executemany per table. Matching happens before the
insert so no row is updated afterwards (PERF.md).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from services.signals import identiteit, matching, repository, rijen, terugmelding
from services.signals.bundeling import Bundelaar
from services.signals.models import match_beoordeling, signaal
from services.signals.overdracht import stuur_overdracht
from services.signals.schemas import SignaalCreate
from shared.auth import Principal
from shared.contracts import signals_events as ev
from shared.contracts.ddas import Signaalpartner
from shared.plumbing import PlumbingTables
from shared.policy import Policy
from shared.problems import Conflict
from shared.processing_log import processing_records

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
    opgeslagen_rijen: dict[int, dict[str, Any]] = field(default_factory=dict)  # row -> stored
    dubbel: dict[int, str] = field(default_factory=dict)  # row -> existing signal id
    fouten: list[tuple[int, str, str]] = field(default_factory=list)


def invoer_hash(item: SignaalCreate) -> str:
    """A fingerprint of the pushed content: the same id with other content is a conflict."""
    return hashlib.sha256(item.model_dump_json().encode()).hexdigest()


def verwerk(
    session: Connection,
    tables: PlumbingTables,
    rows: list[tuple[int, SignaalCreate]],
    *,
    ctx: Context,
) -> Resultaat:
    """Store one chunk of valid signals; duplicates (same creditor and id) are not stored twice."""
    result = Resultaat()
    hashes = {rij: invoer_hash(item) for rij, item in rows}
    bestaand, bekend = _bekend(session, rows, ctx=ctx)
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
        _sla_op(session, tables, nieuw, hashes=hashes, ctx=ctx, result=result, bekend=bekend)
    return result


def _bekend(
    session: Connection, rows: list[tuple[int, SignaalCreate]], *, ctx: Context
) -> tuple[dict[str, tuple[str, str]], repository.Bekend | None]:
    """The partner ids already stored and, for a single push with a BSN (its person key is
    known before matching), the resident's earlier signals and open cases with them in one
    statement."""
    if len(rows) == 1:
        item = rows[0][1]
        sleutel = identiteit.bsn_sleutel(item, ctx.pseudonym_key)
        if sleutel is not None:
            bekend = repository.bekend_bij_bsn(
                session,
                creditor_id=ctx.creditor_id,
                partner_id=item.partner_id,
                subject_key=sleutel,
            )
            return bekend.partner_ids, bekend
    bestaand = repository.bestaande_partner_ids(
        session, creditor_id=ctx.creditor_id, partner_ids={item.partner_id for _, item in rows}
    )
    return bestaand, None


def _sla_op(
    session: Connection,
    tables: PlumbingTables,
    rows: list[tuple[int, SignaalCreate]],
    *,
    hashes: dict[int, str],
    ctx: Context,
    result: Resultaat,
    bekend: repository.Bekend | None,
) -> None:
    vast = rijen.Vast.voor(
        ctx.policy,
        creditor_id=ctx.creditor_id,
        partner_type=ctx.partner_type,
        batch_id=ctx.batch_id,
        now=datetime.now(UTC),
    )
    adressen = [rijen.adres(item) for _, item in rows]
    # Only signals without a BSN are compared with the residents known at their address.
    bewoners: dict[str, list[matching.Persoon]] = defaultdict(list)
    zonder_bsn = {a for a, (_, item) in zip(adressen, rows, strict=True) if item.bsn is None}
    for sleutel, persoon in repository.personen_op_adressen(session, zonder_bsn):
        bewoners[sleutel].append(persoon)
    # Later rows of the chunk match against residents that earlier rows introduced.
    wie_per_rij = identiteit.los_op_chunk(
        [(adres, item) for adres, (_, item) in zip(adressen, rows, strict=True)],
        bewoners,
        key=ctx.pseudonym_key,
        drempel=ctx.match_drempel,
        grijs=ctx.grijs_drempel,
    )

    bundelaar = Bundelaar.laad(
        session,
        policy=ctx.policy,
        partner_type=ctx.partner_type,
        creditor_id=ctx.creditor_id,
        sleutels={wie.sleutel for wie in wie_per_rij},
        vast=vast,
        bekend=bekend,
    )
    signaal_ids = repository.nieuwe_ids(len(rows))
    signalen: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    for (rij, item), wie, adres, signaal_id in zip(
        rows, wie_per_rij, adressen, signaal_ids, strict=True
    ):
        oordeel, casus_id = bundelaar.plaats(item, wie.sleutel, adres)
        signalen.append(
            rijen.signaal(
                item,
                signaal_id=signaal_id,
                wie=wie,
                oordeel=oordeel,
                casus_id=casus_id,
                adres_sleutel=adres,
                invoer_hash=hashes[rij],
                vast=vast,
            )
        )
        if wie.review_kandidaat is not None:
            reviews.append(
                rijen.review(
                    review_id=repository.nieuw_id(), signaal_id=signaal_id, wie=wie, now=vast.now
                )
            )
        result.opgeslagen[rij] = signaal_id
        result.opgeslagen_rijen[rij] = signalen[-1]

    bundelaar.schrijf(session, actor=ctx.principal.subject)
    repository.insert_many(session, signaal, signalen)
    repository.insert_many(session, match_beoordeling, reviews)
    # No case will report these to the creditor's callback when it closes: queue them now.
    terugmelding.meld_niet_opgepakt(session, signalen, creditor_id=ctx.creditor_id)
    for casus_id, sleutel, item in bundelaar.overdrachten:
        stuur_overdracht(
            session,
            tables,
            casus_id=casus_id,
            inwoner=item.model_dump(),
            subject_key=sleutel,
            gemeentecode=ctx.policy.gemeentecode,
            partner_types=[ctx.partner_type],
            totaal=item.bedrag,
            crisis=item.crisissignaal,
            warm=True,
            overdrachtsdatum=vast.now.date(),
            toelichting="Warme overdracht door de signaalpartner.",
        )
    _events(session, tables, signalen, list(bundelaar.nieuw.values()), vast=vast)
    repository.insert_many(
        session,
        tables.processing_log,
        processing_records(
            activities={a.id for a in ctx.policy.verwerkingsactiviteiten},
            principal=ctx.principal,
            action="signaal-ontvangen",
            activity_id=ACTIVITEIT,
            subject_keys=[row["subject_key"] for row in signalen],
        ),
    )


def _events(
    session: Connection,
    tables: PlumbingTables,
    signalen: list[dict[str, Any]],
    casussen: list[dict[str, Any]],
    *,
    vast: rijen.Vast,
) -> None:
    """`casus.geopend` per new case and `signaal.ontvangen` per signal, in one executemany.

    The payloads are built directly (one dict per event, no model per row); the first of each
    type is checked against its contract model, so the two cannot drift apart.
    """
    geopend = [
        (ev.CASUS_GEOPEND, c["subject_key"], rijen.casus_geopend(c, vast=vast)) for c in casussen
    ]
    ontvangen = [
        (ev.SIGNAAL_ONTVANGEN, row["subject_key"], rijen.signaal_ontvangen(row)) for row in signalen
    ]
    if geopend:
        rijen.controleer(ev.CasusGeopend, geopend[0][2])
    if ontvangen:
        rijen.controleer(ev.SignaalOntvangen, ontvangen[0][2])
    repository.append_events(
        session, tables, gemeentecode=vast.gemeentecode, events=geopend + ontvangen
    )


def ontvang_een(
    session: Connection, tables: PlumbingTables, item: SignaalCreate, *, ctx: Context
) -> tuple[str, dict[str, Any] | None]:
    """A single push: (signal id, the stored row if it is new, None if it was received
    before); the same id with other content is a 409."""
    if session.dialect.name == "sqlite":
        # BEGIN IMMEDIATE: no other writer between the lookup and the insert, no race.
        result = verwerk(session, tables, [(1, item)], ctx=ctx)
    else:
        result = _verwerk_tegen_race(session, tables, item, ctx=ctx)
    if result.fouten:
        bestaand = repository.bestaande_partner_ids(
            session, creditor_id=ctx.creditor_id, partner_ids={item.partner_id}
        )
        signaal_id = bestaand[item.partner_id][0]
        raise Conflict(result.fouten[0][2], links={"signaal": f"/v1/signalen/{signaal_id}"})
    if result.dubbel:
        return result.dubbel[1], None
    return result.opgeslagen[1], result.opgeslagen_rijen[1]


def _verwerk_tegen_race(
    session: Connection, tables: PlumbingTables, item: SignaalCreate, *, ctx: Context
) -> Resultaat:
    try:
        with session.begin_nested():
            return verwerk(session, tables, [(1, item)], ctx=ctx)
    except IntegrityError:
        # A concurrent push of the same (creditor, partnerId) committed first (the unique
        # constraint waited for it): now it reads as a repeat or a conflict.
        return verwerk(session, tables, [(1, item)], ctx=ctx)
