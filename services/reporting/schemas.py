"""Request and response models of the reporting API (camelCase JSON, no personal data)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Self

from pydantic import ConfigDict, Field, JsonValue, StringConstraints, model_validator

from services.reporting.indicatoren.definitie import ActiviteitSoort, Eenheid, Groep
from services.reporting.soorten import Bron
from shared.pagination import ApiModel
from shared.types import Gemeentecode, StrictDate

# A nullable date still declares `format: date` at the top (API Design Rules linter).
OPTIONAL_DATE: dict[str, JsonValue] = {"format": "date"}


class PeriodeRead(ApiModel):
    """The period an answer covers."""

    vanaf: date = Field(description="First day of the period (inclusive).")
    tot: date = Field(description="Day after the last day of the period (exclusive).")
    soort: str = Field(description="`jaar`, `kwartaal`, `maand` or `bereik` (a date range).")


class BronStandRead(ApiModel):
    """How far reporting has read one source's event feed."""

    bron: Bron = Field(description="The source service.")
    cursor: int = Field(description="Feed position up to which events are projected.")
    gelezen_tot: datetime | None = Field(
        description="When the newest projected event of this source happened (UTC)."
    )
    laatst_gepeild: datetime | None = Field(description="Last attempt to read the feed (UTC).")
    bijgewerkt: datetime | None = Field(description="Last successful read of the feed (UTC).")
    fouten: int = Field(description="Failed attempts since the last successful read.")
    laatste_fout: str | None = Field(description="Why the last attempt failed, if it did.")


class StreefwaardeRead(ApiModel):
    """A target from the policy configuration."""

    minimum: int = Field(description="At least this value.")
    maximum: int | None = Field(description="At most this value (a range or a ceiling).")


class UitsplitsingRead(ApiModel):
    """The indicator broken down along one dimension."""

    dimensie: str = Field(description="E.g. `doelgroep`, `kanaal`, `partnertype`.")
    waarden: dict[str, float] = Field(description="Value per category.")


class IndicatorRead(ApiModel):
    """One indicator for a period, with its definition and target."""

    code: str = Field(description="Stable id of the indicator (kebab-case).")
    naam: str = Field(description="Name of the indicator.")
    groep: Groep = Field(description="`beleidsplan`, `divosa` or `vroegsignalering`.")
    paragraaf: str | None = Field(description="Paragraph of the policy plan it comes from.")
    eenheid: Eenheid = Field(description="Unit of the value.")
    definitie: str = Field(description="What is counted, in words.")
    waarde: float | None = Field(description="The value; null when there is nothing to count.")
    teller: float | None = Field(description="Numerator of a share or sum of an average.")
    noemer: float | None = Field(description="Denominator of a share or count of an average.")
    streefwaarde: StreefwaardeRead | None = Field(description="Target from the policy.")
    streefwaarde_gehaald: bool | None = Field(
        description=(
            "Whether the value meets the target (a range: within it, both ends included); null "
            "without a value or target, and for a yearly count target (`aantal`) on a period "
            "that is not a whole calendar year."
        )
    )
    vergelijking: float | None = Field(
        description="The value for the same period a year earlier, where the target uses it."
    )
    uitsplitsingen: list[UitsplitsingRead] = Field(description="Breakdowns of the value.")


class IndicatorenPage(ApiModel):
    """A page of indicators for one period, with how far each source has been read."""

    items: list[IndicatorRead] = Field(description="The indicators on this page.")
    page: int = Field(description="This page's number, from 1.")
    page_size: int = Field(description="Indicators per page.")
    total: int = Field(description="Indicators matching the filter.")
    periode: PeriodeRead = Field(description="The period the values cover.")
    bronnen: list[BronStandRead] = Field(description="Up to when each source has been read.")
    berekend: datetime = Field(description="When the values were computed (UTC).")


class IndicatorDetailRead(IndicatorRead):
    """One indicator with its period and the sources' reading positions."""

    periode: PeriodeRead = Field(description="The period the value covers.")
    bronnen: list[BronStandRead] = Field(description="Up to when each source has been read.")


