"""The Dockerfile, read as instructions (no container engine runs in CI): multi-stage on
python:3.11-slim, the locked runtime dependencies synced in the builder, a non-root runtime
with a health check and the entry point; and a build context holding what the image copies."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO_ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order; continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, "a continuation runs off the end"
    return [(text.split(None, 1)[0].upper(), text.split(None, 1)[1]) for text in logical]


def stages() -> dict[str, list[tuple[str, str]]]:
    result: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for instruction, arguments in instructions():
        if instruction == "FROM":
            name = arguments.split()[-1] if " AS " in arguments.upper() else str(len(result))
            current = result.setdefault(name, [])
        if current is not None:
            current.append((instruction, arguments))
    return result


def build_args() -> dict[str, str]:
    return dict(
        arguments.split("=", 1) for instruction, arguments in instructions() if instruction == "ARG"
    )


def exec_form(arguments: str) -> list[str]:
    value = json.loads(arguments)
    assert isinstance(value, list), "exec form, so the process gets the signals itself"
    return [str(item) for item in value]


def last(stage: list[tuple[str, str]], instruction: str) -> str:
    found = [arguments for name, arguments in stage if name == instruction]
    assert found, f"no {instruction}"
    return found[-1]


def test_two_stages_on_python_3_11_slim() -> None:
    all_stages = stages()
    assert list(all_stages) == ["builder", "runtime"]
    assert build_args()["PYTHON_IMAGE"] == "python:3.11-slim"
    for stage in all_stages.values():
        assert stage[0][1].split()[0] == "${PYTHON_IMAGE}"


def test_the_builder_syncs_the_locked_runtime_dependencies_into_a_venv() -> None:
    builder = stages()["builder"]
    runs = " ".join(arguments for name, arguments in builder if name == "RUN")
    sync = re.search(r"uv sync ([^&;]*)", runs)
    assert sync is not None
    assert {"--frozen", "--no-dev"} <= set(sync.group(1).split())
    assert "UV_PROJECT_ENVIRONMENT=/app/.venv" in last(builder, "ENV")
    makefile = (REPO_ROOT / "Makefile").read_text()
    pinned = re.search(r"^UV_VERSION := (\S+)", makefile, re.MULTILINE)
    assert pinned is not None
    assert build_args()["UV_VERSION"] == pinned.group(1), "the Makefile's uv"


def test_the_runtime_is_small_unprivileged_and_healthchecked() -> None:
    runtime = stages()["runtime"]
    copies = [arguments for name, arguments in runtime if name == "COPY"]
    assert "--from=builder /app/.venv /app/.venv" in copies
    user = last(runtime, "USER")
    assert user.split(":")[0] not in ("root", "0")
    assert user.split(":")[0].isdigit(), "numeric, so runAsNonRoot can verify it"
    assert not any(name == "RUN" and "uv " in arguments for name, arguments in runtime)
    health = last(runtime, "HEALTHCHECK")
    assert exec_form(health.split("CMD", 1)[1].strip()) == [
        "python",
        "-m",
        "deploy.healthcheck",
    ]
    assert exec_form(last(runtime, "CMD")) == ["python", "-m", "deploy.serve"]
    assert last(runtime, "STOPSIGNAL") == "SIGTERM"
    env = shlex.split(last(runtime, "ENV"))
    assert "PATH=/app/.venv/bin:$PATH" in env
    assert "PORT=8000" in env
    assert "EXPOSE" in {name for name, _ in runtime}


def dockerignore_patterns() -> list[str]:
    lines = (REPO_ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def in_build_context(relative: str) -> bool:
    """Whether .dockerignore lets `relative` into the context (last matching rule wins)."""
    included = True
    for pattern in dockerignore_patterns():
        negated = pattern.startswith("!")
        rule = pattern[1:] if negated else pattern
        rule = rule.rstrip("/")
        parts = Path(relative).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if rule.startswith("**/"):
            hit = any(fnmatch.fnmatch(part, rule[3:]) for part in parts)
        else:
            hit = any(fnmatch.fnmatch(prefix, rule) for prefix in prefixes)
        if hit:
            included = negated
    return included


def copied_sources() -> list[str]:
    sources: list[str] = []
    for name, arguments in instructions():
        if name == "COPY" and not arguments.startswith("--from"):
            *paths, _destination = arguments.split()
            sources.extend(path.rstrip("/") for path in paths)
    return sources


@pytest.mark.parametrize("source", copied_sources())
def test_what_the_image_copies_exists_and_is_in_the_build_context(source: str) -> None:
    assert (REPO_ROOT / source).exists()
    assert in_build_context(source)


def test_the_context_leaves_out_tests_databases_and_the_local_venv() -> None:
    for path in (".venv/bin/python", "tests/conftest.py", "var/intake.db", "docs/operations.md"):
        assert not in_build_context(path), path
    assert not in_build_context("shared/__pycache__/db.cpython-311.pyc")
    assert in_build_context("services/intake/migrations/env.py")


def test_the_modules_the_image_runs_import_only_what_it_copies() -> None:
    copied_deploy = {Path(s).stem for s in copied_sources() if s.startswith("deploy/")}
    for module in ("serve", "migrate", "healthcheck"):
        assert module in copied_deploy
        text = (REPO_ROOT / "deploy" / f"{module}.py").read_text()
        for imported in re.findall(r"^from deploy(?:\.| import )(\w+)", text, re.MULTILINE):
            assert imported in copied_deploy, f"deploy/{module}.py needs deploy/{imported}.py"
