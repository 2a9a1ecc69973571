"""Field types the intake schemas share."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, PlainSerializer, PlainValidator, StringConstraints, WithJsonSchema

from shared.types import past_or_today, strict_date

Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LangeTekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
# Times of day travel as "HH:MM" text: the API Design Rules linter refuses `format: time`.
Tijd = Annotated[
    str,
    StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"),
    Field(description="Time of day, 24-hour `HH:MM` (Europe/Amsterdam).", examples=["09:30"]),
]


def _optional_strict_date(value: object) -> date | None:
    return None if value is None else strict_date(value)


def _optional_past_or_today(value: object) -> date | None:
    return None if value is None else past_or_today(value)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


# A nullable date whose schema keeps `format: date` at the top, as the API Design Rules linter
# asks of every `...Datum` field (pydantic would put it inside an anyOf).
_NULLABLE_DATE_SCHEMA = WithJsonSchema({"type": ["string", "null"], "format": "date"})
_NULLABLE_DATE_SERIALIZER = PlainSerializer(_iso, return_type=str | None, when_used="json")
NullableDate = Annotated[date | None, _NULLABLE_DATE_SERIALIZER, _NULLABLE_DATE_SCHEMA]
NullableStrictDate = Annotated[
    date | None,
    PlainValidator(_optional_strict_date),
    _NULLABLE_DATE_SERIALIZER,
    _NULLABLE_DATE_SCHEMA,
]
NullablePastOrTodayDate = Annotated[
    date | None,
    PlainValidator(_optional_past_or_today),
    _NULLABLE_DATE_SERIALIZER,
    _NULLABLE_DATE_SCHEMA,
]
