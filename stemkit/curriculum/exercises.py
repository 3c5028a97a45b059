"""Reading a lesson's exercises without running it: check calls, hint tiers, solution lines.

``stemkit lint`` uses this to hold every exercise to the sealed-check rules
(LESSON_FORMAT.md, "Sealed checks" and "Hints"):

- at least two hint tiers per exercise (a nudge, then a method), given as
  ``hints=[...]`` in the first check call, as plain text literals;
- the prompt carries no hint of its own (the student edition shows tier 1 there);
- no student-visible markdown cell, prompt or hint holds a line of the
  exercise's solution (whitespace ignored);
- each check reads an answer *by name*, a name the answer cells define, and
  never ``value=``: that is what lets a check be sealed and graded from plain data.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from stemkit.curriculum.notebook import cell_source
from stemkit.i18n import _

__all__ = ["CheckCall", "Exercise", "check_calls", "solution_lines", "defined_names", "exercises_of",
           "exercise_problems", "MIN_HINT_TIERS", "normalise"]

MIN_HINT_TIERS = 2
KINDS = ("number", "array", "function", "choice", "text", "exact")
#: Answer arguments: what a check compares against. Their source never reaches a student edition.
ANSWER_ARGUMENTS = ("expected", "reference", "accept", "cases", "mistakes")
_SOLUTION = re.compile(r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*### END SOLUTION", re.S | re.M)
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n(.*?)^[ \t]*### END HIDDEN TESTS", re.S | re.M)
_PROMPT = re.compile(r"^###\s+Exercise\s+(\d+)\.(\d+)", re.M)
_DETAILS = re.compile(r"<details>", re.I)
# the shortest solution line (without spaces) that counts as giving the answer away
_MIN_LINE = 6
_MIN_EXPRESSION = 8


def normalise(text: str) -> str:
    """Text with every space, tab and newline removed: how solution lines are compared."""
    return re.sub(r"\s+", "", text)


@dataclass
class CheckCall:
    kind: str
    exercise: str
    name: str
    hidden: bool
    hints: list[str]
    keywords: dict[str, str]          # keyword -> its source text
    line: int                         # 1-based line in the cell
    problems: list[str] = field(default_factory=list)


@dataclass
class Exercise:
    exercise: str
    answer_cell: int
    check_cell: int | None
    prompt_cell: int | None
    solution: list[str]               # the solution's lines, stripped
    calls: list[CheckCall]

    @property
    def hints(self) -> list[str]:
        public = [c for c in self.calls if not c.hidden]
        return (public or self.calls)[0].hints if self.calls else []


def _literal_strings(node: ast.AST) -> list[str] | None:
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def check_calls(source: str) -> list[CheckCall]:
    """Every ``checks.<kind>(...)`` call in a test cell's source, with its hint tiers and answer arguments."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    hidden_spans = [(m.start(), m.end()) for m in _HIDDEN.finditer(source)]
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in KINDS
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "checks"):
            continue
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args[:2]]
        exercise = args[0] if args and isinstance(args[0], str) else ""
        name = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
        keywords = {kw.arg: ast.get_source_segment(source, kw.value) or "" for kw in node.keywords if kw.arg}
        offset = line_starts[node.lineno - 1] + node.col_offset
        hidden = any(a <= offset < b for a, b in hidden_spans) or keywords.get("hidden", "") == "True"
        call = CheckCall(kind=node.func.attr, exercise=exercise, name=name, hidden=hidden, hints=[],
                         keywords=keywords, line=node.lineno)
        for kw in node.keywords:
            if kw.arg in ("hints", "hint"):
                tiers = _literal_strings(kw.value)
                if tiers is None:
                    call.problems.append(_("{arg}= must be a list of texts written out, not computed").format(arg=kw.arg))
                else:
                    call.hints += tiers
        if "value" in keywords:
            call.problems.append(_("the check passes value=...; a sealed check reads the answer by its name"))
        if not name:
            call.problems.append(_("the check's answer name (second argument) must be written as a text, like \"current\""))
        calls.append(call)
    return sorted(calls, key=lambda c: c.line)


