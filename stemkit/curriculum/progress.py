"""Reading the progress log for a teacher: who attempted what, how many tries, where a class is stuck.

Every time a student runs a check cell, :mod:`stemkit.checks` appends one JSON
line to the progress log (``$STEMKIT_PROGRESS`` or ``~/.stemkit/progress.jsonl``)::

    {"lesson": "start-01", "exercise": "start-01-ex1-2", "ok": false, "points": 0,
     "max_points": 2, "reason": "prefix", "time": "2026-11-25T10:04:31+0000", "user": "amira"}

A teacher collects the logs (on JupyterHub each student has one in their home
folder) and reads them here. This module is pure Python + numpy: the dashboard
notebook (``lessons/teacher/dashboard.ipynb``) and ``stemkit grade`` draw the plots.

A passed hidden test is not logged (only its failure is), so a student's
attempts at an exercise are the failed hidden tests plus the visible check's
passes and failures; an exercise counts as *solved* by a student when their
latest logged attempt at it passed.

Examples
--------
>>> lines = [
...     '{"lesson": "start-01", "exercise": "start-01-ex1-2", "ok": false, "reason": "prefix", '
...     '"points": 0, "max_points": 2, "time": "2026-11-25T10:00:00+0000", "user": "ana"}',
...     '{"lesson": "start-01", "exercise": "start-01-ex1-2", "ok": true, "reason": "", '
...     '"points": 2, "max_points": 2, "time": "2026-11-25T10:03:00+0000", "user": "ana"}',
... ]
>>> log = parse_lines(lines)
>>> [(a.user, a.exercise, a.ok) for a in log.attempts]
[('ana', 'start-01-ex1-2', False), ('ana', 'start-01-ex1-2', True)]
>>> tries = tries_table(log.attempts)
>>> tries[("ana", "start-01-ex1-2")].tries, tries[("ana", "start-01-ex1-2")].solved
(2, True)
>>> time_spent(log.attempts)[("ana", "start-01")]
3.0
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from stemkit.i18n import _

__all__ = [
    "Attempt",
    "ProgressLog",
    "ExerciseTries",
    "ExerciseSummary",
    "parse_lines",
    "read_log",
    "tries_table",
    "exercise_summary",
    "stuck",
    "time_spent",
    "reason_counts",
    "status_matrix",
    "demo_attempts",
    "demo_class",
    "NOT_TRIED",
    "TRIED",
    "SOLVED",
]

#: Values of :func:`status_matrix`.
NOT_TRIED, TRIED, SOLVED = 0, 1, 2
_TIME_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True)
class Attempt:
    """One logged run of a check cell."""

    user: str
    lesson: str
    exercise: str
    ok: bool
    points: float
    max_points: float
    reason: str
    time: datetime
    answer: str = ""     # the answer as the student gave it, when the log has it
    attempt: int = 0     # the kernel's count of answers checked for this exercise (0 = not counted)


@dataclass
class ProgressLog:
    """Attempts read from one or more logs, oldest first, and the lines that could not be read."""

    attempts: list[Attempt] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExerciseTries:
    """One student's attempts at one exercise."""

    tries: int
    solved: bool
    first_time: datetime
    last_time: datetime
    last_reason: str


@dataclass(frozen=True)
class ExerciseSummary:
    """A class's attempts at one exercise."""

    exercise: str
    attempted: int
    solved: int
    median_tries: float
    stuck: int


def _parse_time(text: object) -> datetime:
    if not isinstance(text, str):
        raise ValueError(_("time must be text like 2026-11-25T10:04:31+0000, got {value!r}").format(value=text))
    for fmt in _TIME_FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    moment = datetime.fromisoformat(text)  # raises ValueError naming the text
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _attempt(record: object, user: str | None) -> Attempt:
    if not isinstance(record, dict):
        raise ValueError(_("a log line must be a JSON object, got {kind}").format(kind=type(record).__name__))
    missing = [k for k in ("exercise", "ok", "time") if k not in record]
    if missing:
        raise ValueError(_("missing field(s) {names}").format(names=", ".join(missing)))
    exercise = str(record["exercise"])
    lesson = str(record.get("lesson") or exercise.split("-ex")[0])
    return Attempt(
        user=user if user is not None else str(record.get("user") or ""),
        lesson=lesson,
        exercise=exercise,
        ok=bool(record["ok"]),
        points=float(record.get("points") or 0.0),
        max_points=float(record.get("max_points") or 0.0),
        reason=str(record.get("reason") or ""),
        time=_parse_time(record["time"]),
        answer=_answer_text(record.get("answer")),
        attempt=_whole(record.get("attempt")),
    )


