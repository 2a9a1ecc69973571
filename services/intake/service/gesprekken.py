"""The first conversation: plan, move with a reason, record held or no-show."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from services.intake import brieven
from services.intake.context import IntakeContext
from services.intake.domain import gesprek as regels
from services.intake.domain.gesprek import GesprekStatus, MeldingGesprekStatus
from services.intake.domain.uitkomst import MeldingStatus
from services.intake.repository import gesprekken as repo
from services.intake.repository import meldingen as meldingen_repo
from services.intake.schemas.gesprekken import GesprekCreate, VerplaatsingCreate
from services.intake.service import termijnen, weergave
from services.intake.service.meldingen import get_or_404
from shared.contracts.intake_events import (
    GESPREK_GEHOUDEN,
    GESPREK_GEPLAND,
    GESPREK_NIET_VERSCHENEN,
    GesprekAfgerond,
    GesprekGepland,
)
from shared.pagination import PageParams
from shared.problems import Conflict, NotFound


def gesprek_or_404(ctx: IntakeContext, gesprek_id: str) -> Any:
    row = repo.get(ctx.session, gesprek_id)
    if row is None:
        raise NotFound(f"Aanmeldgesprek {gesprek_id} bestaat niet.")
    return row


def _open_melding(ctx: IntakeContext, melding_id: str) -> Any:
    melding = get_or_404(ctx, melding_id, for_update=True)
    if melding.status != MeldingStatus.OPEN.value:
        raise Conflict("Deze melding is afgerond; er valt geen gesprek meer te plannen.")
    return melding


def _store_afspraak(
    ctx: IntakeContext, melding: Any, values: dict[str, Any], *, verplaatst_van: str | None
) -> str:
    gesprek_id = str(uuid.uuid4())
    vandaag = ctx.vandaag()
    repo.insert(
        ctx.session,
        {
            "id": gesprek_id,
            "melding_id": melding.id,
            **values,
            "status": GesprekStatus.GEPLAND.value,
            "verplaatst_van": verplaatst_van,
            "gepland_op": vandaag,
            "gepland_at": datetime.now(UTC),
            "gepland_door": ctx.actor,
        },
    )
    meldingen_repo.update(
        ctx.session,
        melding.id,
        consulent=values["consulent"],
        gesprek_status=MeldingGesprekStatus.GEPLAND.value,
        gesprek_datum=values["datum"],
    )
    ctx.log("aanmeldgesprek-plannen", [melding.subject_key])
    ctx.event(
        GESPREK_GEPLAND,
        subject_key=melding.subject_key,
        payload=GesprekGepland(
            melding_id=uuid.UUID(melding.id),
            gesprek_id=uuid.UUID(gesprek_id),
            gespreksdatum=values["datum"],
            gepland_op=vandaag,
            verplaatst=verplaatst_van is not None,
            telefonisch=values["telefonisch"],
        ),
    )
    return gesprek_id


def plan(ctx: IntakeContext, melding_id: str, body: GesprekCreate) -> str:
    """Plan the first conversation (again, after a no-show); returns its id."""
    melding = _open_melding(ctx, melding_id)
    if melding.gesprek_status == MeldingGesprekStatus.GEPLAND.value:
        current = repo.current_for(ctx.session, melding.id)
        raise Conflict(
            "Er staat al een gesprek gepland; verplaats dat gesprek.",
            links={"aanmeldgesprek": f"/v1/aanmeldgesprekken/{current.id}"},
        )
    if melding.gesprek_status == MeldingGesprekStatus.GEHOUDEN.value:
        raise Conflict("Het aanmeldgesprek is al gehouden; leg de uitkomst vast.")
    regels.check_plandatum(body.datum, meldingdatum=melding.meldingdatum)
    gesprek_id = _store_afspraak(ctx, melding, body.model_dump(), verplaatst_van=None)
    # (seed ch. 4) planned within 2 working days: judged on the first planning only (a planning
    # after a no-show, or after the deadline watch judged it missed, leaves the judgment as is).
    termijnen.beoordeel(ctx, melding, termijn="plannen", op=ctx.vandaag())
    return gesprek_id


def verplaats(ctx: IntakeContext, gesprek_id: str, body: VerplaatsingCreate) -> str:
    """Move a planned conversation: the old one keeps the reason, a new one is planned."""
    oud = gesprek_or_404(ctx, gesprek_id)
    melding = _open_melding(ctx, oud.melding_id)
    regels.check_transition(GesprekStatus(oud.status), GesprekStatus.VERPLAATST)
    regels.check_plandatum(body.datum, meldingdatum=melding.meldingdatum)
    telefonisch: bool = oud.telefonisch if body.telefonisch is None else body.telefonisch
    locatie: str | None = (
        None if telefonisch and body.locatie is None else body.locatie or oud.locatie
    )
    # The body was checked on its own; the appointment it makes is checked as merged.
    regels.check_plaats(locatie, telefonisch=telefonisch)
    values = {
        "datum": body.datum,
        "tijd": body.tijd,
        "consulent": body.consulent or oud.consulent,
        "locatie": locatie,
        "telefonisch": telefonisch,
    }
    repo.update(
        ctx.session, oud.id, status=GesprekStatus.VERPLAATST.value, verplaatsreden=body.reden
    )
    return _store_afspraak(ctx, melding, values, verplaatst_van=oud.id)


def rond_af(ctx: IntakeContext, gesprek_id: str, status: str) -> None:
    """Record that the conversation was held, or that the resident did not come."""
    gesprek = gesprek_or_404(ctx, gesprek_id)
    melding = _open_melding(ctx, gesprek.melding_id)
    naar = GesprekStatus(status)
    regels.check_transition(GesprekStatus(gesprek.status), naar)
    regels.check_afgerond_op(gesprek.datum, vandaag=ctx.vandaag())
    repo.update(ctx.session, gesprek.id, status=naar.value)
    meldingen_repo.update(
        ctx.session, melding.id, gesprek_status=MeldingGesprekStatus(naar.value).value
    )
    ctx.log("aanmeldgesprek-afronden", [melding.subject_key])
    payload = GesprekAfgerond(
        melding_id=uuid.UUID(melding.id),
        gesprek_id=uuid.UUID(gesprek.id),
        gespreksdatum=gesprek.datum,
    )
    if naar is GesprekStatus.NIET_VERSCHENEN:
        ctx.event(GESPREK_NIET_VERSCHENEN, subject_key=melding.subject_key, payload=payload)
        return
    ctx.event(GESPREK_GEHOUDEN, subject_key=melding.subject_key, payload=payload)
    # A deadline the watch already judged missed (the conversation was planned after it) stays so.
    termijnen.beoordeel(ctx, melding, termijn="gesprek-norm", op=gesprek.datum)
    termijnen.beoordeel(ctx, melding, termijn="gesprek-wettelijk", op=gesprek.datum)


def lees(ctx: IntakeContext, gesprek_id: str) -> Any:
    """One conversation (it names the resident's appointment: a processing of their data)."""
    gesprek = gesprek_or_404(ctx, gesprek_id)
    melding = get_or_404(ctx, gesprek.melding_id)
    ctx.log("aanmeldgesprek-inzien", [melding.subject_key])
    return gesprek


def lijst(ctx: IntakeContext, melding_id: str, paging: PageParams) -> tuple[list[Any], int]:
    melding = get_or_404(ctx, melding_id)
    rows, total = repo.for_melding(
        ctx.session, melding.id, offset=paging.offset, limit=paging.page_size
    )
    ctx.log("aanmeldgesprek-inzien", [melding.subject_key])
    return list(rows), total


def brief(ctx: IntakeContext, gesprek_id: str, soort: str) -> str:
    """The invitation or confirmation for a conversation, rendered from the template."""
    gesprek = gesprek_or_404(ctx, gesprek_id)
    regels.check_brief(GesprekStatus(gesprek.status))
    melding = get_or_404(ctx, gesprek.melding_id)
    env = brieven.environment(ctx.settings.templates_dir)
    tekst = brieven.render(
        env,
        soort,
        {
            "gemeente": ctx.policy.naam,
            "naam": weergave.naam(melding._mapping),
            "straat": melding.straat,
            "huisnummer": _huisnummer(melding),
            "postcode": melding.postcode,
            "woonplaats": melding.woonplaats,
            "vandaag": ctx.vandaag(),
            "datum": gesprek.datum,
            "tijd": gesprek.tijd,
            "telefonisch": gesprek.telefonisch,
            "locatie": gesprek.locatie,
            "consulent": gesprek.consulent,
            "verplaatst": gesprek.verplaatst_van is not None,
        },
    )
    ctx.log("brief-maken", [melding.subject_key])
    return tekst


def _huisnummer(melding: Any) -> str:
    if melding.huisnummer is None:
        return ""
    number = f"{melding.huisnummer}{melding.huisletter or ''}"
    return f"{number}-{melding.huisnummertoevoeging}" if melding.huisnummertoevoeging else number
