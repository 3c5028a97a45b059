"""What the sealed student editions of one track must prove, shared by the test_editions_<track> files.

Each lesson is tested four ways (the four track files spread them over the test workers):

1. the blank edition fails every check, and every other cell runs;
2. the edition with the teacher's solutions put back into its answer cells (by grade_id) passes
   every check;
3. for each exercise, a mistake (the teacher's own ``mistakes``, else a built-in slip: x1000, a
   function that returns None, an option that is not right) gives the same message sealed as in
   the teacher source;
4. no answer can be read anywhere in the edition: not the source of any answer argument, not an
   expected value or case output, not a solution line, not a hidden test.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import nbclient
import nbformat
import numpy as np

from stemkit.checks.seal import KEY_FIELD, decode_spec, unseal
from stemkit.curriculum.exercises import ANSWER_ARGUMENTS, exercises_of, normalise
from stemkit.curriculum.key import LessonKey, record_lessons
from stemkit.curriculum.notebook import (
    cell_source,
    find_lessons,
    read_notebook,
    repo_root,
    write_notebook,
)
from stemkit.curriculum.release import sealed_source, student_edition

ROOT = repo_root(Path(__file__).parent)
CHECK_FAILURES = {"NotAttempted", "CheckFailed"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def lessons(track: str):
    return [lf for lf in find_lessons(ROOT) if lf.track == track]


_KEYS: dict[str, LessonKey] = {}


def key_of(lesson) -> LessonKey:
    if lesson.lesson_id not in _KEYS:
        _KEYS[lesson.lesson_id] = record_lessons([lesson.path], jobs=1, cache=True)[0]
    return _KEYS[lesson.lesson_id]


def released(lesson, folder: Path) -> tuple[dict[str, Any], Path]:
    """The sealed edition written where a student would open it; returns it and its path."""
    nb = student_edition(read_notebook(lesson.path), key_of(lesson))
    path = folder / lesson.track / lesson.path.name
    write_notebook(nb, path)
    return nb, path


def run(nb_dict: dict[str, Any], cwd: Path) -> Any:
    nb = nbformat.from_dict(nb_dict)
    client = nbclient.NotebookClient(nb, timeout=120, allow_errors=True, kernel_name="python3",
                                     resources={"metadata": {"path": str(cwd)}})
    env = dict(os.environ, STEMKIT_PROGRESS=os.devnull, MPLBACKEND="Agg")
    env.pop("STEMKIT_RECORD", None)
    client.execute(env=env)
    return nb


def error_of(cell) -> tuple[str, str] | None:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out["ename"], _ANSI.sub("", out.get("evalue", "")) + "\n" + "\n".join(out.get("traceback", []))
    return None


def text_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def solutions(teacher: dict[str, Any]) -> dict[str, str]:
    return {c["metadata"]["nbgrader"]["grade_id"]: cell_source(c) for c in teacher["cells"]
            if c.get("cell_type") == "code" and c.get("metadata", {}).get("nbgrader", {}).get("solution")}


def with_solutions(edition: dict[str, Any], teacher: dict[str, Any]) -> dict[str, Any]:
    nb = json.loads(json.dumps(edition))
    sols = solutions(teacher)
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.get("cell_type") == "code" and gid in sols and cell["metadata"]["nbgrader"].get("solution"):
            cell["source"] = sols[gid]
    return nb


# ---------------------------------------------------------------------------
# mistakes
def _wrong_number(x: float) -> float:
    return float(x) * 1000 if x != 0 else 1.0


def _literal(value: Any) -> str:
    """Python source for a number or a list of numbers, NaN and infinity included."""
    return re.sub(r"\b(nan|inf)\b", r'float("\1")', repr(value))


def mistake_source(spec: dict[str, Any]) -> str:
    """Python source of a wrong answer for this (decoded) spec: the teacher's own mistake, else a built-in slip."""
    params = spec["params"]
    kind = spec["kind"]
    if kind == "number":
        mistakes = params.get("mistakes") or {}
        if mistakes:
            return _literal(float(next(iter(mistakes))))
        return _literal(_wrong_number(params["expected"]))
    if kind == "array":
        arr = np.asarray(params["expected"], dtype=float)
        wrong = arr * 1000 if np.any(arr != 0) else arr + 1
        return _literal(wrong.tolist())
    if kind == "function":
        return "lambda *args, **kwargs: None"
    if kind == "choice":
        expected = params["expected"]
        right = {str(e).casefold() for e in (expected if isinstance(expected, frozenset) else [expected])}
        others = [o for o in (params.get("options") or []) if o.casefold() not in right]
        return repr(others[0] if others else "zz")
    if kind == "text":
        return repr("qqq zzz")
    return "None"


