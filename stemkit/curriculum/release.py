"""``stemkit release``: write student editions of the lessons.

A student edition is the teacher source with

- every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` block replaced by
  ``# YOUR CODE HERE`` and ``raise NotImplementedError()`` at the block's indentation,
- every ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` block removed,
- every cell tagged ``teacher`` removed,
- every test cell sealed: its source becomes one line naming the exercise, and
  what the checks compare against (recorded by running the teacher source once,
  see :mod:`stemkit.curriculum.key`) travels encoded in the notebook metadata,
  hidden tests left out,
- the first hint tier of each exercise shown under its prompt,
- outputs, execution counts and widget state cleared,
- nbgrader metadata kept, so the edition works with nbgrader too.

It never writes inside ``lessons/`` and refuses a non-empty output folder
unless asked to overwrite it.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from stemkit.checks.seal import KEY_FIELD, seal
from stemkit.curriculum.key import LessonKey, record_lessons
from stemkit.curriculum.notebook import (
    LessonFile,
    cell_source,
    find_lessons,
    lessons_dir,
    read_notebook,
    repo_root,
)
from stemkit.i18n import _, language

__all__ = ["student_edition", "blank_edition", "sealed_source", "seal_notebook", "release", "select_lessons", "ReleaseError",
           "student_edition_in", "teacher_source_in", "RELEASE_LANGUAGES"]

#: Languages an edition can be written in: the English source, its translations, and Kazakh in the Latin
#: alphabet of 2021 (``kk-latn``), transliterated by machine from the Cyrillic Kazakh catalogue.
RELEASE_LANGUAGES = ("en", "ru", "kk", "kk-latn")
#: id of the note cell at the top of a ``kk-latn`` edition
LATIN_NOTE_ID = "stemkit-kk-latn-note"

_BLOCK = re.compile(r"^([ \t]*)### BEGIN SOLUTION[ \t]*\n.*?^[ \t]*### END SOLUTION[ \t]*$", re.S | re.M)
# "### Exercise 1.2 (2 points)", and its translations ("### Упражнение 1.2 (2 балла)", "### 1.2-жаттығу (2 ұпай)")
_PROMPT = re.compile(r"^###\s+(?:\w+\s+\d+\.\d+|\d+\.\d+-?\w+)\s*\(", re.M)
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*(?:\n|$)", re.S | re.M)


class ReleaseError(ValueError):
    """A release that would lose or overwrite something."""


def _blank_solution(source: str) -> str:
    return _BLOCK.sub(lambda m: f"{m[1]}# YOUR CODE HERE\n{m[1]}raise NotImplementedError()", source)


def sealed_source(exercise: str) -> str:
    """The whole test cell of a student edition: it names the exercise, nothing more."""
    return f'from stemkit.checks import check\ncheck("{exercise}")'


def blank_edition(nb: dict[str, Any]) -> dict[str, Any]:
    """The teacher source with solutions blanked, hidden tests and teacher cells removed, outputs cleared
    (a new dict; the input is untouched). Test cells are not sealed yet: see :func:`student_edition`."""
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


def _exercise_of_check(grade_id: str) -> str:
    return grade_id[: -len("-check")] if grade_id.endswith("-check") else grade_id


def _add_first_hint(cells: list[dict[str, Any]], answer_index: int, hint: str) -> None:
    for index in range(answer_index - 1, -1, -1):
        cell = cells[index]
        if cell.get("cell_type") == "markdown" and _PROMPT.search(cell_source(cell)):
            cell["source"] = cell_source(cell).rstrip("\n") + (
                "\n\n<details><summary>" + _("Hint") + "</summary>\n\n" + hint + "\n\n</details>")
            return


def seal_notebook(nb: Any, key: LessonKey) -> None:
    """Seal, in place, the test cells of a notebook whose solutions and hidden tests are already gone:
    each becomes :func:`sealed_source`, tier 1 of each hint goes under its prompt, and the key goes in
    the metadata. Works on a plain dict and on nbformat's NotebookNode (the nbgrader route)."""
    public = key.public()
    cells = nb["cells"]
    for index, cell in enumerate(cells):
        nbg = cell.get("metadata", {}).get("nbgrader", {})
        gid = nbg.get("grade_id", "")
        if cell.get("cell_type") != "code":
            continue
        if nbg.get("grade"):
            exercise = _exercise_of_check(gid)
            if not public.get(exercise):
                raise ReleaseError(_("{lesson}: the test cell {grade_id} has no public check to seal").format(
                    lesson=key.lesson_id, grade_id=gid))
            cell["source"] = sealed_source(exercise)
        elif nbg.get("solution") and public.get(gid):
            hints = public[gid][0].get("hints") or []
            if hints:
                _add_first_hint(cells, index, hints[0])
    nb["metadata"][KEY_FIELD] = seal({ex: specs for ex, specs in public.items() if specs}, key.lesson_id)


