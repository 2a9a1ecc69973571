"""Reading batches: the CSV header, Dutch notations and the per-row report."""

from __future__ import annotations

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
