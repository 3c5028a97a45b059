"""Grading a class: a synthetic class made from a teacher source, with every way a notebook can break."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import time
from pathlib import Path

import pytest

from stemkit.curriculum.authoring import Lesson
from stemkit.curriculum.grade import (
    build_graded_notebook,
    find_submission,
    grade_class,
    load_teacher,
    write_all,
)
from stemkit.curriculum.key import record_lesson
from stemkit.curriculum.notebook import cell_source, read_notebook, write_notebook
from stemkit.curriculum.release import student_edition as sealed_edition

LESSON = "start-90"
CELL_LIMIT = 5.0
NOTEBOOK_LIMIT = 45.0
HIDDEN_POWER = 'checks.function("start-90-ex2-1", "power", cases=[(12.0, 0.5), (230.0, 0.1)], reference=lambda v, i: v * i, hidden=True)'
HIDDEN_SQUARES = 'checks.exact("start-90-ex2-2", "squares", expected=[0, 1, 4, 9, 16], hidden=True)'


def make_teacher(folder: Path) -> Path:
    """A small lesson in the stemkit format: four exercises (2 + 1 + 3 + 2 points), two with hidden tests."""
    L = Lesson(LESSON, title="Grading drill", track="start", level=1, duration_min=20,
               objectives=["Answer four exercises"], keypoints=["Checks grade answers"], kit=["a pencil"])
    L.intro(hook="A drill for the grader.")
    L.setup("from stemkit import checks\nsupply = 9.0\nresistance = 470.0")
    L.exercise("1.1", points=2, prompt="Compute `current` in amperes.",
               answer="### BEGIN SOLUTION\ncurrent = supply / resistance\n### END SOLUTION",
               check=f'checks.number("{LESSON}-ex1-1", "current", expected=9 / 470, unit="A", points=2)')
    L.exercise("1.2", points=1, prompt="Colour of a 1st band for 2?",
               answer='### BEGIN SOLUTION\ncolour = "red"\n### END SOLUTION',
               check=f'checks.text("{LESSON}-ex1-2", "colour", accept=["red"], points=1)')
    L.exercise("2.1", points=3, prompt="Write `power(voltage, current)`.",
               answer="def power(voltage, current):\n    ### BEGIN SOLUTION\n    return voltage * current\n    ### END SOLUTION",
               check=f'checks.function("{LESSON}-ex2-1", "power", cases=[(5.0, 0.02), (9.0, 0.1)], '
                     'reference=lambda v, i: v * i, points=3)\n'
                     f"### BEGIN HIDDEN TESTS\n{HIDDEN_POWER}\n### END HIDDEN TESTS")
    L.exercise("2.2", points=2, prompt="List the squares of 0..4 in `squares`.",
               answer="### BEGIN SOLUTION\nsquares = [i * i for i in range(5)]\n### END SOLUTION",
               check=f'checks.array("{LESSON}-ex2-2", "squares", expected=[0, 1, 4, 9, 16], points=2, rel=0)\n'
                     f"### BEGIN HIDDEN TESTS\n{HIDDEN_SQUARES}\n### END HIDDEN TESTS")
    L.teacher("**Timing:** 20 min.")
    L.keypoints()
    path = L.save(folder / "lessons" / "start" / "90-grading-drill.ipynb")
    if LESSON not in _KEYS:
        _KEYS[LESSON] = record_lesson(path)
    return path


_KEYS = {}


def student_edition(teacher_nb):
    """The sealed student edition of a drill (its answer key recorded once per test run)."""
    return sealed_edition(teacher_nb, _KEYS[teacher_nb["metadata"]["stemkit"]["id"]])


def answer_cells(nb):
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in nb["cells"]
            if c.get("metadata", {}).get("nbgrader", {}).get("solution")}


def with_answers(teacher_nb, **sources):
    """A copy of the student edition with some answer cells filled in (by exercise suffix: ex1_1=...)."""
    nb = student_edition(teacher_nb)
    cells = answer_cells(nb)
    for key, src in sources.items():
        cells[f"{LESSON}-{key.replace('_', '-')}"]["source"] = src
    return nb


RIGHT = {
    "ex1_1": "current = supply / resistance",
    "ex1_2": 'colour = "red"',
    "ex2_1": "def power(voltage, current):\n    return voltage * current",
    "ex2_2": "squares = [i * i for i in range(5)]",
}
COLUMNS = [f"{LESSON}-ex1-1", f"{LESSON}-ex1-2", f"{LESSON}-ex2-1", f"{LESSON}-ex2-2"]

# student -> expected points per exercise (ex1.1, ex1.2, ex2.1, ex2.2)
EXPECTED = {
    "all-right": (2, 1, 3, 2),
    "all-blank": (0, 0, 0, 0),
    "half-right": (2, 1, 0, 0),
    "cells-moved": (2, 1, 3, 2),
    "cell-deleted": (2, 0, 3, 2),
    "check-redefined": (0, 0, 0, 0),
    "endless-loop": (0, 1, 3, 2),
    "loop-in-check": (2, 1, 0, 2),
    "invalid-json": (0, 0, 0, 0),
    "empty-file": (0, 0, 0, 0),
    "kernel-dies": (2, 1, 3, 0),
    "exits-python": (2, 1, 0, 2),
    "duplicated": (2, 1, 3, 2),
    "hidden-test-fails": (2, 1, 0, 2),
    "nothing-handed-in": (0, 0, 0, 0),
    "track-folder": (2, 1, 3, 2),
}


def make_class(teacher_path: Path, folder: Path) -> Path:
    teacher = read_notebook(teacher_path)
    name = teacher_path.name
    subs = folder / "submissions"

    def put(student, nb, sub=""):
        write_notebook(nb, subs / student / sub / name)

    put("all-right", copy.deepcopy(teacher))
    put("all-blank", student_edition(teacher))
    put("half-right", with_answers(teacher, ex1_1=RIGHT["ex1_1"], ex1_2=RIGHT["ex1_2"],
                                   ex2_1="def power(voltage, current):\n    return voltage + current",
                                   ex2_2="squares = [0, 1, 4, 9, 15]"))
    moved = with_answers(teacher, **RIGHT)
    answers = [c for c in moved["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    rest = [c for c in moved["cells"] if c not in answers]
    moved["cells"] = rest[::-1] + answers[::-1]
    put("cells-moved", moved)
    deleted = with_answers(teacher, **RIGHT)
    deleted["cells"] = [c for c in deleted["cells"]
                        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != f"{LESSON}-ex1-2"]
    put("cell-deleted", deleted)
    cheat = with_answers(teacher,
                         ex1_1="current = 1.0\nchecks.number = lambda *a, **k: print('✓ right')\n"
                               "import stemkit.checks as c\nc.text = c.function = c.array = lambda *a, **k: None\n"
                               "get_ipython().set_custom_exc((AssertionError,), lambda *a, **k: None)",
                         ex1_2='colour = "blue"\ndef _pass(*a, **k):\n    return None\nchecks.text = _pass',
                         ex2_1="def power(voltage, current):\n    return 0\n"
                               "class checks:\n    function = staticmethod(lambda *a, **k: None)",
                         ex2_2="squares = []\nimport builtins\nbuiltins.AssertionError = Exception")
    for cell in cheat["cells"]:   # the student also blanks every test cell in their copy
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
            cell["source"] = "pass"
    put("check-redefined", cheat)
    put("endless-loop", with_answers(teacher, **{**RIGHT, "ex1_1": "while True:\n    pass"}))
    put("loop-in-check", with_answers(teacher, **{**RIGHT, "ex2_1":
        "def power(voltage, current):\n    while voltage > 100:\n        pass\n    return voltage * current"}))
    (subs / "invalid-json").mkdir(parents=True)
    (subs / "invalid-json" / name).write_text('{"cells": [\n  {"cell_type": "code",\n', encoding="utf-8")
    (subs / "empty-file").mkdir(parents=True)
    (subs / "empty-file" / name).write_text("", encoding="utf-8")
    put("kernel-dies", with_answers(teacher, **{**RIGHT, "ex2_2": "import os\nos._exit(1)"}))
    # exit() ends the kernel only after its cell is done: the death is seen a cell or more later
    put("exits-python", with_answers(teacher, **{**RIGHT, "ex2_1": "exit()"}))
    dup = with_answers(teacher, **RIGHT)
    first = answer_cells(dup)[f"{LESSON}-ex1-1"]
    wrong_copy = {**copy.deepcopy(first), "source": "current = 9 / 470 * 1000", "id": "dup-1"}
    blank_copy = {**copy.deepcopy(answer_cells(student_edition(teacher))[f"{LESSON}-ex1-1"]), "id": "dup-2"}
    i = dup["cells"].index(first)
    dup["cells"][i:i] = [wrong_copy]
    dup["cells"].append(blank_copy)
    put("duplicated", dup)
    put("hidden-test-fails", with_answers(teacher, **{**RIGHT, "ex2_1":
        "def power(voltage, current):\n    return voltage * current if voltage < 10 else 0.0"}))
    (subs / "nothing-handed-in").mkdir(parents=True)
    (subs / "nothing-handed-in" / "notes.txt").write_text("I forgot", encoding="utf-8")
    put("track-folder", with_answers(teacher, **RIGHT), sub="start")
    (subs / ".ipynb_checkpoints").mkdir()
    return subs


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    teacher_path = make_teacher(folder)
    subs = make_class(teacher_path, folder)
    log = folder / "extra-progress.jsonl"
    log.write_text("\n".join(json.dumps(r) for r in [
        {"lesson": LESSON, "exercise": f"{LESSON}-ex1-1", "ok": False, "points": 0, "max_points": 2, "reason": "prefix",
         "time": "2026-11-25T10:00:00+0000", "user": "all-right"},
        {"lesson": LESSON, "exercise": f"{LESSON}-ex1-1", "ok": True, "points": 2, "max_points": 2, "reason": "",
         "time": "2026-11-25T10:06:00+0000", "user": "all-right"},
    ]) + "\nnot json\n", encoding="utf-8")
    bar = io.StringIO()
    started = time.monotonic()
    result = grade_class(subs, [teacher_path], cell_timeout=CELL_LIMIT, notebook_timeout=NOTEBOOK_LIMIT,
                         progress_logs=[log], progress_stream=bar)
    wall = time.monotonic() - started
    out = write_all(result, folder / "out")
    return {"result": result, "out": out, "wall": wall, "bar": bar.getvalue(), "teacher": teacher_path,
            "folder": folder}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


@pytest.mark.lessons
def test_csv_holds_the_expected_points_for_every_submission(graded):
    rows = read_csv(graded["out"]["csv"])
    assert set(rows) == set(EXPECTED)
    for student, points in EXPECTED.items():
        got = tuple(float(rows[student][c]) for c in COLUMNS)
        assert got == tuple(float(p) for p in points), (student, rows[student]["problems"])
        assert float(rows[student]["total"]) == sum(points)
        assert float(rows[student]["max_points"]) == 8


@pytest.mark.lessons
def test_broken_submissions_are_recorded_with_their_reason(graded):
    res = graded["result"]
    by = {s.student: s for s in res.submissions}
    assert by["invalid-json"].status == "not a notebook"
    assert "line" in by["invalid-json"].problems[0]
    assert by["empty-file"].status == "not a notebook"
    assert by["nothing-handed-in"].status == "missing"
    loop = by["endless-loop"]
    assert loop.exercises[f"{LESSON}-ex1-1"].outcome == "timed out"
    assert any("ran longer than" in p for p in loop.problems)
    assert loop.runs == 2
    check_loop = by["loop-in-check"].exercises[f"{LESSON}-ex2-1"]
    assert check_loop.outcome == "timed out" and "check" in check_loop.message
    died = by["kernel-dies"]
    assert died.exercises[f"{LESSON}-ex2-2"].outcome == "kernel died"
    assert any("kernel died" in p for p in died.problems)
    exited = by["exits-python"]   # seen as a dead kernel, or (if the notebook ended first) as no answer
    assert exited.exercises[f"{LESSON}-ex2-1"].outcome in ("kernel died", "not attempted")
    assert [e.outcome for e in exited.exercises.values()].count("right") == 3
    assert by["cell-deleted"].exercises[f"{LESSON}-ex1-2"].outcome == "answer cell missing"
    assert any("not found" in p for p in by["cell-deleted"].problems)
    assert any("copies" in p for p in by["duplicated"].problems)
    half = by["half-right"].exercises
    assert half[f"{LESSON}-ex2-1"].outcome == "wrong"
    assert by["all-blank"].exercises[f"{LESSON}-ex1-1"].outcome == "not attempted"
    assert all(e.outcome == "wrong" for e in by["check-redefined"].exercises.values())


@pytest.mark.lessons
def test_the_run_keeps_to_its_time_limits(graded):
    res = graded["result"]
    for sub in res.submissions:
        # a notebook never runs past its own limit (plus the last cell's limit and a kernel shutdown)
        assert sub.seconds < NOTEBOOK_LIMIT + CELL_LIMIT + 10, (sub.student, sub.seconds)
    by = {s.student: s for s in res.submissions}
    assert by["endless-loop"].seconds >= CELL_LIMIT   # the loop really was stopped by the limit
    assert graded["wall"] < len(res.submissions) * NOTEBOOK_LIMIT
    print(f"\nclass of {len(res.submissions)} graded in {graded['wall']:.1f} s; per notebook: "
          + ", ".join(f"{s.student} {s.seconds:.1f}" for s in res.submissions))


@pytest.mark.lessons
def test_feedback_and_report_show_no_hidden_test_and_no_solution(graded):
    teacher = read_notebook(graded["teacher"])
    secrets_ = [HIDDEN_POWER, HIDDEN_SQUARES, "(230.0, 0.1)", "return voltage * current",
                "current = supply / resistance", "BEGIN HIDDEN", "BEGIN SOLUTION"]
    files = list((graded["out"]["feedback"]).rglob("*.md")) + [graded["out"]["report"]]
    assert len(files) == len(EXPECTED) + 1
    for f in files:
        text = f.read_text(encoding="utf-8")
        for s in secrets_:
            assert s not in text, (f, s)
    assert cell_source(teacher["cells"][0])  # the teacher source itself is untouched
    fb = (graded["out"]["feedback"] / "hidden-test-fails" / f"{LESSON}.md").read_text(encoding="utf-8")
    assert "5 of 8 points" in fb and "a further one" in fb
    fb = (graded["out"]["feedback"] / "half-right" / f"{LESSON}.md").read_text(encoding="utf-8")
    assert "Exercise 2.1" in fb and "3 of 8 points" in fb


@pytest.mark.lessons
def test_report_has_the_plots_and_the_time_spent(graded):
    html = graded["out"]["report"].read_text(encoding="utf-8")
    images = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", html)
    assert len(images) == 3   # success rate, wrong-answer reasons, time spent
    import base64

    assert all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    assert "Success rate per exercise" in html and "Most common wrong answers" in html
    assert graded["result"].progress.skipped   # the bad line in the log is named, not fatal
    assert f"{len(EXPECTED)}/{len(EXPECTED)}" in graded["bar"]


@pytest.mark.lessons
def test_a_real_lesson_grades_full_and_zero(tmp_path):
    src = Path(__file__).resolve().parents[2] / "lessons" / "start" / "01-welcome.ipynb"
    nb = read_notebook(src)
    write_notebook(nb, tmp_path / "subs" / "teacher-copy" / src.name)
    write_notebook(sealed_edition(nb, record_lesson(src)), tmp_path / "subs" / "blank" / "start" / src.name)
    res = grade_class(tmp_path / "subs", [src], cell_timeout=20, notebook_timeout=90, progress_stream=None)
    by = {s.student: s for s in res.submissions}
    assert by["teacher-copy"].total == by["teacher-copy"].max_points == load_teacher(src).max_points > 0
    assert by["blank"].total == 0 and by["blank"].status == "graded"


# --- the parts, without a kernel ---------------------------------------------------------------
def test_teacher_lesson_knows_exercises_points_and_blanks(tmp_path):
    t = load_teacher(make_teacher(tmp_path))
    assert t.exercises == COLUMNS
    assert t.points == dict(zip(COLUMNS, (2.0, 1.0, 3.0, 2.0), strict=True)) and t.max_points == 8
    assert "raise NotImplementedError()" in t.blanks[f"{LESSON}-ex2-1"]
    assert "def power(voltage, current):" in t.blanks[f"{LESSON}-ex2-1"]
    assert HIDDEN_POWER in t.secret_lines


def test_graded_notebook_takes_only_answers_and_collects_plain_data(tmp_path):
    t = load_teacher(make_teacher(tmp_path))
    nb, roles = build_graded_notebook(t, {f"{LESSON}-ex1-1": "current = 42"}, nonce="N0NCE",
                                      blanked=[f"{LESSON}-ex1-2"])
    assert [r for r in roles if r[0] != "code"] == [(k, g) for g in COLUMNS for k in ("answer", "check")]
    srcs = {r: c["source"] for r, c in zip(roles, nb["cells"], strict=True)}
    assert srcs[("answer", f"{LESSON}-ex1-1")] == "current = 42"
    assert "raise NotImplementedError()" in srcs[("answer", f"{LESSON}-ex1-2")]   # blanked
    check = srcs[("check", f"{LESSON}-ex2-1")]
    # no teacher test runs in the student's kernel: the cell only collects answers, with the hidden cases' inputs
    assert "import_module(\"stemkit.checks.harvest\")" in check and "N0NCE:" in check
    assert "checks.function" not in check and "reference" not in check and "v * i" not in check
    assert "230.0" in check   # a hidden case's input: the student's function is called on it
    assert "expected" not in check
    compile(check, "check", "exec")


def test_find_submission_layouts(tmp_path):
    t = load_teacher(make_teacher(tmp_path / "src"))
    for sub in ("", "start", "week-1"):
        d = tmp_path / f"s{len(sub)}"
        (d / sub).mkdir(parents=True, exist_ok=True)
        (d / sub / t.path.name).write_text("{}", encoding="utf-8")
        assert find_submission(d, t) == d / sub / t.path.name
    empty = tmp_path / "empty"
    empty.mkdir()
    assert find_submission(empty, t) is None


def test_bad_limits_and_folders_are_refused(tmp_path):
    t = make_teacher(tmp_path)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        grade_class(tmp_path / "nope", [t], progress_stream=None)
    with pytest.raises(ValueError, match="no lessons"):
        grade_class(tmp_path, [], progress_stream=None)
    from stemkit.curriculum.grade import grade_notebook

    with pytest.raises(ValueError, match="time limits must be > 0"):
        grade_notebook({"cells": []}, load_teacher(t), cell_timeout=0)


@pytest.mark.lessons
def test_stemkit_grade_command(tmp_path, capsys):
    from stemkit.cli import main

    teacher = make_teacher(tmp_path)
    write_notebook(with_answers(read_notebook(teacher), **{**RIGHT, "ex1_1": "current = 9 / 470 * 1000"}),
                   tmp_path / "subs" / "ana" / teacher.name)
    assert main(["grade", str(tmp_path / "subs"), "--lesson", str(teacher), "--out", str(tmp_path / "out"),
                 "--cell-timeout", "10", "--quiet"]) == 0
    rows = read_csv(tmp_path / "out" / "grades.csv")
    assert [float(rows["ana"][c]) for c in COLUMNS] == [0, 1, 3, 2]
    assert "1000 times too big" in (tmp_path / "out" / "feedback" / "ana" / f"{LESSON}.md").read_text(encoding="utf-8")
    assert "graded: 1 notebooks, 1 students" in capsys.readouterr().out
    assert main(["grade", str(tmp_path / "subs"), "--lesson", "no-such-lesson", "--quiet"]) == 2


@pytest.mark.lessons
def test_grading_in_parallel_gives_the_same_points(tmp_path):
    teacher = make_teacher(tmp_path)
    nb = read_notebook(teacher)
    subs = tmp_path / "subs"
    write_notebook(copy.deepcopy(nb), subs / "a" / teacher.name)
    write_notebook(with_answers(nb, **{**RIGHT, "ex1_1": "while True:\n    pass"}), subs / "b" / teacher.name)
    write_notebook(with_answers(nb, **{**RIGHT, "ex2_2": "import os\nos._exit(1)"}), subs / "c" / teacher.name)
    (subs / "d").mkdir()
    (subs / "d" / teacher.name).write_text("not a notebook", encoding="utf-8")
    seen = []
    res = grade_class(subs, [teacher], cell_timeout=CELL_LIMIT, notebook_timeout=NOTEBOOK_LIMIT,
                      progress_stream=None, jobs=2, on_result=lambda r: seen.append(r.student))
    assert [s.student for s in res.submissions] == ["a", "b", "c", "d"]   # in class order, whatever finished first
    assert sorted(seen) == ["a", "b", "c", "d"]
    assert [s.total for s in res.submissions] == [8, 6, 6, 0]
    with pytest.raises(ValueError, match="jobs must be"):
        grade_class(subs, [teacher], jobs=0, progress_stream=None)


def test_report_of_a_whole_track_lays_exercises_out_in_rows(tmp_path):
    from stemkit.curriculum.grade import (
        ClassResult,
        ExerciseResult,
        SubmissionResult,
        TeacherLesson,
        write_report,
    )

    lessons, subs = [], []
    for n in range(1, 6):
        ids = [f"robotics-0{n}-ex1-{k}" for k in range(1, 5)]
        lessons.append(TeacherLesson(lesson_id=f"robotics-0{n}", title=f"Lesson {n}", path=tmp_path / f"0{n}-x.ipynb",
                                     nb={"cells": []}, exercises=ids, points=dict.fromkeys(ids, 2.0), blanks={}))
        for student in ("ana", "ben"):
            s = SubmissionResult(student=student, lesson=f"robotics-0{n}", path=None)
            s.exercises = {g: ExerciseResult(g, 2.0, points=2.0 if student == "ana" else 0.0,
                                             outcome="right" if student == "ana" else "wrong",
                                             reason="" if student == "ana" else "sign",
                                             message="" if student == "ana" else "✗ The sign is wrong.")
                           for g in ids}
            subs.append(s)
    result = ClassResult(lessons=lessons, students=["ana", "ben"], submissions=subs, cell_timeout=30,
                         notebook_timeout=180)
    html = write_report(result, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "robotics-01 to robotics-05, 5 lessons" in html
    assert "points per exercise" in html and "2/2 · 2/2 · 2/2 · 2/2" in html
    assert html.count("data:image/png;base64,") == 2      # success rate and reasons; no log, no time plot
    assert "No progress log was given" in html


def test_csv_text_is_never_a_spreadsheet_formula(tmp_path):
    from stemkit.curriculum.grade import ClassResult, SubmissionResult, write_csv

    t = load_teacher(make_teacher(tmp_path))
    sub = SubmissionResult(student="=HYPERLINK(1)", lesson=LESSON, path=None, status="missing")
    sub.problems.append("x")
    result = ClassResult(lessons=[t], students=["=HYPERLINK(1)"], submissions=[sub], cell_timeout=1, notebook_timeout=1)
    rows = read_csv(write_csv(result, tmp_path / "g.csv"))
    assert list(rows) == ["'=HYPERLINK(1)"]


@pytest.mark.lessons
def test_wrong_lesson_markdown_answers_and_time_outs_are_named(tmp_path):
    teacher_path = make_teacher(tmp_path / "src")
    teacher = read_notebook(teacher_path)
    subs = tmp_path / "subs"
    other = copy.deepcopy(student_edition(teacher))
    other["metadata"]["stemkit"]["id"] = "robotics-02"
    other["metadata"]["stemkit"]["title"] = "Differential drive"
    for cell in other["cells"]:
        cell.get("metadata", {}).pop("nbgrader", None)
    write_notebook(other, subs / "wrong-file" / teacher_path.name)
    texted = with_answers(teacher, **RIGHT)
    for cell in texted["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == f"{LESSON}-ex1-2":
            cell["cell_type"] = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    write_notebook(texted, subs / "markdown-answer" / teacher_path.name)
    write_notebook(with_answers(teacher, **{**RIGHT, "ex1_1": "while True:\n    pass"}), subs / "loops" / teacher_path.name)
    (subs / "bad-json").mkdir()
    (subs / "bad-json" / teacher_path.name).write_text('{"cells": ["a\tb"]}', encoding="utf-8")
    result = grade_class(subs, [teacher_path], cell_timeout=CELL_LIMIT, notebook_timeout=NOTEBOOK_LIMIT,
                         progress_stream=None)
    by = {s.student: s for s in result.submissions}
    assert by["wrong-file"].status == "another lesson" and by["wrong-file"].total == 0
    assert any("robotics-02 (Differential drive), not start-90" in p for p in by["wrong-file"].problems)
    assert not any("not found" in p for p in by["wrong-file"].problems)
    said = " ".join(by["markdown-answer"].problems)
    assert "Exercise 1.2: the answer cell was turned into a text (markdown) cell" in said and "not found" not in said
    assert by["markdown-answer"].total == 7
    assert by["loops"].status == "timed out in Exercise 1.1" and by["loops"].total == 6
    assert "Invalid control character '\\t'" in " ".join(by["bad-json"].problems)
    md = by["markdown-answer"].exercises[f"{LESSON}-ex1-2"]
    assert (md.outcome, md.reason) == ("answer cell missing", "answer cell is markdown")
    assert "is a text (markdown) cell" in md.message
    from stemkit.curriculum.dashboard import BROKEN
    from stemkit.curriculum.grade import class_grid, write_report

    grid = class_grid(result)
    assert grid.cell("markdown-answer", f"{LESSON}-ex1-2").status == BROKEN
    assert grid.cell("loops", f"{LESSON}-ex1-1").note == "ran past the time limit"
    assert grid.cell("wrong-file", f"{LESSON}-ex1-1").note == "a notebook of another lesson"
    report = write_report(result, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "markdown-answer, start-90-ex1-2: broken (the answer cell was turned into text (markdown))" in report
    assert "timed out in Exercise 1.1" in report


def test_report_heatmap_shows_each_outcome_apart(tmp_path):
    import base64
    import struct
    import xml.etree.ElementTree as ET

    from stemkit.curriculum import dashboard
    from stemkit.curriculum.grade import (
        ClassResult,
        ExerciseResult,
        SubmissionResult,
        class_grid,
        write_report,
    )
    from stemkit.curriculum.progress import parse_lines

    t = load_teacher(make_teacher(tmp_path))
    ex = t.exercises
    outcomes = {   # student -> outcome and reason of every exercise
        "ana": ("right", ""), "ben": ("wrong", "sign"), "cai": ("not attempted", "not attempted"),
        "dee": ("timed out", "timed out"), "eli": ("answer cell missing", "answer cell is markdown"),
        "fay": ("not run", "missing"), "gus": ("error", "NameError"),
    }
    subs = []
    for student, (outcome, reason) in outcomes.items():
        sub = SubmissionResult(student=student, lesson=LESSON, path=None,
                               status="missing" if reason == "missing" else "graded")
        sub.exercises = {g: ExerciseResult(g, t.points[g], points=t.points[g] * (outcome == "right"), outcome=outcome,
                                           reason=reason, message="" if outcome == "right" else "✗ no")
                         for g in ex}
        subs.append(sub)
    log = parse_lines([json.dumps({"exercise": ex[0], "ok": False, "reason": "sign", "user": "ben",
                                   "time": f"2026-09-07T09:0{m}:00+0000"}) for m in range(4)])
    result = ClassResult(lessons=[t], students=list(outcomes), submissions=subs, cell_timeout=5, notebook_timeout=30,
                         progress=log)
    grid = class_grid(result)
    expected = {"ana": dashboard.RIGHT, "ben": dashboard.WRONG, "cai": dashboard.NOT_ATTEMPTED,
                "dee": dashboard.BROKEN, "eli": dashboard.BROKEN, "fay": dashboard.NOT_ATTEMPTED,
                "gus": dashboard.BROKEN}
    assert {s: grid.cell(s, ex[1]).status for s in outcomes} == expected
    assert grid.cell("ben", ex[0]).tries == 4 and grid.cell("ben", ex[1]).tries == 0   # tries from the log
    assert grid.cell("fay", ex[0]).note == "no notebook handed in"
    assert grid.cell("eli", ex[0]).note == "the answer cell was turned into text (markdown)"

    html = write_report(result, tmp_path / "report.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg.*?</svg>", html, re.S)[0]
    root = ET.fromstring(svg)
    assert int(root.get("width")) <= 1280 and "Who got what" in html
    titles = [el.text for el in root.iter("{http://www.w3.org/2000/svg}title")]
    assert len(titles) == len(outcomes) * len(ex)
    assert f"ben, {ex[0]}: wrong after 4 tries (sign)" in titles
    assert f"dee, {ex[0]}: broken (ran past the time limit)" in titles
    assert f"cai, {ex[0]}: not attempted" in titles
    assert "Broken answers (the check could not run)" in html
    assert "the answer cell was turned into text (markdown)" in html.split("Broken answers")[1]
    assert "fay" not in html.split("Broken answers")[1].split("</table>")[0]     # nothing handed in is not broken
    # the plots beside it: PNGs with twice the pixels of their size on the page
    images = re.findall(r"<img alt='[^']*' width='(\d+)' height='(\d+)' "
                        r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'>", html)
    assert len(images) == html.count("<img") == 3     # success rate, reasons, time spent (a log was given)
    for width, height, data in images:
        pw, ph = struct.unpack(">II", base64.b64decode(data)[16:24])
        assert pw // 2 == int(width) and ph // 2 == int(height)
