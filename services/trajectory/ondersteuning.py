"""Use cases beside the phases: support records, programmes, emergency fund, WSNP statement."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.trajectory import repository
from services.trajectory.context import Ctx
from services.trajectory.domain.banden import band
from services.trajectory.domain.fasen import Fase
from services.trajectory.domain.voorzieningen import (
    Deelnemer,
    einde_fouten,
    programma_fouten,
    voorziening_fouten,
)
from services.trajectory.models import noodfonds_aanvraag, programma_deelname, voorziening
from services.trajectory.schemas_voorzieningen import (
    NoodfondsAanvraagCreate,
    NoodfondsBesluitCreate,
    ProgrammaCreate,
    VoorzieningCreate,
    VoorzieningEindeCreate,
    WsnpVerklaringCreate,
)
from shared.contracts import trajectory_events as ev
from shared.problems import Conflict, NotFound, RuleViolation

# Seed §6.1: the emergency fund saves a *running* settlement from a small setback.
NOODFONDS_FASEN = frozenset({Fase.SCHULDREGELING.value, Fase.OPLOSSING.value})


def _lopend(ctx: Ctx, traject_id: str) -> sa.Row[object]:
    row = repository.laad(ctx.session, traject_id, for_update=True)
    if row.fase == Fase.UITSTROOM.value:
        raise RuleViolation("Het traject is afgesloten.")
    return row


def leg_voorziening_vast(ctx: Ctx, traject_id: str, body: VoorzieningCreate) -> None:
    row = _lopend(ctx, traject_id)
    fouten = voorziening_fouten(
        ctx.policy,
        soort=body.soort,
        begeleidingssoort=body.begeleidingssoort,
        startdatum=body.startdatum,
        einddatum=body.einddatum,
        inkomensbeheer=body.inkomensbeheer is not None,
    )
    if fouten:
        raise RuleViolation(" ".join(fouten))
    beheer = body.inkomensbeheer
    ctx.session.execute(
        voorziening.insert().values(
            id=str(uuid.uuid4()),
            traject_id=traject_id,
            soort=body.soort.value,
            begeleidingssoort=body.begeleidingssoort.value if body.begeleidingssoort else None,
            datum_aanvraag=body.datum_aanvraag,
            datum_goedkeuring=body.datum_goedkeuring,
            startdatum=body.startdatum,
            einddatum=body.einddatum,
            toelichting=body.toelichting,
            inkomensbeheer_beheerder=beheer.beheerder if beheer else None,
            leefgeld_per_maand=beheer.leefgeld_per_maand if beheer else None,
            actor=ctx.principal.subject,
            created_at=datetime.now(UTC),
        )
    )
    ctx.log("voorziening-vastleggen", [row.subject_key, row.partner_subject_key])
    ctx.event(
        ev.VOORZIENING,
        subject_key=row.subject_key,
        payload=ev.VoorzieningVastgelegd(
            traject_id=uuid.UUID(row.id),
            soort=body.soort.value,
            begeleidingssoort=body.begeleidingssoort,
            inkomensbeheer=beheer is not None,
            startdatum=body.startdatum,
        ),
    )


def beeindig_voorziening(
    ctx: Ctx, traject_id: str, voorziening_id: str, body: VoorzieningEindeCreate
) -> None:
    """Support ends early, e.g. income management handed to an external bewindvoerder."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    record = ctx.session.execute(
        sa.select(voorziening).where(
            voorziening.c.id == voorziening_id, voorziening.c.traject_id == traject_id
        )
    ).first()
    if record is None:
        raise NotFound(f"Voorziening {voorziening_id} hoort niet bij traject {traject_id}.")
    fouten = einde_fouten(
        startdatum=record.startdatum, einddatum=record.einddatum, nieuw_einde=body.einddatum
    )
    if fouten:
        raise RuleViolation(" ".join(fouten))
    ctx.session.execute(
        sa.update(voorziening)
        .where(voorziening.c.id == voorziening_id)
        .values(einddatum=body.einddatum, einde_reden=body.reden)
    )
    ctx.log("voorziening-beeindigen", [row.subject_key, row.partner_subject_key])


def _geboortedatum(persoon: dict[str, object]) -> date | None:
    value = persoon.get("geboortedatum")
    return date.fromisoformat(value) if isinstance(value, str) else None