def student_edition(nb: dict[str, Any], key: LessonKey) -> dict[str, Any]:
    """The student edition of a teacher-source notebook, its checks sealed with ``key``
    (from :func:`stemkit.curriculum.key.record_lesson`). A new dict; the input is untouched."""
    out = blank_edition(nb)
    seal_notebook(out, key)
    return out


def teacher_source_in(nb: dict[str, Any], lang: str, catalog=None):
    """The teacher source in ``lang`` (texts from the lesson's PO catalogue, English where there is no
    confirmed translation) and the translation's :class:`~stemkit.curriculum.translate.Stats`."""
    from stemkit.curriculum.translate import translate_notebook

    return translate_notebook(nb, lang, catalog)


def student_edition_in(nb: dict[str, Any], key: LessonKey, lang: str, catalog=None):
    """The student edition in ``lang``: the translated teacher source, blanked and sealed with the key's
    hints and mistake messages in ``lang``; stemkit's own words in it (the hint label) in ``lang`` too.
    Returns the edition and the translation's stats (how many texts fell back to English)."""
    from stemkit.curriculum.translate import (
        KK_LATIN,
        lesson_of,
        load_catalog,
        po_path,
        translate_key,
    )

    if lang == "en":
        return student_edition(nb, key), None
    if lang == KK_LATIN:
        return _latin_edition(nb, key, catalog)
    if catalog is None:
        lf = lesson_of(nb)
        path = po_path(lf.path, lang) if lf else None
        catalog = load_catalog(path, lang) if path and path.exists() else None
    source, stats = teacher_source_in(nb, lang, catalog)
    with language(lang):
        return student_edition(source, translate_key(key, nb, lang, catalog)), stats


def _latin_note() -> str:
    with language("kk"):
        return _("This edition is in the Kazakh Latin alphabet of 2021. It was made by machine, letter by letter, "
                 "from the Cyrillic Kazakh edition, so some words (loanwords above all) may be spelled in a way a "
                 "person would not write them. When in doubt, read the Cyrillic edition. The messages of the checks "
                 "are in Cyrillic.")


def _latin_edition(nb: dict[str, Any], key: LessonKey, catalog=None):
    """The student edition in Kazakh, Latin alphabet of 2021: the Cyrillic Kazakh edition with every translated
    text transliterated (:func:`stemkit.curriculum.translate.transliterate_kk`), marked as machine-made by a
    note cell at the top. ``catalog`` is the Cyrillic Kazakh catalogue (default: the lesson's PO file)."""
    from stemkit.curriculum.translate import (
        KK_LATIN,
        latin_catalog,
        lesson_of,
        load_catalog,
        po_path,
        translate_key,
        transliterate_kk,
    )

    if catalog is None:
        lf = lesson_of(nb)
        path = po_path(lf.path, "kk") if lf else None
        catalog = load_catalog(path, "kk") if path and path.exists() else None
    latin = latin_catalog(catalog)
    source, stats = teacher_source_in(nb, "kk", latin)
    with language("kk"):
        out = student_edition(source, translate_key(key, nb, "kk", latin))
    for cell in out["cells"]:   # stemkit's own words added to the prose (the hint label) are Cyrillic: those too
        if cell.get("cell_type") == "markdown":
            cell["source"] = transliterate_kk(cell_source(cell))
    out["cells"].insert(0, {"cell_type": "markdown", "id": LATIN_NOTE_ID,
                            "metadata": {"slideshow": {"slide_type": "skip"}, "tags": ["machine-made"]},
                            "source": "> " + transliterate_kk(_latin_note())})
    out["metadata"]["stemkit"]["lang"] = KK_LATIN
    stats.lang = KK_LATIN
    return out, stats


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


