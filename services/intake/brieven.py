"""Letters to the resident, rendered with Jinja2 from templates the municipality can replace.

The built-in templates (services/intake/templates/) are written in plain Dutch at B1 level:
short sentences, everyday words, one message per paragraph. A municipality puts its own
`<soort>.txt.j2` in INTAKE_TEMPLATES_DIR; a template missing there comes from the built-in set.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jinja2

BUILT_IN = Path(__file__).parent / "templates"
BRIEF_SOORTEN = ("uitnodiging", "bevestiging")

_DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def lange_datum(day: date) -> str:
    """`dinsdag 5 mei 2026`: how a Dutch letter writes a date."""
    return f"{_DAGEN[day.weekday()]} {day.day} {_MAANDEN[day.month - 1]} {day.year}"


def environment(templates_dir: Path | None) -> jinja2.Environment:
    """Templates from the municipality's folder first, then the built-in ones."""
    folders = [str(templates_dir)] if templates_dir is not None else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, str(BUILT_IN)]),
        # Plain-text letters: nothing to escape; a missing value must fail, not print blank.
        autoescape=False,  # noqa: S701
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["lange_datum"] = lange_datum
    return env


def render(env: jinja2.Environment, soort: str, context: dict[str, Any]) -> str:
    """The letter of kind `soort` for the given values."""
    if soort not in BRIEF_SOORTEN:
        raise ValueError(f"unknown letter {soort!r}")
    return env.get_template(f"{soort}.txt.j2").render(**context)
