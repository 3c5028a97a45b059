"""``stemkit lint``: catch broken lessons before a class meets them.

Every problem names the file, the cell (0-based index, as JupyterLab's cell
counter shows it when you count from the top) and the fix.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from stemkit.curriculum.authoring import SLIDE_TYPES
from stemkit.curriculum.notebook import (
    TRACKS,
    NotebookError,
    cell_source,
    find_lessons,
    lesson_id_from_path,
    lessons_dir,
    read_notebook,
    repo_root,
)
from stemkit.i18n import _

__all__ = ["Problem", "lint", "lint_notebook", "load_schema", "MIN_EXERCISES", "MAX_SLIDE_LINES", "slide_sizes"]

MIN_EXERCISES = 3
# No slide is a wall. A slide runs from a slide or subslide cell to the next one; fragments and "-"
# cells count toward it, notes and skip cells do not. Its size in lines: a markdown line counts once
# per 120 characters, a heading twice (bigger type), a code cell one per line plus one for its frame;
# blank lines and outputs are not counted. Measured: jupyterlab-rise on a 1280x720 projector shows a
# heading and 28 lines of 90-character text, 30 by this count, before the slide overflows.
MAX_SLIDE_LINES = 30
_SLIDE_WRAP = 120
ALLOWED_NOTEBOOK_METADATA = {"kernelspec", "language_info", "stemkit"}
_EXERCISE_HEADING = re.compile(r"^###\s+Exercise\s+(\d+)\.(\d+)\s+\((\d+(?:\.\d+)?)\s+points?\)", re.M)
_MARKERS = {
    "solution": ("### BEGIN SOLUTION", "### END SOLUTION"),
    "hidden": ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
}


@dataclass(frozen=True)
class Problem:
    path: str
    cell: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}: cell {self.cell}" if self.cell is not None else self.path
        return f"{where}: {self.message}. " + _("Fix: {fix}").format(fix=self.fix)


def load_schema() -> dict[str, Any]:
    return json.loads(resources.files("stemkit.curriculum").joinpath("lesson.schema.json").read_text("utf-8"))


def _cell_lines(cell: dict[str, Any]) -> int:
    src = cell_source(cell)
    if cell.get("cell_type") == "code" and (cell.get("metadata", {}).get("nbgrader") or {}).get("grade"):
        return 3   # a test cell shows as its sealed two lines on the students' slides
    if cell.get("cell_type") == "code":
        return sum(1 for line in src.splitlines() if line.strip()) + 1
    lines = 0
    for line in src.splitlines():
        if line.strip():
            lines += 2 if line.lstrip().startswith("#") else -(-len(line) // _SLIDE_WRAP)
    return lines


def slide_sizes(cells: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """``(index of the slide's first cell, size in lines)`` for each slide (see MAX_SLIDE_LINES)."""
    sizes: list[tuple[int, int]] = []
    for i, cell in enumerate(cells):
        slide = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if slide in ("notes", "skip"):
            continue
        if slide in ("slide", "subslide") or not sizes:
            sizes.append((i, 0))
        sizes[-1] = (sizes[-1][0], sizes[-1][1] + _cell_lines(cell))
    return sizes


def _markers_balanced(source: str, begin: str, end: str) -> str | None:
    depth = 0
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == begin:
            if depth:
                return _("{begin} appears twice before {end}").format(begin=begin, end=end)
            depth = 1
        elif stripped == end:
            if not depth:
                return _("{end} without a {begin} before it").format(begin=begin, end=end)
            depth = 0
    if depth:
        return _("{begin} is never closed by {end}").format(begin=begin, end=end)
    return None


def lint_notebook(path: Path, *, known_ids: set[str] | None = None, rel: str | None = None) -> tuple[list[Problem], dict[str, Any] | None]:
    """Lint one notebook; returns the problems and the notebook (None if unreadable)."""
    import jsonschema

    name = rel or str(path)
    problems: list[Problem] = []

    def add(cell: int | None, message: str, fix: str) -> None:
        problems.append(Problem(name, cell, message, fix))

    if " " in str(path):
        add(None, _("the path has a space"), _("rename the file and folders with dashes instead of spaces"))
    expected_id = lesson_id_from_path(path)
    if path.parent.name not in TRACKS:
        add(None, _("the lesson is not in a track folder"), _("move it to lessons/<track>/ with track one of {tracks}").format(
            tracks=", ".join(TRACKS)))
    if expected_id is None:
        add(None, _("the file name is not NN-slug.ipynb"), _("rename it like 03-series-and-parallel.ipynb (two digits, lower-case words joined by dashes)"))
    try:
        nb = read_notebook(path)
    except NotebookError as exc:
        add(None, str(exc).replace(str(path) + ": ", ""), _("restore the file from git (git checkout -- FILE) or fix the JSON at that line"))
        return problems, None

    meta = nb.get("metadata", {})
    if not isinstance(meta, dict):
        add(None, _("the notebook metadata is not an object"), _("restore the file from git, or give it {\"metadata\": {...}}"))
        meta = {}
    cells = []
    for i, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or not isinstance(cell.get("metadata", {}), dict):
            add(i, _("the cell or its metadata is not an object"), _("restore the cell from git, or delete it"))
            cell = {"cell_type": "raw", "metadata": {}, "source": ""}
        cmeta = dict(cell.get("metadata", {}))
        for key, kind, want in (("tags", list, _("a list of words")), ("nbgrader", dict, _("an object")),
                                ("slideshow", dict, _("an object"))):
            if key in cmeta and not isinstance(cmeta[key], kind):
                add(i, _("cell metadata {key} is {value!r}, not {want}").format(key=key, value=cmeta[key], want=want),
                    _("restore the cell from git, or fix it in View > Property Inspector"))
                del cmeta[key]
        if not all(isinstance(t, str) for t in cmeta.get("tags", [])):
            add(i, _("cell tags must be words"), _("fix the tags in View > Property Inspector"))
            cmeta["tags"] = [t for t in cmeta["tags"] if isinstance(t, str)]
        if not isinstance(cell.get("source", ""), (str, list)) or (
                isinstance(cell.get("source"), list) and not all(isinstance(x, str) for x in cell["source"])):
            add(i, _("the cell's source is not text"), _("restore the cell from git"))
            cell = {**cell, "source": ""}
        cells.append({**cell, "metadata": cmeta})
    nb = {**nb, "cells": cells, "metadata": meta}
    extra = sorted(set(meta) - ALLOWED_NOTEBOOK_METADATA)
    if "widgets" in extra:
        add(None, _("saved widget state in the notebook metadata"), _("clear it: Edit > Clear Outputs of All Cells, or run `stemkit lint --fix`"))
        extra.remove("widgets")
    if extra:
        add(None, _("editor metadata left in the notebook: {keys}").format(keys=", ".join(extra)),
            _("keep only kernelspec, language_info and stemkit (run `stemkit lint --fix`)"))
    info = meta.get("stemkit")
    if info is not None and not isinstance(info, dict):
        add(None, _("metadata.stemkit is a {kind}, not an object with id, title, track, ...").format(
            kind=type(info).__name__), _("copy metadata.stemkit from another lesson and edit it"))
        info = {}
    if info is None:
        add(None, _("no metadata.stemkit (id, title, track, level, ...)"), _("add it: see docs in LESSON_FORMAT or copy it from another lesson"))
    else:
        validator = jsonschema.Draft202012Validator(load_schema())
        for err in sorted(validator.iter_errors(info), key=lambda e: list(e.path)):
            where = ".".join(str(p) for p in err.path) or _("(top level)")
            add(None, _("metadata.stemkit {where}: {message}").format(where=where, message=err.message),
                _("correct it to match stemkit/curriculum/lesson.schema.json"))
        if expected_id and info.get("id") != expected_id:
            add(None, _("metadata id is {got!r} but the path says {want!r}").format(got=info.get("id"), want=expected_id),
                _("set metadata.stemkit.id to {want!r} or rename the file").format(want=expected_id))
        if info.get("track") and info.get("track") != path.parent.name:
            add(None, _("metadata track is {got!r} but the folder is {want!r}").format(got=info.get("track"), want=path.parent.name),
                _("make them agree"))
        if known_ids is not None:
            for pre in info.get("prerequisites", []) if isinstance(info.get("prerequisites"), list) else []:
                if not isinstance(pre, str):
                    continue   # the schema has said what is wrong with it
                if pre not in known_ids:
                    add(None, _("prerequisite {id!r} is not a lesson").format(id=pre), _("use the id of an existing lesson, or remove it"))
                elif expected_id and pre == expected_id:
                    add(None, _("the lesson lists itself as a prerequisite"), _("remove it"))
        from stemkit import datasets

        for ds in info.get("datasets", []) if isinstance(info.get("datasets"), list) else []:
            try:
                datasets.path(ds)
            except (FileNotFoundError, ValueError) as exc:
                add(None, _("dataset {name!r} not found ({err})").format(name=ds, err=exc),
                    _("add the file and its card under datasets/, or fix the name"))

    solution_ids: dict[str, int] = {}
    check_ids: dict[str, int] = {}
    heading: tuple[str, str, float, int] | None = None
    explore = teacher = hidden = keypoints = 0
    for i, cell in enumerate(cells):
        src = cell_source(cell)
        cmeta = cell.get("metadata", {})
        tags = cmeta.get("tags", [])
        slide = cmeta.get("slideshow", {}).get("slide_type")
        if slide is None:
            add(i, _("no slide type"), _("set View > Property Inspector > Slide Type (slide, subslide, fragment, -, skip, notes)"))
        elif slide not in SLIDE_TYPES:
            add(i, _("unknown slide type {value!r}").format(value=slide), _("use one of {types}").format(types=", ".join(SLIDE_TYPES)))
        if i == 0 and slide not in (None, "slide"):
            add(i, _("the first cell is not a slide"), _("set its slide type to slide"))
        if cell.get("cell_type") == "code":
            if cell.get("outputs"):
                add(i, _("outputs are saved in the cell"), _("clear outputs before committing (Edit > Clear Outputs of All Cells)"))
            if cell.get("execution_count") is not None:
                add(i, _("an execution count is saved"), _("clear outputs before committing"))
            if re.search(r"\bsys\.path\b", src):
                add(i, _("the cell changes sys.path"), _("import from stemkit instead; shared code belongs in the package"))
        if "teacher" in tags:
            teacher += 1
            if slide not in ("notes", "skip"):
                add(i, _("a teacher cell would show on the slides (slide type {value!r})").format(value=slide),
                    _("set its slide type to notes"))
        if "explore" in tags:
            explore += 1
        if cell.get("cell_type") == "markdown":
            if src.lstrip().startswith("## Key points"):
                keypoints += 1
            m = _EXERCISE_HEADING.search(src)
            if m:
                heading = (m[1], m[2], float(m[3]), i)
        for begin, end in _MARKERS.values():
            if begin in src or end in src:
                bad = _markers_balanced(src, begin, end)
                if bad:
                    add(i, bad, _("put {begin} and {end} each on a line of its own, once, in that order").format(begin=begin, end=end))
        nbg = cmeta.get("nbgrader")
        if not nbg:
            if "### BEGIN SOLUTION" in src:
                add(i, _("solution markers in a cell that is not an answer cell"), _("give the cell nbgrader solution metadata, or remove the markers"))
            if "### BEGIN HIDDEN TESTS" in src:
                add(i, _("hidden tests in a cell that is not a graded test cell"), _("give the cell nbgrader grade metadata"))
            continue
        gid = nbg.get("grade_id", "")
        if nbg.get("solution") and not nbg.get("grade"):
            if gid in solution_ids:
                add(i, _("grade_id {id!r} is used twice in this lesson").format(id=gid), _("give each exercise its own id"))
            solution_ids[gid] = i
            if "### BEGIN SOLUTION" not in src:
                add(i, _("the answer cell has no ### BEGIN SOLUTION / ### END SOLUTION"), _("wrap the model answer in the markers"))
            if expected_id and not re.fullmatch(rf"{re.escape(expected_id)}-ex\d+-\d+", gid):
                add(i, _("answer grade_id {id!r} does not look like {want}-exN-M").format(id=gid, want=expected_id),
                    _("rename it after the exercise number"))
            if heading is None:
                add(i, _("the answer cell has no '### Exercise N.M (P points)' prompt before it"), _("add the prompt cell above it"))
            elif gid != f"{expected_id}-ex{heading[0]}-{heading[1]}":
                add(i, _("answer grade_id {id!r} does not match the prompt 'Exercise {n}.{m}' above it").format(
                    id=gid, n=heading[0], m=heading[1]), _("make the grade_id and the exercise number agree"))
        elif nbg.get("grade"):
            if gid in check_ids:
                add(i, _("grade_id {id!r} is used twice in this lesson").format(id=gid), _("give each test cell its own id"))
            check_ids[gid] = i
            points = nbg.get("points")
            if not isinstance(points, (int, float)) or points <= 0:
                add(i, _("a graded test cell has no points"), _("set metadata.nbgrader.points to a number > 0"))
            base = gid[: -len("-check")] if gid.endswith("-check") else None
            if base is None:
                add(i, _("test grade_id {id!r} does not end with -check").format(id=gid), _("name it <answer grade_id>-check"))
            else:
                if base not in solution_ids:
                    add(i, _("test cell {id!r} has no answer cell {answer!r} before it").format(id=gid, answer=base),
                        _("add the answer cell above, or fix the grade_id"))
                if f'"{base}"' not in src and f"'{base}'" not in src:
                    add(i, _("the test cell does not check exercise {id!r}").format(id=base),
                        _("call a stemkit.checks function with {id!r} as its first argument").format(id=base))
                if heading is not None and f"{expected_id}-ex{heading[0]}-{heading[1]}" == base and isinstance(points, (int, float)) \
                        and abs(points - heading[2]) > 1e-9:
                    add(i, _("the prompt says {say} points but the test cell gives {give}").format(say=heading[2], give=points),
                        _("make them agree"))
            if "### BEGIN HIDDEN TESTS" in src:
                hidden += 1
            if "### BEGIN SOLUTION" in src:
                add(i, _("a graded test cell holds a solution"), _("move the solution into the answer cell"))
    from stemkit.curriculum.exercises import exercise_problems
    from stemkit.curriculum.timing import timing_problems

    if isinstance(info, dict):
        for message, fix in timing_problems(info, cells):
            add(None, message, fix)

    for index, message, fix in exercise_problems(cells):
        add(index, message, fix)
    for start, size in slide_sizes(cells):
        if size > MAX_SLIDE_LINES:
            add(start, _("the slide starting here is a wall: about {n} lines, a projector shows about {max}").format(
                n=size, max=MAX_SLIDE_LINES),
                _("split it: make a cell in the middle a subslide, or move detail into a teacher (notes) cell"))
    for gid, i in solution_ids.items():
        if f"{gid}-check" not in check_ids:
            add(i, _("answer cell {id!r} has no graded test cell").format(id=gid),
                _("add a test cell with grade_id {id!r} after it").format(id=f"{gid}-check"))
    if len(check_ids) < MIN_EXERCISES:
        add(None, _("only {n} graded exercises").format(n=len(check_ids)), _("a lesson has at least {n}").format(n=MIN_EXERCISES))
    if not explore:
        add(None, _("no explorer cell (tag 'explore')"), _("show an explorer and tag its cell explore"))
    if not teacher:
        add(None, _("no teacher notes (cells tagged 'teacher')"), _("add timing, misconceptions and answers in a teacher cell"))
    if not hidden and check_ids:
        add(None, _("no exercise has hidden tests"), _("add ### BEGIN HIDDEN TESTS ... ### END HIDDEN TESTS to one test cell"))
    if not keypoints:
        add(None, _("no '## Key points' cell"), _("add the key points near the end"))
    return problems, nb


def lint(paths: list[Path] | None = None, *, root: Path | None = None) -> list[Problem]:
    """Lint the given notebooks (default: every lesson) against the whole curriculum."""
    root = root or repo_root()
    base = lessons_dir(root)
    problems: list[Problem] = []
    for ckpt in base.rglob(".ipynb_checkpoints"):
        problems.append(Problem(str(ckpt.relative_to(root)), None, _("a checkpoint folder is inside lessons/"),
                                _("delete it; .ipynb_checkpoints is never committed")))
    for f in base.rglob("*"):
        if f.is_file() and " " in f.name:
            problems.append(Problem(str(f.relative_to(root)), None, _("the path has a space"), _("rename it with dashes")))
    all_files = [lf.path for lf in find_lessons(root)]
    for f in base.glob("*/*.ipynb"):
        if f not in all_files and f.parent.name in TRACKS:
            all_files.append(f)
    known_ids = {lid for f in all_files if (lid := lesson_id_from_path(f))}
    targets = [Path(p).resolve() for p in paths] if paths else all_files
    seen_grade_ids: dict[str, str] = {}
    # grade_ids are unique across the curriculum: gather from every lesson, report on the targets.
    lint_set = {p.resolve() for p in targets}
    for f in sorted(set(all_files) | lint_set):
        rel = str(f.relative_to(root)) if f.is_relative_to(root) else str(f)
        if f in lint_set:
            found, nb = lint_notebook(f, known_ids=known_ids, rel=rel)
            problems += found
        else:
            try:
                nb = read_notebook(f)
            except NotebookError:
                nb = None
        if nb is None:
            continue
        for i, cell in enumerate(nb["cells"]):
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if not gid:
                continue
            if gid in seen_grade_ids and seen_grade_ids[gid] != rel and f in lint_set:
                problems.append(Problem(rel, i, _("grade_id {id!r} is also used in {other}").format(id=gid, other=seen_grade_ids[gid]),
                                        _("grade_ids are unique across the curriculum: start them with the lesson id")))
            seen_grade_ids.setdefault(gid, rel)
    return problems


def fix_notebook(path: Path) -> bool:
    """Strip outputs, execution counts, widget state and editor metadata. Returns True if changed."""
    from stemkit.curriculum.notebook import write_notebook

    nb = read_notebook(path)
    before = json.dumps(nb, sort_keys=True)
    nb["metadata"] = {k: v for k, v in nb.get("metadata", {}).items() if k in ALLOWED_NOTEBOOK_METADATA}
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).pop("collapsed", None)
        cell.get("metadata", {}).pop("scrolled", None)
    if json.dumps(nb, sort_keys=True) != before:
        write_notebook(nb, path)
        return True
    return False


