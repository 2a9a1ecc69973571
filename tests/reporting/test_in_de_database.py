"""What the aggregated path lets the database count (days between dates, a limit some months
after a date, cases of merged early-signal cases) equals the detailed path and a hand count, at
the edges: end of month, the 28th, a leap day, exactly on the limit, merged cases, no facts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from services.reporting import service
from services.reporting.indicatoren import catalogus, geaggregeerd_catalogus
from services.reporting.indicatoren.bevraging import na_maanden as na_maanden_sql
from services.reporting.indicatoren.context import Periode, na_maanden
from tests.reporting.test_inwoner import _project
from tests.reporting.verkeer import Bron, Gebeurtenis

JAAR = Periode(date(2025, 1, 1), date(2026, 1, 1), "jaar")
LEEG = Periode(date(2030, 1, 1), date(2031, 1, 1), "jaar")
S = "s" * 64


def _traject(traject: str, type_: str, dag: date, **payload: Any) -> Gebeurtenis:
    return Gebeurtenis(Bron.TRAJECTORY, type_, dag, {"trajectId": traject, **payload}, S)


def _stabilisatie(traject: str, start: date | None, einde: date) -> list[Gebeurtenis]:
    fase = "traject.fase-gewijzigd"
    begin = (
        [_traject(traject, fase, start, van="aanvraag", naar="stabilisatie", datum=str(start))]
        if start
        else []
    )
    return [
        *begin,
        _traject(traject, fase, einde, van="stabilisatie", naar="schuldregeling", datum=str(einde)),
    ]


def _regeling(traject: str, ingediend: date, akkoord: date) -> list[Gebeurtenis]:
    return [
        _traject(traject, "traject.aanbod", ingediend, aantalSchuldeisers=3, schuldBand="0-1000"),
        _traject(traject, "traject.schuldregeling", akkoord, uitkomst="toegekend",
                 datum=str(akkoord)),
    ]  # fmt: skip


def _casus(casus: str, type_: str, dag: date, **payload: Any) -> Gebeurtenis:
    return Gebeurtenis(Bron.SIGNALS, type_, dag, {"casusId": casus, **payload}, S)


def _poging(casus: str, dag: date) -> Gebeurtenis:
    return _casus(
        casus, "casus.contactpoging", dag, soort="Telefonisch", bereikt=False, datum=str(dag)
    )


def _opgepakt(casus: str, signaal: date, opgepakt: date) -> list[Gebeurtenis]:
    return [
        _casus(casus, "signaal.ontvangen", signaal, signaalId=f"s-{casus}", partnerType="Huur",
               signaaldatum=str(signaal), status="Nog niet opgepakt", bedrag="10.00"),
        _casus(casus, "casus.toegewezen", opgepakt, datumOpgepakt=str(opgepakt)),
    ]  # fmt: skip


def _waarden(client: TestClient, periode: Periode, codes: list[str]) -> dict[str, Any]:
    """Per code the aggregated answer, after checking that the detailed path gives the same."""
    app: Any = client.app
    with app.state.connect() as session:
        b = service.bevraging(session, policy=app.state.policy, periode=periode)
        snel = geaggregeerd_catalogus.bereken_alle(b, codes)
        ctx = service.context_voor(session, policy=app.state.policy, periode=periode)
        detail = catalogus.bereken_alle(ctx, codes)
    snel_read = [service.indicator_read(r).model_dump() for r in snel]
    assert snel_read == [service.indicator_read(r).model_dump() for r in detail]
    return {r["code"]: r for r in snel_read}


DUREN = ["stabilisatie-langer-dan-4-maanden", "schuldregeling-langer-dan-120-dagen"]


def test_durations_longer_than_a_limit_at_the_edges(reporting: TestClient):
    _project(
        reporting,
        [
            # 4 months after the 31st of October is the 28th of February: on it, not longer.
            *_stabilisatie("t1", date(2024, 10, 31), date(2025, 2, 28)),
            *_stabilisatie("t2", date(2024, 10, 31), date(2025, 3, 1)),  # longer
            *_stabilisatie("t3", date(2025, 1, 15), date(2025, 5, 15)),  # on the day: not longer
            *_stabilisatie("t4", date(2025, 1, 15), date(2025, 5, 16)),  # longer
            *_stabilisatie("t5", date(2024, 9, 30), date(2025, 1, 29)),  # limit the 30th: not
            *_stabilisatie("t6", None, date(2025, 6, 1)),  # start unknown: not counted
            *_stabilisatie("t7", date(2025, 11, 1), date(2026, 4, 1)),  # ends after the period
            *_regeling("t1", date(2024, 12, 1), date(2025, 3, 31)),  # 120 days: not longer
            *_regeling("t2", date(2024, 12, 1), date(2025, 4, 1)),  # 121 days: longer
            *_regeling("t3", date(2024, 2, 29), date(2025, 1, 10)),  # from a leap day: longer
        ],
    )

    jaar = _waarden(reporting, JAAR, DUREN)
    leeg = _waarden(reporting, LEEG, DUREN)

    stabilisatie, regeling = (jaar[c] for c in DUREN)
    assert (stabilisatie["teller"], stabilisatie["noemer"], stabilisatie["waarde"]) == (2, 5, 40.0)
    assert (regeling["teller"], regeling["noemer"], regeling["waarde"]) == (2, 3, 66.7)
    assert [(leeg[c]["noemer"], leeg[c]["waarde"]) for c in DUREN] == [(0, None), (0, None)]


MAANDEN = [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 8, 29), 6, date(2026, 2, 28)),
    (date(2025, 8, 31), 4, date(2025, 12, 31)),
    (date(2025, 8, 30), 1, date(2025, 9, 30)),
    (date(2024, 2, 29), 60, date(2029, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2025, 1, 15), 4, date(2025, 5, 15)),
    (date(2025, 10, 31), 4, date(2026, 2, 28)),
]


@pytest.mark.parametrize(("datum", "maanden", "verwacht"), MAANDEN)
def test_calendar_months_keep_the_day_or_take_the_months_last(
    reporting: TestClient, datum: date, maanden: int, verwacht: date
):
    app: Any = reporting.app
    with app.state.connect() as session:
        in_sql = session.execute(sa.select(na_maanden_sql(sa.literal(datum, sa.Date), maanden)))

        assert in_sql.scalar_one() == verwacht
    assert na_maanden(datum, maanden) == verwacht


def test_stabilisations_over_4_calendar_months_at_month_ends(reporting: TestClient):
    _project(
        reporting,
        [
            *_stabilisatie("a1", date(2025, 1, 31), date(2025, 5, 31)),  # on the limit: not
            *_stabilisatie("a2", date(2025, 1, 31), date(2025, 6, 1)),  # longer
            *_stabilisatie("b1", date(2025, 8, 29), date(2025, 12, 29)),  # on the limit: not
            *_stabilisatie("b2", date(2025, 8, 30), date(2025, 12, 30)),  # on the limit: not
            *_stabilisatie("b3", date(2025, 8, 31), date(2025, 12, 31)),  # on the limit: not
            *_stabilisatie("b4", date(2025, 8, 30), date(2025, 12, 31)),  # longer
            *_stabilisatie("l1", date(2023, 10, 31), date(2024, 2, 29)),  # to a leap day: not
            *_stabilisatie("l2", date(2023, 10, 31), date(2024, 3, 1)),  # longer
            *_stabilisatie("l3", date(2024, 2, 29), date(2024, 6, 29)),  # from a leap day: not
            *_stabilisatie("l4", date(2024, 2, 29), date(2024, 6, 30)),  # longer
            *_stabilisatie("l5", date(2024, 1, 31), date(2024, 5, 31)),  # on the limit: not
        ],
    )

    code = "stabilisatie-langer-dan-4-maanden"
    jaar = _waarden(reporting, JAAR, [code])[code]
    schrikkeljaar = _waarden(reporting, Periode(date(2024, 1, 1), date(2025, 1, 1), "jaar"), [code])

    assert (jaar["teller"], jaar["noemer"]) == (2, 6)
    assert (schrikkeljaar[code]["teller"], schrikkeljaar[code]["noemer"]) == (2, 5)


PER_ZAAK = ["contactpogingen-per-casus", "signaal-tot-oppakken"]


@pytest.mark.parametrize("samenvoegen", [False, True])
def test_cases_merged_into_another_count_as_that_case(reporting: TestClient, samenvoegen: bool):
    verkeer = [
        *_opgepakt("c1", date(2025, 3, 1), date(2025, 3, 11)),  # 10 days
        _poging("c1", date(2025, 3, 12)),
        _poging("c1", date(2025, 3, 13)),
        *_opgepakt("c2", date(2025, 2, 20), date(2025, 3, 2)),  # 10 days, alone; 0 as c1's
        _poging("c2", date(2025, 3, 14)),
        *_opgepakt("c3", date(2024, 12, 30), date(2025, 1, 4)),  # 5 days, over the year's turn
        _poging("c3", date(2024, 12, 31)),  # before the period
        _poging("c3", date(2025, 1, 5)),
    ]
    if samenvoegen:
        verkeer.append(_casus("c2", "casus.samengevoegd", date(2025, 3, 15), inCasusId="c1"))
    _project(reporting, verkeer)

    jaar = _waarden(reporting, JAAR, PER_ZAAK)
    leeg = _waarden(reporting, LEEG, PER_ZAAK)

    pogingen, oppakken = (jaar[c] for c in PER_ZAAK)
    if samenvoegen:  # c1 with c2: 3 attempts, first signal 20 February, first pick-up 2 March
        assert (pogingen["teller"], pogingen["noemer"]) == (4, 2)
        assert (oppakken["teller"], oppakken["noemer"]) == (10 + 5, 2)
    else:
        assert (pogingen["teller"], pogingen["noemer"]) == (4, 3)
        assert (oppakken["teller"], oppakken["noemer"]) == (10 + 10 + 5, 3)
    assert [(leeg[c]["noemer"], leeg[c]["waarde"]) for c in PER_ZAAK] == [(0, None), (0, None)]


def _hulp(subject: str, aanvraag: date | None, traject: date | None) -> list[Gebeurtenis]:
    uitkomst = {"soort": "aanvraag", "verwijspartners": []}
    return [
        *(
            [Gebeurtenis(Bron.INTAKE, "intake.uitkomst.vastgelegd", aanvraag,
                         {**uitkomst, "meldingId": f"m-{subject[0]}", "datum": str(aanvraag)},
                         subject)]
            if aanvraag
            else []
        ),
        *(
            [Gebeurtenis(Bron.TRAJECTORY, "traject.geopend", traject,
                         {"trajectId": f"t-{subject[0]}-{traject}", "aanvraagdatum": str(traject)},
                         subject)]
            if traject
            else []
        ),
    ]  # fmt: skip


def _uitstroom(subject: str, dag: date) -> Gebeurtenis:
    payload = {"trajectId": f"u-{subject[0]}", "reden": "Afgerond", "datum": str(dag)}
    return Gebeurtenis(Bron.TRAJECTORY, "traject.uitstroom", dag, payload, subject)


def test_recidive_finds_applicants_by_request_and_by_trajectory(reporting: TestClient):
    a, b, c, d = ("a" * 64, "b" * 64, "c" * 64, "d" * 64)
    _project(
        reporting,
        [
            *_hulp(a, date(2025, 3, 1), None),  # a request only
            _uitstroom(a, date(2022, 1, 1)),  # within 5 years: back
            *_hulp(b, None, date(2025, 6, 1)),  # a trajectory only
            _uitstroom(b, date(2019, 1, 1)),  # more than 5 years before: not back
            *_hulp(c, date(2024, 11, 1), date(2025, 2, 1)),  # request before, trajectory in it
            _uitstroom(c, date(2024, 6, 1)),  # back
            *_hulp(d, date(2026, 2, 1), date(2026, 3, 1)),  # after the period: not counted
        ],
    )

    jaar = _waarden(reporting, JAAR, ["recidive-5-jaar"])["recidive-5-jaar"]
    leeg = _waarden(reporting, LEEG, ["recidive-5-jaar"])["recidive-5-jaar"]

    assert (jaar["teller"], jaar["noemer"]) == (2, 3)
    assert (leeg["noemer"], leeg["waarde"]) == (0, None)


def test_recidive_within_5_calendar_years_at_month_ends(reporting: TestClient):
    e, f, g, h, i, j = (letter * 64 for letter in "efghij")
    _project(
        reporting,
        [
            *_hulp(e, date(2025, 3, 31), None),
            _uitstroom(e, date(2020, 3, 29)),  # 5 years end on 29 March: 2 days past, not back
            *_hulp(f, date(2025, 3, 31), None),
            _uitstroom(f, date(2020, 3, 31)),  # exactly 5 years: back
            *_hulp(g, date(2025, 2, 28), None),
            _uitstroom(g, date(2020, 2, 29)),  # from a leap day, 5 years end on 28 Feb: back
            *_hulp(h, date(2025, 3, 1), None),
            _uitstroom(h, date(2020, 2, 29)),  # a day past: not back
            *_hulp(i, date(2025, 12, 31), None),
            _uitstroom(i, date(2020, 12, 29)),  # 2 days past: not back
            *_hulp(j, date(2025, 1, 31), None),
            _uitstroom(j, date(2020, 1, 31)),  # exactly 5 years: back
        ],
    )

    jaar = _waarden(reporting, JAAR, ["recidive-5-jaar"])["recidive-5-jaar"]

    assert (jaar["teller"], jaar["noemer"]) == (3, 6)


def _melding(subject: str, dag: date, groepen: list[str]) -> Gebeurtenis:
    payload = {"meldingId": f"m-{subject[0]}-{dag}", "kanaal": "telefoon",
               "meldingdatum": str(dag), "crisis": False, "doelgroepen": groepen}  # fmt: skip
    return Gebeurtenis(Bron.INTAKE, "intake.melding.geregistreerd", dag, payload, subject)


def test_residents_per_target_group_are_counted_once_and_by_whole_group(reporting: TestClient):
    a, b, c, d = ("a" * 64, "b" * 64, "c" * 64, "d" * 64)
    _project(
        reporting,
        [
            _melding(a, date(2025, 2, 1), ["jongere", "ggz"]),
            _melding(a, date(2025, 9, 1), ["ggz"]),  # the same resident again: once
            _melding(b, date(2025, 3, 1), ["ondernemer"]),
            _melding(c, date(2024, 12, 31), ["ggz", "ondernemer"]),  # before the period
            _melding(d, date(2025, 4, 1), ["ggz-onbekend", "jongere"]),  # not the group "ggz"
        ],
    )
    codes = ["ggz-pilot", "ondernemers-geholpen", "jongeren-jas"]

    jaar = _waarden(reporting, JAAR, codes)
    leeg = _waarden(reporting, LEEG, codes)

    assert [jaar[c]["waarde"] for c in codes] == [1, 1, 0]
    assert [leeg[c]["waarde"] for c in codes] == [0, 0, 0]


EINDE = "traject.schuldregeling-beeindigd"


def test_explicit_settlement_ends_count_where_no_exit_counted(reporting: TestClient):
    """An explicit end counts with its trajectory's kind of solution (the last solution), unless
    an exit of that trajectory counted in the period; without a solution its kind is unknown."""
    oplossing, uitstroom = "traject.oplossing", "traject.uitstroom"
    _project(
        reporting,
        [
            # Exit and explicit end in the period: counted once, by the exit.
            _traject("e1", oplossing, date(2024, 5, 1), soort="Schuldbemiddeling"),
            _traject("e1", uitstroom, date(2025, 3, 1), reden="Afgerond", datum="2025-03-01"),
            _traject("e1", EINDE, date(2025, 3, 1), resultaat="geslaagd"),
            # An explicit end only; the later of two solutions gives the kind.
            _traject("e2", oplossing, date(2024, 1, 1), soort="Schuldbemiddeling"),
            _traject("e2", oplossing, date(2024, 6, 1), soort="Saneringskrediet"),
            _traject("e2", EINDE, date(2025, 4, 1), resultaat="geslaagd"),
            # An explicit end without a solution: kind unknown, not successful.
            _traject("e3", EINDE, date(2025, 5, 1), resultaat="voortijdig beëindigd"),
            # An explicit end before the period: not counted.
            _traject("e4", oplossing, date(2023, 1, 1), soort="Schuldbemiddeling"),
            _traject("e4", EINDE, date(2024, 12, 31), resultaat="geslaagd"),
        ],
    )
    codes = ["schuldregelingen-geslaagd", "succes-saneringskrediet", "succes-schuldbemiddeling"]

    jaar = _waarden(reporting, JAAR, codes)
    leeg = _waarden(reporting, LEEG, codes)

    geslaagd, krediet, bemiddeling = (jaar[c] for c in codes)
    assert (geslaagd["teller"], geslaagd["noemer"]) == (2, 3)
    assert (krediet["teller"], krediet["noemer"]) == (1, 1)
    assert (bemiddeling["teller"], bemiddeling["noemer"]) == (1, 1)
    assert [leeg[c]["noemer"] for c in codes] == [0, 0, 0]
