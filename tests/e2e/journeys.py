"""Steps of the end-to-end journeys, through the services' public APIs over real HTTP."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, TypeVar

import httpx

from shared import testing

T = TypeVar("T")

LOKET = testing.auth_header("loket", subject="loket-1")
CONSULENT = testing.auth_header("consulent", subject="a.jansen")
COORDINATOR = testing.auth_header("coordinator", subject="coordinator-1")
BI = testing.auth_header("bi", subject="bi-1")
SERVICE = testing.auth_header("service", subject="proof")
EIGEN_HAARD = testing.auth_header(
    "creditor", creditor_id="eigen-haard", partner_type="Huur", subject="eigen-haard"
)
WATERNET = testing.auth_header(
    "creditor", creditor_id="waternet", partner_type="Water", subject="waternet"
)

CSV_HEADER = (
    "partnerId;crisissignaal;warmeOverdracht;bedrag;ontstaansdatum;signaaldatum;bsn;voorletters;"
    "tussenvoegsel;achternaam;geboortedatum;straat;postcode;huisnummer;woonplaats;telefoon;email"
)


def eventually(check: Callable[[], T | None], *, timeout: float = 60.0, what: str = "") -> T:
    """The first truthy answer of `check`, polled until `timeout` (then the test fails)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {timeout:.0f} s: {what}")
        time.sleep(0.2)


def ok(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), (
        response.request.method,
        str(response.request.url),
        response.status_code,
        response.text[:800],
    )
    return response.json() if response.content else None


def iso(day: date) -> str:
    return day.isoformat()


def dutch(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def today() -> date:
    return date.today()


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


# What a `bi` caller and a CSV export must never show: the journey's resident, and the shapes
# of personal data in general.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Not inside an id, a UUID, a decimal or a timestamp (hex and digits run on, or - . : around).
PHONE = re.compile(r"(?<![\w.:-])(?:\+31[\s-]?|0)[1-9][0-9 -]{7,10}[0-9](?![\w.:-])")
POSTCODE_HOUSE = re.compile(r"\b[1-9][0-9]{3}\s?[A-Z]{2}\b")
NINE_DIGITS = re.compile(r"(?<![0-9A-Za-z.-])[0-9]{9}(?![0-9A-Za-z])")


def elfproef(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def is_phone_number(text: str) -> bool:
    """A Dutch number: 0 or +31, then nine digits, with at most two separators."""
    national = text[3:] if text.startswith("+31") else text[1:]
    digits = [c for c in national if c.isdigit()]
    return len(digits) == 9 and sum(c in " -" for c in national.strip()) <= 2


def personal_data_in(text: str, secrets: Iterable[str]) -> list[str]:
    found = [secret for secret in secrets if secret.lower() in text.lower()]
    found += EMAIL.findall(text) + POSTCODE_HOUSE.findall(text)
    found += [p for p in PHONE.findall(text) if is_phone_number(p)]
    found += [n for n in NINE_DIGITS.findall(text) if elfproef(n)]
    return found
