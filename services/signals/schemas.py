"""Request and response models of the signals API (camelCase JSON via ApiModel)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AnyHttpUrl,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from shared.contracts.ddas import (
    Eindresultaat,
    Signaalpartner,
    Signaalstatus,
)
from shared.contracts.handoffs import ShortText, Telefoon
from shared.pagination import ApiModel
from shared.pseudonym import normalise_achternaam
from shared.types import (
    Bsn,
    EmailAdres,
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
    email: EmailAdres | None = Field(default=None, description="E-mail address.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.ontstaansdatum > self.signaaldatum:
            raise ValueError("De ontstaansdatum mag niet na de signaaldatum liggen.")
        if self.bsn is None and self.geboortedatum is None:
            raise ValueError("Zonder BSN is de geboortedatum verplicht.")
        if not normalise_achternaam(self.achternaam):
            raise ValueError("De achternaam moet letters bevatten.")
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

    rij: int = Field(
        description=(
            "Row number, from 1 (CSV: data rows, header excluded); 0 for the body as a whole "
            "(malformed or too deeply nested JSON, the batch then ends `mislukt`)."
        )
    )
    veld: str = Field(description="The field, e.g. `bsn`.")
    reden: str = Field(description="Why it was refused.")


class BatchRead(ApiModel):
    """A batch of signals and how far its processing is."""

    id: uuid.UUID = Field(description="The batch id.")
    status: Literal["ontvangen", "bezig", "klaar", "mislukt"] = Field(
        description="Processing state."
    )
    formaat: Literal["json", "csv"] = Field(description="Format of the upload.")
    ontvangen: int = Field(
        description="Rows in the body: 0 in the 202, counted by the worker before the first chunk."
    )
    verwerkt: int = Field(description="Rows processed so far.")
    geaccepteerd: int = Field(description="Rows stored as a new signal.")
    afgewezen: int = Field(description="Rows refused (see `fouten`).")
    dubbel: int = Field(description="Rows that repeat a signal already received (same id).")
    ontvangen_at: datetime = Field(description="When the batch arrived (UTC).")
    klaar_at: datetime | None = Field(default=None, description="When processing ended (UTC).")
    fouten: list[RijFout] = Field(
        description="Per-row report of refused rows: one page of it (`page`, `pageSize`)."
    )
    fouten_totaal: int = Field(description="Entries in the whole per-row report.")
    pagina: int = Field(description="The report page shown, from 1.")
    pagina_grootte: int = Field(description="Report entries per page.")


class AbonnementCreate(ApiModel):
    """A creditor registers the URL its feedback is delivered to."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"url": "https://api.eigenhaard.nl/balans/terugkoppeling"}}
    )

    url: AnyHttpUrl = Field(
        description=(
            "Where feedback is POSTed: https (http only in development and test), not "
            "`localhost` or a non-public IP address."
        )
    )


class AbonnementRead(ApiModel):
    """The creditor's callback registration."""

    url: str = Field(description="Where feedback is POSTed.")
    aangemaakt_at: datetime = Field(description="When it was registered (UTC).")
    geheim: str | None = Field(
        default=None,
        description="Signing secret, shown once at registration: verify `Balans-Signature` "
        "(t=<unix time>,v1=HMAC-SHA256 hex of `<t>.<body>`).",
    )