def with_mistakes(nb: dict[str, Any], key: LessonKey, *, sealed: bool) -> tuple[dict[str, Any], dict[int, str]]:
    """After each test cell: set the answer to a mistake, run the test again, put the right answer back.

    Returns the notebook and {index of the repeated test cell: exercise}.
    """
    out = json.loads(json.dumps(nb))
    cells, marks = [], {}
    for cell in out["cells"]:
        cells.append(cell)
        nbg = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not nbg.get("grade"):
            continue
        exercise = nbg["grade_id"][: -len("-check")]
        spec = decode_spec(key.public()[exercise][0])
        name = spec["name"]
        setup = f"_sk_saved = globals().get({name!r})\n{name} = {mistake_source(spec)}"
        again = sealed_source(exercise) if sealed else cell_source(cell)
        restore = f"{name} = _sk_saved"
        for src in (setup, again, restore):
            cells.append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": src})
        marks[len(cells) - 2] = exercise
    out["cells"] = cells
    return out, marks


def mistake_messages(executed, marks: dict[int, str]) -> dict[str, str]:
    found = {}
    for index, exercise in marks.items():
        err = error_of(executed.cells[index])
        found[exercise] = _ANSI.sub("", executed.cells[index]["outputs"][-1].get("evalue", "")) if err else "(passed)"
    return found


