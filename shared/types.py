"""Value types every service shares: BSN, address parts, money, municipality codes and dates.

Each type is an `Annotated` alias usable as a pydantic field type; the plain functions beside them
do the same checks without pydantic. Errors are `ValueError`s with a Dutch message, because
pydantic passes that message on to the API client (residents, staff and creditors read Dutch).
All validators are strict about the Python type: pydantic's lax mode would turn `123456782` into
a BSN, `True` into house number 1 and `1.1` into an inexact amount, and we want none of that.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Final
from zoneinfo import ZoneInfo

from pydantic import (
    EmailStr,
    PlainSerializer,
    PlainValidator,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
)

# `[0-9]` rather than `\d` throughout: `\d` also matches Arabic-Indic and other Unicode digits.

# --- BSN -----------------------------------------------------------------------------------------

_BSN_SEPARATORS = re.compile(r"[ .]")
_NINE_DIGITS = re.compile(r"[0-9]{9}")
_BSN_WEIGHTS: Final = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def normalise_bsn(value: object) -> str:
    """The BSN as nine digits without spaces or dots; ValueError when it is not a valid BSN."""
    if not isinstance(value, str):
        # A number loses leading zeros, so a BSN only ever travels as text.
        raise ValueError("Een BSN moet als tekst worden aangeleverd.")
    digits = _BSN_SEPARATORS.sub("", value.strip())
    if not _NINE_DIGITS.fullmatch(digits):
        raise ValueError("Een BSN bestaat uit precies negen cijfers.")
    if digits == "000000000":
        # Passes the eleven-test arithmetically but is never issued.
        raise ValueError("BSN 000000000 bestaat niet.")
    if sum(w * int(c) for w, c in zip(_BSN_WEIGHTS, digits, strict=True)) % 11:
        raise ValueError("BSN voldoet niet aan de elfproef.")
    return digits


def is_valid_bsn(value: object) -> bool:
    """Whether the value is a valid BSN (nine digits, eleven-test, not all zeros)."""
    try:
        normalise_bsn(value)
    except ValueError:
        return False
    return True


Bsn = Annotated[
    str,
    PlainValidator(normalise_bsn),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9]{9}$",
            "description": "Burgerservicenummer: negen cijfers die aan de elfproef voldoen.",
            "examples": ["111222333"],
        }
    ),
]

# --- Address -------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
# Never issued by PostNL because of their associations with the Second World War.
_UNISSUED_POSTCODE_LETTERS: Final = frozenset({"SA", "SD", "SS"})
_WHITESPACE = re.compile(r"\s+")
_ONE_LETTER = re.compile(r"[A-Z]")
_TOEVOEGING = re.compile(r"[0-9A-Z]{1,4}")
HUISNUMMER_MAX: Final = 99999


def normalise_postcode(value: object) -> str:
    """The postcode as `1234AB` (spaces removed, letters upper case); ValueError when invalid."""
    if not isinstance(value, str):
        raise ValueError("Een postcode moet als tekst worden aangeleverd.")
    compact = _WHITESPACE.sub("", value).upper()
    if not _POSTCODE.fullmatch(compact):
        raise ValueError("Een postcode heeft de vorm 1234AB.")
    if compact[4:] in _UNISSUED_POSTCODE_LETTERS:
        raise ValueError(f"Postcodes met de letters {compact[4:]} worden niet uitgegeven.")
    return compact


def is_valid_postcode(value: object) -> bool:
    """Whether the value is a Dutch postcode that can exist."""
    try:
        normalise_postcode(value)
    except ValueError:
        return False
    return True


def validate_huisnummer(value: object) -> int:
    """The house number as an int from 1 to 99999; bools, floats and text are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("Een huisnummer moet een geheel getal zijn.")
    if not 1 <= value <= HUISNUMMER_MAX:
        raise ValueError(f"Een huisnummer ligt tussen 1 en {HUISNUMMER_MAX}.")
    return value


def normalise_huisletter(value: object) -> str:
    """The house letter as one upper-case letter A-Z."""
    if not isinstance(value, str) or not _ONE_LETTER.fullmatch(value.strip().upper()):
        raise ValueError("Een huisletter is één letter A-Z.")
    return value.strip().upper()


def normalise_huisnummertoevoeging(value: object) -> str:
    """The house number addition as one to four upper-case letters or digits."""
    if not isinstance(value, str) or not _TOEVOEGING.fullmatch(value.strip().upper()):
        raise ValueError("Een huisnummertoevoeging is één tot vier letters of cijfers.")
    return value.strip().upper()


