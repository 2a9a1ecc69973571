"""Resolving who a signal is about: BSN key, exact address key, twins, fuzzy and grey zone.

The last tests go through the service and its database, on both engines.
"""

from __future__ import annotations

import copy
from datetime import date

from fastapi.testclient import TestClient
from pydantic import ValidationError

from services.signals.identiteit import Identiteit, los_op, los_op_chunk, voegt_toe
from services.signals.matching import Persoon, naam_sleutel, voorletters_sleutel
from services.signals.rijen import adres as rijen_adres
from services.signals.schemas import SignaalCreate
from tests.bench.matching.genereer import genereer
from tests.signals.helpers import BSN_A, creditor, signaal, staff

KEY = "test-pseudonym-key-long-enough"
ZONDER_BSN = {"bsn": None, "voorletters": "J.", "achternaam": "van Dijk"}
COORDINATOR = staff("coordinator", "coordinator-1")


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


def test_twin_with_another_second_initial_gets_a_key_of_its_own() -> None:
    first = los_op(
        item(**(ZONDER_BSN | {"voorletters": "J.P."})), [], key=KEY, drempel=0.92, grijs=0.80
    )
    twin = los_op(
        item(**(ZONDER_BSN | {"voorletters": "J.M."})),
        [first.persoon],
        key=KEY,
        drempel=0.92,
        grijs=0.80,
    )
    assert twin.methode == "nieuw"
    assert twin.sleutel != first.sleutel
    again = los_op(
        item(**(ZONDER_BSN | {"voorletters": "JM"})),
        [first.persoon, twin.persoon],
        key=KEY,
        drempel=0.92,
        grijs=0.80,
    )
    # The twin's key carries the initials, so it is found by its score, not its address key.
    assert (again.methode, again.sleutel, again.score) == ("fuzzy", twin.sleutel, 1)


def test_signal_that_fits_both_twins_asks_the_coordinator() -> None:
    p = los_op(
        item(**(ZONDER_BSN | {"voorletters": "J.P."})), [], key=KEY, drempel=0.92, grijs=0.80
    )
    m = los_op(
        item(**(ZONDER_BSN | {"voorletters": "J.M."})),
        [p.persoon],
        key=KEY,
        drempel=0.92,
        grijs=0.80,
    )
    wie = los_op(item(**ZONDER_BSN), [p.persoon, m.persoon], key=KEY, drempel=0.92, grijs=0.80)
    assert wie.methode == "grijs"
    assert wie.review_kandidaat in {p.sleutel, m.sleutel}
    assert wie.sleutel not in {p.sleutel, m.sleutel}


def test_prefix_written_after_the_surname_is_the_same_key() -> None:
    first = los_op(item(**ZONDER_BSN), [], key=KEY, drempel=0.92, grijs=0.80)
    other = los_op(
        item(**(ZONDER_BSN | {"achternaam": "Dijk, van", "tussenvoegsel": None})),
        [first.persoon],
        key=KEY,
        drempel=0.92,
        grijs=0.80,
    )
    assert (other.methode, other.sleutel) == ("exact", first.sleutel)


def test_thresholds_come_from_the_caller() -> None:
    first = los_op(item(**ZONDER_BSN), [], key=KEY, drempel=0.92, grijs=0.80)
    typo = item(**(ZONDER_BSN | {"achternaam": "Dijkk"}))
    strict = los_op(typo, [first.persoon], key=KEY, drempel=0.99, grijs=0.95)
    assert strict.methode == "grijs"
    assert los_op(typo, [first.persoon], key=KEY, drempel=1.0, grijs=1.0).methode == "nieuw"


# Through the service and its database (SQLite, and PostgreSQL when configured)


def _push(client: TestClient, partner_id: str, **fields: object) -> None:
    body = signaal(partnerId=partner_id, bsn=None, tussenvoegsel=None, **fields)
    response = client.post("/v1/signalen", json=body, headers=creditor())
    assert response.status_code == 201, response.text


def _cases_and_reviews(client: TestClient) -> tuple[list[int], int]:
    cases = client.get("/v1/casussen", headers=COORDINATOR).json()["items"]
    reviews = client.get("/v1/match-beoordelingen", headers=COORDINATOR).json()["total"]
    return sorted(len(c["signalen"]) for c in cases), reviews


def test_stored_twins_with_other_second_initials_stay_apart(client_for) -> None:
    client = client_for("signals")
    _push(client, "EH-1", voorletters="J.P.", achternaam="van Dijk")
    _push(client, "EH-2", voorletters="J.M.", achternaam="van Dijk")
    assert _cases_and_reviews(client) == ([1, 1], 0)
    _push(client, "EH-3", voorletters="J.", achternaam="van Dijk", bedrag="2000.00")
    assert _cases_and_reviews(client) == ([1, 1, 1], 1)


def test_stored_resident_is_found_with_prefix_diacritics_and_a_slip(client_for) -> None:
    client = client_for("signals")
    _push(client, "EH-1", voorletters="J.P.", achternaam="van der Brüggen")
    _push(client, "EH-2", voorletters="JP", achternaam="Bruggen, v.d.", bedrag="1500.00")
    _push(client, "EH-3", voorletters="Jan", achternaam="Brugen", bedrag="1750.00")
    assert _cases_and_reviews(client) == ([3], 0)


def _per_rij(
    rijen: list[tuple[str, SignaalCreate]], bewoners: dict[str, list[Persoon]]
) -> list[Identiteit]:
    """The chunk row by row, as verwerking did before `los_op_chunk`."""
    result = []
    for adres, signaal_item in rijen:
        bekend = bewoners.setdefault(adres, [])
        wie = los_op(signaal_item, bekend, key=KEY, drempel=0.92, grijs=0.80)
        if voegt_toe(wie):
            bekend.append(wie.persoon)
        result.append(wie)
    return result


def test_a_chunk_resolved_in_bulk_is_resolved_as_row_by_row() -> None:
    # The labelled matching set: families, twins, slips, typos; every seventh signal with a
    # BSN; then the first 300 signals again (they now meet residents the chunk introduced).
    data = genereer(1_500, 1_500, seed=11)
    bewoners: dict[str, list[Persoon]] = {}
    for b in data.bewoners:
        letters = voorletters_sleutel(b.voorletters)
        bekend = Persoon(
            str(b.id),
            b.id % 5 == 0,
            naam_sleutel(b.achternaam),
            letters[:1] or None,
            b.geboortedatum,
            letters,
        )
        bewoners.setdefault(f"{b.adres.postcode} {b.adres.huisnummer}", []).append(bekend)
    signalen = [*data.signalen, *data.signalen[:300]]
    rijen = []
    for s in signalen:
        try:
            signaal_item = item(
                bsn=BSN_A if s.id % 7 == 0 else None,
                voorletters=s.voorletters or None,
                tussenvoegsel=None,
                achternaam=s.achternaam,
                geboortedatum=s.geboortedatum.isoformat(),
                postcode=s.adres.postcode,
                huisnummer=s.adres.huisnummer,
            )
        except ValidationError:  # the set's postcodes include letters never issued
            continue
        rijen.append((rijen_adres(signaal_item), signaal_item))
    per_rij_bewoners = copy.deepcopy(bewoners)
    verwacht = _per_rij(rijen, per_rij_bewoners)
    assert los_op_chunk(rijen, bewoners, key=KEY, drempel=0.92, grijs=0.80) == verwacht
    assert bewoners == per_rij_bewoners
    assert {wie.methode for wie in verwacht} == {"bsn", "exact", "fuzzy", "grijs", "nieuw"}