def start_programma(ctx: Ctx, traject_id: str, body: ProgrammaCreate) -> None:
    row = _lopend(ctx, traject_id)
    personen = repository.personen(ctx.session, traject_id)
    schulden = repository.schulden(ctx.session, traject_id)
    deelnemer = Deelnemer(
        geboortedatum=_geboortedatum(personen[0].persoon),
        doelgroepen=frozenset(row.doelgroepen or ()),
        totaal_schuld=sum((Decimal(s.bedrag) for s in schulden), Decimal("0.00")),
        zakelijke_schuld=any(s.zakelijk for s in schulden),
    )
    fouten = programma_fouten(ctx.policy, body.programma, deelnemer, op=body.startdatum)
    if fouten:
        raise RuleViolation(" ".join(fouten))
    try:
        with ctx.session.begin_nested():
            ctx.session.execute(
                programma_deelname.insert().values(
                    traject_id=traject_id,
                    programma=body.programma.value,
                    startdatum=body.startdatum,
                    actor=ctx.principal.subject,
                    created_at=datetime.now(UTC),
                )
            )
    except IntegrityError:
        raise Conflict(f"Het traject doet al mee aan {body.programma.value}.") from None
    ctx.log("programma-starten", [row.subject_key, row.partner_subject_key])
    ctx.event(
        ev.PROGRAMMA,
        subject_key=row.subject_key,
        payload=ev.ProgrammaGestart(
            traject_id=uuid.UUID(row.id), programma=body.programma.value, startdatum=body.startdatum
        ),
    )


def vraag_noodfonds(ctx: Ctx, traject_id: str, body: NoodfondsAanvraagCreate) -> None:
    row = _lopend(ctx, traject_id)
    if row.fase not in NOODFONDS_FASEN:
        raise RuleViolation("Het noodfonds is voor een lopende schuldregeling (seed §6.1).")
    ctx.session.execute(
        noodfonds_aanvraag.insert().values(
            id=str(uuid.uuid4()),
            traject_id=traject_id,
            bedrag=body.bedrag,
            reden=body.reden,
            datum=body.datum,
            actor=ctx.principal.subject,
            created_at=datetime.now(UTC),
        )
    )
    ctx.log("noodfonds-aanvragen", [row.subject_key, row.partner_subject_key])


def besluit_noodfonds(
    ctx: Ctx, traject_id: str, aanvraag_id: str, body: NoodfondsBesluitCreate
) -> None:
    row = repository.laad(ctx.session, traject_id)
    aanvraag = ctx.session.execute(
        sa.select(noodfonds_aanvraag).where(
            noodfonds_aanvraag.c.id == aanvraag_id, noodfonds_aanvraag.c.traject_id == traject_id
        )
    ).first()
    if aanvraag is None:
        raise NotFound(f"Noodfondsaanvraag {aanvraag_id} hoort niet bij traject {traject_id}.")
    if aanvraag.besluit is not None:
        raise RuleViolation("Op deze aanvraag is al besloten.")
    if body.datum < aanvraag.datum:
        raise RuleViolation("Het besluit ligt voor de aanvraag.")
    ctx.session.execute(
        sa.update(noodfonds_aanvraag)
        .where(noodfonds_aanvraag.c.id == aanvraag_id)
        .values(besluit=body.besluit.value, besluit_datum=body.datum, besluit_reden=body.reden)
    )
    ctx.log("noodfonds-besluiten", [row.subject_key, row.partner_subject_key])
    ctx.event(
        ev.NOODFONDS,
        subject_key=row.subject_key,
        payload=ev.NoodfondsBesluit(
            traject_id=uuid.UUID(row.id),
            besluit=body.besluit.value,
            bedrag_band=band(Decimal(aanvraag.bedrag)),
            datum=body.datum,
        ),
    )


def verklaar_wsnp(ctx: Ctx, traject_id: str, body: WsnpVerklaringCreate) -> None:
    """Fw art. 285 lid 1 sub f: only once the amicable settlement has failed."""
    row = _lopend(ctx, traject_id)
    if row.schuldregeling_afgewezen is None:
        raise RuleViolation("De WSNP-verklaring volgt op een mislukte minnelijke regeling.")
    if row.wsnp_verklaring_datum is not None:
        raise RuleViolation("De WSNP-verklaring is al afgegeven.")
    if body.datum < row.schuldregeling_afgewezen:
        raise RuleViolation("De verklaring ligt voor het mislukken van de regeling.")
    repository.wijzig(ctx.session, traject_id, wsnp_verklaring_datum=body.datum)
    ctx.log("wsnp-verklaren", [row.subject_key, row.partner_subject_key])
    ctx.event(
        ev.WSNP_VERKLARING,
        subject_key=row.subject_key,
        payload=ev.WsnpVerklaring(traject_id=uuid.UUID(row.id), datum=body.datum),
    )