def adres_sleutel(
    postcode: str,
    huisnummer: int,
    *,
    huisletter: str | None = None,
    huisnummertoevoeging: str | None = None,
) -> str:
    """One address as a normalised key, e.g. `1181AA 12A-BIS`, for matching and grouping."""
    key = f"{normalise_postcode(postcode)} {validate_huisnummer(huisnummer)}"
    if huisletter is not None:
        key += normalise_huisletter(huisletter)
    if huisnummertoevoeging is not None:
        # The dash keeps "12" + letter "A" apart from "12" + addition "A".
        key += "-" + normalise_huisnummertoevoeging(huisnummertoevoeging)
    return key


Postcode = Annotated[
    str,
    PlainValidator(normalise_postcode),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[1-9][0-9]{3} ?[A-Za-z]{2}$",
            "description": "Postcode; wordt opgeslagen en teruggegeven als 1234AB.",
            "examples": ["1181AA"],
        }
    ),
]
Huisnummer = Annotated[
    int,
    PlainValidator(validate_huisnummer),
    WithJsonSchema(
        {"type": "integer", "minimum": 1, "maximum": HUISNUMMER_MAX, "examples": [12]},
    ),
]
Huisletter = Annotated[
    str,
    PlainValidator(normalise_huisletter),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]$", "examples": ["A"]}),
]
Huisnummertoevoeging = Annotated[
    str,
    PlainValidator(normalise_huisnummertoevoeging),
    WithJsonSchema({"type": "string", "pattern": "^[0-9A-Za-z]{1,4}$", "examples": ["2"]}),
]

# --- Money ---------------------------------------------------------------------------------------

CENT: Final = Decimal("0.01")
# Fits NUMERIC(14, 2) with room to spare; anything larger is a typing error, not a debt.
MAX_BEDRAG: Final = Decimal("999999999999.99")
_AMOUNT_TEXT = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_BEDRAG_EXAMPLE: Final = "1250.50"


def money(value: object) -> Decimal:
    """An amount as Decimal with two places, rounded half up; floats are refused."""
    if isinstance(value, float | bool):
        # A float has already lost the exact cents (1.1 is 1.100000000000000088...).
        raise ValueError('Een bedrag moet als tekst ("12.50") of geheel getal worden aangeleverd.')
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str) and _AMOUNT_TEXT.fullmatch(value.strip()):
        amount = Decimal(value.strip())
    else:
        raise ValueError('Een bedrag is een getal met een punt als decimaalteken, zoals "12.50".')
    if not amount.is_finite() or amount.copy_abs() >= MAX_BEDRAG + CENT / 2:
        raise ValueError(f"Een bedrag ligt tussen -{MAX_BEDRAG} en {MAX_BEDRAG}.")
    # Adding zero turns -0.00 into 0.00, so a zero amount has one spelling.
    return amount.quantize(CENT, rounding=ROUND_HALF_UP) + 0


def non_negative_money(value: object) -> Decimal:
    """Like `money`, but refuses amounts below zero."""
    amount = money(value)
    if amount < 0:
        raise ValueError("Een bedrag mag niet negatief zijn.")
    return amount


def to_whole_euros(amount: Decimal) -> int:
    """The amount in whole euros, rounded half up (away from zero), as the DDAS export wants."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _bedrag_json(amount: Decimal) -> str:
    return format(amount, "f")


def _bedrag_schemas(
    accepted_pattern: str, returned_pattern: str, description: str
) -> tuple[WithJsonSchema, WithJsonSchema]:
    # Clients send text or a whole number; we always answer with text, so no client ever
    # parses an amount into a binary float and shows 0.30000000000000004.
    accepted = {
        "anyOf": [{"type": "string", "pattern": accepted_pattern}, {"type": "integer"}],
        "description": description + " Invoer als tekst of geheel getal; geen kommagetal.",
        "examples": [_BEDRAG_EXAMPLE],
    }
    returned = {
        "type": "string",
        "pattern": returned_pattern,
        "description": description + " Altijd als tekst met twee decimalen.",
        "examples": [_BEDRAG_EXAMPLE],
    }
    return WithJsonSchema(accepted, mode="validation"), WithJsonSchema(
        returned, mode="serialization"
    )


_BEDRAG_IN, _BEDRAG_OUT = _bedrag_schemas(
    "^[+-]?[0-9]+(\\.[0-9]+)?$", "^-?[0-9]+\\.[0-9]{2}$", "Bedrag in euro."
)
_NON_NEGATIVE_IN, _NON_NEGATIVE_OUT = _bedrag_schemas(
    "^[+]?[0-9]+(\\.[0-9]+)?$", "^[0-9]+\\.[0-9]{2}$", "Bedrag in euro, niet negatief."
)
_BEDRAG_SERIALIZER = PlainSerializer(_bedrag_json, return_type=str, when_used="json")

Bedrag = Annotated[Decimal, PlainValidator(money), _BEDRAG_SERIALIZER, _BEDRAG_IN, _BEDRAG_OUT]
NonNegativeBedrag = Annotated[
    Decimal,
    PlainValidator(non_negative_money),
    _BEDRAG_SERIALIZER,
    _NON_NEGATIVE_IN,
    _NON_NEGATIVE_OUT,
]

# --- Municipality --------------------------------------------------------------------------------

_GEMEENTECODE = re.compile(r"GM[0-9]{4}")
AMSTELVEEN: Final = "GM0362"


def validate_gemeentecode(value: object) -> str:
    """The CBS municipality code, `GM` and four digits."""
    if not isinstance(value, str) or not _GEMEENTECODE.fullmatch(value):
        raise ValueError("Een gemeentecode heeft de vorm GM0362.")
    return value


Gemeentecode = Annotated[
    str,
    PlainValidator(validate_gemeentecode),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^GM[0-9]{4}$",
            "description": "CBS-gemeentecode.",
            "examples": [AMSTELVEEN],
        }
    ),
]

# --- Dates and instants --------------------------------------------------------------------------

AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DUTCH_DATE = re.compile(r"(?P<d>[0-9]{1,2})(?P<sep>[-/])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})")


def today() -> date:
    """Today's date in the Netherlands; tests monkeypatch this to freeze the clock."""
    return datetime.now(AMSTERDAM).date()


