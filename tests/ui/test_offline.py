"""Nothing a student or teacher sees loads anything from the internet (a classroom may have none).

Checked: the outputs of executed lessons (pictures, HTML, scripts), every explorer's still
picture, the teacher dashboard's outputs and the class report of ``stemkit grade``. A
network address is anything ``http://``, ``https://`` or ``//host/`` that a page would
fetch: a script, a style sheet, a font (an icon font for animation buttons), a picture.
Not counted, because nothing is fetched: XML namespace names (``xmlns="http://www.w3.org/2000/svg"``),
a DOCTYPE, the RDF metadata matplotlib writes into an SVG, and a plain link a person may click
(``<a href=...>``), as in markdown text.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_HARMLESS = [
    re.compile(r"""\bxmlns(?::[\w-]+)?\s*=\s*(["']).*?\1""", re.I),       # namespace names
    re.compile(r"<!DOCTYPE[^>]*>", re.I),
    re.compile(r"<metadata\b.*?</metadata>", re.I | re.S),                 # matplotlib's RDF block
    re.compile(r"""\brdf:resource\s*=\s*(["']).*?\1""", re.I),
    re.compile(r"""<a\b[^>]*>""", re.I),                                   # a link to click, not a load
]
_NETWORK = re.compile(r"""(?:https?:)?//(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:/[^\s"'<>)]*)?""", re.I)
#: Output kinds that a front end renders (and may fetch from); text/plain is only shown as text.
RENDERED = ("text/html", "image/svg+xml", "application/javascript", "text/markdown", "text/latex")


def network_addresses(text: str) -> list[str]:
    """The addresses in ``text`` that a browser would fetch (see the module docstring)."""
    for pattern in _HARMLESS:
        text = pattern.sub(" ", text)
    found = []
    for m in _NETWORK.finditer(text):
        before = text[max(0, m.start() - 1):m.start()]
        if m[0].startswith("//") and before == ":":
            continue   # already matched with its scheme
        found.append(m[0])
    return found


def output_addresses(nb) -> list[str]:
    out = []
    for index, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []):
            for kind in RENDERED:
                value = output.get("data", {}).get(kind)
                if value:
                    text = value if isinstance(value, str) else "".join(value)
                    out += [f"cell {index} {kind}: {a}" for a in network_addresses(text)]
    return out


# --- the detector --------------------------------------------------------------------------------
def test_the_detector_finds_loads_and_passes_namespaces_and_links():
    page = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<metadata><rdf:RDF><cc:Work><dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>'
            '<dc:title>Matplotlib, https://matplotlib.org/</dc:title></cc:Work></rdf:RDF></metadata></svg>'
            '<a href="https://example.org/datasheet.pdf">datasheet</a>')
    assert network_addresses(page) == []
    player = '<link rel="stylesheet" href="https://cdnjs.cloudflare.com/ajax/libs/font-awesome/4.4.0/css/font-awesome.min.css">'
    assert network_addresses(player) == ["https://cdnjs.cloudflare.com/ajax/libs/font-awesome/4.4.0/css/font-awesome.min.css"]
    assert network_addresses("<style>@import url(//fonts.googleapis.com/css?family=Roboto);</style>") == [
        "//fonts.googleapis.com/css?family=Roboto"]
    assert network_addresses('<script src="https://unpkg.com/x.js"></script>') == ["https://unpkg.com/x.js"]


# --- explorer stills, dashboard, report: no kernel needed ----------------------------------------
def _explorers():
    from stemkit.ui import Explorer

    for name in ("stemkit.ui.welcome", "stemkit.electronics.explorers", "stemkit.robotics.explorers",
                 "stemkit.design3d.explorers"):
        module = importlib.import_module(name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Explorer) and cls is not Explorer and cls.__module__ == module.__name__:
                yield cls


def _build(cls):
    import numpy as np

    if cls.__name__ == "PlaybackExplorer":
        t = np.linspace(0, 10, 41)
        arc = np.column_stack([np.sin(t / 10), 1 - np.cos(t / 10), t / 10])
        return cls({"arc": arc, "line": np.column_stack([t / 10, 0 * t, 0 * t])}, times=t)
    return cls()


@pytest.mark.parametrize("cls", list(_explorers()), ids=lambda c: c.__name__)
def test_explorer_stills_load_nothing_from_the_internet(cls):
    explorer = _build(cls)
    bundle = explorer._repr_mimebundle_()
    for kind in RENDERED:
        if kind in bundle:
            assert network_addresses(str(bundle[kind])) == [], (cls.__name__, kind)


def test_dashboard_heatmap_and_tables_load_nothing():
    from stemkit.curriculum import dashboard, progress

    attempts = progress.demo_class(seed=5, students=8, lessons=2, exercises_per_lesson=5)
    grid = dashboard.grid_from_log(attempts)
    for shown in (dashboard.heatmap(grid, title="x")._repr_svg_(),
                  dashboard.stuck_table(dashboard.stuck_students(attempts))._repr_html_(),
                  dashboard.wrong_answers_table(dashboard.wrong_answers(attempts))._repr_html_()):
        assert network_addresses(shown) == []


def test_class_report_loads_nothing(tmp_path):
    from stemkit.curriculum.grade import (
        ClassResult,
        ExerciseResult,
        SubmissionResult,
        TeacherLesson,
        write_report,
    )

    ids = [f"start-90-ex1-{k}" for k in (1, 2, 3)]
    lesson = TeacherLesson(lesson_id="start-90", title="T", path=tmp_path / "90-t.ipynb", nb={"cells": []},
                           exercises=ids, points=dict.fromkeys(ids, 1.0), blanks={})
    subs = []
    for student, outcome in (("ana", "right"), ("ben", "wrong"), ("cai", "timed out")):
        s = SubmissionResult(student=student, lesson="start-90", path=None)
        s.exercises = {g: ExerciseResult(g, 1.0, points=float(outcome == "right"), outcome=outcome,
                                         reason="sign" if outcome == "wrong" else "", message="✗ sign")
                       for g in ids}
        subs.append(s)
    result = ClassResult(lessons=[lesson], students=["ana", "ben", "cai"], submissions=subs, cell_timeout=5,
                         notebook_timeout=30)
    text = write_report(result, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<svg" in text and network_addresses(text) == []


# --- lessons and the dashboard, executed ---------------------------------------------------------
SAMPLE = ["robotics/01-coordinates-and-motion", "electronics/06-capacitors-and-rc-timing",
          "design3d/01-coordinates-and-units", "teacher/dashboard"]


@pytest.mark.lessons
@pytest.mark.parametrize("lesson", SAMPLE)
def test_lesson_outputs_load_nothing_from_the_internet(lesson, tmp_path):
    from tests.ui.test_figure_audit import run_as_a_student

    nb = run_as_a_student(REPO / "lessons" / f"{lesson}.ipynb")
    assert output_addresses(json.loads(json.dumps(nb))) == []
