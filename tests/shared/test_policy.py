"""The municipality's policy configuration."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.calendar import WerkdagenKalender
from shared.policy import (
    Dated,
    PolicyError,
    SignaalActie,
    Signaalpartner,
    load_policy,
    load_policy_for,
    parse_policy,
    policy_path,
)

DEFAULT_TEXT = policy_path().read_text(encoding="utf-8")


def _broken(old: str, new: str) -> str:
    assert old in DEFAULT_TEXT, old
    return DEFAULT_TEXT.replace(old, new, 1)


def test_default_policy_is_amstelveen_and_cached() -> None:
    policy = load_policy()
    assert (policy.gemeentecode, policy.naam) == ("GM0362", "Amstelveen")
    assert load_policy() is policy
    assert load_policy_for("GM0362") is policy


def test_loading_an_explicit_path_reads_that_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(_broken('naam = "Amstelveen"', 'naam = "Aalsmeer"'), encoding="utf-8")
    assert load_policy(path).naam == "Aalsmeer"


def test_default_terms_follow_the_policy_plan_and_the_law() -> None:
    termijnen = load_policy().termijnen
    assert termijnen.eerste_gesprek_plannen_werkdagen == 2
    assert (termijnen.eerste_gesprek_weken, termijnen.eerste_gesprek_alternatief_weken) == (1, 2)
    assert termijnen.eerste_gesprek_wettelijk_weken == 4
    assert (termijnen.crisis_eerste_gesprek_werkdagen, termijnen.crisis_wettelijk_werkdagen) == (
        0,
        3,
    )
    assert termijnen.beslistermijn_weken == 8
    assert termijnen.stabilisatie_min_maanden == 3
    assert termijnen.stabilisatie_benchmark_maanden == 4
    assert termijnen.stabilisatie_max_maanden == 6
    assert termijnen.schuldregeling_nvvk_dagen == 120
    assert termijnen.nazorg_max_maanden == 6
    assert termijnen.moratorium_max_maanden == 6
    assert termijnen.recidive_jaren == 5


@pytest.mark.parametrize(
    ("on", "months"),
    [(date(2023, 6, 30), 36), (date(2023, 7, 1), 18), (date(2025, 1, 1), 18)],
)
def test_settlement_term_is_18_months_from_1_july_2023(on: date, months: int) -> None:
    assert load_policy().termijnen.schuldregeling_maanden.value_on(on) == months


@pytest.mark.parametrize(
    ("on", "alleenstaande", "gehuwden"),
    [
        (date(2023, 6, 30), "1195.66", "1708.08"),
        (date(2023, 7, 1), "1216.62", "1738.02"),
        (date(2024, 12, 31), "1308.45", "1869.21"),
        (date(2025, 1, 1), "1345.45", "1922.07"),
        (date(2026, 3, 1), "1401.50", "2002.13"),
    ],
)
def test_bijstandsnorm_in_force_on_a_date(on: date, alleenstaande: str, gehuwden: str) -> None:
    norm = load_policy().geld.bijstandsnorm.value_on(on)
    assert norm.alleenstaande == Decimal(alleenstaande)
    assert norm.gehuwden == Decimal(gehuwden)


def test_dated_value_before_the_first_entry_is_an_error() -> None:
    with pytest.raises(LookupError, match="2023-01-01"):
        load_policy().geld.bijstandsnorm.value_on(date(2022, 12, 31))


def test_dated_entries_must_ascend() -> None:
    entries = [{"vanaf": "2024-01-01", "waarde": 1}, {"vanaf": "2023-01-01", "waarde": 2}]
    with pytest.raises(ValidationError, match="ascending"):
        Dated[int].model_validate(entries)
    with pytest.raises(ValidationError, match="at least one"):
        Dated[int].model_validate([])


def test_amounts_are_exact_decimals() -> None:
    geld = load_policy().geld
    assert geld.saneringskrediet_max.value_on(date(2020, 12, 31)) == Decimal("5000.00")
    assert geld.saneringskrediet_max.value_on(date(2021, 1, 1)) == Decimal("25000.00")
    assert geld.garantiefonds == Decimal("50000.00")
    assert geld.jas_max_schuld == Decimal("15000.00")
    assert geld.beslagvrije_voet_procent.value_on(date(2025, 1, 1)) == Decimal(95)
    assert geld.preferente_weging == Decimal(1)
    assert load_policy().caseload_max_per_fte == 45


def test_every_partner_type_has_signal_rules() -> None:
    signalen = load_policy().signalen
    assert set(signalen.partners) == set(Signaalpartner)
    energie = signalen.voor("Energie")
    assert (energie.minimum_bedrag, energie.actie) == (Decimal(350), SignaalActie.BRIEF)
    zorg = signalen.voor(Signaalpartner.ZORG)
    assert (zorg.achterstand_min_dagen, zorg.achterstand_max_dagen) == (30, 100)
    assert signalen.voor("Huur").actie is SignaalActie.HUISBEZOEK


def test_missing_partner_type_is_refused() -> None:
    section = '[signalen.partners."Dienst Toeslagen"]\nminimum_bedrag = 0\nactie = "huisbezoek"\n'
    with pytest.raises(PolicyError, match=r"no policy for partner type.*Dienst Toeslagen"):
        parse_policy(_broken(section, ""))


def test_unknown_partner_type_is_refused() -> None:
    text = _broken('[signalen.partners."Dienst Toeslagen"]', "[signalen.partners.Onbekend]")
    with pytest.raises(PolicyError, match=r"signalen\.partners\.Onbekend"):
        parse_policy(text)


def test_retention_and_register_of_processing_activities() -> None:
    policy = load_policy()
    assert policy.bewaartermijnen.signaal_zonder_hulp_maanden == 12
    ids = {a.id for a in policy.verwerkingsactiviteiten}
    assert {
        "intake-melding",
        "vroegsignalering",
        "schuldhulptraject",
        "rapportage",
        "privacy-inzage",
    } <= ids
    assert policy.verwerkingsactiviteit("vroegsignalering").grondslag
    with pytest.raises(KeyError):
        policy.verwerkingsactiviteit("marketing")


def test_crisis_kinds_separate_law_from_local_protocol() -> None:
    soorten = {c.code: c.wettelijk for c in load_policy().crisissoorten}
    assert soorten["huisuitzetting"] is True
    assert soorten["beslag-loon"] is False


def test_indicator_targets_are_numbers_or_ranges() -> None:
    indicatoren = load_policy().indicatoren
    assert indicatoren.aanvragen.minimum == 200
    assert indicatoren.aanvragen.maximum is None
    assert (indicatoren.ondernemers_geholpen.minimum, indicatoren.ondernemers_geholpen.maximum) == (
        50,
        100,
    )
    assert indicatoren.crisis_binnen_3_dagen_procent.minimum == 80


def test_kalender_uses_the_equated_days() -> None:
    kalender = load_policy().kalender()
    assert isinstance(kalender, WerkdagenKalender)
    assert not kalender.is_working_day(date(2026, 5, 15))
    assert load_policy().kalender() is kalender


def test_policy_is_frozen() -> None:
    with pytest.raises(ValidationError, match="frozen"):
        load_policy().naam = "Elders"  # type: ignore[misc]


def test_wrong_type_fails_with_the_field_name() -> None:
    text = _broken("beslistermijn_weken = 8", 'beslistermijn_weken = "acht"')
    with pytest.raises(PolicyError, match=r"termijnen\.beslistermijn_weken"):
        parse_policy(text, source="GM0362.toml")


def test_unknown_field_fails_with_the_field_name() -> None:
    text = _broken("recidive_jaren = 5", "recidive_jaren = 5\nrecidive_maanden = 60")
    with pytest.raises(PolicyError, match=r"termijnen\.recidive_maanden: Extra inputs"):
        parse_policy(text)


def test_norm_beyond_the_legal_maximum_is_refused() -> None:
    text = _broken("eerste_gesprek_weken = 1", "eerste_gesprek_weken = 5")
    with pytest.raises(PolicyError, match="legal maximum"):
        parse_policy(text)


def test_bad_bijstandsnorm_amount_names_the_entry() -> None:
    text = _broken("alleenstaande = 1195.66", 'alleenstaande = "veel"')
    with pytest.raises(PolicyError, match=r"geld\.bijstandsnorm\.0\.waarde\.alleenstaande"):
        parse_policy(text)


def test_invalid_toml_and_missing_file_fail_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not valid TOML"):
        parse_policy("naam = ", source="broken.toml")
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "absent.toml")
    with pytest.raises(PolicyError, match="no policy file for GM9999"):
        load_policy_for("GM9999")
