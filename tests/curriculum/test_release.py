"""Student editions: no solution, hidden test or teacher note survives; sources are never touched."""

import json
import re
from pathlib import Path

import pytest

from stemkit.cli import main
from stemkit.curriculum.notebook import cell_source, find_lessons, read_notebook, repo_root
from stemkit.curriculum.release import ReleaseError, release, student_edition

ROOT = repo_root(Path(__file__).parent)
SOLUTION_BLOCK = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
HIDDEN_BLOCK = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
LESSONS = find_lessons(ROOT)


def secrets_of(nb):
    """Every solution line, hidden-test line and teacher note of a teacher source."""
    found = []
    for cell in nb["cells"]:
        src = cell_source(cell)
        if "teacher" in cell["metadata"].get("tags", []):
            found += [line.strip() for line in src.splitlines() if len(line.strip()) > 25]
        for block in SOLUTION_BLOCK.findall(src) + HIDDEN_BLOCK.findall(src):
            found += [line.strip() for line in block.splitlines() if line.strip()]
    return found


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lf: lf.lesson_id)
def test_student_edition_holds_no_secret(lesson):
    teacher = read_notebook(lesson.path)
    student = student_edition(teacher)
    text = json.dumps(student, ensure_ascii=False)
    visible = "\n".join(cell_source(c) for c in student["cells"])
    # what the teacher source shows outside solution blocks, hidden tests and teacher notes
    public = "\n".join(HIDDEN_BLOCK.sub("", SOLUTION_BLOCK.sub("", cell_source(c))) for c in teacher["cells"]
                       if "teacher" not in c["metadata"].get("tags", []))
    for secret in secrets_of(teacher):
        if secret not in public:
            assert secret not in visible, f"{lesson.lesson_id}: {secret!r} leaked into the student edition"
    assert "### BEGIN SOLUTION" not in text and "### BEGIN HIDDEN TESTS" not in text
    assert '"teacher"' not in text
    # answer cells keep their nbgrader metadata and become a blank to fill in
    answers = [c for c in student["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert answers and all("raise NotImplementedError()" in cell_source(c) for c in answers)
    assert sum(1 for c in student["cells"] if c["metadata"].get("nbgrader", {}).get("grade")) >= 3


def test_blank_keeps_indentation_and_scaffold():
    nb = {"cells": [{"cell_type": "code", "metadata": {"nbgrader": {"solution": True, "grade_id": "x"}},
                     "source": "def f(x):\n    \"\"\"doc\"\"\"\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n",
                     "outputs": [{"output_type": "stream"}], "execution_count": 4}],
          "metadata": {"widgets": {}}}
    out = student_edition(nb)
    assert out["cells"][0]["source"] == 'def f(x):\n    """doc"""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n'
    assert out["cells"][0]["outputs"] == [] and out["cells"][0]["execution_count"] is None
    assert "widgets" not in out["metadata"]
    assert nb["cells"][0]["execution_count"] == 4  # the input is untouched


def test_release_writes_tracks_and_refuses_unsafe_targets(tmp_path):
    before = {lf.path: lf.path.read_bytes() for lf in LESSONS}
    out = tmp_path / "student"
    written = release(None, out=out, root=ROOT)
    assert len(written) == len(LESSONS)
    assert (out / "start" / "01-welcome.ipynb").exists()
    with pytest.raises(ReleaseError, match="not empty"):
        release(None, out=out, root=ROOT)
    release(["start-01"], out=out, force=True, root=ROOT)
    assert [p.name for p in out.rglob("*.ipynb")] == ["01-welcome.ipynb"]
    for bad in (ROOT / "lessons", ROOT / "lessons" / "start", ROOT):
        with pytest.raises(ReleaseError, match="teacher sources"):
            release(None, out=bad, force=True, root=ROOT)
    assert {lf.path: lf.path.read_bytes() for lf in LESSONS} == before


def test_release_cli_unknown_lesson(tmp_path, capsys):
    assert main(["release", "robotics-99", "--out", str(tmp_path / "x")]) == 1
    assert "no lesson 'robotics-99'" in capsys.readouterr().err
