"""Meldingen: registration, the full record, the work-list rows."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict

from services.intake.domain.gesprek import MeldingGesprekStatus
from services.intake.domain.uitkomst import MeldingStatus, UitkomstSoort
from services.intake.schemas.common import (
    LangeTekst,
    NullableDate,
    NullablePastOrTodayDate,
    Tekst,
)
from shared.contracts.handoffs import Doelgroep, Kanaal, Persoon
from shared.contracts.intake_events import Recidive
from shared.pagination import ApiModel
from shared.types import Bsn, StrictDate

DeskKanaal = Literal["telefoon", "email", "balie", "verwijzing"]
Werklijst = Literal["crisis-vandaag", "plannen", "te-laat-norm", "te-laat-wet"]


class Inkomensbron(StrEnum):
    """The household's main source of income."""

    LOON = "loon"
    UITKERING = "uitkering"
    PENSIOEN = "pensioen"
    ONDERNEMING = "onderneming"
    STUDIEFINANCIERING = "studiefinanciering"
    GEEN = "geen"
    OVERIG = "overig"


class Inwoner(Persoon):
    """The resident as reported at the desk."""

    voorkeurstaal: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = Field(
        default=None, description="Preferred language, ISO 639 code (`nl`, `en`, `tr`, ...)."
    )

    @model_validator(mode="after")
    def _identifiable(self) -> Self:
        # The pseudonymous person key needs the BSN, or surname, birth date, postcode and number.
        address_key = (self.geboortedatum, self.postcode, self.huisnummer)
        if self.bsn is None and any(part is None for part in address_key):
            raise ValueError(
                "Zonder BSN zijn geboortedatum, postcode en huisnummer nodig om de inwoner te "
                "herkennen."
            )
        return self


# The policy's crisis kinds while a request body is validated (set by the route's dependency
# `api.deps.crisissoorten_van_beleid`, which FastAPI solves before the body), so an unknown kind
# is named in the same 400 as every other invalid field. Unset: not checked here.
CRISISSOORTEN: ContextVar[tuple[str, ...] | None] = ContextVar("crisissoorten", default=None)


class CrisisCreate(ApiModel):
    """The threatening situation that makes the melding a crisis."""

    soort: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)] = Field(
        description="Code from the policy's list, e.g. `huisuitzetting`."
    )
    datum: StrictDate = Field(description="Date of the threat (e.g. the eviction date).")

    @field_validator("soort")
    @classmethod
    def _soort_van_beleid(cls, value: str) -> str:
        codes = CRISISSOORTEN.get()
        if codes is not None and value not in codes:
            raise ValueError(f"Onbekende crisissoort; kies uit: {', '.join(codes)}.")
        return value


class CrisisRead(ApiModel):
    """The threatening situation."""

    soort: str | None = Field(description="Code from the policy's list (may be unknown).")
    datum: NullableDate = Field(description="Date of the threat.")


# No `postcode` key in examples: the ADR linter mistakes any key containing "post" for an
# operation. The example resident has a BSN, so the address key is not needed.
_MELDING_EXAMPLE: JsonDict = {
    "kanaal": "balie",
    "meldingdatum": "2026-05-01",
    "inwoner": {
        "bsn": "111222333",
        "voorletters": "J.",
        "achternaam": "Jansen",
        "geboortedatum": "1990-04-12",
        "straat": "Stadsplein",
        "huisnummer": 1,
        "woonplaats": "Amstelveen",
        "telefoon": "020 540 4911",
        "voorkeurstaal": "nl",
    },
    "kinderenOnder18": 2,
    "inkomensbron": "uitkering",
    "doelgroepen": ["laaggeletterd"],
    "crisis": {"soort": "huisuitzetting", "datum": "2026-05-08"},
}


class MeldingCreate(ApiModel):
    """A resident asks the front desk for help with money matters."""

    model_config = ConfigDict(json_schema_extra={"example": _MELDING_EXAMPLE})

    kanaal: DeskKanaal = Field(description="How the melding came in.")
    verwijzer: Tekst | None = Field(
        default=None,
        validate_default=True,
        description="The referring partner (required for `verwijzing`).",
    )
    meldingdatum: NullablePastOrTodayDate = Field(
        default=None, description="Day the resident asked for help; default today."
    )
    inwoner: Inwoner = Field(description="The resident.")
    partner: Persoon | None = Field(default=None, description="Partner in the household.")
    kinderen_onder_18: int = Field(
        default=0, ge=0, le=30, strict=True, description="Children under 18 in the household."
    )
    inkomensbron: Inkomensbron | None = Field(default=None, description="Main income source.")
    doelgroepen: list[Doelgroep] = Field(
        default_factory=list,
        description="Target-group markers; `jongere` is always derived from the birth date.",
    )
    crisis: CrisisCreate | None = Field(default=None, description="The threatening situation.")
    toelichting: LangeTekst | None = Field(default=None, description="Notes of the desk.")

    @field_validator("verwijzer")
    @classmethod
    def _verwijzer_bij_verwijzing(cls, value: str | None, info: ValidationInfo) -> str | None:
        # A field validator (run also on the default) so the 400 names `verwijzer` itself.
        if info.data.get("kanaal") == "verwijzing" and value is None:
            raise ValueError("Bij kanaal 'verwijzing' hoort de verwijzer.")
        return value


