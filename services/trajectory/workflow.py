"""Use cases of the workflow: phase changes, checklist, decision, objection, plan, assignment."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from services.trajectory import repository
from services.trajectory.context import Ctx
from services.trajectory.domain import caseload
from services.trajectory.domain.documenten import ontbrekend
from services.trajectory.domain.fasen import Fase, uitstroomreden_past, via_actie
from services.trajectory.domain.termijnen import Termijn
from services.trajectory.models import toewijzing
from services.trajectory.overgangen import termijn_event, verplaats
from services.trajectory.schemas import (
    BeschikkingCreate,
    BezwaarCreate,
    DocumentenUpdate,
    FaseOvergangCreate,
    PlanVanAanpakUpdate,
    ToewijzingCreate,
)
from shared.contracts import trajectory_events as ev
from shared.contracts.ddas import Beschikkingssoort, Uitstroomreden
from shared.problems import Conflict, RuleViolation


def wijzig_fase(ctx: Ctx, traject_id: str, body: FaseOvergangCreate) -> None:
    """A phase change the counsellor asks for, with the preconditions of its edge."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    van = Fase(row.fase)
    actie = via_actie(van, body.naar, body.uitstroomreden)
    if actie is not None:
        raise Conflict(f"Deze overgang gaat via {actie}.", allowed=[actie])
    datum = body.datum or ctx.vandaag
    if datum < row.fase_sinds:
        raise RuleViolation("De datum ligt voor het begin van de huidige fase.")
    if body.naar is Fase.UITSTROOM:
        if body.uitstroomreden is None:
            raise RuleViolation("Uitstroom vraagt een uitstroomreden (DDAS).")
        if not uitstroomreden_past(van, body.uitstroomreden):
            raise RuleViolation("Uitstroomreden 'Afgerond' kan alleen na een oplossing of nazorg.")
    if van is Fase.INTAKE and body.naar is Fase.BESCHIKKING:
        missing = ontbrekend(row.documenten)
        if missing:
            raise RuleViolation("De checklist is niet compleet; ontbrekend: " + ", ".join(missing))
    if van is Fase.PLAN_VAN_AANPAK and body.naar is Fase.STABILISATIE and row.plan is None:
        raise RuleViolation("Leg eerst het plan van aanpak vast (Wgs art. 4).")
    if van is Fase.STABILISATIE and body.naar is Fase.SCHULDREGELING and row.afwegingskader is None:
        raise RuleViolation("Leg eerst het afwegingskader saneringskrediet vast (seed §6.4).")
    verplaats(
        ctx,
        row,
        body.naar,
        datum=datum,
        reden=body.reden,
        uitstroomreden=body.uitstroomreden,
        uitstroom_omschrijving=body.uitstroom_omschrijving,
    )


def zet_documenten(ctx: Ctx, traject_id: str, body: DocumentenUpdate) -> None:
    row = repository.laad(ctx.session, traject_id)
    if row.fase not in (Fase.AANMELDING.value, Fase.INTAKE.value):
        raise RuleViolation("De checklist hoort bij aanmelding en intake.")
    documenten = {d.document.value: d.ontvangen_op.isoformat() for d in body.ontvangen}
    repository.wijzig(ctx.session, traject_id, documenten=documenten)
    ctx.log("documenten-vastleggen", [row.subject_key, row.partner_subject_key])


