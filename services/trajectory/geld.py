"""Use cases on the money side: debts, VTLB calculation, the offer and the creditors' answers."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from services.trajectory import repository
from services.trajectory.context import Ctx
from services.trajectory.domain import aanbod as aanbod_regels
from services.trajectory.domain import termijnen, vtlb
from services.trajectory.domain.banden import band
from services.trajectory.domain.fasen import Fase
from services.trajectory.domain.termijnen import Termijn
from services.trajectory.models import aanbod, berekening, schuld
from services.trajectory.overgangen import termijn_event
from services.trajectory.schemas_geld import (
    AanbodCreate,
    BerekeningCreate,
    DwangakkoordUitspraakCreate,
    DwangakkoordVerzoekCreate,
    Reactie,
    ReactieCreate,
    SchuldCreate,
)
from shared.contracts import trajectory_events as ev
from shared.problems import Conflict, InvalidParam, NotFound, RuleViolation

OPEN_FASEN = frozenset(f.value for f in Fase if f is not Fase.UITSTROOM)


def _open(row: Row[Any]) -> None:
    if row.fase not in OPEN_FASEN:
        raise RuleViolation("Het traject is afgesloten.")


def _ronde_loopt(row: Row[Any]) -> bool:
    """An offer is out and the round is neither decided nor withdrawn."""
    return (
        row.schuldregeling_ingediend is not None
        and not _besloten(row)
        and row.schuldregeling_ingetrokken is None
    )


def _in_lopende_ronde(row: Row[Any], handeling: str) -> None:
    """Answers to the offer and the dwangakkoord belong to a round still open in phase
    schuldregeling: leaving the phase with the offer open withdraws it (DDAS `ingetrokken`),
    and a withdrawn offer can no longer be accepted or forced on a creditor."""
    if row.fase != Fase.SCHULDREGELING.value:
        raise Conflict(
            f"{handeling} hoort bij fase schuldregeling (nu: {row.fase}).",
            allowed=[Fase.SCHULDREGELING.value],
        )
    if row.schuldregeling_ingetrokken is not None:
        raise Conflict(
            f"{handeling} kan niet meer: de schuldregeling is ingetrokken op "
            f"{row.schuldregeling_ingetrokken.isoformat()}; een nieuwe ronde begint met een "
            "nieuw aanbod."
        )


def voeg_schuld_toe(ctx: Ctx, traject_id: str, body: SchuldCreate) -> str:
    row = repository.laad(ctx.session, traject_id)
    _open(row)
    if _ronde_loopt(row):
        raise RuleViolation("Er loopt een aanbod; een nieuwe schuld vraagt een nieuw aanbod.")
    schuld_id = str(uuid.uuid4())
    ctx.session.execute(
        schuld.insert().values(
            id=schuld_id,
            traject_id=traject_id,
            schuldeiser_naam=body.schuldeiser.naam,
            schuldeiser_kvk=body.schuldeiser.kvk_nummer,
            schuldeiser_postcode=body.schuldeiser.postcode,
            schuldeiser_privepersoon=body.schuldeiser.privepersoon,
            bedrag=body.bedrag,
            peildatum=body.peildatum,
            schuldsoort=body.schuldsoort.value,
            preferent=body.preferent,
            zakelijk=body.zakelijk,
            created_at=datetime.now(UTC),
        )
    )
    ctx.log("schuld-vastleggen", [row.subject_key, row.partner_subject_key])
    return schuld_id


def bereken(ctx: Ctx, traject_id: str, body: BerekeningCreate) -> str:
    """Store a new calculation; a pending offer is recomputed from it (income changed)."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    _open(row)
    try:
        uitkomst = vtlb.bereken(
            ctx.policy,
            peildatum=body.peildatum,
            leefsituatie=body.leefsituatie,
            netto_inkomen=body.netto_inkomen,
            correcties=tuple(
                vtlb.Correctie(c.soort, c.bedrag, c.toelichting) for c in body.correcties
            ),
        )
    except LookupError:
        raise RuleViolation(f"Het beleid kent geen normen op {body.peildatum}.") from None
    berekening_id = str(uuid.uuid4())
    ctx.session.execute(
        berekening.insert().values(
            id=berekening_id,
            traject_id=traject_id,
            peildatum=body.peildatum,
            leefsituatie=body.leefsituatie.value,
            netto_inkomen=body.netto_inkomen,
            correcties=[c.model_dump(mode="json") for c in body.correcties],
            bijstandsnorm=uitkomst.bijstandsnorm,
            beslagvrije_voet=uitkomst.beslagvrije_voet,
            vtlb=uitkomst.vtlb,
            afloscapaciteit=uitkomst.afloscapaciteit,
            regels=[
                {"omschrijving": r.omschrijving, "bedrag": str(r.bedrag), "bron": r.bron}
                for r in uitkomst.regels
            ],
            actor=ctx.principal.subject,
            created_at=datetime.now(UTC),
        )
    )
    ctx.log("berekening-vastleggen", [row.subject_key, row.partner_subject_key])
    # Only an offer still on the table follows the income: not one already decided, nor one
    # withdrawn by leaving phase schuldregeling.
    lopend = repository.actueel_aanbod(ctx.session, traject_id)
    if lopend is not None and row.fase == Fase.SCHULDREGELING.value and _ronde_loopt(row):
        _maak_aanbod(ctx, row, berekening_id, uitkomst.afloscapaciteit, ingediend_op=ctx.vandaag)
    return berekening_id


