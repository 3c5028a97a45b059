"""``stemkit grade``: grade a class's notebooks against the teacher source.

Submission folder
-----------------
Give ``stemkit grade`` one folder holding one folder per student; the student
folder's name is the student's name in the grade sheet::

    SUBMISSIONS/
        amira/
            01-welcome.ipynb          the lesson file as handed out by `stemkit release`
            progress.jsonl            optional: the student's ~/.stemkit/progress.jsonl
        ben/
            start/01-welcome.ipynb    a whole student-edition folder works too
        chen/
            week1/01-welcome.ipynb    (and nbgrader's submitted/<student>/<assignment>/ layout)

A lesson's file is found as ``<student>/<file>``, ``<student>/<track>/<file>`` or
``<student>/<any folder>/<file>``, in that order. Folders whose name starts with
``.`` or ``_`` are ignored. A student with no file for a lesson is listed as
"missing".

How a notebook is graded
------------------------
The grader never runs the student's notebook as it is. For every submission it
builds a new notebook from the **teacher source**: every code cell of the teacher
source in the teacher's order, except that each answer cell (nbgrader
``solution`` cell) is replaced by the student's cell with the same ``grade_id``.
Nothing else of the student's notebook is used, so

- moved answer cells are found wherever they are;
- a deleted answer cell is graded as blank (0 points) and the reason says so;
- of duplicated answer cells, the last one that is not the blank hand-out is used;
- edited or deleted test cells do not matter: no test cell of the student runs;
- nothing in the student's kernel takes part in the comparison. The expected
  values come from the grader's own run of the teacher source in a clean kernel
  (the answer key, :mod:`stemkit.curriculum.key`, recorded once per lesson). In
  the student's kernel each test cell is replaced by one that only collects
  plain data: the answer values, and for a function answer what the student's
  function returns on every public and hidden case (:mod:`stemkit.checks.harvest`).
  The grader judges that data in its own process, so a patched stemkit module,
  numpy, builtins or checks, or an object whose ``__eq__`` always says yes,
  earns no point.

The notebook runs in a fresh kernel in an empty temporary folder, with a time
limit per cell and one per notebook, and with ``STEMKIT_PROGRESS`` sent to the
null device so grading adds nothing to anyone's progress log. If an answer cell
(or its test) runs past the cell limit or kills the kernel, that exercise gets
0 points with the reason, and the notebook is run again from a fresh kernel with
that answer left blank, so one broken answer costs only its own points. A dead
kernel is noticed a little after the cell that killed it (``exit()`` ends Python
only once its cell has finished), so the answer to blame is found by trial: the
nearest answer at or before the cell where the death was seen is left blank,
and the blank is kept only if the next run does not die. When no single answer
explains it (two answers that kill Python), the notebook is graded up to where
it stopped. A file that is not a notebook is recorded with the JSON error.
Nothing a submission does stops the run.

This is not a sandbox: the student's code runs with the grader's rights, as with
nbgrader. Run a class's submissions under an account with no secrets (a
JupyterHub grader account or a container), never as an administrator.

Output
------
In the output folder (default ``build/grades``):

- ``grades.csv``: one row per student, one column per exercise (points), then
  ``total``, ``max_points`` and ``problems``;
- ``report.html``: the class report in one file: the dashboard's heatmap of who got
  what (SVG; broken answers shown apart from not attempted, and listed with what
  broke), then plots as PNGs with twice the pixels of their size on the page:
  success rate per exercise, the most common reasons for wrong answers, and time
  spent when progress logs are given;
- ``feedback/<student>/<lesson id>.md``: what each student got right and what
  the checks said about the rest; hidden tests are never shown.
"""

from __future__ import annotations

import csv
import html
import json
import math
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from stemkit.curriculum.key import LessonKey, record_lessons
from stemkit.curriculum.notebook import NotebookError, cell_source, read_notebook
from stemkit.curriculum.release import blank_edition
from stemkit.i18n import _, format_number

__all__ = [
    "TeacherLesson",
    "ExerciseResult",
    "SubmissionResult",
    "ClassResult",
    "load_teacher",
    "find_submission",
    "build_graded_notebook",
    "grade_notebook",
    "grade_submission",
    "grade_class",
    "write_csv",
    "write_feedback",
    "write_report",
    "write_all",
    "class_grid",
    "CELL_TIMEOUT_S",
    "NOTEBOOK_TIMEOUT_S",
]

#: Default limit for one cell [s]. Lessons run in a few seconds; this leaves room for slow machines.
CELL_TIMEOUT_S = 30.0
#: Default limit for one notebook, reruns after a broken answer included [s].
NOTEBOOK_TIMEOUT_S = 180.0

