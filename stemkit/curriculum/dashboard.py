"""What a teacher sees of a class: a students × exercises heatmap, who is stuck, the common wrong answers.

The teacher dashboard (``lessons/teacher/dashboard.ipynb``) builds these from the progress
log, and the class report of ``stemkit grade`` from the graded notebooks; both draw the same
:class:`Heatmap`. The heatmap is a hand-written SVG sized in CSS pixels: it stays sharp at
any device scale, loads nothing from the internet, and 30 students × 60 exercises fit a
1366 × 768 screen (about 1100 × 600 px).

Each cell has a colour from the colour-blind-safe palette *and* a mark, so the grid also
reads in greyscale or printed:

==============  ==========================  =====================================
status          colour                      mark
==============  ==========================  =====================================
right           green                       a tick
wrong           orange                      the number of tries
not attempted   very light grey             none
broken          pink-purple                 diagonal stripes (the check could not
                                            run: an error, a time-out, an answer
                                            cell turned into text, ...)
==============  ==========================  =====================================

Examples
--------
>>> from stemkit.curriculum.progress import parse_lines
>>> log = parse_lines([
...     '{"exercise": "start-01-ex1-1", "ok": false, "reason": "prefix", "time": "2026-09-07T09:00:00", "user": "ana"}',
...     '{"exercise": "start-01-ex1-1", "ok": true, "time": "2026-09-07T09:02:00", "user": "ana"}',
...     '{"exercise": "start-01-ex1-2", "ok": false, "reason": "sign", "time": "2026-09-07T09:03:00", "user": "ana"}',
... ])
>>> grid = grid_from_log(log.attempts)
>>> grid.cell("ana", "start-01-ex1-1").status, grid.cell("ana", "start-01-ex1-2")
('right', Cell(status='wrong', tries=1, note='sign'))
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from stemkit.curriculum.progress import Attempt
from stemkit.i18n import _, format_number

__all__ = [
    "RIGHT",
    "WRONG",
    "NOT_ATTEMPTED",
    "BROKEN",
    "STATUSES",
    "BROKEN_REASONS",
    "Cell",
    "Grid",
    "Heatmap",
    "Table",
    "StuckStudent",
    "exercise_order",
    "short_label",
    "grid_from_log",
    "stuck_students",
    "wrong_answers",
    "heatmap",
    "status_colours",
    "stuck_table",
    "wrong_answers_table",
]

RIGHT, WRONG, NOT_ATTEMPTED, BROKEN = "right", "wrong", "not attempted", "broken"
STATUSES = (RIGHT, WRONG, NOT_ATTEMPTED, BROKEN)
#: Reasons in the progress log that mean the check itself could not run on the answer.
BROKEN_REASONS = frozenset({"error", "check error"})
_NOT_AN_ANSWER = "not attempted"   # the reason the checks log when the answer is still blank

# Layout of the heatmap [CSS px]; 60 exercises × 16 px + the name column fit a 1366 px screen.
_ROW = 15
_LABEL_FONT = 12
_SMALL_FONT = 10
_MAX_WIDTH = 940   # fits beside JupyterLab's file browser on a 1366 px screen
_EXERCISE = re.compile(r"^(?P<lesson>.+?)-ex(?P<section>\d+)-(?P<number>\d+)$")


@dataclass(frozen=True)
class Cell:
    """One student's result on one exercise: a status, the tries it took, a short note."""

    status: str = NOT_ATTEMPTED
    tries: int = 0
    note: str = ""


@dataclass
class Grid:
    """Students (rows) × exercises (columns) of :class:`Cell`; a missing cell is not attempted."""

    students: list[str]
    exercises: list[str]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)

    def cell(self, student: str, exercise: str) -> Cell:
        return self.cells.get((student, exercise), Cell())

    def counts(self) -> Counter[str]:
        """How many cells have each status."""
        return Counter(self.cell(s, e).status for s in self.students for e in self.exercises)


def exercise_order(exercises: Iterable[str]) -> list[str]:
    """Exercise ids in lesson order, numbers compared as numbers (``ex1-10`` after ``ex1-9``).

    >>> exercise_order(["e-01-ex1-10", "e-01-ex2-1", "e-01-ex1-9"])
    ['e-01-ex1-9', 'e-01-ex1-10', 'e-01-ex2-1']
    """
    def key(ex: str) -> tuple[str, int, int, str]:
        m = _EXERCISE.match(ex)
        return (m["lesson"], int(m["section"]), int(m["number"]), "") if m else (ex, 0, 0, ex)

    return sorted(set(exercises), key=key)