# ---------------------------------------------------------------------------
# translations (lessons/<track>/locale/<lang>/<lesson>.po)
@dataclass(frozen=True)
class GlossaryTerm:
    en: str
    translations: dict[str, list[str]]   # lang -> accepted forms (a cell may give several, split by / or ;)
    note: str = ""


def load_glossary(track_dir: Path) -> list[GlossaryTerm]:
    """The track's glossary (``locale/glossary.csv``: en, ru, kk, note); empty when there is none."""
    import csv

    path = Path(track_dir) / "locale" / "glossary.csv"
    if not path.is_file():
        return []
    terms = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            en = (row.get("en") or "").strip()
            if not en or en.startswith("#"):
                continue
            forms = {lang: _glossary_forms(row.get(lang) or "") for lang in ("ru", "kk")}
            terms.append(GlossaryTerm(en, forms, (row.get("note") or "").strip()))
    return terms


def _glossary_forms(cell: str) -> list[str]:
    """``"сила тока (ток)"`` -> ``["сила тока", "ток"]``; ``/`` and ``;`` also separate accepted forms."""
    forms = []
    for part in re.split(r"[/;,]", cell):
        extra = re.findall(r"\(([^)]*)\)", part)
        main = re.sub(r"\([^)]*\)", " ", part).strip()
        forms += [f for f in [main, *(e.strip() for e in extra)] if f]
    return forms