class Termijnen(ApiModel):
    """The deadlines of the first conversation (policy norm and legal maximum)."""

    plannen_uiterlijk: date = Field(description="Plan the conversation by this day (norm).")
    gesprek_norm_uiterlijk: date = Field(description="Hold it by this day (municipal norm).")
    gesprek_wettelijk_uiterlijk: date = Field(description="Hold it by this day (Wgs art. 4).")
    plannen_gehaald: bool | None = Field(
        description="Whether the planning deadline was met; null until it is judged (at the "
        "first planning, or missed the day after the deadline passed)."
    )
    gesprek_norm_gehaald: bool | None = Field(
        description="Whether the conversation was held by the norm; null until judged."
    )
    gesprek_wettelijk_gehaald: bool | None = Field(
        description="Whether it was held by the legal deadline; null until judged."
    )


class RecidiveRead(ApiModel):
    """Whether the resident had debt help before (asked from trajectory)."""

    status: Recidive = Field(description="`ja`, `nee` or `onbekend` (trajectory unreachable).")
    laatst_afgesloten_op: NullableDate = Field(description="When the last trajectory closed.")
    lopend_traject: bool | None = Field(description="Whether a trajectory is running now.")


class InwonerRead(Inwoner):
    """The resident as registered."""

    @model_validator(mode="after")
    def _identifiable(self) -> Self:  # stored records were checked when registered
        return self


class MeldingRead(ApiModel):
    """A melding with the resident, its deadlines and where it stands."""

    id: uuid.UUID = Field(description="Id of the melding.")
    gemeentecode: str = Field(description="CBS code of the municipality.")
    kanaal: Kanaal = Field(description="How the melding came in.")
    verwijzer: str | None = Field(description="The referring partner.")
    status: MeldingStatus = Field(description="`open` until the outcome is recorded.")
    meldingdatum: date = Field(description="Day the resident asked for help.")
    inwoner: InwonerRead = Field(description="The resident.")
    partner: Persoon | None = Field(description="Partner in the household.")
    kinderen_onder_18: int = Field(description="Children under 18 in the household.")
    inkomensbron: Inkomensbron | None = Field(description="Main income source.")
    doelgroepen: list[Doelgroep] = Field(description="Target-group markers.")
    crisis: CrisisRead | None = Field(description="The threatening situation, if any.")
    toelichting: str | None = Field(description="Notes of the desk.")
    termijnen: Termijnen = Field(description="Deadlines of the first conversation.")
    recidive: RecidiveRead = Field(description="Debt help before.")
    consulent: str | None = Field(description="Counsellor of the planned conversation.")
    gesprek_status: MeldingGesprekStatus = Field(description="Where the conversation stands.")
    gesprek_datum: NullableDate = Field(description="Day of the current conversation.")
    uitkomst: UitkomstSoort | None = Field(description="The outcome, once recorded.")
    afgesloten_op: NullableDate = Field(description="Day the outcome was recorded.")
    casus_id: uuid.UUID | None = Field(description="Signals' case id (early-signal hand-over).")
    geregistreerd_at: datetime = Field(description="When it was registered (UTC).")


class MeldingSamenvatting(ApiModel):
    """One row of a work list."""

    id: uuid.UUID = Field(description="Id of the melding.")
    kanaal: Kanaal = Field(description="How the melding came in.")
    status: MeldingStatus = Field(description="`open` or `afgerond`.")
    meldingdatum: date = Field(description="Day the resident asked for help.")
    naam: str = Field(description="The resident's name as used on the desk's lists.")
    crisis: StrictBool = Field(description="Whether it is a crisis.")
    crisissoort: str | None = Field(description="The kind of threatening situation.")
    termijnen: Termijnen = Field(description="Deadlines of the first conversation.")
    consulent: str | None = Field(description="Counsellor of the planned conversation.")
    gesprek_status: MeldingGesprekStatus = Field(description="Where the conversation stands.")
    gesprek_datum: NullableDate = Field(description="Day of the current conversation.")


class MeldingenZoeken(ApiModel):
    """Search meldingen by BSN (a POST: a BSN never appears in a URL)."""

    model_config = ConfigDict(json_schema_extra={"example": {"bsn": "111222333"}})

    bsn: Bsn = Field(description="The resident's BSN.")


class StatuswijzigingRead(ApiModel):
    """One change of a melding's status (history is appended, never edited)."""

    van: MeldingStatus | None = Field(description="The status before; null for the first.")
    naar: MeldingStatus = Field(description="The status after.")
    reden: str | None = Field(description="Why, e.g. `uitkomst: advies`.")
    door: str = Field(description="Who made the change (the staff member's account).")
    gewijzigd_at: datetime = Field(description="When (UTC).")
