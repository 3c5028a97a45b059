"""``stemkit release``: write student editions of the lessons.

A student edition is the teacher source with

- every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` block replaced by
  ``# YOUR CODE HERE`` and ``raise NotImplementedError()`` at the block's indentation,
- every ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` block removed,
- every cell tagged ``teacher`` removed,
- outputs, execution counts and widget state cleared,
- nbgrader metadata kept, so the edition works with nbgrader too.

It never writes inside ``lessons/`` and refuses a non-empty output folder
unless asked to overwrite it.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

from stemkit.curriculum.notebook import (
    LessonFile,
    cell_source,
    find_lessons,
    lessons_dir,
    read_notebook,
    repo_root,
    write_notebook,
)
from stemkit.i18n import _

__all__ = ["student_edition", "release", "select_lessons", "ReleaseError"]

_BLOCK = re.compile(r"^([ \t]*)### BEGIN SOLUTION[ \t]*\n.*?^[ \t]*### END SOLUTION[ \t]*$", re.S | re.M)
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*(?:\n|$)", re.S | re.M)


class ReleaseError(ValueError):
    """A release that would lose or overwrite something."""


def _blank_solution(source: str) -> str:
    return _BLOCK.sub(lambda m: f"{m[1]}# YOUR CODE HERE\n{m[1]}raise NotImplementedError()", source)


def student_edition(nb: dict[str, Any]) -> dict[str, Any]:
    """The student edition of a teacher-source notebook (a new dict; the input is untouched)."""
    out = copy.deepcopy(nb)
    cells = []
    for cell in out["cells"]:
        meta = cell.setdefault("metadata", {})
        if "teacher" in meta.get("tags", []):
            continue
        src = cell_source(cell)
        nbg = meta.get("nbgrader", {})
        if nbg.get("solution") and cell.get("cell_type") == "markdown":
            src = "YOUR ANSWER HERE"
        elif nbg.get("solution"):
            src = _blank_solution(src)
        if nbg.get("grade"):
            src = _HIDDEN.sub("", src).rstrip("\n")
        cell["source"] = src
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    out["cells"] = cells
    out.setdefault("metadata", {}).pop("widgets", None)
    return out


def select_lessons(names: list[str] | None, root: Path | None = None) -> list[LessonFile]:
    """Lessons by id (``electronics-01``), track (``robotics``) or path; all when ``names`` is empty."""
    lessons = find_lessons(root)
    if not names:
        return lessons
    chosen: list[LessonFile] = []
    for name in names:
        p = Path(name)
        matches = [lf for lf in lessons if lf.lesson_id == name or lf.track == name
                   or (p.suffix == ".ipynb" and lf.path.resolve() == p.resolve())]
        if not matches:
            known = ", ".join(lf.lesson_id for lf in lessons)
            raise ReleaseError(_("no lesson {name!r}; lessons are: {known}").format(name=name, known=known))
        chosen += [m for m in matches if m not in chosen]
    return chosen


def release(names: list[str] | None = None, *, out: Path, force: bool = False, root: Path | None = None) -> list[Path]:
    """Write student editions to ``out/<track>/<file>``; returns the written paths."""
    root = root or repo_root()
    out = Path(out).resolve()
    src_dir = lessons_dir(root).resolve()
    if out == src_dir or out.is_relative_to(src_dir) or src_dir.is_relative_to(out):
        raise ReleaseError(_("refusing to write student editions to {out}: it holds or is inside the teacher sources in {src}. "
                             "Choose another folder, e.g. build/student").format(out=out, src=src_dir))
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ReleaseError(_("{out} is not empty; pass --force to replace what is there, or choose an empty folder").format(out=out))
        for child in out.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    written = []
    for lesson in select_lessons(names, root):
        nb = read_notebook(lesson.path)
        target = out / lesson.track / lesson.path.name
        write_notebook(student_edition(nb), target)
        written.append(target)
    return written