def short_label(exercise: str) -> tuple[str, str]:
    """``"electronics-01-ex2-1"`` -> ``("electronics-01", "2.1")``.

    >>> short_label("robotics-03-ex1-2")
    ('robotics-03', '1.2')
    """
    m = _EXERCISE.match(exercise)
    return (m["lesson"], f"{m['section']}.{m['number']}") if m else ("", exercise)


def _answers(runs: Sequence[Attempt]) -> list[Attempt]:
    """The runs that checked an answer (a run with the answer still blank is not a try)."""
    return [a for a in runs if a.ok or a.reason != _NOT_AN_ANSWER]


def grid_from_log(attempts: Iterable[Attempt], *, students: Sequence[str] | None = None,
                  exercises: Sequence[str] | None = None) -> Grid:
    """The heatmap's grid from progress-log attempts.

    A cell is *right* when the latest answer checked passed, *broken* when the latest
    check could not run (reason ``error``), *wrong* (with the number of answers checked)
    otherwise, and *not attempted* when no answer was checked (no record, or only runs
    of the check with the answer still blank).
    """
    grouped: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for a in sorted(attempts, key=lambda a: a.time):
        grouped[(a.user, a.exercise)].append(a)
    users = list(students) if students is not None else sorted({u for u, _e in grouped}, key=str.casefold)
    columns = list(exercises) if exercises is not None else exercise_order(e for _u, e in grouped)
    grid = Grid(users, columns)
    for key, runs in grouped.items():
        tried = _answers(runs)
        if not tried:
            grid.cells[key] = Cell(NOT_ATTEMPTED, 0, _("the check ran before an answer was written"))
            continue
        last = tried[-1]
        if last.ok:
            grid.cells[key] = Cell(RIGHT, len(tried))
        elif last.reason in BROKEN_REASONS:
            grid.cells[key] = Cell(BROKEN, len(tried), last.reason)
        else:
            grid.cells[key] = Cell(WRONG, len(tried), last.answer or last.reason)
    return grid


# ---------------------------------------------------------------------------
# who is stuck
@dataclass(frozen=True)
class StuckStudent:
    """A student to go and see, and why."""

    user: str
    exercises: tuple[str, ...]   # unsolved exercises with many wrong tries, most tries first
    tries: int                   # the most wrong tries on one of them
    idle_minutes: float          # minutes since the student last solved an exercise (or started)
    many_tries: bool
    no_progress: bool
    last_reason: str
    current: str = ""            # the exercise the student checked last


def stuck_students(attempts: Iterable[Attempt], *, min_tries: int = 3, idle_minutes: float = 10.0,
                   now: datetime | None = None, window_minutes: float = 90.0,
                   exercises: Sequence[str] | None = None) -> list[StuckStudent]:
    """Students with ``min_tries`` or more wrong tries on an unsolved exercise, or no progress for a while.

    Parameters
    ----------
    min_tries : int
        Wrong tries without success that count as stuck.
    idle_minutes : float
        Minutes without solving a new exercise that count as stuck [min]; a student who has
        solved every exercise of the class is never stuck this way.
    now : datetime, optional
        The moment to measure from; by default the latest time in the log, so a class's log
        read the next day still shows who was stuck at the end.
    window_minutes : float
        Only checks in this many minutes before ``now`` count (one class period) [min]: an
        exercise given up last week is not today's problem. A student with no check in the
        window is not listed (the log cannot tell absent from idle).
    exercises : sequence of str, optional
        The exercises of the class (by default every exercise of the lessons worked on in
        the window).

    Returns
    -------
    list of StuckStudent
        Both reasons first, then the most wrong tries, then the longest time without progress.
    """
    if min_tries < 1:
        raise ValueError(_("min_tries must be >= 1, got {value}").format(value=min_tries))
    if not idle_minutes > 0:
        raise ValueError(_("idle_minutes must be > 0 min, got {value}").format(value=idle_minutes))
    if not window_minutes > 0:
        raise ValueError(_("window_minutes must be > 0 min, got {value}").format(value=window_minutes))
    everything = sorted(attempts, key=lambda a: a.time)
    if not everything:
        return []
    now = now or everything[-1].time
    start = now - timedelta(minutes=window_minutes)
    runs = [a for a in everything if start <= a.time <= now]
    lessons = {a.lesson for a in runs}
    every = set(exercises) if exercises is not None else {a.exercise for a in everything if a.lesson in lessons}
    solved_before = {(a.user, a.exercise) for a in everything if a.time < start and a.ok}
    by_user: dict[str, list[Attempt]] = defaultdict(list)
    for a in runs:
        by_user[a.user].append(a)
    out = []
    for user, mine in by_user.items():
        per_ex: dict[str, list[Attempt]] = defaultdict(list)
        for a in mine:
            per_ex[a.exercise].append(a)
        solved = {ex for ex, rs in per_ex.items() if _answers(rs) and _answers(rs)[-1].ok}
        solved |= {ex for u, ex in solved_before if u == user and ex not in per_ex}
        hard = sorted(((len(_answers(rs)), ex) for ex, rs in per_ex.items()
                       if ex not in solved and len(_answers(rs)) >= min_tries), key=lambda t: (-t[0], t[1]))
        solves = [a.time for a in mine if a.ok]
        since = (now - (solves[-1] if solves else mine[0].time)).total_seconds() / 60.0
        idle = since >= idle_minutes and bool(every - solved)
        if not hard and not idle:
            continue
        wrong = [a for a in mine if not a.ok and a.reason != _NOT_AN_ANSWER]
        out.append(StuckStudent(user=user, exercises=tuple(ex for _n, ex in hard), tries=hard[0][0] if hard else 0,
                                idle_minutes=max(0.0, since), many_tries=bool(hard), no_progress=idle,
                                last_reason=(wrong[-1].answer or wrong[-1].reason) if wrong else "",
                                current=mine[-1].exercise))
    return sorted(out, key=lambda s: (-(s.many_tries and s.no_progress), -s.tries, -s.idle_minutes, s.user))


