"""Outreach ("Vroeg Eropaf"): assign, record contact attempts, close; merge grey-zone matches.

Allowed transitions (each appended to `casus_historie`, never edited):

| from | to | why |
|---|---|---|
| nieuw | toegewezen | coordinator assigns two consulenten and a date (seed annex 3) |
| nieuw | afgesloten | already known at intake or trajectory (issue 5), or closed without visit |
| toegewezen | afgesloten | a consulent closes with a DDAS end result |
| nieuw, toegewezen | samengevoegd | a grey-zone match is the same resident (samenvoegen.py) |
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from services.signals import casussen, repository, terugmelding
from services.signals.casus_schemas import AfsluitingCreate, ContactpogingCreate, ToewijzingCreate
from services.signals.models import casus, casus_historie, contactpoging, signaal
from services.signals.overdracht import stuur_overdracht
from shared.auth import Principal
from shared.contracts import signals_events as ev
from shared.contracts.ddas import Contactsoort, Eindresultaat, Signaalpartner, Signaalstatus
from shared.plumbing import PlumbingTables
from shared.policy import Policy
from shared.problems import Conflict, RuleViolation

NIET_OPGEPAKT = frozenset(s.value for s in Signaalstatus) - {Signaalstatus.NOG_NIET_OPGEPAKT.value}
OVERGANGEN: dict[str, tuple[str, ...]] = {
    "nieuw": ("toegewezen", "afgesloten", "samengevoegd"),
    "toegewezen": ("afgesloten", "samengevoegd"),
    "afgesloten": (),
    "samengevoegd": (),
}


@dataclass(frozen=True)
class Omgeving:
    """What a use case needs besides the session."""

    tables: PlumbingTables
    policy: Policy
    principal: Principal
    today: date


def overgang(
    session: Connection, row: Any, naar: str, *, env: Omgeving, gebeurtenis: str, reden: str | None
) -> None:
    if naar not in OVERGANGEN[row.status]:
        raise Conflict(
            f"Een casus met status {row.status} kan niet naar {naar}.",
            allowed=list(OVERGANGEN[row.status]),
        )
    session.execute(
        casus_historie.insert().values(
            casus_id=row.id,
            at=datetime.now(UTC),
            actor=env.principal.subject,
            van_status=row.status,
            naar_status=naar,
            gebeurtenis=gebeurtenis,
            reden=reden,
        )
    )


def event(session: Connection, env: Omgeving, type_: str, key: str | None, payload: Any) -> None:
    repository.append_events(
        session,
        env.tables,
        gemeentecode=env.policy.gemeentecode,
        events=[(type_, key, payload.document())],
    )


async def wijs_toe(
    session: Connection,
    casus_id: str,
    body: ToewijzingCreate,
    *,
    env: Omgeving,
    al_bekend: Callable[[str], Awaitable[bool]],
) -> None:
    """Assign two consulenten; a resident known at intake or trajectory ends the case instead."""

    def toewijsbaar() -> Any:
        row = casussen.rij(session, casus_id)
        if "toegewezen" not in OVERGANGEN[row.status]:
            raise Conflict(f"Een casus met status {row.status} kan niet worden toegewezen.")
        if body.gepland_datum < env.today:
            raise RuleViolation("De geplande datum ligt in het verleden.")
        return row

    subject_key = toewijsbaar().subject_key
    # No transaction while intake and trajectory are asked: on SQLite the first statement took
    # the write lock, and the process's other requests and jobs waiting for it block the event
    # loop, so the answer could not even be read (a 503 after a minute). Read again afterwards.
    session.rollback()
    bekend = await al_bekend(subject_key)
    row = toewijsbaar()
    if bekend:
        sluit(session, row, Eindresultaat.AL_BEKEND, env=env, reden="Bekend bij intake of traject.")
        return
    overgang(session, row, "toegewezen", env=env, gebeurtenis="toegewezen", reden=None)
    session.execute(
        sa.update(casus)
        .where(casus.c.id == casus_id)
        .values(
            status="toegewezen",
            consulent_1=body.consulent1,
            consulent_2=body.consulent2,
            geplande_datum=body.gepland_datum,
            datum_opgepakt=env.today,
        )
    )
    event(
        session,
        env,
        ev.CASUS_TOEGEWEZEN,
        row.subject_key,
        ev.CasusToegewezen(
            casus_id=row.id, datum_opgepakt=env.today, geplande_datum=body.gepland_datum
        ),
    )


def leg_contactpoging_vast(
    session: Connection, casus_id: str, body: ContactpogingCreate, *, env: Omgeving
) -> str:
    """Record a contact attempt on an assigned case; returns its id."""
    row = casussen.rij(session, casus_id)
    if row.status != "toegewezen":
        raise Conflict("Contactpogingen worden vastgelegd op een toegewezen casus.")
    poging_id = str(uuid.uuid4())
    session.execute(
        contactpoging.insert().values(
            id=poging_id,
            casus_id=casus_id,
            soort=body.soort.value,
            bereikt=body.bereikt,
            datum=body.datum,
            dagdeel=body.dagdeel.value,
            consulent=env.principal.subject,
            vastgelegd_at=datetime.now(UTC),
        )
    )
    volgnummer = session.execute(
        sa.select(sa.func.count()).where(contactpoging.c.casus_id == casus_id)
    ).scalar_one()
    event(
        session,
        env,
        ev.CASUS_CONTACTPOGING,
        row.subject_key,
        ev.ContactpogingVastgelegd(
            casus_id=row.id,
            soort=body.soort,
            bereikt=body.bereikt,
            datum=body.datum,
            dagdeel=body.dagdeel,
            volgnummer=int(volgnummer),
        ),
    )
    return poging_id


def sluit_af(session: Connection, casus_id: str, body: AfsluitingCreate, *, env: Omgeving) -> None:
    """Close with a DDAS end result; follow-up help with consent goes to intake (outbox)."""
    row = casussen.rij(session, casus_id)
    if body.resultaat is Eindresultaat.VERVOLGHULP_FINANCIEEL and not body.toestemming:
        raise RuleViolation(
            "Vervolghulp financieel gaat alleen met toestemming van de inwoner naar intake; "
            "kies anders 'Verwijzing zonder toestemming'."
        )
    sluit(
        session,
        row,
        body.resultaat,
        env=env,
        reden=None,
        toelichting=body.toelichting,
        overdragen=body.resultaat is Eindresultaat.VERVOLGHULP_FINANCIEEL,
    )


def sluit(
    session: Connection,
    row: Any,
    resultaat: Eindresultaat,
    *,
    env: Omgeving,
    reden: str | None,
    toelichting: str | None = None,
    overdragen: bool = False,
) -> None:
    """End the case with a result (history, event, optional hand-over)."""
    overgang(
        session,
        row,
        "afgesloten",
        env=env,
        gebeurtenis="afgesloten",
        reden=reden or resultaat.value,
    )
    signalen = session.execute(
        sa.select(signaal).where(signaal.c.casus_id == row.id).order_by(signaal.c.signaaldatum)
    ).all()
    pogingen = session.execute(
        sa.select(contactpoging.c.soort, contactpoging.c.bereikt).where(
            contactpoging.c.casus_id == row.id
        )
    ).all()
    partners = sorted({Signaalpartner(s.partner_type) for s in signalen})
    overgedragen = row.overgedragen_at is not None
    # A warm hand-over already went to intake with the first signal: no second melding.
    if overdragen and not overgedragen and signalen and signalen[-1].gewist_at is None:
        stuur_overdracht(
            session,
            env.tables,
            casus_id=row.id,
            inwoner=signalen[-1]._asdict(),
            subject_key=row.subject_key,
            gemeentecode=row.gemeentecode,
            partner_types=partners,
            totaal=row.totaal_bedrag,
            crisis=row.crisis,
            warm=row.warme_overdracht,
            overdrachtsdatum=env.today,
            toelichting=toelichting,
        )
        overgedragen = True
    if resultaat.value in NIET_OPGEPAKT:
        # The end result is also a signal status (DDAS): the case's signals carry it, and
        # the creditor's feedback follows from it (for "andere reden" without the reason).
        session.execute(
            sa.update(signaal)
            .where(signaal.c.casus_id == row.id)
            .values(status=resultaat.value, status_reden=reden)
        )
    session.execute(
        sa.update(casus)
        .where(casus.c.id == row.id)
        .values(
            status="afgesloten",
            resultaat=resultaat.value,
            afgesloten_op=env.today,
            overgedragen_at=datetime.now(UTC) if overgedragen else None,
        )
    )
    terugmelding.meld_casus(session, casus_id=row.id)
    event(
        session,
        env,
        ev.CASUS_AFGESLOTEN,
        row.subject_key,
        ev.CasusAfgesloten(
            casus_id=row.id,
            resultaat=resultaat,
            afgesloten_op=env.today,
            partner_types=partners,
            totaal_bedrag=Decimal(row.totaal_bedrag),
            aantal_signalen=len(signalen),
            aantal_contactpogingen=len(pogingen),
            contactsoorten=sorted({Contactsoort(p.soort) for p in pogingen}),
            bereikt=any(p.bereikt for p in pogingen),
            overgedragen=overgedragen,
        ),
    )
