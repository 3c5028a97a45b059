"""Every student edition runs with every graded check failing and every other cell passing.

This is what proves each check can fail: the blank answer (raise NotImplementedError())
must make its check say "not attempted", and no other cell may depend on an answer.
"""

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

from stemkit.curriculum.notebook import find_lessons, read_notebook, repo_root  # noqa: E402
from stemkit.curriculum.release import student_edition  # noqa: E402

pytestmark = pytest.mark.lessons
ROOT = repo_root(Path(__file__).parent)
LESSONS = find_lessons(ROOT)
CHECK_FAILURES = {"NotAttempted", "CheckFailed"}


def run(nb_dict, cwd):
    nb = nbformat.from_dict(nb_dict)
    client = nbclient.NotebookClient(nb, timeout=120, allow_errors=True, kernel_name="python3",
                                     resources={"metadata": {"path": str(cwd)}})
    env = dict(os.environ, STEMKIT_PROGRESS=os.devnull, MPLBACKEND="Agg")
    client.execute(env=env)
    return nb


def error_of(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out["ename"], "\n".join(out.get("traceback", []))
    return None


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lf: lf.lesson_id)
def test_student_edition_fails_every_check_and_runs_the_rest(lesson, tmp_path):
    nb = run(student_edition(read_notebook(lesson.path)), lesson.path.parent)
    graded = 0
    for index, cell in enumerate(nb.cells):
        nbg = cell.metadata.get("nbgrader", {})
        err = error_of(cell)
        where = f"{lesson.lesson_id} cell {index}"
        if nbg.get("grade"):
            graded += 1
            assert err is not None, f"{where}: graded check passed in the student edition (it can never fail)"
            assert err[0] in CHECK_FAILURES, f"{where}: check failed with {err[0]} instead of a friendly message:\n{err[1][:800]}"
            assert "Traceback" not in err[1], f"{where}: the student sees a traceback"
        elif nbg.get("solution") and cell.cell_type == "code":
            # a blank at top level raises; a blank inside a def only raises when the function is called
            assert err is None or err[0] == "NotImplementedError", f"{where}: blank answer cell fails with {err[0]}:\n{err[1][:800]}"
        else:
            assert err is None, f"{where}: a non-graded cell fails in the student edition ({err[0]}):\n{err[1][:800]}"
    assert graded >= 3
