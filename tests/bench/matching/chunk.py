"""`python -m tests.bench.matching.chunk`: one batch chunk's identities, row by row against bulk.

    python -m tests.bench.matching.chunk --rijen 10000 --repeat 5

The batch path resolves who each signal of a chunk is about (`identiteit`): before, `los_op` per
row; now `los_op_chunk` (one `matching.koppel`, the rows whose address gained a resident earlier
in the chunk matched again). Both run here on the same chunk (signals of the labelled matching
set, every seventh with a BSN, the first tenth sent twice) against the residents of the set,
alternating; printed: CPU seconds of each (median), and whether their results are equal. The
person-key HMAC per row is in both. Timings are never assertions.
"""

from __future__ import annotations

import argparse
import copy
import gc
import os
import statistics
import sys
import time
from collections.abc import Sequence

from pydantic import ValidationError

from services.signals import identiteit, matching, rijen
from services.signals.schemas import SignaalCreate
from tests.bench.matching.genereer import genereer
from tests.signals.helpers import BSN_A, signaal

KEY = "bench-pseudonym-key-long-enough"
DREMPEL, GRIJS = 0.92, 0.80

Rijen = list[tuple[str, SignaalCreate]]
Bewoners = dict[str, list[matching.Persoon]]


def chunk(aantal: int) -> tuple[Rijen, Bewoners]:
    """A chunk of about `aantal` valid signals and the residents known at the set's addresses."""
    data = genereer(aantal, aantal)
    bewoners: Bewoners = {}
    for b in data.bewoners:
        letters = matching.voorletters_sleutel(b.voorletters)
        bekend = matching.Persoon(
            str(b.id),
            False,
            matching.naam_sleutel(b.achternaam),
            letters[:1] or None,
            b.geboortedatum,
            letters,
        )
        bewoners.setdefault(f"{b.adres.postcode} {b.adres.huisnummer}", []).append(bekend)
    result: Rijen = []
    for s in [*data.signalen, *data.signalen[: aantal // 10]]:
        try:
            item = SignaalCreate.model_validate(
                signaal(
                    bsn=BSN_A if s.id % 7 == 0 else None,
                    voorletters=s.voorletters or None,
                    tussenvoegsel=None,
                    achternaam=s.achternaam,
                    geboortedatum=s.geboortedatum.isoformat(),
                    postcode=s.adres.postcode,
                    huisnummer=s.adres.huisnummer,
                )
            )
        except ValidationError:  # postcodes with letters never issued
            continue
        result.append((rijen.adres(item), item))
    return result, bewoners


def per_rij(rijen_: Rijen, bewoners: Bewoners) -> list[identiteit.Identiteit]:
    """The chunk as verwerking resolved it before: `los_op` per row."""
    result = []
    for adres, item in rijen_:
        bekend = bewoners.setdefault(adres, [])
        wie = identiteit.los_op(item, bekend, key=KEY, drempel=DREMPEL, grijs=GRIJS)
        if identiteit.voegt_toe(wie):
            bekend.append(wie.persoon)
        result.append(wie)
    return result


def bulk(rijen_: Rijen, bewoners: Bewoners) -> list[identiteit.Identiteit]:
    return identiteit.los_op_chunk(rijen_, bewoners, key=KEY, drempel=DREMPEL, grijs=GRIJS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.matching.chunk")
    parser.add_argument("--rijen", type=int, default=10_000, help="signals in the chunk")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rijen_, bewoners = chunk(args.rijen)
    gc.collect()
    gc.freeze()
    tijden: dict[str, list[float]] = {"per rij (los_op)": [], "bulk (los_op_chunk)": []}
    uitkomsten = {}
    load = os.getloadavg()[0]
    for _ in range(args.repeat):
        for naam, functie in zip(tijden, (per_rij, bulk), strict=True):
            kopie = copy.deepcopy(bewoners)
            for cached in (matching.naam_score, matching._naam_scores, matching._paar_scores):
                cached.cache_clear()
            start = time.process_time()
            uitkomsten[naam] = functie(rijen_, kopie)
            tijden[naam].append(time.process_time() - start)
    gelijk = uitkomsten["per rij (los_op)"] == uitkomsten["bulk (los_op_chunk)"]
    print(f"{len(rijen_):,} signals in one chunk, load {load:.1f}, results equal: {gelijk}")
    for naam, t in tijden.items():
        print(f"{naam}: {statistics.median(t):.3f} s CPU (median of {args.repeat})")
    return 0 if gelijk else 1


if __name__ == "__main__":
    sys.exit(main())
