"""What other services ask of intake: the early-signal hand-over (a command) and "is this
resident known here?" (a query)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from services.intake.context import IntakeContext
from services.intake.domain.uitkomst import MeldingStatus
from services.intake.recidive import RecidiveUitslag
from services.intake.repository import meldingen as repo
from services.intake.service import registratie
from services.intake.service.termijnen import TERMIJNEN
from shared.contracts.handoffs import (
    BekendheidAntwoord,
    Kanaal,
    VroegsignaalOverdracht,
    VroegsignaalOverdrachtOntvangen,
)
from shared.problems import Conflict, InvalidInput, InvalidParam


def check_gemeente(gemeentecode: str, *, eigen: str) -> None:
    """A hand-over is for this municipality only: another's resident is not ours to help, and
    their data may not be stored here (AVG art. 5: purpose limitation)."""
    if gemeentecode != eigen:
        reason = f"Deze overdracht is voor {gemeentecode}; deze dienst is van {eigen}."
        raise InvalidInput(
            "1 veld is ongeldig.", invalid_params=[InvalidParam(name="gemeentecode", reason=reason)]
        )


def ontvang_overdracht(
    ctx: IntakeContext, body: VroegsignaalOverdracht, *, recidive: RecidiveUitslag
) -> tuple[VroegsignaalOverdrachtOntvangen, bool]:
    """A melding from an early-signal case; returns the answer and whether a melding was made.

    Law (Wgs art. 3 lid 3 and 4, DOMAIN.md §2): the municipality must offer help to every
    reported resident, so a hand-over of ours is never refused. A case handed over before, or a
    resident with an open melding, is joined to the melding that exists instead of making a
    second one; a crisis it brings makes that melding a crisis.
    """
    check_gemeente(body.gemeentecode, eigen=ctx.policy.gemeentecode)
    casus_id = str(body.casus_id)
    known = repo.by_casus(ctx.session, casus_id)
    if known is not None:
        # Answered as the first time, whether that made or joined the melding and even when it
        # has been closed since: the case was taken up once.
        ctx.log("vroegsignaal-koppelen", [body.subject_key])
        return _ontvangen(known, body), False
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
    stored = repo.insert_overdracht(
        ctx.session,
        {
            "casus_id": casus_id,
            "melding_id": melding_id,
            "signaalpartners": [p.value for p in body.signaalpartners],
            "totaal_achterstand": body.totaal_achterstand,
            "warme_overdracht": body.warme_overdracht,
            "overdrachtsdatum": body.overdrachtsdatum,
            "ontvangen_at": datetime.now(UTC),
        },
    )
    if not stored:  # the same case, handed over at the same moment, was stored first
        first = repo.by_casus(ctx.session, casus_id)
        if first is None:
            raise Conflict("Deze overdracht wordt al verwerkt; probeer het zo nog eens.")
        ctx.log("vroegsignaal-koppelen", [body.subject_key])
        return _ontvangen(first, body), False
    if not created:
        ctx.log("vroegsignaal-koppelen", [body.subject_key])
        if body.crisis:
            _maak_crisis(ctx, melding_id, body)
    return _ontvangen(melding_id, body), created


def _ontvangen(melding_id: str, body: VroegsignaalOverdracht) -> VroegsignaalOverdrachtOntvangen:
    return VroegsignaalOverdrachtOntvangen(melding_id=uuid.UUID(melding_id), casus_id=body.casus_id)


def _bekende_crisissoort(ctx: IntakeContext, body: VroegsignaalOverdracht) -> str | None:
    # An unknown crisis kind from signals is kept as "crisis, kind not given" rather than
    # refused: the crisis itself decides the deadlines, and refusing would lose the resident.
    codes = {c.code for c in ctx.policy.crisissoorten}
    return body.crisissoort if body.crisis and body.crisissoort in codes else None


def _maak_crisis(ctx: IntakeContext, melding_id: str, body: VroegsignaalOverdracht) -> None:
    """A crisis handed over for a resident whose open melding is not one makes it a crisis.

    Without this the crisis was lost: the melding kept its week-long norm and stayed off the
    crisis-today list. The deadlines are counted from the hand-over (the day the municipality
    learnt of the crisis) and only ever brought forward; a deadline judged already stays as it
    was judged. The change goes into the status history, the melding's record of who changed
    what and why.
    """
    melding: Any = repo.get(ctx.session, melding_id, for_update=True)
    if melding is None or melding.crisis:
        return
    soort = _bekende_crisissoort(ctx, body)
    nieuw = registratie.termijnen_van(
        ctx, max(melding.meldingdatum, body.overdrachtsdatum), crisis=True, crisissoort=soort
    )
    values: dict[str, Any] = {
        "crisis": True,
        "crisissoort": soort,
        "crisisdatum": body.overdrachtsdatum,
    }
    for termijn in TERMIJNEN:
        kolom = repo.termijn_kolom(termijn)
        if getattr(melding, f"{kolom}_gehaald") is None:
            values[f"{kolom}_uiterlijk"] = min(
                getattr(melding, f"{kolom}_uiterlijk"), getattr(nieuw, f"{kolom}_uiterlijk")
            )
    repo.update(ctx.session, melding.id, **values)
    repo.add_status(
        ctx.session,
        melding.id,
        van=MeldingStatus.OPEN.value,
        naar=MeldingStatus.OPEN.value,
        door=ctx.actor,
        reden=(
            f"Crisis ({soort or 'soort niet opgegeven'}) gemeld bij vroegsignaal-overdracht "
            f"van {body.overdrachtsdatum.isoformat()}; termijnen herberekend."
        ),
    )


def _nieuwe_melding(
    ctx: IntakeContext, body: VroegsignaalOverdracht, *, recidive: RecidiveUitslag
) -> str:
    soort = _bekende_crisissoort(ctx, body)
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
