"""Teacher guides: one HTML page per track, with the kit to buy for a term.

For each lesson of a track the guide shows its objectives, level, time and
timing notes, kit list, the teacher notes (cells tagged ``teacher``) and the
answer key: every exercise's prompt heading, points and model answer (the
answer cell with its solution block, markers removed). It starts with the
track's kit list summed over its lessons.

The guide holds the answers: write it somewhere students do not get it
(``stemkit guide --out build/teacher``), never into a student-edition folder.

Kit lists are free text (``"10 resistors of mixed values"``, ``"2 SG90 micro
servos"``, ``"breadboard"``). A leading count (a number, or one to twelve, or
"a"/"an") is read as the quantity; a number followed by a unit (``"330 Ω
resistor"``, ``"30 cm ruler"``) is part of the name. Items are matched across
lessons ignoring case, remarks in brackets and plural ``s``.

Examples
--------
>>> parse_kit_item("10 resistors of mixed values (a starter-kit assortment)")
(10, 'resistors of mixed values (a starter-kit assortment)', 'resistor of mixed value')
>>> parse_kit_item("330 Ω resistor")
(1, '330 Ω resistor', '330 ω resistor')
>>> parse_kit_item("two SG90 servos")[0]
2
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemkit.curriculum.authoring import LEVEL_NAMES
from stemkit.curriculum.catalog import TRACK_TITLES
from stemkit.curriculum.notebook import (
    TRACKS,
    LessonFile,
    NotebookError,
    find_lessons,
    read_notebook,
    repo_root,
)
from stemkit.i18n import _, format_number, ngettext

__all__ = ["KitLine", "parse_kit_item", "track_kit", "render_guide", "write_guides", "answer_key", "guide_name",
           "lesson_meta"]

_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a pair of": 2, "pair of": 2}
_UNITS = {"ω", "kω", "mω", "ohm", "ohms", "v", "mv", "kv", "a", "ma", "µa", "w", "mw", "f", "µf", "uf", "nf", "pf",
          "h", "mh", "hz", "khz", "mhz", "g", "kg", "mm", "cm", "m", "km", "s", "ms", "min", "°", "%", "mah", "rpm",
          "in", "inch", "l", "ml", "gb", "mb"}
_COUNT = re.compile(r"^(?P<n>\d+)(?:\s*[×x])?\s+(?P<rest>\S.*)$", re.I)
_SOLUTION_MARKER = re.compile(r"^[ \t]*### (?:BEGIN|END) SOLUTION[ \t]*\n?", re.M)
_EXERCISE = re.compile(r"^###\s+Exercise\s+(\d+\.\d+)\s+\(([^)]*)\)", re.M)
_TIMING = re.compile(r"\*\*Timing[^*]*\*\*:?\s*(.+)", re.I)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def parse_kit_item(text: str) -> tuple[int, str, str]:
    """``"10 resistors (assorted)"`` -> ``(10, "resistors (assorted)", key)``: count, name, matching key."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(_("a kit item must be non-empty text, got {value!r}").format(value=text))
    item = " ".join(text.split())
    count, name = 1, item
    lowered = item.lower()
    for word, n in sorted(_WORD_NUMBERS.items(), key=lambda kv: -len(kv[0])):
        if lowered.startswith(word + " "):
            count, name = n, item[len(word) + 1:]
            break
    m = _COUNT.match(name)
    if m and int(m["n"]) >= 1 and not _unit_follows(name):   # "0 ..." is no count: the 0 is part of the name
        count, name = count * int(m["n"]), m["rest"]
    key = re.sub(r"\([^)]*\)", " ", name.lower())
    key = " ".join(_singular(w) for w in re.findall(r"[^\s,;:]+", key))
    return count, name, key


def _unit_follows(text: str) -> bool:
    parts = text.split(maxsplit=2)
    return len(parts) >= 2 and parts[0].isdigit() and parts[1].lower() in _UNITS


@dataclass
class KitLine:
    """One thing to buy for a track."""

    name: str
    key: str
    lessons: list[str] = field(default_factory=list)
    most_in_one_lesson: int = 0
    total: int = 0


