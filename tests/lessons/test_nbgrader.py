"""nbgrader round trip with the real nbgrader, lessons/ as its source directory.

generate_assignment must accept every track; autograde must give full points to the
teacher source and zero to the blank student edition.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")

from stemkit.curriculum.notebook import TRACKS, find_lessons, repo_root  # noqa: E402

pytestmark = pytest.mark.lessons
ROOT = repo_root(Path(__file__).parent)
TRACKS_PRESENT = sorted({lf.track for lf in find_lessons(ROOT)}, key=TRACKS.index)


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
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
