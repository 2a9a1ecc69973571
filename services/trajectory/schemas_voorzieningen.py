"""Request and response models for support beside the phases, programmes and the emergency fund."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from services.trajectory.domain.voorzieningen import Programma, VoorzieningSoort
from services.trajectory.schema_types import (
    Naam,
    OptionalDate,
    OptionalPastOrTodayDate,
    OptionalStrictDate,
)
from shared.contracts.ddas import Begeleidingssoort
from shared.pagination import ApiModel
from shared.types import NonNegativeBedrag, PastOrTodayDate

LangeTekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class InkomensbeheerIn(ApiModel):
    """Income management: the income is paid to the beheerder, who pays the fixed costs and the
    settlement and transfers living money (seed §6.5 and annex 5)."""

    beheerder: Naam = Field(
        default="Balans",
        description="Who manages the income: Balans, or the external organisation it was "
        "handed to for long-term management.",
    )
    leefgeld_per_maand: NonNegativeBedrag | None = Field(
        default=None, description="Living money transferred to the resident per month."
    )


class VoorzieningCreate(ApiModel):
    """Support beside the phases: begeleiding, moratorium, provisional relief, crisis, advice."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "soort": "moratorium",
                "datumAanvraag": "2026-03-01",
                "datumGoedkeuring": "2026-03-05",
                "startdatum": "2026-03-05",
                "einddatum": "2026-09-05",
            }
        }
    )

    soort: VoorzieningSoort = Field(description="Which DDAS part.")
    begeleidingssoort: Begeleidingssoort | None = Field(
        default=None, description="DDAS Begeleidingssoort (begeleiding only)."
    )
    datum_aanvraag: OptionalPastOrTodayDate = Field(default=None, description="Requested (court).")
    datum_goedkeuring: OptionalPastOrTodayDate = Field(default=None, description="Granted.")
    startdatum: PastOrTodayDate = Field(description="Start.")
    einddatum: OptionalStrictDate = Field(default=None, description="End (planned or actual).")
    toelichting: LangeTekst | None = Field(default=None, description="Remark.")
    inkomensbeheer: InkomensbeheerIn | None = Field(
        default=None, description="Income management (begeleidingssoort Budgetbeheer only)."
    )


class VoorzieningEindeCreate(ApiModel):
    """Support ends (earlier than planned, or when the income management is handed over)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"einddatum": "2026-09-30", "reden": "Overgedragen aan een bewindvoerder."}
        }
    )

    einddatum: PastOrTodayDate = Field(description="Last day of the support.")
    reden: LangeTekst = Field(description="Why it ends.")


class InkomensbeheerRead(ApiModel):
    beheerder: str = Field(description="Who manages the income.")
    leefgeld_per_maand: NonNegativeBedrag | None = Field(description="Living money per month.")


class VoorzieningRead(ApiModel):
    id: uuid.UUID = Field(description="Id.")
    soort: VoorzieningSoort = Field(description="Which DDAS part.")
    begeleidingssoort: Begeleidingssoort | None = Field(description="DDAS Begeleidingssoort.")
    datum_aanvraag: OptionalDate = Field(description="Requested.")
    datum_goedkeuring: OptionalDate = Field(description="Granted.")
    startdatum: date = Field(description="Start.")
    einddatum: OptionalDate = Field(description="End.")
    toelichting: str | None = Field(description="Remark.")
    inkomensbeheer: InkomensbeheerRead | None = Field(description="Income management, if so.")
    einde_reden: str | None = Field(description="Why it ended early, if it did.")


class ProgrammaCreate(ApiModel):
    """Join a programme; its own eligibility check applies."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"programma": "jas", "startdatum": "2026-03-01"}}
    )

    programma: Programma = Field(description="JAS, GGZ pilot or entrepreneurs.")
    startdatum: PastOrTodayDate = Field(description="Start of participation.")


class ProgrammaRead(ApiModel):
    programma: Programma = Field(description="The programme.")
    startdatum: date = Field(description="Start of participation.")


class NoodfondsAanvraagCreate(ApiModel):
    """A request to the emergency fund to save a running settlement from a setback."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"bedrag": "350.00", "reden": "Kapotte wasmachine.", "datum": "2026-10-01"}
        }
    )

    bedrag: NonNegativeBedrag = Field(description="Amount asked.")
    reden: LangeTekst = Field(description="The setback.")
    datum: PastOrTodayDate = Field(description="Date of the request.")


class NoodfondsBesluitSoort(StrEnum):
    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"


class NoodfondsBesluitCreate(ApiModel):
    """The decision on an emergency-fund request."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"besluit": "toegekend", "datum": "2026-10-03", "reden": "Redt de regeling."}
        }
    )

    besluit: NoodfondsBesluitSoort = Field(description="Granted or refused.")
    datum: PastOrTodayDate = Field(description="Date of the decision.")
    reden: LangeTekst = Field(description="Why.")


class NoodfondsRead(ApiModel):
    id: uuid.UUID = Field(description="Id of the request.")
    bedrag: NonNegativeBedrag = Field(description="Amount asked.")
    reden: str = Field(description="The setback.")
    datum: date = Field(description="Date of the request.")
    besluit: NoodfondsBesluitSoort | None = Field(description="Decision, none while pending.")
    besluit_datum: OptionalDate = Field(description="Date of the decision.")
    besluit_reden: str | None = Field(description="Why.")


class WsnpVerklaringCreate(ApiModel):
    """The statement of Fw art. 285 lid 1 sub f: no amicable settlement could be reached."""

    model_config = ConfigDict(json_schema_extra={"example": {"datum": "2026-10-01"}})

    datum: PastOrTodayDate = Field(description="Date the statement was issued.")
