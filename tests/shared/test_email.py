"""E-mail addresses: the fast path for the usual shape accepts exactly what EmailStr accepts,
normalised the same way; everything else is left to email-validator."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import EmailStr, TypeAdapter, ValidationError

from shared.contracts.handoffs import Persoon
from shared.types import _GEWOON_ADRES, EmailAdres

EMAIL_STR: TypeAdapter[str] = TypeAdapter(EmailStr)
EMAIL_ADRES: TypeAdapter[str] = TypeAdapter(EmailAdres)
ADRESSEN = [
    "j.vandijk@example.nl",
    "Jan.Van-Dijk+post@gemeente.amstelveen.nl",
    "a@b.co",
    "A.B@Example.NL",  # upper-case host: normalised by EmailStr
    " a@b.nl",
    "a..b@x.nl",
    ".a@x.nl",
    "a.@x.nl",
    "a@x.test",
    "a@x.localhost",
    "a@localhost",
    "a@x.local",
    "a@x",
    "a@-x.nl",
    "a@x-.nl",
    "a@a--b.nl",
    "jan@xn--bcher-kva.de",
    "j@münchen.de",
    '"q"@x.nl',
    "x" * 65 + "@x.nl",
    "a@" + "x" * 64 + ".nl",
    "a@" + ".".join(["x" * 60] * 5) + ".nl",
    "a@x.n1",
    "Jan <jan@x.nl>",
    "",
    "@x.nl",
]


def email_str(value: object) -> str | None:
    """What EmailStr (email-validator) makes of `value`; None when it refuses it."""
    try:
        return EMAIL_STR.validate_python(value)
    except ValidationError:
        return None


@pytest.mark.parametrize("adres", ADRESSEN)
def test_the_fast_path_accepts_and_normalises_as_email_validator_does(adres: str) -> None:
    verwacht = email_str(adres)
    if verwacht is None:
        with pytest.raises(ValidationError):
            EMAIL_ADRES.validate_python(adres)
    else:
        assert EMAIL_ADRES.validate_python(adres) == verwacht


@pytest.mark.parametrize("adres", ADRESSEN)
def test_a_resident_handed_over_gets_the_same_address_check(adres: str) -> None:
    verwacht = email_str(adres)
    if verwacht is None:
        with pytest.raises(ValidationError) as caught:
            Persoon.model_validate({"achternaam": "Dijk", "email": adres})
        assert [e["loc"] for e in caught.value.errors()] == [("email",)]
    else:
        assert Persoon.model_validate({"achternaam": "Dijk", "email": adres}).email == verwacht


def test_an_address_must_be_text() -> None:
    with pytest.raises(ValidationError):
        EMAIL_ADRES.validate_python(12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(_GEWOON_ADRES, fullmatch=True))
def test_every_address_the_fast_path_takes_is_one_email_validator_takes_unchanged(
    adres: str,
) -> None:
    verwacht = email_str(adres)
    if verwacht is None:
        with pytest.raises(ValidationError):
            EMAIL_ADRES.validate_python(adres)
    else:
        assert EMAIL_ADRES.validate_python(adres) == verwacht == adres
