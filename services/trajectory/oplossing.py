"""Use cases: the saneringskrediet assessment (every dossier) and recording the solution."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Row

from services.trajectory import repository
from services.trajectory.context import Ctx
from services.trajectory.domain import afwegingskader
from services.trajectory.domain.afwegingskader import Advies
from services.trajectory.domain.fasen import Fase
from services.trajectory.overgangen import verplaats
from services.trajectory.schemas_geld import AfwegingskaderCreate, OplossingCreate
from shared.contracts import trajectory_events as ev
from shared.contracts.ddas import Oplossingssoort
from shared.problems import RuleViolation

# Solutions that settle the debts partially need the creditors' agreement first (Wgs, NVVK).
VRAAGT_AKKOORD = frozenset(
    {
        Oplossingssoort.SCHULDBEMIDDELING,
        Oplossingssoort.SANERINGSKREDIET,
        Oplossingssoort.NUL_PROCENT_AANBOD,
    }
)


def leg_afweging_vast(ctx: Ctx, traject_id: str, body: AfwegingskaderCreate) -> None:
    """Seed §6.4: the afwegingskader is used in every dossier, with the advice and its reasons."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    if row.fase in (
        Fase.AANMELDING.value,
        Fase.INTAKE.value,
        Fase.BESCHIKKING.value,
        Fase.UITSTROOM.value,
    ):
        raise RuleViolation("Het afwegingskader hoort bij een toegelaten, lopend traject.")
    try:
        uitkomst = afwegingskader.beoordeel(
            ctx.policy,
            peildatum=body.peildatum,
            inkomen_stabiel=body.inkomen_stabiel,
            motivatie=body.motivatie,
            kredietbedrag=body.kredietbedrag,
            reeds_gegarandeerd=repository.reeds_gegarandeerd(ctx.session, behalve=traject_id),
        )
    except LookupError:
        raise RuleViolation(f"Het beleid kent geen maximum op {body.peildatum}.") from None
    document = {
        **body.model_dump(mode="json"),
        "maximum": str(uitkomst.maximum),
        "ruimte_garantiefonds": str(uitkomst.ruimte_garantiefonds),
        "advies": uitkomst.advies.value,
        "redenen": list(uitkomst.redenen),
    }
    repository.wijzig(
        ctx.session,
        traject_id,
        afwegingskader=document,
        afwegingskader_advies=uitkomst.advies.value,
        kredietbedrag=body.kredietbedrag,
    )
    ctx.log("afwegingskader-vastleggen", [row.subject_key, row.partner_subject_key])
    ctx.event(
        ev.AFWEGINGSKADER,
        subject_key=row.subject_key,
        payload=ev.AfwegingskaderVastgelegd(
            traject_id=uuid.UUID(row.id), advies=uitkomst.advies.value
        ),
    )


def _garandeer_krediet(ctx: Ctx, row: Row[Any], *, startdatum: date) -> None:
    """The fund is committed when the credit is recorded, not when it is assessed: several
    assessments made before any credit each saw the whole fund. So the headroom is measured
    again here, with the fund locked until this transaction ends (seed annex 7)."""
    krediet = Decimal(row.kredietbedrag)
    try:
        maximum = ctx.policy.geld.saneringskrediet_max.value_on(startdatum)
    except LookupError:
        raise RuleViolation(f"Het beleid kent geen maximum op {startdatum}.") from None
    if krediet > maximum:
        raise RuleViolation(
            f"Kredietbedrag {krediet} is hoger dan het maximum van {maximum} op {startdatum}."
        )
    repository.vergrendel_garantiefonds(ctx.session)
    gegarandeerd = repository.reeds_gegarandeerd(ctx.session, behalve=row.id)
    fonds = ctx.policy.geld.garantiefonds
    if gegarandeerd + krediet > fonds:
        ruimte = max(Decimal("0.00"), fonds - gegarandeerd)
        raise RuleViolation(
            f"Het garantiefonds ({fonds}) heeft nog {ruimte} ruimte; het krediet van {krediet} "
            "past daar niet meer in. Leg het afwegingskader opnieuw vast."
        )


def leg_oplossing_vast(ctx: Ctx, traject_id: str, body: OplossingCreate) -> None:
    """Record the solution (DDAS Oplossing) and move to phase oplossing."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    if row.afwegingskader is None:
        raise RuleViolation("Leg eerst het afwegingskader saneringskrediet vast (seed §6.4).")
    if (
        body.soort is Oplossingssoort.SANERINGSKREDIET
        and row.afwegingskader_advies != Advies.SANERINGSKREDIET.value
    ):
        # The municipality guarantees the loan (seed annex 7): only on a positive assessment.
        raise RuleViolation("Het afwegingskader adviseert geen saneringskrediet.")
    if body.soort in VRAAGT_AKKOORD and row.schuldregeling_toegekend is None:
        raise RuleViolation(
            f"{body.soort.value} vraagt een toegekende schuldregeling (akkoord of dwangakkoord)."
        )
    if body.einddatum is not None and body.einddatum < body.startdatum:
        raise RuleViolation("De einddatum ligt voor de startdatum.")
    if body.startdatum < row.fase_sinds:
        raise RuleViolation("De startdatum ligt voor het begin van de huidige fase.")
    if body.soort is Oplossingssoort.SANERINGSKREDIET:
        _garandeer_krediet(ctx, row, startdatum=body.startdatum)
    vtlb_bedrag = body.vtlb
    if vtlb_bedrag is None:
        laatste = repository.laatste_berekening(ctx.session, traject_id)
        vtlb_bedrag = Decimal(laatste.vtlb) if laatste is not None else None
    verplaats(
        ctx,
        row,
        Fase.OPLOSSING,
        datum=body.startdatum,
        reden=body.reden,
        extra={
            "oplossing_soort": body.soort.value,
            "oplossing_start": body.startdatum,
            "oplossing_eind": body.einddatum,
            "oplossing_vtlb": vtlb_bedrag,
        },
    )
    ctx.event(
        ev.OPLOSSING,
        subject_key=row.subject_key,
        payload=ev.OplossingVastgelegd(
            traject_id=uuid.UUID(row.id), soort=body.soort, startdatum=body.startdatum
        ),
    )
