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


def _friendly_name_error(shell, etype, value, tb, tb_offset=None):  # noqa: ANN001 - IPython's handler signature
    """Show a NameError in plain words instead of a traceback; the cell still fails."""
    match = re.search(r"name '([^']+)' is not defined", str(value))
    name = match[1] if match else "?"
    lines = [
        "\x1b[31m" + _("NameError: Python does not know the name `{name}`.").format(name=name) + "\x1b[0m",
        "  " + _("If you meant a text (like an option letter), put it in quotes: \"{name}\".").format(name=name),
        "  " + _("If it is a variable or a tool, run the cell that makes it first. After a restart, run the cells "
                 "from the top (Run > Run All Above Selected Cell)."),
    ]
    shell._showtraceback(etype, value, lines)
    return lines


def install_friendly_errors() -> bool:
    """In a notebook, answer a NameError in plain words (a student's most common error). Returns True if set.

    Nothing changes outside IPython, or when some other handler is already installed.
    """
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "set_custom_exc") or getattr(shell, "custom_exceptions", ()) != ():
        return False
    shell.set_custom_exc((NameError,), _friendly_name_error)
    return True