def beschik(ctx: Ctx, traject_id: str, body: BeschikkingCreate) -> None:
    """The decision: toelating leads to the plan, afwijzing to exit; deadline met or missed."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    if row.fase != Fase.BESCHIKKING.value:
        raise Conflict(
            f"Een beschikking kan alleen in fase beschikking (nu: {row.fase}).",
            allowed=[Fase.BESCHIKKING.value],
        )
    if body.datum < row.fase_sinds:
        raise RuleViolation("De beschikkingsdatum ligt voor het begin van de fase.")
    extra = {
        "beschikking_soort": body.soort.value,
        "beschikking_datum": body.datum,
        "beschikking_redenen": list(body.redenen),
    }
    toelating = body.soort is Beschikkingssoort.TOELATING
    verplaats(
        ctx,
        row,
        Fase.PLAN_VAN_AANPAK if toelating else Fase.UITSTROOM,
        datum=body.datum,
        reden="; ".join(body.redenen),
        uitstroomreden=None if toelating else (body.uitstroomreden or Uitstroomreden.VOLDOET_NIET),
        extra=extra,
    )
    ctx.event(
        ev.BESCHIKKING,
        subject_key=row.subject_key,
        payload=ev.BeschikkingAfgegeven(
            traject_id=uuid.UUID(row.id),
            soort=body.soort,
            datum=body.datum,
            aantal_redenen=len(body.redenen),
        ),
    )
    termijn_event(
        ctx, row, Termijn.BESLISTERMIJN, termijn_datum=row.beslistermijn_datum, datum=body.datum
    )


def registreer_bezwaar(ctx: Ctx, traject_id: str, body: BezwaarCreate) -> None:
    row = repository.laad(ctx.session, traject_id)
    if row.beschikking_datum is None:
        raise RuleViolation("Er is nog geen beschikking om bezwaar tegen te maken.")
    if body.datum < row.beschikking_datum:
        raise RuleViolation("Het bezwaar ligt voor de beschikkingsdatum.")
    repository.wijzig(
        ctx.session, traject_id, bezwaar_datum=body.datum, bezwaar_toelichting=body.toelichting
    )
    ctx.log("bezwaar-registreren", [row.subject_key, row.partner_subject_key])


def zet_plan(ctx: Ctx, traject_id: str, body: PlanVanAanpakUpdate) -> None:
    row = repository.laad(ctx.session, traject_id)
    if row.fase not in (Fase.PLAN_VAN_AANPAK.value, Fase.STABILISATIE.value):
        raise RuleViolation("Het plan van aanpak volgt op de toelatingsbeschikking.")
    repository.wijzig(
        ctx.session, traject_id, plan=body.model_dump(mode="json"), plan_datum=ctx.vandaag
    )
    ctx.log("plan-vastleggen", [row.subject_key, row.partner_subject_key])


def wijs_toe(ctx: Ctx, traject_id: str, body: ToewijzingCreate) -> None:
    """Assign a counsellor within the caseload limit (seed §3.3), or beyond it with a reason."""
    # The case locked too: two assignments of this case at once go one after the other.
    row = repository.laad(ctx.session, traject_id, for_update=True)
    if row.fase == Fase.UITSTROOM.value:
        raise RuleViolation("Een afgesloten traject krijgt geen consulent meer.")
    if row.consulent == body.consulent:
        return
    # Counted under the counsellor's lock, so a simultaneous assignment sees this one.
    repository.vergrendel_consulent(ctx.session, body.consulent)
    actief = repository.actief_per_consulent(ctx.session).get(body.consulent, 0)
    fte = repository.consulenten(ctx.session).get(body.consulent, Decimal(1))
    if not caseload.mag_toewijzen(
        actief=actief,
        max_per_fte=ctx.policy.caseload_max_per_fte,
        fte=fte,
        override_reden=body.override_reden,
    ):
        limiet = caseload.limiet(max_per_fte=ctx.policy.caseload_max_per_fte, fte=fte)
        raise RuleViolation(
            f"{body.consulent} heeft al {actief} actieve trajecten (limiet {limiet}); "
            "geef een overrideReden om toch toe te wijzen."
        )
    repository.wijzig(ctx.session, traject_id, consulent=body.consulent)
    ctx.log("consulent-toewijzen", [row.subject_key, row.partner_subject_key])
    ctx.session.execute(
        toewijzing.insert().values(
            traject_id=traject_id,
            consulent=body.consulent,
            override_reden=body.override_reden,
            actor=ctx.principal.subject,
            at=datetime.now(UTC),
        )
    )
