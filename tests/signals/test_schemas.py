"""The signal model: the e-mail fast path accepts exactly what EmailStr accepts, unchanged."""

from __future__ import annotations

import pytest
from pydantic import EmailStr, TypeAdapter, ValidationError

from services.signals.schemas import SignaalCreate
from tests.signals.helpers import signaal

EMAIL_STR: TypeAdapter[str] = TypeAdapter(EmailStr)
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


def _email_str(value: str) -> str | None:
    try:
        return EMAIL_STR.validate_python(value)
    except ValidationError:
        return None


@pytest.mark.parametrize("adres", ADRESSEN)
def test_email_is_accepted_and_normalised_as_email_validator_does(adres: str) -> None:
    verwacht = _email_str(adres)
    if verwacht is None:
        with pytest.raises(ValidationError) as caught:
            SignaalCreate.model_validate(signaal(email=adres))
        assert [e["loc"] for e in caught.value.errors()] == [("email",)]
    else:
        assert SignaalCreate.model_validate(signaal(email=adres)).email == verwacht


def test_email_must_be_text() -> None:
    with pytest.raises(ValidationError):
        SignaalCreate.model_validate(signaal(email=12))
