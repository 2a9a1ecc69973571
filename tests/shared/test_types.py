"""Value types: BSN, address parts, money, municipality codes and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from shared import types
from shared.types import (
    AMSTELVEEN,
    Bedrag,
    Bsn,
    Gemeentecode,
    Huisletter,
    Huisnummer,
    Huisnummertoevoeging,
    NonNegativeBedrag,
    PastOrTodayDate,
    Postcode,
    StrictDate,
    adres_sleutel,
    age_on,
    is_valid_bsn,
    is_valid_postcode,
    money,
    non_negative_money,
    normalise_bsn,
    normalise_postcode,
    parse_dutch_date,
    to_whole_euros,
    utcnow,
)


class Persoon(BaseModel):
    bsn: Bsn


class Adres(BaseModel):
    postcode: Postcode
    huisnummer: Huisnummer
    huisletter: Huisletter | None = None
    toevoeging: Huisnummertoevoeging | None = None


class Schuld(BaseModel):
    bedrag: Bedrag
    openstaand: NonNegativeBedrag


class Zaak(BaseModel):
    gemeente: Gemeentecode


class Melding(BaseModel):
    geboortedatum: PastOrTodayDate
    peildatum: StrictDate | None = None


# --- BSN -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_bsn_passing_the_eleven_test_is_valid(bsn: str) -> None:
    assert is_valid_bsn(bsn)
    assert normalise_bsn(bsn) == bsn


@pytest.mark.parametrize("text", ["1234 56 782", "123.456.782", " 123456782 "])
def test_bsn_spaces_and_dots_are_removed(text: str) -> None:
    assert normalise_bsn(text) == "123456782"


def test_bsn_all_zero_is_refused() -> None:
    assert not is_valid_bsn("000000000")
    with pytest.raises(ValueError, match="bestaat niet"):
        normalise_bsn("000000000")


@pytest.mark.parametrize("bsn", ["123456789", "111222334"])
def test_bsn_failing_the_eleven_test_is_refused(bsn: str) -> None:
    with pytest.raises(ValueError, match="elfproef"):
        normalise_bsn(bsn)


@pytest.mark.parametrize("bsn", ["12345678", "1234567820", "", "12345678A", "١٢٣٤٥٦٧٨٢"])
def test_bsn_not_nine_ascii_digits_is_refused(bsn: str) -> None:
    assert not is_valid_bsn(bsn)
    with pytest.raises(ValueError, match="negen cijfers"):
        normalise_bsn(bsn)


@pytest.mark.parametrize("bsn", [123456782, True, None, b"123456782"])
def test_bsn_that_is_not_text_is_refused(bsn: object) -> None:
    assert not is_valid_bsn(bsn)
    with pytest.raises(ValueError, match="tekst"):
        normalise_bsn(bsn)


def test_bsn_field_normalises_and_refuses_an_int() -> None:
    assert Persoon(bsn="111 222 333").bsn == "111222333"
    with pytest.raises(ValidationError, match="tekst"):
        Persoon.model_validate({"bsn": 123456782})
    with pytest.raises(ValidationError, match="elfproef"):
        Persoon.model_validate_json('{"bsn": "123456789"}')


def test_bsn_json_schema_has_pattern_and_example() -> None:
    schema = Persoon.model_json_schema()["properties"]["bsn"]
    assert schema["type"] == "string"
    assert schema["pattern"] == "^[0-9]{9}$"
    assert schema["examples"] == ["111222333"]


# --- Address -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1234 ab", "1234AB", " 1234  aB "])
def test_postcode_is_normalised_to_four_digits_and_two_capitals(text: str) -> None:
    assert normalise_postcode(text) == "1234AB"


@pytest.mark.parametrize("text", ["1181SA", "1181 sd", "1181SS"])
def test_postcode_letters_never_issued_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="niet uitgegeven"):
        normalise_postcode(text)


@pytest.mark.parametrize("text", ["0123AB", "123AB", "12345AB", "1234A", "1234-AB", "ABCD12"])
def test_postcode_in_another_form_is_refused(text: str) -> None:
    assert not is_valid_postcode(text)


def test_postcode_field_refuses_a_number() -> None:
    assert Adres(postcode="1181 aa", huisnummer=1).postcode == "1181AA"
    with pytest.raises(ValidationError, match="tekst"):
        Adres.model_validate({"postcode": 1181, "huisnummer": 1})


@pytest.mark.parametrize("huisnummer", [1, 12, 99999])
def test_huisnummer_from_one_to_99999_is_accepted(huisnummer: int) -> None:
    assert Adres(postcode="1181AA", huisnummer=huisnummer).huisnummer == huisnummer


@pytest.mark.parametrize("huisnummer", [0, -1, 100000, True, "12", 12.0])
def test_huisnummer_out_of_range_or_not_an_int_is_refused(huisnummer: object) -> None:
    with pytest.raises(ValidationError):
        Adres.model_validate({"postcode": "1181AA", "huisnummer": huisnummer})


def test_huisletter_and_toevoeging_are_upper_cased() -> None:
    adres = Adres(postcode="1181AA", huisnummer=12, huisletter="a", toevoeging="bis")
    assert (adres.huisletter, adres.toevoeging) == ("A", "BIS")


@pytest.mark.parametrize(("huisletter", "toevoeging"), [("AB", None), ("1", None), (None, "12345")])
def test_huisletter_or_toevoeging_too_long_is_refused(
    huisletter: str | None, toevoeging: str | None
) -> None:
    with pytest.raises(ValidationError):
        Adres(postcode="1181AA", huisnummer=12, huisletter=huisletter, toevoeging=toevoeging)


def test_adres_sleutel_keeps_letter_and_addition_apart() -> None:
    assert adres_sleutel("1181 aa", 12) == "1181AA 12"
    assert adres_sleutel("1181AA", 12, huisletter="a") == "1181AA 12A"
    assert adres_sleutel("1181AA", 12, huisnummertoevoeging="a") == "1181AA 12-A"
    assert adres_sleutel("1181AA", 12, huisletter="B", huisnummertoevoeging="2") == "1181AA 12B-2"


# --- Money ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.50", Decimal("12.50")),
        ("12", Decimal("12.00")),
        (12, Decimal("12.00")),
        (Decimal("1.1"), Decimal("1.10")),
        ("0.005", Decimal("0.01")),
        ("0.004", Decimal("0.00")),
        ("2.675", Decimal("2.68")),
        ("-0.005", Decimal("-0.01")),
        ("-0.001", Decimal("0.00")),
    ],
)
def test_money_has_two_places_rounded_half_up(value: object, expected: Decimal) -> None:
    result = money(value)
    assert result == expected
    assert result.as_tuple().exponent == -2
    assert not result.is_signed() or result < 0


@pytest.mark.parametrize("value", [1.1, 0.0, True, None, "12,50", "1e3", "NaN", "", "€12"])
def test_money_refuses_floats_and_ambiguous_text(value: object) -> None:
    with pytest.raises(ValueError, match="bedrag"):
        money(value)


def test_money_refuses_absurd_amounts() -> None:
    assert money("999999999999.99") == Decimal("999999999999.99")
    with pytest.raises(ValueError, match="ligt tussen"):
        money("999999999999.995")
    with pytest.raises(ValueError, match="ligt tussen"):
        money(Decimal("Infinity"))


def test_non_negative_money_refuses_negative_amounts() -> None:
    assert non_negative_money("0") == Decimal("0.00")
    with pytest.raises(ValueError, match="negatief"):
        non_negative_money("-0.01")


@pytest.mark.parametrize(
    ("amount", "euros"),
    [("12.49", 12), ("12.50", 13), ("0.50", 1), ("-2.50", -3), ("1234.00", 1234)],
)
def test_whole_euros_round_half_up(amount: str, euros: int) -> None:
    assert to_whole_euros(Decimal(amount)) == euros


def test_bedrag_field_refuses_a_json_float_and_serialises_as_text() -> None:
    schuld = Schuld.model_validate_json('{"bedrag": "1250.5", "openstaand": 3}')
    assert schuld.bedrag == Decimal("1250.50")
    assert schuld.model_dump_json() == '{"bedrag":"1250.50","openstaand":"3.00"}'
    assert schuld.model_dump()["bedrag"] == Decimal("1250.50")
    with pytest.raises(ValidationError, match="tekst"):
        Schuld.model_validate_json('{"bedrag": 1250.5, "openstaand": "0"}')
    with pytest.raises(ValidationError, match="negatief"):
        Schuld.model_validate({"bedrag": "1", "openstaand": "-1"})


def test_bedrag_json_schema_accepts_text_or_integer_and_returns_text() -> None:
    accepted = Schuld.model_json_schema(mode="validation")["properties"]["bedrag"]
    returned = Schuld.model_json_schema(mode="serialization")["properties"]["bedrag"]
    assert [s["type"] for s in accepted["anyOf"]] == ["string", "integer"]
    assert returned["type"] == "string"
    assert returned["pattern"] == "^-?[0-9]+\\.[0-9]{2}$"
    assert returned["examples"] == ["1250.50"]


# --- Municipality --------------------------------------------------------------------------------


def test_gemeentecode_is_gm_and_four_digits() -> None:
    assert Zaak(gemeente=AMSTELVEEN).gemeente == "GM0362"
    for bad in ("0362", "GM362", "gm0362", "GM03620", 362):
        with pytest.raises(ValidationError, match="GM0362"):
            Zaak.model_validate({"gemeente": bad})


# --- Dates ---------------------------------------------------------------------------------------


def test_past_or_today_date_accepts_today_and_refuses_tomorrow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(types, "today", lambda: date(2025, 6, 1))
    melding = Melding.model_validate({"geboortedatum": "2025-06-01"})
    assert melding.geboortedatum == date(2025, 6, 1)
    with pytest.raises(ValidationError, match="toekomst"):
        Melding.model_validate({"geboortedatum": "2025-06-02"})


@pytest.mark.parametrize(
    "value", [0, True, 20250101, "01-01-2025", "2025-02-30", datetime(2025, 1, 1, tzinfo=UTC)]
)
def test_dates_are_parsed_strictly(value: object) -> None:
    with pytest.raises(ValidationError):
        Melding.model_validate({"geboortedatum": "2000-01-01", "peildatum": value})


def test_date_field_serialises_as_iso_text() -> None:
    melding = Melding(geboortedatum=date(2000, 1, 31), peildatum=date(2025, 1, 1))
    assert melding.model_dump_json() == '{"geboortedatum":"2000-01-31","peildatum":"2025-01-01"}'
    schema = Melding.model_json_schema()["properties"]["geboortedatum"]
    assert schema["format"] == "date"


def test_today_is_the_date_in_amsterdam() -> None:
    assert types.today() in {datetime.now(types.AMSTERDAM).date(), utcnow().date()}


def test_utcnow_is_timezone_aware_utc() -> None:
    assert utcnow().utcoffset() is not None
    assert utcnow().tzinfo is UTC


@pytest.mark.parametrize("text", ["31-12-2025", "31/12/2025", "2025-12-31", " 31-12-2025 "])
def test_dutch_and_iso_dates_are_parsed(text: str) -> None:
    assert parse_dutch_date(text) == date(2025, 12, 31)


def test_dutch_date_with_single_digits_is_parsed() -> None:
    assert parse_dutch_date("1-2-2025") == date(2025, 2, 1)


@pytest.mark.parametrize("text", ["31-12/2025", "2025/12/31", "31.12.2025", "31-02-2025", "x"])
def test_unknown_or_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="datum"):
        parse_dutch_date(text)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2000, 6, 15), date(2025, 6, 14), 24),
        (date(2000, 6, 15), date(2025, 6, 15), 25),
        (date(2004, 2, 29), date(2025, 2, 28), 20),
        (date(2004, 2, 29), date(2025, 3, 1), 21),
        (date(2025, 1, 1), date(2025, 1, 1), 0),
    ],
)
def test_age_on_counts_whole_years(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def test_age_before_birth_is_refused() -> None:
    with pytest.raises(ValueError, match="geboortedatum"):
        age_on(date(2025, 1, 2), date(2025, 1, 1))