def track_kit(records: list[dict[str, Any]]) -> list[KitLine]:
    """The kit of several lessons merged: per item, the lessons, the most one lesson needs, and the sum."""
    lines: dict[str, KitLine] = {}
    for rec in records:
        seen_here: dict[str, int] = {}
        for item in rec.get("kit") if isinstance(rec.get("kit"), list) else []:
            if not isinstance(item, str) or not item.strip():
                continue
            count, name, key = parse_kit_item(item)
            line = lines.setdefault(key, KitLine(name=name, key=key))
            seen_here[key] = seen_here.get(key, 0) + count
        for key, count in seen_here.items():
            line = lines[key]
            line.lessons.append(str(rec.get("id", "?")))
            line.most_in_one_lesson = max(line.most_in_one_lesson, count)
            line.total += count
    return sorted(lines.values(), key=lambda k: (-len(k.lessons), k.key))


def answer_key(nb: dict[str, Any]) -> list[dict[str, Any]]:
    """Per exercise: ``{"number", "points", "grade_id", "answer"}``, the answer with its markers removed."""
    out = []
    heading: tuple[str, str] | None = None
    for cell in _cells(nb):
        src = _source(cell)
        if cell.get("cell_type") == "markdown":
            m = _EXERCISE.search(src)
            if m:
                heading = (m[1], m[2])
            continue
        meta = cell.get("metadata")
        nbg = meta.get("nbgrader") if isinstance(meta, dict) else None
        nbg = nbg if isinstance(nbg, dict) else {}
        if nbg.get("solution") and not nbg.get("grade"):
            out.append({"number": heading[0] if heading else "?", "points": heading[1] if heading else "",
                        "grade_id": nbg.get("grade_id", ""), "answer": _SOLUTION_MARKER.sub("", src).rstrip()})
    return out


def _markdown(text: str) -> str:
    """Markdown as HTML, its formulas as MathML, so the guide needs no script and no internet.

    >>> "<math" in _markdown("Ohm's law: $V = I R$")
    True
    """
    try:
        from nbconvert.filters.markdown_mistune import MarkdownWithMath

        from stemkit.curriculum.export import _renderer_class
    except ImportError:  # pragma: no cover - nbconvert comes with JupyterLab
        try:
            import mistune
        except ImportError:
            return f"<pre>{html.escape(text)}</pre>"
        render = getattr(mistune, "html", None) or mistune.markdown
        return str(render(text))
    return str(MarkdownWithMath(renderer=_renderer_class()(escape=False)).render(text))


def _texts(value: Any) -> list[str]:
    """A metadata list (objectives, kit, prerequisites) as text items; anything else holds none."""
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip()]