def solution_lines(source: str) -> list[str]:
    """The lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, stripped, comments and blanks left out."""
    lines = []
    for block in _SOLUTION.findall(source):
        for line in block.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def defined_names(source: str) -> set[str]:
    """Names a cell assigns, defines or imports at any level (what a check may read after it runs)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def exercises_of(cells: list[dict[str, Any]]) -> list[Exercise]:
    """The lesson's exercises: answer cell, test cell, prompt, solution lines and check calls."""
    found: dict[str, Exercise] = {}
    prompt: int | None = None
    for index, cell in enumerate(cells):
        src = cell_source(cell)
        if cell.get("cell_type") == "markdown" and _PROMPT.search(src):
            prompt = index
        nbg = cell.get("metadata", {}).get("nbgrader", {}) or {}
        gid = nbg.get("grade_id", "")
        if cell.get("cell_type") != "code" or not gid:
            continue
        if nbg.get("solution") and not nbg.get("grade"):
            found[gid] = Exercise(exercise=gid, answer_cell=index, check_cell=None, prompt_cell=prompt,
                                  solution=solution_lines(src), calls=[])
        elif nbg.get("grade") and gid.endswith("-check") and gid[:-6] in found:
            ex = found[gid[:-6]]
            ex.check_cell = index
            ex.calls = check_calls(src)
    return list(found.values())


def _expression_of(line: str) -> str:
    """The part of a solution line that computes the answer: after ``name =`` or ``return``."""
    m = re.match(r"^(?:return\s+|[A-Za-z_][\w.,\s\[\]]*?(?<![=!<>])=(?!=))(.*)$", line)
    return m[1] if m else ""


def _is_literal(expression: str) -> bool:
    try:
        ast.literal_eval(expression.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _leaks(text: str, solution: list[str]) -> str | None:
    flat = normalise(text)
    for line in solution:
        whole = normalise(line)
        if len(whole) >= _MIN_LINE and whole in flat:
            return line
        expression = normalise(_expression_of(line))
        if _is_literal(_expression_of(line)):
            continue   # a bare value ("b", "nothing", 250) is one of the options a prompt may list
        if len(expression) >= _MIN_EXPRESSION and expression in flat:
            return line
    return None


def exercise_problems(cells: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    """``(cell index, message, fix)`` for every break of the sealed-check rules in a teacher source."""
    problems: list[tuple[int, str, str]] = []
    exercises = exercises_of(cells)
    answers_define: set[str] = set()
    for ex in exercises:
        answers_define |= defined_names(cell_source(cells[ex.answer_cell]))
    visible = [(i, cell_source(c)) for i, c in enumerate(cells)
               if c.get("cell_type") == "markdown" and "teacher" not in c.get("metadata", {}).get("tags", [])]
    for ex in exercises:
        if ex.check_cell is None:
            continue
        label = ex.exercise
        for call in ex.calls:
            for problem in call.problems:
                problems.append((ex.check_cell, _("{exercise}, line {line}: {problem}").format(
                    exercise=label, line=call.line, problem=problem),
                    _("write the check as checks.{kind}(\"{exercise}\", \"name\", expected=..., hints=[\"nudge\", \"method\"])").format(
                        kind=call.kind, exercise=label)))
            if call.name and call.name not in answers_define:
                problems.append((ex.check_cell, _("{exercise}: the check reads `{name}`, which no answer cell defines").format(
                    exercise=label, name=call.name),
                    _("check a name the student's answer cell sets; compute derived values into expected= instead")))
        tiers = ex.hints
        if len(tiers) < MIN_HINT_TIERS:
            problems.append((ex.check_cell, _("{exercise} has {n} hint tiers; at least {min} are needed").format(
                exercise=label, n=len(tiers), min=MIN_HINT_TIERS),
                _("give the first check hints=[\"a nudge: what to think about\", \"the method: which idea or function\"]")))
        if ex.prompt_cell is not None and _DETAILS.search(cell_source(cells[ex.prompt_cell])):
            problems.append((ex.prompt_cell, _("{exercise}: the prompt has its own hint").format(exercise=label),
                             _("move it into hints=[...] of the check; the student edition shows tier 1 under the prompt")))
        for i, text in visible:
            leaked = _leaks(text, ex.solution)
            if leaked:
                problems.append((i, _("this markdown cell shows a line of the solution of {exercise}: {line!r}").format(
                    exercise=label, line=leaked), _("rewrite it so it names the idea, not the code")))
        for n, tier in enumerate(tiers, start=1):
            leaked = _leaks(tier, ex.solution)
            if leaked:
                problems.append((ex.check_cell, _("hint {n} of {exercise} shows a line of its solution: {line!r}").format(
                    n=n, exercise=label, line=leaked), _("say which idea or function to use, not the code")))
    return problems