def utcnow() -> datetime:
    """The current instant as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


def strict_date(value: object) -> date:
    """A date from a `date` or an ISO `YYYY-MM-DD` string; numbers, bools and datetimes refused."""
    if isinstance(value, datetime):
        # datetime subclasses date; silently dropping the time would hide a modelling error.
        raise ValueError("Verwacht een datum zonder tijd.")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} is geen bestaande datum.") from None
    raise ValueError("Een datum heeft de vorm JJJJ-MM-DD.")


def past_or_today(value: object) -> date:
    """Like `strict_date`, but refuses a date after today (Europe/Amsterdam)."""
    result = strict_date(value)
    if result > today():
        raise ValueError("De datum mag niet in de toekomst liggen.")
    return result


def parse_dutch_date(value: str) -> date:
    """A date written as `31-12-2025`, `31/12/2025` or ISO `2025-12-31`."""
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        return strict_date(text)
    match = _DUTCH_DATE.fullmatch(text)
    if match is None:
        raise ValueError("Een datum heeft de vorm DD-MM-JJJJ, DD/MM/JJJJ of JJJJ-MM-DD.")
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise ValueError(f"{text} is geen bestaande datum.") from None


def age_on(birth_date: date, on: date) -> int:
    """Age in whole years on a date; someone born on 29 February turns a year older on 1 March."""
    if on < birth_date:
        raise ValueError("De peildatum ligt voor de geboortedatum.")
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


_DATE_SCHEMA = {"type": "string", "format": "date", "examples": ["2025-12-31"]}
# Explicit, because the serializer PlainValidator keeps for `date` warns on every JSON dump
# (pydantic 2.14 checks the ISO text it produced against the `date` schema).
_DATE_SERIALIZER = PlainSerializer(date.isoformat, return_type=str, when_used="json")

StrictDate = Annotated[
    date, PlainValidator(strict_date), _DATE_SERIALIZER, WithJsonSchema(_DATE_SCHEMA)
]
PastOrTodayDate = Annotated[
    date,
    PlainValidator(past_or_today),
    _DATE_SERIALIZER,
    WithJsonSchema({**_DATE_SCHEMA, "description": "Een datum, niet later dan vandaag."}),
]


# --- E-mail -------------------------------------------------------------------------------------

# The common shape of an address (ASCII dot-atom, lower-case host name of at least two labels,
# a letter TLD): accepted as it is, exactly as email-validator would accept and normalise it.
# Everything else goes through EmailStr (email-validator), which costs about 60 us per address:
# a third of the validation time of a 100,000-signal batch, a sixth of a melding registration.
_GEWOON_ADRES = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64})*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)
# Special-use names email-validator refuses (RFC 6761 and its own list).
_SPECIAAL = ("arpa", "invalid", "local", "localhost", "onion", "test")


def _email(value: Any, handler: ValidatorFunctionWrapHandler) -> str:
    if (
        isinstance(value, str)
        and len(value) <= 254
        and _GEWOON_ADRES.fullmatch(value)
        and value.index("@") <= 64
        and "--" not in value.rpartition("@")[2]
        and value.rpartition(".")[2] not in _SPECIAAL
    ):
        return value
    result: str = handler(value)
    return result


EmailAdres = Annotated[EmailStr, WrapValidator(_email)]
