"""Reading a batch: a JSON array or a CSV file into validated signals plus a per-row report.

One module-level TypeAdapter validates every row (PERF.md: 195k rows/s for JSON). CSV is UTF-8
with `;` or `,` as separator and the header below; Dutch dates (`31-12-2025`) and amounts with
a decimal comma (`1.250,50`) or thousands dots (`1.250`) are accepted and rewritten before
validation.

The batch worker reads a body a chunk at a time (`tel`, then `stukken` and `valideer` per
chunk): CSV records from the csv reader, JSON array elements from ijson's C parser, so no more
than one chunk of rows and validated models is held at once. `controleer` is what the upload
checks before the 202: cheap, no row is parsed in the common case.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ijson
import orjson
from pydantic import TypeAdapter, ValidationError

from services.signals.schemas import SignaalCreate
from shared.problems import InvalidInput, InvalidParam, PayloadTooLarge
from shared.types import parse_dutch_date

SIGNALEN: TypeAdapter[list[SignaalCreate]] = TypeAdapter(list[SignaalCreate])

# The CSV header, in this order when a creditor makes a new export; any order is read.
CSV_KOLOMMEN = tuple(
    SignaalCreate.model_fields[name].alias or name for name in SignaalCreate.model_fields
)
CSV_VERPLICHT = frozenset(
    SignaalCreate.model_fields[name].alias or name
    for name, field in SignaalCreate.model_fields.items()
    if field.is_required()
)
_DATUM_KOLOMMEN = frozenset({"ontstaansdatum", "signaaldatum", "geboortedatum"})
_BOOL_KOLOMMEN = frozenset({"crisissignaal", "warmeOverdracht"})
_WAAR = frozenset({"ja", "j", "true", "waar", "1", "yes", "y"})
_ONWAAR = frozenset({"nee", "n", "false", "onwaar", "0", "no"})
_DUTCH_AMOUNT = re.compile(r"[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?|[0-9]+(,[0-9]+)?")
# Dots in groups of exactly three and no comma: thousands (`1.250` is 1250, as a Dutch
# spreadsheet exports it), not a decimal point; `1250.50` and `1.25` stay decimals. A leading
# zero (`0.500`) is no thousands group: left as it is, for the TypeAdapter to judge.
_DUIZENDTALLEN = re.compile(r"[1-9][0-9]{0,2}(\.[0-9]{3})+")


@dataclass(frozen=True)
class Gelezen:
    """A batch read: valid signals by row number, refused rows as (row, field, reason)."""

    signalen: list[tuple[int, SignaalCreate]]
    fouten: list[tuple[int, str, str]]
    aantal: int


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "signaal"


def valideer(rows: list[Any], *, eerste: int = 1) -> Gelezen:
    """Validate rows (dicts) with the one TypeAdapter; errors are reported per row and field.
    Row numbers count from `eerste` (a chunk's first row)."""
    try:
        return Gelezen(
            [(i, s) for i, s in enumerate(SIGNALEN.validate_python(rows), eerste)], [], len(rows)
        )
    except ValidationError as error:
        return _met_fouten(rows, error, eerste=eerste)


def _met_fouten(rows: list[Any], error: ValidationError, *, eerste: int = 1) -> Gelezen:
    """The per-row report of `error` (raised for `rows`), and the other rows validated."""
    per_rij: dict[int, dict[str, str]] = defaultdict(dict)
    for item in error.errors():
        index = item["loc"][0]
        assert isinstance(index, int)
        per_rij[index].setdefault(_field(item["loc"][1:]), str(item["msg"]))
    goed = [(i, row) for i, row in enumerate(rows) if i not in per_rij]
    valid = SIGNALEN.validate_python([row for _, row in goed])
    fouten = [
        (index + eerste, veld, reden)
        for index in sorted(per_rij)
        for veld, reden in per_rij[index].items()
    ]
    return Gelezen(
        [(i + eerste, s) for (i, _), s in zip(goed, valid, strict=True)], fouten, len(rows)
    )


def lees(formaat: str, body: bytes, *, max_rijen: int) -> Gelezen:
    """A batch body read and validated; 400/413 problems for a wrong header, no array, too
    many rows."""
    if formaat == "csv":
        return valideer(lees_csv(body, max_rijen=max_rijen))
    if body.count(b"{") <= max_rijen:
        # At most `max_rijen` objects: validate straight from the bytes (no dicts in between).
        try:
            signalen = SIGNALEN.validate_json(body)
        except ValidationError as error:
            if all(e["loc"] and isinstance(e["loc"][0], int) for e in error.errors()):
                # Only rows are wrong: report them, validate the others once more.
                return _met_fouten(lees_json(body, max_rijen=max_rijen), error)
        else:
            if signalen:
                return Gelezen([(i + 1, s) for i, s in enumerate(signalen)], [], len(signalen))
    # Not an array of objects, empty, or more objects than allowed: say which.
    return valideer(lees_json(body, max_rijen=max_rijen))


def lees_json(body: bytes, *, max_rijen: int) -> list[Any]:
    """The rows of a JSON array; 400 when it is not one, 413 when it holds too many."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise InvalidInput(
            "De body is geen geldige JSON.",
            invalid_params=[InvalidParam(name="body", reason=str(error))],
        ) from None
    if not isinstance(document, list) or not document:
        raise InvalidInput(
            "Een batch is een JSON-array met minstens één signaal.",
            invalid_params=[InvalidParam(name="body", reason="Verwacht een niet-lege array.")],
        )
    _check_aantal(len(document), max_rijen)
    return document


def _check_aantal(aantal: int, max_rijen: int) -> None:
    if aantal > max_rijen:
        raise PayloadTooLarge(f"Een batch heeft hoogstens {max_rijen} signalen, niet {aantal}.")


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            "Een CSV-bestand moet UTF-8 zijn.",
            invalid_params=[InvalidParam(name="body", reason="Geen geldige UTF-8.")],
        ) from None


def csv_kop(body: bytes) -> tuple[str, list[str]]:
    """The separator and header of a CSV body; 400 listing the expected columns if wrong."""
    text = _decode(body)
    eerste = text.split("\n", 1)[0].rstrip("\r")
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    kop = [kolom.strip() for kolom in eerste.split(scheiding)]
    onbekend = [k for k in kop if k not in CSV_KOLOMMEN]
    ontbrekend = sorted(CSV_VERPLICHT - set(kop))
    dubbel = sorted({k for k in kop if kop.count(k) > 1})
    if onbekend or ontbrekend or dubbel:
        params = [InvalidParam(name=k, reason="Onbekende kolom.") for k in onbekend]
        params += [InvalidParam(name=k, reason="Verplichte kolom ontbreekt.") for k in ontbrekend]
        params += [InvalidParam(name=k, reason="Kolom staat er dubbel in.") for k in dubbel]
        raise InvalidInput(
            "De kopregel van het CSV-bestand klopt niet. Verwachte kolommen (verplicht: "
            + ", ".join(sorted(CSV_VERPLICHT))
            + "): "
            + ";".join(CSV_KOLOMMEN),
            invalid_params=params,
            allowed=list(CSV_KOLOMMEN),
        )
    return scheiding, kop


def _cel(kolom: str, waarde: str) -> Any:
    waarde = waarde.strip()
    if kolom in _DATUM_KOLOMMEN:
        try:
            return parse_dutch_date(waarde).isoformat()
        except ValueError:
            return waarde  # the TypeAdapter reports it with the field name
    if kolom in _BOOL_KOLOMMEN:
        lower = waarde.lower()
        return True if lower in _WAAR else False if lower in _ONWAAR else waarde
    if kolom == "huisnummer":
        return int(waarde) if waarde.isascii() and waarde.isdigit() else waarde
    if kolom == "bedrag":
        return _bedrag(waarde)
    return waarde


def _bedrag(waarde: str) -> str:
    """A CSV amount in the notation the TypeAdapter reads (`1250.50`): a decimal comma with
    optional thousands dots (`1.250,50`), or thousands dots alone (`1.250`, `1.250.000`).
    Anything else is left for the TypeAdapter to accept or report."""
    if "," in waarde:
        if _DUTCH_AMOUNT.fullmatch(waarde):
            return waarde.replace(".", "").replace(",", ".")
    elif _DUIZENDTALLEN.fullmatch(waarde):
        return waarde.replace(".", "")
    return waarde


def _csv_records(body: bytes) -> Iterator[list[str]]:
    """The non-blank data records of a CSV body, one at a time (the header checked first)."""
    scheiding, _ = csv_kop(body)
    reader = csv.reader(io.StringIO(_decode(body), newline=""), delimiter=scheiding)
    next(reader)
    return (record for record in reader if any(cel.strip() for cel in record))


def _csv_rij(kop: list[str], record: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for kolom, waarde in zip(kop, record, strict=False):
        if waarde.strip():
            row[kolom] = _cel(kolom, waarde)
    if len(record) > len(kop):
        row["_teVeel"] = len(record) - len(kop)  # forbidden extra key: reported per row
    return row


def _geen_csv_rijen() -> InvalidInput:
    return InvalidInput(
        "Het CSV-bestand bevat geen signalen.",
        invalid_params=[InvalidParam(name="body", reason="Alleen een kopregel.")],
    )


def lees_csv(body: bytes, *, max_rijen: int) -> list[dict[str, Any]]:
    """The data rows of a CSV body as dicts; empty cells are left out (absent)."""
    _, kop = csv_kop(body)
    rows: list[dict[str, Any]] = []
    for record in _csv_records(body):
        rows.append(_csv_rij(kop, record))
        _check_aantal(len(rows), max_rijen)
    if not rows:
        raise _geen_csv_rijen()
    return rows


# Reading a body a chunk at a time (the batch worker).


def _geen_array() -> InvalidInput:
    return InvalidInput(
        "Een batch is een JSON-array met minstens één signaal.",
        invalid_params=[
            InvalidParam(name="body", reason="Verwacht een niet-lege array van objecten.")
        ],
    )


def _json_elementen(body: bytes) -> Iterator[Any]:
    """The elements of a JSON array, one at a time (ijson's C parser; numbers as orjson reads
    them). Raises ijson.JSONError where the body stops being JSON."""
    elementen: Iterator[Any] = ijson.items(body, "item", use_float=True)
    return elementen


# A row is an object of scalars (depth 2 in the array); deeper is a row error up to this depth
# and refuses the whole body beyond it: ijson's item builder tracks each event's path, which
# costs memory and time quadratic in the depth (20,000 levels: about 1 GB).
_MAX_DIEPTE = 32
_OPEN = frozenset({"start_map", "start_array"})
_DICHT = frozenset({"end_map", "end_array"})


def _json_toppen(body: bytes) -> Iterator[None]:
    """One None per element of the array, from ijson's events without paths (linear in the
    depth); ijson.JSONError beyond `_MAX_DIEPTE` levels or where the body stops being JSON."""
    diepte = 0
    for event, _ in ijson.basic_parse(body, use_float=True):
        if event in _OPEN:
            diepte += 1
            if diepte == 2:
                yield None
            elif diepte > _MAX_DIEPTE:
                raise ijson.JSONError(f"nesting deeper than {_MAX_DIEPTE} levels")
        elif event in _DICHT:
            diepte -= 1
        elif diepte == 1:
            yield None


def _leesfout(error: Exception, rij: int) -> InvalidInput:
    """A 400 for a body the parser stops reading at (or just after) row `rij`."""
    if isinstance(error, csv.Error):
        titel, bericht = "Het CSV-bestand is niet te lezen.", str(error)
    else:
        # Only ijson's first line: the lines after it quote the body (personal data).
        tekst = error.args[0] if error.args else ""
        if isinstance(tekst, bytes):
            tekst = tekst.decode("utf-8", "replace")
        titel, bericht = "De body is geen geldige JSON.", (str(tekst).strip() or "?")
    eerste_regel = bericht.splitlines()[0][:200]
    return InvalidInput(
        titel,
        invalid_params=[InvalidParam(name="body", reason=f"Rond rij {rij}: {eerste_regel}")],
    )


def _rijen(formaat: str, body: bytes) -> Iterator[Any]:
    if formaat == "csv":
        _, kop = csv_kop(body)
        return (_csv_rij(kop, record) for record in _csv_records(body))
    return _json_elementen(body)


def tel(formaat: str, body: bytes, *, max_rijen: int) -> int:
    """The number of rows in a body, read once without keeping any: 400 when it is not a
    non-empty JSON array (or not well-formed JSON, or a CSV without data rows), 413 above
    `max_rijen`. Memory: one row at a time."""
    if formaat != "csv" and not _lijkt_array(body):
        raise _geen_array()
    records = _csv_records(body) if formaat == "csv" else _json_toppen(body)
    aantal = 0
    try:
        for _ in records:
            aantal += 1
            _check_aantal(aantal, max_rijen)
    except (csv.Error, ijson.JSONError) as error:
        # CSV: the record after the last one read; JSON: the element being read (or the last).
        raise _leesfout(error, aantal + 1 if formaat == "csv" else max(aantal, 1)) from None
    if not aantal:
        raise _geen_csv_rijen() if formaat == "csv" else _geen_array()
    return aantal


def stukken(formaat: str, body: bytes, *, vanaf: int, stap: int) -> Iterator[tuple[int, list[Any]]]:
    """The rows after the first `vanaf`, `stap` at a time, each chunk with the number of its
    first row (from 1). Only one chunk of rows (dicts) is alive at a time; `tel` has read the
    body before, so the parser's errors are not expected here (they are raised as 400s)."""
    rijen = _rijen(formaat, body)
    gelezen = 0
    try:
        for _ in itertools.islice(rijen, vanaf):
            gelezen += 1
        while chunk := list(itertools.islice(rijen, stap)):
            yield gelezen + 1, chunk
            gelezen += len(chunk)
    except (csv.Error, ijson.JSONError) as error:
        raise _leesfout(error, gelezen + 1) from None


