"""Sealed checks for classes that hand out lessons with nbgrader.

nbgrader's ``generate_assignment`` copies each test cell as it is, so the release
would show what every check compares against. :class:`SealChecks` is an nbgrader
preprocessor that seals them the way ``stemkit release`` does: it records the
lesson's answer key from a clean run of the teacher source (lessons/ is nbgrader's
source folder) and replaces each test cell by the one line that names its exercise.
``nbgrader_config.py`` puts it after nbgrader's ``ClearHiddenTests``, so the
gradebook still keeps the full test cells, hidden tests included, for autograde.

nbgrader's autograde runs those full test cells in the student's kernel. For
grades that trust nothing in a student's kernel, grade the same submissions with
``stemkit grade build/nbgrader/submitted --lesson <track>`` (docs/classroom.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from stemkit.curriculum.key import record_lessons
from stemkit.curriculum.notebook import find_lessons, repo_root
from stemkit.curriculum.release import seal_notebook
from stemkit.i18n import _

__all__ = ["SealChecks"]


def _source_of(nb: Any, resources: dict[str, Any]) -> Path:
    lesson_id = (nb.get("metadata", {}).get("stemkit") or {}).get("id")
    folder = Path(resources.get("metadata", {}).get("path") or ".")
    name = resources.get("unique_key")
    if name and (folder / f"{name}.ipynb").is_file():
        return folder / f"{name}.ipynb"
    for lesson in find_lessons(repo_root(folder)):
        if lesson.lesson_id == lesson_id:
            return lesson.path
    raise ValueError(_("cannot find the teacher source of lesson {id!r} to seal its checks").format(id=lesson_id))


class SealChecks(Preprocessor):
    """Seal the test cells of a stemkit lesson in nbgrader's release (other notebooks pass untouched)."""

    enabled = Bool(True, help="nbconvert runs a preprocessor only when it is enabled").tag(config=True)

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        if not (nb.get("metadata", {}).get("stemkit") or {}).get("id"):
            return nb, resources
        key = record_lessons([_source_of(nb, resources)], jobs=1, cache=True)[0]
        seal_notebook(nb, key)
        return nb, resources