def doe_aanbod(ctx: Ctx, traject_id: str, body: AanbodCreate) -> None:
    """Compute and submit the offer; the NVVK 120-day norm runs from this submission."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    if row.fase != Fase.SCHULDREGELING.value:
        raise RuleViolation("Een aanbod aan schuldeisers hoort bij fase schuldregeling.")
    if row.schuldregeling_toegekend is not None:
        raise RuleViolation("De schuldregeling is al toegekend.")
    if row.schuldregeling_afgewezen is not None:
        raise RuleViolation(
            "De schuldregeling is afgewezen; een nieuwe ronde begint na opnieuw stabiliseren "
            "(fase-overgang naar stabilisatie, daarna weer naar schuldregeling)."
        )
    if body.ingediend_op < row.fase_sinds:
        # The term follows the submission date (18 or 36 months, dated): an offer backdated
        # before the phase began would pick a term this round never had.
        reden = (
            f"Het aanbod kan niet worden ingediend voor het begin van fase schuldregeling "
            f"({row.fase_sinds.isoformat()})."
        )
        raise RuleViolation(reden, invalid_params=[InvalidParam(name="ingediendOp", reason=reden)])
    laatste = repository.laatste_berekening(ctx.session, traject_id)
    if laatste is None:
        raise RuleViolation("Maak eerst een VTLB-berekening.")
    _maak_aanbod(
        ctx, row, laatste.id, Decimal(laatste.afloscapaciteit), ingediend_op=body.ingediend_op
    )


def _maak_aanbod(
    ctx: Ctx, row: Row[Any], berekening_id: str, capaciteit: Decimal, *, ingediend_op: date
) -> None:
    schulden = repository.schulden(ctx.session, row.id)
    if not schulden:
        raise RuleViolation("Er zijn geen schulden om een aanbod op te doen.")
    uitkomst = aanbod_regels.maak_aanbod(
        ctx.policy,
        afloscapaciteit=capaciteit,
        ingangsdatum=ingediend_op,
        vorderingen=[
            aanbod_regels.Vordering(s.id, Decimal(s.bedrag), s.preferent) for s in schulden
        ],
    )
    ctx.session.execute(
        sa.update(aanbod).where(aanbod.c.traject_id == row.id).values(actueel=False)
    )
    ctx.session.execute(
        aanbod.insert().values(
            id=str(uuid.uuid4()),
            traject_id=row.id,
            berekening_id=berekening_id,
            ingediend_op=ingediend_op,
            looptijd_maanden=uitkomst.looptijd_maanden,
            afloscapaciteit=uitkomst.afloscapaciteit,
            totaal_schuld=uitkomst.totaal_schuld,
            totaal_aflossing=uitkomst.totaal_aflossing,
            percentage=uitkomst.percentage,
            verdeling=[
                {
                    "schuldId": a.schuld_id,
                    "vordering": str(a.vordering),
                    "aanbod": str(a.aanbod),
                    "percentage": str(a.percentage),
                }
                for a in uitkomst.aandelen
            ],
            actueel=True,
            created_at=datetime.now(UTC),
        )
    )
    # A new offer asks every creditor anew.
    ctx.session.execute(
        sa.update(schuld)
        .where(schuld.c.id == sa.bindparam("b_id"))
        .values(aanbod_bedrag=sa.bindparam("b_aanbod"), reactie=None, reactie_datum=None),
        [{"b_id": a.schuld_id, "b_aanbod": a.aanbod} for a in uitkomst.aandelen],
    )
    if row.schuldregeling_ingediend is None:
        repository.wijzig(
            ctx.session,
            row.id,
            schuldregeling_ingediend=ingediend_op,
            nvvk_datum=termijnen.nvvk_termijn(ctx.policy, ingediend_op),
        )
    ctx.log("aanbod-doen", [row.subject_key, row.partner_subject_key])
    ctx.event(
        ev.AANBOD,
        subject_key=row.subject_key,
        payload=ev.AanbodGedaan(
            traject_id=uuid.UUID(row.id),
            looptijd_maanden=uitkomst.looptijd_maanden,
            aantal_schuldeisers=len(schulden),
            schuld_band=band(uitkomst.totaal_schuld),
            aflossing_band=band(uitkomst.totaal_aflossing),
            percentage=str(uitkomst.percentage),
        ),
    )


def _besloten(row: Row[Any]) -> bool:
    return row.schuldregeling_toegekend is not None or row.schuldregeling_afgewezen is not None


def _besluit(ctx: Ctx, row: Row[Any], *, uitkomst: str, datum: date, dwangakkoord: bool) -> None:
    column = {"toegekend": "schuldregeling_toegekend", "afgewezen": "schuldregeling_afgewezen"}
    repository.wijzig(ctx.session, row.id, **{column[uitkomst]: datum})
    ctx.event(
        ev.SCHULDREGELING,
        subject_key=row.subject_key,
        payload=ev.SchuldregelingUitkomst(
            traject_id=uuid.UUID(row.id), uitkomst=uitkomst, dwangakkoord=dwangakkoord, datum=datum
        ),
    )
    if row.nvvk_datum is not None and uitkomst == "toegekend":
        termijn_event(
            ctx, row, Termijn.SCHULDREGELING_NVVK, termijn_datum=row.nvvk_datum, datum=datum
        )


def reageer(ctx: Ctx, traject_id: str, schuld_id: str, body: ReactieCreate) -> None:
    """A creditor's answer; when all have agreed, the settlement is granted that day."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    _in_lopende_ronde(row, "Een reactie op het aanbod")
    if repository.actueel_aanbod(ctx.session, traject_id) is None:
        raise RuleViolation("Er is geen aanbod om op te reageren.")
    if _besloten(row):
        raise RuleViolation("Over de schuldregeling is al besloten.")
    if row.dwangakkoord_verzoek_datum is not None:
        # The answers the court weighs are fixed by the request; a late "akkoord" would grant
        # the round while the court may still refuse it.
        raise Conflict(
            "Het dwangakkoord is verzocht op "
            f"{row.dwangakkoord_verzoek_datum.isoformat()}; reacties van schuldeisers liggen "
            "vast tot de uitspraak."
        )
    if body.datum < row.schuldregeling_ingediend:
        raise RuleViolation("De reactie ligt voor de indiening van het aanbod.")
    updated = ctx.session.execute(
        sa.update(schuld)
        .where(schuld.c.id == schuld_id, schuld.c.traject_id == traject_id)
        .values(reactie=body.reactie.value, reactie_datum=body.datum)
    )
    if updated.rowcount == 0:
        raise NotFound(f"Schuld {schuld_id} hoort niet bij traject {traject_id}.")
    ctx.log("reactie-vastleggen", [row.subject_key, row.partner_subject_key])
    reacties = [s.reactie for s in repository.schulden(ctx.session, traject_id)]
    if all(r == Reactie.AKKOORD.value for r in reacties):
        _besluit(ctx, row, uitkomst="toegekend", datum=body.datum, dwangakkoord=False)


