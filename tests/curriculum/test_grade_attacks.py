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
EX = "electronics-03-ex"
POINTS = {"1-1": 2, "2-1": 2, "2-2": 3, "3-1": 2, "3-2": 2}
ONES = {"1-1": "total_series = 1", "2-1": "total_parallel = 1", "2-2": "def parallel_two(r1, r2):\n    return 1",
        "3-1": "v_out = 1", "3-2": "v_loaded = 1"}
YES = "class Yes:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\n"

# student -> (answers by exercise, exercises whose real answers are right)
STUDENTS = {
    "patches-the-track-module": ({**ONES, "1-1": "import stemkit.electronics.networks as n\n"
                                  "n.series = n.parallel = n.voltage_divider = lambda *a, **k: 1\ntotal_series = 1"}, []),
    "patches-numpy": ({**ONES, "2-1": "import math\nimport numpy as np\n"
                       "np.allclose = np.isclose = lambda *a, **k: True\nmath.isclose = lambda *a, **k: True\n"
                       "np.asarray = lambda *a, **k: 1\ntotal_parallel = 1", "1-1": None}, ["1-1"]),
    "always-equal": ({"1-1": YES + "total_series = Yes()", "2-1": YES + "total_parallel = Yes()",
                      "2-2": YES + "def parallel_two(r1, r2):\n    return Yes()", "3-1": YES + "v_out = Yes()",
                      "3-2": YES + "v_loaded = Yes()"}, []),
    "redefines-checks": ({**ONES, "1-1": "import builtins\nimport stemkit.checks as c\n"
                          "c.judge = lambda *a, **k: (True, '', '')\nc.number = c.function = lambda *a, **k: None\n"
                          "checks = None\nbuiltins.AssertionError = Exception\ntotal_series = 1", "2-1": None}, ["2-1"]),
    "exits-in-an-answer": ({"3-1": "import os\nos._exit(1)"}, ["1-1", "2-1", "2-2", "3-2"]),
    "exits-in-another-cell": ({}, list(POINTS)),
}


def submission(teacher, edition, answers, *, extra_cell=None):
    """The sealed edition with the teacher's solutions, except where ``answers`` says otherwise (None: solution)."""
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: cell_source(c) for c in teacher["cells"]
                 if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    nb = copy.deepcopy(edition)
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution") and gid in solutions:
            mine = answers.get(gid[len(EX):])
            cell["source"] = solutions[gid] if mine is None else mine
    if extra_cell:
        nb["cells"].insert(3, {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                               "source": extra_cell, "id": "student-extra"})
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attacks")
    teacher = read_notebook(LESSON)
    edition = student_edition(teacher, record_lessons([LESSON], jobs=1, cache=True)[0])
    for student, (answers, _right) in STUDENTS.items():
        extra = "import os\nos._exit(1)" if student == "exits-in-another-cell" else None
        write_notebook(submission(teacher, edition, answers, extra_cell=extra), folder / student / LESSON.name)
    return grade_class(folder, [LESSON], cell_timeout=20, notebook_timeout=120, progress_stream=None, jobs=2)


@pytest.mark.parametrize("student", list(STUDENTS))
def test_each_student_gets_exactly_what_the_real_answers_deserve(graded, student):
    result = graded.result(student, "electronics-03")
    got = {gid[len(EX):]: ex.points for gid, ex in result.exercises.items()}
    want = {n: float(POINTS[n]) if n in STUDENTS[student][1] else 0.0 for n in POINTS}
    assert got == want, f"{student}: {got} (messages: {[ex.message for ex in result.exercises.values()]})"


def test_an_always_equal_object_is_called_by_its_type(graded):
    result = graded.result("always-equal", "electronics-03")
    assert "Yes" in result.exercises[f"{EX}1-1"].message
