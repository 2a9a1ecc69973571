"""Record the outcome of the first conversation; an aanvraag goes to trajectory via the outbox."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from services.intake.context import IntakeContext
from services.intake.domain.gesprek import MeldingGesprekStatus
from services.intake.domain.uitkomst import (
    MeldingStatus,
    UitkomstSoort,
    check_uitkomst_mogelijk,
)
from services.intake.models import plumbing
from services.intake.repository import meldingen as meldingen_repo
from services.intake.repository import uitkomsten as repo
from services.intake.repository import verwijspartners as partners_repo
from services.intake.schemas.uitkomsten import (
    AanvraagCreate,
    AdviesCreate,
    GeenVervolgCreate,
    MdoCreate,
    MdoRead,
    UitkomstCreate,
    UitkomstRead,
    VerwijzingRead,
)
from services.intake.service import termijnen, weergave
from services.intake.service.meldingen import get_or_404
from services.intake.service.registratie import subject_key_of
from shared.contracts.handoffs import TRAJECTORY_AANVRAGEN_PATH, AanvraagSchuldhulp, Persoon
from shared.contracts.intake_events import UITKOMST_VASTGELEGD, UitkomstVastgelegd
from shared.outbox import enqueue_command
from shared.problems import InvalidInput, InvalidParam, NotFound


def vastleggen(ctx: IntakeContext, melding_id: str, body: UitkomstCreate) -> None:
    """Record the outcome; it closes the melding."""
    melding = get_or_404(ctx, melding_id, for_update=True)
    soort = UitkomstSoort(body.soort)
    check_uitkomst_mogelijk(
        soort,
        status=MeldingStatus(melding.status),
        gesprek_status=MeldingGesprekStatus(melding.gesprek_status),
    )
    vandaag = ctx.vandaag()
    held = melding.gesprek_status == MeldingGesprekStatus.GEHOUDEN.value
    datum: date = melding.gesprek_datum if held else vandaag
    event = UitkomstVastgelegd(melding_id=uuid.UUID(melding.id), soort=soort.value, datum=datum)
    values: dict[str, Any] = {
        "melding_id": melding.id,
        "soort": soort.value,
        "datum": datum,
        "vastgelegd_door": ctx.actor,
        "vastgelegd_at": datetime.now(UTC),
    }
    if isinstance(body, AdviesCreate):
        names = _verwijzingen(ctx, [str(p) for p in body.verwijspartner_ids])
        repo.insert(ctx.session, {**values, "toelichting": body.toelichting})
        repo.insert_verwijzingen(ctx.session, melding.id, list(names))
        event.verwijspartners = sorted(names.values())
    elif isinstance(body, MdoCreate):
        repo.insert(ctx.session, values)
        repo.insert_mdo(
            ctx.session,
            {"melding_id": melding.id, **body.model_dump(exclude={"soort"}, mode="json")}
            | {"toestemming_datum": body.toestemming_datum, "mdo_datum": body.mdo_datum},
        )
        event.mdo_grondslag = body.grondslag.value
        event.mdo_teams = [team.value for team in body.teams]
    elif isinstance(body, AanvraagCreate):
        aanvraag_id = _aanvraag(ctx, melding, body, aanvraagdatum=datum)
        repo.insert(
            ctx.session, {**values, "toelichting": body.toelichting, "aanvraag_id": aanvraag_id}
        )
        event.aanvraag_id = uuid.UUID(aanvraag_id)
    elif isinstance(body, GeenVervolgCreate):
        repo.insert(ctx.session, {**values, "reden": body.reden})
        if not held:
            _missed_deadlines(ctx, melding, vandaag=vandaag)
    meldingen_repo.update(
        ctx.session,
        melding.id,
        status=MeldingStatus.AFGEROND.value,
        uitkomst=soort.value,
        afgesloten_op=vandaag,
    )
    meldingen_repo.add_status(
        ctx.session,
        melding.id,
        van=MeldingStatus.OPEN.value,
        naar=MeldingStatus.AFGEROND.value,
        door=ctx.actor,
        reden=f"uitkomst: {soort.value}",
    )
    ctx.log("uitkomst-vastleggen", [melding.subject_key])
    ctx.event(UITKOMST_VASTGELEGD, subject_key=melding.subject_key, payload=event)


def _verwijzingen(ctx: IntakeContext, partner_ids: list[str]) -> dict[str, str]:
    """The referred partners' names by id; unknown or inactive ones are invalid input."""
    found = partners_repo.by_ids(ctx.session, partner_ids)
    wrong = [p for p in partner_ids if p not in found or not found[p].actief]
    if wrong:
        reason = f"Onbekende of niet-actieve verwijspartner(s): {', '.join(wrong)}."
        raise InvalidInput(
            "1 veld is ongeldig.",
            invalid_params=[InvalidParam(name="verwijspartnerIds", reason=reason)],
        )
    return {p: found[p].naam for p in dict.fromkeys(partner_ids)}