_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n(.*?)^[ \t]*### END HIDDEN TESTS", re.S | re.M)
_SOLUTION = re.compile(r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*### END SOLUTION", re.S | re.M)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Outcomes of one exercise.
RIGHT, WRONG, NOT_ATTEMPTED, ERROR = "right", "wrong", "not attempted", "error"
TIMED_OUT, CRASHED, MISSING, NOT_RUN = "timed out", "kernel died", "answer cell missing", "not run"
MARKDOWN = "answer cell is markdown"   # the reason of a MISSING answer that was turned into a text cell


# ---------------------------------------------------------------------------
# the teacher side
@dataclass
class TeacherLesson:
    """A teacher source prepared for grading."""

    lesson_id: str
    title: str
    path: Path
    nb: dict[str, Any]
    exercises: list[str]                 # answer grade_ids, in the teacher's order
    points: dict[str, float]             # answer grade_id -> points of its test cell
    blanks: dict[str, str]               # answer grade_id -> the hand-out's blank answer
    secret_lines: set[str] = field(default_factory=set)   # hidden-test and solution lines, never shown
    has_hidden_tests: bool = False
    key: LessonKey | None = None         # the answer key, recorded from a clean run of the teacher source

    def ensure_key(self) -> LessonKey:
        """The answer key, recorded now if it was not yet (a run of the teacher source, a few seconds)."""
        if self.key is None:
            self.key = record_lessons([self.path], jobs=1)[0]
        return self.key

    def specs(self) -> dict[str, list[dict[str, Any]]]:
        """The key's specs with their values decoded, per exercise (decoded once)."""
        from stemkit.checks.seal import decode_spec

        key = self.ensure_key()
        if getattr(self, "_decoded_for", None) is not key:
            self._decoded = {ex: [decode_spec(sp) for sp in sps] for ex, sps in key.specs.items()}
            self._decoded_for = key
        return self._decoded

    @property
    def max_points(self) -> float:
        return float(sum(self.points.values()))


def _check_of(grade_id: str) -> str:
    return grade_id[: -len("-check")] if grade_id.endswith("-check") else grade_id


def load_teacher(path: str | Path) -> TeacherLesson:
    """Read a teacher source and find its exercises, points, blanks and secret lines."""
    path = Path(path)
    nb = read_notebook(path)
    meta = nb.get("metadata", {}).get("stemkit", {}) or {}
    exercises: list[str] = []
    points: dict[str, float] = {}
    secret: set[str] = set()
    hidden = False
    for cell in nb["cells"]:
        nbg = cell.get("metadata", {}).get("nbgrader", {}) or {}
        src = cell_source(cell)
        if cell.get("cell_type") != "code":
            continue
        if nbg.get("solution") and not nbg.get("grade") and nbg.get("grade_id"):
            exercises.append(nbg["grade_id"])
            for block in _SOLUTION.findall(src):
                secret.update(line.strip() for line in block.splitlines())
        elif nbg.get("grade") and nbg.get("grade_id"):
            points[_check_of(nbg["grade_id"])] = float(nbg.get("points") or 0)
            for block in _HIDDEN.findall(src):
                hidden = True
                secret.update(line.strip() for line in block.splitlines())
    exercises = [e for e in exercises if e in points]
    blanks = {}
    for cell in blank_edition(nb)["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in points and cell.get("cell_type") == "code":
            blanks[gid] = cell_source(cell)
    # short lines ("pass", "return 1") are too common to hide; hidden tests call checks and are long
    secret = {line for line in secret if len(line) >= 12 and not line.startswith("#")}
    return TeacherLesson(lesson_id=str(meta.get("id") or path.stem), title=str(meta.get("title") or path.stem),
                         path=path, nb=nb, exercises=exercises, points={e: points[e] for e in exercises},
                         blanks=blanks, secret_lines=secret, has_hidden_tests=hidden)


# ---------------------------------------------------------------------------
# results
@dataclass
class ExerciseResult:
    """How one exercise of one submission went."""

    exercise: str
    max_points: float
    points: float = 0.0
    outcome: str = NOT_RUN
    reason: str = ""
    message: str = ""


@dataclass
class SubmissionResult:
    """One student's notebook for one lesson."""

    student: str
    lesson: str
    path: Path | None
    status: str = "graded"
    problems: list[str] = field(default_factory=list)
    exercises: dict[str, ExerciseResult] = field(default_factory=dict)
    seconds: float = 0.0
    runs: int = 0

    @property
    def total(self) -> float:
        return float(sum(r.points for r in self.exercises.values()))

    @property
    def max_points(self) -> float:
        return float(sum(r.max_points for r in self.exercises.values()))


@dataclass
class ClassResult:
    """Every submission of a class, and what was graded."""

    lessons: list[TeacherLesson]
    students: list[str]
    submissions: list[SubmissionResult]
    cell_timeout: float
    notebook_timeout: float
    seconds: float = 0.0
    progress: Any = None   # a stemkit.curriculum.progress.ProgressLog, or None

    def result(self, student: str, lesson_id: str) -> SubmissionResult | None:
        for s in self.submissions:
            if s.student == student and s.lesson == lesson_id:
                return s
        return None


# ---------------------------------------------------------------------------
# building the notebook that is run
_HARVEST_CELL = '''\
# stemkit grade: collect the answers to {exercise} as plain data (judged outside this kernel)
import builtins as _sk_builtins, importlib as _sk_importlib, sys as _sk_sys
for _sk_name in _sk_builtins.list(_sk_sys.modules):
    if _sk_name.startswith("stemkit.checks"):
        del _sk_sys.modules[_sk_name]
_sk_importlib.import_module("stemkit.checks.harvest").collect({token!r}, {plan!r}, _sk_builtins.globals())
'''


def _pick_answers(student_nb: dict[str, Any], teacher: TeacherLesson
                  ) -> tuple[dict[str, str], list[str], set[str]]:
    """The student's answer source per grade_id, notes about duplicates, and the answers turned into text."""
    found: dict[str, list[str]] = {}
    as_text: set[str] = set()
    for cell in student_nb.get("cells", []):
        if not isinstance(cell, dict):
            continue
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        nbg = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
        gid = nbg.get("grade_id")
        if gid in teacher.points and cell.get("cell_type") != "code":
            as_text.add(gid)
        elif gid in teacher.points:
            found.setdefault(gid, []).append(cell_source(cell))
    answers, notes = {}, []
    for gid in sorted(as_text - set(found)):
        notes.append(_("{label}: the answer cell was turned into a text (markdown) cell, so it could not run; "
                       "turn it back into code (click it, press Esc, then Y)").format(label=_exercise_label(gid)))
    for gid, copies in found.items():
        if len(copies) > 1:
            notes.append(_("{label}: {n} copies of the answer cell; the last one that is not blank was graded").format(
                label=_exercise_label(gid), n=len(copies)))
        blank = teacher.blanks.get(gid, "").strip()
        filled = [c for c in copies if c.strip() != blank]
        answers[gid] = (filled or copies)[-1]
    return answers, notes, as_text - set(found)


def _other_lesson(student_nb: dict[str, Any], teacher: TeacherLesson) -> str:
    """The lesson a notebook says it is, when that is not ``teacher``'s ("" when it is, or says nothing)."""
    meta = student_nb.get("metadata") if isinstance(student_nb.get("metadata"), dict) else {}
    info = meta.get("stemkit") if isinstance(meta.get("stemkit"), dict) else {}
    lesson = str(info.get("id") or "")
    if not lesson or lesson == teacher.lesson_id:
        return ""
    title = str(info.get("title") or "")
    return f"{lesson} ({title})" if title else lesson


def build_graded_notebook(teacher: TeacherLesson, answers: dict[str, str], *, nonce: str,
                          blanked: Sequence[str] = ()) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The notebook that is run: the teacher's code cells with the student's answers put in.

    Returns the notebook and, per cell, its role: ``("code", "")``,
    ``("answer", grade_id)`` or ``("check", grade_id)``. An answer missing from
    ``answers``, or named in ``blanked``, is the hand-out's blank answer.
    """
    from stemkit.checks.harvest import plan_for

    specs = teacher.specs()
    cells, roles = [], []
    for cell in teacher.nb["cells"]:
        if cell.get("cell_type") != "code" or "teacher" in cell.get("metadata", {}).get("tags", []):
            continue
        nbg = cell.get("metadata", {}).get("nbgrader", {}) or {}
        gid = nbg.get("grade_id", "")
        src = cell_source(cell)
        if nbg.get("solution") and not nbg.get("grade") and gid in teacher.points:
            role = ("answer", gid)
            src = teacher.blanks.get(gid, "raise NotImplementedError()") if (gid in blanked or gid not in answers) \
                else answers[gid]
        elif nbg.get("grade") and _check_of(gid) in teacher.points:
            role = ("check", _check_of(gid))
            src = _HARVEST_CELL.format(exercise=role[1], token=nonce + ":", plan=plan_for(specs.get(role[1], [])))
        else:
            role = ("code", "")
        cells.append({"cell_type": "code", "execution_count": None, "id": f"graded-{len(cells)}",
                      "metadata": {}, "outputs": [], "source": src})
        roles.append(role)
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                                      "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    return nb, roles


# ---------------------------------------------------------------------------
# running it
@dataclass
class _Run:
    outputs: list[list[dict[str, Any]]]
    stopped_at: int | None = None
    stop: str = ""          # "" | TIMED_OUT | CRASHED | "notebook time limit" | "kernel did not start"
    detail: str = ""


def _execute(nb: dict[str, Any], *, cell_timeout: float, deadline: float, workdir: Path) -> _Run:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    node = nbformat.from_dict(nb)
    client = NotebookClient(node, timeout=max(1, math.ceil(cell_timeout)), allow_errors=True,
                            kernel_name="python3", shutdown_kernel="immediate", interrupt_on_timeout=False,
                            record_timing=False, startup_timeout=60)
    env = dict(os.environ)
    env.update(STEMKIT_PROGRESS=os.devnull, MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1")
    run = _Run(outputs=[[] for _c in node.cells])
    try:
        # the kernel's own stderr (ZMQ warnings) would garble the progress bar; student output comes by messages
        with client.setup_kernel(env=env, cwd=str(workdir), stderr=subprocess.DEVNULL):
            for index, cell in enumerate(node.cells):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    run.stopped_at, run.stop = index, "notebook time limit"
                    break
                client.timeout = max(1, math.ceil(min(cell_timeout, remaining)))
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    run.stopped_at = index
                    run.stop = TIMED_OUT if client.timeout >= cell_timeout else "notebook time limit"
                    break
                except DeadKernelError:
                    run.stopped_at, run.stop = index, CRASHED
                    break
                finally:
                    run.outputs[index] = [dict(o) for o in cell.get("outputs", [])]
    except DeadKernelError:
        if run.stopped_at is None:
            run.stopped_at, run.stop = 0, CRASHED
    except Exception as exc:  # the kernel would not start or talk: record it, keep grading the class
        if run.stopped_at is None:
            run.stopped_at, run.stop, run.detail = 0, "kernel did not start", f"{type(exc).__name__}: {exc}"
    return run


def _text(outputs: list[dict[str, Any]]) -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")


def _error(outputs: list[dict[str, Any]]) -> tuple[str, str] | None:
    for o in outputs:
        if o.get("output_type") == "error":
            return str(o.get("ename", "")), _ANSI.sub("", str(o.get("evalue", "")))
    return None


def _exercise_label(grade_id: str) -> str:
    m = re.search(r"-ex(\d+)-(\d+)$", grade_id)
    return _("Exercise {section}.{number}").format(section=m[1], number=m[2]) if m else grade_id


def _scrub(text: str, teacher: TeacherLesson, nonce: str = "") -> str:
    """Drop any line that would show a hidden test, a solution line or the grader's token."""
    keep = []
    for line in text.splitlines():
        stripped = line.strip()
        if (nonce and nonce in line) or "_sk_" in line:
            continue
        if any(secret in stripped for secret in teacher.secret_lines):
            continue
        keep.append(line)
    return "\n".join(keep)


def grade_notebook(student_nb: dict[str, Any], teacher: TeacherLesson, *, cell_timeout: float = CELL_TIMEOUT_S,
                   notebook_timeout: float = NOTEBOOK_TIMEOUT_S, student: str = "", path: Path | None = None
                   ) -> SubmissionResult:
    """Grade one student's notebook (already read as a dict) against ``teacher``."""
    if cell_timeout <= 0 or notebook_timeout <= 0:
        raise ValueError(_("time limits must be > 0 s, got cell {cell} s and notebook {notebook} s").format(
            cell=cell_timeout, notebook=notebook_timeout))
    started = time.monotonic()
    deadline = started + notebook_timeout
    result = SubmissionResult(student=student, lesson=teacher.lesson_id, path=path)
    result.exercises = {gid: ExerciseResult(gid, teacher.points[gid]) for gid in teacher.exercises}
    answers, notes, as_text = _pick_answers(student_nb, teacher)
    result.problems += notes
    other = _other_lesson(student_nb, teacher)
    if other and not answers:
        result.status = "another lesson"
        result.problems.append(_("this notebook is lesson {other}, not {lesson}: was the wrong file handed in?").format(
            other=other, lesson=teacher.lesson_id))
        for ex in result.exercises.values():
            ex.outcome, ex.reason = NOT_RUN, "another lesson"
        result.seconds = time.monotonic() - started
        return result
    for gid in teacher.exercises:
        if gid not in answers and gid not in as_text:
            result.problems.append(_("{label}: the answer cell was not found (deleted, or its metadata removed)").format(
                label=_exercise_label(gid)))
    broken: dict[str, tuple[str, str]] = {}   # grade_id -> (outcome, message) for answers that broke a run
    nonce = secrets.token_hex(12)
    run: _Run | None = None
    roles: list[tuple[str, str]] = []
    # A dying kernel is noticed a little after the cell that killed it (exit() ends Python only once its
    # cell is done), so the culprit is found by trial: blank the nearest answer at or before the cell
    # where the death was seen, run again, and keep the blank only if that run does not die.
    trial: str | None = None
    suspects: list[str] = []
    first_crash: tuple[_Run, list[tuple[str, str]]] | None = None
    with tempfile.TemporaryDirectory(prefix="stemkit-grade-") as tmp:
        while True:
            blanked = list(broken) + ([trial] if trial else [])
            nb, roles = build_graded_notebook(teacher, answers, nonce=nonce, blanked=blanked)
            result.runs += 1
            run = _execute(nb, cell_timeout=cell_timeout, deadline=deadline, workdir=Path(tmp))
            time_left = time.monotonic() < deadline
            crashed = run.stopped_at is not None and run.stop == CRASHED
            if trial is not None:
                if not crashed:
                    msg = _("{label}: your answer made Python stop (the kernel died).").format(
                        label=_exercise_label(trial))
                    broken[trial] = (CRASHED, msg)
                    result.problems.append(msg)
                    trial, suspects, first_crash = None, [], None
                elif suspects and time_left:
                    trial = suspects.pop(0)
                    continue
                else:   # no single answer explains it: report the first crash as it happened
                    assert first_crash is not None
                    run, roles = first_crash
                    break
            if run.stopped_at is None:
                break
            kind, gid = roles[run.stopped_at] if run.stopped_at < len(roles) else ("code", "")
            if run.stop == TIMED_OUT and kind in ("answer", "check") and gid not in broken and time_left:
                where = _("the answer cell") if kind == "answer" else _("the check of your answer")
                msg = _("{label}: {where} ran longer than {limit} s and was stopped (an endless loop?).").format(
                    label=_exercise_label(gid), where=where, limit=format_number(cell_timeout))
                broken[gid] = (TIMED_OUT, msg)
                result.problems.append(msg)
                continue   # run again from a fresh kernel, that answer left blank
            if crashed and time_left:
                before = [g for k, g in reversed(roles[: run.stopped_at + 1]) if k == "answer" and g not in broken]
                if before:
                    first_crash = (run, roles)
                    trial, suspects = before[0], before[1:]
                    continue
            break
    assert run is not None
    from stemkit.checks import judge
    from stemkit.checks.harvest import PREFIX, namespaces

    specs = teacher.specs()
    checked: set[str] = set()
    for index, (kind, gid) in enumerate(roles):
        if kind == "answer" and gid not in broken:
            err = _error(run.outputs[index])
            if err and err[0] != "NotImplementedError" and gid in answers:
                result.exercises[gid].message = _("Your answer cell stopped with {error}: {message}").format(
                    error=err[0], message=err[1])
        if kind != "check":
            continue
        ex = result.exercises[gid]
        if run.stopped_at is not None and index >= run.stopped_at:
            continue
        checked.add(gid)
        text, err = _text(run.outputs[index]), _error(run.outputs[index])
        token = f"{nonce}:{PREFIX}"
        payload = [line[len(token):] for line in text.splitlines() if line.startswith(token)]
        try:
            collected = json.loads(payload[-1]) if payload else None
        except ValueError:
            collected = None
        if not isinstance(collected, list):
            ename, evalue = err if err else ("", _("no answers came back"))
            ex.outcome, ex.reason = ERROR, ename or "error"
            check_message = _("The grader could not read your answers here: {error} {message}").format(
                error=ename, message=_scrub(evalue, teacher, nonce)).strip()
        else:
            right, reason, message = judge(specs[gid], namespaces(specs[gid], collected))
            if right:
                ex.points, ex.outcome, ex.reason = ex.max_points, RIGHT, ""
                continue
            ex.outcome = NOT_ATTEMPTED if reason == "not attempted" else WRONG
            ex.reason = reason or "wrong"
            check_message = _scrub(_ANSI.sub("", message), teacher, nonce)
        ex.message = "\n".join(m for m in (ex.message, check_message) if m)
    for gid, ex in result.exercises.items():
        if gid in broken:
            ex.points, ex.outcome, ex.reason, ex.message = 0.0, broken[gid][0], broken[gid][0], broken[gid][1]
        elif gid in as_text:
            ex.points, ex.outcome, ex.reason = 0.0, MISSING, MARKDOWN
            ex.message = _("The answer cell of this exercise is a text (markdown) cell, so it could not run. "
                           "Turn it back into code: click it, press Esc, then Y.")
        elif gid not in answers:
            ex.points, ex.outcome, ex.reason = 0.0, MISSING, MISSING
            ex.message = _("The answer cell of this exercise was not found in your notebook.")
        elif gid not in checked:
            ex.points, ex.outcome, ex.reason = 0.0, NOT_RUN, run.stop or NOT_RUN
            ex.message = _("Not graded: the notebook stopped before this check ({why}).").format(why=run.stop or NOT_RUN)
    if run.stopped_at is not None:
        kind, gid = roles[run.stopped_at] if run.stopped_at < len(roles) else ("code", "")
        if run.stop == "kernel did not start":
            result.status = run.stop
            result.problems.append(_("the grader could not start Python: {detail}").format(detail=run.detail))
        elif run.stop == "notebook time limit":
            result.status = run.stop
            result.problems.append(_("the notebook ran past its time limit of {limit} s").format(
                limit=format_number(notebook_timeout)))
        else:
            result.status = run.stop
            result.problems.append(_("the notebook stopped at cell {index} of the graded notebook ({why})").format(
                index=run.stopped_at, why=run.stop))
    elif broken:
        kinds = {outcome for outcome, _msg in broken.values()}
        labels = ", ".join(_exercise_label(g) for g in broken)
        result.status = (f"{TIMED_OUT} in {labels}" if kinds == {TIMED_OUT} else
                         f"{CRASHED} in {labels}" if kinds == {CRASHED} else "graded, with broken answers")
    result.seconds = time.monotonic() - started
    return result


def find_submission(student_dir: Path, teacher: TeacherLesson) -> Path | None:
    """The student's file for this lesson (see the module docstring for where it is looked for)."""
    name = teacher.path.name
    track = teacher.path.parent.name
    for candidate in (student_dir / name, student_dir / track / name):
        if candidate.is_file():
            return candidate
    for candidate in sorted(student_dir.glob(f"*/{name}")):
        if candidate.is_file() and not candidate.parent.name.startswith((".", "_")):
            return candidate
    return None


def grade_submission(path: Path, teacher: TeacherLesson, *, student: str = "", cell_timeout: float = CELL_TIMEOUT_S,
                     notebook_timeout: float = NOTEBOOK_TIMEOUT_S) -> SubmissionResult:
    """Grade one file; a file that cannot be read as a notebook is recorded, never raised."""
    started = time.monotonic()
    try:
        nb = read_notebook(path)
    except (NotebookError, OSError) as exc:
        result = SubmissionResult(student=student, lesson=teacher.lesson_id, path=path, status="not a notebook")
        result.exercises = {gid: ExerciseResult(gid, teacher.points[gid], outcome=NOT_RUN, reason="not a notebook")
                            for gid in teacher.exercises}
        detail = str(exc).replace(str(path) + ": ", "")
        result.problems.append(_("the file is not a readable notebook: {error}").format(error=detail))
        result.seconds = time.monotonic() - started
        return result
    try:
        return grade_notebook(nb, teacher, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout,
                              student=student, path=path)
    except Exception as exc:  # a grader bug must not stop a class: record it
        result = SubmissionResult(student=student, lesson=teacher.lesson_id, path=path, status="grader error")
        result.exercises = {gid: ExerciseResult(gid, teacher.points[gid], reason="grader error")
                            for gid in teacher.exercises}
        result.problems.append(_("the grader failed on this file: {error}").format(error=f"{type(exc).__name__}: {exc}"))
        result.seconds = time.monotonic() - started
        return result


def _students(submissions: Path) -> list[Path]:
    return sorted((p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))),
                  key=lambda p: p.name.casefold())


