"""The annual council report: indicator table against targets, charts of the trends."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from shared.testing import auth_header
from tests.reporting import scenario
from tests.reporting.feed import Feeds


def _load(reporting: TestClient, feeds: Feeds) -> None:
    scenario.all_sources(feeds)
    for bron in ("intake", "signals", "trajectory"):
        reporting.post(f"/v1/bronnen/{bron}/inhaalacties", headers=auth_header("admin"))


def test_the_report_renders_every_indicator_against_its_target(reporting: TestClient, feeds: Feeds):
    _load(reporting, feeds)

    response = reporting.get("/v1/raadsrapportages/2026", headers=auth_header("kwaliteit"))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "Schuldhulpverlening Amstelveen: indicatoren 2026" in html
    assert "Aanvragen schuldhulpverlening" in html
    assert "≥ 200" in html
    assert "(niet gehaald)" in html
    assert "Crisis: eerste gesprek binnen 3 werkdagen" in html
    assert "kanaal: balie 1.0, telefoon 2.0, vroegsignaal 1.0" in html
    for key in (scenario.A, scenario.E):
        assert key not in html


def test_the_report_judges_a_range_target_as_the_json_does(reporting: TestClient, feeds: Feeds):
    body = {"soort": "stoppen-met-roken", "aantal": 20, "beginDatum": "2026-03-01",
            "eindDatum": "2026-06-30", "bron": "GGD"}  # fmt: skip
    reporting.post("/v1/activiteiten", json=body, headers=auth_header("kwaliteit"))

    html = reporting.get("/v1/raadsrapportages/2026", headers=auth_header("bi")).text
    item = reporting.get(
        "/v1/indicatoren/stoppen-met-roken?jaar=2026", headers=auth_header("bi")
    ).json()

    rij = html[html.index("Inwoners geholpen met stoppen met roken") :]
    rij = rij[: rij.index("</tr>")]
    assert "10–15" in rij
    assert "(niet gehaald)" in rij
    assert item["streefwaardeGehaald"] is False


def _waarden(svg: str) -> list[str]:
    """The values pygal drew, line after line, month after month."""
    return re.findall(r'<desc class="value">([^<]*)</desc>', svg)


def test_the_report_has_charts_of_the_monthly_trends_drawn_on_the_server(
    reporting: TestClient, feeds: Feeds
):
    _load(reporting, feeds)

    html = reporting.get("/v1/raadsrapportages/2026", headers=auth_header("bi")).text

    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svgs) == 3
    assert "<title>Instroom, 2026</title>" in svgs[0]
    assert "<title>Vroegsignalering, 2026</title>" in svgs[1]
    # Meldingen (Aanmeldingen, the first line): m1 and m2 in March, m3 in April, m4 in May.
    assert _waarden(svgs[0])[:6] == ["0", "0", "2", "1", "1", "0"]
    assert "Aanmeldingen" in svgs[0]
    # Offline: nothing is loaded from elsewhere (no script or stylesheet sources, no CDN).
    assert not re.search(r"<script[^>]+src=", html)
    assert "<link" not in html
    assert "cdn" not in html.lower()


def test_the_charts_figures_are_in_tables_too(reporting: TestClient, feeds: Feeds):
    _load(reporting, feeds)

    html = reporting.get("/v1/raadsrapportages/2026", headers=auth_header("bi")).text

    rij = re.search(r"<tr><td>Aanmeldingen</td>(.*?)</tr>", html)
    assert rij is not None
    assert re.findall(r'<td class="num">([^<]*)</td>', rij.group(1))[:6] == [
        "0.0", "0.0", "2.0", "1.0", "1.0", "0.0",
    ]  # fmt: skip


def test_the_report_escapes_what_it_shows(reporting: TestClient, feeds: Feeds):
    feeds.intake.add(
        "intake.melding.geregistreerd",
        "2026-01-05",
        {"meldingId": "m1", "kanaal": "<script>alert(1)</script>"},
    )
    _load(reporting, feeds)

    html = reporting.get("/v1/raadsrapportages/2026", headers=auth_header("bi")).text

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_report_is_not_for_case_workers(reporting: TestClient):
    response = reporting.get("/v1/raadsrapportages/2026", headers=auth_header("consulent"))

    assert response.status_code == 403


def test_a_year_out_of_range_is_a_400(reporting: TestClient):
    response = reporting.get("/v1/raadsrapportages/1999", headers=auth_header("bi"))

    assert response.status_code == 400
