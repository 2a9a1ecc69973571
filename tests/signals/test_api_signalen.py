"""Single pushes by a creditor, and the feedback it may read."""

from __future__ import annotations

from tests.signals.helpers import creditor, signaal, staff


def test_push_stores_signal_and_answers_201_with_location(client_for) -> None:
    client = client_for("signals")
    response = client.post("/v1/signalen", json=signaal(), headers=creditor())
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["Location"] == f"/v1/signalen/{body['id']}"
    assert body["status"] == "Nog niet opgepakt"
    assert body["opgepakt"] is True
    assert body["partnerType"] == "Huur"
    assert body["bedrag"] == "1250.00"


def test_same_partner_id_twice_is_one_signal(client_for) -> None:
    client = client_for("signals")
    first = client.post("/v1/signalen", json=signaal(), headers=creditor())
    again = client.post("/v1/signalen", json=signaal(), headers=creditor())
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    listed = client.get("/v1/signalen", headers=creditor()).json()
    assert listed["total"] == 1


def test_same_partner_id_with_other_content_is_409(client_for) -> None:
    client = client_for("signals")
    first = client.post("/v1/signalen", json=signaal(), headers=creditor())
    other = client.post("/v1/signalen", json=signaal(bedrag="99.00"), headers=creditor())
    assert other.status_code == 409
    assert other.json()["links"]["signaal"] == f"/v1/signalen/{first.json()['id']}"


def test_idempotency_key_replays_the_first_answer(client_for) -> None:
    client = client_for("signals")
    headers = creditor() | {"Idempotency-Key": "k-1"}
    first = client.post("/v1/signalen", json=signaal(), headers=headers)
    again = client.post("/v1/signalen", json=signaal(), headers=headers)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


def test_bad_input_lists_every_invalid_field(client_for) -> None:
    client = client_for("signals")
    bad = signaal(
        bsn="123456789",
        postcode="1181 SS",
        bedrag="-5",
        huisnummer=False,
        signaaldatum="2999-01-01",
        crisissignaal=0,
    )
    response = client.post("/v1/signalen", json=bad, headers=creditor())
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert {"bsn", "postcode", "bedrag", "huisnummer", "signaaldatum", "crisissignaal"} <= names


def test_ontstaansdatum_after_signaaldatum_is_refused(client_for) -> None:
    client = client_for("signals")
    bad = signaal(ontstaansdatum="2026-11-01", signaaldatum="2026-10-01")
    response = client.post("/v1/signalen", json=bad, headers=creditor())
    assert response.status_code == 400
    assert "ontstaansdatum" in response.text


def test_without_bsn_a_birth_date_is_required(client_for) -> None:
    client = client_for("signals")
    response = client.post(
        "/v1/signalen", json=signaal(bsn=None, geboortedatum=None), headers=creditor()
    )
    assert response.status_code == 400


def test_signal_below_policy_minimum_is_stored_as_onterecht(client_for) -> None:
    client = client_for("signals")
    energie = creditor("vattenfall", "Energie")
    response = client.post("/v1/signalen", json=signaal(bedrag="200.00"), headers=energie)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "Niet opgepakt: onterecht signaal"
    assert "350" in body["reden"]


def test_creditor_sees_only_its_own_signals(client_for) -> None:
    client = client_for("signals")
    created = client.post("/v1/signalen", json=signaal(), headers=creditor()).json()
    other = creditor("ymere", "Huur")
    assert client.get(f"/v1/signalen/{created['id']}", headers=other).status_code == 404
    assert client.get("/v1/signalen", headers=other).json()["total"] == 0


def test_staff_cannot_push_and_token_without_partner_type_is_403(client_for) -> None:
    client = client_for("signals")
    assert client.post("/v1/signalen", json=signaal(), headers=staff()).status_code == 403
    no_type = creditor(partner_type="Onbekend")
    assert client.post("/v1/signalen", json=signaal(), headers=no_type).status_code == 403


def test_push_without_token_is_401(client_for) -> None:
    client = client_for("signals")
    assert client.post("/v1/signalen", json=signaal()).status_code == 401


def test_push_answer_is_the_feedback_read_back_later(client_for) -> None:
    # The 201 is built from the row just stored, not read back: it must say what a read says,
    # for a picked-up signal and for one outside the policy (with its reason).
    client = client_for("signals")
    for body in (signaal(), signaal(partnerId="EH-2", ontstaansdatum="2026-10-20")):
        pushed = client.post("/v1/signalen", json=body, headers=creditor())
        assert pushed.status_code == 201, pushed.text
        read = client.get(pushed.headers["Location"], headers=creditor())
        assert pushed.json() == read.json()
    assert read.json()["status"] == "Niet opgepakt: onterecht signaal"
    assert read.json()["reden"]
