"""The annual council report: the indicator table against targets and the main trends per month.

Rendered as one printable HTML page that works offline: the charts are SVG drawn on the server
by pygal (a maintained pure-Python charting library: SVG straight from Python, no browser, no
CDN, no native dependencies, a few milliseconds per chart), inlined in the page. Every chart also
has its figures in a table, for print and screen readers.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
import pygal
from markupsafe import Markup
from pygal.style import Style
from sqlalchemy import Connection

from services.reporting import service
from services.reporting.indicatoren import geaggregeerd_catalogus
from services.reporting.indicatoren.bevraging import verdeeld
from services.reporting.indicatoren.catalogus import PER_CODE
from services.reporting.indicatoren.context import Periode
from services.reporting.indicatoren.definitie import Groep
from shared.policy import Policy

# pygal appends a legacy import hook for its map plugins to sys.meta_path (no find_spec), which
# makes Python 3.11 warn on every later import that reaches it (Python 3.12 ignores such hooks).
# Reporting draws no maps: take the hook out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
# The trends the council follows month by month (seed §8.2): (title, indicator codes).
TRENDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Instroom", ("aanmeldingen", "intakes", "aanvragen")),
    ("Vroegsignalering", ("signalen-verwerkt", "signalen-unieke-inwoners")),
    ("Tijdigheid (%)", ("eerste-gesprek-binnen-norm", "crisis-binnen-3-werkdagen")),
)
_STIJL = Style(
    background="white",
    plot_background="white",
    font_family="system-ui, sans-serif",
    colors=("#1f5fa8", "#c2571a", "#2d8a4e", "#7a3e9d"),
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


def trends(
    sessions: Sequence[Connection], *, policy: Policy, jaar: int
) -> list[tuple[str, list[Reeks]]]:
    """Per trend, each indicator's value per month (the months spread over the sessions)."""
    codes = [code for _, codes in TRENDS for code in codes]

    def van_maand(session: Connection, maand: Periode) -> dict[str, float | None]:
        b = service.bevraging(session, policy=policy, periode=maand)
        resultaten = geaggregeerd_catalogus.bereken_alle(b, codes)
        return {r.definitie.code: r.uitkomst.waarde for r in resultaten}

    per_maand = verdeeld(sessions, _maanden(jaar), van_maand)
    return [
        (titel, [Reeks(c, PER_CODE[c].naam, [m[c] for m in per_maand]) for c in trend_codes])
        for titel, trend_codes in TRENDS
    ]


def grafiek(titel: str, reeksen: list[Reeks], *, jaar: int) -> Markup:
    """A line chart of monthly values as inline SVG (no scripts loaded, no network)."""
    chart = pygal.Line(
        title=f"{titel}, {jaar}",
        style=_STIJL,
        width=800,
        height=340,
        js=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        allow_interruptions=True,
        x_labels=list(MAANDEN),
        min_scale=4,
    )
    for reeks in reeksen:
        chart.add(reeks.naam, reeks.waarden)
    # pygal escapes the titles and labels it writes into the SVG.
    return Markup(chart.render(is_unicode=True))  # noqa: S704 - SVG from etree, escaped


def render(sessions: Sequence[Connection], *, policy: Policy, jaar: int) -> str:
    """The council report of a calendar year as HTML, computed over the sessions (readers of
    one snapshot, `shared.db.read_only_snapshot`)."""
    session = sessions[0]
    periode = Periode(date(jaar, 1, 1), date(jaar + 1, 1, 1), "jaar")
    b = service.bevragingen(sessions, policy=policy, periode=periode)
    resultaten = geaggregeerd_catalogus.bereken_verdeeld(b)
    groepen = [
        (groep, [service.indicator_read(r) for r in resultaten if r.definitie.groep == groep])
        for groep in Groep
    ]
    charts = [
        {"titel": titel, "svg": grafiek(titel, reeksen, jaar=jaar), "reeksen": reeksen}
        for titel, reeksen in trends(sessions, policy=policy, jaar=jaar)
    ]
    template = _ENV.get_template("raadsrapportage.html.j2")
    return template.render(
        jaar=jaar,
        gemeente=policy.naam,
        groepen=groepen,
        charts=charts,
        maanden=MAANDEN,
        bronnen=service.bron_standen(session),
        gemaakt=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
