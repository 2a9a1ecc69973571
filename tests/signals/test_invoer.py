"""Reading batches: the CSV header, Dutch notations and the per-row report."""

from __future__ import annotations

import orjson
import pytest

from services.signals import invoer
from shared.problems import InvalidInput, PayloadTooLarge
from tests.signals.helpers import signaal


def test_valid_rows_and_refused_rows_are_reported_by_row_number() -> None:
    gelezen = invoer.valideer([signaal(), signaal(bsn="1"), signaal(bedrag=1.5)])
    assert [rij for rij, _ in gelezen.signalen] == [1]
    assert {(rij, veld) for rij, veld, _ in gelezen.fouten} == {(2, "bsn"), (3, "bedrag")}


def test_model_rule_is_reported_on_the_row_itself() -> None:
    gelezen = invoer.valideer([signaal(ontstaansdatum="2026-11-01", signaaldatum="2026-10-01")])
    assert gelezen.fouten[0][:2] == (1, "signaal")


def test_csv_header_with_unknown_and_missing_columns_lists_them() -> None:
    with pytest.raises(InvalidInput) as caught:
        invoer.csv_kop(b"partnerId;naam\n")
    names = {p.name for p in caught.value.invalid_params or []}
    assert {"naam", "bedrag", "postcode"} <= names
    assert caught.value.allowed == list(invoer.CSV_KOLOMMEN)


def test_csv_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(InvalidInput):
        invoer.csv_kop("partnerId;bedrag\n".encode("utf-16"))


def test_dutch_cells_are_rewritten_before_validation() -> None:
    body = (
        b"partnerId;bedrag;ontstaansdatum;signaaldatum;achternaam;geboortedatum;postcode;huisnummer;"
        b"crisissignaal\nX;1.250,50;1-9-2026;31/10/2026;Dijk;17-05-1980;1181 ZM;1;ja\n"
    )
    rows = invoer.lees_csv(body, max_rijen=10)
    assert rows[0]["bedrag"] == "1250.50"
    assert rows[0]["ontstaansdatum"] == "2026-09-01"
    assert rows[0]["crisissignaal"] is True
    assert rows[0]["huisnummer"] == 1
    assert invoer.valideer(rows).fouten == []


def test_byte_order_mark_and_crlf_are_accepted() -> None:
    body = (
        "\ufeffpartnerId,bedrag,ontstaansdatum,signaaldatum,achternaam,geboortedatum,postcode,"
        "huisnummer\r\nX,5,2026-09-01,2026-10-31,Dijk,1980-05-17,1181ZM,1\r\n"
    ).encode()
    assert len(invoer.lees_csv(body, max_rijen=10)) == 1


def test_more_rows_than_allowed_is_413() -> None:
    with pytest.raises(PayloadTooLarge):
        invoer.lees_json(b"[{}, {}, {}]", max_rijen=2)


def _bedrag_csv(bedrag: str) -> bytes:
    return (
        "partnerId;bedrag;ontstaansdatum;signaaldatum;achternaam;geboortedatum;postcode;"
        f"huisnummer\nX;{bedrag};01-09-2026;31-10-2026;Dijk;17-05-1980;1181ZM;1\n"
    ).encode()


def test_csv_amount_with_thousands_dots_and_no_comma_is_thousands() -> None:
    rows = invoer.lees_csv(_bedrag_csv("1.250"), max_rijen=10)
    assert rows[0]["bedrag"] == "1250"
    (signaal_,) = invoer.valideer(rows).signalen
    assert str(signaal_[1].bedrag) == "1250.00"


@pytest.mark.parametrize(
    ("cel", "bedrag"),
    [
        ("1.250.000", "1250000.00"),
        ("1.250,50", "1250.50"),
        ("1250,50", "1250.50"),
        ("1250.50", "1250.50"),
        ("1.25", "1.25"),  # one or two digits after the dot: a decimal point
        ("999", "999.00"),
        ("0.500", "0.50"),  # a leading zero is no thousands group
        ("1.2500", "1.25"),  # four digits after the dot: no group of three
    ],
)
def test_csv_amount_notations_that_stay_or_become_decimals(cel: str, bedrag: str) -> None:
    (signaal_,) = invoer.valideer(invoer.lees_csv(_bedrag_csv(cel), max_rijen=10)).signalen
    assert str(signaal_[1].bedrag) == bedrag


@pytest.mark.parametrize("cel", ["1.250.00", "12.50.000", "1..250", "1,250.50", "1.250,5.0"])
def test_csv_amount_that_is_no_notation_we_read_is_reported_on_its_row(cel: str) -> None:
    gelezen = invoer.valideer(invoer.lees_csv(_bedrag_csv(cel), max_rijen=10))
    assert gelezen.signalen == []
    assert [(rij, veld) for rij, veld, _ in gelezen.fouten] == [(1, "bedrag")]


def test_json_amount_with_a_dot_is_not_read_as_thousands() -> None:
    # JSON amounts are strings with a decimal point; only CSV cells are rewritten.
    gelezen = invoer.lees("json", orjson.dumps([signaal(bedrag="1.250")]), max_rijen=10)
    assert str(gelezen.signalen[0][1].bedrag) == "1.25"
