"""Commands and queries between services, and the resident as one service hands them to another.

Commands travel through the sender's outbox with an `Idempotency-Key` (shared.outbox); queries
go through shared.service_client. A BSN travels only in request bodies, never in a URL.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from shared.contracts.ddas import Signaalpartner
from shared.pagination import ApiModel
from shared.types import (
    Bsn,
    EmailAdres,
    Gemeentecode,
    Huisletter,
    Huisnummer,
    Huisnummertoevoeging,
    NonNegativeBedrag,
    PastOrTodayDate,
    Postcode,
)

# Paths of the receiving services (relative to the service's base URL).
TRAJECTORY_AANVRAGEN_PATH = "/v1/aanvragen"
TRAJECTORY_BEKENDHEID_PATH = "/v1/bekendheid"
INTAKE_VROEGSIGNAAL_OVERDRACHTEN_PATH = "/v1/vroegsignaal-overdrachten"
INTAKE_BEKENDHEID_PATH = "/v1/bekendheid"

SubjectKey = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{64}$"),
    Field(
        description="Pseudonymous person key: HMAC-SHA256 (hex) of the normalised BSN or "
        "of surname, birth date, postcode and house number."
    ),
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Telefoon = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ()-]{6,20}$")]


class Persoon(ApiModel):
    """A resident (or a jointly liable partner) as one service hands them to another."""

    bsn: Bsn | None = Field(default=None, description="BSN, when known.")
    voorletters: Annotated[str, StringConstraints(max_length=20)] | None = None
    voornamen: ShortText | None = None
    tussenvoegsel: Annotated[str, StringConstraints(max_length=20)] | None = None
    achternaam: ShortText = Field(description="Surname (geslachtsnaam).")
    geboortedatum: PastOrTodayDate | None = Field(default=None, description="Date of birth.")
    straat: ShortText | None = None
    huisnummer: Huisnummer | None = None
    huisletter: Huisletter | None = None
    huisnummertoevoeging: Huisnummertoevoeging | None = None
    postcode: Postcode | None = None
    woonplaats: ShortText | None = None
    telefoon: Telefoon | None = None
    email: EmailAdres | None = None


class Kanaal(StrEnum):
    """How a melding reached the front desk."""

    TELEFOON = "telefoon"
    EMAIL = "email"
    BALIE = "balie"
    VERWIJZING = "verwijzing"
    VROEGSIGNAAL = "vroegsignaal"


class Doelgroep(StrEnum):
    """Target-group markers the policy plan reports on (seed §8.2)."""

    JONGERE = "jongere"  # 16-27, derived from the birth date
    ONDERNEMER = "ondernemer"  # entrepreneur or zzp
    GGZ = "ggz"
    LAAGGELETTERD = "laaggeletterd"
    NIET_DIGIVAARDIG = "niet-digivaardig"
    ANDERSTALIG = "anderstalig"


class AanvraagSchuldhulp(ApiModel):
    """intake -> trajectory: open a debt-help trajectory for this aanvraag (a command)."""

    aanvraag_id: uuid.UUID = Field(description="Intake's id of the aanvraag.")
    melding_id: uuid.UUID = Field(description="Intake's id of the melding it arose from.")
    gemeentecode: Gemeentecode
    aanvraagdatum: PastOrTodayDate = Field(description="Date of the request (the conversation).")
    crisis: bool = Field(description="A threatening situation (crisis intervention).")
    crisissoort: ShortText | None = None
    aanvrager: Persoon
    partner: Persoon | None = Field(default=None, description="Jointly liable partner, if any.")
    subject_key: SubjectKey
    partner_subject_key: SubjectKey | None = None
    kinderen_onder_18: int = Field(default=0, ge=0, le=30, strict=True)
    inkomensbron: ShortText | None = None
    doelgroepen: list[Doelgroep] = Field(default_factory=list)
    consulent: ShortText | None = Field(default=None, description="Counsellor to assign, if any.")
    toelichting: Annotated[str, StringConstraints(max_length=4000)] | None = None


class AanvraagOntvangen(ApiModel):
    """trajectory's answer to AanvraagSchuldhulp."""

    traject_id: uuid.UUID
    aanvraag_id: uuid.UUID


class VroegsignaalOverdracht(ApiModel):
    """signals -> intake: a resident reached by outreach asks for help (a command)."""

    casus_id: uuid.UUID = Field(description="Signals' id of the case (Vroegsignaalzaak).")
    gemeentecode: Gemeentecode
    inwoner: Persoon
    subject_key: SubjectKey
    signaalpartners: list[Signaalpartner] = Field(min_length=1)
    totaal_achterstand: NonNegativeBedrag = Field(description="Sum of the arrears signalled.")
    crisis: bool = False
    crisissoort: ShortText | None = None
    warme_overdracht: bool = False
    overdrachtsdatum: PastOrTodayDate
    toelichting: Annotated[str, StringConstraints(max_length=4000)] | None = None


class VroegsignaalOverdrachtOntvangen(ApiModel):
    melding_id: uuid.UUID
    casus_id: uuid.UUID


class BekendheidVraag(ApiModel):
    """Is this resident known here? (POST: the key stands in for a person)."""

    subject_key: SubjectKey


class BekendheidAntwoord(ApiModel):
    """What the asked service knows of the resident, without personal data."""

    bekend: bool = Field(description="Any record of this resident.")
    lopend: bool = Field(description="An open melding (intake) or active trajectory (trajectory).")
    referentie: uuid.UUID | None = Field(default=None, description="The open record's id.")
    laatst_afgesloten_op: date | None = Field(
        default=None, description="When the most recent closed record was closed (recidive)."
    )
