"""Register a melding: resident, household, markers, crisis, deadlines, known-resident checks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from services.intake.context import IntakeContext
from services.intake.domain.doelgroepen import doelgroepen
from services.intake.domain.gesprek import MeldingGesprekStatus
from services.intake.domain.termijnen import MeldingTermijnen, bereken_termijnen, wettelijke_crisis
from services.intake.domain.uitkomst import MeldingStatus
from services.intake.models import melding
from services.intake.recidive import RecidiveUitslag, TrajectoryBekendheid
from services.intake.repository import meldingen as repo
from services.intake.schemas.meldingen import MeldingCreate
from shared.contracts.handoffs import Doelgroep, Kanaal, Persoon
from shared.contracts.intake_events import MELDING_GEREGISTREERD, MeldingGeregistreerd
from shared.problems import Conflict, InvalidInput, InvalidParam
from shared.pseudonym import person_key

COLUMNS = tuple(melding.c.keys())


def subject_key_of(persoon: Persoon, *, key: str) -> str:
    """The pseudonymous person key: of the BSN, else of surname, birth date and address."""
    return person_key(
        key=key,
        bsn=persoon.bsn,
        achternaam=persoon.achternaam,
        geboortedatum=persoon.geboortedatum,
        postcode=persoon.postcode,
        huisnummer=persoon.huisnummer,
    )


def partner_key_of(partner: Persoon | None, *, key: str) -> str | None:
    """The household partner's person key; None without a partner, or when too little is known
    of them to make one (no BSN, and not surname, birth date and address all)."""
    if partner is None:
        return None
    try:
        return subject_key_of(partner, key=key)
    except ValueError:  # not enough known of the partner to make a key
        return None


def melding_keys(ctx: IntakeContext, melding: Mapping[str, Any]) -> list[str]:
    """The person keys a processing of the full melding concerns: the resident's and, when it
    names one, the household partner's. The melding holds the partner's BSN, name and birth
    date too, and the processing log must find every person whose data was written or read."""
    partner = Persoon.model_validate(melding["partner"]) if melding["partner"] else None
    partner_key = partner_key_of(partner, key=ctx.settings.pseudonym_key)
    keys = [melding["subject_key"], partner_key] if partner_key else [melding["subject_key"]]
    return list(dict.fromkeys(keys))  # a partner entered as the resident again: one record


def check_crisissoort(ctx: IntakeContext, soort: str | None, *, field: str) -> None:
    """A crisis kind must be one the municipality's policy lists."""
    codes = [c.code for c in ctx.policy.crisissoorten]
    if soort is not None and soort not in codes:
        reason = f"Onbekende crisissoort; kies uit: {', '.join(codes)}."
        raise InvalidInput(
            "1 veld is ongeldig.", invalid_params=[InvalidParam(name=field, reason=reason)]
        )


def refuse_if_open(ctx: IntakeContext, subject_key: str) -> None:
    """A resident with an open melding gets no second one (409 with a link to the open one)."""
    open_id = repo.open_for(ctx.session, subject_key)
    if open_id is not None:
        raise Conflict(
            "Deze inwoner heeft al een open melding.",
            links={"melding": f"/v1/meldingen/{open_id}"},
        )


def termijnen_van(
    ctx: IntakeContext, meldingdatum: date, *, crisis: bool, crisissoort: str | None
) -> MeldingTermijnen:
    """A melding's deadlines under the policy in force (registration, and a crisis that comes
    to light later)."""
    return bereken_termijnen(
        meldingdatum,
        crisis=crisis,
        wettelijke_crisis=wettelijke_crisis(crisissoort, ctx.policy.crisissoorten),
        termijnen=ctx.policy.termijnen,
        kalender=ctx.policy.kalender(),
    )


