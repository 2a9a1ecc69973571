"""Events the signals service appends for reporting (feed `GET /v1/events` of signals).

Every event carries the municipality and, where it is about a resident, the pseudonymous person
key as `subject_key`; payloads never hold names, BSNs or addresses. Amounts are text with two
decimals, dates ISO `YYYY-MM-DD`.

Types, when they are appended (always in the transaction of the change) and payload fields:

- `signaal.ontvangen`: a signal is stored (single push or batch row). signaalId, partnerType,
  bedrag, ontstaansdatum, signaaldatum, status (DDAS Signaalstatus), crisis, warmeOverdracht,
  metBsn, matchMethode (bsn, exact, fuzzy, grijs, nieuw), casusId (null when not picked up),
  batch.
- `casus.geopend`: a picked-up signal opens a case (DDAS Vroegsignaalzaak). casusId,
  partnerType, actie (huisbezoek, brief, telefoon), crisis, matchingsdatum,
  startdatumMatchingperiode, einddatumMatchingperiode.
- `casus.toegewezen`: a coordinator assigns two consulenten. casusId, datumOpgepakt,
  geplandeDatum.
- `casus.contactpoging`: a contact attempt is recorded. casusId, soort (DDAS Contactsoort),
  bereikt, datum, dagdeel, volgnummer.
- `casus.afgesloten`: a case gets its DDAS end result (also after the known-check). casusId,
  resultaat, afgeslotenOp, partnerTypes, totaalBedrag, aantalSignalen, aantalContactpogingen,
  contactsoorten, bereikt, overgedragen.
- `casus.samengevoegd`: a grey-zone match is merged. casusId, inCasusId.
- `signalen.gewist`: the retention job erased personal data (no subject key). grensdatum,
  aantalSignalen, aantalCasussen.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from shared.contracts.ddas import (
    Contactsoort,
    Dagdeel,
    Eindresultaat,
    Signaalpartner,
    Signaalstatus,
)

SIGNAAL_ONTVANGEN = "signaal.ontvangen"
CASUS_GEOPEND = "casus.geopend"
CASUS_TOEGEWEZEN = "casus.toegewezen"
CASUS_CONTACTPOGING = "casus.contactpoging"
CASUS_AFGESLOTEN = "casus.afgesloten"
CASUS_SAMENGEVOEGD = "casus.samengevoegd"
SIGNALEN_GEWIST = "signalen.gewist"


class _Payload(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)

    def document(self) -> dict[str, object]:
        """The payload as JSON-ready camelCase mapping."""
        return self.model_dump(mode="json", by_alias=True)


class SignaalOntvangen(_Payload):
    signaal_id: uuid.UUID
    partner_type: Signaalpartner
    bedrag: Decimal = Field(description="Arrears in euro.")
    ontstaansdatum: date
    signaaldatum: date
    status: Signaalstatus
    crisis: bool
    warme_overdracht: bool
    met_bsn: bool = Field(description="Whether the partner knew the BSN (matching quality).")
    match_methode: str = Field(description="bsn, exact, fuzzy, grijs or nieuw.")
    casus_id: uuid.UUID | None = None
    batch: bool = Field(description="Arrived in a batch rather than a single push.")


class CasusGeopend(_Payload):
    casus_id: uuid.UUID
    partner_type: Signaalpartner
    actie: str
    crisis: bool
    matchingsdatum: date
    startdatum_matchingperiode: date
    einddatum_matchingperiode: date


class CasusToegewezen(_Payload):
    casus_id: uuid.UUID
    datum_opgepakt: date
    geplande_datum: date


class ContactpogingVastgelegd(_Payload):
    casus_id: uuid.UUID
    soort: Contactsoort
    bereikt: bool
    datum: date
    dagdeel: Dagdeel
    volgnummer: int = Field(description="1 for the case's first attempt, and so on.")


class CasusAfgesloten(_Payload):
    casus_id: uuid.UUID
    resultaat: Eindresultaat
    afgesloten_op: date
    partner_types: list[Signaalpartner]
    totaal_bedrag: Decimal
    aantal_signalen: int
    aantal_contactpogingen: int
    contactsoorten: list[Contactsoort]
    bereikt: bool = Field(description="At least one attempt reached the resident.")
    overgedragen: bool = Field(description="Handed to intake (follow-up help with consent).")


class CasusSamengevoegd(_Payload):
    casus_id: uuid.UUID
    in_casus_id: uuid.UUID


class SignalenGewist(_Payload):
    grensdatum: date
    aantal_signalen: int
    aantal_casussen: int
