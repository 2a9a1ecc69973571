"""Support beside the phases, programmes, the emergency fund and the WSNP statement."""

from __future__ import annotations

from fastapi import APIRouter

from services.trajectory import ondersteuning
from services.trajectory.api.stappen import Stap, TweedeId, registreer
from services.trajectory.schemas_voorzieningen import (
    NoodfondsAanvraagCreate,
    NoodfondsBesluitCreate,
    ProgrammaCreate,
    VoorzieningCreate,
    VoorzieningEindeCreate,
    WsnpVerklaringCreate,
)

router = APIRouter(tags=["ondersteuning"])

registreer(
    router,
    Stap(
        naam="voorziening",
        pad="/voorzieningen",
        body=VoorzieningCreate,
        actie=ondersteuning.leg_voorziening_vast,
        summary="Record support beside the phases",
        description=(
            "Begeleiding, moratorium and provisional relief (at most 6 months, Fw 287b), crisis "
            "intervention, information and advice."
        ),
    ),
    Stap(
        naam="voorziening_beeindigen",
        pad="/voorzieningen/{voorzieningId}/beeindigingen",
        body=VoorzieningEindeCreate,
        actie=ondersteuning.beeindig_voorziening,
        tweede_id=TweedeId("voorzieningId", "Id of the support record."),
        summary="End support early",
        description=(
            "E.g. income management handed over to an external bewindvoerder (seed annex 5): "
            "end it here and record the new one."
        ),
    ),
    Stap(
        naam="programma",
        pad="/programmas",
        body=ProgrammaCreate,
        actie=ondersteuning.start_programma,
        problemen=(404, 409, 422),
        summary="Join a programme (JAS, GGZ pilot, entrepreneurs)",
        description="Each programme checks its own eligibility.",
    ),
    Stap(
        naam="noodfonds",
        pad="/noodfonds-aanvragen",
        body=NoodfondsAanvraagCreate,
        actie=ondersteuning.vraag_noodfonds,
        summary="Request the emergency fund",
        description="Only for a running settlement.",
    ),
    Stap(
        naam="noodfonds_besluit",
        pad="/noodfonds-aanvragen/{aanvraagId}/besluiten",
        body=NoodfondsBesluitCreate,
        actie=ondersteuning.besluit_noodfonds,
        tweede_id=TweedeId("aanvraagId", "Id of the emergency-fund request."),
        summary="Decide on an emergency-fund request",
        description="Granted or refused, with the reason.",
    ),
    Stap(
        naam="wsnp",
        pad="/wsnp-verklaringen",
        body=WsnpVerklaringCreate,
        actie=ondersteuning.verklaar_wsnp,
        summary="Issue the WSNP statement (Fw art. 285)",
        description="Only after the amicable settlement failed.",
    ),
)
