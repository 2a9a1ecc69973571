"""From a source's event to reporting's fact kind and typed attributes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.reporting.soorten import Bron, FeitSoort, soort_van
from services.reporting.vertaling import vertaal

S = FeitSoort
AT = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # 00:30 on 3 March in the Netherlands


@pytest.mark.parametrize(
    ("bron", "type_name", "payload", "soort"),
    [
        (Bron.INTAKE, "intake.melding.geregistreerd", {}, S.MELDING),
        (Bron.INTAKE, "intake.aanmeldgesprek.gehouden", {}, S.EERSTE_GESPREK),
        (Bron.INTAKE, "intake.aanmeldgesprek.gepland", {}, None),
        (Bron.INTAKE, "intake.uitkomst.vastgelegd", {"soort": "aanvraag"}, S.AANVRAAG),
        (Bron.INTAKE, "intake.uitkomst.vastgelegd", {"soort": "advies"}, S.ADVIES),
        (Bron.INTAKE, "intake.uitkomst.vastgelegd", {"soort": "mdo"}, S.MELDING_AFGESLOTEN),
        (
            Bron.TRAJECTORY,
            "traject.fase-gewijzigd",
            {"naar": "stabilisatie"},
            S.STABILISATIE_GESTART,
        ),
        (
            Bron.TRAJECTORY,
            "traject.fase-gewijzigd",
            {"van": "stabilisatie", "naar": "schuldregeling"},
            S.STABILISATIE_AFGEROND,
        ),
        (Bron.TRAJECTORY, "traject.fase-gewijzigd", {"van": "intake", "naar": "beschikking"}, None),
        (
            Bron.TRAJECTORY,
            "traject.schuldregeling",
            {"uitkomst": "toegekend"},
            S.SCHULDREGELING_AKKOORD,
        ),
        (
            Bron.TRAJECTORY,
            "traject.schuldregeling",
            {"uitkomst": "afgewezen"},
            S.SCHULDREGELING_AFGEWEZEN,
        ),
        (Bron.SIGNALS, "casus.toegewezen", {}, S.CASUS_OPGEPAKT),
        (Bron.TRAJECTORY, "traject.termijn-verstreken", {}, S.TERMIJN_VERSTREKEN),
        # Types not (yet) published by a source: recognised from the words in the name.
        (Bron.TRAJECTORY, "traject.begeleiding-gestart", {}, S.BEGELEIDING_GESTART),
        (Bron.TRAJECTORY, "traject.wsnp-verklaring", {}, S.WSNP_VERWIJZING),
        (Bron.TRAJECTORY, "SchuldregelingBeeindigd", {}, S.SCHULDREGELING_BEEINDIGD),
        (Bron.SIGNALS, "signaal.status-gewijzigd", {}, S.SIGNAAL_STATUS),
        (Bron.SIGNALS, "signaal.niet-opgepakt", {}, S.SIGNAAL_STATUS),
        (Bron.INTAKE, "intake.iets.anders", {}, None),
        # A part of a trajectory ending or starting is not the trajectory's exit or start.
        (Bron.TRAJECTORY, "traject.begeleiding-beeindigd", {}, None),
        (Bron.TRAJECTORY, "traject.nazorg-gestart", {}, None),
        (Bron.TRAJECTORY, "traject.afgesloten", {}, S.UITSTROOM),
    ],
)
def test_event_types_map_to_fact_kinds(bron, type_name, payload, soort):
    from services.reporting.velden import Velden

    assert soort_van(bron, type_name, Velden(payload)) == soort


def test_attributes_are_read_in_camel_and_snake_case_alike():
    attributen = vertaal(
        Bron.SIGNALS,
        type_name="signaal.ontvangen",
        occurred_at=AT,
        payload={"partner_type": "Huur", "casus_id": "c1", "bedrag": "412.5", "crisis": True},
    )

    assert attributen.partner_type == "Huur"
    assert attributen.zaak == "c1"
    assert attributen.bedrag == Decimal("412.50")
    assert attributen.crisis is True


def test_a_fact_without_a_business_date_takes_the_dutch_calendar_day():
    attributen = vertaal(Bron.INTAKE, type_name="x.y", occurred_at=AT, payload={})

    assert attributen.datum == date(2026, 3, 3)


def test_the_business_date_in_the_payload_wins():
    attributen = vertaal(
        Bron.INTAKE,
        type_name="intake.aanmeldgesprek.gehouden",
        occurred_at=AT,
        payload={"meldingId": "m1", "gespreksdatum": "2026-02-27"},
    )

    assert (attributen.soort, attributen.datum, attributen.zaak) == (
        S.EERSTE_GESPREK,
        date(2026, 2, 27),
        "m1",
    )


def test_malformed_attributes_become_unknown_instead_of_refusing_the_event():
    attributen = vertaal(
        Bron.SIGNALS,
        type_name="signaal.ontvangen",
        occurred_at=AT,
        payload={"bedrag": "veel", "crisis": "ja", "signaaldatum": "gisteren", "kanaal": {}},
    )

    assert (attributen.bedrag, attributen.crisis, attributen.referentie_datum) == (
        None,
        None,
        None,
    )
    assert attributen.kanaal is None


def test_target_groups_come_from_lists_flags_and_programmes():
    attributen = vertaal(
        Bron.TRAJECTORY,
        type_name="traject.geopend",
        occurred_at=AT,
        payload={"doelgroepen": ["jongere", "GGZ"], "programma": "JAS", "ondernemer": True},
    )

    assert attributen.doelgroepen == "ggz,jas,jongere,ondernemer"


def test_debt_band_of_an_offer_is_kept_as_its_result():
    attributen = vertaal(
        Bron.TRAJECTORY,
        type_name="traject.aanbod",
        occurred_at=AT,
        payload={"trajectId": "t1", "aantalSchuldeisers": 14, "schuldBand": "5000-15000"},
    )

    assert (attributen.aantal, attributen.resultaat) == (14, "5000-15000")


def test_a_deadline_passed_while_open_is_a_fact_of_its_own_dated_when_it_was_seen():
    attributen = vertaal(
        Bron.TRAJECTORY,
        type_name="traject.termijn-verstreken",
        occurred_at=AT,
        payload={
            "trajectId": "t1",
            "termijn": "stabilisatie-max",
            "termijnDatum": "2026-02-28",
            "vastgesteldOp": "2026-03-02",
        },
    )

    assert (
        attributen.soort,
        attributen.zaak,
        attributen.resultaat,
        attributen.referentie_datum,
        attributen.datum,
    ) == (S.TERMIJN_VERSTREKEN, "t1", "stabilisatie-max", date(2026, 2, 28), date(2026, 3, 2))