def release(names: list[str] | None = None, *, out: Path, force: bool = False, root: Path | None = None,
            jobs: int | None = None, langs: tuple[str, ...] = ("en",), stats: list | None = None) -> list[Path]:
    """Write student editions to ``out/<track>/<file>``; returns the written paths.

    Each teacher source is run once in a fresh kernel to record its answer key
    (``jobs`` lessons at a time); a lesson whose own checks fail is not released.
    A lesson's Arduino sketches (``sketches/<lesson-id>/``) are copied beside it.
    The folder follows :mod:`stemkit.curriculum.outputs`: never inside ``lessons/``
    or a folder kept in git, and ``force`` replaces only what stemkit wrote there.

    ``langs``: ``("en",)`` writes ``out/<track>/...`` as always; with any other language
    each one gets its own folder, ``out/<lang>/<track>/...``, from the lesson's PO
    catalogues (:mod:`stemkit.curriculum.translate`); ``kk-latn`` is the Kazakh edition
    transliterated into the Latin alphabet of 2021, with a note cell saying it is machine-made.
    Each translation's stats are appended to ``stats`` when a list is given.
    """
    for lang in langs:
        if lang not in RELEASE_LANGUAGES:
            raise ReleaseError(_("language must be one of {langs}, got {value!r}").format(
                langs=", ".join(RELEASE_LANGUAGES), value=lang))
    from stemkit.curriculum.key import KeyError_
    from stemkit.curriculum.outputs import OutputError, open_output

    root = root or repo_root()
    out = Path(out).resolve()
    src_dir = lessons_dir(root).resolve()
    if out == src_dir or out.is_relative_to(src_dir) or src_dir.is_relative_to(out):
        raise ReleaseError(_("refusing to write student editions to {out}: it holds or is inside the teacher sources in {src}. "
                             "Choose another folder, e.g. build/student").format(out=out, src=src_dir))
    try:
        folder = open_output(out, command="release", force=force, root=root, example="build/student")
        foreign = folder.foreign_files()
    except OutputError as exc:
        raise ReleaseError(str(exc)) from None
    if out.exists() and any(out.iterdir()) and not force:
        raise ReleaseError(_("{out} is not empty; pass --force to replace what is there, or choose an empty folder").format(out=out))
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise ReleaseError(_("--force replaces only files stemkit wrote, and {out} holds {n} other files ({files}). "
                             "Move them away, or choose another folder, e.g. build/student").format(
            out=out, n=len(foreign), files=shown))
    lessons = select_lessons(names, root)
    try:
        keys = record_lessons([lf.path for lf in lessons], jobs=jobs, cache=True)
    except KeyError_ as exc:
        raise ReleaseError(str(exc)) from None
    try:
        folder.clear()   # only now that every key is recorded is the old release replaced
        written = []
        for lesson, key in zip(lessons, keys, strict=True):
            source = read_notebook(lesson.path)
            for lang in langs:
                base = "" if tuple(langs) == ("en",) else f"{lang}/"
                nb, made = student_edition_in(source, key, lang)
                if made is not None and stats is not None:
                    stats.append((lesson.lesson_id, made))
                text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
                written.append(folder.write_text(f"{base}{lesson.track}/{lesson.path.name}", text))
                # the lesson's Arduino sketches go beside it, where its cells read them
                sketches = lesson.path.parent / "sketches" / lesson.lesson_id
                for sketch in sorted(sketches.rglob("*")) if sketches.is_dir() else []:
                    if sketch.is_file():
                        rel = sketch.relative_to(lesson.path.parent).as_posix()
                        folder.write_bytes(f"{base}{lesson.track}/{rel}", sketch.read_bytes())
    except OutputError as exc:
        raise ReleaseError(str(exc)) from None
    return written
