"""nbgrader round trip with the real nbgrader, lessons/ as its source directory.

generate_assignment must accept every track; autograde must give full points to the
teacher source and zero to the blank student edition. The same round trip runs on the
Russian edition: the translated teacher sources as nbgrader's source directory, for every
lesson released in Russian (one per track), else for start-01 with the Russian it has.
"""

import json
import os
import re
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
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def nbgrader(course: Path, *args: str, source: Path = ROOT / "lessons") -> subprocess.CompletedProcess:
    # the project's own nbgrader settings (they seal the checks), with nbgrader's folders inside this course
    (course / "nbgrader_config.py").write_text(
        f"exec(open({str(ROOT / 'nbgrader_config.py')!r}, encoding='utf-8').read())\n"
        "for _name in ('release', 'submitted', 'autograded', 'feedback', 'solution'):\n"
        "    setattr(c.CourseDirectory, _name + '_directory', _name)\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "nbgrader", *args,
           f"--CourseDirectory.root={course}",
           f"--CourseDirectory.source_directory={source}",
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


# ---------------------------------------------------------------------------
# the Russian edition: the translated teacher sources as nbgrader's source folder
def _ru_lessons():
    """Lessons released in Russian (their PO header says so), one per track; start-01 when none is released
    yet, with whatever Russian it has (untranslated texts stay English), so the machinery is tested."""
    from stemkit.curriculum.translate import released_languages

    lessons = find_lessons(ROOT)
    chosen = {}
    for lf in lessons:
        if "ru" in released_languages(lf):
            chosen.setdefault(lf.track, lf)   # a round trip runs nbgrader's whole chain: one lesson per track
    return list(chosen.values()) or [lf for lf in lessons if lf.lesson_id == "start-01"]


RU_LESSONS = _ru_lessons()
_CYRILLIC = re.compile(r"[а-яё]", re.I)


def _ru_source(lesson, folder: Path) -> Path:
    """The lesson's teacher source in Russian, with its sketches, as ``folder/<track>/<file>``."""
    from stemkit.curriculum.notebook import read_notebook, write_notebook
    from stemkit.curriculum.release import teacher_source_in

    nb, stats = teacher_source_in(read_notebook(lesson.path), "ru")
    assert stats.used > 0, f"{lesson.lesson_id}: no Russian text in its catalogue"
    path = folder / lesson.track / lesson.path.name
    write_notebook(nb, path)
    sketches = lesson.path.parent / "sketches" / lesson.lesson_id
    if sketches.is_dir():
        shutil.copytree(sketches, path.parent / "sketches" / lesson.lesson_id)
    return path


def _graded_errors(nb: dict) -> list[str]:
    found = []
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            found += [_ANSI.sub("", o.get("evalue", "")) for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    return found


@pytest.mark.parametrize("lesson", RU_LESSONS, ids=[lf.lesson_id for lf in RU_LESSONS])
def test_round_trip_of_the_russian_edition(lesson, tmp_path):
    """generate_assignment from the Russian teacher source seals the checks and keeps the Russian; autograde
    gives full points to the Russian teacher source and to stemkit's own Russian edition with the answers
    typed in, zero to the blank release, and the blank student reads why in Russian."""
    from nbgrader.api import Gradebook

    from stemkit.curriculum.key import record_lessons
    from stemkit.curriculum.notebook import read_notebook
    from stemkit.curriculum.release import student_edition_in
    from tests.lessons.editions import with_solutions

    track, name = lesson.track, lesson.path.name
    source = tmp_path / "source_ru"
    teacher_ru = _ru_source(lesson, source)
    nbgrader(tmp_path, "generate_assignment", track, "--force", source=source)
    handout = tmp_path / "release" / track / name
    released = json.loads(handout.read_text(encoding="utf-8"))
    assert released["metadata"]["stemkit"]["lang"] == "ru"
    title = read_notebook(teacher_ru)["metadata"]["stemkit"]["title"]
    assert _CYRILLIC.search(title) and released["metadata"]["stemkit"]["title"] == title
    tests = [cell_source(c) for c in released["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
    assert tests and all(t.startswith("from stemkit.checks import check\ncheck(") for t in tests)
    assert "### BEGIN SOLUTION" not in json.dumps(released) and KEY_FIELD in released["metadata"]

    # stemkit's own Russian hand-out (`stemkit release --lang ru`), answered: nbgrader grades it too
    key = record_lessons([lesson.path], jobs=1, cache=True)[0]
    edition, _stats = student_edition_in(read_notebook(lesson.path), key, "ru")
    answered = with_solutions(edition, read_notebook(teacher_ru))
    for student, nb in (("teacher", read_notebook(teacher_ru)), ("blank", released), ("edition", answered)):
        target = tmp_path / "submitted" / student / track / name
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    nbgrader(tmp_path, "autograde", track, "--create", "--force", source=source)
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        scores = {s: gb.find_submission(track, s) for s in ("teacher", "blank", "edition")}
        assert scores["teacher"].max_score > 0
        assert scores["teacher"].score == pytest.approx(scores["teacher"].max_score), "the Russian teacher source lost points"
        assert scores["edition"].score == pytest.approx(scores["edition"].max_score), (
            "stemkit's Russian edition with the teacher's answers lost points under nbgrader")
        assert scores["blank"].score == 0, "a blank Russian edition earned points"
    graded = json.loads((tmp_path / "autograded" / "blank" / track / name).read_text(encoding="utf-8"))
    errors = _graded_errors(graded)
    assert len(errors) == len(tests)
    assert all(_CYRILLIC.search(e) for e in errors), "the checks speak English in the Russian edition:\n" + "\n".join(errors)