# ---------------------------------------------------------------------------
# what must not be readable
def _strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in [str(k), *_strings(v)]]
    return [str(obj)] if obj is not None else []


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, np.ndarray):
        return [float(v) for v in value.reshape(-1)] if value.dtype.kind in "iuf" else []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [n for v in value for n in _numbers(v)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    return []


def secrets(teacher: dict[str, Any], key: LessonKey) -> list[tuple[str, str]]:
    """``(what, text)`` pairs that must appear nowhere in the student edition, spaces ignored."""
    found: list[tuple[str, str]] = []
    cells = teacher["cells"]
    for ex in exercises_of(cells):
        for line in ex.solution:
            if len(normalise(line)) >= 6:
                found.append((f"{ex.exercise} solution line", line))
        for call in ex.calls:
            for arg in ANSWER_ARGUMENTS:
                src = call.keywords.get(arg, "")
                if len(normalise(src)) >= 6:
                    found.append((f"{ex.exercise} {arg}= source", src))
            if call.kind == "choice" and "expected" in call.keywords:
                found.append((f"{ex.exercise} right option", "expected=" + call.keywords["expected"]))
        if ex.check_cell is not None:
            for block in _HIDDEN.findall(cell_source(cells[ex.check_cell])):
                found += [(f"{ex.exercise} hidden test", line.strip()) for line in block.splitlines()
                          if len(line.strip()) >= 12]
    for exercise, specs in key.specs.items():
        for spec in specs:
            params = decode_spec(spec)["params"]
            values = [params.get("expected")]
            values += [c["expected"] for c in params.get("cases", [])]
            for v in _numbers(values):
                text = repr(v)
                if len(text.strip("-").replace(".", "").strip("0")) >= 6:   # long enough never to be a coincidence
                    found.append((f"{exercise} expected value", text))
    return found


def readable_answers(edition: dict[str, Any], teacher: dict[str, Any], key: LessonKey) -> list[str]:
    """Every secret found in the edition's sources, outputs or metadata (empty when sealed right)."""
    visible = normalise("\n".join(_strings(edition)))
    leaks = [f"{what}: {text!r}" for what, text in secrets(teacher, key) if normalise(text) in visible]
    entry = edition.get("metadata", {}).get(KEY_FIELD, {})
    if set(entry) != {"format", "lesson", "data"}:
        leaks.append(f"the key entry has fields {sorted(entry)}")
    for word in ("expected", "mistakes", "params", '"cases"'):
        if word in entry.get("data", ""):
            leaks.append(f"the key's data shows the word {word}")
    for cell in edition["cells"]:
        nbg = cell.get("metadata", {}).get("nbgrader", {})
        if nbg.get("grade") and cell_source(cell) != sealed_source(nbg["grade_id"][: -len("-check")]):
            leaks.append(f"test cell {nbg['grade_id']} is not sealed: {cell_source(cell)[:80]!r}")
    if unseal(entry).keys() != {e for e, s in key.public().items() if s}:
        leaks.append("the key does not hold exactly the lesson's exercises")
    return leaks


# ---------------------------------------------------------------------------
# the three things each lesson's edition is tested for
def blank_fails_every_check(lesson, tmp_path: Path) -> None:
    edition, path = released(lesson, tmp_path)
    nb = run(edition, path.parent)
    graded = 0
    for index, cell in enumerate(nb.cells):
        nbg = cell.metadata.get("nbgrader", {})
        err = error_of(cell)
        where = f"{lesson.lesson_id} cell {index}"
        if nbg.get("grade"):
            graded += 1
            assert err is not None, f"{where}: graded check passed in the blank edition (it can never fail)"
            assert err[0] in CHECK_FAILURES, f"{where}: check failed with {err[0]} instead of a friendly message:\n{err[1][:800]}"
            assert "Traceback" not in err[1], f"{where}: the student sees a traceback"
            assert "answer key was not found" not in err[1], f"{where}: the sealed check did not find its key"
        elif nbg.get("solution") and cell.cell_type == "code":
            # a blank at top level raises; a blank inside a def only raises when the function is called
            assert err is None or err[0] == "NotImplementedError", f"{where}: blank answer cell fails with {err[0]}:\n{err[1][:800]}"
        else:
            assert err is None, f"{where}: a non-graded cell fails in the student edition ({err[0]}):\n{err[1][:800]}"
    assert graded >= 3


def solutions_pass_and_mistakes_read_alike(lesson, tmp_path: Path) -> None:
    teacher = read_notebook(lesson.path)
    key = key_of(lesson)
    edition, path = released(lesson, tmp_path)
    sealed, marks = with_mistakes(with_solutions(edition, teacher), key, sealed=True)
    plain, teacher_marks = with_mistakes(teacher, key, sealed=False)
    ran = run(sealed, path.parent)
    for index, cell in enumerate(ran.cells):
        if cell.metadata.get("nbgrader", {}).get("grade"):
            err = error_of(cell)
            assert err is None and "✓" in text_of(cell), (
                f"{lesson.lesson_id} cell {index}: the sealed check fails with the teacher's solution:\n"
                f"{(err or ('', text_of(cell)))[1][:800]}")
    sealed_said = mistake_messages(ran, marks)
    teacher_said = mistake_messages(run(plain, lesson.path.parent), teacher_marks)
    assert sealed_said.keys() == teacher_said.keys()
    for exercise, message in teacher_said.items():
        assert message.startswith("✗"), f"{exercise}: the teacher's check passed a mistake ({message})"
        assert sealed_said[exercise] == message, f"{exercise}: sealed says\n{sealed_said[exercise]}\nteacher says\n{message}"


def nothing_readable(lesson, tmp_path: Path) -> None:
    teacher = read_notebook(lesson.path)
    edition, _path = released(lesson, tmp_path)
    leaks = readable_answers(edition, teacher, key_of(lesson))
    assert not leaks, f"{lesson.lesson_id}: readable in the student edition:\n" + "\n".join(leaks)


ASPECTS = {"blank": blank_fails_every_check, "solutions-and-mistakes": solutions_pass_and_mistakes_read_alike,
           "nothing-readable": nothing_readable}


# ---------------------------------------------------------------------------
# translated editions (tests/lessons/test_languages.py)
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.I)