_JSON_BEGIN = re.compile(rb"[ \t\r\n]*\[[ \t\r\n]*\{")


def _lijkt_array(body: bytes) -> bool:
    """A JSON body starts with `[` and its first element with `{`, and ends with `]`
    (whitespace aside): checked at once, without parsing or copying the body."""
    eind = len(body)
    while eind and body[eind - 1] in b" \t\r\n":
        eind -= 1
    return _JSON_BEGIN.match(body) is not None and body[eind - 1 : eind] == b"]"


def _grens(formaat: str, body: bytes) -> int:
    """A cheap upper bound on the rows of a body (bytes counted, nothing parsed): a JSON row
    is an object and so has a `{`; a CSV record ends at a line break."""
    if formaat == "csv":
        # Records (header included) <= breaks + 1, one fewer when the body ends with a break.
        breaks = body.count(b"\n") + body.count(b"\r") - body.count(b"\r\n")
        return breaks - (1 if body.endswith((b"\n", b"\r")) else 0)
    return body.count(b"{")


def controleer(formaat: str, body: bytes, *, max_rijen: int) -> None:
    """What the upload checks before its 202, cheaply: a CSV body is UTF-8 with a right header
    (400 listing the columns), a JSON body looks like an array of objects (400); more rows than
    `max_rijen` is a 413. Rows are counted only when the bound on them (bytes counted) is
    above `max_rijen`. The rest (well-formed JSON, every row) is the worker's: a JSON body
    that is not well-formed ends the batch `mislukt` with the reason in its report."""
    if formaat == "csv":
        csv_kop(body)
    elif not _lijkt_array(body):
        raise _geen_array()
    if _grens(formaat, body) > max_rijen:
        tel(formaat, body, max_rijen=max_rijen)
