"""Matching without BSN: folding rules, the pair score, and each decision edge."""

from __future__ import annotations

import gc
from datetime import date

import pytest

from services.signals.matching import (
    Besluit,
    Persoon,
    Uitkomst,
    beslis,
    beste_kandidaat,
    datum_score,
    eerste_voorletter,
    koppel,
    naam_score,
    naam_sleutel,
    score,
    voorletters_passen,
    voorletters_sleutel,
    zonder_gc,
)
from tests.bench.matching.genereer import genereer

DREMPEL = 0.92
GRIJS = 0.80
GEBOREN = date(1980, 5, 17)


def persoon(
    naam: str,
    geboren: date | None = GEBOREN,
    voorletters: str | None = "J.",
    *,
    bsn: bool = False,
    key: str | None = None,
) -> Persoon:
    letters = voorletters_sleutel(voorletters)
    return Persoon(
        subject_key=key or f"{naam}|{geboren}|{letters}",
        heeft_bsn=bsn,
        naam_sleutel=naam_sleutel(naam),
        voorletter=eerste_voorletter(voorletters),
        geboortedatum=geboren,
        voorletters=letters,
    )


def besluit(nieuw: Persoon, *bekenden: Persoon) -> Besluit:
    return beslis(beste_kandidaat(nieuw, bekenden), drempel=DREMPEL, grijs=GRIJS)


# Folding the surname


@pytest.mark.parametrize(
    "variant",
    ["van der Berg", "Berg, van der", "v.d. Berg", "vd Berg", "V.D. BERG", "Van Der Berg", "Berg"],
)
def test_prefixes_are_dropped_however_written(variant: str) -> None:
    assert naam_sleutel(variant) == "berg"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Çelik", "Celik"), ("Müller", "Muller"), ("Øster", "Oster"), ("Lévesque", "LEVESQUE")],
)
def test_diacritics_and_case_fold_away(a: str, b: str) -> None:
    assert naam_sleutel(a) == naam_sleutel(b)


@pytest.mark.parametrize(("a", "b"), [("Dijkstra", "Dykstra"), ("IJzerman", "Yzerman")])
def test_ij_and_y_are_one_letter(a: str, b: str) -> None:
    assert naam_sleutel(a) == naam_sleutel(b)


def test_double_name_keeps_its_parts_apart_and_drops_inner_prefixes() -> None:
    assert naam_sleutel("Jansen-de Vries") == "jansen-vries"
    assert naam_sleutel("van Dijk - de Vries") == "dyk-vries"


def test_surname_that_is_only_a_prefix_word_is_kept() -> None:
    assert naam_sleutel("Van") == "van"


def test_initials_after_a_comma_are_not_part_of_the_surname() -> None:
    assert naam_sleutel("Jansen, P.") == "jansen"


# Folding the initials


@pytest.mark.parametrize("variant", ["J.P.", "J P", "JP", "j.p.", "Jan Peter", "J.-P."])
def test_initials_however_written_fold_to_capitals(variant: str) -> None:
    assert voorletters_sleutel(variant) == "JP"


def test_a_first_name_written_out_gives_its_initial() -> None:
    assert voorletters_sleutel("Jan") == "J"
    assert eerste_voorletter("Jan") == "J"


@pytest.mark.parametrize("leeg", [None, "", " . "])
def test_no_initials_fold_to_nothing(leeg: str | None) -> None:
    assert voorletters_sleutel(leeg) == ""
    assert eerste_voorletter(leeg) is None


def test_a_shorter_form_of_the_initials_agrees_and_another_second_initial_does_not() -> None:
    assert voorletters_passen(
        persoon("Dijk", voorletters="J."), persoon("Dijk", voorletters="J.P.")
    )
    assert not voorletters_passen(
        persoon("Dijk", voorletters="J.P."), persoon("Dijk", voorletters="J.M.")
    )
    assert not voorletters_passen(
        persoon("Dijk", voorletters="J."), persoon("Dijk", voorletters="P.")
    )
    assert voorletters_passen(persoon("Dijk", voorletters=None), persoon("Dijk")) is None


# Comparing names and dates


def test_one_slip_in_a_short_surname_still_scores_high() -> None:
    assert naam_score("bos", "bso") >= 0.9  # Jaro-Winkler alone: 0.73
    assert naam_score("kok", "kk") >= 0.9


