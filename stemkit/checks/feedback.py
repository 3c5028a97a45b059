"""Feedback objects: the ✓ line, the friendly failure, and the progress log.

A failed check raises :class:`CheckFailed`, a subclass of ``AssertionError`` so
that nbval and nbgrader see the cell fail. IPython shows only the friendly lines
returned by ``_render_traceback_``: no traceback for a student to wade through.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from stemkit.i18n import _

__all__ = ["CheckFailed", "NotAttempted", "exercise_label", "lesson_of", "progress_path", "log_attempt"]

_EXERCISE_ID = re.compile(r"^(?P<lesson>[a-z0-9]+-\d{2})-ex(?P<section>\d+)-(?P<number>\d+)$")


class CheckFailed(AssertionError):
    """An exercise check did not pass. Its message is written for the student."""

    def __init__(self, message: str, *, exercise: str = "", reason: str = "wrong"):
        super().__init__(message)
        self.message = message
        self.exercise = exercise
        self.reason = reason

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing a traceback.
        red, reset = "\x1b[31m", "\x1b[0m"
        lines = self.message.splitlines()
        return [red + lines[0] + reset] + lines[1:]


class NotAttempted(CheckFailed):
    """The answer is not there yet: the name is undefined or the cell is still blank."""

    def __init__(self, message: str, *, exercise: str = ""):
        super().__init__(message, exercise=exercise, reason="not attempted")


def parse_exercise(exercise: str) -> re.Match[str]:
    match = _EXERCISE_ID.match(exercise) if isinstance(exercise, str) else None
    if match is None:
        raise ValueError(
            _("exercise id must look like 'electronics-01-ex1-2' (lesson id, -ex, section, -, number), got {value!r}").format(
                value=exercise
            )
        )
    return match


def exercise_label(exercise: str) -> str:
    """``"electronics-01-ex1-2"`` -> ``"Exercise 1.2"``.

    >>> exercise_label("robotics-03-ex2-1")
    'Exercise 2.1'
    """
    m = parse_exercise(exercise)
    return _("Exercise {section}.{number}").format(section=m["section"], number=m["number"])


def lesson_of(exercise: str) -> str:
    """``"electronics-01-ex1-2"`` -> ``"electronics-01"``.

    >>> lesson_of("design3d-04-ex3-1")
    'design3d-04'
    """
    return parse_exercise(exercise)["lesson"]


def progress_path() -> Path:
    """Where attempts are logged: ``$STEMKIT_PROGRESS`` or ``~/.stemkit/progress.jsonl``."""
    env = os.environ.get("STEMKIT_PROGRESS")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".stemkit" / "progress.jsonl"


def log_attempt(*, exercise: str, ok: bool, points: float, max_points: float, reason: str = "",
                attempt: int = 0) -> None:
    """Append one attempt as a JSON line; silently skipped when the disk will not take it.

    ``attempt`` counts the answers checked for this exercise in this kernel so far, this one included
    (0 when it was not attempted yet).
    """
    record = {
        "lesson": lesson_of(exercise),
        "exercise": exercise,
        "ok": bool(ok),
        "points": points,
        "max_points": max_points,
        "reason": reason,
        "attempt": int(attempt),
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "user": os.environ.get("JUPYTERHUB_USER") or os.environ.get("USER") or "",
    }
    path = progress_path()
    if str(path) in ("", os.devnull):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError:
        pass  # a read-only home or a full disk must never break a lesson
