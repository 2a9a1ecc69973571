"""The outcome of the first conversation: advice, MDO, aanvraag or no follow-up."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from services.intake.domain.uitkomst import MdoGrondslag, MdoTeam, UitkomstSoort
from services.intake.schemas.common import (
    LangeTekst,
    NullableDate,
    NullablePastOrTodayDate,
    NullableStrictDate,
    Tekst,
)
from shared.pagination import ApiModel


class AdviesCreate(ApiModel):
    """Advice only, with referrals to partners from the maintained list."""

    soort: Literal["advies"] = Field(description="`advies`.")
    verwijspartner_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Partners referred to (may be empty)."
    )
    toelichting: LangeTekst | None = Field(default=None, description="The advice given.")


class MdoCreate(ApiModel):
    """A multidisciplinary meeting, with consent or the safety exception (seed §6.1)."""

    soort: Literal["mdo"] = Field(description="`mdo`.")
    grondslag: MdoGrondslag = Field(description="`toestemming` or `veiligheid`.")
    toestemming_datum: NullablePastOrTodayDate = Field(
        default=None, description="Day the resident consented (with `toestemming`)."
    )
    toestemming_door: Tekst | None = Field(
        default=None, description="Who recorded the consent (with `toestemming`)."
    )
    veiligheid_reden: LangeTekst | None = Field(
        default=None, description="Why safety is at stake (with `veiligheid`)."
    )
    teams: list[MdoTeam] = Field(min_length=1, description="Teams invited.")
    afspraken: LangeTekst | None = Field(default=None, description="Agreements made.")
    mdo_datum: NullableStrictDate = Field(default=None, description="Day of the meeting.")

    @model_validator(mode="after")
    def _grondslag_compleet(self) -> Self:
        if self.grondslag is MdoGrondslag.TOESTEMMING and (
            self.toestemming_datum is None or self.toestemming_door is None
        ):
            raise ValueError("Bij toestemming horen toestemmingDatum en toestemmingDoor.")
        if self.grondslag is MdoGrondslag.VEILIGHEID and self.veiligheid_reden is None:
            raise ValueError("Bij de veiligheidsuitzondering hoort veiligheidReden.")
        return self


class AanvraagCreate(ApiModel):
    """A request for debt help: trajectory opens a case for it."""

    soort: Literal["aanvraag"] = Field(description="`aanvraag`.")
    toelichting: LangeTekst | None = Field(default=None, description="Notes for trajectory.")


class GeenVervolgCreate(ApiModel):
    """No follow-up, or the resident withdrew."""

    soort: Literal["geen-vervolg"] = Field(description="`geen-vervolg`.")
    reden: LangeTekst = Field(description="Why there is no follow-up.")


UitkomstCreate = Annotated[
    AdviesCreate | MdoCreate | AanvraagCreate | GeenVervolgCreate,
    Field(discriminator="soort"),
]

UITKOMST_EXAMPLES = {
    "advies": {"value": {"soort": "advies", "verwijspartnerIds": [], "toelichting": "Budget."}},
    "mdo": {
        "value": {
            "soort": "mdo",
            "grondslag": "toestemming",
            "toestemmingDatum": "2026-05-04",
            "toestemmingDoor": "A. de Vries",
            "teams": ["urgente woonzaken", "sociaal team"],
        }
    },
    "aanvraag": {"value": {"soort": "aanvraag"}},
    "geen-vervolg": {"value": {"soort": "geen-vervolg", "reden": "Inwoner trekt melding in."}},
}


class VerwijzingRead(ApiModel):
    """A partner the resident was referred to."""

    id: uuid.UUID = Field(description="Id of the partner.")
    naam: str = Field(description="Name of the partner.")


class MdoRead(ApiModel):
    """The MDO recorded."""

    grondslag: MdoGrondslag = Field(description="`toestemming` or `veiligheid`.")
    toestemming_datum: NullableDate = Field(description="Day of consent.")
    toestemming_door: str | None = Field(description="Who recorded the consent.")
    veiligheid_reden: str | None = Field(description="Why safety is at stake.")
    teams: list[MdoTeam] = Field(description="Teams invited.")
    afspraken: str | None = Field(description="Agreements made.")
    mdo_datum: NullableDate = Field(description="Day of the meeting.")


class UitkomstRead(ApiModel):
    """The recorded outcome."""

    melding_id: uuid.UUID = Field(description="The melding.")
    soort: UitkomstSoort = Field(description="`advies`, `mdo`, `aanvraag` or `geen-vervolg`.")
    datum: date = Field(description="Day of the outcome (the conversation's day).")
    reden: str | None = Field(description="Why no follow-up.")
    toelichting: str | None = Field(description="Notes.")
    verwijzingen: list[VerwijzingRead] = Field(description="Partners referred to.")
    mdo: MdoRead | None = Field(description="The MDO, for `mdo`.")
    aanvraag_id: uuid.UUID | None = Field(description="The aanvraag sent to trajectory.")
