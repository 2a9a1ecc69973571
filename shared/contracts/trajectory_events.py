"""Events the trajectory service appends for reporting (feed `GET /v1/events` of trajectory).

Every event carries the resident's pseudonymous key as `subject_key` (the applicant's; a jointly
liable partner's key is in the payload as `partnerSubjectKey`), the municipality's CBS code, and
a payload below: no names, BSNs, addresses or exact amounts (amounts are banded: `0-1000`,
`1000-5000`, `5000-15000`, `15000-25000`, `25000-50000`, `50000+`).

Each type, when it is appended, and its payload fields:

- `traject.geopend`: intake's aanvraag opened a trajectory. trajectId, aanvraagId,
  aanvraagdatum, crisis, aantalPersonen, partnerSubjectKey, doelgroepen, beslistermijnDatum.
- `traject.fase-gewijzigd`: every phase change. trajectId, van, naar, datum.
- `traject.beschikking`: the decision on the aanvraag. trajectId, soort (DDAS
  Beschikkingssoort), datum, aantalRedenen.
- `traject.termijn`: a deadline met or missed, when the step it guards is done (or, missed,
  when the trajectory ends undecided after the decision term or leaves the settlement phase
  without agreement after the NVVK norm). trajectId,
  termijn (beslistermijn, stabilisatie-benchmark, stabilisatie-maximum, schuldregeling-nvvk,
  nazorg-maximum), termijnDatum, datum, gehaald.
- `traject.termijn-verstreken`: a deadline has passed while the step it guards is still open
  (appended once per trajectory, deadline and deadline date by the deadline watch, a background
  job; the step's own `traject.termijn` still follows when it is done). trajectId, termijn (as
  above), termijnDatum, vastgesteldOp (the day the watch saw it).
- `traject.aanbod`: an offer to the creditors is computed (again after an income change).
  trajectId, looptijdMaanden, aantalSchuldeisers, schuldBand, aflossingBand, percentage.
- `traject.schuldregeling`: the settlement's outcome. trajectId, uitkomst (toegekend,
  afgewezen, or ingetrokken when the trajectory leaves the settlement phase with the offer still
  open), dwangakkoord, datum.
- `traject.afwegingskader`: the saneringskrediet assessment is recorded. trajectId, advies.
- `traject.oplossing`: a solution is recorded. trajectId, soort (DDAS Oplossingssoort),
  startdatum.
- `traject.uitstroom`: the trajectory ends. trajectId, reden (DDAS Uitstroomreden),
  vanuitFase, datum.
- `traject.voorziening`: support beside the phases is recorded. trajectId, soort (begeleiding,
  moratorium, voorlopige-voorziening, crisisinterventie, informatie-en-advies),
  begeleidingssoort (DDAS Begeleidingssoort or none), inkomensbeheer (true when the
  Budgetbeheer is income management, seed §6.5), startdatum.
- `traject.programma`: the resident joins a programme. trajectId, programma (jas, ggz-pilot,
  ondernemers), startdatum.
- `traject.noodfonds`: an emergency-fund request is decided. trajectId, besluit (toegekend,
  afgewezen), bedragBand, datum.
- `traject.wsnp-verklaring`: the art. 285 Fw statement is issued. trajectId, datum.
"""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field

from shared.contracts.ddas import (
    Begeleidingssoort,
    Beschikkingssoort,
    Oplossingssoort,
    Uitstroomreden,
)
from shared.pagination import ApiModel

TRAJECT_GEOPEND = "traject.geopend"
FASE_GEWIJZIGD = "traject.fase-gewijzigd"
BESCHIKKING = "traject.beschikking"
TERMIJN = "traject.termijn"
TERMIJN_VERSTREKEN = "traject.termijn-verstreken"
AANBOD = "traject.aanbod"
SCHULDREGELING = "traject.schuldregeling"
AFWEGINGSKADER = "traject.afwegingskader"
OPLOSSING = "traject.oplossing"
UITSTROOM = "traject.uitstroom"
VOORZIENING = "traject.voorziening"
PROGRAMMA = "traject.programma"
NOODFONDS = "traject.noodfonds"
WSNP_VERKLARING = "traject.wsnp-verklaring"


class TrajectGeopend(ApiModel):
    traject_id: uuid.UUID
    aanvraag_id: uuid.UUID
    aanvraagdatum: date
    crisis: bool
    aantal_personen: int = Field(ge=1, le=2)
    partner_subject_key: str | None = None
    doelgroepen: list[str]
    beslistermijn_datum: date


class FaseGewijzigd(ApiModel):
    traject_id: uuid.UUID
    van: str | None
    naar: str
    datum: date


class BeschikkingAfgegeven(ApiModel):
    traject_id: uuid.UUID
    soort: Beschikkingssoort
    datum: date
    aantal_redenen: int


class TermijnUitkomst(ApiModel):
    traject_id: uuid.UUID
    termijn: str
    termijn_datum: date
    datum: date
    gehaald: bool


class TermijnVerstreken(ApiModel):
    traject_id: uuid.UUID
    termijn: str
    termijn_datum: date
    vastgesteld_op: date


class AanbodGedaan(ApiModel):
    traject_id: uuid.UUID
    looptijd_maanden: int
    aantal_schuldeisers: int
    schuld_band: str
    aflossing_band: str
    percentage: str = Field(description="Share of the debts offered, e.g. `42.50`.")


class SchuldregelingUitkomst(ApiModel):
    traject_id: uuid.UUID
    uitkomst: str
    dwangakkoord: bool
    datum: date


class AfwegingskaderVastgelegd(ApiModel):
    traject_id: uuid.UUID
    advies: str


class OplossingVastgelegd(ApiModel):
    traject_id: uuid.UUID
    soort: Oplossingssoort
    startdatum: date


class TrajectUitgestroomd(ApiModel):
    traject_id: uuid.UUID
    reden: Uitstroomreden
    vanuit_fase: str
    datum: date


class VoorzieningVastgelegd(ApiModel):
    traject_id: uuid.UUID
    soort: str
    begeleidingssoort: Begeleidingssoort | None
    inkomensbeheer: bool = False
    startdatum: date


class ProgrammaGestart(ApiModel):
    traject_id: uuid.UUID
    programma: str
    startdatum: date


class NoodfondsBesluit(ApiModel):
    traject_id: uuid.UUID
    besluit: str
    bedrag_band: str
    datum: date


class WsnpVerklaring(ApiModel):
    traject_id: uuid.UUID
    datum: date
