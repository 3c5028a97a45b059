"""nbgrader round trip with the real nbgrader, lessons/ as its source directory.

generate_assignment must accept every track; autograde must give full points to the
teacher source and zero to the blank student edition.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")

from stemkit.checks.seal import KEY_FIELD  # noqa: E402
from stemkit.curriculum.notebook import TRACKS, cell_source, find_lessons, repo_root  # noqa: E402

pytestmark = pytest.mark.lessons
ROOT = repo_root(Path(__file__).parent)
TRACKS_PRESENT = sorted({lf.track for lf in find_lessons(ROOT)}, key=TRACKS.index)


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    # the project's own nbgrader settings (they seal the checks), with nbgrader's folders inside this course
    (course / "nbgrader_config.py").write_text(
        f"exec(open({str(ROOT / 'nbgrader_config.py')!r}, encoding='utf-8').read())\n"
        "for _name in ('release', 'submitted', 'autograded', 'feedback', 'solution'):\n"
        "    setattr(c.CourseDirectory, _name + '_directory', _name)\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "nbgrader", *args,
           f"--CourseDirectory.root={course}",
           f"--CourseDirectory.source_directory={ROOT / 'lessons'}",
           f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}",
           "--Exchange.root=" + str(course / "exchange")]
    # nbgrader runs the `alembic` command of its own environment to set up the gradebook
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = dict(os.environ, STEMKIT_PROGRESS=os.devnull, MPLBACKEND="Agg", PATH=path)
    result = subprocess.run(cmd, cwd=course, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.parametrize("track", TRACKS_PRESENT)
def test_generate_assignment_accepts_the_track(track, tmp_path):
    nbgrader(tmp_path, "generate_assignment", track, "--force")
    released = sorted(p.name for p in (tmp_path / "release" / track).glob("*.ipynb"))
    assert released == sorted(lf.path.name for lf in find_lessons(ROOT) if lf.track == track)
    for nb in (tmp_path / "release" / track).glob("*.ipynb"):
        text = nb.read_text(encoding="utf-8")
        assert "### BEGIN SOLUTION" not in text and "### BEGIN HIDDEN TESTS" not in text
        # the checks are sealed as in `stemkit release`: one line naming the exercise, the key encoded
        released = json.loads(text)
        tests = [cell_source(c) for c in released["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
        assert tests and all(t.startswith("from stemkit.checks import check\ncheck(") for t in tests), nb.name
        assert "expected=" not in text and "checks.number(" not in text and KEY_FIELD in released["metadata"]


def test_autograde_full_points_for_solutions_zero_for_blanks(tmp_path):
    from nbgrader.api import Gradebook

    track = "start"
    nbgrader(tmp_path, "generate_assignment", track, "--force")
    for student, source in (("teacher", ROOT / "lessons" / track), ("blank", tmp_path / "release" / track)):
        target = tmp_path / "submitted" / student / track
        target.mkdir(parents=True)
        for nb in source.glob("*.ipynb"):
            shutil.copy(nb, target / nb.name)
    nbgrader(tmp_path, "autograde", track, "--create", "--force")
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        full = gb.find_submission(track, "teacher")
        blank = gb.find_submission(track, "blank")
        assert full.max_score > 0
        assert full.score == pytest.approx(full.max_score), "the teacher source lost points under nbgrader"
        assert blank.score == 0, "a blank student edition earned points"
