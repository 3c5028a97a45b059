"""Student editions: no solution, hidden test or teacher note survives; sources are never touched."""

import json
import re
from pathlib import Path

import pytest

from stemkit.checks.seal import KEY_FIELD
from stemkit.cli import main
from stemkit.curriculum.notebook import cell_source, find_lessons, read_notebook, repo_root
from stemkit.curriculum.outputs import open_output
from stemkit.curriculum.release import ReleaseError, blank_edition, release

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
def test_blank_edition_holds_no_solution_hidden_test_or_teacher_note(lesson):
    teacher = read_notebook(lesson.path)
    student = blank_edition(teacher)
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
    out = blank_edition(nb)
    assert out["cells"][0]["source"] == 'def f(x):\n    """doc"""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n'
    assert out["cells"][0]["outputs"] == [] and out["cells"][0]["execution_count"] is None
    assert "widgets" not in out["metadata"]
    assert nb["cells"][0]["execution_count"] == 4  # the input is untouched


def test_release_writes_sealed_editions_and_refuses_unsafe_targets(tmp_path):
    before = {lf.path: lf.path.read_bytes() for lf in LESSONS}
    out = tmp_path / "student"
    written = release(["start", "electronics-01"], out=out, root=ROOT)
    assert sorted(p.relative_to(out).as_posix() for p in written) == ["electronics/01-ohms-law.ipynb",
                                                                     "start/01-welcome.ipynb"]
    for path in written:
        nb = read_notebook(path)
        assert nb["metadata"][KEY_FIELD]["lesson"] == nb["metadata"]["stemkit"]["id"]
        checks = [cell_source(c) for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
        assert checks and all(c.startswith("from stemkit.checks import check\ncheck(") for c in checks)
    with pytest.raises(ReleaseError, match="not empty"):
        release(["start"], out=out, root=ROOT)
    release(["start-01"], out=out, force=True, root=ROOT)
    assert [p.name for p in out.rglob("*.ipynb")] == ["01-welcome.ipynb"]
    for bad in (ROOT / "lessons", ROOT / "lessons" / "start", ROOT):
        with pytest.raises(ReleaseError, match="teacher sources"):
            release(None, out=bad, force=True, root=ROOT)
    assert {lf.path: lf.path.read_bytes() for lf in LESSONS} == before


def test_a_lesson_whose_own_check_fails_is_not_released(tmp_path):
    from stemkit.curriculum.authoring import Lesson

    lesson = Lesson("start-91", title="Broken", track="start", level=1, duration_min=10, objectives=["x"],
                    keypoints=["x"], kit=[])
    lesson.setup("from stemkit import checks")
    lesson.exercise("1.1", points=1, prompt="Store 2 in `two`.",
                    answer="### BEGIN SOLUTION\ntwo = 3\n### END SOLUTION",
                    check='checks.number("start-91-ex1-1", "two", expected=2, points=1, hints=["a", "b"])')
    src = lesson.save(tmp_path / "course" / "lessons" / "start" / "91-broken.ipynb")
    (tmp_path / "course" / "pyproject.toml").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    open_output(out, command="release").write_text("start/old.ipynb", "{}")   # an earlier release
    with pytest.raises(ReleaseError, match=r"cell \d+ fails in the teacher source.*two is not right"):
        release([str(src)], out=out, force=True, root=tmp_path / "course")
    assert (out / "start" / "old.ipynb").exists()   # the last good release is kept


def test_a_lessons_sketches_go_beside_its_edition(tmp_path):
    out = tmp_path / "student"
    release(["electronics-07"], out=out, root=ROOT)
    sketch = out / "electronics" / "sketches" / "electronics-07" / "sensor_logger" / "sensor_logger.ino"
    assert sketch.read_bytes() == (ROOT / "lessons" / sketch.relative_to(out)).read_bytes()
    assert not (out / "electronics" / "sketches" / "electronics-06").exists()


def test_force_replaces_only_what_stemkit_wrote(tmp_path):
    out = tmp_path / "student"
    release(["start-01"], out=out, root=ROOT)
    (out / "my-notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(ReleaseError, match="replaces only files stemkit wrote.*my-notes.md"):
        release(["start-01"], out=out, force=True, root=ROOT)
    assert (out / "my-notes.md").read_text(encoding="utf-8") == "mine" and (out / "start" / "01-welcome.ipynb").exists()
    (out / "my-notes.md").unlink()
    assert release(["start-01"], out=out, force=True, root=ROOT) == [out.resolve() / "start" / "01-welcome.ipynb"]


def test_release_cli_unknown_lesson(tmp_path, capsys):
    assert main(["release", "robotics-99", "--out", str(tmp_path / "x")]) == 2
    assert "no lesson 'robotics-99'" in capsys.readouterr().err


def test_keys_can_be_recorded_in_parallel_from_a_notebook(monkeypatch):
    """IPython's stand-in __main__ has no __spec__, which the spawn start method reads."""
    import sys

    from stemkit.curriculum.key import spawn_context

    class StandIn:   # what IPython puts in sys.modules["__main__"]
        pass

    monkeypatch.setitem(sys.modules, "__main__", StandIn())
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=spawn_context()) as pool:
        assert pool.submit(abs, -3).result(timeout=60) == 3