# ---------------------------------------------------------------------------
# the common wrong answers
def wrong_answers(attempts: Iterable[Attempt], *, top: int = 3) -> dict[str, list[tuple[str, int]]]:
    """Per exercise, the ``top`` most common wrong answers and how often each was checked.

    A wrong answer is named by the answer itself when the log has it (``"19000 (prefix)"``),
    else by the check's reason for it (``"prefix"``). Exercises come in lesson order;
    exercises nobody got wrong are left out.
    """
    if top < 1:
        raise ValueError(_("top must be >= 1, got {value}").format(value=top))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for a in attempts:
        if a.ok or a.reason == _NOT_AN_ANSWER:
            continue
        reason = a.reason or "wrong"
        counts[a.exercise][f"{a.answer} ({reason})" if a.answer else reason] += 1
    return {ex: counts[ex].most_common(top) for ex in exercise_order(counts)}


# ---------------------------------------------------------------------------
# drawing
def status_colours() -> dict[str, str]:
    """The colour of each status (from :data:`stemkit.ui.figure.PALETTE`), and the palette's others by name."""
    from stemkit.ui.figure import PALETTE

    return {**PALETTE, RIGHT: PALETTE["green"], WRONG: PALETTE["orange"], NOT_ATTEMPTED: "#f2f2f2",
            BROKEN: PALETTE["purple"]}


def _status_words(tries_known: bool = True) -> dict[str, str]:
    return {RIGHT: _("right"), WRONG: _("wrong after N tries (N in the box)") if tries_known else _("wrong"),
            NOT_ATTEMPTED: _("not attempted"), BROKEN: _("broken: the check could not run")}


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a text's width in a sans-serif font [px] (no font metrics are needed)."""
    return 0.6 * size * len(text)


def _fit(text: str, width: float, size: float) -> str:
    """``text`` cut with "…" to fit ``width`` px."""
    limit = max(1, int(width / (0.6 * size)))
    return text if len(text) <= limit else text[: max(1, limit - 1)] + "…"


def _mark(status: str, x: float, y: float, w: float, h: float, tries: int) -> str:
    """The second cue of a cell, so that it reads without colour."""
    if status == RIGHT:
        pts = f"{x + 0.25 * w:.1f},{y + 0.52 * h:.1f} {x + 0.43 * w:.1f},{y + 0.72 * h:.1f} " \
              f"{x + 0.76 * w:.1f},{y + 0.3 * h:.1f}"
        return f'<polyline points="{pts}" fill="none" stroke="white" stroke-width="2" stroke-linecap="round"/>'
    if status == WRONG and tries < 1:   # tries unknown (a graded notebook without a log): a cross
        return (f'<path d="M{x + 0.3 * w:.1f},{y + 0.25 * h:.1f}L{x + 0.7 * w:.1f},{y + 0.75 * h:.1f}'
                f'M{x + 0.3 * w:.1f},{y + 0.75 * h:.1f}L{x + 0.7 * w:.1f},{y + 0.25 * h:.1f}" stroke="#222222" '
                f'stroke-width="1.5"/>')
    if status == WRONG:
        label = str(tries) if tries < 10 else "9+"
        return (f'<text x="{x + w / 2:.1f}" y="{y + h / 2:.1f}" font-size="{_SMALL_FONT}" text-anchor="middle" '
                f'dominant-baseline="central" fill="#222222">{label}</text>')
    if status == BROKEN:
        return (f'<path d="M{x:.1f},{y + h / 2:.1f}L{x + w / 2:.1f},{y:.1f}M{x:.1f},{y + h:.1f}L{x + w:.1f},{y:.1f}'
                f'M{x + w / 2:.1f},{y + h:.1f}L{x + w:.1f},{y + h / 2:.1f}" stroke="#222222" stroke-width="1.2"/>')
    return ""


