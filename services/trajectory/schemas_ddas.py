"""The DDAS pull API's request and response, with the DDAS OpenAPI's own field names."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.types import StrictDate

MAX_PAGE_SIZE = 25000


class GegevensRequest(BaseModel):
    """DDAS `GegevensRequest`: the period and page asked for."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        json_schema_extra={
            "example": {
                "aanleverperiodeStartdatum": "2026-01-01",
                "aanleverperiodeEinddatum": "2026-12-31",
                "page": 1,
                "pageSize": 25000,
            }
        },
    )

    aanleverperiode_startdatum: StrictDate = Field(
        alias="aanleverperiodeStartdatum", description="First day of the period."
    )
    aanleverperiode_einddatum: StrictDate = Field(
        alias="aanleverperiodeEinddatum", description="Last day of the period."
    )
    aanleverende_organisatie: str | None = Field(
        default=None,
        alias="aanleverende_organisatie",
        max_length=200,
        description="Organisation name.",
    )
    page: int = Field(default=1, ge=1, le=1_000_000, strict=True, description="Page, from 1.")
    page_size: int = Field(
        default=MAX_PAGE_SIZE,
        alias="pageSize",
        ge=1,
        le=MAX_PAGE_SIZE,
        strict=True,
        description="Records per page.",
    )


class Paginering(BaseModel):
    """DDAS `Paginering`."""

    pageSize: int = Field(description="Records per page.")  # noqa: N815 (DDAS field name)
    currentPage: int = Field(description="This page.")  # noqa: N815
    totalPages: int = Field(description="Pages available (at least 1).")  # noqa: N815
    totalRecords: int = Field(description="Records in the period.")  # noqa: N815


class DdasAntwoord(BaseModel):
    """The DDAS answer: the Uitwisselmodel (v1.0 JSON Schema) and the paging."""

    gegevens: dict[str, Any] = Field(description="DDAS Uitwisselmodel v1.0.")
    paginering: Paginering = Field(description="Paging of the delivery.")
