"""The first conversation (aanmeldgesprek): plan, move, held or no-show, and its letters."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal, Self

from pydantic import ConfigDict, Field, StrictBool, model_validator

from services.intake.domain.gesprek import PLAATS_OF_TELEFOON, GesprekStatus
from services.intake.schemas.common import LangeTekst, Tekst, Tijd
from shared.pagination import ApiModel
from shared.types import StrictDate

BriefSoort = Literal["uitnodiging", "bevestiging"]


def _plaats_of_telefoon(locatie: str | None, telefonisch: bool | None) -> None:
    if not telefonisch and locatie is None:
        raise ValueError(PLAATS_OF_TELEFOON)


class GesprekCreate(ApiModel):
    """Plan the first conversation."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "datum": "2026-05-06",
                "tijd": "10:30",
                "consulent": "A. de Vries",
                "locatie": "Raadhuis Amstelveen, Laan Nieuwer-Amstel 1",
                "telefonisch": False,
            }
        }
    )

    datum: StrictDate = Field(description="Day of the conversation.")
    tijd: Tijd
    consulent: Tekst = Field(description="The counsellor who holds it.")
    locatie: Tekst | None = Field(default=None, description="Where (not needed by phone).")
    telefonisch: StrictBool = Field(default=False, description="Whether it is by phone.")

    @model_validator(mode="after")
    def _waar(self) -> Self:
        _plaats_of_telefoon(self.locatie, self.telefonisch)
        return self


class VerplaatsingCreate(ApiModel):
    """Move a planned conversation to another moment, with the reason."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"datum": "2026-05-07", "tijd": "14:00", "reden": "Inwoner is ziek."}
        }
    )

    datum: StrictDate = Field(description="New day of the conversation.")
    tijd: Tijd
    reden: LangeTekst = Field(description="Why it is moved.")
    consulent: Tekst | None = Field(default=None, description="New counsellor; default: same.")
    locatie: Tekst | None = Field(default=None, description="New place; default: same.")
    telefonisch: StrictBool | None = Field(default=None, description="Default: same.")


class GesprekAfronding(ApiModel):
    """Record that the conversation was held, or that the resident did not come."""

    model_config = ConfigDict(json_schema_extra={"example": {"status": "gehouden"}})

    status: Literal["gehouden", "niet-verschenen"] = Field(description="What happened.")


class GesprekRead(ApiModel):
    """One planned first conversation."""

    id: uuid.UUID = Field(description="Id of the conversation.")
    melding_id: uuid.UUID = Field(description="The melding it belongs to.")
    datum: date = Field(description="Day of the conversation.")
    tijd: str = Field(description="Time of day, `HH:MM`.")
    consulent: str = Field(description="The counsellor.")
    locatie: str | None = Field(description="Where.")
    telefonisch: bool = Field(description="Whether it is by phone.")
    status: GesprekStatus = Field(description="`gepland`, `verplaatst`, `gehouden`, ...")
    verplaatst_van: uuid.UUID | None = Field(description="The appointment this one replaces.")
    verplaatsreden: str | None = Field(description="Why the appointment was moved.")
    gepland_op: date = Field(description="Day the appointment was made.")


class BriefRead(ApiModel):
    """A letter to the resident, rendered from the municipality's template."""

    soort: BriefSoort = Field(description="`uitnodiging` or `bevestiging`.")
    gesprek_id: uuid.UUID = Field(description="The conversation it is about.")
    tekst: str = Field(description="The letter as plain text (B1 Dutch).")