def verzoek_dwangakkoord(ctx: Ctx, traject_id: str, body: DwangakkoordVerzoekCreate) -> None:
    """Fw art. 287a: only when at least one creditor refused the offer."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    _in_lopende_ronde(row, "Een verzoek tot dwangakkoord")
    if _besloten(row):
        raise RuleViolation("Over de schuldregeling is al besloten.")
    reacties = [s.reactie for s in repository.schulden(ctx.session, traject_id)]
    if Reactie.WEIGERING.value not in reacties:
        raise RuleViolation("Een dwangakkoord vraagt een schuldeiser die weigert (Fw art. 287a).")
    if row.dwangakkoord_verzoek_datum is not None:
        raise RuleViolation("Het dwangakkoord is al verzocht.")
    repository.wijzig(ctx.session, traject_id, dwangakkoord_verzoek_datum=body.datum)
    ctx.log("dwangakkoord-verzoeken", [row.subject_key, row.partner_subject_key])


def uitspraak_dwangakkoord(ctx: Ctx, traject_id: str, body: DwangakkoordUitspraakCreate) -> None:
    """The court's ruling decides the round: granted or refused, never both."""
    row = repository.laad(ctx.session, traject_id, for_update=True)
    _in_lopende_ronde(row, "Een uitspraak over het dwangakkoord")
    if row.dwangakkoord_verzoek_datum is None:
        raise RuleViolation("Er is geen verzoek tot dwangakkoord.")
    if row.dwangakkoord is not None:
        raise RuleViolation("Op het verzoek is al beslist.")
    if _besloten(row):
        raise Conflict("Over de schuldregeling is al besloten; deze ronde krijgt geen uitspraak.")
    if body.datum < row.dwangakkoord_verzoek_datum:
        raise RuleViolation("De uitspraak ligt voor het verzoek.")
    repository.wijzig(
        ctx.session,
        traject_id,
        dwangakkoord=body.toegewezen,
        dwangakkoord_uitspraak_datum=body.datum,
    )
    ctx.log("dwangakkoord-uitspraak", [row.subject_key, row.partner_subject_key])
    _besluit(
        ctx,
        row,
        uitkomst="toegekend" if body.toegewezen else "afgewezen",
        datum=body.datum,
        dwangakkoord=body.toegewezen,
    )
