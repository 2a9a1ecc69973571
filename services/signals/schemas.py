"""Request and response models of the signals API (camelCase JSON via ApiModel)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import (
    ConfigDict,
    EmailStr,
    Field,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from shared.contracts.ddas import (
    Contactsoort,
    Dagdeel,
    Eindresultaat,
    Signaalpartner,
    Signaalstatus,
)
from shared.contracts.handoffs import ShortText, Telefoon
from shared.pagination import ApiModel
from shared.policy import SignaalActie
from shared.types import (
    Bsn,
    Huisletter,
    Huisnummer,
    Huisnummertoevoeging,
    NonNegativeBedrag,
    PastOrTodayDate,
    Postcode,
    StrictDate,
)

# Optional dates keep `format: date` at the top level (the ADR linter looks there, not in anyOf).
OptionalDate = Annotated[
    StrictDate | None,
    WithJsonSchema({"type": ["string", "null"], "format": "date", "examples": ["2026-12-01"]}),
]

PartnerId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=r"^\S+$")
]
Kort = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]

SIGNAAL_EXAMPLE: dict[str, Any] = {
    "partnerId": "EH-2026-000123",
    "crisissignaal": False,
    "warmeOverdracht": False,
    "bedrag": "1250.00",
    "ontstaansdatum": "2026-09-01",
    "signaaldatum": "2026-11-02",
    "bsn": "111222333",
    "voorletters": "J.",
    "tussenvoegsel": "van",
    "achternaam": "Dijk",
    "geboortedatum": "1980-05-17",
    "straat": "Stadsplein",
    "postcode": "1181ZM",
    "huisnummer": 1,
    "woonplaats": "Amstelveen",
    "telefoon": "+31 20 5404911",
    "email": "j.vandijk@example.nl",
}


def _per_field_examples(schema: dict[str, Any]) -> None:
    for name, prop in schema.get("properties", {}).items():
        if name in SIGNAAL_EXAMPLE:
            prop["examples"] = [SIGNAAL_EXAMPLE[name]]


class SignaalCreate(ApiModel):
    """One early signal as a creditor pushes it (DDAS Vroegsignaal plus what outreach needs).

    The example is given per field (and in full in the endpoint description): the ADR linter's
    `problem-invalid-input` rule mistakes any example key containing "post" (`postcode`) for
    an HTTP method.
    """

    model_config = ConfigDict(json_schema_extra=_per_field_examples)

    partner_id: PartnerId = Field(description="The creditor's own id of this signal (unique).")
    crisissignaal: StrictBool = Field(default=False, description="A threatening situation.")
    warme_overdracht: StrictBool = Field(
        default=False, description="The partner has contact and asks for a warm hand-over."
    )
    bedrag: NonNegativeBedrag = Field(description="Amount of arrears in euro.")
    ontstaansdatum: PastOrTodayDate = Field(description="Date the arrears arose.")
    signaaldatum: PastOrTodayDate = Field(description="Date the partner sent the signal.")
    bsn: Bsn | None = Field(default=None, description="BSN, when the partner has it.")
    voorletters: Kort | None = Field(default=None, description="Initials, e.g. `J.P.`.")
    tussenvoegsel: Kort | None = Field(default=None, description="Surname prefix, e.g. `van`.")
    achternaam: ShortText = Field(description="Surname.")
    geboortedatum: PastOrTodayDate | None = Field(
        default=None, description="Date of birth; required when no BSN is given."
    )
    straat: ShortText | None = Field(default=None, description="Street name.")
    postcode: Postcode = Field(description="Postcode, `1234AB`.")
    huisnummer: Huisnummer = Field(description="House number.")
    huisletter: Huisletter | None = Field(default=None, description="House letter.")
    huisnummertoevoeging: Huisnummertoevoeging | None = Field(
        default=None, description="House number addition."
    )
    woonplaats: ShortText | None = Field(default=None, description="Place of residence.")
    telefoon: Telefoon | None = Field(default=None, description="Phone number.")
    email: EmailStr | None = Field(default=None, description="E-mail address.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.ontstaansdatum > self.signaaldatum:
            raise ValueError("De ontstaansdatum mag niet na de signaaldatum liggen.")
        if self.bsn is None and self.geboortedatum is None:
            raise ValueError("Zonder BSN is de geboortedatum verplicht.")
        return self


class SignaalRead(ApiModel):
    """A signal as the creditor that sent it may see it (its feedback, DDAS)."""

    id: uuid.UUID = Field(description="Our id of the signal.")
    partner_id: str = Field(description="The creditor's own id.")
    partner_type: Signaalpartner = Field(description="DDAS partner type.")
    bedrag: NonNegativeBedrag = Field(description="Amount of arrears in euro.")
    ontstaansdatum: StrictDate = Field(description="Date the arrears arose.")
    signaaldatum: StrictDate = Field(description="Date the signal was sent.")
    ontvangen_at: datetime = Field(description="When we received it (UTC).")
    status: Signaalstatus = Field(description="DDAS signal status.")
    opgepakt: bool = Field(description="Whether the municipality picked the signal up.")
    reden: str | None = Field(
        default=None, description="Why it was not picked up (not for `andere reden`)."
    )
    resultaat: Eindresultaat | None = Field(
        default=None, description="End result of the case, once closed and as DDAS allows."
    )


class RijFout(ApiModel):
    """One refused field of one batch row."""

    rij: int = Field(description="Row number, from 1 (CSV: data rows, header excluded).")
    veld: str = Field(description="The field, e.g. `bsn`.")
    reden: str = Field(description="Why it was refused.")


class BatchRead(ApiModel):
    """A batch of signals and how far its processing is."""

    id: uuid.UUID = Field(description="The batch id.")
    status: Literal["ontvangen", "bezig", "klaar", "mislukt"] = Field(
        description="Processing state."
    )
    formaat: Literal["json", "csv"] = Field(description="Format of the upload.")
    ontvangen: int = Field(description="Rows received.")
    verwerkt: int = Field(description="Rows processed so far.")
    geaccepteerd: int = Field(description="Rows stored as a new signal.")
    afgewezen: int = Field(description="Rows refused (see `fouten`).")
    dubbel: int = Field(description="Rows that repeat a signal already received (same id).")
    ontvangen_at: datetime = Field(description="When the batch arrived (UTC).")
    klaar_at: datetime | None = Field(default=None, description="When processing ended (UTC).")
    fouten: list[RijFout] = Field(description="Per-row report of refused rows.")


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
    prioriteit: Literal["vandaag", "normaal"] = Field(
        description="Triage: crisis cases are handled today."
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
