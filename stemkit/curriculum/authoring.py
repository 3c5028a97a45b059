"""Build a lesson notebook in the stemkit format from Python.

Maintainers usually edit lessons in JupyterLab; this helper writes a new lesson
with every required piece in the right order and the right metadata, so the
lint passes from the start. The saved notebook is the source of truth.

Example
-------
>>> L = Lesson("start-99", title="Demo", track="start", level=1, duration_min=45,
...            objectives=["Run a cell"], keypoints=["Shift+Enter runs a cell"])
>>> L.intro(hook="Why this matters.")
>>> L.exercise("1.1", points=1, prompt="Store 2 in `x`.",
...            answer="### BEGIN SOLUTION\\nx = 2\\n### END SOLUTION",
...            check='checks.exact("start-99-ex1-1", "x", expected=2, hints=["One more than 1.", "Use =."])')
>>> [c["cell_type"] for c in L.cells]
['markdown', 'markdown', 'markdown', 'code', 'code']
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stemkit.curriculum.notebook import find_lessons, lessons_dir, write_notebook

__all__ = ["Lesson", "SLIDE_TYPES", "LEVEL_NAMES"]

SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")
LEVEL_NAMES = {1: "1 - first steps", 2: "2 - core", 3: "3 - advanced"}
LICENCE_LINE = ("*Lesson text © stemkit contributors, CC BY 4.0. Code cells and the stemkit package: "
                "BSD 3-Clause.*")


def _slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return re.sub(r"-+", "-", slug)[:48].strip("-")


class Lesson:
    """A lesson under construction: metadata plus an ordered list of cells."""

    def __init__(self, lesson_id: str, *, title: str, track: str, level: int, duration_min: int,
                 objectives: Sequence[str], keypoints: Sequence[str], prerequisites: Sequence[str] = (),
                 kit: Sequence[str] = (), datasets: Sequence[str] = (), slug: str | None = None,
                 timing: Sequence[dict[str, Any]] | None = None, maths: Sequence[Any] = ()):
        # a plan that adds up from the start; replace it with the real one (see stemkit.curriculum.timing)
        plan = list(timing) if timing is not None else [
            {"part": "Hook", "min": min(5, int(duration_min) // 2), "kind": "hook"},
            {"part": "Lesson", "min": int(duration_min) - min(5, int(duration_min) // 2), "kind": "teach"}]
        self.meta: dict[str, Any] = {
            "id": lesson_id,
            "title": title,
            "track": track,
            "level": int(level),
            "duration_min": int(duration_min),
            "prerequisites": list(prerequisites),
            "objectives": list(objectives),
            "keypoints": list(keypoints),
            "kit": list(kit),
            "datasets": list(datasets),
            "timing": plan,
            "maths": list(maths),
        }
        self.slug = slug or _slugify(title)
        self.cells: list[dict[str, Any]] = []

    # -- raw cells --------------------------------------------------------
    def _add(self, cell_type: str, source: str, slide: str, tags: Sequence[str] = (),
             nbgrader: dict[str, Any] | None = None) -> dict[str, Any]:
        if slide not in SLIDE_TYPES:
            raise ValueError(f"slide must be one of {SLIDE_TYPES}, got {slide!r}")
        meta: dict[str, Any] = {"slideshow": {"slide_type": slide}}
        if tags:
            meta["tags"] = list(tags)
        if nbgrader:
            meta["nbgrader"] = nbgrader
        cell: dict[str, Any] = {"cell_type": cell_type, "id": "", "metadata": meta,
                                "source": source.strip("\n")}
        if cell_type == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        self.cells.append(cell)
        return cell

    def markdown(self, text: str, *, slide: str = "slide", tags: Sequence[str] = ()) -> None:
        """A markdown cell (default: starts a new slide)."""
        self._add("markdown", text, slide, tags)

    def code(self, source: str, *, slide: str = "-", tags: Sequence[str] = ()) -> None:
        """A code cell (default: continues the current slide)."""
        self._add("code", source, slide, tags)

    # -- the fixed parts of a lesson ---------------------------------------
    def intro(self, *, hook: str) -> None:
        """Title + hook, then the 'In this lesson' cell mirroring the metadata."""
        m = self.meta
        self._add("markdown", f"# {m['title']}\n\n{hook.strip()}", "slide")
        lines = ["## In this lesson", "", "**By the end you can:**", ""]
        lines += [f"- {o}" for o in m["objectives"]]
        lines += ["", f"**Level:** {LEVEL_NAMES.get(m['level'], m['level'])} · **Time:** about {m['duration_min']} minutes"]
        if m["prerequisites"]:
            lines.append("**Do first:** " + ", ".join(f"`{p}`" for p in m["prerequisites"]))
        if m["kit"]:
            lines += ["", "**Kit for the build:** " + "; ".join(m["kit"])]
        self._add("markdown", "\n".join(lines), "subslide")

    def setup(self, imports: str) -> None:
        """The setup cell: imports only, everything from stemkit (hidden on slides)."""
        self._add("markdown", "Run the next cell first (Shift+Enter). It loads the tools this lesson uses.", "skip")
        self._add("code", imports, "skip")

    def explore(self, source: str, *, slide: str = "subslide") -> None:
        """A cell that shows an explorer (tagged ``explore``)."""
        self._add("code", source, slide, ["explore"])

    def teacher(self, text: str) -> None:
        """Teacher notes: tagged ``teacher``, shown as speaker notes, removed for students."""
        body = text.strip()
        if not body.startswith("**Teacher"):
            body = "**Teacher notes**\n\n" + body
        self._add("markdown", body, "notes", ["teacher"])

    def exercise(self, number: str, *, points: float, prompt: str, answer: str, check: str,
                 slide: str = "subslide") -> None:
        """Prompt, answer cell (with ### BEGIN/END SOLUTION) and graded test cell.

        The hint tiers go in the check (``hints=[...]``); the student edition shows the first under the prompt.
        """
        if not re.fullmatch(r"\d+\.\d+", number):
            raise ValueError(f"exercise number must look like '1.2', got {number!r}")
        section, sub = number.split(".")
        grade_id = f"{self.meta['id']}-ex{section}-{sub}"
        if "### BEGIN SOLUTION" not in answer or "### END SOLUTION" not in answer:
            raise ValueError(f"the answer of exercise {number} needs ### BEGIN SOLUTION and ### END SOLUTION")
        if f'"{grade_id}"' not in check and f"'{grade_id}'" not in check:
            raise ValueError(f"the check of exercise {number} must name its exercise id {grade_id!r}")
        pts = int(points) if float(points).is_integer() else points
        unit = "point" if pts == 1 else "points"
        text = f"### Exercise {number} ({pts} {unit})\n\n{prompt.strip()}"
        self._add("markdown", text, slide)
        self._add("code", answer, "-", nbgrader={
            "grade": False, "grade_id": grade_id, "locked": False, "schema_version": 3, "solution": True,
            "task": False})
        self._add("code", check, "-", nbgrader={
            "grade": True, "grade_id": f"{grade_id}-check", "locked": True, "points": pts, "schema_version": 3,
            "solution": False, "task": False})

    def build(self, text: str, *, slide: str = "slide") -> None:
        """The hands-on build section (markdown)."""
        self._add("markdown", text, slide)

    def keypoints(self) -> None:
        """The key points cell, from the metadata."""
        items = "\n".join(f"- {k}" for k in self.meta["keypoints"])
        self._add("markdown", f"## Key points\n\n{items}", "slide")

    def references(self, text: str) -> None:
        """References and credits, ending with the licence line."""
        self._add("markdown", f"## References and credits\n\n{text.strip()}\n\n{LICENCE_LINE}", "subslide")

    # -- output -------------------------------------------------------------
    def notebook(self) -> dict[str, Any]:
        """The lesson as a notebook dict (nbformat 4.5, clean)."""
        cells = []
        for index, cell in enumerate(self.cells):
            c = dict(cell)
            digest = hashlib.sha1(f"{index}:{c['source']}".encode()).hexdigest()[:8]
            c["id"] = f"{self.meta['id']}-{index:02d}-{digest}"
            cells.append(c)
        return {
            "cells": cells,
            "metadata": {
                "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                "language_info": {"name": "python"},
                "stemkit": self.meta,
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }

    def default_path(self, root: Path | None = None) -> Path:
        track = self.meta["track"]
        number = self.meta["id"].rsplit("-", 1)[-1]
        for lesson in find_lessons(root):
            if lesson.lesson_id == self.meta["id"]:
                return lesson.path
        return lessons_dir(root) / track / f"{number}-{self.slug}.ipynb"

    def save(self, path: str | Path | None = None) -> Path:
        """Write the notebook (to ``lessons/<track>/<NN>-<slug>.ipynb`` by default)."""
        target = Path(path) if path is not None else self.default_path()
        write_notebook(self.notebook(), target)
        return target
