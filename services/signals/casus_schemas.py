"""Request and response models of outreach: cases, contact attempts, assignment, closing,
household view and the review queue (camelCase JSON via ApiModel)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import ConfigDict, Field, StrictBool, StringConstraints, model_validator

from services.signals.schemas import OptionalDate
from shared.contracts.ddas import Contactsoort, Dagdeel, Eindresultaat, Signaalpartner
from shared.contracts.handoffs import ShortText
from shared.pagination import ApiModel
from shared.policy import Prioriteit, SignaalActie
from shared.types import (
    Huisletter,
    Huisnummer,
    Huisnummertoevoeging,
    NonNegativeBedrag,
    PastOrTodayDate,
    Postcode,
    StrictDate,
)

ADRES_EXAMPLE: dict[str, Any] = {"postcode": "1181ZM", "huisnummer": 1}


def _per_field_examples(schema: dict[str, Any]) -> None:
    # Per field: the ADR linter mistakes an example key containing "post" for an HTTP method.
    for name, prop in schema.get("properties", {}).items():
        if name in ADRES_EXAMPLE:
            prop["examples"] = [ADRES_EXAMPLE[name]]


class ContactpogingCreate(ApiModel):
    """A contact attempt (DDAS Contactpoging)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "soort": "Huisbezoek",
                "bereikt": False,
                "datum": "2026-11-20",
                "dagdeel": "Avond",
            }
        }
    )

    soort: Contactsoort = Field(description="Kind of contact (DDAS).")
    bereikt: StrictBool = Field(description="Whether the resident was reached.")
    datum: PastOrTodayDate = Field(description="Date of the attempt.")
    dagdeel: Dagdeel = Field(description="Ochtend (<12:00), Middag (12-18), Avond (>=18:00).")


class ContactpogingRead(ContactpogingCreate):
    """A recorded contact attempt."""

    model_config = ConfigDict(json_schema_extra=None)

    id: uuid.UUID = Field(description="Id of the attempt.")
    consulent: str = Field(description="Who recorded it.")
    vastgelegd_at: datetime = Field(description="When it was recorded (UTC).")


class ToewijzingCreate(ApiModel):
    """A coordinator assigns two consulenten and plans the first visit."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "consulent1": "a.jansen",
                "consulent2": "b.bakker",
                "geplandeDatum": "2026-12-01",
            }
        }
    )

    consulent1: ShortText = Field(alias="consulent1", description="First consulent.")
    consulent2: ShortText = Field(alias="consulent2", description="Second consulent.")
    gepland_datum: StrictDate = Field(alias="geplandeDatum", description="Planned visit date.")

    @model_validator(mode="after")
    def _two_people(self) -> Self:
        if self.consulent1 == self.consulent2:
            raise ValueError("Wijs twee verschillende consulenten toe.")
        return self


class AfsluitingCreate(ApiModel):
    """A consulent closes the case with its DDAS end result."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "resultaat": "Vervolghulp en/of verwijzing financieel",
                "toestemming": True,
                "toelichting": "Inwoner wil hulp bij de huurachterstand.",
            }
        }
    )

    resultaat: Eindresultaat = Field(description="DDAS end result.")
    toestemming: StrictBool = Field(
        default=False, description="The resident consents to the hand-over to intake."
    )
    toelichting: Annotated[str, StringConstraints(max_length=4000)] | None = Field(
        default=None, description="Summary for intake (sent with the hand-over only)."
    )


class HistorieRead(ApiModel):
    """One entry of a case's history (appended, never edited)."""

    at: datetime = Field(description="When (UTC).")
    actor: str = Field(description="Who.")
    van_status: str | None = Field(description="Status before.")
    naar_status: str = Field(description="Status after.")
    gebeurtenis: str = Field(description="What happened.")
    reden: str | None = Field(description="Why.")


