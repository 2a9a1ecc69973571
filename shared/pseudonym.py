"""Pseudonymous person key: a keyed HMAC-SHA256 of the BSN, or of name, birth date and address.

Reporting counts unique residents and returning residents with this key without knowing who
they are. Without the secret key the hash cannot be reversed by trying every BSN (there are only
about a billion), which a plain hash would allow. The two kinds of input carry a different prefix
("bsn:" / "adres:") so a BSN key and an address key can never collide.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Final

from shared.types import (
    normalise_bsn,
    normalise_postcode,
    parse_dutch_date,
    strict_date,
    validate_huisnummer,
)

# A shorter key is a configuration mistake (the development default has 50+ characters).
MIN_KEY_LENGTH: Final = 16

# Dutch and common foreign surname prefixes (tussenvoegsels) and their abbreviations ("v.d."),
# spelled as after folding ("bij" -> "by"). Creditors write prefixes inconsistently ("van der
# Berg", "Berg, van der", "V.D. Berg"), so they are dropped: the rest of the name with the birth
# date and address is still specific enough.
_PREFIX_WORDS: Final = (
    "aan al by d da de del della den der des di do dos du el het in l la le les lo onder op over"
    " s t te ten ter uit uyt v van vd vom von zu"
)
_PREFIXES: Final = frozenset(_PREFIX_WORDS.split())
_NON_LETTERS = re.compile(r"[^a-z]+")
# Letters NFKD does not split into a base letter and an accent; without this "Øster" would
# lose its first letter instead of matching "Oster".
_UNDECOMPOSABLE: Final = str.maketrans(
    {"æ": "ae", "ð": "d", "đ": "d", "ı": "i", "ł": "l", "ø": "o", "œ": "oe", "þ": "th"}
)


# Kept per distinct surname: a batch of signals folds each row's surname three times
# (validation, the matching key, the person key), and surnames repeat a great deal.
@lru_cache(maxsize=65_536)
def normalise_achternaam(achternaam: str) -> str:
    """The surname folded for matching: lower case, no accents, no prefixes, `ij` as `y`."""
    # "Berg, van der" and "Jansen, P.": what follows a comma is prefixes or initials.
    surname = achternaam.split(",", 1)[0]
    decomposed = unicodedata.normalize("NFKD", surname.casefold().translate(_UNDECOMPOSABLE))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = [w for w in _NON_LETTERS.split(ascii_only.replace("ij", "y")) if w]
    # Only leading words are prefixes, so "Jansen-de Vries" keeps its "de".
    first_name_word = next((i for i, w in enumerate(words) if w not in _PREFIXES), None)
    if first_name_word is None:
        # A surname that is itself a prefix word ("Van", "Ter"): keep it whole.
        return "".join(words)
    return "".join(words[first_name_word:])


def _hmac(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def person_key(
    *,
    key: str,
    bsn: str | None = None,
    achternaam: str | None = None,
    geboortedatum: date | str | None = None,
    postcode: str | None = None,
    huisnummer: int | None = None,
) -> str:
    """The person key (64 hex characters); the BSN is used whenever it is given."""
    if len(key) < MIN_KEY_LENGTH:
        raise ValueError(f"the pseudonym key must have at least {MIN_KEY_LENGTH} characters")
    if bsn is not None:
        return _hmac(key, "bsn:" + normalise_bsn(bsn))
    if achternaam is None or geboortedatum is None or postcode is None or huisnummer is None:
        given = {
            "achternaam": achternaam,
            "geboortedatum": geboortedatum,
            "postcode": postcode,
            "huisnummer": huisnummer,
        }
        missing = ", ".join(name for name, value in given.items() if value is None)
        raise ValueError(f"without a BSN the person key needs {missing}")
    naam = normalise_achternaam(achternaam)
    if not naam:
        raise ValueError("the surname has no letters")
    if isinstance(geboortedatum, str):
        geboortedatum = parse_dutch_date(geboortedatum)
    parts = (
        naam,
        # strict_date refuses a datetime, whose ISO text would carry a time and change the key.
        strict_date(geboortedatum).isoformat(),
        normalise_postcode(postcode),
        str(validate_huisnummer(huisnummer)),
    )
    return _hmac(key, "adres:" + "|".join(parts))
