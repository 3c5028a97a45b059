"""Fuzzing lesson metadata: whatever a notebook's ``metadata.stemkit`` and cells hold, the teacher guide
is still written and the lint reports problems instead of crashing.

A few seconds in ``make test``; ``make fuzz`` runs many more examples (``STEMKIT_FUZZ=long``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stemkit.curriculum.guide import lesson_meta, parse_kit_item, render_guide, track_kit
from stemkit.curriculum.notebook import NotebookError, read_notebook

REPO = Path(__file__).resolve().parents[1]
LONG = os.environ.get("STEMKIT_FUZZ") == "long"
#: A few seconds per test in ``make test``; about two minutes each in ``make fuzz``.
FUZZ = settings(max_examples=2_500 if LONG else 60, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False)
                    | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
FIELDS = ["id", "title", "track", "level", "duration_min", "objectives", "keypoints", "kit", "prerequisites",
          "datasets", "licence"]
META = st.one_of(JSON, st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=len(FIELDS)),
                 st.fixed_dictionaries({"id": st.just("electronics-01"), "title": st.text(max_size=20),
                                        "track": st.just("electronics"), "level": st.integers(0, 4) | JSON,
                                        "duration_min": st.integers(-5, 500) | JSON,
                                        "kit": st.lists(st.text(max_size=20) | JSON, max_size=4) | JSON,
                                        "objectives": st.lists(st.text(max_size=20), max_size=3) | JSON}))
CELL = st.one_of(JSON, st.fixed_dictionaries({
    "cell_type": st.sampled_from(["code", "markdown", "raw", 3]),
    "metadata": st.one_of(JSON, st.fixed_dictionaries({"tags": st.lists(st.sampled_from(["teacher", "explore", 1]))
                                                                | JSON,
                                                        "nbgrader": JSON})),
    "source": st.one_of(st.text(max_size=40), st.lists(st.text(max_size=10) | JSON, max_size=3),
                        st.just("### Exercise 1.1 (2 points)")),
}))
BASE = json.loads((REPO / "lessons" / "start" / "01-welcome.ipynb").read_text(encoding="utf-8"))


def _write(root: Path, meta, cells) -> Path:
    nb = {"cells": cells, "metadata": {**BASE["metadata"], "stemkit": meta}, "nbformat": 4, "nbformat_minor": 5}
    path = root / "lessons" / "electronics" / "01-fuzzed.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    base = tmp_path_factory.mktemp("course")
    (base / "lessons" / "electronics").mkdir(parents=True)
    (base / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    return base


@FUZZ
@given(META, st.lists(CELL, max_size=4))
@example([1, 2], [])
@example({"kit": "breadboard", "duration_min": "long", "prerequisites": [[1]], "level": [1]}, [{"source": [1]}])
def test_the_guide_is_written_whatever_the_metadata(root, meta, cells):
    _write(root, meta, cells)
    page = render_guide("electronics", root)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    clean = lesson_meta({"metadata": {"stemkit": meta}})
    assert set(clean) <= set(FIELDS)
    track_kit([clean, meta if isinstance(meta, dict) else {}])


@settings(FUZZ, max_examples=50_000 if LONG else 200)
@given(st.text(max_size=60))
@example("0\r0")
def test_kit_items_are_read_or_refused(text):
    try:
        count, name, key = parse_kit_item(text)
    except ValueError:
        assert not text.strip()
        return
    assert count >= 1 and name and isinstance(key, str)


@FUZZ
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_reading_any_file_as_a_notebook_gives_a_notebook_or_a_notebook_error(root, data):
    path = root / "any.ipynb"
    path.write_bytes(data)
    try:
        nb = read_notebook(path)
    except NotebookError as exc:
        assert str(path) in str(exc)
        return
    assert isinstance(nb["cells"], list)


KNOWN_CRASHES = [([1, 2], []), ({"prerequisites": [{}]}, []), ({}, [{"metadata": []}]), ({}, [1, "x"]),
                 ({"timing": [1], "maths": [{}], "level": [1], "duration_min": "x"}, [{"metadata": {"nbgrader": []}}])]


def test_the_lint_reports_problems_whatever_the_metadata(root):
    from stemkit.curriculum.lint import lint_notebook

    def lint(meta, cells):
        problems, _nb = lint_notebook(_write(root, meta, cells), known_ids={"electronics-01", "start-01"})
        assert all(str(p) for p in problems)

    for meta, cells in KNOWN_CRASHES:   # each once crashed the lint; now each is a problem it reports
        lint(meta, cells)

    FUZZ(given(META, st.lists(CELL, max_size=4))(lint))()