def _progress_bar(stream: TextIO, done: int, total: int, label: str) -> None:
    width = 24
    filled = int(round(width * done / total)) if total else width
    bar = "#" * filled + "-" * (width - filled)
    stream.write("\r" + _("grading [{bar}] {done}/{total} {label}").format(
        bar=bar, done=done, total=total, label=label[:40].ljust(40)))
    stream.flush()


def grade_class(submissions: str | Path, teachers: Sequence[str | Path | TeacherLesson], *,
                cell_timeout: float = CELL_TIMEOUT_S, notebook_timeout: float = NOTEBOOK_TIMEOUT_S,
                progress_logs: Sequence[str | Path] = (), progress_stream: TextIO | None = sys.stderr,
                on_result: Callable[[SubmissionResult], None] | None = None, jobs: int = 1) -> ClassResult:
    """Grade every student folder in ``submissions`` for every teacher source in ``teachers``.

    Parameters
    ----------
    submissions : path
        The class folder (one folder per student; see the module docstring).
    teachers : sequence of paths or TeacherLesson
        Teacher sources of the lessons to grade.
    cell_timeout, notebook_timeout : float
        Time limits for one cell and for one notebook [s].
    progress_logs : sequence of paths
        Extra progress logs (JSON lines with a ``user`` field) for the time-spent plot;
        ``<student>/progress.jsonl`` files are read as well.
    progress_stream : text stream or None
        Where the progress bar goes (stderr by default; None for none).
    on_result : callable, optional
        Called with each submission's result as soon as it is graded.
    jobs : int
        Notebooks graded at the same time, each in its own process (1 = one after another).
        More than the number of CPU cores only slows each notebook down.
    """
    from stemkit.curriculum.progress import ProgressLog, read_log

    folder = Path(submissions)
    if not folder.is_dir():
        raise FileNotFoundError(_("submission folder {path} does not exist; it holds one folder per student").format(
            path=folder))
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(_("jobs must be a whole number >= 1, got {value!r}").format(value=jobs))
    lessons = [t if isinstance(t, TeacherLesson) else load_teacher(t) for t in teachers]
    if not lessons:
        raise ValueError(_("no lessons to grade: name a lesson id, a track or a teacher notebook"))
    # the answer keys: one clean run of each teacher source, before any student's code runs
    unkeyed = [t for t in lessons if t.key is None]
    for teacher, key in zip(unkeyed, record_lessons([t.path for t in unkeyed], jobs=jobs), strict=True):
        teacher.key = key
    started = time.monotonic()
    student_dirs = _students(folder)
    total = len(student_dirs) * len(lessons)
    slots: list[SubmissionResult | None] = [None] * total
    work: list[tuple[int, Path, TeacherLesson, str]] = []
    for n, (student_dir, teacher) in enumerate((d, t) for d in student_dirs for t in lessons):
        path = find_submission(student_dir, teacher)
        if path is None:
            res = SubmissionResult(student=student_dir.name, lesson=teacher.lesson_id, path=None, status="missing")
            res.exercises = {gid: ExerciseResult(gid, teacher.points[gid], reason="missing")
                             for gid in teacher.exercises}
            res.problems.append(_("no file {name} in {folder}").format(name=teacher.path.name, folder=student_dir.name))
            slots[n] = res
        else:
            work.append((n, path, teacher, student_dir.name))
    done = total - len(work)

    def finished(n: int, res: SubmissionResult) -> None:
        nonlocal done
        slots[n] = res
        done += 1
        if on_result is not None:
            on_result(res)
        if progress_stream is not None:
            _progress_bar(progress_stream, done, total, f"{res.student} {res.lesson}")

    if progress_stream is not None:
        _progress_bar(progress_stream, done, total, "")
    if jobs == 1 or len(work) < 2:
        for n, path, teacher, student in work:
            finished(n, grade_submission(path, teacher, student=student, cell_timeout=cell_timeout,
                                         notebook_timeout=notebook_timeout))
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        from stemkit.curriculum.key import spawn_context

        with ProcessPoolExecutor(max_workers=min(jobs, len(work)), mp_context=spawn_context()) as pool:
            futures = {pool.submit(grade_submission, path, teacher, student=student, cell_timeout=cell_timeout,
                                   notebook_timeout=notebook_timeout): (n, path, teacher, student)
                       for n, path, teacher, student in work}
            retry = []
            for future in as_completed(futures):
                try:
                    res = future.result()
                except Exception:  # a worker that could not start or died: grade that one here instead
                    retry.append(futures[future])
                    continue
                finished(futures[future][0], res)
        for n, path, teacher, student in sorted(retry, key=lambda item: item[0]):
            finished(n, grade_submission(path, teacher, student=student, cell_timeout=cell_timeout,
                                         notebook_timeout=notebook_timeout))
    results = [r for r in slots if r is not None]
    if progress_stream is not None:
        _progress_bar(progress_stream, done, total, _("done in {s} s").format(s=format_number(time.monotonic() - started, 3)))
        progress_stream.write("\n")
    log = ProgressLog()
    for p in progress_logs:
        part = read_log(p)
        log.attempts += part.attempts
        log.skipped += part.skipped
    for student_dir in student_dirs:
        own = student_dir / "progress.jsonl"
        if own.is_file():
            part = read_log(own, user=student_dir.name)
            log.attempts += part.attempts
            log.skipped += part.skipped
    lesson_ids = {t.lesson_id for t in lessons}
    log.attempts = sorted((a for a in log.attempts if a.lesson in lesson_ids), key=lambda a: a.time)
    return ClassResult(lessons=lessons, students=[d.name for d in student_dirs], submissions=results,
                       cell_timeout=cell_timeout, notebook_timeout=notebook_timeout,
                       seconds=time.monotonic() - started, progress=log)


