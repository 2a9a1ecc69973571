"""docs/operations.md names every environment variable the services and the image read, and
no variable that nothing reads."""

from __future__ import annotations

import re
from pathlib import Path

from tests.deploy.variables import all_variables

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def table_variables() -> set[str]:
    """The backticked names in the first column of the table under '## Configuration'."""
    text = DOC.read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_column = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_column))
    return names


def test_the_configuration_table_lists_every_variable() -> None:
    missing = all_variables() - table_variables()
    assert not missing, (
        f"new settings {sorted(missing)}: add a row to the table under Configuration in "
        "docs/operations.md (name, default, meaning)"
    )


def test_the_configuration_table_lists_nothing_that_is_not_read() -> None:
    stale = table_variables() - all_variables()
    assert not stale, f"docs/operations.md lists variables nothing reads: {sorted(stale)}"