def _stem(word: str) -> str:
    """A Russian or Kazakh word without its ending, so case and number endings still match."""
    word = word.casefold().replace("ё", "е")
    if len(word) > 6:
        return word[:-2]
    if len(word) > 3:
        return word[:-1]
    return word


def _stems(word: str) -> list[str]:
    """The word's stem, and for a Russian fleeting vowel (узел, узла; конец, конца) the stem without it."""
    stem = _stem(word)
    w = word.casefold().replace("ё", "е")
    if len(w) > 3 and w[-2] in "ео" and w[-1] not in "аеиоуыэюяь":
        return [stem, w[:-2] + w[-1]]
    if len(w) > 3 and w[-2] in "ыі" and w[-1] not in "аәеиоөуұүыіэюяь":
        return [stem, w[:-2] + w[-1]]   # Kazakh drops it before an ending too: орын, орны; ерін, ерні
    return [stem]


def _english_term(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?:s|es)?(?![\w-])", re.I)


def _plain_english(text: str) -> str:
    """English without code spans and formulas: a term there is a name or a symbol, not a word to translate."""
    return re.sub(r"`[^`]*`|\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)


def glossary_matches(term: GlossaryTerm, lang: str, english: str, translation: str) -> bool | None:
    """None when the term is not in the English (or has no translation in ``lang``); else whether the
    translation uses the glossary's word (each word matched by its stem, case-insensitive)."""
    forms = term.translations.get(lang) or []
    if not forms or not _english_term(term.en).search(_plain_english(english)):
        return None
    text = translation.casefold().replace("ё", "е")   # колёса and колеса are the same word
    return any(all(any(stem in text for stem in _stems(w)) for w in re.findall(r"[^\W\d_]+", form))
               for form in forms)


def glossary_misses(glossary: list[GlossaryTerm], lang: str, english: str, translation: str) -> list[GlossaryTerm]:
    """The glossary terms the translation does not use. A longer term wins over one inside it: in
    "power supply" only "power supply" is checked, never "power" or "supply"."""
    left = _plain_english(english)
    missed = []
    for term in sorted(glossary, key=lambda t: len(t.en), reverse=True):
        pattern = _english_term(term.en)
        if not pattern.search(left):
            continue
        if glossary_matches(term, lang, left, translation) is False:
            missed.append(term)
        left = pattern.sub(" ", left)
    return missed


def lint_translations(lessons=None, langs: tuple[str, ...] | None = None, *,
                      root: Path | None = None) -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings of the lessons' translations.

    For a language released for a lesson (``X-Stemkit-Released: yes`` in its PO header)
    a missing, fuzzy or out-of-date entry, a changed formula, code span, placeholder or
    number, and a glossary term translated another way are errors; for the other
    languages they are warnings. A PO file that cannot be read is always an error.
    A translator who means another word than the glossary's writes ``glossary: ok``
    in the entry's translator comment.
    """
    from stemkit.curriculum.translate import (
        LANGUAGES,
        entry_problems,
        load_catalog,
        po_path,
        read_header_fields,
        segments,
    )

    root = root or repo_root()
    langs = langs or LANGUAGES
    lessons = lessons if lessons is not None else find_lessons(root)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    glossaries: dict[Path, list[GlossaryTerm]] = {}
    for lf in lessons:
        try:
            nb = read_notebook(lf.path)
        except NotebookError:
            continue   # the notebook lint says what is wrong
        current = segments(nb)
        wanted = {s.context: s for s in current}
        if lf.path.parent not in glossaries:
            glossaries[lf.path.parent] = load_glossary(lf.path.parent)
        glossary = glossaries[lf.path.parent]
        for lang in langs:
            path = po_path(lf.path, lang)
            rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
            if not path.exists():
                warnings.append(Problem(rel, None, _("no translation catalogue"),
                                        _("run `stemkit translate update {lesson}`").format(lesson=lf.lesson_id)))
                continue
            try:
                cat = load_catalog(path, lang)
            except ValueError as exc:
                errors.append(Problem(rel, None, str(exc).replace(str(path) + ": ", ""),
                                      _("fix the line in Poedit or a text editor, or restore the file from git")))
                continue
            released = read_header_fields(path).get("X-Stemkit-Released", "").strip().lower() in ("yes", "true", "1")
            out = errors if released else warnings
            missing, fuzzy = [], []
            for seg in current:
                msg = cat.get(seg.text, context=seg.context)
                if msg is None or not msg.string:
                    missing.append(seg)
                elif "fuzzy" in msg.flags:
                    fuzzy.append(seg)
            stale = [m for m in cat if m.id and (m.context or "") not in wanted]
            if stale:
                out.append(Problem(rel, None, _("{n} entries are for English that is no longer in the lesson").format(
                    n=len(stale)), _("run `stemkit translate update {lesson}`").format(lesson=lf.lesson_id)))
            for what, group, fix in ((_("not translated"), missing, _("translate it")),
                                     (_("fuzzy: the English changed since it was translated"), fuzzy,
                                      _("check the translation against the new English, then remove the fuzzy flag"))):
                if not group:
                    continue
                if released:
                    for seg in group:
                        out.append(Problem(rel, seg.cell, _("{what}: {ctx} {text!r}").format(
                            what=what, ctx=seg.context, text=seg.text[:60]), fix))
                else:
                    out.append(Problem(rel, None, _("{n} entries {what}").format(n=len(group), what=what), fix))
            for msg in cat:
                seg = wanted.get(msg.context or "")
                if not msg.id or not msg.string or seg is None:
                    continue
                for problem in entry_problems(msg.id, msg.string, seg.kind):
                    out.append(Problem(rel, seg.cell, f"{msg.context}: {problem}", _("edit the translation to keep them")))
                if "fuzzy" in msg.flags or any("glossary: ok" in c for c in msg.user_comments):
                    continue
                for term in glossary_misses(glossary, lang, msg.id, msg.string):
                    out.append(Problem(rel, seg.cell, _("{ctx}: the glossary says {en!r} is {want!r}").format(
                        ctx=msg.context, en=term.en, want=" / ".join(term.translations[lang])),
                        _("use the glossary's word, or write 'glossary: ok' in a translator comment if another "
                          "word is meant here")))
    return errors, warnings
