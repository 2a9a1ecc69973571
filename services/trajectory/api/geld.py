"""Money: debts, VTLB calculation, the offer, creditor responses, dwangakkoord, solution."""

from __future__ import annotations

from fastapi import APIRouter

from services.trajectory import geld, oplossing
from services.trajectory.api.stappen import Stap, TweedeId, registreer
from services.trajectory.schemas_geld import (
    AanbodCreate,
    AfwegingskaderCreate,
    BerekeningCreate,
    DwangakkoordUitspraakCreate,
    DwangakkoordVerzoekCreate,
    OplossingCreate,
    ReactieCreate,
    SchuldCreate,
)

router = APIRouter(tags=["geld"])

registreer(
    router,
    Stap(
        naam="schuld",
        pad="/schulden",
        body=SchuldCreate,
        actie=geld.voeg_schuld_toe,
        summary="Add a debt",
        description="A debt with its creditor, amount, reference date and DDAS kind.",
    ),
    Stap(
        naam="berekening",
        pad="/berekeningen",
        body=BerekeningCreate,
        actie=geld.bereken,
        summary="Calculate VTLB and afloscapaciteit",
        description=(
            "Stores the calculation with its inputs and explanation; a pending offer is "
            "recomputed from it (income changed)."
        ),
    ),
    Stap(
        naam="aanbod",
        pad="/aanbiedingen",
        body=AanbodCreate,
        actie=geld.doe_aanbod,
        summary="Submit the offer to the creditors",
        description="Afloscapaciteit x term, split over the creditors by the policy's rule.",
    ),
    Stap(
        naam="reactie",
        pad="/schulden/{schuldId}/reacties",
        body=ReactieCreate,
        actie=geld.reageer,
        problemen=(404, 409, 422),
        tweede_id=TweedeId("schuldId", "Id of the debt."),
        summary="Record a creditor's response to the offer",
        description="When every creditor agreed, the settlement is granted.",
    ),
    Stap(
        naam="dwangakkoord_verzoek",
        pad="/dwangakkoord-verzoeken",
        body=DwangakkoordVerzoekCreate,
        actie=geld.verzoek_dwangakkoord,
        problemen=(404, 409, 422),
        summary="Record the dwangakkoord request (Fw art. 287a)",
        description="Only when a creditor refused.",
    ),
    Stap(
        naam="dwangakkoord_uitspraak",
        pad="/dwangakkoord-uitspraken",
        body=DwangakkoordUitspraakCreate,
        actie=geld.uitspraak_dwangakkoord,
        problemen=(404, 409, 422),
        summary="Record the court's decision on the dwangakkoord",
        description="Granted: the settlement is granted; refused: the settlement failed.",
    ),
    Stap(
        naam="afwegingskader",
        pad="/afwegingskader",
        methode="PUT",
        body=AfwegingskaderCreate,
        actie=oplossing.leg_afweging_vast,
        summary="Record the saneringskrediet assessment",
        description=(
            "Income stability, motivation, amount vs maximum and fund headroom; advice with "
            "reasons."
        ),
    ),
    Stap(
        naam="oplossing_vastleggen",
        pad="/oplossingen",
        body=OplossingCreate,
        actie=oplossing.leg_oplossing_vast,
        problemen=(404, 409, 422),
        summary="Record the solution and move to phase oplossing",
        description="DDAS Oplossing with start, end and monthly VTLB.",
    ),
)