def _answer_text(value: object) -> str:
    """A logged answer as short text (a long list or text is cut, so one odd answer cannot fill a table)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


def _whole(value: object) -> int:
    try:
        return max(0, int(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def parse_lines(lines: Iterable[str], *, user: str | None = None, source: str = "log") -> ProgressLog:
    """Read JSON lines; a line that is not a log record is skipped and named in ``skipped``.

    Parameters
    ----------
    lines : iterable of str
        The log's lines.
    user : str, optional
        Use this name for every attempt (a log collected from one student's folder)
        instead of the ``user`` field.
    source : str
        Name of the log in the ``skipped`` messages.
    """
    log = ProgressLog()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            log.attempts.append(_attempt(json.loads(line), user))
        except (ValueError, TypeError) as exc:
            log.skipped.append(_("{source}, line {line}: {error}").format(source=source, line=number, error=exc))
    log.attempts.sort(key=lambda a: a.time)
    return log


def read_log(paths: str | Path | Sequence[str | Path], *, user: str | None = None) -> ProgressLog:
    """Read one log file or several (missing files are named in ``skipped``)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    merged = ProgressLog()
    for path in paths:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            merged.skipped.append(_("{source}: cannot be read ({error})").format(source=p, error=exc.strerror or exc))
            continue
        part = parse_lines(text.splitlines(), user=user, source=str(p))
        merged.attempts += part.attempts
        merged.skipped += part.skipped
    merged.attempts.sort(key=lambda a: a.time)
    return merged


def tries_table(attempts: Iterable[Attempt]) -> dict[tuple[str, str], ExerciseTries]:
    """``{(user, exercise): ExerciseTries}``: tries, whether the latest try passed, first and last time."""
    grouped: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for a in sorted(attempts, key=lambda a: a.time):
        grouped[(a.user, a.exercise)].append(a)
    return {
        key: ExerciseTries(tries=len(runs), solved=runs[-1].ok, first_time=runs[0].time,
                           last_time=runs[-1].time, last_reason=runs[-1].reason)
        for key, runs in grouped.items()
    }


def stuck(attempts: Iterable[Attempt], *, min_tries: int = 3) -> list[tuple[str, str, int, str]]:
    """Students who tried an exercise at least ``min_tries`` times and have not solved it.

    Returns ``(user, exercise, tries, last reason)``, most tries first.
    """
    if min_tries < 1:
        raise ValueError(_("min_tries must be >= 1, got {value}").format(value=min_tries))
    rows = [(user, ex, t.tries, t.last_reason) for (user, ex), t in tries_table(attempts).items()
            if not t.solved and t.tries >= min_tries]
    return sorted(rows, key=lambda r: (-r[2], r[1], r[0]))


def exercise_summary(attempts: Iterable[Attempt], *, min_tries: int = 3) -> list[ExerciseSummary]:
    """Per exercise: students who attempted, solved, median tries, and how many are stuck."""
    table = tries_table(attempts)
    by_ex: dict[str, list[ExerciseTries]] = defaultdict(list)
    for (_user, ex), t in table.items():
        by_ex[ex].append(t)
    out = []
    for ex in sorted(by_ex):
        rows = by_ex[ex]
        out.append(ExerciseSummary(
            exercise=ex,
            attempted=len(rows),
            solved=sum(t.solved for t in rows),
            median_tries=float(np.median([t.tries for t in rows])),
            stuck=sum((not t.solved) and t.tries >= min_tries for t in rows),
        ))
    return out


def time_spent(attempts: Iterable[Attempt], *, idle_minutes: float = 15.0) -> dict[tuple[str, str], float]:
    """Minutes each student spent on each lesson, as seen by the log [min].

    Notes
    -----
    The time is the sum of the gaps between a student's consecutive attempts in
    the lesson, leaving out gaps longer than ``idle_minutes`` (a break, or the
    next day). Reading before the first check is not seen, so this is a lower
    bound on the time spent.
    """
    if idle_minutes <= 0:
        raise ValueError(_("idle_minutes must be > 0 min, got {value}").format(value=idle_minutes))
    times: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    for a in attempts:
        times[(a.user, a.lesson)].append(a.time)
    limit = timedelta(minutes=idle_minutes)
    spent = {}
    for key, moments in times.items():
        moments.sort()
        gaps = [b - a for a, b in pairwise(moments)]
        spent[key] = sum((g for g in gaps if g <= limit), timedelta()).total_seconds() / 60.0
    return spent


def reason_counts(attempts: Iterable[Attempt]) -> Counter[tuple[str, str]]:
    """How often each ``(exercise, reason)`` failure happened (``"not attempted"`` included)."""
    return Counter((a.exercise, a.reason or "wrong") for a in attempts if not a.ok)


def status_matrix(attempts: Iterable[Attempt], *, users: Sequence[str] | None = None,
                  exercises: Sequence[str] | None = None) -> tuple[list[str], list[str], NDArray[np.int_]]:
    """A users × exercises grid of :data:`NOT_TRIED`, :data:`TRIED` or :data:`SOLVED`.

    Returns ``(users, exercises, matrix)``; by default users and exercises are
    the ones in the log, sorted.
    """
    table = tries_table(attempts)
    users = list(users) if users is not None else sorted({u for u, _e in table})
    exercises = list(exercises) if exercises is not None else sorted({e for _u, e in table})
    grid = np.full((len(users), len(exercises)), NOT_TRIED, dtype=int)
    row = {u: i for i, u in enumerate(users)}
    col = {e: j for j, e in enumerate(exercises)}
    for (user, ex), t in table.items():
        if user in row and ex in col:
            grid[row[user], col[ex]] = SOLVED if t.solved else TRIED
    return users, exercises, grid


def demo_attempts(*, seed: int = 0, students: int = 12, lesson: str = "start-01",
                  exercises: Sequence[tuple[str, float]] = (("ex1-1", 1), ("ex1-2", 2), ("ex2-1", 1),
                                                             ("ex2-2", 2), ("ex3-1", 1)),
                  start: datetime | None = None) -> list[Attempt]:
    """A small made-up class for demonstrations (seeded, so the same every run).

    Each student works through the exercises in order; later exercises are
    harder, some students find everything harder, and a student may give up
    after three or more tries, so a few get stuck.

    >>> demo = demo_attempts(seed=1, students=4)
    >>> len({a.user for a in demo})
    4
    >>> demo == demo_attempts(seed=1, students=4)
    True
    """
    if students < 1:
        raise ValueError(_("students must be >= 1, got {value}").format(value=students))
    rng = np.random.default_rng(seed)
    start = start or datetime(2026, 9, 7, 9, 0, tzinfo=timezone.utc)
    reasons = ["prefix", "wrong", "not attempted", "sign", "type"]
    # chance to fail one try: later exercises are harder, some students find everything harder
    difficulty = np.linspace(0.3, 0.7, len(exercises)) + rng.uniform(-0.1, 0.1, size=len(exercises))
    ability = rng.normal(0.0, 0.15, size=students)
    out = []
    for s in range(students):
        user = f"student{s + 1:02d}"
        clock = start + timedelta(minutes=float(rng.uniform(0, 4)))
        for j, ((suffix, pts), d) in enumerate(zip(exercises, difficulty, strict=True)):
            exercise = f"{lesson}-{suffix}"
            p_fail = float(np.clip(d + ability[s], 0.05, 0.9))
            weights = np.full(len(reasons), 1.0)
            weights[j % len(reasons)] = 4.0      # each exercise has its own typical slip
            clock += timedelta(minutes=float(rng.uniform(2, 6)))
            for _try in range(6):
                ok = bool(rng.random() > p_fail)
                reason = "" if ok else str(rng.choice(reasons, p=weights / weights.sum()))
                out.append(Attempt(user=user, lesson=lesson, exercise=exercise, ok=ok,
                                   points=float(pts) if ok else 0.0, max_points=float(pts),
                                   reason=reason, time=clock, answer=_demo_answer(j, reason), attempt=_try + 1))
                clock += timedelta(minutes=float(rng.uniform(0.5, 3)))
                if ok or (_try >= 2 and rng.random() < 0.35):   # solved, or gave up after a few tries
                    break
            if rng.random() < 0.1:  # this student stops here
                break
    out.sort(key=lambda a: a.time)
    return out


def _demo_answer(index: int, reason: str) -> str:
    """The wrong answer that goes with a demo slip (the right answer of exercise ``index`` is made up)."""
    right = round(1.5 + 0.7 * index, 2)
    slips = {"prefix": f"{right * 1000:g}", "sign": f"{-right:g}", "type": f"'{right:g}'", "wrong": f"{right * 2:g}"}
    return slips.get(reason, "")


def demo_class(*, seed: int = 0, students: int = 30, lessons: int = 6, exercises_per_lesson: int = 10,
               start: datetime | None = None) -> list[Attempt]:
    """A made-up class of ``students`` working through ``lessons`` lessons, one a day (seeded).

    The lessons are ``electronics-01`` ... with ``exercises_per_lesson`` exercises each (four to a
    section). A few answers broke their check ("error"), so the demo shows every status.

    >>> demo = demo_class(seed=1, students=5, lessons=2, exercises_per_lesson=3)
    >>> sorted({a.lesson for a in demo}), len({a.user for a in demo})
    (['electronics-01', 'electronics-02'], 5)
    """
    from dataclasses import replace

    if lessons < 1 or exercises_per_lesson < 1:
        raise ValueError(_("lessons and exercises_per_lesson must be >= 1, got {lessons} and {exercises}").format(
            lessons=lessons, exercises=exercises_per_lesson))
    start = start or datetime(2026, 9, 7, 9, 0, tzinfo=timezone.utc)
    suffixes = [(f"ex{k // 4 + 1}-{k % 4 + 1}", float(1 + k % 3)) for k in range(exercises_per_lesson)]
    out: list[Attempt] = []
    for n in range(lessons):
        out += demo_attempts(seed=seed * 1000 + n, students=students, lesson=f"electronics-{n + 1:02d}",
                             exercises=suffixes, start=start + timedelta(days=n))
    rng = np.random.default_rng(seed + 7919)
    latest = {(a.user, a.exercise): i for i, a in enumerate(out)}
    for i in sorted(latest.values()):
        if not out[i].ok and rng.random() < 0.05:
            out[i] = replace(out[i], reason="error", answer="")
    out.sort(key=lambda a: a.time)
    return out
