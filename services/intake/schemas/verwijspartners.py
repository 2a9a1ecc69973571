"""The maintained list of partners the desk refers residents to."""

from __future__ import annotations

import uuid

from pydantic import ConfigDict, Field, StrictBool

from services.intake.schemas.common import LangeTekst, Tekst
from shared.pagination import ApiModel


class VerwijspartnerCreate(ApiModel):
    """A partner organisation (also the full replacement for PUT)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "naam": "Schuldhulpmaatje",
                "omschrijving": "Vrijwillige schuldhulpmaatjes.",
                "contact": "info@schuldhulpmaatje.nl",
                "actief": True,
            }
        }
    )

    naam: Tekst = Field(description="Name, unique in the list.")
    omschrijving: LangeTekst | None = Field(default=None, description="What they offer.")
    contact: Tekst | None = Field(default=None, description="How to reach them.")
    actief: StrictBool = Field(default=True, description="Whether the desk may refer to them.")


class VerwijspartnerRead(ApiModel):
    """A partner organisation."""

    id: uuid.UUID = Field(description="Id of the partner.")
    naam: str = Field(description="Name.")
    omschrijving: str | None = Field(description="What they offer.")
    contact: str | None = Field(description="How to reach them.")
    actief: bool = Field(description="Whether the desk may refer to them.")
