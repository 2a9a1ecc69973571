"""The mixed load of issue 7: creditors push signals while desk and outreach staff register
meldingen and read their work lists. Run by `python -m tests.load`, which starts the services
and passes their URLs in INTAKE_URL, SIGNALS_URL and TRAJECTORY_URL and the bearer tokens in
LOAD_TOKENS. (This module imports nothing heavy: a slow import delays gevent's first clock
reading, and locust's --run-time then ends the run early.)

Each creditor user is a creditor of its own (its own token and counters), pushing about ten
signals a second: under the default rate limit, so that a 429 is an error like any other.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid
from datetime import date, timedelta
from typing import Any

from locust import HttpUser, between, task

INTAKE = os.environ.get("INTAKE_URL", "")
SIGNALS = os.environ.get("SIGNALS_URL", "")
TRAJECTORY = os.environ.get("TRAJECTORY_URL", "")
WORKLISTS = ("crisis-vandaag", "plannen", "te-laat-norm", "te-laat-wet")
TOKENS: dict[str, Any] = json.loads(os.environ.get("LOAD_TOKENS", "{}"))
_creditor_numbers = itertools.count()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


SURNAMES = ("Jansen", "de Vries", "van den Berg", "Bakker", "Çelik", "El Amrani", "Nguyễn", "Bijl")
STREETS = ("Stadsplein", "Rembrandtweg", "Van der Hooplaan", "Bovenkerkerweg")


def bsn(rng: random.Random) -> str:
    """Nine digits passing the eleven-test: the weighted sum of eight, the ninth its rest."""
    while True:
        digits = [rng.randint(1, 9), *(rng.randint(0, 9) for _ in range(7))]
        rest = sum(d * (9 - i) for i, d in enumerate(digits)) % 11
        if rest < 10:
            return "".join(map(str, digits)) + str(rest)


def resident(rng: random.Random) -> dict[str, Any]:
    prefix, _, surname = rng.choice(SURNAMES).rpartition(" ")
    return {
        "bsn": bsn(rng),
        "voorletters": rng.choice("ABCDEFGHJKLMNPRSTW") + ".",
        "tussenvoegsel": prefix or None,
        "achternaam": surname,
        "geboortedatum": (date(1945, 1, 1) + timedelta(days=rng.randrange(25_000))).isoformat(),
        "straat": rng.choice(STREETS),
        "postcode": f"11{rng.randint(81, 89)}{rng.choice('ABCDEFGHJK')}{rng.choice('LMNPRSTVWX')}",
        "huisnummer": rng.randint(1, 400),
        "woonplaats": "Amstelveen",
    }


def signaal(rng: random.Random) -> dict[str, Any]:
    signaaldatum = date.today() - timedelta(days=rng.randrange(0, 20))
    return {
        "partnerId": f"L-{uuid.uuid4().hex}",
        "crisissignaal": rng.random() < 0.05,
        "warmeOverdracht": False,
        "bedrag": f"{rng.randrange(40_000, 400_000) / 100:.2f}",
        "ontstaansdatum": (signaaldatum - timedelta(days=rng.randrange(60, 120))).isoformat(),
        "signaaldatum": signaaldatum.isoformat(),
        **resident(rng),
    }


def melding(rng: random.Random) -> dict[str, Any]:
    person = resident(rng)
    del person["tussenvoegsel"]
    body: dict[str, Any] = {
        "kanaal": rng.choice(("telefoon", "email", "balie")),
        "meldingdatum": date.today().isoformat(),
        "inwoner": person,
        "kinderenOnder18": rng.randrange(0, 4),
    }
    if rng.random() < 0.1:
        body["crisis"] = {"soort": "huisuitzetting", "datum": date.today().isoformat()}
    return body


class Creditor(HttpUser):
    """A creditor's system pushing single signals and now and then reading its feedback."""

    host = SIGNALS
    wait_time = between(0.05, 0.15)
    weight = 1

    def on_start(self) -> None:
        number = next(_creditor_numbers)
        self.rng = random.Random(number)
        self.headers = _bearer(TOKENS["creditors"][number % len(TOKENS["creditors"])])

    @task(10)
    def push(self) -> None:
        self.client.post(
            f"{SIGNALS}/v1/signalen",
            json=signaal(self.rng),
            headers=self.headers,
            name="signals POST /v1/signalen",
        )

    @task(1)
    def feedback(self) -> None:
        self.client.get(
            f"{SIGNALS}/v1/signalen?pageSize=20",
            headers=self.headers,
            name="signals GET /v1/signalen",
        )


class Staff(HttpUser):
    """Desk and outreach staff: register meldingen, read the desk's, outreach's and the
    counsellors' work lists."""

    host = INTAKE
    wait_time = between(0.1, 0.3)
    weight = 1

    def on_start(self) -> None:
        self.rng = random.Random()
        self.desk = _bearer(TOKENS["loket"])
        self.coordinator = _bearer(TOKENS["coordinator"])
        self.consulent = _bearer(TOKENS["consulent"])

    @task(2)
    def register(self) -> None:
        self.client.post(
            f"{INTAKE}/v1/meldingen",
            json=melding(self.rng),
            headers=self.desk,
            name="intake POST /v1/meldingen",
        )

    @task(4)
    def desk_worklist(self) -> None:
        werklijst = self.rng.choice(WORKLISTS)
        self.client.get(
            f"{INTAKE}/v1/meldingen?werklijst={werklijst}&pageSize=50",
            headers=self.desk,
            name="intake GET /v1/meldingen?werklijst",
        )

    @task(3)
    def outreach_queue(self) -> None:
        self.client.get(
            f"{SIGNALS}/v1/casussen?pageSize=50",
            headers=self.coordinator,
            name="signals GET /v1/casussen",
        )

    @task(2)
    def counsellor_worklist(self) -> None:
        self.client.get(
            f"{TRAJECTORY}/v1/trajecten?pageSize=50",
            headers=self.consulent,
            name="trajectory GET /v1/trajecten",
        )