def _minutes(value: Any) -> int | None:
    """``duration_min`` as whole minutes, or None when it is not a sensible number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 100_000:
        return None
    return int(value)


def lesson_meta(nb: Any) -> dict[str, Any]:
    """``metadata.stemkit`` of a notebook, cleaned for reading: only fields of the right type are kept.

    The guide reads lessons that the lint may not have checked yet: a lesson whose
    metadata is broken (a list, a number of minutes written as text) still gets a
    section, with what can be read.

    >>> lesson_meta({"metadata": {"stemkit": {"id": "x-01", "kit": "breadboard", "duration_min": "long"}}})
    {'id': 'x-01'}
    """
    meta = nb.get("metadata") if isinstance(nb, dict) else None
    info = meta.get("stemkit") if isinstance(meta, dict) else None
    if not isinstance(info, dict):
        return {}
    out: dict[str, Any] = {}
    for key in ("id", "title", "track"):
        if isinstance(info.get(key), (str, int, float)) and not isinstance(info.get(key), bool) and str(info[key]).strip():
            out[key] = str(info[key])
    level = info.get("level")
    if isinstance(level, int) and not isinstance(level, bool):
        out["level"] = level
    minutes = _minutes(info.get("duration_min"))
    if minutes is not None:
        out["duration_min"] = minutes
    for key in ("objectives", "kit", "prerequisites"):
        if isinstance(info.get(key), list):
            out[key] = _texts(info[key])
    return out


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(str(x) for x in src) if isinstance(src, list) else str(src)


def _cells(nb: dict[str, Any]) -> list[dict[str, Any]]:
    cells = nb.get("cells") if isinstance(nb, dict) else None
    return [c for c in cells if isinstance(c, dict)] if isinstance(cells, list) else []


def _tags(cell: dict[str, Any]) -> list[Any]:
    meta = cell.get("metadata")
    tags = meta.get("tags") if isinstance(meta, dict) else None
    return tags if isinstance(tags, list) else []


def _plan(nb: dict[str, Any]) -> list[str]:
    """The class plan from ``metadata.stemkit.timing``: one "part: N min" line per part (translated with the lesson)."""
    info = nb.get("metadata", {}).get("stemkit", {}) if isinstance(nb.get("metadata"), dict) else {}
    parts = info.get("timing") if isinstance(info, dict) else None
    if not isinstance(parts, list):
        return []
    lines = []
    for part in parts:
        if isinstance(part, dict) and isinstance(part.get("part"), str) and isinstance(part.get("min"), (int, float)) \
                and not isinstance(part.get("min"), bool):
            lines.append(_("{part}: {minutes} min").format(part=part["part"], minutes=format_number(part["min"])))
    return lines


def _lesson_section(lf: LessonFile, nb: dict[str, Any], english: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """One lesson's part of the guide. ``english`` is the English source when ``nb`` is a translation:
    the answer key and the exercise numbers are read from it, since translated headings use other words."""
    esc = html.escape
    english = english if english is not None else nb
    meta = lesson_meta(nb)
    lid = str(meta.get("id") or lf.lesson_id)
    notes = [_source(c) for c in _cells(nb) if "teacher" in _tags(c)]
    timing = [_markdown(m[1].strip()) for n in notes for m in _TIMING.finditer(n)] if english is nb else []
    timing = timing or [esc(line) for line in _plan(nb)]
    parts = [f"<section class='lesson' id='{esc(lid)}'>",
             f"<h2>{esc(lid)}: {esc(str(meta.get('title', lf.slug)))}</h2>",
             "<p class='facts'>" + esc(_("Level {level} · {minutes} minutes · do first: {pre}").format(
                 level=LEVEL_NAMES.get(meta.get("level"), meta.get("level", "?")), minutes=meta.get("duration_min", "?"),
                 pre=", ".join(meta.get("prerequisites", [])) or "—")) + "</p>",
             "<h3>" + esc(_("Objectives")) + "</h3><ul>"
             + "".join(f"<li>{esc(str(o))}</li>" for o in meta.get("objectives", [])) + "</ul>"]
    parts.append("<h3>" + esc(_("Timing")) + "</h3>")
    parts.append("<ul>" + "".join(f"<li>{t}</li>" for t in timing) + "</ul>" if timing else
                 "<p>" + esc(_("{minutes} minutes in all; the teacher notes below give no breakdown.").format(
                     minutes=meta.get("duration_min", "?"))) + "</p>")
    kit = meta.get("kit", [])
    parts.append("<h3>" + esc(_("Kit")) + "</h3>")
    parts.append("<ul>" + "".join(f"<li>{esc(str(k))}</li>" for k in kit) + "</ul>" if kit else
                 "<p>" + esc(_("Nothing beyond a computer.")) + "</p>")
    parts.append("<h3>" + esc(_("Teacher notes")) + "</h3>")
    parts += [f"<div class='note'>{_markdown(n)}</div>" for n in notes] or ["<p>" + esc(_("None.")) + "</p>"]
    parts.append("<h3>" + esc(_("Answer key")) + "</h3>")
    for ex in answer_key(english):
        points = ex["points"]
        count = re.match(r"\s*(\d+)", points) if english is not nb else None
        if count:   # "2 points" in the English heading, said in the guide's language
            points = ngettext("{n} point", "{n} points", int(count[1])).format(n=count[1])
        parts.append(f"<h4>{esc(_('Exercise {number} ({points})').format(number=ex['number'], points=points))}"
                     f" <code>{esc(ex['grade_id'])}</code></h4><pre>{esc(ex['answer'])}</pre>")
    parts.append("</section>")
    return "\n".join(parts), {**meta, "id": lid}


def render_guide(track: str, root: Path | None = None, lang: str = "en") -> str:
    """The teacher guide of one track as a self-contained HTML page, in ``lang`` (the lessons'
    texts from their PO catalogues, stemkit's own words from its message catalogue)."""
    from stemkit.i18n import language

    with language(lang):
        return _render_guide(track, root, lang)


def _render_guide(track: str, root: Path | None, lang: str) -> str:
    if track not in TRACKS:
        raise ValueError(_("track must be one of {tracks}, got {value!r}").format(tracks=", ".join(TRACKS), value=track))
    esc = html.escape
    sections, records, unreadable = [], [], []
    for lf in find_lessons(root):
        if lf.track != track:
            continue
        try:
            nb = read_notebook(lf.path)
        except NotebookError as exc:
            unreadable.append(str(exc))
            continue
        if lang != "en":
            from stemkit.curriculum.translate import load_catalog, po_path, translate_notebook

            po = po_path(lf.path, lang)
            english, nb = nb, translate_notebook(nb, lang, load_catalog(po, lang) if po.exists() else None)[0]
        else:
            english = nb
        section, meta = _lesson_section(lf, nb, english)
        sections.append(section)
        records.append(meta)
    title = _("Teacher guide: {track}").format(track=_(TRACK_TITLES.get(track, track)))
    minutes = sum(_minutes(r.get("duration_min")) or 0 for r in records)
    head = [
        "<!DOCTYPE html>", ("<html>" if lang == "en" else f"<html lang='{lang}'>") + "<head><meta charset='utf-8'>", f"<title>{esc(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px}th{background:#f0f0f0}"
        "td.num{text-align:right}pre{background:#f6f8fa;padding:.6em;overflow-x:auto}"
        ".note{border-left:4px solid #1565c0;padding-left:1em;margin:.5em 0}"
        "section.lesson{page-break-before:always}.facts{color:#555}</style>",
        "</head><body>", f"<h1>{esc(title)}</h1>",
        "<p><b>" + esc(_("For teachers only: this guide holds the answers. Do not hand it out.")) + "</b></p>",
        "<p>" + esc(_("{n} lessons, about {hours} hours of class time.").format(
            n=len(records), hours=format_number(minutes / 60, 2))) + "</p>",
    ]
    if unreadable:
        head.append("<p class='facts'>" + esc(_("Left out (cannot be read): {files}").format(files="; ".join(unreadable))) + "</p>")
    head.append("<h2>" + esc(_("Kit for the term")) + "</h2>")
    kit = track_kit(records)
    if kit:
        head.append("<p>" + esc(_("Tools (multimeter, breadboard, calipers) are reused: buy the 'most in one lesson' "
                                  "count per group. Parts that get used up or burn out (LEDs, resistors, filament): "
                                  "the 'all lessons' count is what the whole term uses per group.")) + "</p>")
        head.append("<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in (
            _("item"), _("most in one lesson"), _("all lessons"), _("used in"))) + "</tr>")
        for line in kit:
            head.append(f"<tr><td>{esc(line.name)}</td><td class='num'>{line.most_in_one_lesson}</td>"
                        f"<td class='num'>{line.total}</td><td>{esc(', '.join(line.lessons))}</td></tr>")
        head.append("</table>")
    else:
        head.append("<p>" + esc(_("No kit is listed for this track.")) + "</p>")
    head.append("<h2>" + esc(_("Lessons")) + "</h2><ol>" + "".join(
        f"<li><a href='#{esc(r['id'])}'>{esc(r['id'])}: {esc(str(r.get('title', '')))}</a></li>" for r in records) + "</ol>")
    return "\n".join(head + sections + ["</body></html>"]) + "\n"