class Heatmap:
    """The heatmap as an SVG document; a notebook shows it when it ends a cell (``.svg`` holds the text)."""

    def __init__(self, svg: str, width: int, height: int):
        self.svg, self.width, self.height = svg, width, height

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<heatmap {self.width} × {self.height} px>"


def heatmap(grid: Grid, *, title: str = "", max_width: int = _MAX_WIDTH) -> Heatmap:
    """Draw ``grid`` as an SVG heatmap at most ``max_width`` CSS pixels wide.

    Rows are students, columns exercises grouped by lesson; the legend sits above the grid,
    outside the data. Hovering over a cell shows who, which exercise, and what happened.
    """
    wrong = [c for c in grid.cells.values() if c.status == WRONG]
    tries_known = not wrong or any(c.tries > 0 for c in wrong)
    colours, words = status_colours(), _status_words(tries_known)
    esc = html.escape
    n_rows, n_cols = len(grid.students), len(grid.exercises)
    name_w = min(150.0, max([_text_width(s, _LABEL_FONT) for s in grid.students] + [60.0]) + 8)
    col_w = (max_width - name_w - 12) / max(n_cols, 1)
    col_w = max(10.0, min(24.0, col_w))
    width = int(round(name_w + col_w * n_cols + 12))
    top = 8.0
    parts: list[str] = []
    if title:
        parts.append(f'<text x="4" y="{top + 13:.0f}" font-size="14" font-weight="bold">{esc(title)}</text>')
        top += 22
    # the legend, in a row above the grid
    x = 4.0
    for status in STATUSES:
        label = words[status]
        if x + 20 + _text_width(label, _LABEL_FONT) > width and x > 4:
            x, top = 4.0, top + 20
        parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="16" height="16" fill="{colours[status]}" '
                     f'stroke="#999999" stroke-width="0.5"/>')
        parts.append(_mark(status, x, top, 16, 16, 3 if tries_known else 0))
        parts.append(f'<text x="{x + 21:.1f}" y="{top + 8:.1f}" font-size="{_LABEL_FONT}" '
                     f'dominant-baseline="central">{esc(label)}</text>')
        x += 21 + _text_width(label, _LABEL_FONT) + 18
    top += 28
    # lesson names over their columns, then the exercise numbers
    lessons: list[tuple[str, int, int]] = []
    for j, ex in enumerate(grid.exercises):
        lesson = short_label(ex)[0]
        if lessons and lessons[-1][0] == lesson:
            lessons[-1] = (lesson, lessons[-1][1], j + 1)
        else:
            lessons.append((lesson, j, j + 1))
    if any(lesson for lesson, _a, _b in lessons):
        for lesson, a, b in lessons:
            x0, x1 = name_w + a * col_w, name_w + b * col_w
            parts.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{top + 8:.1f}" font-size="{_SMALL_FONT + 1}" '
                         f'text-anchor="middle" dominant-baseline="central">{esc(_fit(lesson, x1 - x0 - 2, 11))}</text>')
            parts.append(f'<line x1="{x0 + 1:.1f}" x2="{x1 - 1:.1f}" y1="{top + 17:.1f}" y2="{top + 17:.1f}" '
                         f'stroke="#555555"/>')
        top += 20
    number_h = max(_text_width(short_label(e)[1], _SMALL_FONT) for e in grid.exercises) + 6 if n_cols else 0
    for j, ex in enumerate(grid.exercises):
        cx = name_w + (j + 0.5) * col_w
        parts.append(f'<text transform="translate({cx:.1f},{top + number_h - 3:.1f}) rotate(-90)" '
                     f'font-size="{_SMALL_FONT}" dominant-baseline="central">{esc(short_label(ex)[1])}</text>')
    top += number_h
    # the grid
    for i, student in enumerate(grid.students):
        y = top + i * _ROW
        if i % 2:
            parts.append(f'<rect x="0" y="{y:.1f}" width="{name_w - 2:.1f}" height="{_ROW}" fill="#f6f6f6"/>')
        parts.append(f'<text x="{name_w - 6:.1f}" y="{y + _ROW / 2:.1f}" font-size="{_LABEL_FONT}" text-anchor="end" '
                     f'dominant-baseline="central">{esc(_fit(student, name_w - 8, _LABEL_FONT))}</text>')
        for j, ex in enumerate(grid.exercises):
            cell = grid.cell(student, ex)
            x0 = name_w + j * col_w
            tip = _("{student}, {exercise}: {status}").format(student=student, exercise=ex,
                                                              status=_cell_words(cell))
            parts.append(f'<g><title>{esc(tip)}</title><rect x="{x0:.1f}" y="{y:.1f}" width="{col_w:.1f}" '
                         f'height="{_ROW}" fill="{colours[cell.status]}" stroke="white" stroke-width="1"/>'
                         f'{_mark(cell.status, x0, y, col_w, _ROW, cell.tries)}</g>')
    height = int(round(top + n_rows * _ROW + 8))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" '
           f'role="img"><rect width="{width}" height="{height}" fill="white"/>' + "".join(parts) + "</svg>")
    return Heatmap(svg, width, height)