def run_with_env(nb_dict: dict[str, Any], cwd: Path, extra: dict[str, str]) -> Any:
    """Like :func:`run`, with more environment variables for the kernel (STEMKIT_LANG, say)."""
    nb = nbformat.from_dict(nb_dict)
    client = nbclient.NotebookClient(nb, timeout=120, allow_errors=True, kernel_name="python3",
                                     resources={"metadata": {"path": str(cwd)}})
    env = dict(os.environ, STEMKIT_PROGRESS=os.devnull, MPLBACKEND="Agg", **extra)
    env.pop("STEMKIT_RECORD", None)
    client.execute(env=env)
    return nb


def released_in(lesson, folder: Path, lang: str, catalog=None) -> tuple[dict[str, Any], Path]:
    """The sealed edition in ``lang``, written where a student would open it (``folder/<lang>/<track>/``)."""
    from stemkit.curriculum.release import student_edition_in

    nb, _stats = student_edition_in(read_notebook(lesson.path), key_of(lesson), lang, catalog)
    path = folder / lang / lesson.track / lesson.path.name
    write_notebook(nb, path)
    return nb, path


def translated_teacher(lesson, lang: str, catalog=None) -> dict[str, Any]:
    from stemkit.curriculum.release import teacher_source_in

    return teacher_source_in(read_notebook(lesson.path), lang, catalog)[0]


def edition_in_language_works(lesson, lang: str, tmp_path: Path, catalog=None) -> None:
    """In ``lang``: the blank edition fails every check with a friendly message and runs every other cell;
    the translated teacher source passes every check; with the solutions back, each seeded mistake gives
    the same message in the sealed edition as in the translated teacher source, in that language."""
    from stemkit.curriculum.translate import translate_key

    key = key_of(lesson)
    edition, path = released_in(lesson, tmp_path, lang, catalog)
    assert edition["metadata"]["stemkit"]["lang"] == lang
    # 1. blank: every check fails in a friendly way (the kernel learns the language from the notebook file)
    nb = run(edition, path.parent)
    graded = 0
    for index, cell in enumerate(nb.cells):
        nbg = cell.metadata.get("nbgrader", {})
        err = error_of(cell)
        where = f"{lesson.lesson_id} ({lang}) cell {index}"
        if nbg.get("grade"):
            graded += 1
            assert err is not None and err[0] in CHECK_FAILURES, f"{where}: {err}"
            assert "Traceback" not in err[1]
            assert _CYRILLIC.search(err[1]), f"{where}: the check speaks English in a {lang} edition:\n{err[1][:300]}"
        elif nbg.get("solution") and cell.cell_type == "code":
            assert err is None or err[0] == "NotImplementedError", f"{where}:\n{err[1][:800]}"
        else:
            assert err is None, f"{where}: a non-graded cell fails ({err[0]}):\n{err[1][:800]}"
    assert graded >= 3
    # 2. and 3. the translated teacher source passes; mistakes read alike, in the language
    teacher = translated_teacher(lesson, lang, catalog)
    tkey = translate_key(key, read_notebook(lesson.path), lang, catalog)
    sealed, marks = with_mistakes(with_solutions(edition, teacher), tkey, sealed=True)
    plain, teacher_marks = with_mistakes(teacher, tkey, sealed=False)
    ran = run(sealed, path.parent)
    ran_teacher = run_with_env(plain, lesson.path.parent, {"STEMKIT_LANG": lang})
    for executed, what in ((ran, "sealed edition with the solutions"), (ran_teacher, "translated teacher source")):
        for index, cell in enumerate(executed.cells):
            if cell.metadata.get("nbgrader", {}).get("grade"):
                err = error_of(cell)
                assert err is None and "✓" in text_of(cell), (
                    f"{lesson.lesson_id} ({lang}) cell {index}: a check fails in the {what}:\n"
                    f"{(err or ('', text_of(cell)))[1][:800]}")
    sealed_said = mistake_messages(ran, marks)
    teacher_said = mistake_messages(ran_teacher, teacher_marks)
    assert sealed_said.keys() == teacher_said.keys()
    for exercise, message in teacher_said.items():
        assert message.startswith("✗"), f"{exercise} ({lang}): the check passed a mistake ({message})"
        assert _CYRILLIC.search(message), f"{exercise} ({lang}): the feedback is not in {lang}: {message}"
        assert sealed_said[exercise] == message, f"{exercise}: sealed says\n{sealed_said[exercise]}\nteacher says\n{message}"