def guide_name(track: str) -> str:
    """The file name of a track's teacher guide: ``"<track>-teacher-guide.html"``."""
    return f"{track}-teacher-guide.html"


def write_guides(out: str | Path, tracks: list[str] | None = None, root: Path | None = None, *,
                 force: bool = False, lang: str = "en") -> list[Path]:
    """Write ``out/<track>-teacher-guide.html`` for each track that has lessons; returns the paths.

    The folder follows stemkit's rule for output (:mod:`stemkit.curriculum.outputs`):
    never inside ``lessons/`` or a folder kept in git, and never over a file stemkit
    did not write. A guide stemkit wrote earlier is replaced; one edited since is
    kept unless ``force``.

    Raises
    ------
    ValueError
        For an unknown track.
    OutputError
        When the folder or a file in it may not be written; nothing is written then.
    """
    from stemkit.curriculum.outputs import open_output

    root = root or repo_root()
    present = [t for t in TRACKS if any(lf.track == t for lf in find_lessons(root))]
    chosen = tracks or present
    for t in chosen:
        if t not in TRACKS:
            raise ValueError(_("track must be one of {tracks}, got {value!r}").format(tracks=", ".join(TRACKS), value=t))
    folder = open_output(out, command="guide", force=force, root=root, example="build/teacher")
    folder.check([guide_name(t) for t in chosen])
    written = []
    for t in chosen:
        folder.write_text(guide_name(t), render_guide(t, root, lang))
        written.append(Path(out) / guide_name(t))
    return written
