"""Request and response models for the money side: debts, VTLB, offer, responses, solution."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from services.trajectory.domain.afwegingskader import Advies, Motivatie
from services.trajectory.domain.vtlb import CorrectieSoort, Leefsituatie
from services.trajectory.schema_types import (
    OptionalDate,
    OptionalStrictDate,
)
from shared.contracts.ddas import Oplossingssoort, Schuldensoort
from shared.pagination import ApiModel
from shared.types import NonNegativeBedrag, PastOrTodayDate, Postcode, StrictDate

Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LangeTekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
KvkNummer = Annotated[str, StringConstraints(pattern=r"^[0-9]{8}$")]
Bool = Annotated[bool, Field(strict=True)]


class Schuldeiser(ApiModel):
    """The creditor of a debt (DDAS `Schuldeiser`)."""

    naam: Tekst = Field(description="Name of the creditor.")
    kvk_nummer: KvkNummer | None = Field(default=None, description="KvK number (8 digits).")
    postcode: Postcode | None = Field(default=None, description="The creditor's postcode.")
    privepersoon: Bool = Field(default=False, description="The creditor is a private person.")


class SchuldCreate(ApiModel):
    """A debt to take into the trajectory."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "schuldeiser": {
                    "naam": "Eigen Haard",
                    "kvkNummer": "33186045",
                },
                "bedrag": "1250.50",
                "peildatum": "2026-10-01",
                "schuldsoort": "Overig",
                "preferent": False,
                "zakelijk": False,
            }
        }
    )

    schuldeiser: Schuldeiser = Field(description="Who the debt is owed to.")
    bedrag: NonNegativeBedrag = Field(description="Amount owed on the reference date.")
    peildatum: PastOrTodayDate = Field(description="Reference date of the amount.")
    schuldsoort: Schuldensoort = Field(description="DDAS Schuldensoort.")
    preferent: Bool = Field(default=False, description="Preferent claim (e.g. tax authority).")
    zakelijk: Bool = Field(default=False, description="Business debt (entrepreneurs).")


class Reactie(StrEnum):
    AKKOORD = "akkoord"
    WEIGERING = "weigering"


class SchuldRead(ApiModel):
    """A debt with the offer on it and the creditor's response."""

    id: uuid.UUID = Field(description="Id of the debt.")
    schuldeiser: Schuldeiser = Field(description="The creditor.")
    bedrag: NonNegativeBedrag = Field(description="Amount owed.")
    peildatum: date = Field(description="Reference date of the amount.")
    schuldsoort: Schuldensoort = Field(description="DDAS Schuldensoort.")
    preferent: bool = Field(description="Preferent claim.")
    zakelijk: bool = Field(description="Business debt.")
    aanbod_bedrag: NonNegativeBedrag | None = Field(description="Offered in the current offer.")
    reactie: Reactie | None = Field(description="The creditor's response to the offer.")
    reactie_datum: OptionalDate = Field(description="When the creditor responded.")


class CorrectieIn(ApiModel):
    """One correction on top of the beslagvrije voet."""

    soort: CorrectieSoort = Field(description="Kind of correction (Recofa).")
    bedrag: NonNegativeBedrag = Field(description="Amount per month.")
    toelichting: Tekst | None = Field(default=None, description="Evidence or reason.")


class BerekeningCreate(ApiModel):
    """Income and household for a (new) VTLB calculation."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "peildatum": "2026-11-01",
                "leefsituatie": "alleenstaande",
                "nettoInkomen": "1850.00",
                "correcties": [{"soort": "woonkosten", "bedrag": "120.00", "toelichting": "huur"}],
            }
        }
    )

    peildatum: StrictDate = Field(description="Date whose norms apply.")
    leefsituatie: Leefsituatie = Field(description="Which bijstandsnorm applies.")
    netto_inkomen: NonNegativeBedrag = Field(description="Net household income per month.")
    correcties: list[CorrectieIn] = Field(default_factory=list, max_length=20)


class RegelRead(ApiModel):
    """One line of the calculation's explanation."""

    omschrijving: str = Field(description="What this line is.")
    bedrag: NonNegativeBedrag = Field(description="Its amount.")
    bron: str = Field(description="Where it comes from (law, policy, input).")


class BerekeningRead(ApiModel):
    """A stored VTLB calculation with its inputs and explanation."""

    id: uuid.UUID = Field(description="Id of the calculation.")
    peildatum: date = Field(description="Date whose norms apply.")
    leefsituatie: Leefsituatie = Field(description="Household situation.")
    netto_inkomen: NonNegativeBedrag = Field(description="Net income per month.")
    correcties: list[CorrectieIn] = Field(description="Corrections applied.")
    vtlb: NonNegativeBedrag = Field(description="Vrij te laten bedrag per month.")
    afloscapaciteit: NonNegativeBedrag = Field(description="Income minus VTLB, never negative.")
    regels: list[RegelRead] = Field(description="The calculation line by line.")


