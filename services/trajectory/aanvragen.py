"""Opening a trajectory from intake's aanvraag, and answering "is this resident known here?"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from services.trajectory import repository
from services.trajectory.context import Ctx
from services.trajectory.domain import caseload, termijnen
from services.trajectory.domain.fasen import Fase
from services.trajectory.models import toewijzing, traject, traject_persoon
from shared.contracts import trajectory_events as ev
from shared.contracts.handoffs import AanvraagSchuldhulp, BekendheidAntwoord
from shared.problems import Conflict, InvalidInput, InvalidParam, RuleViolation

REGEL_OPENEN = "Wgs art. 3: de aanvraag om schuldhulpverlening (overgedragen door intake)"


def traject_pad(traject_id: str) -> str:
    return f"/v1/trajecten/{traject_id}"


def _conflict(bestaand: str) -> Conflict:
    return Conflict(
        "Deze inwoner heeft al een actief schuldhulptraject; er kan er maar één tegelijk zijn.",
        links={"traject": traject_pad(bestaand)},
    )


def open_traject(ctx: Ctx, aanvraag: AanvraagSchuldhulp) -> tuple[str, bool]:
    """The trajectory for this aanvraag: (id, newly opened). A resident has at most one active."""
    if aanvraag.partner is not None and aanvraag.partner_subject_key is None:
        raise InvalidInput(
            "Een partner vraagt om een partnerSubjectKey.",
            invalid_params=[
                InvalidParam(name="partnerSubjectKey", reason="Ontbreekt bij partner.")
            ],
        )
    if aanvraag.partner_subject_key == aanvraag.subject_key:
        raise InvalidInput(
            "Aanvrager en partner zijn dezelfde persoon.",
            invalid_params=[
                InvalidParam(name="partnerSubjectKey", reason="Gelijk aan subjectKey.")
            ],
        )
    if aanvraag.gemeentecode != ctx.policy.gemeentecode:
        # Deadlines, norms and the DDAS delivery follow the municipality's policy; this
        # deployment holds one (DESIGN.md §3: a case is handled under its own municipality's).
        raise RuleViolation(
            f"Deze dienst werkt voor {ctx.policy.gemeentecode}, niet voor {aanvraag.gemeentecode}."
        )
    keys = [k for k in (aanvraag.subject_key, aanvraag.partner_subject_key) if k]
    bestaand = repository.traject_bij_aanvraag(ctx.session, str(aanvraag.aanvraag_id))
    if bestaand is not None:
        ctx.log("traject-inzien", keys)
        return bestaand.id, False
    actief = repository.actief_traject_van(ctx.session, keys)
    if actief is not None:
        raise _conflict(actief.traject_id)

    traject_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    termijn = termijnen.beslistermijn(ctx.policy, aanvraag.aanvraagdatum)
    ctx.session.execute(
        traject.insert().values(
            id=traject_id,
            aanvraag_id=str(aanvraag.aanvraag_id),
            melding_id=str(aanvraag.melding_id),
            gemeentecode=aanvraag.gemeentecode,
            subject_key=aanvraag.subject_key,
            partner_subject_key=aanvraag.partner_subject_key,
            aanvraagdatum=aanvraag.aanvraagdatum,
            crisis=aanvraag.crisis,
            crisissoort=aanvraag.crisissoort,
            fase=Fase.AANMELDING.value,
            fase_sinds=aanvraag.aanvraagdatum,
            consulent=None,
            kinderen_onder_18=aanvraag.kinderen_onder_18,
            inkomensbron=aanvraag.inkomensbron,
            doelgroepen=[d.value for d in aanvraag.doelgroepen],
            toelichting=aanvraag.toelichting,
            documenten={},
            beslistermijn_datum=termijn,
            created_at=now,
            updated_at=now,
        )
    )
    persons = [("aanvrager", aanvraag.subject_key, aanvraag.aanvrager)]
    if aanvraag.partner is not None and aanvraag.partner_subject_key is not None:
        persons.append(("partner", aanvraag.partner_subject_key, aanvraag.partner))
    try:
        # A savepoint, so a concurrent opening for the same resident becomes a clean 409.
        with ctx.session.begin_nested():
            ctx.session.execute(
                traject_persoon.insert(),
                [
                    {
                        "traject_id": traject_id,
                        "rol": rol,
                        "subject_key": key,
                        "actief": True,
                        "persoon": persoon.model_dump(mode="json", exclude_none=True),
                    }
                    for rol, key, persoon in persons
                ],
            )
    except IntegrityError:
        ctx.session.execute(traject.delete().where(traject.c.id == traject_id))
        actief = repository.actief_traject_van(ctx.session, keys)
        raise _conflict(actief.traject_id if actief else traject_id) from None
    if aanvraag.consulent is not None:
        _wijs_toe_binnen_limiet(ctx, traject_id, aanvraag.consulent)
    ctx.historie(
        traject_id,
        van=None,
        naar=Fase.AANMELDING.value,
        datum=aanvraag.aanvraagdatum,
        regel=REGEL_OPENEN,
        reden="Aanvraag ontvangen van intake.",
    )
    ctx.log("traject-openen", keys)
    ctx.event(
        ev.TRAJECT_GEOPEND,
        subject_key=aanvraag.subject_key,
        payload=ev.TrajectGeopend(
            traject_id=uuid.UUID(traject_id),
            aanvraag_id=aanvraag.aanvraag_id,
            aanvraagdatum=aanvraag.aanvraagdatum,
            crisis=aanvraag.crisis,
            aantal_personen=len(persons),
            partner_subject_key=aanvraag.partner_subject_key,
            doelgroepen=[d.value for d in aanvraag.doelgroepen],
            beslistermijn_datum=termijn,
        ),
    )
    return traject_id, True


def _wijs_toe_binnen_limiet(ctx: Ctx, traject_id: str, consulent: str) -> None:
    """Intake's counsellor gets the case if it fits the caseload limit (seed §3.3); otherwise
    it stays unassigned for the coordinator, since only a person can give an override reason."""
    # Counted under the counsellor's lock, so a simultaneous assignment sees this one.
    repository.vergrendel_consulent(ctx.session, consulent)
    actief = repository.actief_per_consulent(ctx.session).get(consulent, 0)
    fte = repository.consulenten(ctx.session).get(consulent, Decimal(1))
    if not caseload.mag_toewijzen(
        actief=actief, max_per_fte=ctx.policy.caseload_max_per_fte, fte=fte, override_reden=None
    ):
        return
    repository.wijzig(ctx.session, traject_id, consulent=consulent)
    ctx.session.execute(
        toewijzing.insert().values(
            traject_id=traject_id,
            consulent=consulent,
            override_reden=None,
            actor=ctx.principal.subject,
            at=datetime.now(UTC),
        )
    )


def bekendheid(ctx: Ctx, subject_key: str) -> BekendheidAntwoord:
    """Whether the resident has or had a trajectory; intake uses it for recidive (5 years)."""
    actief = repository.actief_traject_van(ctx.session, [subject_key])
    bekend = actief is not None or repository.ooit_bekend(ctx.session, subject_key)
    # Asking about a resident is a processing even when the answer is "unknown" (as in intake).
    ctx.log("bekendheid-bevragen", [subject_key])
    return BekendheidAntwoord(
        bekend=bekend,
        lopend=actief is not None,
        referentie=uuid.UUID(actief.traject_id) if actief is not None else None,
        laatst_afgesloten_op=repository.laatst_afgesloten(ctx.session, subject_key),
    )
