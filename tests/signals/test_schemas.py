"""The signal model: the e-mail fast path accepts exactly what EmailStr accepts, unchanged."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.signals.schemas import SignaalCreate
from tests.shared.test_email import ADRESSEN, email_str
from tests.signals.helpers import signaal


@pytest.mark.parametrize("adres", ADRESSEN)
def test_email_is_accepted_and_normalised_as_email_validator_does(adres: str) -> None:
    verwacht = email_str(adres)
    if verwacht is None:
        with pytest.raises(ValidationError) as caught:
            SignaalCreate.model_validate(signaal(email=adres))
        assert [e["loc"] for e in caught.value.errors()] == [("email",)]
    else:
        assert SignaalCreate.model_validate(signaal(email=adres)).email == verwacht


def test_email_must_be_text() -> None:
    with pytest.raises(ValidationError):
        SignaalCreate.model_validate(signaal(email=12))