class AanbodCreate(ApiModel):
    """Submit an offer to the creditors, computed from the latest calculation and the debts."""

    model_config = ConfigDict(json_schema_extra={"example": {"ingediendOp": "2026-11-20"}})

    ingediend_op: PastOrTodayDate = Field(description="Date the offer is sent to the creditors.")


class AandeelRead(ApiModel):
    schuld_id: uuid.UUID = Field(description="The debt.")
    vordering: NonNegativeBedrag = Field(description="The claim.")
    aanbod: NonNegativeBedrag = Field(description="Offered on it over the whole term.")
    percentage: Decimal = Field(description="Offered as a percentage of the claim.")


class AanbodRead(ApiModel):
    """The current offer to the creditors."""

    id: uuid.UUID = Field(description="Id of the offer.")
    ingediend_op: date = Field(description="Date sent.")
    looptijd_maanden: int = Field(description="Term in months (policy, dated).")
    afloscapaciteit: NonNegativeBedrag = Field(description="Repayment capacity per month.")
    totaal_schuld: NonNegativeBedrag = Field(description="Sum of the claims.")
    totaal_aflossing: NonNegativeBedrag = Field(description="Repaid over the whole term.")
    percentage: Decimal = Field(description="Total repayment as a percentage of the debts.")
    verdeling: list[AandeelRead] = Field(description="The split over the creditors.")


class ReactieCreate(ApiModel):
    """A creditor's answer to the offer."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"reactie": "akkoord", "datum": "2026-11-25"}}
    )

    reactie: Reactie = Field(description="Accept or refuse.")
    datum: PastOrTodayDate = Field(description="Date of the answer.")


class DwangakkoordVerzoekCreate(ApiModel):
    """The request to the court to oblige refusing creditors (Fw art. 287a)."""

    model_config = ConfigDict(json_schema_extra={"example": {"datum": "2026-11-26"}})

    datum: PastOrTodayDate = Field(description="Date the request was filed.")


class DwangakkoordUitspraakCreate(ApiModel):
    """The court's decision on the dwangakkoord request."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"datum": "2026-11-27", "toegewezen": True}}
    )

    datum: PastOrTodayDate = Field(description="Date of the decision.")
    toegewezen: Bool = Field(description="Whether the court granted it.")


class OplossingCreate(ApiModel):
    """The solution reached (DDAS Oplossing); moves the trajectory to phase oplossing."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "soort": "Schuldbemiddeling",
                "startdatum": "2026-11-27",
                "reden": "akkoord",
            }
        }
    )

    soort: Oplossingssoort = Field(description="DDAS Oplossingssoort.")
    startdatum: PastOrTodayDate = Field(description="Start of the solution.")
    einddatum: OptionalStrictDate = Field(default=None, description="Planned end.")
    vtlb: NonNegativeBedrag | None = Field(
        default=None, description="Monthly VTLB; the latest calculation's when left out."
    )
    reden: LangeTekst = Field(description="Why (recorded in the history).")


class AfwegingskaderCreate(ApiModel):
    """The saneringskrediet assessment for this dossier (seed §6.4)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "peildatum": "2026-11-01",
                "inkomenStabiel": True,
                "motivatie": "voldoende",
                "kredietbedrag": "8000.00",
            }
        }
    )

    peildatum: StrictDate = Field(description="Date whose policy maximum applies.")
    inkomen_stabiel: Bool = Field(description="Income is not expected to change in the term.")
    motivatie: Motivatie = Field(description="Motivation to change behaviour.")
    kredietbedrag: NonNegativeBedrag = Field(description="The loan the settlement would need.")


class AfwegingskaderRead(ApiModel):
    """The recorded assessment and its advice."""

    peildatum: date = Field(description="Date whose policy maximum applied.")
    inkomen_stabiel: bool = Field(description="Income stability.")
    motivatie: Motivatie = Field(description="Motivation.")
    kredietbedrag: NonNegativeBedrag = Field(description="The loan needed.")
    maximum: NonNegativeBedrag = Field(description="Policy maximum on that date.")
    ruimte_garantiefonds: NonNegativeBedrag = Field(description="Guarantee-fund headroom.")
    advies: Advies = Field(description="The resulting advice.")
    redenen: list[str] = Field(description="Every reason for it.")