def test_unrelated_surnames_score_low() -> None:
    assert naam_score(naam_sleutel("Bakker"), naam_sleutel("de Vries")) < 0.6


def test_one_part_of_a_double_name_matches_it_whole() -> None:
    assert naam_score(naam_sleutel("Jansen-de Vries"), naam_sleutel("de Vries")) == 1.0
    assert naam_score(naam_sleutel("Jansen"), naam_sleutel("Jansen-de Vries")) == 1.0


@pytest.mark.parametrize(
    ("a", "b", "verwacht"),
    [
        (GEBOREN, GEBOREN, 1.0),
        (date(1980, 5, 7), date(1980, 7, 5), 0.5),  # day and month swapped
        (GEBOREN, date(1980, 5, 18), 0.5),  # one part off
        (GEBOREN, date(1908, 5, 17), 0.5),
        (GEBOREN, date(1982, 6, 17), 0.0),
        (None, GEBOREN, 0.0),
    ],
)
def test_birth_dates_compare_as_same_slip_or_other(
    a: date | None, b: date | None, verwacht: float
) -> None:
    assert datum_score(a, b) == verwacht


# Decision edges


def test_same_resident_with_a_typo_in_the_surname_is_merged() -> None:
    assert besluit(persoon("Janssen"), persoon("Jansen")) is Besluit.MATCH
    assert besluit(persoon("Bso"), persoon("Bos")) is Besluit.MATCH


def test_two_slips_in_a_surname_go_to_review_not_merged() -> None:
    assert besluit(persoon("Smidp"), persoon("Smits")) is Besluit.GRIJS
    assert besluit(persoon("Vsa"), persoon("Vos")) is Besluit.NIEUW  # little of it is left


def test_an_edit_in_a_two_letter_name_is_not_a_slip() -> None:
    assert naam_score("ko", "mo") < 0.9


def test_prefix_order_and_abbreviation_do_not_matter() -> None:
    assert score(persoon("Berg, van der"), persoon("van der Berg")) == 1.0
    assert score(persoon("v.d. Berg"), persoon("van den Berg")) == 1.0


def test_diacritics_and_ij_do_not_matter() -> None:
    assert score(persoon("Celik"), persoon("Çelik")) == 1.0
    assert score(persoon("de Bruyn"), persoon("de Bruijn")) == 1.0


def test_maiden_name_matches_the_double_name() -> None:
    assert besluit(persoon("de Vries"), persoon("Jansen-de Vries")) is Besluit.MATCH


def test_twins_with_other_first_initials_are_never_merged() -> None:
    assert besluit(persoon("Dijk", voorletters="P."), persoon("Dijk", voorletters="J.")) is (
        Besluit.NIEUW
    )


def test_twins_with_one_first_initial_and_other_second_initials_are_never_merged() -> None:
    nieuw = persoon("Dijk", voorletters="J.M.")
    assert besluit(nieuw, persoon("Dijk", voorletters="J.P.")) is Besluit.NIEUW


def test_twins_born_either_side_of_midnight_go_to_review_not_merged() -> None:
    nieuw = persoon("Dijk", date(1980, 5, 18))
    assert besluit(nieuw, persoon("Dijk", GEBOREN)) is Besluit.GRIJS


def test_signal_that_fits_both_twins_is_ambiguous_and_goes_to_review() -> None:
    twins = (persoon("Dijk", voorletters="J.P."), persoon("Dijk", voorletters="J.M."))
    uitkomst = beste_kandidaat(persoon("Dijk", voorletters="J."), twins)
    assert uitkomst.score >= DREMPEL
    assert uitkomst.tweede >= DREMPEL
    assert beslis(uitkomst, drempel=DREMPEL, grijs=GRIJS) is Besluit.GRIJS


def test_signal_without_initials_matches_a_resident_living_alone() -> None:
    assert besluit(persoon("Dijk", voorletters=None), persoon("Dijk")) is Besluit.MATCH


def test_family_members_sharing_the_surname_are_not_merged() -> None:
    partner = persoon("Dijk", date(1982, 3, 1), "M.")
    kind = persoon("Dijk", date(2010, 8, 30), "S.")
    assert besluit(persoon("Dijk"), partner, kind) is Besluit.NIEUW


def test_father_and_son_with_one_initial_are_not_merged() -> None:
    assert besluit(persoon("Dijk", date(2004, 2, 1)), persoon("Dijk")) is Besluit.NIEUW