class FeitRead(ApiModel):
    """One anonymous fact: an event of a source, without person key or case id."""

    id: int = Field(description="Row number in reporting; stable, ascending.")
    bron: str = Field(description="Source service.")
    type: str = Field(description="The source's event type.")
    soort: str | None = Field(description="Reporting's fact kind; null when not recognised.")
    datum: date = Field(description="The fact's date (Dutch calendar).")
    occurred_at: datetime = Field(description="When the event happened (UTC).")
    gemeentecode: str = Field(description="CBS code of the municipality.")
    partner_type: str | None = Field(description="Signal partner type (DDAS).")
    kanaal: str | None = Field(description="Channel of a melding.")
    doelgroepen: str | None = Field(description="Target groups, comma-separated.")
    resultaat: str | None = Field(
        description=(
            "Outcome, kind or status carried by the event; null for `casus_samengevoegd` "
            "(its result is the id of the case merged into)."
        )
    )
    crisis: bool | None = Field(description="Crisis flag.")
    bereikt: bool | None = Field(description="Whether a contact attempt reached the resident.")
    gehaald: bool | None = Field(description="Whether a deadline was met (deadline facts).")
    bedrag: Decimal | None = Field(description="Amount in euros (arrears or total debt).")
    aantal: int | None = Field(description="A count carried by the event (e.g. creditors).")
    referentie_datum: date | None = Field(
        description="The date a duration is measured from.", json_schema_extra=OPTIONAL_DATE
    )


class FeitenPage(ApiModel):
    """A page of anonymous facts, with how far each source has been read."""

    items: list[FeitRead] = Field(description="The facts on this page, by id.")
    page: int = Field(description="This page's number, from 1.")
    page_size: int = Field(description="Facts per page.")
    total: int = Field(description="Facts matching the filter.")
    bronnen: list[BronStandRead] = Field(description="Up to when each source has been read.")


Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ActiviteitCreate(ApiModel):
    """A count of an activity outside the case flow (classes, covenants, courses)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "soort": "moneyways-leerlingen",
                "aantal": 612,
                "beginDatum": "2026-09-01",
                "eindDatum": "2026-12-31",
                "bron": "Moneyways jaarverslag schooljaar 2026-2027",
                "toelichting": "18 klassen op 3 scholen",
            }
        }
    )

    soort: ActiviteitSoort = Field(description="Kind of activity.")
    aantal: Decimal = Field(
        ge=0, le=10**9, max_digits=12, decimal_places=2, description="The count (fte: decimals)."
    )
    begin_datum: StrictDate = Field(description="First day of the period the count covers.")
    eind_datum: StrictDate = Field(description="Last day of the period (inclusive).")
    bron: Tekst = Field(description="Where the count comes from (report, register, partner).")
    toelichting: Annotated[str, StringConstraints(max_length=2000)] | None = Field(
        default=None, description="Free-text note; no personal data."
    )
    gemeentecode: Gemeentecode | None = Field(
        default=None, description="Municipality; default the deployment's own."
    )

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.eind_datum < self.begin_datum:
            raise ValueError("eindDatum ligt voor beginDatum")
        return self


class ActiviteitRead(ApiModel):
    """A registered activity count."""

    id: uuid.UUID = Field(description="Id of the registration.")
    soort: ActiviteitSoort = Field(description="Kind of activity.")
    aantal: Decimal = Field(description="The count.")
    begin_datum: date = Field(description="First day of the period the count covers.")
    eind_datum: date = Field(description="Last day of the period (inclusive).")
    bron: str = Field(description="Where the count comes from.")
    toelichting: str | None = Field(description="Free-text note.")
    gemeentecode: str = Field(description="Municipality.")
    geregistreerd_door: str | None = Field(
        default=None,
        description=(
            "Who registered it (the employee's token subject): only in answers to the roles that "
            "register activities (`kwaliteit`, `coordinator`); left out for `bi` and `admin`, "
            "which get no personal data."
        ),
    )
    geregistreerd: datetime = Field(description="When it was registered (UTC).")


class InhaalactieRead(ApiModel):
    """The result of an admin-triggered catch-up of one source."""

    bron: Bron = Field(description="The source read.")
    gelezen: int = Field(description="Events read from the feed.")
    nieuw: int = Field(description="New facts (events read before are not counted twice).")
    cursor: int = Field(description="The cursor afterwards.")
    bijgewerkt: bool = Field(description="Whether the feed has been read to its end.")
    stand: BronStandRead = Field(description="The source's reading position afterwards.")


class HerafleidingRead(ApiModel):
    """The result of deriving the stored facts again."""

    gewijzigd: int = Field(description="Facts whose kind or attributes changed.")
