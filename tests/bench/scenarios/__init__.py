"""The scenario registry: every module in this package that defines `SCENARIOS` is found.

Add a module (e.g. `intake.py`) with `SCENARIOS = [Scenario(...), ...]`; see tests/bench/README.md.
Names must be unique across modules.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from tests.bench.scenario import Scenario


@cache
def all_scenarios() -> dict[str, Scenario]:
    found: dict[str, Scenario] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for scenario in getattr(module, "SCENARIOS", ()):
            if scenario.name in found:
                raise ValueError(f"two scenarios are named {scenario.name!r}")
            found[scenario.name] = scenario
    return found


def get_scenario(name: str) -> Scenario:
    scenarios = all_scenarios()
    if name not in scenarios:
        raise KeyError(f"no scenario {name!r}; known: {', '.join(scenarios)}")
    return scenarios[name]