def _cell_words(cell: Cell) -> str:
    if cell.status == RIGHT:
        return _("right after {n} tries").format(n=cell.tries) if cell.tries > 1 else _("right")
    if cell.status == WRONG:
        text = (_("wrong") if cell.tries < 1 else _("wrong after 1 try") if cell.tries == 1
                else _("wrong after {n} tries").format(n=cell.tries))
    elif cell.status == BROKEN:
        text = _("broken")
    else:
        text = _("not attempted")
    return f"{text} ({cell.note})" if cell.note else text


# ---------------------------------------------------------------------------
# tables
class Table:
    """A small HTML table; a notebook shows it when it ends a cell (``.html`` holds the text)."""

    def __init__(self, header: Sequence[object], rows: Sequence[Sequence[object]], *, empty: str = ""):
        self.header, self.empty = [str(h) for h in header], empty
        self.rows = [[str(c) for c in r] for r in rows]

    @property
    def html(self) -> str:
        if not self.rows:
            return f"<p>{html.escape(self.empty)}</p>"
        esc = html.escape
        head = "".join(f"<th style='text-align:left;padding:2px 8px'>{esc(h)}</th>" for h in self.header)
        body = "".join("<tr>" + "".join(f"<td style='text-align:left;padding:2px 8px'>{esc(c)}</td>" for c in row)
                       + "</tr>" for row in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return str(self)

    def __str__(self) -> str:
        if not self.rows:
            return self.empty
        widths = [max(len(str(x)) for x in col) for col in zip(self.header, *self.rows, strict=True)]
        return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                         for row in [self.header, *self.rows])


def _label(exercise: str) -> str:
    lesson, number = short_label(exercise)
    return f"{lesson} {number}".strip()


def stuck_table(rows: Sequence[StuckStudent], *, min_tries: int = 3, idle_minutes: float = 10.0) -> Table:
    """The stuck students as a table: who, on what, how many tries, minutes without progress, why."""
    out = []
    for s in rows:
        why = []
        if s.many_tries:
            why.append(_("{n} wrong tries").format(n=s.tries))
        if s.no_progress:
            why.append(_("nothing solved for {minutes} min").format(minutes=format_number(round(s.idle_minutes))))
        names = [_label(e) for e in s.exercises[:3]] or [_label(s.current)]
        if len(s.exercises) > 3:
            names.append(_("{n} more").format(n=len(s.exercises) - 3))
        out.append([s.user, ", ".join(names),
                    str(s.tries) if s.tries else "", format_number(round(s.idle_minutes)), "; ".join(why),
                    s.last_reason])
    return Table([_("student"), _("exercise"), _("wrong tries"), _("minutes since last solved"), _("why"),
                  _("last wrong answer")], out,
                 empty=_("Nobody is stuck: no one has {n} or more wrong tries on an exercise, and everyone solved "
                         "something in the last {minutes} minutes.").format(n=min_tries,
                                                                           minutes=format_number(idle_minutes)))


def wrong_answers_table(common: Mapping[str, Sequence[tuple[str, int]]]) -> Table:
    """:func:`wrong_answers` as a table: exercise, then its most common wrong answers with counts."""
    rows = [[_label(ex), str(sum(n for _a, n in answers)),
             "; ".join(_("{answer} × {n}").format(answer=a, n=n) for a, n in answers)]
            for ex, answers in common.items()]
    return Table([_("exercise"), _("wrong tries (top answers)"), _("most common wrong answers")], rows,
                 empty=_("No wrong answers logged."))