def _missed_deadlines(ctx: IntakeContext, melding: Any, *, vandaag: date) -> None:
    # Closed without a conversation: a deadline that had already passed counts as missed, once
    # (the deadline watch may have judged it already); one still running is not judged (the
    # resident withdrew in time).
    for termijn in termijnen.GESPREK_TERMIJNEN:
        if termijnen.uiterlijk(melding, termijn) < vandaag:
            termijnen.beoordeel(ctx, melding, termijn=termijn, op=None)


def _aanvraag(
    ctx: IntakeContext, melding: Any, body: AanvraagCreate, *, aanvraagdatum: date
) -> str:
    """Queue the command for trajectory in this transaction (the outbox delivers it once)."""
    aanvraag_id = str(uuid.uuid4())
    partner = Persoon.model_validate(melding.partner) if melding.partner else None
    command = AanvraagSchuldhulp(
        aanvraag_id=uuid.UUID(aanvraag_id),
        melding_id=uuid.UUID(melding.id),
        gemeentecode=melding.gemeentecode,
        aanvraagdatum=aanvraagdatum,
        crisis=melding.crisis,
        crisissoort=melding.crisissoort,
        aanvrager=Persoon.model_validate(weergave.persoon_values(melding._mapping)),
        partner=partner,
        subject_key=melding.subject_key,
        partner_subject_key=_partner_key(ctx, partner),
        kinderen_onder_18=melding.kinderen_onder_18,
        inkomensbron=melding.inkomensbron,
        doelgroepen=melding.doelgroepen,
        consulent=melding.consulent,
        toelichting=body.toelichting,
    )
    message_id = enqueue_command(
        ctx.session,
        plumbing,
        destination="trajectory",
        path=TRAJECTORY_AANVRAGEN_PATH,
        body=command.model_dump(mode="json", by_alias=True),
    )
    repo.insert_aanvraag(
        ctx.session,
        {
            "id": aanvraag_id,
            "melding_id": melding.id,
            "aanvraagdatum": aanvraagdatum,
            "message_id": message_id,
            "aangemaakt_at": datetime.now(UTC),
        },
    )
    return aanvraag_id


def _partner_key(ctx: IntakeContext, partner: Persoon | None) -> str | None:
    if partner is None:
        return None
    try:
        return subject_key_of(partner, key=ctx.settings.pseudonym_key)
    except ValueError:  # not enough known of the partner to make a key
        return None


def lees(ctx: IntakeContext, melding_id: str) -> UitkomstRead:
    """The outcome of a melding."""
    melding = get_or_404(ctx, melding_id)
    row = repo.get(ctx.session, melding.id)
    if row is None:
        raise NotFound("Voor deze melding is nog geen uitkomst vastgelegd.")
    mdo_row = repo.get_mdo(ctx.session, melding.id)
    ctx.log("uitkomst-inzien", [melding.subject_key])
    return UitkomstRead(
        melding_id=row.melding_id,
        soort=row.soort,
        datum=row.datum,
        reden=row.reden,
        toelichting=row.toelichting,
        verwijzingen=[
            VerwijzingRead(id=v.id, naam=v.naam) for v in repo.verwijzingen(ctx.session, melding.id)
        ],
        mdo=MdoRead.model_validate({k: getattr(mdo_row, k) for k in MdoRead.model_fields})
        if mdo_row
        else None,
        aanvraag_id=row.aanvraag_id,
    )
