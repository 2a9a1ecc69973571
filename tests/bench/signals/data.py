"""A generated batch of signals, the same as a JSON array and as a CSV file.

Deterministic (a seeded generator): half the signals carry a BSN; one resident in five has two
signals in the batch (bundled into one case, or a repeat); one in twenty is outside the policy
(too few days of arrears); names carry prefixes and diacritics, addresses letters and additions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import orjson

from services.signals.invoer import CSV_KOLOMMEN

ACHTERNAMEN = (
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Dekker",
    "Brouwer",
    "Çelik",
    "Yılmaz",
    "El Amrani",
    "Öztürk",
    "Nguyễn",
    "Bijl",
    "Wijnands",
    "Kuijpers",
)
STRATEN = ("Stadsplein", "Rembrandtweg", "Van der Hooplaan", "Bovenkerkerweg", "Keizer Karelweg")


def bsn(rng: random.Random) -> str:
    """A random nine-digit number that passes the eleven-test."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        rest = sum(d * (9 - i) for i, d in enumerate(digits)) % 11
        if rest < 10:
            return "".join(map(str, digits)) + str(rest)


def signalen(
    count: int, *, seed: int = 20261128, today: date | None = None
) -> list[dict[str, Any]]:
    """`count` signals of one creditor; every `partnerId` is unique."""
    rng = random.Random(seed)
    today = today or date.today()
    rows: list[dict[str, Any]] = []
    bewoner: dict[str, Any] = {}
    for i in range(count):
        if i % 5 != 1 or not bewoner:  # every fifth row repeats the previous resident
            achternaam = rng.choice(ACHTERNAMEN)
            prefix, _, kern = achternaam.rpartition(" ")
            bewoner = {
                "bsn": bsn(rng) if rng.random() < 0.5 else None,
                "voorletters": rng.choice("ABCDEFGHJKLMNPRSTW") + ".",
                "tussenvoegsel": prefix or None,
                "achternaam": kern,
                "geboortedatum": date(1940, 1, 1) + timedelta(days=rng.randrange(0, 25_000)),
                "straat": rng.choice(STRATEN),
                "postcode": f"{rng.randint(1000, 9999)}{rng.choice('ABCDEFGHJK')}"
                f"{rng.choice('LMNPRSTVWX')}",
                "huisnummer": rng.randint(1, 400),
                "huisletter": rng.choice("ABC") if rng.random() < 0.1 else None,
                "huisnummertoevoeging": "2" if rng.random() < 0.05 else None,
                "woonplaats": "Amstelveen",
            }
        signaaldatum = today - timedelta(days=rng.randrange(0, 25))
        dagen = rng.randrange(5, 29) if rng.random() < 0.05 else rng.randrange(30, 120)
        rows.append(
            {
                "partnerId": f"B-{seed}-{i:07d}",
                "crisissignaal": rng.random() < 0.03,
                "warmeOverdracht": False,
                "bedrag": f"{rng.randrange(100, 500_000) / 100:.2f}",
                "ontstaansdatum": signaaldatum - timedelta(days=dagen),
                "signaaldatum": signaaldatum,
                **bewoner,
                "telefoon": f"06{rng.randrange(10_000_000, 99_999_999)}" if i % 3 else None,
                "email": f"bewoner{i}@example.nl" if i % 4 == 0 else None,
            }
        )
    return rows


def als_json(rows: list[dict[str, Any]]) -> bytes:
    """The JSON array a creditor pushes (absent fields left out)."""
    return orjson.dumps([{k: v for k, v in row.items() if v is not None} for row in rows])


def _cel(waarde: Any) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")  # Dutch dates, as creditors export them
    return str(waarde)


def als_csv(rows: list[dict[str, Any]]) -> bytes:
    """The same signals as a `;`-separated CSV with Dutch dates and decimal commas."""
    lines = [";".join(CSV_KOLOMMEN)]
    for row in rows:
        cellen = [_cel(row.get(kolom)) for kolom in CSV_KOLOMMEN]
        cellen[CSV_KOLOMMEN.index("bedrag")] = cellen[CSV_KOLOMMEN.index("bedrag")].replace(
            ".", ","
        )
        lines.append(";".join(cellen))
    return ("\n".join(lines) + "\n").encode()
