"""What other services ask of intake: the early-signal hand-over (a command) and "is this
resident known here?" (a query)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.intake.context import IntakeContext
from services.intake.models import vroegsignaal_overdracht
from services.intake.recidive import RecidiveUitslag
from services.intake.repository import meldingen as repo
from services.intake.service import registratie
from shared.contracts.handoffs import (
    BekendheidAntwoord,
    Kanaal,
    VroegsignaalOverdracht,
    VroegsignaalOverdrachtOntvangen,
)
from shared.problems import Conflict


def ontvang_overdracht(
    ctx: IntakeContext, body: VroegsignaalOverdracht, *, recidive: RecidiveUitslag
) -> tuple[VroegsignaalOverdrachtOntvangen, bool]:
    """A melding from an early-signal case; returns the answer and whether a melding was made.

    Law (Wgs art. 3 lid 3 and 4, DOMAIN.md §2): the municipality must offer help to every
    reported resident, so a hand-over is never refused. A case handed over before, or a resident
    with an open melding, is joined to the melding that exists instead of making a second one.
    """
    casus_id = str(body.casus_id)
    known = repo.by_casus(ctx.session, casus_id)
    if known is not None:
        ctx.log("vroegsignaal-koppelen", [body.subject_key])
        return VroegsignaalOverdrachtOntvangen(melding_id=known, casus_id=body.casus_id), False
    melding_id = repo.open_for(ctx.session, body.subject_key)
    created = False
    if melding_id is None:
        try:
            melding_id = _nieuwe_melding(ctx, body, recidive=recidive)
            created = True
        except Conflict:  # a desk registration for the resident got in first: join that one
            melding_id = repo.open_for(ctx.session, body.subject_key)
            if melding_id is None:
                raise
    if not created:
        ctx.log("vroegsignaal-koppelen", [body.subject_key])
    ctx.session.execute(
        vroegsignaal_overdracht.insert().values(
            casus_id=casus_id,
            melding_id=melding_id,
            signaalpartners=[p.value for p in body.signaalpartners],
            totaal_achterstand=body.totaal_achterstand,
            warme_overdracht=body.warme_overdracht,
            overdrachtsdatum=body.overdrachtsdatum,
            ontvangen_at=datetime.now(UTC),
        )
    )
    answer = VroegsignaalOverdrachtOntvangen(
        melding_id=uuid.UUID(melding_id), casus_id=body.casus_id
    )
    return answer, created


def _nieuwe_melding(
    ctx: IntakeContext, body: VroegsignaalOverdracht, *, recidive: RecidiveUitslag
) -> str:
    # An unknown crisis kind from signals is kept as "crisis, kind not given" rather than
    # refused: the crisis itself decides the deadlines, and refusing would lose the resident.
    codes = {c.code for c in ctx.policy.crisissoorten}
    soort = body.crisissoort if body.crisis and body.crisissoort in codes else None
    stored = registratie.registreer(
        ctx,
        subject_key=body.subject_key,
        kanaal=Kanaal.VROEGSIGNAAL,
        meldingdatum=body.overdrachtsdatum,
        inwoner=body.inwoner,
        crisis=body.crisis,
        crisissoort=soort,
        crisisdatum=body.overdrachtsdatum if body.crisis else None,
        recidive=recidive,
        extra={"casus_id": str(body.casus_id), "toelichting": body.toelichting},
    )
    melding_id: str = stored["id"]
    return melding_id


def bekendheid(ctx: IntakeContext, subject_key: str) -> BekendheidAntwoord:
    """Whether intake knows the resident, and of an open melding; no personal data."""
    found = repo.bekendheid(ctx.session, subject_key)
    ctx.log("bekendheid-bevragen", [subject_key])
    return BekendheidAntwoord(
        bekend=found.bekend,
        lopend=found.open_id is not None,
        referentie=uuid.UUID(found.open_id) if found.open_id else None,
        laatst_afgesloten_op=found.laatst_afgesloten_op,
    )
