"""The DDAS early-signal delivery (vroegsignalering v1.0), with the DDAS field names verbatim.

Source: ../shared/ddas/vroegsignalering-v1.0.schema.json and ddas-vs-api-v1.0.yaml
(VNG-Realisatie). `startdatum_matchtingperiode` is spelled as the schema spells it. Field
names are the DDAS names verbatim (the export is a projection, DESIGN.md §3), hence mixedCase.
"""

# ruff: noqa: N815

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictInt, model_validator

from shared.contracts.ddas import (
    Contactsoort,
    Dagdeel,
    Eindresultaat,
    Signaalpartner,
    Signaalstatus,
)
from shared.types import StrictDate


class _Ddas(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")


class GegevensRequest(_Ddas):
    """CBS asks for the early-signal data of a period (DDAS `GegevensRequest`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "aanleverperiodeStartdatum": "2026-01-01",
                "aanleverperiodeEinddatum": "2026-06-30",
                "aanleverende_organisatie": "Gemeente Amstelveen",
                "page": 1,
                "pageSize": 25000,
            }
        }
    )

    aanleverperiode_startdatum: StrictDate = Field(
        alias="aanleverperiodeStartdatum", description="First day of the period (signal date)."
    )
    aanleverperiode_einddatum: StrictDate = Field(
        alias="aanleverperiodeEinddatum", description="Last day of the period (inclusive)."
    )
    aanleverende_organisatie: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="Name of the delivering organisation."
    )
    page: StrictInt = Field(default=1, ge=1, le=1_000_000, description="Page, from 1.")
    page_size: StrictInt = Field(
        default=25000, alias="pageSize", ge=1, le=25000, description="Signals per page."
    )

    @model_validator(mode="after")
    def _ordered(self) -> GegevensRequest:
        if self.aanleverperiode_einddatum < self.aanleverperiode_startdatum:
            raise ValueError("aanleverperiodeEinddatum ligt voor aanleverperiodeStartdatum.")
        return self


class Client(_Ddas):
    Burgerservicenummer: str | None = None
    Voorletters: str | None = None
    Voorvoegsel: str | None = None
    Achternaam: str | None = None
    Geboortedatum: StrictDate | None = None
    Straatnaam: str | None = None
    Postcode: str | None = None
    Huisnummer: str | None = None
    Huisnummertoevoeging: str | None = None
    Plaatsnaam: str | None = None


class SignaalpartnerRef(_Ddas):
    type: Signaalpartner


class Vroegsignaal(_Ddas):
    ID: str
    crisissignaal: bool
    warmeOverdracht: bool
    bedrag: int = Field(description="Whole euros.")
    ontstaansdatum: StrictDate
    signaaldatum: StrictDate
    status: Signaalstatus
    signaalpartner: SignaalpartnerRef
    client: Client


class SignaalRef(_Ddas):
    ID: str


class Contactpoging(_Ddas):
    soort: Contactsoort
    bereikt: bool
    datum: StrictDate
    dagdeel: Dagdeel


class Vroegsignaalzaak(_Ddas):
    resultaat: Eindresultaat | None = None
    matchingsdatum: StrictDate
    startdatum_matchtingperiode: StrictDate
    einddatum_matchingperiode: StrictDate
    datum_opgepakt: StrictDate | None = None
    vroegsignalen: list[SignaalRef]
    contactpogingen: list[Contactpoging]


class Organisatie(_Ddas):
    naam: str


class Levering(_Ddas):
    teller: int
    gemeentecode: str
    aanleverende_organisatie: Organisatie
    vroegsignalen: list[Vroegsignaal]
    vroegsignaalzaken: list[Vroegsignaalzaak]


class Uitwisselmodel(_Ddas):
    startdatumLevering: StrictDate
    einddatumLevering: StrictDate
    aanleverdatumEnTijd: AwareDatetime
    codeGegevensleverancier: str
    leveringen: list[Levering]


class Paginering(_Ddas):
    pageSize: int
    currentPage: int
    totalPages: int
    totalRecords: int


class GegevensResponse(_Ddas):
    """One page of the delivery."""

    gegevens: Uitwisselmodel
    paginering: Paginering

    def document(self) -> dict[str, Any]:
        """The page as DDAS JSON: absent values left out (the schema allows no nulls)."""
        return self.model_dump(mode="json", exclude_none=True)
