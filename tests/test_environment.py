"""environment.yml (conda) names the same runtime packages as pyproject.toml."""

import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _conda_dependencies() -> list[str]:
    deps, in_deps = [], False
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if in_deps and re.match(r"^  - [^ ]", line) and not line.strip().endswith(":"):
            deps.append(line.strip()[2:])
    return deps


def test_conda_environment_matches_runtime_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    conda = {_name(d) for d in _conda_dependencies()} - {"python", "pip"}
    assert conda == runtime, f"only in environment.yml: {sorted(conda - runtime)}; only in pyproject: {sorted(runtime - conda)}"


def test_conda_environment_installs_the_package_last():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"- pip:\n\s+- -e \.\s*$", text), "environment.yml must end with a pip install of the package"


def test_runtime_dependencies_hold_no_dev_tools():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    assert not runtime & {"pytest", "nbval", "nbgrader", "ruff", "hypothesis", "trimesh", "networkx"}