class CasusSignaal(ApiModel):
    """A signal inside a case, as staff see it."""

    id: uuid.UUID = Field(description="Signal id.")
    partner_type: Signaalpartner = Field(description="DDAS partner type.")
    bedrag: NonNegativeBedrag = Field(description="Arrears in euro.")
    signaaldatum: StrictDate = Field(description="Date sent.")
    crisissignaal: bool = Field(description="Crisis signal.")
    warme_overdracht: bool = Field(description="Warm hand-over asked.")


class CasusRead(ApiModel):
    """A case (DDAS Vroegsignaalzaak) in the work queue."""

    id: uuid.UUID = Field(description="Case id.")
    status: str = Field(description="nieuw, toegewezen, afgesloten or samengevoegd.")
    actie: SignaalActie = Field(description="First outreach step (policy per partner type).")
    prioriteit: Prioriteit = Field(
        description="Triage by the policy's table: vandaag, hoog or normaal (no rule applies)."
    )
    triage_regel: str | None = Field(
        description="The triage rule that decided the priority; none when no rule applies."
    )
    crisis: bool = Field(description="A crisis signal is part of the case.")
    warme_overdracht: bool = Field(description="A warm hand-over was asked.")
    totaal_bedrag: NonNegativeBedrag = Field(description="Sum of the arrears.")
    postcode_gebied: str | None = Field(description="Four digits of the postcode.")
    adres_sleutel: str | None = Field(description="Address key (household view).")
    matchingsdatum: StrictDate = Field(description="Date of matching.")
    startdatum_matchingperiode: StrictDate = Field(description="Start of the matching period.")
    einddatum_matchingperiode: StrictDate = Field(description="End of the matching period.")
    datum_opgepakt: OptionalDate = Field(description="Date the case was picked up.")
    consulent1: str | None = Field(alias="consulent1", description="First consulent.")
    consulent2: str | None = Field(alias="consulent2", description="Second consulent.")
    gepland_datum: OptionalDate = Field(alias="geplandeDatum", description="Planned visit.")
    resultaat: Eindresultaat | None = Field(description="DDAS end result once closed.")
    afgesloten_datum: OptionalDate = Field(alias="afgeslotenDatum", description="Date closed.")
    wachtdagen: int = Field(description="Days since the case was opened.")
    signalen: list[CasusSignaal] = Field(description="The case's signals.")
    contactpogingen: list[ContactpogingRead] = Field(description="Contact attempts.")


class CasusDetail(CasusRead):
    """A case with its resident and its history."""

    inwoner: dict[str, str | int | None] = Field(
        description="The resident as the newest signal describes them."
    )
    historie: list[HistorieRead] = Field(description="The case history, oldest first.")


class HuishoudenRead(ApiModel):
    """The cases at one address, shown together."""

    adres_sleutel: str = Field(description="Normalised address key.")
    casussen: list[CasusRead] = Field(description="Cases at this address.")


class HuishoudenZoeken(ApiModel):
    """Look up the household at an address (POST: an address identifies people)."""

    model_config = ConfigDict(json_schema_extra=_per_field_examples)

    postcode: Postcode = Field(description="Postcode.")
    huisnummer: Huisnummer = Field(description="House number.")
    huisletter: Huisletter | None = Field(default=None, description="House letter.")
    huisnummertoevoeging: Huisnummertoevoeging | None = Field(default=None, description="Addition.")


class BeoordelingRead(ApiModel):
    """A grey-zone match a coordinator decides."""

    id: uuid.UUID = Field(description="Review id.")
    signaal_id: uuid.UUID = Field(description="The new signal.")
    casus_id: uuid.UUID | None = Field(description="The new signal's own case.")
    kandidaat_casus_id: uuid.UUID | None = Field(description="The candidate resident's case.")
    score: Decimal = Field(description="Similarity, 0 to 1.")
    status: str = Field(description="open, samengevoegd or afgewezen.")


class BeoordelingBesluit(ApiModel):
    """The coordinator's decision on a grey-zone match."""

    model_config = ConfigDict(json_schema_extra={"example": {"samenvoegen": True}})

    samenvoegen: StrictBool = Field(description="True: the same resident, merge the cases.")