def test_the_resident_is_found_among_family_members() -> None:
    zelf = persoon("Dijk")
    kind = persoon("Dijk", date(2010, 1, 1), "P.")
    uitkomst = beste_kandidaat(persoon("Dyk"), [kind, zelf])
    assert uitkomst.kandidaat == zelf
    assert beslis(uitkomst, drempel=DREMPEL, grijs=GRIJS) is Besluit.MATCH


def test_one_resident_listed_twice_is_not_ambiguous() -> None:
    zelf = persoon("Dijk", key="k1")
    again = persoon("van Dijk", voorletters="J.P.", key="k1")
    uitkomst = beste_kandidaat(persoon("Dijk"), [zelf, again])
    assert uitkomst.tweede == 0.0
    assert beslis(uitkomst, drempel=DREMPEL, grijs=GRIJS) is Besluit.MATCH


def test_two_residents_with_different_bsns_are_never_compared() -> None:
    uitkomst = beste_kandidaat(persoon("Dijk", bsn=True), [persoon("Dijk", bsn=True)])
    assert uitkomst == Uitkomst(None, 0.0)
    uitkomst = beste_kandidaat(
        persoon("Dijk", bsn=True), [persoon("Dijk", bsn=True, key="a"), persoon("Dijk", key="b")]
    )
    assert uitkomst.kandidaat is not None
    assert uitkomst.kandidaat.subject_key == "b"


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [(0.92, Besluit.MATCH), (0.919, Besluit.GRIJS), (0.80, Besluit.GRIJS), (0.799, Besluit.NIEUW)],
)
def test_thresholds_are_inclusive(waarde: float, verwacht: Besluit) -> None:
    uitkomst = Uitkomst(persoon("Dijk"), waarde)
    assert beslis(uitkomst, drempel=DREMPEL, grijs=GRIJS) is verwacht


def test_nobody_at_the_address_is_new() -> None:
    assert beslis(Uitkomst(None, 0.0), drempel=DREMPEL, grijs=GRIJS) is Besluit.NIEUW


def test_koppel_scores_each_signal_against_its_own_address_in_order() -> None:
    zelf, buur = persoon("Dijk"), persoon("Bakker", key="buur")
    bewoners = {"1181ZM 1": [zelf], "1181ZM 3": [buur]}
    uitkomsten = koppel(
        [
            ("1181ZM 1", persoon("Dyk")),
            ("1181ZM 2", persoon("Dijk")),
            ("1181ZM 3", persoon("Dijk")),
        ],
        bewoners,
    )
    assert [u.kandidaat for u in uitkomsten] == [zelf, None, buur]
    assert uitkomsten[0].score == 1.0
    assert uitkomsten[2].score < GRIJS


def test_koppel_gives_what_beste_kandidaat_gives_for_each_signal() -> None:
    # The labelled benchmark set, small: twins, families, slips, double names, no initials;
    # every third resident and signal with a BSN, and one resident of each address listed twice.
    data = genereer(3_000, 3_000, seed=7)
    bewoners: dict[str, list[Persoon]] = {}
    for b in data.bewoners:
        bekend = persoon(
            b.achternaam, b.geboortedatum, b.voorletters, bsn=b.id % 3 == 0, key=str(b.id)
        )
        bewoners.setdefault(b.adres.sleutel, []).append(bekend)
    for lijst in bewoners.values():
        lijst.append(lijst[0]._replace(voorletters="", voorletter=None))
    nieuwen = [
        (s.adres.sleutel, persoon(s.achternaam, s.geboortedatum, s.voorletters, bsn=s.id % 3 == 0))
        for s in data.signalen
    ]
    nieuwen.append(("1181ZM 1", persoon("Dijk", None, None)))
    bewoners["1181ZM 1"] = [persoon("Dijk", None, None, bsn=True)]
    verwacht = [
        beste_kandidaat(p, bewoners[a]) if a in bewoners else Uitkomst(None, 0.0)
        for a, p in nieuwen
    ]
    assert koppel(nieuwen, bewoners) == verwacht
    assert {beslis(u, drempel=DREMPEL, grijs=GRIJS) for u in verwacht} == set(Besluit)


def test_the_garbage_collector_pauses_while_matching_in_bulk_and_resumes() -> None:
    assert gc.isenabled()
    with zonder_gc():
        with zonder_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with zonder_gc():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