def registreer(
    ctx: IntakeContext,
    *,
    subject_key: str,
    kanaal: Kanaal,
    meldingdatum: date,
    inwoner: Persoon,
    crisis: bool,
    crisissoort: str | None,
    crisisdatum: date | None,
    recidive: RecidiveUitslag,
    opgegeven_doelgroepen: Iterable[Doelgroep] = (),
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Store a new melding with its deadlines, history, log record and event; returns the
    stored row (every column)."""
    melding_id = str(uuid.uuid4())
    termijnen = termijnen_van(ctx, meldingdatum, crisis=crisis, crisissoort=crisissoort)
    markers = doelgroepen(
        opgegeven_doelgroepen, geboortedatum=inwoner.geboortedatum, op=meldingdatum
    )
    values: dict[str, Any] = dict.fromkeys(COLUMNS)
    values |= {
        "id": melding_id,
        "gemeentecode": ctx.policy.gemeentecode,
        "kanaal": kanaal.value,
        "status": MeldingStatus.OPEN.value,
        "meldingdatum": meldingdatum,
        "subject_key": subject_key,
        **inwoner.model_dump(include=set(Persoon.model_fields)),
        "kinderen_onder_18": 0,
        "doelgroepen": [d.value for d in markers],
        "crisis": crisis,
        "crisissoort": crisissoort,
        "crisisdatum": crisisdatum,
        "plannen_uiterlijk": termijnen.plannen_uiterlijk,
        "gesprek_norm_uiterlijk": termijnen.gesprek_norm_uiterlijk,
        "gesprek_wettelijk_uiterlijk": termijnen.gesprek_wettelijk_uiterlijk,
        "recidive": recidive.status,
        "laatst_afgesloten_op": recidive.laatst_afgesloten_op,
        "lopend_traject": recidive.lopend_traject,
        "gesprek_status": MeldingGesprekStatus.GEEN.value,
        "geregistreerd_at": datetime.now(UTC),
        "geregistreerd_door": ctx.actor,
        **(extra or {}),
    }
    if not repo.insert_open(ctx.session, values):
        # The resident has an open melding (committed before, or by a registration that won
        # the race): 409 with a link to it.
        refuse_if_open(ctx, subject_key)
        raise Conflict("Deze inwoner heeft al een open melding.")
    repo.add_status(
        ctx.session, melding_id, van=None, naar=MeldingStatus.OPEN.value, door=ctx.actor, reden=None
    )
    ctx.log("melding-registreren", melding_keys(ctx, values))
    ctx.event(
        MELDING_GEREGISTREERD,
        subject_key=subject_key,
        payload=MeldingGeregistreerd(
            melding_id=uuid.UUID(melding_id),
            kanaal=kanaal,
            meldingdatum=meldingdatum,
            crisis=crisis,
            crisissoort=crisissoort,
            doelgroepen=markers,
            recidive=recidive.status,
            plannen_uiterlijk=termijnen.plannen_uiterlijk,
            gesprek_norm_uiterlijk=termijnen.gesprek_norm_uiterlijk,
            gesprek_wettelijk_uiterlijk=termijnen.gesprek_wettelijk_uiterlijk,
        ),
    )
    return values


async def registreer_aan_de_balie(
    ctx: IntakeContext, body: MeldingCreate, *, bekendheid: TrajectoryBekendheid
) -> dict[str, Any]:
    """The desk registers a melding (any channel but the early-signal hand-over)."""
    if body.crisis is not None:
        check_crisissoort(ctx, body.crisis.soort, field="crisis.soort")
    subject_key = subject_key_of(body.inwoner, key=ctx.settings.pseudonym_key)
    meldingdatum = body.meldingdatum or ctx.vandaag()
    # Asked before the first statement: on SQLite that statement takes the write lock, which
    # must not be held while waiting for another service. A resident with an open melding is
    # refused by the insert itself (409), so that takes no query of its own.
    recidive = await bekendheid.vraag(
        subject_key, op=meldingdatum, recidive_jaren=ctx.policy.termijnen.recidive_jaren
    )
    return registreer(
        ctx,
        subject_key=subject_key,
        kanaal=Kanaal(body.kanaal),
        meldingdatum=meldingdatum,
        inwoner=body.inwoner,
        crisis=body.crisis is not None,
        crisissoort=body.crisis.soort if body.crisis else None,
        crisisdatum=body.crisis.datum if body.crisis else None,
        recidive=recidive,
        opgegeven_doelgroepen=body.doelgroepen,
        extra={
            "verwijzer": body.verwijzer,
            "voorkeurstaal": body.inwoner.voorkeurstaal,
            "partner": body.partner.model_dump(mode="json") if body.partner else None,
            "kinderen_onder_18": body.kinderen_onder_18,
            "inkomensbron": body.inkomensbron.value if body.inkomensbron else None,
            "toelichting": body.toelichting,
        },
    )
