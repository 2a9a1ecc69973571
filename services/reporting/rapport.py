"""The annual council report: the indicator table against targets and the main trends per month.

Rendered as one printable HTML page. The charts are drawn by Chart.js (a maintained charting
library, pinned to one version) from data embedded in the page; every chart also has its
figures in a table, so the printed report and a reader without scripts lose nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
from sqlalchemy.orm import Session

from services.reporting import service
from services.reporting.indicatoren import catalogus
from services.reporting.indicatoren.context import Context, Periode
from services.reporting.indicatoren.definitie import Groep
from shared.policy import Policy

CHART_JS = "https://cdn.jsdelivr.net/npm/chart.js@4.4.6/dist/chart.umd.min.js"
MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
# The trends the council follows month by month (seed §8.2): (title, indicator codes).
TRENDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Instroom", ("aanmeldingen", "intakes", "aanvragen")),
    ("Vroegsignalering", ("signalen-verwerkt", "signalen-unieke-inwoners")),
    ("Tijdigheid (%)", ("eerste-gesprek-binnen-norm", "crisis-binnen-3-werkdagen")),
)

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class Reeks:
    """One line of a trend chart: an indicator's value per month."""

    code: str
    naam: str
    waarden: list[float | None]


def _maanden(jaar: int) -> list[Periode]:
    starts = [date(jaar, m, 1) for m in range(1, 13)]
    ends = [*starts[1:], date(jaar + 1, 1, 1)]
    return [Periode(s, e, "maand") for s, e in zip(starts, ends, strict=True)]


def trends(ctx_jaar: Context, jaar: int) -> list[tuple[str, list[Reeks]]]:
    """Per trend, each indicator's value per month (the year's facts, re-cut by month)."""
    result = []
    for titel, codes in TRENDS:
        reeksen = []
        for code in codes:
            definitie = catalogus.PER_CODE[code]
            waarden = [
                definitie.bereken(replace(ctx_jaar, periode=maand)).waarde
                for maand in _maanden(jaar)
            ]
            reeksen.append(Reeks(code, definitie.naam, waarden))
        result.append((titel, reeksen))
    return result


def render(session: Session, *, policy: Policy, jaar: int) -> str:
    """The council report of a calendar year as HTML."""
    periode = Periode(date(jaar, 1, 1), date(jaar + 1, 1, 1), "jaar")
    ctx = service.context_voor(session, policy=policy, periode=periode)
    resultaten = catalogus.bereken_alle(ctx)
    groepen = [
        (groep, [service.indicator_read(r) for r in resultaten if r.definitie.groep == groep])
        for groep in Groep
    ]
    reeksen = trends(ctx, jaar)
    charts = [
        {
            "id": f"trend-{i}",
            "titel": titel,
            "config": {
                "type": "line",
                "data": {
                    "labels": list(MAANDEN),
                    "datasets": [{"label": r.naam, "data": r.waarden} for r in series],
                },
                "options": {"animation": False, "responsive": True},
            },
            "reeksen": series,
        }
        for i, (titel, series) in enumerate(reeksen)
    ]
    template = _ENV.get_template("raadsrapportage.html.j2")
    return template.render(
        jaar=jaar,
        gemeente=policy.naam,
        groepen=groepen,
        charts=charts,
        maanden=MAANDEN,
        bronnen=service.bron_standen(session),
        chart_js=CHART_JS,
        gemaakt=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
