"""Grading trusts nothing in a student's kernel: patches that used to earn points for wrong answers earn none.

Each student below is graded on a real lesson (electronics-03, whose checks compute their expected values
with stemkit.electronics.networks) and must get exactly the points its real answers deserve.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from stemkit.curriculum.grade import grade_class
from stemkit.curriculum.key import record_lessons
from stemkit.curriculum.notebook import cell_source, read_notebook, repo_root, write_notebook
from stemkit.curriculum.release import student_edition

pytestmark = pytest.mark.lessons
ROOT = repo_root(Path(__file__).parent)
LESSON = ROOT / "lessons" / "electronics" / "03-series-parallel-dividers.ipynb"
YES = "class Yes:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\n"
TRACK_PATCH = ("import stemkit.electronics.networks as n\n"
               "n.series = n.parallel = n.voltage_divider = lambda *a, **k: 1\n")
NUMPY_PATCH = ("import math\nimport numpy as np\nnp.allclose = np.isclose = lambda *a, **k: True\n"
               "math.isclose = lambda *a, **k: True\nnp.asarray = lambda *a, **k: 1\n")
CHECKS_PATCH = ("import builtins\nimport stemkit.checks as c\nc.judge = lambda *a, **k: (True, '', '')\n"
                "c.number = c.function = lambda *a, **k: None\nchecks = None\nbuiltins.AssertionError = Exception\n")


def _answers(key):
    """exercise -> (kind, answer name) from the lesson's answer key, in the lesson's order."""
    return {ex: (specs[0]["kind"], specs[0]["name"]) for ex, specs in key.specs.items()}


def _one(kind, name, value="1"):
    return f"def {name}(*args, **kwargs):\n    return {value}" if kind == "function" else f"{name} = {value}"


def students(key):
    """student -> (answer sources by exercise (None: the teacher's solution), exercises that deserve points)."""
    answers = _answers(key)
    exercises = list(answers)
    first, second = exercises[0], exercises[1]
    ones = {ex: _one(*answers[ex]) for ex in exercises}
    value_kind = [ex for ex in exercises if answers[ex][0] != "function"]
    dies = value_kind[-1]
    return {
        "patches-the-track-module": ({**ones, first: TRACK_PATCH + ones[first]}, []),
        "patches-numpy": ({**ones, first: None, second: NUMPY_PATCH + ones[second]}, [first]),
        "always-equal": ({ex: YES + _one(*answers[ex], value="Yes()") for ex in exercises}, []),
        "redefines-checks": ({**ones, first: CHECKS_PATCH + ones[first], second: None}, [second]),
        "exits-in-an-answer": ({dies: "import os\nos._exit(1)"}, [ex for ex in exercises if ex != dies]),
        "exits-in-another-cell": ({}, exercises),
    }


STUDENT_NAMES = ["patches-the-track-module", "patches-numpy", "always-equal", "redefines-checks",
                 "exits-in-an-answer", "exits-in-another-cell"]


def submission(teacher, edition, answers, *, extra_cell=None):
    """The sealed edition with the teacher's solutions, except where ``answers`` says otherwise (None: solution)."""
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: cell_source(c) for c in teacher["cells"]
                 if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    nb = copy.deepcopy(edition)
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution") and gid in solutions:
            mine = answers.get(gid)
            cell["source"] = solutions[gid] if mine is None else mine
    if extra_cell:
        nb["cells"].insert(3, {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                               "source": extra_cell, "id": "student-extra"})
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attacks")
    teacher = read_notebook(LESSON)
    key = record_lessons([LESSON], jobs=1, cache=True)[0]
    edition = student_edition(teacher, key)
    plan = students(key)
    for student, (answers, _right) in plan.items():
        extra = "import os\nos._exit(1)" if student == "exits-in-another-cell" else None
        write_notebook(submission(teacher, edition, answers, extra_cell=extra), folder / student / LESSON.name)
    result = grade_class(folder, [LESSON], cell_timeout=20, notebook_timeout=120, progress_stream=None, jobs=2)
    return result, plan


@pytest.mark.parametrize("student", STUDENT_NAMES)
def test_each_student_gets_exactly_what_the_real_answers_deserve(graded, student):
    result, plan = graded
    sub = result.result(student, "electronics-03")
    got = {gid: ex.points for gid, ex in sub.exercises.items()}
    want = {gid: ex.max_points if gid in plan[student][1] else 0.0 for gid, ex in sub.exercises.items()}
    assert got == want, f"{student}: {got} (messages: {[ex.message for ex in sub.exercises.values()]})"
    assert sub.max_points > 0 and len(got) >= 5


def test_an_always_equal_object_is_called_by_its_type(graded):
    result, _plan = graded
    first = next(iter(result.result("always-equal", "electronics-03").exercises.values()))
    assert "Yes" in first.message