# ---------------------------------------------------------------------------
# writing it down
def _columns(result: ClassResult) -> list[str]:
    return [gid for t in result.lessons for gid in t.exercises]


def _cell_text(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a folder named "=1+1" stays text)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_csv(result: ClassResult, path: str | Path) -> Path:
    """``student, <exercise>..., total, max_points, problems``: one row per student."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = _columns(result)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", *columns, "total", "max_points", "problems"])
        for student in result.students:
            subs = [s for s in result.submissions if s.student == student]
            points = {gid: ex.points for s in subs for gid, ex in s.exercises.items()}
            problems = "; ".join(f"{s.lesson}: {p}" for s in subs for p in s.problems)
            writer.writerow([_cell_text(student), *(format_number(points.get(c, 0.0), 6) for c in columns),
                             format_number(sum(s.total for s in subs), 6),
                             format_number(sum(t.max_points for t in result.lessons), 6), _cell_text(problems)])
    return path


def _feedback_text(sub: SubmissionResult, teacher: TeacherLesson) -> str:
    lines = [
        "# " + _("Feedback: {title} ({lesson})").format(title=teacher.title, lesson=teacher.lesson_id),
        "",
        _("**{student}**: {points} of {max} points").format(student=sub.student, points=format_number(sub.total),
                                                            max=format_number(sub.max_points)),
        "",
        "| " + _("exercise") + " | " + _("points") + " | " + _("result") + " |",
        "|---|---|---|",
    ]
    words = {RIGHT: _("✓ right"), WRONG: _("✗ not right yet"), NOT_ATTEMPTED: _("not attempted"),
             ERROR: _("✗ the check could not run"), TIMED_OUT: _("✗ ran too long"), CRASHED: _("✗ crashed Python"),
             MISSING: _("answer cell missing"), NOT_RUN: _("not graded")}
    for gid, ex in sub.exercises.items():
        lines.append(f"| {_exercise_label(gid)} | {format_number(ex.points)}/{format_number(ex.max_points)} | "
                     f"{words.get(ex.outcome, ex.outcome)} |")
    notes = [(gid, ex) for gid, ex in sub.exercises.items() if ex.outcome != RIGHT and ex.message]
    if notes:
        lines += ["", "## " + _("What the checks said"), ""]
        for gid, ex in notes:
            lines += [f"### {_exercise_label(gid)}", "", "```text", _scrub(ex.message, teacher), "```", ""]
    if sub.problems:
        lines += ["", "## " + _("Problems with the notebook"), ""] + [f"- {_scrub(p, teacher)}" for p in sub.problems]
    if sub.status not in ("missing", "not a notebook"):
        lines += ["", _("Your answers were run again, each in a fresh Python, with the teacher's checks.")]
        if teacher.has_hidden_tests:
            lines[-1] += " " + _("Some exercises have extra tests that you do not see, so that an answer must work "
                                 "for more than the examples.")
    return "\n".join(lines).rstrip() + "\n"


def write_feedback(result: ClassResult, folder: str | Path) -> list[Path]:
    """``folder/<student>/<lesson id>.md`` for every submission; returns the paths written."""
    folder = Path(folder)
    by_id = {t.lesson_id: t for t in result.lessons}
    written = []
    for sub in result.submissions:
        target = folder / sub.student / f"{sub.lesson}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_feedback_text(sub, by_id[sub.lesson]), encoding="utf-8")
        written.append(target)
    return written


def _png(fig: Any, alt: str) -> str:
    """An ``<img>`` of a figure: a PNG with twice the pixels of its size on the page, so it is sharp at device
    scale 1 and 2 and never stretched (its width and height are given in CSS pixels)."""
    import base64

    from stemkit.ui.style import retina_png

    data, size = retina_png(fig, dpi=_DPI)
    return (f"<img alt='{html.escape(alt)}' width='{size['width']}' height='{size['height']}' "
            f"src='data:image/png;base64,{base64.b64encode(data).decode('ascii')}'>")


_DPI = 96   # CSS pixels per inch: a figure 6 inches wide is 576 px on the page


def _outcome_status(ex: ExerciseResult) -> str:
    """The heatmap status of a graded exercise (see :mod:`stemkit.curriculum.dashboard`)."""
    from stemkit.curriculum import dashboard

    if ex.outcome == RIGHT:
        return dashboard.RIGHT
    if ex.outcome == WRONG:
        return dashboard.WRONG
    if ex.outcome == NOT_ATTEMPTED or ex.reason == "missing":   # a blank answer, or no notebook handed in
        return dashboard.NOT_ATTEMPTED
    return dashboard.BROKEN


def _broken_words(ex: ExerciseResult) -> str:
    words = {MARKDOWN: _("the answer cell was turned into text (markdown)"), MISSING: _("the answer cell was deleted"),
             TIMED_OUT: _("ran past the time limit"), CRASHED: _("made Python stop"),
             ERROR: _("the check could not run"), "another lesson": _("a notebook of another lesson"),
             "not a notebook": _("the file is not a notebook"), "grader error": _("the grader failed"),
             "notebook time limit": _("the notebook ran past its time limit"),
             "kernel did not start": _("Python did not start")}
    return words.get(ex.reason, words.get(ex.outcome, ex.reason or ex.outcome))


def class_grid(result: ClassResult) -> Any:
    """The class as a :class:`stemkit.curriculum.dashboard.Grid`: students × exercises of every lesson.

    Wrong answers carry the number of tries from the progress logs (0 when no log was given).
    """
    from stemkit.curriculum import dashboard
    from stemkit.curriculum.progress import tries_table

    tries = tries_table(result.progress.attempts) if result.progress is not None else {}
    grid = dashboard.Grid(list(result.students), _columns(result))
    for sub in result.submissions:
        for gid, ex in sub.exercises.items():
            status = _outcome_status(ex)
            if status == dashboard.BROKEN:
                note = _broken_words(ex)
            elif status == dashboard.NOT_ATTEMPTED:
                note = _("no notebook handed in") if ex.reason == "missing" else ""
            else:
                note = ex.reason if status == dashboard.WRONG else ""
            seen = tries.get((sub.student, gid))
            grid.cells[(sub.student, gid)] = dashboard.Cell(status, seen.tries if seen else 0, note)
    return grid


def _plot_outcomes(result: ClassResult) -> str:
    import numpy as np
    from matplotlib.figure import Figure

    from stemkit.curriculum import dashboard

    columns = _columns(result)
    colour = dashboard.status_colours()
    groups = [(RIGHT, colour[dashboard.RIGHT]), (WRONG, colour[dashboard.WRONG]),
              (NOT_ATTEMPTED, "#bbbbbb"), ("broken", colour[dashboard.BROKEN])]
    hatch = {"broken": "///"}
    counts = {g: np.zeros(len(columns)) for g, _c in groups}
    n = np.zeros(len(columns))
    for sub in result.submissions:
        for j, gid in enumerate(columns):
            ex = sub.exercises.get(gid)
            if ex is None:
                continue
            n[j] += 1
            key = {dashboard.RIGHT: RIGHT, dashboard.WRONG: WRONG, dashboard.NOT_ATTEMPTED: NOT_ATTEMPTED}.get(
                _outcome_status(ex), "broken")
            counts[key][j] += 1
    share = {g: 100 * c / np.maximum(n, 1) for g, c in counts.items()}
    labels = {RIGHT: _("right"), WRONG: _("wrong"), NOT_ATTEMPTED: _("not attempted"),
              "broken": _("broken")}
    names = [c.split("-ex")[0] + "\n" + _exercise_label(c) for c in columns]
    bottom = np.zeros(len(columns))
    x = np.arange(len(columns))
    if len(columns) <= _WIDE:
        fig = Figure(figsize=(max(5.0, 0.7 * len(columns) + 2), 3.4))
        ax = fig.add_subplot()
        for g, colour in groups:
            ax.bar(x, share[g], bottom=bottom, color=colour, label=labels[g], hatch=hatch.get(g),
                   edgecolor="#222222" if g in hatch else colour, linewidth=0)
            bottom += share[g]
        ax.set_xticks(x, names, fontsize=7)
        ax.set_ylabel(_("share of students [%]"))
        ax.set_ylim(0, 100)
    else:   # many exercises (a whole track): one row each, read top to bottom
        fig = Figure(figsize=(7.0, 0.22 * len(columns) + 1.2))
        ax = fig.add_subplot()
        for g, colour in groups:
            ax.barh(x, share[g], left=bottom, color=colour, label=labels[g], hatch=hatch.get(g),
                    edgecolor="#222222" if g in hatch else colour, linewidth=0)
            bottom += share[g]
        ax.set_yticks(x, [n.replace("\n", " ") for n in names], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel(_("share of students [%]"))
        ax.set_xlim(0, 100)
    ax.set_title(_("Success rate per exercise"))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _png(fig, _("success rate"))


_WIDE = 16   # more exercises than this and the report lays them out in rows, not columns


def _heatmap_section(result: ClassResult) -> list[str]:
    """The class heatmap (the dashboard's), and a list of the broken answers saying what broke."""
    from stemkit.curriculum import dashboard

    esc = html.escape
    grid = class_grid(result)
    parts = ["<h2>" + esc(_("Who got what")) + "</h2>",
             "<p>" + esc(_("One row per student, one column per exercise. A number in an orange box is the tries "
                           "seen in the progress logs (a cross when no log was given). Hover over a box for "
                           "details.")) + "</p>",
             "<div class='scroll'>" + dashboard.heatmap(grid, max_width=1240).svg + "</div>"]
    broken: dict[str, list[str]] = {}
    for s in grid.students:
        for e in grid.exercises:
            if grid.cell(s, e).status == dashboard.BROKEN:
                broken.setdefault(s, []).append(f"{' '.join(dashboard.short_label(e))}: {grid.cell(s, e).note}")
    if broken:
        parts.append("<h3>" + esc(_("Broken answers (the check could not run)")) + "</h3>")
        parts.append("<table><tr><th>" + esc(_("student")) + "</th><th>" + esc(_("exercise: what happened"))
                     + "</th></tr>" + "".join(f"<tr><td>{esc(s)}</td><td>{esc('; '.join(items))}</td></tr>"
                                              for s, items in broken.items()) + "</table>")
    return parts


def _wrong_reasons(result: ClassResult) -> Counter[tuple[str, str]]:
    return Counter((gid, ex.reason or ex.outcome) for sub in result.submissions for gid, ex in sub.exercises.items()
                   if ex.outcome in (WRONG, ERROR))


def _plot_reasons(counter: Counter[tuple[str, str]]) -> str:
    from matplotlib.figure import Figure

    from stemkit.curriculum import dashboard

    top = counter.most_common(10)[::-1]
    fig = Figure(figsize=(6.0, 0.35 * len(top) + 1.2))
    ax = fig.add_subplot()
    ax.barh([f"{_exercise_label(g)} ({g.split('-ex')[0]}): {r}" for (g, r), _n in top], [n for _k, n in top],
            color=dashboard.status_colours()[dashboard.WRONG])
    ax.set_xlabel(_("wrong answers"))
    ax.set_title(_("Most common reasons for a wrong answer"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig, _("wrong-answer reasons"))


def _plot_time(spent: dict[tuple[str, str], float], lessons: list[str]) -> str:
    from matplotlib.figure import Figure

    from stemkit.curriculum import dashboard

    fig = Figure(figsize=(max(4.0, 1.2 * len(lessons) + 2), 3.2))
    ax = fig.add_subplot()
    data = [[m for (_u, lid), m in spent.items() if lid == lesson] for lesson in lessons]
    shown = [(lid, d) for lid, d in zip(lessons, data, strict=True) if d]
    ax.boxplot([d for _l, d in shown], showfliers=True)
    for i, (_lid, d) in enumerate(shown, start=1):
        ax.plot([i] * len(d), d, "o", color=dashboard.status_colours()["blue"], alpha=0.6)
    ax.set_xticks(range(1, len(shown) + 1), [lid for lid, _d in shown])
    ax.set_ylabel(_("minutes between first and last check"))
    ax.set_title(_("Time spent (from the progress logs)"))
    return _png(fig, _("time spent"))


def _status_text(status: str) -> str:
    """A submission's status in the teacher's language (the status values themselves stay English)."""
    words = {"graded": _("graded"), "graded, with broken answers": _("graded, with broken answers"),
             "missing": _("missing"), "not a notebook": _("not a notebook"), TIMED_OUT: _("timed out"),
             CRASHED: _("kernel died"), "notebook time limit": _("notebook time limit"),
             "kernel did not start": _("kernel did not start"), "grader error": _("grader error"),
             "another lesson": _("another lesson")}
    for kind in (TIMED_OUT, CRASHED):
        if status.startswith(kind + " in "):
            return _("{what} in {where}").format(what=words[kind], where=status[len(kind) + 4:])
    return words.get(status, status)


def write_report(result: ClassResult, path: str | Path) -> Path:
    """The class report as one HTML file (plots embedded, no other files needed)."""
    from stemkit.curriculum.progress import time_spent

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    esc = html.escape
    columns = _columns(result)
    ids = [t.lesson_id for t in result.lessons]
    title = _("Class report: {lessons}").format(
        lessons=", ".join(ids) if len(ids) <= 3 else _("{first} to {last}, {n} lessons").format(
            first=ids[0], last=ids[-1], n=len(ids)))
    parts = [
        "<!DOCTYPE html>", "<html><head><meta charset='utf-8'>", f"<title>{esc(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1280px;margin:1em auto;padding:0 1em}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;font-size:.9em}"
        "th{background:#f0f0f0}td.num{text-align:right}.bad{color:#b00020}img,svg{max-width:100%;height:auto}"
        ".scroll{overflow-x:auto}</style>",
        "</head><body>", f"<h1>{esc(title)}</h1>",
        "<p>" + esc(_("{students} students, {subs} notebooks graded in {s} s (limits: {cell} s per cell, {nb} s per notebook), {when}.").format(
            students=len(result.students), subs=len(result.submissions), s=format_number(result.seconds, 3),
            cell=format_number(result.cell_timeout), nb=format_number(result.notebook_timeout),
            when=datetime.now().strftime("%Y-%m-%d %H:%M"))) + "</p>",
    ]
    parts.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in (
        _("lesson"), _("title"), _("exercises"), _("points"))) + "</tr>")
    for t in result.lessons:
        parts.append(f"<tr><td>{esc(t.lesson_id)}</td><td>{esc(t.title)}</td><td class='num'>{len(t.exercises)}</td>"
                     f"<td class='num'>{format_number(t.max_points)}</td></tr>")
    parts.append("</table>")
    if columns and result.submissions:
        parts += _heatmap_section(result)
        parts += ["<h2>" + esc(_("Success rate per exercise")) + "</h2>", _plot_outcomes(result)]
    reasons = _wrong_reasons(result)
    parts.append("<h2>" + esc(_("Most common wrong answers")) + "</h2>")
    if reasons:
        parts.append(_plot_reasons(reasons))
        examples: dict[tuple[str, str], str] = {}
        by_id = {t.lesson_id: t for t in result.lessons}
        for sub in result.submissions:
            for gid, ex in sub.exercises.items():
                key = (gid, ex.reason or ex.outcome)
                if key in reasons and key not in examples and ex.message:
                    examples[key] = _scrub(ex.message, by_id[sub.lesson])
        parts.append("<table><tr><th>" + "</th><th>".join(esc(h) for h in (_("exercise"), _("reason"), _("students"), _("what the check says (one example)"))) + "</th></tr>")
        for (gid, reason), n in reasons.most_common(12):
            parts.append(f"<tr><td>{esc(gid)}</td><td>{esc(reason)}</td><td class='num'>{n}</td>"
                         f"<td><pre>{esc(examples.get((gid, reason), ''))}</pre></td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>" + esc(_("No wrong answers to show.")) + "</p>")
    parts.append("<h2>" + esc(_("Time spent")) + "</h2>")
    spent = time_spent(result.progress.attempts) if result.progress is not None else {}
    if spent:
        parts.append(_plot_time(spent, [t.lesson_id for t in result.lessons]))
        parts.append("<p>" + esc(_("Minutes between a student's first and last check in the lesson, leaving out breaks over 15 minutes: reading time before the first check is not counted.")) + "</p>")
    else:
        parts.append("<p>" + esc(_("No progress log was given, so time spent is not shown. Put each student's ~/.stemkit/progress.jsonl in their submission folder, or pass --progress FILE.")) + "</p>")
    parts.append("<h2>" + esc(_("Students")) + "</h2>")
    per_column = len(result.lessons) == 1 and len(columns) <= _WIDE
    parts.append("<table><tr><th>" + esc(_("student")) + "</th><th>" + esc(_("lesson")) + "</th>"
                 + ("".join(f"<th>{esc(_exercise_label(g))}</th>" for g in columns) if per_column
                    else "<th>" + esc(_("points per exercise")) + "</th>") + "<th>" + esc(_("total"))
                 + "</th><th>" + esc(_("status")) + "</th><th>" + esc(_("grading time [s]")) + "</th><th>"
                 + esc(_("problems")) + "</th></tr>")
    for sub in result.submissions:
        if per_column:
            cells = "".join(f"<td class='num'>{format_number(sub.exercises[g].points) if g in sub.exercises else ''}</td>"
                            for g in columns)
        else:
            cells = "<td>" + esc(" · ".join(f"{format_number(e.points)}/{format_number(e.max_points)}"
                                            for e in sub.exercises.values())) + "</td>"
        status_class = "" if sub.status == "graded" else " class='bad'"
        parts.append(f"<tr><td>{esc(sub.student)}</td><td>{esc(sub.lesson)}</td>{cells}"
                     f"<td class='num'>{format_number(sub.total)}/{format_number(sub.max_points)}</td>"
                     f"<td{status_class}>{esc(_status_text(sub.status))}</td><td class='num'>{sub.seconds:.1f}</td>"
                     f"<td>{esc('; '.join(sub.problems))}</td></tr>")
    parts += ["</table>", "</body></html>"]
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def write_all(result: ClassResult, out: str | Path, *, force: bool = False) -> dict[str, Path]:
    """grades.csv, report.html and feedback/ in ``out``; returns what was written.

    The folder follows :mod:`stemkit.curriculum.outputs`: never inside ``lessons/`` or a folder kept
    in git, and never over a file stemkit did not write (a teacher's own notes stay where they are).
    """
    from stemkit.curriculum.outputs import open_output

    folder = open_output(out, command="grade", force=force, example="build/grades")
    folder.check(["grades.csv", "report.html", "feedback/"])
    out = folder.path
    paths = {"csv": write_csv(result, folder.target("grades.csv")),
             "report": write_report(result, folder.target("report.html"))}
    write_feedback(result, out / "feedback")
    paths["feedback"] = out / "feedback"
    for path in paths.values():
        folder.record(path)
    return paths
