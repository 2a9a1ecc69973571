"""The same task with the `recordlinkage` library, configured as its documentation suggests.

Blocking on postcode + house number + letter/addition; comparisons: Jaro-Winkler on the surname
and on the initials (after the library's own `clean`: lower case, accents stripped,
punctuation removed), the first initial exactly, the birth date exactly and as text by Levenshtein
(a typing slip scores high). Classifier: logistic regression trained on a
labelled set generated with another seed (not timed: training happens once, offline), used
as the library predicts (probability 0.5) and with the threshold that reaches precision 0.99 on
the training set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
import recordlinkage
from recordlinkage.preprocessing import clean

from services.signals import matching
from tests.bench.matching.genereer import SEED, Inwoner, Set, Signaal, genereer
from tests.bench.matching.meting import Run

TRAIN_GROOTTE = 20_000


def _frame(rijen: list[Inwoner] | list[Signaal]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "postcode": [r.adres.postcode for r in rijen],
            "huisnummer": [r.adres.huisnummer for r in rijen],
            "toevoeging": [r.adres.toevoeging for r in rijen],
            "achternaam": [r.achternaam for r in rijen],
            "voorletters": [r.voorletters for r in rijen],
            "geboortedatum": [r.geboortedatum.isoformat() for r in rijen],
        },
        index=pd.Index([r.id for r in rijen], name="id"),
    )


def _schoon(frame: pd.DataFrame, *, gevouwen: bool) -> pd.DataFrame:
    frame = frame.copy()
    if gevouwen:
        # Our folding (prefixes, diacritics, ij/y) in front of the library's comparisons.
        frame["achternaam"] = [matching.naam_sleutel(n) for n in frame["achternaam"]]
    else:
        frame["achternaam"] = clean(frame["achternaam"], strip_accents="unicode")
    frame["voorletters"] = clean(frame["voorletters"], strip_accents="unicode").str.replace(
        " ", "", regex=False
    )
    frame["voorletter"] = frame["voorletters"].str[:1]
    return frame


def _kenmerken(signalen: pd.DataFrame, bewoners: pd.DataFrame) -> pd.DataFrame:
    index = recordlinkage.Index()
    index.block(["postcode", "huisnummer", "toevoeging"])
    paren = index.index(signalen, bewoners)
    vergelijk = recordlinkage.Compare()
    vergelijk.string("achternaam", "achternaam", method="jarowinkler", label="achternaam")
    vergelijk.string("voorletters", "voorletters", method="jarowinkler", label="voorletters")
    vergelijk.exact("voorletter", "voorletter", label="voorletter")
    vergelijk.exact("geboortedatum", "geboortedatum", label="geboortedatum")
    vergelijk.string("geboortedatum", "geboortedatum", method="levenshtein", label="datum-slip")
    return vergelijk.compute(paren, signalen, bewoners)


@dataclass(frozen=True)
class Getraind:
    """A fitted classifier and the probability from which a pair is a match."""

    classifier: Any
    drempel: float | None  # None: the library's own predict (probability 0.5)
    gevouwen: bool


def _drempel_voor_precisie(kansen: pd.Series, echt: pd.MultiIndex, precisie: float) -> float:
    """The lowest of 0.50, 0.55, ..., 0.95 at which the training set reaches `precisie`.

    A coarse grid: the exact lowest probability overfits the training set (the probabilities
    of near-identical pairs differ in the last digits).
    """
    is_echt = kansen.index.isin(echt)
    for drempel in (0.5 + 0.05 * i for i in range(10)):
        gekozen = (kansen >= drempel).to_numpy()
        if gekozen.sum() and (is_echt & gekozen).sum() / gekozen.sum() >= precisie:
            return drempel
    return 0.99


def train(*, gevouwen: bool, precisie: float | None = None) -> Getraind:
    """Logistic regression fitted on a set from another seed, optionally with a threshold.

    With `precisie`, the threshold is the lowest probability at which the training set still
    reaches that precision: the library tuned for the same precision target as ours.
    """
    data = genereer(TRAIN_GROOTTE, TRAIN_GROOTTE, seed=SEED + 1)
    kenmerken = _kenmerken(
        _schoon(_frame(data.signalen), gevouwen=gevouwen),
        _schoon(_frame(data.bewoners), gevouwen=gevouwen),
    )
    echt = pd.MultiIndex.from_tuples(sorted(data.echte_paren))
    classifier = recordlinkage.LogisticRegressionClassifier()
    classifier.fit(kenmerken, kenmerken.index.intersection(echt))
    drempel = None
    if precisie is not None:
        drempel = _drempel_voor_precisie(classifier.prob(kenmerken), echt, precisie)
    return Getraind(classifier, drempel, gevouwen)


def draai(data: Set, getraind: Getraind) -> Run:
    """Clean, block, compare and classify; timed from the data frames to the matched pairs."""
    signalen, bewoners = _frame(data.signalen), _frame(data.bewoners)
    matching.naam_sleutel.cache_clear()
    start, start_cpu = time.perf_counter(), time.process_time()
    kenmerken = _kenmerken(
        _schoon(signalen, gevouwen=getraind.gevouwen),
        _schoon(bewoners, gevouwen=getraind.gevouwen),
    )
    if getraind.drempel is None:
        gevonden = getraind.classifier.predict(kenmerken)
    else:
        kansen = getraind.classifier.prob(kenmerken)
        gevonden = kansen.index[kansen >= getraind.drempel]
    seconden, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    paren = {(int(s), int(b)) for s, b in gevonden}
    return Run(seconden, cpu, len(kenmerken), paren)
