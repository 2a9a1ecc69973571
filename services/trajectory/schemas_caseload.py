"""Request and response models for caseload and capacity."""

from __future__ import annotations

from decimal import Decimal

from pydantic import ConfigDict, Field

from shared.pagination import ApiModel


class ConsulentUpdate(ApiModel):
    """A counsellor's working time, which sets the caseload limit (45 per FTE)."""

    model_config = ConfigDict(json_schema_extra={"example": {"fte": "0.8"}})

    fte: Decimal = Field(
        gt=0, le=Decimal("1.5"), max_digits=4, decimal_places=2, description="FTE, e.g. 0.8."
    )


class ConsulentCaseload(ApiModel):
    consulent: str = Field(description="The counsellor's id.")
    fte: Decimal = Field(description="Working time in FTE (1 when not registered).")
    actief: int = Field(description="Active trajectories assigned.")
    limiet: int = Field(description="Policy limit for this FTE.")
    boven_limiet: bool = Field(description="Assigned beyond the limit (by override).")


class CapaciteitRead(ApiModel):
    """Caseload per counsellor and the FTE needed for all active trajectories."""

    consulenten: list[ConsulentCaseload] = Field(description="One line per counsellor.")
    trajecten: int = Field(description="Active trajectories.")
    zonder_consulent: int = Field(description="Active trajectories without a counsellor.")
    fte_nodig: Decimal = Field(description="Trajectories / limit per FTE, rounded up to 0.1.")
    fte_beschikbaar: Decimal = Field(description="Sum of the counsellors' FTE.")
    max_per_fte: int = Field(description="Policy caseload limit per FTE.")
