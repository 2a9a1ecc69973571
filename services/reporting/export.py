"""CSV for BI tools: streamed line by line, with formula injection neutralised.

A spreadsheet treats a cell starting with = + - @ (or a tab or carriage return) as a formula;
such text cells get a leading apostrophe (OWASP "CSV injection"). Numbers are left alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH_ROWS = 500


def neutraliseer(value: Any) -> str:
    """The CSV text of one cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_regels(kolommen: Sequence[str], rijen: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The header, then the rows, in chunks of BATCH_ROWS lines (memory stays flat)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(kolommen)
    for count, rij in enumerate(rijen, start=1):
        writer.writerow([neutraliseer(rij.get(k)) for k in kolommen])
        if count % BATCH_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
