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
from services.intake.service.registratie import melding_keys, partner_key_of
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
    log_keys = [melding.subject_key]
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
        # The partner's data goes to trajectory with the aanvraag: a processing of theirs too.
        log_keys = melding_keys(ctx, melding._mapping)
        repo.insert(
            ctx.session, {**values, "toelichting": body.toelichting, "aanvraag_id": aanvraag_id}
        )
        event.aanvraag_id = uuid.UUID(aanvraag_id)
    elif isinstance(body, GeenVervolgCreate):
        repo.insert(ctx.session, {**values, "reden": body.reden})
    if not held:
        _missed_deadlines(ctx, melding)
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
    ctx.log("uitkomst-vastleggen", log_keys)
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


def _missed_deadlines(ctx: IntakeContext, melding: Any) -> None:
    # Closed without a conversation (intake_events: `termijn.beoordeeld`): every deadline still
    # unjudged is judged now, missed with `op` null, passed or still running alike; once closed
    # it can never be met, and the deadline watch looks at open meldingen only, so left
    # unjudged it would count neither met nor missed. One judged before (planned in time, or by
    # the watch) keeps its judgment: the claim on the melding row (locked for this update) sees
    # to that.
    for termijn in termijnen.TERMIJNEN:
        if getattr(melding, f"{meldingen_repo.termijn_kolom(termijn)}_gehaald") is None:
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
        partner_subject_key=partner_key_of(partner, key=ctx.settings.pseudonym_key),
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
