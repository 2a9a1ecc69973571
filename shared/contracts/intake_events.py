"""Events the intake service appends to its feed (`GET /v1/events` on intake), for reporting.

Every event carries the municipality (`gemeentecode`) and the resident's pseudonymous key
(`subjectKey`) in the envelope; payloads hold attributes only, never names, BSNs, addresses or
birth dates. Payload keys are camelCase; dates are ISO `YYYY-MM-DD`.

- `intake.melding.geregistreerd`: a melding is registered (at the desk or from an early-signal
  hand-over). Payload: meldingId, kanaal, meldingdatum, crisis, crisissoort, doelgroepen,
  recidive (`ja`/`nee`/`onbekend`), plannenUiterlijk, gesprekNormUiterlijk,
  gesprekWettelijkUiterlijk.
- `intake.aanmeldgesprek.gepland`: the first conversation is planned or moved. Payload:
  meldingId, gesprekId, gespreksdatum, geplandOp, verplaatst, telefonisch.
- `intake.aanmeldgesprek.gehouden`: the conversation took place. Payload: meldingId, gesprekId,
  gespreksdatum.
- `intake.aanmeldgesprek.niet-verschenen`: the resident did not come. Same payload.
- `intake.termijn.beoordeeld`: a deadline is settled, met or missed, once per melding and
  deadline: `plannen` when the first conversation is first planned; `gesprek-norm` and
  `gesprek-wettelijk` when it is held, or when the melding closes without one; and any of them
  missed the day after it passed while the melding stayed open without the planning or the
  conversation it asks for (intake's deadline watch). Payload: meldingId, termijn, uiterlijk,
  op, gehaald.
- `intake.uitkomst.vastgelegd`: the outcome is recorded (this closes the melding). Payload:
  meldingId, soort (`advies`, `mdo`, `aanvraag`, `geen-vervolg`), datum, verwijspartners
  (organisation names), mdoGrondslag, mdoTeams, aanvraagId.

`termijn.beoordeeld` with `op` null and `gehaald` false means the deadline passed, or the melding
closed, without the planning or conversation being done.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Final, Literal

from pydantic import Field

from shared.contracts.handoffs import Doelgroep, Kanaal
from shared.pagination import ApiModel

MELDING_GEREGISTREERD: Final = "intake.melding.geregistreerd"
GESPREK_GEPLAND: Final = "intake.aanmeldgesprek.gepland"
GESPREK_GEHOUDEN: Final = "intake.aanmeldgesprek.gehouden"
GESPREK_NIET_VERSCHENEN: Final = "intake.aanmeldgesprek.niet-verschenen"
TERMIJN_BEOORDEELD: Final = "intake.termijn.beoordeeld"
UITKOMST_VASTGELEGD: Final = "intake.uitkomst.vastgelegd"

Recidive = Literal["ja", "nee", "onbekend"]
Termijn = Literal["plannen", "gesprek-norm", "gesprek-wettelijk"]
UitkomstSoort = Literal["advies", "mdo", "aanvraag", "geen-vervolg"]


class MeldingGeregistreerd(ApiModel):
    """`intake.melding.geregistreerd`."""

    melding_id: uuid.UUID
    kanaal: Kanaal
    meldingdatum: date
    crisis: bool
    crisissoort: str | None = Field(description="Policy code of the threatening situation.")
    doelgroepen: list[Doelgroep]
    recidive: Recidive = Field(
        description="`ja`: a trajectory closed within the policy's recidive years; `onbekend`: "
        "trajectory could not be asked."
    )
    plannen_uiterlijk: date
    gesprek_norm_uiterlijk: date
    gesprek_wettelijk_uiterlijk: date


class GesprekGepland(ApiModel):
    """`intake.aanmeldgesprek.gepland`."""

    melding_id: uuid.UUID
    gesprek_id: uuid.UUID
    gespreksdatum: date
    gepland_op: date = Field(description="The day the appointment was made.")
    verplaatst: bool = Field(description="Whether this replaces an earlier appointment.")
    telefonisch: bool


class GesprekAfgerond(ApiModel):
    """`intake.aanmeldgesprek.gehouden` and `intake.aanmeldgesprek.niet-verschenen`."""

    melding_id: uuid.UUID
    gesprek_id: uuid.UUID
    gespreksdatum: date


class TermijnBeoordeeld(ApiModel):
    """`intake.termijn.beoordeeld`."""

    melding_id: uuid.UUID
    termijn: Termijn
    uiterlijk: date
    op: date | None = Field(description="When it was done; null when it never was.")
    gehaald: bool


class UitkomstVastgelegd(ApiModel):
    """`intake.uitkomst.vastgelegd`."""

    melding_id: uuid.UUID
    soort: UitkomstSoort
    datum: date
    verwijspartners: list[str] = Field(
        default_factory=list, description="Organisations referred to (advice)."
    )
    mdo_grondslag: Literal["toestemming", "veiligheid"] | None = None
    mdo_teams: list[str] = Field(default_factory=list)
    aanvraag_id: uuid.UUID | None = None
