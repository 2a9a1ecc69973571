"""The house letter reaches DDAS: v1.0 has no field of its own for it, so it goes in
`Huisnummertoevoeging`, before the addition when there are both."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.trajectory.domain import ddas
from tests.trajectory.conftest import SERVICE, aanvraag_body
from tests.trajectory.test_api_ddas import PERIODE, VALIDATOR


@pytest.mark.parametrize(
    ("huisletter", "toevoeging", "verwacht"),
    [
        ("A", None, "A"),
        ("A", "2", "A-2"),
        (None, "bis", "bis"),
        (None, None, None),
        ("", None, None),
    ],
)
def test_the_letter_goes_before_the_addition(
    huisletter: str | None, toevoeging: str | None, verwacht: str | None
) -> None:
    persoon = {"huisnummer": 12, "huisletter": huisletter, "huisnummertoevoeging": toevoeging}
    client = ddas.client({k: v for k, v in persoon.items() if v is not None})
    assert client["Huisnummer"] == "12"
    assert client.get("Huisnummertoevoeging") == verwacht


def _aanvraag(client: TestClient, **adres: Any) -> Any:
    body = aanvraag_body()
    body["aanvrager"].update(adres)
    return client.post("/v1/aanvragen", json=body, headers=SERVICE)


def _clients(client: TestClient) -> list[dict[str, Any]]:
    response = client.post("/v1/ddas/gegevens", json=PERIODE, headers=SERVICE)
    assert response.status_code == 200, response.text
    gegevens = response.json()["gegevens"]
    VALIDATOR.validate(gegevens)
    (traject,) = gegevens["leveringen"][0]["schuldhulptrajecten"]
    result: list[dict[str, Any]] = traject["client"]
    return result


def test_a_letter_and_an_addition_are_delivered_and_valid(client: TestClient) -> None:
    assert _aanvraag(client, huisletter="A", huisnummertoevoeging="2").status_code == 201
    (persoon,) = _clients(client)
    assert persoon["Huisnummer"] == "12"
    assert persoon["Huisnummertoevoeging"] == "A-2"


def test_a_letter_alone_is_delivered(client: TestClient) -> None:
    assert _aanvraag(client, huisletter="B").status_code == 201
    (persoon,) = _clients(client)
    assert persoon["Huisnummertoevoeging"] == "B"


def test_a_bad_letter_is_refused_at_the_door(client: TestClient) -> None:
    response = _aanvraag(client, huisletter="AB")
    assert response.status_code == 400, response.text
    assert [p["name"] for p in response.json()["invalidParams"]] == ["aanvrager.huisletter"]
