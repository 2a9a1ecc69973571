"""Row builders: the address key, the event payloads built without a model, the ids."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.signals import repository, rijen
from services.signals.schemas import SignaalCreate
from shared.contracts import signals_events as ev
from shared.types import adres_sleutel
from tests.signals.helpers import signaal

VAST = rijen.Vast(
    gemeentecode="GM0362",
    creditor_id="eigen-haard",
    partner_type="Huur",
    actie="huisbezoek",
    matching_periode_dagen=30,
    batch_id=None,
    now=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
)


@pytest.mark.parametrize(
    "adres",
    [
        {},
        {"huisletter": "a"},
        {"huisnummertoevoeging": "bis"},
        {"huisletter": "B", "huisnummertoevoeging": "2"},
        {"postcode": "1181 zm"},
    ],
)
def test_address_key_is_the_shared_one(adres: dict[str, str]) -> None:
    item = SignaalCreate.model_validate(signaal(**adres))
    assert rijen.adres(item) == adres_sleutel(
        item.postcode,
        item.huisnummer,
        huisletter=item.huisletter,
        huisnummertoevoeging=item.huisnummertoevoeging,
    )


def _rij(casus_id: str | None) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "partner_type": "Huur",
        "bedrag": Decimal("1250.50"),
        "ontstaansdatum": date(2026, 9, 1),
        "signaaldatum": date(2026, 10, 31),
        "status": "Nog niet opgepakt",
        "crisissignaal": True,
        "warme_overdracht": False,
        "heeft_bsn": True,
        "match_methode": "bsn",
        "casus_id": casus_id,
        "batch_id": "b-1",
    }


@pytest.mark.parametrize("casus_id", [None, str(uuid.uuid4())])
def test_signal_event_is_what_the_contract_model_dumps(casus_id: str | None) -> None:
    document = rijen.signaal_ontvangen(_rij(casus_id))
    rijen.controleer(ev.SignaalOntvangen, document)
    assert document["bedrag"] == "1250.50"
    assert document["batch"] is True


def test_case_event_is_what_the_contract_model_dumps() -> None:
    item = SignaalCreate.model_validate(signaal())
    casus = rijen.nieuwe_casus(
        item, casus_id=str(uuid.uuid4()), subject_key="k" * 64, adres_sleutel="x", vast=VAST
    )
    document = rijen.casus_geopend(casus, vast=VAST)
    rijen.controleer(ev.CasusGeopend, document)
    assert document["einddatumMatchingperiode"] == "2026-11-30"


def test_a_payload_that_drifts_from_the_contract_is_refused() -> None:
    document = rijen.signaal_ontvangen(_rij(None))
    with pytest.raises(ValueError, match="SignaalOntvangen: payload differs"):
        rijen.controleer(ev.SignaalOntvangen, {**document, "extra": 1})
    with pytest.raises(ValueError, match="status"):
        rijen.controleer(ev.SignaalOntvangen, {**document, "status": "onbekend"})


def test_new_ids_are_distinct_time_ordered_version_7_uuids() -> None:
    ids = repository.nieuwe_ids(5000) + repository.nieuwe_ids(10)
    parsed = [uuid.UUID(i) for i in ids]
    assert len(set(ids)) == len(ids)
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    assert ids[:5000] == sorted(ids[:5000])
    stamp_ms = parsed[0].int >> 80
    assert abs(stamp_ms - datetime.now(UTC).timestamp() * 1000) < 60_000
    assert [str(u) for u in parsed] == ids


def test_id_source_yields_fresh_ids_beyond_one_block() -> None:
    bron = repository.id_bron(3)
    ids = [next(bron) for _ in range(7)]
    assert len(set(ids)) == 7
