"""Matching without BSN: surname folding, birth-date slips, initials, twins."""

from __future__ import annotations

from datetime import date

from services.signals.matching import (
    Persoon,
    beste_kandidaat,
    datum_score,
    eerste_voorletter,
    naam_sleutel,
    score,
)

DREMPEL = 0.92
GRIJS = 0.80


def persoon(
    naam: str, geboren: date, voorletters: str | None = "J.", *, bsn: bool = False
) -> Persoon:
    return Persoon(
        subject_key=naam + geboren.isoformat() + (voorletters or ""),
        heeft_bsn=bsn,
        naam_sleutel=naam_sleutel(naam),
        voorletter=eerste_voorletter(voorletters),
        geboortedatum=geboren,
    )


GEBOREN = date(1980, 5, 17)


def test_prefix_diacritics_and_ij_fold_to_the_same_name() -> None:
    assert naam_sleutel("van Dijk") == naam_sleutel("Dyk") == naam_sleutel("Dijk, van")
    assert naam_sleutel("Çelik") == naam_sleutel("Celik")


def test_same_resident_with_a_typo_in_the_surname_matches() -> None:
    assert score(persoon("Jansen", GEBOREN), persoon("Janssen", GEBOREN)) >= DREMPEL


def test_maiden_name_in_a_double_name_matches() -> None:
    nieuw = persoon("Jansen-de Vries", GEBOREN)
    s = score(nieuw, persoon("Jansen", GEBOREN), naam_origineel="Jansen-de Vries")
    assert s >= DREMPEL


def test_twins_with_different_initials_are_never_merged() -> None:
    assert score(persoon("Dijk", GEBOREN, "J."), persoon("Dijk", GEBOREN, "P.")) < GRIJS


def test_parent_and_child_with_one_family_name_do_not_match() -> None:
    assert score(persoon("Dijk", GEBOREN), persoon("Dijk", date(2004, 2, 1))) < GRIJS


def test_birth_date_slip_lands_in_the_grey_zone() -> None:
    s = score(persoon("Dijk", GEBOREN), persoon("Dijk", date(1980, 5, 18)))
    assert GRIJS <= s < DREMPEL


def test_swapped_day_and_month_count_as_half() -> None:
    assert datum_score(date(1980, 5, 7), date(1980, 7, 5)) == 0.5
    assert datum_score(None, GEBOREN) == 0.0


def test_two_residents_with_different_bsns_are_never_compared() -> None:
    nieuw = persoon("Dijk", GEBOREN, bsn=True)
    uitkomst = beste_kandidaat(nieuw, [persoon("Dijk", GEBOREN, bsn=True)])
    assert uitkomst.kandidaat is None


def test_best_candidate_is_the_most_similar() -> None:
    nieuw = persoon("Dijk", GEBOREN)
    kind = persoon("Dijk", date(2010, 1, 1))
    zelf = persoon("Dyk", GEBOREN)
    assert beste_kandidaat(nieuw, [kind, zelf]).kandidaat == zelf
