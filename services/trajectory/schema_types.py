"""Field types the schemas share: names, and optional dates that keep `format: date` in the
OpenAPI.

An optional date renders as `anyOf: [date, null]`, which the API Design Rules linter reads as a
date field without `format: date`; these types state the format at the top level instead.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import StringConstraints, WithJsonSchema

from shared.types import PastOrTodayDate, StrictDate

_NULLABLE_DATE = WithJsonSchema({"type": ["string", "null"], "format": "date"})

OptionalDate = Annotated[date | None, _NULLABLE_DATE]
OptionalStrictDate = Annotated[StrictDate | None, _NULLABLE_DATE]
OptionalPastOrTodayDate = Annotated[PastOrTodayDate | None, _NULLABLE_DATE]

Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
