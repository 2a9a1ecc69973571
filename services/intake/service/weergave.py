"""Rows to response models."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from services.intake.schemas.gesprekken import GesprekRead
from services.intake.schemas.meldingen import (
    CrisisRead,
    InwonerRead,
    MeldingRead,
    MeldingSamenvatting,
    RecidiveRead,
    StatuswijzigingRead,
    Termijnen,
)
from shared.contracts.handoffs import Persoon

_PERSOON_FIELDS = tuple(Persoon.model_fields)


def utc(value: datetime) -> datetime:
    # SQLite keeps no offset; every instant is stored in UTC.
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


def persoon_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """The resident's fields of a melding row, as Persoon takes them."""
    return {name: row[name] for name in _PERSOON_FIELDS}


def naam(row: Mapping[str, Any]) -> str:
    """`J. de Vries`: the name as the desk's lists show it."""
    parts = (row["voorletters"], row["tussenvoegsel"], row["achternaam"])
    return " ".join(part for part in parts if part)


def termijnen(row: Mapping[str, Any]) -> Termijnen:
    return Termijnen(
        plannen_uiterlijk=row["plannen_uiterlijk"],
        gesprek_norm_uiterlijk=row["gesprek_norm_uiterlijk"],
        gesprek_wettelijk_uiterlijk=row["gesprek_wettelijk_uiterlijk"],
        plannen_gehaald=row["plannen_gehaald"],
        gesprek_norm_gehaald=row["gesprek_norm_gehaald"],
        gesprek_wettelijk_gehaald=row["gesprek_wettelijk_gehaald"],
    )


def melding_read(row: Mapping[str, Any]) -> MeldingRead:
    """A stored melding (a row's `_mapping`, or the values just inserted) as the API shows it."""
    return MeldingRead(
        id=row["id"],
        gemeentecode=row["gemeentecode"],
        kanaal=row["kanaal"],
        verwijzer=row["verwijzer"],
        status=row["status"],
        meldingdatum=row["meldingdatum"],
        # Stored as validated at registration: not checked again (eleven-test, e-mail syntax).
        inwoner=InwonerRead.model_construct(
            **persoon_values(row), voorkeurstaal=row["voorkeurstaal"]
        ),
        partner=Persoon.model_validate(row["partner"]) if row["partner"] else None,
        kinderen_onder_18=row["kinderen_onder_18"],
        inkomensbron=row["inkomensbron"],
        doelgroepen=row["doelgroepen"],
        crisis=CrisisRead(soort=row["crisissoort"], datum=row["crisisdatum"])
        if row["crisis"]
        else None,
        toelichting=row["toelichting"],
        termijnen=termijnen(row),
        recidive=RecidiveRead(
            status=row["recidive"],
            laatst_afgesloten_op=row["laatst_afgesloten_op"],
            lopend_traject=row["lopend_traject"],
        ),
        consulent=row["consulent"],
        gesprek_status=row["gesprek_status"],
        gesprek_datum=row["gesprek_datum"],
        uitkomst=row["uitkomst"],
        afgesloten_op=row["afgesloten_op"],
        casus_id=row["casus_id"],
        geregistreerd_at=utc(row["geregistreerd_at"]),
    )


def samenvatting(row: Mapping[str, Any]) -> MeldingSamenvatting:
    return MeldingSamenvatting(
        id=row["id"],
        kanaal=row["kanaal"],
        status=row["status"],
        meldingdatum=row["meldingdatum"],
        naam=naam(row),
        crisis=row["crisis"],
        crisissoort=row["crisissoort"],
        termijnen=termijnen(row),
        consulent=row["consulent"],
        gesprek_status=row["gesprek_status"],
        gesprek_datum=row["gesprek_datum"],
    )


def statuswijziging(row: Any) -> StatuswijzigingRead:
    return StatuswijzigingRead(
        van=row.van,
        naar=row.naar,
        reden=row.reden,
        door=row.door,
        gewijzigd_at=utc(row.gewijzigd_at),
    )


def gesprek_read(row: Any) -> GesprekRead:
    values = row._asdict()
    return GesprekRead.model_validate({k: values[k] for k in GesprekRead.model_fields})
