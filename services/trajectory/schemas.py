"""Request and response models for the case and its workflow (camelCase JSON via ApiModel)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from services.trajectory.domain.documenten import Document
from services.trajectory.domain.fasen import Fase
from services.trajectory.domain.termijnen import Signaal
from services.trajectory.schema_types import (
    Naam,
    OptionalDate,
    OptionalPastOrTodayDate,
)
from services.trajectory.schemas_geld import (
    AanbodRead,
    AfwegingskaderRead,
    BerekeningRead,
    SchuldRead,
)
from services.trajectory.schemas_voorzieningen import (
    NoodfondsRead,
    ProgrammaRead,
    VoorzieningRead,
)
from shared.contracts.ddas import Beschikkingssoort, Oplossingssoort, Uitstroomreden
from shared.contracts.handoffs import Persoon
from shared.pagination import ApiModel
from shared.types import NonNegativeBedrag, PastOrTodayDate, StrictDate

LangeTekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class FaseOvergangCreate(ApiModel):
    """Move the trajectory to another phase."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"naar": "intake", "reden": "Intakegesprek gevoerd.", "datum": "2026-11-20"}
        }
    )

    naar: Fase = Field(description="The phase to move to.")
    reden: LangeTekst = Field(description="Why (kept in the history).")
    datum: OptionalPastOrTodayDate = Field(
        default=None, description="Effective date; today if left out."
    )
    uitstroomreden: Uitstroomreden | None = Field(
        default=None, description="DDAS Uitstroomreden; required when moving to uitstroom."
    )
    uitstroom_omschrijving: LangeTekst | None = Field(default=None, description="Exit remark.")


class HistorieRead(ApiModel):
    """One entry of the case history (appended, never edited)."""

    van: Fase | None = Field(description="Phase before (none at opening).")
    naar: Fase = Field(description="Phase after.")
    datum: date = Field(description="Effective date.")
    regel: str = Field(description="The rule that allows the move.")
    reden: str | None = Field(description="Why, as the counsellor wrote it.")
    door: str = Field(description="Who made the change.")
    rol: str = Field(description="In which role.")
    op: datetime = Field(description="When it was recorded (UTC).")


class DocumentOntvangen(ApiModel):
    document: Document = Field(description="Document of the intake checklist.")
    ontvangen_op: PastOrTodayDate = Field(description="Date it was handed in.")


class DocumentenUpdate(ApiModel):
    """The documents of the checklist received so far (replaces the list)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "ontvangen": [{"document": "identiteitsbewijs", "ontvangenOp": "2026-11-20"}]
            }
        }
    )

    ontvangen: list[DocumentOntvangen] = Field(max_length=20, description="Received documents.")


class ChecklistRead(ApiModel):
    ontvangen: list[DocumentOntvangen] = Field(description="Received documents.")
    ontbrekend: list[Document] = Field(description="Documents still missing.")
    compleet: bool = Field(description="All documents are in.")


class BeschikkingCreate(ApiModel):
    """The decision on the aanvraag (toelating or afwijzing with reasons)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "soort": "Toelatingsbeschikking",
                "datum": "2026-11-27",
                "redenen": ["Voldoet aan de voorwaarden van de beleidsregels."],
            }
        }
    )

    soort: Beschikkingssoort = Field(description="DDAS Beschikkingssoort.")
    datum: PastOrTodayDate = Field(description="Date of the decision.")
    redenen: list[LangeTekst] = Field(
        min_length=1, max_length=20, description="Reasons (Awb 3:46)."
    )
    uitstroomreden: Uitstroomreden | None = Field(
        default=None, description="Exit reason on afwijzing; `Voldoet niet` if left out."
    )


class BezwaarCreate(ApiModel):
    """An objection against the decision (Awb art. 6:4)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"datum": "2026-11-27", "toelichting": "Bezwaar tegen afwijzing."}
        }
    )

    datum: PastOrTodayDate = Field(description="Date the objection was received.")
    toelichting: LangeTekst = Field(description="What the objection says.")


class PlanVanAanpakUpdate(ApiModel):
    """The plan van aanpak (Wgs art. 4)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "hulpvraag": "Grip op schulden en vaste lasten.",
                "ondersteuning": "Budgetbeheer en schuldregeling.",
                "verwijzingen": ["Sociaal team"],
                "voorwaarden": ["Geen nieuwe schulden maken."],
                "verwachteEinddatum": "2028-06-30",
            }
        }
    )

    hulpvraag: LangeTekst = Field(description="The resident's help question.")
    ondersteuning: LangeTekst = Field(description="The support agreed.")
    verwijzingen: list[Naam] = Field(default_factory=list, max_length=20, description="Referrals.")
    voorwaarden: list[LangeTekst] = Field(
        default_factory=list, max_length=20, description="Conditions."
    )
    verwachte_einddatum: StrictDate = Field(description="Expected end of the trajectory.")


