"""Resolving who a signal is about: BSN key, exact address key, twins, fuzzy and grey zone."""

from __future__ import annotations

from datetime import date

from services.signals.identiteit import los_op
from services.signals.matching import Persoon, naam_sleutel
from services.signals.schemas import SignaalCreate
from tests.signals.helpers import BSN_A, signaal

KEY = "test-pseudonym-key-long-enough"
ZONDER_BSN = {"bsn": None, "voorletters": "J.", "achternaam": "van Dijk"}


def item(**overrides: object) -> SignaalCreate:
    return SignaalCreate.model_validate(signaal(**overrides))


def test_bsn_gives_the_bsn_key_without_comparing() -> None:
    wie = los_op(item(bsn=BSN_A), [], key=KEY, drempel=0.92, grijs=0.80)
    assert wie.methode == "bsn"
    assert wie.review_kandidaat is None


def test_same_name_birth_date_and_address_is_the_same_key() -> None:
    first = los_op(item(**ZONDER_BSN), [], key=KEY, drempel=0.92, grijs=0.80)
    again = los_op(item(**ZONDER_BSN), [first.persoon], key=KEY, drempel=0.92, grijs=0.80)
    assert (again.methode, again.sleutel) == ("exact", first.sleutel)


def test_twin_with_another_initial_gets_a_key_of_its_own() -> None:
    first = los_op(item(**ZONDER_BSN), [], key=KEY, drempel=0.92, grijs=0.80)
    twin = los_op(
        item(**(ZONDER_BSN | {"voorletters": "P."})),
        [first.persoon],
        key=KEY,
        drempel=0.92,
        grijs=0.80,
    )
    assert twin.sleutel != first.sleutel
    assert twin.methode == "nieuw"


def test_misspelt_surname_takes_the_known_residents_key() -> None:
    first = los_op(item(**ZONDER_BSN), [], key=KEY, drempel=0.92, grijs=0.80)
    typo = los_op(
        item(**(ZONDER_BSN | {"achternaam": "Dijkk"})),
        [first.persoon],
        key=KEY,
        drempel=0.92,
        grijs=0.80,
    )
    assert (typo.methode, typo.sleutel) == ("fuzzy", first.sleutel)


def test_birth_date_slip_asks_the_coordinator() -> None:
    first = los_op(item(**ZONDER_BSN), [], key=KEY, drempel=0.92, grijs=0.80)
    slip = los_op(
        item(**(ZONDER_BSN | {"geboortedatum": "1980-05-18"})),
        [first.persoon],
        key=KEY,
        drempel=0.92,
        grijs=0.80,
    )
    assert slip.methode == "grijs"
    assert slip.review_kandidaat == first.sleutel
    assert slip.sleutel != first.sleutel


def test_known_resident_with_a_bsn_is_found_for_a_signal_without_one() -> None:
    known = Persoon("k" * 64, True, naam_sleutel("Dijk"), "J", date(1980, 5, 17))
    wie = los_op(item(**ZONDER_BSN), [known], key=KEY, drempel=0.92, grijs=0.80)
    assert (wie.methode, wie.sleutel) == ("fuzzy", known.subject_key)
