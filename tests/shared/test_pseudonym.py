"""Pseudonymous person keys."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime
from typing import Any

import pytest

from shared.pseudonym import normalise_achternaam, person_key

KEY = "test-pseudonym-key-0123456789"
ADRES: dict[str, Any] = {
    "achternaam": "van der Berg",
    "geboortedatum": date(1980, 5, 17),
    "postcode": "1181 AA",
    "huisnummer": 12,
}


def test_bsn_key_is_an_hmac_of_the_prefixed_bsn() -> None:
    expected = hmac.new(KEY.encode(), b"bsn:123456782", hashlib.sha256).hexdigest()
    assert person_key(key=KEY, bsn="123456782") == expected


def test_bsn_key_is_the_same_for_every_spelling_of_the_bsn() -> None:
    assert person_key(key=KEY, bsn="1234 56 782") == person_key(key=KEY, bsn="123.456.782")


def test_bsn_key_depends_on_the_secret() -> None:
    other = person_key(key="another-key-0123456789", bsn="123456782")
    assert person_key(key=KEY, bsn="123456782") != other


def test_bsn_wins_over_the_address_tuple() -> None:
    assert person_key(key=KEY, bsn="123456782", **ADRES) == person_key(key=KEY, bsn="123456782")


def test_invalid_bsn_is_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="elfproef"):
        person_key(key=KEY, bsn="123456789", **ADRES)


def test_address_key_is_prefixed_so_it_never_equals_a_bsn_key() -> None:
    message = b"adres:berg|1980-05-17|1181AA|12"
    expected = hmac.new(KEY.encode(), message, hashlib.sha256).hexdigest()
    assert person_key(key=KEY, **ADRES) == expected
    assert len(expected) == 64


@pytest.mark.parametrize(
    "spelling",
    ["Van der Berg", "Berg, van der", "V.D. Berg", "VAN DER BERG", "  van  der   Berg "],
)
def test_address_key_ignores_how_the_surname_prefix_is_written(spelling: str) -> None:
    assert person_key(key=KEY, **{**ADRES, "achternaam": spelling}) == person_key(key=KEY, **ADRES)


def test_address_key_accepts_dutch_or_iso_birth_dates() -> None:
    for written in ("17-05-1980", "17/05/1980", "1980-05-17"):
        assert person_key(key=KEY, **{**ADRES, "geboortedatum": written}) == person_key(
            key=KEY, **ADRES
        )


def test_address_key_refuses_a_datetime_as_birth_date() -> None:
    with pytest.raises(ValueError, match="zonder tijd"):
        person_key(key=KEY, **{**ADRES, "geboortedatum": datetime(1980, 5, 17)})


def test_address_key_differs_for_another_house_number() -> None:
    assert person_key(key=KEY, **{**ADRES, "huisnummer": 14}) != person_key(key=KEY, **ADRES)


def test_incomplete_address_tuple_without_bsn_names_what_is_missing() -> None:
    with pytest.raises(ValueError, match="geboortedatum, huisnummer"):
        person_key(key=KEY, achternaam="Berg", postcode="1181AA")
    with pytest.raises(ValueError, match="achternaam"):
        person_key(key=KEY)


def test_surname_without_letters_is_refused() -> None:
    with pytest.raises(ValueError, match="no letters"):
        person_key(key=KEY, **{**ADRES, "achternaam": "-- 123"})


def test_invalid_postcode_or_house_number_is_refused() -> None:
    with pytest.raises(ValueError, match="1234AB"):
        person_key(key=KEY, **{**ADRES, "postcode": "ABCD"})
    with pytest.raises(ValueError, match="huisnummer"):
        person_key(key=KEY, **{**ADRES, "huisnummer": 0})


def test_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 16"):
        person_key(key="short", bsn="123456782")


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("van der Berg", "berg"),
        ("De Vries", "vries"),
        ("van 't Hek", "hek"),
        ("In het Veld", "veld"),
        ("d'Ancona", "ancona"),
        ("Dijkstra", "dykstra"),
        ("Dykstra", "dykstra"),
        ("Uijt den Bogaard", "bogaard"),
        ("Müller", "muller"),
        ("Strauß", "strauss"),
        ("Çelik", "celik"),
        ("Øster", "oster"),
        ("Jansen-de Vries", "jansendevries"),
        ("Van", "van"),
        ("Ter", "ter"),
    ],
)
def test_surname_is_folded_for_matching(written: str, folded: str) -> None:
    assert normalise_achternaam(written) == folded