class ToewijzingCreate(ApiModel):
    """Assign the trajectory to a counsellor."""

    model_config = ConfigDict(json_schema_extra={"example": {"consulent": "j.devries"}})

    consulent: Naam = Field(description="The counsellor's id.")
    override_reden: LangeTekst | None = Field(
        default=None, description="Reason to go beyond the caseload limit."
    )


class PersoonRead(ApiModel):
    rol: str = Field(description="`aanvrager` or `partner` (jointly liable).")
    subject_key: str = Field(description="Pseudonymous key.")
    persoon: Persoon = Field(description="The person as intake handed them over.")


class Termijnen(ApiModel):
    beslistermijn: date = Field(description="Decision due (Verordening beslistermijn).")
    stabilisatie_benchmark: OptionalDate = Field(description="Stabilisation 4-month benchmark.")
    stabilisatie_maximum: OptionalDate = Field(description="Stabilisation 6-month maximum.")
    schuldregeling_nvvk: OptionalDate = Field(description="Settlement agreed by (NVVK, 120 days).")
    nazorg_einde: OptionalDate = Field(description="Aftercare ends at the latest.")


class Schuldregeling(ApiModel):
    ingediend: OptionalDate = Field(description="Offer submitted.")
    toegekend: OptionalDate = Field(description="All creditors agreed (or the court obliged them).")
    afgewezen: OptionalDate = Field(description="Settlement failed.")
    ingetrokken: OptionalDate = Field(
        description="Settlement request withdrawn: the case left schuldregeling with the offer "
        "still open, which can then no longer be answered (DDAS Schuldregeling.ingetrokken)."
    )
    datum_verzoek_dwangakkoord: OptionalDate = Field(
        description="Dwangakkoord requested (Fw 287a)."
    )
    dwangakkoord: bool | None = Field(description="Court's outcome; none while pending.")


class Oplossing(ApiModel):
    soort: Oplossingssoort = Field(description="DDAS Oplossingssoort.")
    startdatum: date = Field(description="Start.")
    einddatum: OptionalDate = Field(description="End.")
    vtlb: NonNegativeBedrag | None = Field(description="Monthly VTLB.")


class TrajectSamenvatting(ApiModel):
    """One row of a counsellor's work list."""

    id: uuid.UUID = Field(description="Id of the trajectory.")
    fase: Fase = Field(description="Current phase.")
    fase_sinds: date = Field(description="In this phase since.")
    consulent: str | None = Field(description="Assigned counsellor.")
    aanvrager: str = Field(description="Applicant's surname.")
    aanvraagdatum: date = Field(description="Date of the aanvraag.")
    crisis: bool = Field(description="Crisis intervention.")
    beslistermijn: date = Field(description="Decision due.")
    signalen: list[Signaal] = Field(description="Deadline signals today.")


class TrajectRead(ApiModel):
    """A trajectory with its history, debts and calculation."""

    id: uuid.UUID = Field(description="Id of the trajectory.")
    aanvraag_id: uuid.UUID = Field(description="Intake's aanvraag.")
    gemeentecode: str = Field(description="CBS municipality code.")
    fase: Fase = Field(description="Current phase.")
    fase_sinds: date = Field(description="In this phase since.")
    toegestane_fasen: list[Fase] = Field(description="Phases it may move to now.")
    consulent: str | None = Field(description="Assigned counsellor.")
    aanvraagdatum: date = Field(description="Date of the aanvraag.")
    crisis: bool = Field(description="Crisis intervention.")
    personen: list[PersoonRead] = Field(description="One or two jointly liable persons.")
    checklist: ChecklistRead = Field(description="Intake documents.")
    termijnen: Termijnen = Field(description="Deadlines.")
    signalen: list[Signaal] = Field(description="Deadline signals today.")
    beschikking_soort: Beschikkingssoort | None = Field(description="Decision kind.")
    beschikking_datum: OptionalDate = Field(description="Decision date.")
    beschikking_redenen: list[str] | None = Field(description="Reasons for the decision.")
    bezwaar_datum: OptionalDate = Field(description="Objection received.")
    plan_van_aanpak: PlanVanAanpakUpdate | None = Field(description="The plan.")
    schuldregeling: Schuldregeling = Field(description="Settlement status.")
    oplossing: Oplossing | None = Field(description="The solution.")
    afwegingskader: AfwegingskaderRead | None = Field(description="Saneringskrediet assessment.")
    uitstroomreden: Uitstroomreden | None = Field(description="Exit reason.")
    uitstroomdatum: OptionalDate = Field(description="Exit date.")
    historie: list[HistorieRead] = Field(description="Every phase change, oldest first.")
    schulden: list[SchuldRead] = Field(description="The debts.")
    berekening: BerekeningRead | None = Field(description="The latest VTLB calculation.")
    aanbod: AanbodRead | None = Field(description="The current offer.")
    voorzieningen: list[VoorzieningRead] = Field(description="Support beside the phases.")
    programmas: list[ProgrammaRead] = Field(description="Programmes joined.")
    noodfonds: list[NoodfondsRead] = Field(description="Emergency-fund requests.")
    wsnp_verklaring_datum: OptionalDate = Field(description="Fw art. 285 statement issued.")
