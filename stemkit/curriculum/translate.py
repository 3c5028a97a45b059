"""Lesson translations: one gettext PO catalogue per lesson and language.

    stemkit translate update [lessons...]     # write/refresh lessons/<track>/locale/<lang>/<NN-slug>.po
    stemkit translate status [lessons...]     # translated / fuzzy (stale) / missing per lesson and language
    stemkit translate release LESSON --lang ru  # switch a finished translation on (an error in lint if incomplete)

What goes into a catalogue (each a *segment*, one PO entry):

- markdown cells, split into headings, paragraphs, list items and table rows, so
  one edited sentence does not void a whole cell; fenced code and lines with no
  words (a display formula alone, a table rule) are kept as they are;
- code cells: comments, and the string literals a student reads: texts given to
  ``print``, plot titles and labels, a check's ``hints=`` and ``mistakes=`` texts;
- the metadata texts: title, objectives, key points, kit, and the timing part names.

Each entry's ``msgctxt`` is ``<cell id>/<kind>/<hash>``, the hash being that of the
English text. A translation is used only while its English is unchanged: when the
English of a segment changes, ``update`` carries the old translation over to the
new entry with the ``fuzzy`` flag and the old English as ``#| msgid``, and
:func:`translated` falls back to English for it until a translator confirms it.

The PO header says who or what translated the lesson (``X-Stemkit-Translated-By``),
which native-speaking teacher reviewed it (``X-Stemkit-Reviewed-By``, empty when
nobody did) and whether the language is released for this lesson
(``X-Stemkit-Released: yes``): for a released language lint turns a missing or
fuzzy entry into an error, and the language tests run its edition.
"""

from __future__ import annotations

import ast
import copy
import datetime as _dt
import difflib
import hashlib
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemkit.curriculum.notebook import LessonFile, cell_source, find_lessons, repo_root
from stemkit.i18n import _

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "Segment", "Stats", "CatalogStatus", "segments", "markdown_pieces",
           "code_pieces", "po_path", "load_catalog", "update_catalog", "update_lessons", "catalog_status",
           "translated", "translate_notebook", "translate_key", "entry_problems", "read_header_fields",
           "set_header_field", "released_languages", "lesson_of", "HEADER_FIELDS", "KK_LATIN", "KK_LATIN_TABLE",
           "transliterate_kk", "latin_catalog"]

#: Languages the lessons are translated into (English is the source).
LANGUAGES = ("ru", "kk")
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh (Cyrillic)"}
#: Our own fields in the PO header (Babel keeps only the standard ones, so stemkit reads and writes these itself).
HEADER_FIELDS = ("X-Stemkit-Lesson", "X-Stemkit-Translated-By", "X-Stemkit-Reviewed-By", "X-Stemkit-Released")

_WORD = re.compile(r"[^\W\d_]{2,}")
_CODE_WORD = re.compile(r"[^\W\d_]{3,}")
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
_PLACEHOLDER = re.compile(r"(?<!\{)\{[^{}\s]*\}(?!\})")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6}[ \t]+)(.*?)([ \t]*)$")
_ITEM = re.compile(r"^([ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+)(.*)$")
_ROW = re.compile(r"^[ \t]*\|")
_MARKER_COMMENT = re.compile(r"^#+\s*(BEGIN|END)\s+(SOLUTION|HIDDEN TESTS)|^#\s*YOUR CODE HERE|^#\s*(noqa|type:|pragma)")
_ID_LIKE = re.compile(r"^[a-z0-9_]+(-[a-z0-9_]+)+$|^[\w.-]+\.(ino|ipynb|csv|stl|py|gcode|json)$")

#: Calls whose string arguments a student reads, and keywords that hold such texts.
_READ_CALLS = {"print", "set_title", "set_xlabel", "set_ylabel", "set_zlabel", "suptitle", "title", "xlabel",
               "ylabel", "text", "annotate", "set_text", "display_markdown"}
_READ_KEYWORDS = {"label", "title", "xlabel", "ylabel", "zlabel", "description", "caption"}
_KIND_NOTES = {
    "heading": "a heading",
    "paragraph": "a paragraph",
    "item": "an item of a list",
    "row": "a row of a table: keep every | (the same number of columns)",
    "comment": "a comment in Python code: keep it on one line",
    "print": "a text the program prints",
    "label": "a label or title on a plot",
    "hint": "a hint the check shows after a wrong answer",
    "mistake": "what the check says for a common mistake",
    "title": "the lesson title",
    "objectives": "a learning objective (what a student can do after the lesson)",
    "keypoints": "a key point to remember",
    "kit": "a part of the kit for the build",
    "timing": "a part of the class plan (teacher's timing)",
}


# ---------------------------------------------------------------------------
# segments
@dataclass(frozen=True)
class Segment:
    context: str      # msgctxt: <cell id>/<kind>/<hash of the English>
    text: str         # the English
    kind: str         # heading, paragraph, item, row, comment, print, label, hint, mistake, title, ...
    cell: int | None  # index of the cell (None for metadata)
    where: str        # for the translator: "cell 7 (markdown)", "metadata"
    teacher: bool = False


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _context(owner: str, kind: str, text: str) -> str:
    return f"{owner}/{kind}/{_hash(text)}"


def _prose(text: str) -> bool:
    """Does the text have words to translate (outside formulas, code spans and HTML tags)?"""
    bare = _HTML_TAG.sub(" ", _CODE_SPAN.sub(" ", _MATH.sub(" ", text)))
    bare = re.sub(r"https?://\S+", " ", bare)
    return bool(_WORD.search(bare))


def markdown_pieces(source: str) -> list[tuple[str, str | None]]:
    """The markdown ``source`` cut into pieces ``(text, kind)``; kind None = kept as it is.

    Joining the texts gives ``source`` back exactly. Kinds: heading, paragraph, item, row.
    """
    lines = source.split("\n")
    pieces: list[tuple[str, str | None]] = []

    def keep(text: str) -> None:
        if pieces and pieces[-1][1] is None:
            pieces[-1] = (pieces[-1][0] + text, None)
        else:
            pieces.append((text, None))

    def add(text: str, kind: str) -> None:
        stripped = text.rstrip()
        if stripped and _prose(stripped):
            pieces.append((stripped, kind))
            if len(stripped) < len(text):
                keep(text[len(stripped):])
        else:
            keep(text)

    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        nl = "\n" if i < n - 1 else ""
        if _FENCE.match(line):   # fenced code: kept whole
            fence = _FENCE.match(line)[1]
            j = i + 1
            while j < n and not lines[j].strip().startswith(fence):
                j += 1
            j = min(j, n - 1)
            keep("\n".join(lines[i:j + 1]) + ("\n" if j < n - 1 else ""))
            i = j + 1
            continue
        if not line.strip():
            keep(line + nl)
            i += 1
            continue
        m = _HEADING.match(line)
        if m:
            keep(m[1])
            add(m[2], "heading")
            keep(m[3] + nl)
            i += 1
            continue
        if _ROW.match(line):
            indent = len(line) - len(line.lstrip())
            keep(line[:indent])
            add(line[indent:], "row")
            keep(nl)
            i += 1
            continue
        m = _ITEM.match(line)
        # a paragraph line, or a list item with its continuation lines
        j = i + 1
        while j < n and lines[j].strip() and not (_HEADING.match(lines[j]) or _ITEM.match(lines[j])
                                                  or _ROW.match(lines[j]) or _FENCE.match(lines[j])):
            j += 1
        block = "\n".join(lines[i:j])
        tail = "\n" if j < n else ""
        if m:
            keep(m[1])
            add(block[len(m[1]):], "item")
        else:
            indent = len(line) - len(line.lstrip())
            keep(line[:indent])
            add(block[indent:], "paragraph")
        keep(tail)
        i = j
    return pieces


@dataclass(frozen=True)
class _CodeSpot:
    start: int        # character offsets in the cell source
    end: int
    text: str         # the English text (a string's value, an f-string's inside, a comment's words)
    kind: str
    form: str         # "comment", "str" or "fstr"
    prefix: str = ""  # the comment's "# ", or the literal's quote


def _offsets(source: str) -> list[int]:
    starts, total = [], 0
    for line in source.split("\n"):
        starts.append(total)
        total += len(line) + 1
    return starts


def _char_col(source_lines: list[str], lineno: int, byte_col: int) -> int:
    return len(source_lines[lineno - 1].encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def _strings_in(node: ast.AST) -> list[ast.AST]:
    """String literals in an argument: the literal itself, both sides of ``+``/``%``, a ``"...".format()``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [node]
    if isinstance(node, ast.BinOp):
        return _strings_in(node.left) + _strings_in(node.right)
    if isinstance(node, ast.IfExp):
        return _strings_in(node.body) + _strings_in(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [s for e in node.elts for s in _strings_in(e)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _strings_in(node.func.value)
    return []


def _joined_fstring(raw: str) -> str | None:
    """The inside of one f-string equal to ``f"a {x} " f"b"`` written in pieces (over lines, in brackets),
    so the pieces become one text to translate; None when a piece is triple-quoted or has an escape."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO("(" + raw + ")").readline)
                  if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.ENDMARKER)]
    except (tokenize.TokenError, SyntaxError):
        return None
    tokens = tokens[1:-1]   # the brackets added around the pieces
    bodies = []
    for tok in tokens:
        m = re.fullmatch(r"([fFrRuU]{0,2})(\"|')(.*)\2", tok.string, re.S) if tok.type == tokenize.STRING else None
        if not m or m[3].startswith(m[2] * 2) or "\\" in m[3] or "\n" in m[3] or '"' in m[3]:
            return None
        body = m[3] if "f" in m[1].lower() else m[3].replace("{", "{{").replace("}", "}}")
        bodies.append(body)
    return "".join(bodies) if len(bodies) > 1 else None


def _mistake_texts(value: ast.AST, assigned: dict[str, ast.AST]) -> list[ast.AST]:
    """The "why" texts of a check's ``mistakes``: a dict's values, or the last item of each
    ``(wrong, why)`` pair in a list; a name assigned in the same cell is followed once."""
    if isinstance(value, ast.Name) and value.id in assigned:
        value = assigned[value.id]
    if isinstance(value, ast.Dict):
        return [v for v in value.values if v is not None]
    if isinstance(value, (ast.List, ast.Tuple)):
        return [e.elts[-1] for e in value.elts if isinstance(e, (ast.Tuple, ast.List)) and len(e.elts) >= 2]
    return []


def code_pieces(source: str) -> list[_CodeSpot]:
    """Comments and student-read string literals of a Python cell, in source order (none if it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    lines = source.split("\n")
    starts = _offsets(source)
    spots: list[_CodeSpot] = []
    seen: set[tuple[int, int]] = set()

    def literal(node: ast.AST, kind: str) -> None:
        if not hasattr(node, "end_lineno") or node.end_lineno is None:
            return
        start = starts[node.lineno - 1] + _char_col(lines, node.lineno, node.col_offset)
        end = starts[node.end_lineno - 1] + _char_col(lines, node.end_lineno, node.end_col_offset)
        if (start, end) in seen:
            return
        raw = source[start:end]
        if isinstance(node, ast.Constant):
            text = node.value
            m = re.match(r"^[rRuU]?(\"|')", raw)
            quote = m[1] if m else '"'
            form = "str"
        else:
            m = re.fullmatch(r"([fF][rR]?|[rR][fF])(\"|')(.*)\2", raw, re.S)
            if m and not m[3].count(m[2]) and "\n" not in m[3] and "\\" not in m[3]:
                text, quote, form = m[3], m[1] + m[2], "fstr"
            else:
                joined = _joined_fstring(raw)
                if joined is None:
                    return   # triple-quoted or with escapes: left in English
                text, quote, form = joined, 'f"', "fstr"
        if not isinstance(text, str) or not _CODE_WORD.search(text) or _ID_LIKE.match(text.strip()):
            return
        if form == "fstr" and kind in ("hint", "mistake"):
            # the answer key holds such a message already filled in, so it cannot be looked up by its
            # template: translating it would make the sealed check and the teacher's copy disagree
            return
        seen.add((start, end))
        spots.append(_CodeSpot(start, end, text, kind, form, quote))

    assigned = {t.id: node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        is_check = isinstance(owner, ast.Name) and owner.id == "checks" or owner is None and name == "text"
        if name in _READ_CALLS and not is_check:   # checks.text(exercise, name, ...) reads names, not prose
            kind = "print" if name == "print" else "label"
            for arg in node.args:
                for s in _strings_in(arg):
                    literal(s, kind)
        for kw in node.keywords:
            if kw.arg is None:
                continue
            if kw.arg in _READ_KEYWORDS or kw.arg.endswith(("_label", "_title")):
                for s in _strings_in(kw.value):
                    literal(s, "label")
            elif kw.arg == "hints":
                for s in _strings_in(kw.value):
                    literal(s, "hint")
            elif kw.arg == "mistakes":
                for v in _mistake_texts(kw.value, assigned):
                    for s in _strings_in(v):
                        literal(s, "mistake")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        tokens = []
    for tok in tokens:
        if tok.type != tokenize.COMMENT or _MARKER_COMMENT.match(tok.string):
            continue
        m = re.match(r"^#+[ \t]*", tok.string)
        words = tok.string[m.end():].rstrip()
        if not _CODE_WORD.search(words):
            continue
        start = starts[tok.start[0] - 1] + tok.start[1] + m.end()
        spots.append(_CodeSpot(start, start + len(words), words, "comment", "comment", m[0]))
    return sorted(spots, key=lambda s: s.start)


def _cell_owner(cell: dict[str, Any], index: int) -> str:
    return str(cell.get("id") or f"cell-{index}")


def segments(nb: dict[str, Any]) -> list[Segment]:
    """Every text of the lesson to translate, in the order a reader meets it (metadata first)."""
    out: list[Segment] = []
    meta = nb.get("metadata", {}).get("stemkit", {}) or {}
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        out.append(Segment(_context("metadata", "title", meta["title"]), meta["title"], "title", None, "metadata"))
    for key in ("objectives", "keypoints", "kit"):
        for text in meta.get(key) or []:
            if isinstance(text, str) and _prose(text):
                out.append(Segment(_context("metadata", key, text), text, key, None, "metadata"))
    for part in meta.get("timing") or []:
        text = part.get("part") if isinstance(part, dict) else None
        if isinstance(text, str) and _prose(text):
            out.append(Segment(_context("metadata", "timing", text), text, "timing", None, "metadata"))
    for index, cell in enumerate(nb.get("cells", [])):
        owner = _cell_owner(cell, index)
        teacher = "teacher" in (cell.get("metadata", {}).get("tags") or [])
        kind_of_cell = cell.get("cell_type")
        src = cell_source(cell)
        if kind_of_cell == "markdown":
            found = [(text, kind) for text, kind in markdown_pieces(src) if kind]
        elif kind_of_cell == "code":
            found = [(s.text, s.kind) for s in code_pieces(src)]
        else:
            found = []
        for text, kind in found:
            out.append(Segment(_context(owner, kind, text), text, kind, index, f"cell {index} ({kind_of_cell})", teacher))
    unique: dict[str, Segment] = {}
    for s in out:
        unique.setdefault(s.context, s)
    return list(unique.values())


# ---------------------------------------------------------------------------
# catalogues on disk
def po_path(lesson_path: Path, lang: str) -> Path:
    """``lessons/<track>/NN-slug.ipynb`` -> ``lessons/<track>/locale/<lang>/NN-slug.po``."""
    lesson_path = Path(lesson_path)
    return lesson_path.parent / "locale" / lang / (lesson_path.stem + ".po")


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(_("language must be one of {langs}, got {value!r}").format(langs=", ".join(LANGUAGES), value=lang))


def read_header_fields(path: Path) -> dict[str, str]:
    """stemkit's own header fields of a PO file (``X-Stemkit-...``), read from the file text."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return {}
    head = text.split("\n\n", 1)[0]
    return {m[1]: m[2].strip() for m in re.finditer(r'^"(X-Stemkit-[\w-]+):[ \t]*(.*?)\\n"$', head, re.M)}


def _with_header_fields(text: str, fields: dict[str, str]) -> str:
    """The PO text with stemkit's header fields written after the standard ones."""
    head, sep, rest = text.partition("\n\n")
    head = re.sub(r'^"X-Stemkit-[\w-]+:.*\\n"\n?', "", head, flags=re.M).rstrip("\n")
    lines = "".join(f'\n"{name}: {fields.get(name, "")}\\n"' for name in HEADER_FIELDS)
    return head + lines + sep + rest


def load_catalog(path: Path, lang: str | None = None):
    """Read a PO file with Babel; a broken file raises ValueError naming the file and line."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with open(path, "rb") as fh:
            return read_po(fh, locale=lang, abort_invalid=True)
    except PoFileError as exc:
        raise ValueError(_("{path}: not a valid PO file: {error}").format(path=path, error=exc)) from None
    except UnicodeDecodeError as exc:
        raise ValueError(_("{path}: not UTF-8 text (byte {byte})").format(path=path, byte=exc.start)) from None


def _comments(seg: Segment, lesson_id: str, title: str) -> list[str]:
    where = _("metadata of the lesson") if seg.cell is None else seg.where
    lines = [f"{lesson_id} «{title}», {where}: {_KIND_NOTES.get(seg.kind, seg.kind)}"
             + (" — teacher note, not shown to students" if seg.teacher else "")]
    keep = _keep_list(seg.text, code=seg.kind in ("print", "label", "hint", "mistake", "comment"))
    if keep:
        shown = ", ".join(keep[:8]) + (", ..." if len(keep) > 8 else "")
        lines.append("Keep unchanged: " + shown)
    return lines


def _keep_list(text: str, *, code: bool) -> list[str]:
    found: list[str] = []
    found += _MATH.findall(text)
    found += [m[0] for m in _CODE_SPAN.finditer(text)]
    if code:
        found += _PLACEHOLDER.findall(text)
    found += _number_units(text)
    return list(dict.fromkeys(found))


def _lesson_header(lesson_id: str, title: str, lang: str) -> str:
    return (f"# {LANGUAGE_NAMES.get(lang, lang)} translation of the stemkit lesson {lesson_id} «{title}».\n"
            "# Translate each msgstr. Keep formulas ($...$), `code`, {placeholders}, numbers and unit symbols\n"
            "# exactly as in the English. How: docs/translating.md. Check: stemkit translate check.")


@dataclass
class UpdateResult:
    path: Path
    entries: int = 0
    new: int = 0
    fuzzy: int = 0        # translations carried over to changed English, marked fuzzy
    obsolete: int = 0     # translations whose English is gone, kept at the end as #~
    written: bool = False


def _po_quote(text: str, prefix: str = "") -> str:
    """``msgid``-style quoted lines of ``text``, one per line of it (gettext's own layout)."""
    from babel.messages.pofile import escape

    parts = text.split("\n")
    if len(parts) == 1:
        return escape(text)
    chunks = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(prefix + escape(c) for c in chunks)


def previous_english(text: str, key: str = "msgctxt") -> dict[str, str]:
    """``{msgctxt (or msgid): previous English}`` from the ``#| msgid`` lines of PO text (Babel does
    not read them back). Lesson catalogues key entries by ``msgctxt``; stemkit's own by ``msgid``."""
    from babel.messages.pofile import denormalize

    found: dict[str, str] = {}
    for m in re.finditer(r'^#\| msgid (".*"(?:\n#\| ".*")*)\n(?:#.*\n)*' + key + r' (".*"(?:\n".*")*)$', text, re.M):
        old = "\n".join(line[3:] if line.startswith("#| ") else line for line in m[1].split("\n"))
        try:
            found[denormalize(m[2])] = denormalize(old)
        except (ValueError, IndexError):
            continue
    return found


def _read_previous(path: Path) -> dict[str, str]:
    """``{msgctxt: previous English}`` of a lesson's PO file (empty when it cannot be read)."""
    try:
        return previous_english(Path(path).read_text(encoding="utf-8"))
    except OSError:
        return {}


def _render(catalog) -> str:
    """The catalogue as PO text. Babel wraps a previous msgid (#|) like a comment, which gettext tools
    cannot read back, so stemkit writes those lines itself."""
    from babel.messages.pofile import write_po

    previous = {}
    for msg in catalog:
        # Babel flags any text with a "%" as python-format; lesson texts are never %-formatted, and the
        # false flag makes msgfmt -c reject a translation that writes "50 %" another way
        msg.flags.discard("python-format")
        if msg.id and msg.previous_id:
            previous[msg.context] = msg.previous_id[0] if isinstance(msg.previous_id, (list, tuple)) else msg.previous_id
            msg.previous_id = []
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, sort_output=False, include_previous=False)
    text = buf.getvalue().decode("utf-8")
    for ctx, old in previous.items():
        anchor = "\nmsgctxt " + _po_quote(ctx) + "\n"
        text = text.replace(anchor, "\n#| msgid " + _po_quote(old, "#| ") + anchor, 1)
    # the header names the translators, not the library that wrote the file
    return re.sub(r'^"Generated-By: .*\\n"\n', "", text, count=1, flags=re.M)


def _user(msg) -> list[str]:
    """A translator's own comments (Babel reads the ``#|`` previous-msgid lines as comments too: not those)."""
    return [c for c in msg.user_comments if not c.startswith("|")]


def update_catalog(lesson: LessonFile, lang: str, nb: dict[str, Any] | None = None) -> UpdateResult:
    """Write or refresh the lesson's PO file for ``lang`` from its English; never touches the notebook."""
    from babel.messages.catalog import Catalog

    from stemkit.curriculum.notebook import read_notebook

    _check_lang(lang)
    nb = nb if nb is not None else read_notebook(lesson.path)
    meta = nb.get("metadata", {}).get("stemkit", {}) or {}
    title = str(meta.get("title") or lesson.slug)
    path = po_path(lesson.path, lang)
    result = UpdateResult(path)
    old = load_catalog(path, lang) if path.exists() else None
    previous_ids = _read_previous(path) if old is not None else {}
    fields = {"X-Stemkit-Lesson": lesson.lesson_id, "X-Stemkit-Translated-By": "", "X-Stemkit-Reviewed-By": "",
              "X-Stemkit-Released": "no"}
    if old is not None:
        fields.update({k: v for k, v in read_header_fields(path).items() if k in HEADER_FIELDS})
        fields["X-Stemkit-Lesson"] = lesson.lesson_id
    cat = Catalog(locale=lang, project="stemkit lessons", version=lesson.lesson_id, charset="utf-8",
                  header_comment=_lesson_header(lesson.lesson_id, title, lang),
                  creation_date=old.creation_date if old is not None else _dt.datetime.now(_dt.timezone.utc),
                  revision_date=old.revision_date if old is not None else None,
                  last_translator=old.last_translator if old is not None else "",
                  language_team=old.language_team if old is not None and old.language_team != "LANGUAGE <LL@li.org>"
                  else LANGUAGE_NAMES.get(lang, lang))
    cat.fuzzy = False
    pool: dict[str, Any] = {}
    if old is not None:
        for msg in list(old) + list(old.obsolete.values()):
            if msg.id and isinstance(msg.id, str):
                pool.setdefault(msg.context or "", msg)
    by_text: dict[str, Any] = {}
    for msg in pool.values():
        if msg.string and "fuzzy" not in msg.flags:
            by_text.setdefault(msg.id, msg)
    claimed: set[str] = set()
    new_segments = segments(nb)
    unmatched: list[Segment] = []
    chosen: dict[str, tuple[str, set[str], Any, list[str]]] = {}
    for seg in new_segments:
        prev = pool.get(seg.context)
        if prev is not None and prev.id == seg.text:
            claimed.add(seg.context)
            fuzzy = set(prev.flags) & {"fuzzy"}
            chosen[seg.context] = (prev.string or "", fuzzy, previous_ids.get(seg.context) if fuzzy else None,
                                   _user(prev))
        elif seg.text in by_text:
            prev = by_text[seg.text]
            claimed.add(prev.context or "")
            chosen[seg.context] = (prev.string, set(), None, _user(prev))
        else:
            unmatched.append(seg)
    for seg in unmatched:
        owner = seg.context.split("/", 1)[0]
        best, score = None, 0.0
        for ctx, msg in pool.items():
            if ctx in claimed or not msg.string or ctx.split("/", 1)[0] != owner:
                continue
            ratio = difflib.SequenceMatcher(None, msg.id, seg.text, autojunk=False).ratio()
            if ratio > score:
                best, score = msg, ratio
        if best is not None and score >= 0.5:
            claimed.add(best.context or "")
            chosen[seg.context] = (best.string, {"fuzzy"}, best.id, _user(best))
            result.fuzzy += 1
        else:
            chosen[seg.context] = ("", set(), None, [])
            result.new += 1
    for seg in new_segments:
        string, flags, previous, user = chosen[seg.context]
        if seg.kind in ("print", "label", "hint", "mistake") and _PLACEHOLDER.search(seg.text):
            flags = flags | {"python-brace-format"}
        location = [(lesson.path.name, seg.cell)] if seg.cell is not None else [(lesson.path.name, 0)]
        cat.add(seg.text, string, locations=location, flags=sorted(flags), auto_comments=_comments(seg, lesson.lesson_id, title),
                user_comments=user, previous_id=previous, context=seg.context)
    for ctx, msg in pool.items():
        if ctx not in claimed and msg.string:
            cat.obsolete[(msg.id, ctx)] = msg
            result.obsolete += 1
    result.entries = len(new_segments)
    text = _with_header_fields(_render(cat), fields)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        result.written = True
    return result


def update_lessons(names: list[str] | None = None, langs: tuple[str, ...] = LANGUAGES,
                   root: Path | None = None) -> list[UpdateResult]:
    """Refresh the PO files of the chosen lessons (default: all) in each language."""
    from stemkit.curriculum.notebook import read_notebook
    from stemkit.curriculum.release import select_lessons

    results = []
    for lesson in select_lessons(names, root):
        nb = read_notebook(lesson.path)
        for lang in langs:
            results.append(update_catalog(lesson, lang, nb))
    return results


def set_header_field(lesson: LessonFile, lang: str, name: str, value: str) -> Path:
    """Set one of stemkit's header fields (e.g. ``X-Stemkit-Released``) in the lesson's PO file."""
    if name not in HEADER_FIELDS:
        raise ValueError(_("unknown header field {name!r}; known: {known}").format(name=name, known=", ".join(HEADER_FIELDS)))
    path = po_path(lesson.path, lang)
    if not path.exists():
        update_catalog(lesson, lang)
    fields = {**{k: "" for k in HEADER_FIELDS}, **read_header_fields(path), name: value}
    path.write_text(_with_header_fields(path.read_text(encoding="utf-8"), fields), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# status
@dataclass
class CatalogStatus:
    lesson_id: str
    lang: str
    path: Path
    exists: bool = False
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    words: int = 0            # English words in the translated entries
    translated_by: str = ""
    reviewed_by: str = ""
    released: bool = False
    error: str = ""

    @property
    def complete(self) -> bool:
        return self.exists and not self.error and self.total > 0 and self.translated == self.total

    @property
    def state(self) -> str:
        """One word for the catalogue: missing, untranslated, partial, stale, translated or reviewed."""
        if not self.exists or self.error:
            return "missing"
        if self.fuzzy:
            return "stale"
        if self.translated == 0:
            return "untranslated"
        if self.translated < self.total:
            return "partial"
        return "reviewed" if self.reviewed_by else "translated"


def catalog_status(lesson: LessonFile, lang: str, nb: dict[str, Any] | None = None) -> CatalogStatus:
    """How far the lesson's translation into ``lang`` is, measured against the lesson's current English."""
    from stemkit.curriculum.notebook import read_notebook

    path = po_path(lesson.path, lang)
    st = CatalogStatus(lesson.lesson_id, lang, path, exists=path.exists())
    nb = nb if nb is not None else read_notebook(lesson.path)
    current = segments(nb)
    st.total = len(current)
    if not st.exists:
        st.missing = st.total
        return st
    try:
        cat = load_catalog(path, lang)
    except ValueError as exc:
        st.error = str(exc)
        st.missing = st.total
        return st
    fields = read_header_fields(path)
    st.translated_by = fields.get("X-Stemkit-Translated-By", "")
    st.reviewed_by = fields.get("X-Stemkit-Reviewed-By", "")
    st.released = fields.get("X-Stemkit-Released", "").strip().lower() in ("yes", "true", "1")
    for seg in current:
        msg = cat.get(seg.text, context=seg.context)
        if msg is None or not msg.string:
            # a translation of the old English would be fuzzy once `update` runs: count it as stale
            if msg is None and _has_old_translation(cat, seg):
                st.fuzzy += 1
            else:
                st.missing += 1
        elif "fuzzy" in msg.flags:
            st.fuzzy += 1
        else:
            st.translated += 1
            st.words += len(seg.text.split())
    return st


def _has_old_translation(cat, seg: Segment) -> bool:
    owner = seg.context.split("/", 1)[0] + "/"
    return any(m.string and (m.context or "").startswith(owner) for m in cat if m.id)


def released_languages(lesson: LessonFile) -> list[str]:
    """The languages switched on for this lesson (``X-Stemkit-Released: yes`` in its PO header)."""
    out = []
    for lang in LANGUAGES:
        fields = read_header_fields(po_path(lesson.path, lang))
        if fields.get("X-Stemkit-Released", "").strip().lower() in ("yes", "true", "1"):
            out.append(lang)
    return out


# ---------------------------------------------------------------------------
# the translated notebook
@dataclass
class Stats:
    lang: str
    used: int = 0
    fallback: int = 0        # English kept: no translation, a fuzzy one, or one that would break the code
    fallback_texts: list[str] = field(default_factory=list)


def lesson_of(nb: dict[str, Any], root: Path | None = None) -> LessonFile | None:
    lid = (nb.get("metadata", {}).get("stemkit", {}) or {}).get("id")
    for lf in find_lessons(root or repo_root()):
        if lf.lesson_id == lid:
            return lf
    return None


def _lookup(catalog) -> dict[str, str]:
    table: dict[str, str] = {}
    if catalog is None:
        return table
    for msg in catalog:
        if msg.id and msg.string and "fuzzy" not in msg.flags and isinstance(msg.string, str):
            table[f"{msg.context}\x00{msg.id}"] = msg.string
    return table


def _code_literal(text: str, spot: _CodeSpot) -> str:
    if spot.form == "comment":
        return " ".join(text.split("\n"))
    quote = spot.prefix[-1]
    if spot.form == "fstr":
        return spot.prefix + text.replace("\\", "").replace(quote, "'" if quote == '"' else '"').replace("\n", " ") + quote
    body = text.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n")
    return quote + body + quote


def translate_notebook(nb: dict[str, Any], lang: str, catalog=None, *, root: Path | None = None) -> tuple[dict[str, Any], Stats]:
    """The lesson in ``lang`` and how many texts were translated or fell back to English.

    ``catalog`` is a Babel catalog; by default the lesson's PO file is read. Text with
    no confirmed (non-fuzzy) translation stays English; so does a code cell whose
    translation would not parse. English (``"en"``) returns a copy.
    """
    out = copy.deepcopy(nb)
    stats = Stats(lang)
    if lang == "en":
        return out, stats
    _check_lang(lang)
    if catalog is None:
        lf = lesson_of(nb, root)
        path = po_path(lf.path, lang) if lf else None
        catalog = load_catalog(path, lang) if path and path.exists() else None
    table = _lookup(catalog)

    def tr(owner: str, kind: str, text: str) -> str:
        found = table.get(f"{_context(owner, kind, text)}\x00{text}")
        if found is None:
            stats.fallback += 1
            stats.fallback_texts.append(text)
            return text
        stats.used += 1
        return found

    meta = out.setdefault("metadata", {}).setdefault("stemkit", {})
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        meta["title"] = tr("metadata", "title", meta["title"])
    for key in ("objectives", "keypoints", "kit"):
        if isinstance(meta.get(key), list):
            meta[key] = [tr("metadata", key, t) if isinstance(t, str) and _prose(t) else t for t in meta[key]]
    for part in meta.get("timing") or []:
        if isinstance(part, dict) and isinstance(part.get("part"), str) and _prose(part["part"]):
            part["part"] = tr("metadata", "timing", part["part"])
    meta["lang"] = lang
    for index, cell in enumerate(out.get("cells", [])):
        owner = _cell_owner(cell, index)
        src = cell_source(cell)
        if cell.get("cell_type") == "markdown":
            cell["source"] = "".join(tr(owner, kind, text) if kind else text for text, kind in markdown_pieces(src))
        elif cell.get("cell_type") == "code":
            spots = code_pieces(src)
            if not spots:
                continue
            before = (stats.used, stats.fallback)
            new = src
            for spot in reversed(spots):
                new = new[:spot.start] + _code_literal(tr(owner, spot.kind, spot.text), spot) + new[spot.end:]
            try:
                ast.parse(new)
            except SyntaxError:
                stats.used, stats.fallback = before[0], before[1] + len(spots)
                stats.fallback_texts.append(f"(code cell {index} kept in English: its translation does not parse)")
                continue
            cell["source"] = new
    return out, stats


def translated(nb: dict[str, Any], lang: str, catalog=None) -> dict[str, Any]:
    """The lesson ``nb`` in ``lang`` (see :func:`translate_notebook`); a new dict, the input untouched."""
    return translate_notebook(nb, lang, catalog)[0]


def translate_key(key, nb: dict[str, Any], lang: str, catalog=None):
    """The answer key with its hints and mistake messages in ``lang`` (English where untranslated).

    The key is recorded once from the English teacher source; its texts are the
    string literals the catalogue holds as ``hint`` and ``mistake`` entries.
    """
    from stemkit.checks.seal import decode_spec, encode_spec
    from stemkit.curriculum.key import LessonKey

    if lang == "en":
        return key
    if catalog is None:
        lf = lesson_of(nb)
        path = po_path(lf.path, lang) if lf else None
        catalog = load_catalog(path, lang) if path and path.exists() else None
    texts: dict[str, str] = {}
    for msg in catalog or []:
        kind = (msg.context or "").split("/")[1:2]
        if msg.id and msg.string and "fuzzy" not in msg.flags and kind and kind[0] in ("hint", "mistake"):
            texts.setdefault(msg.id, msg.string)
    specs: dict[str, list[dict[str, Any]]] = {}
    for exercise, items in key.specs.items():
        specs[exercise] = []
        for spec in items:
            decoded = dict(decode_spec(spec))
            params = dict(decoded.get("params", {}))
            cases = params.get("cases")
            holders = [decoded, params]   # hints sit beside the params, mistakes among them or in each case
            if isinstance(cases, list):
                params["cases"] = cases = [dict(c) if isinstance(c, dict) else c for c in cases]
                holders += [c for c in cases if isinstance(c, dict)]
            for holder in holders:
                if isinstance(holder.get("hints"), (list, tuple)):
                    holder["hints"] = [texts.get(h, h) if isinstance(h, str) else h for h in holder["hints"]]
                if isinstance(holder.get("mistakes"), dict):
                    holder["mistakes"] = {k: texts.get(v, v) if isinstance(v, str) else v
                                          for k, v in holder["mistakes"].items()}
                elif isinstance(holder.get("mistakes"), (list, tuple)):   # (wrong, why) pairs
                    holder["mistakes"] = [[*m[:-1], texts.get(m[-1], m[-1])]
                                          if isinstance(m, (list, tuple)) and m and isinstance(m[-1], str) else m
                                          for m in holder["mistakes"]]
            specs[exercise].append(encode_spec({**decoded, "params": params}))
    return LessonKey(key.lesson_id, key.path, specs, key.seconds)


# ---------------------------------------------------------------------------
# checks of one entry (used by lint)
_SI_UNIT = r"(?:[pnuµmkMG]?(?:Ω|V|A|W|F|H|Hz|s|m|g|J|N|C|B|Pa)|°C?|°|%|dB|rpm|mm²|mm³|cm|cm³|kWh|mAh|bit|px)"
_NUM_UNIT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)[ \u00a0\u202f\u2009]?(" + _SI_UNIT + r")(?![^\W\d_])")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


def _number_units(text: str) -> list[str]:
    bare = _CODE_SPAN.sub(" ", _MATH.sub(" ", text))
    return [f"{m[1]} {m[2]}" for m in _NUM_UNIT.finditer(bare)]


def _norm_number(text: str) -> str:
    t = text.replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "")
    if re.fullmatch(r"\d+,\d+", t):
        t = t.replace(",", ".")
    return t


def _numbers(text: str, *, code: bool, english: bool = False) -> list[str]:
    bare = _CODE_SPAN.sub(" ", _MATH.sub(" ", text))
    if code:
        bare = _PLACEHOLDER.sub(" ", bare)
    bare = _LINK_TARGET.sub(" ", bare)
    bare = re.sub(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}\b)", "", bare)
    if english:   # English writes thousands with a comma (10,000); Russian and Kazakh with a space (10 000)
        bare = re.sub(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d.,])", lambda m: m[0].replace(",", ""), bare)
    return sorted(_norm_number(m[0]) for m in _NUMBER.finditer(bare))


def _sorted(items) -> list[str]:
    return sorted(items)


def entry_problems(msgid: str, msgstr: str, kind: str) -> list[str]:
    """What a translation changed that must stay as in the English (empty when all is kept)."""
    if not msgstr:
        return []
    code = kind in ("print", "label", "hint", "mistake", "comment")
    problems = []
    if _sorted(_MATH.findall(msgid)) != _sorted(_MATH.findall(msgstr)):
        problems.append(_("the formulas ($...$) differ from the English: keep {want}").format(
            want=", ".join(_MATH.findall(msgid)) or _("no formula")))
    spans = lambda t: _sorted(m[0] for m in _CODE_SPAN.finditer(t))  # noqa: E731
    if spans(msgid) != spans(msgstr):
        problems.append(_("the code spans (`...`) differ from the English: keep {want}").format(
            want=", ".join(spans(msgid)) or _("none")))
    if code and _sorted(_PLACEHOLDER.findall(msgid)) != _sorted(_PLACEHOLDER.findall(msgstr)):
        problems.append(_("the placeholders differ from the English: keep {want}").format(
            want=", ".join(_PLACEHOLDER.findall(msgid)) or _("none")))
    english_thousands = re.sub(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d.,])", lambda m: m[0].replace(",", ""), msgid)
    want_units = _sorted(_norm_number(u.split(" ")[0]) + " " + u.split(" ")[1] for u in _number_units(english_thousands))
    spaced = re.sub(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}\b)", "", msgstr)   # 2 170 mm is 2170 mm
    got_units = _sorted(_norm_number(u.split(" ")[0]) + " " + u.split(" ")[1] for u in _number_units(spaced))
    if want_units != got_units:
        problems.append(_("the numbers with units differ from the English (unit symbols stay international: V, mA, Ω): "
                          "keep {want}").format(want=", ".join(_number_units(msgid)) or _("none")))
    elif _numbers(msgid, code=code, english=True) != _numbers(msgstr, code=code):
        problems.append(_("the numbers differ from the English ({want}); a decimal comma is fine").format(
            want=", ".join(_numbers(msgid, code=code, english=True)) or _("none")))
    if _sorted(_LINK_TARGET.findall(msgid)) != _sorted(_LINK_TARGET.findall(msgstr)):
        problems.append(_("a link target changed: keep {want}").format(want=", ".join(_LINK_TARGET.findall(msgid))))
    if kind == "row" and msgid.count("|") != msgstr.count("|"):
        problems.append(_("the table row has {got} | where the English has {want}").format(
            got=msgstr.count("|"), want=msgid.count("|")))
    if kind == "comment" and "\n" in msgstr:
        problems.append(_("a code comment must stay on one line"))
    return problems


# ---------------------------------------------------------------------------
# Kazakh in the Latin alphabet of 2021, by transliteration of the Cyrillic catalogue
#: The edition ``kk-latn``: Kazakh in the Latin alphabet of 2021, made from the Cyrillic catalogue by machine.
KK_LATIN = "kk-latn"

#: Kazakh Cyrillic -> the Latin alphabet of 2021 (31 letters: A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T
#: U Ū Ü V Y Z), letter by letter, lower case. Two Cyrillic letters share one Latin letter: Х and Һ are H,
#: И and Й are İ/i. І is the dotless I/ı and Ы is Y/y, as in the alphabet of 2021.
#: The alphabet has no letter for ё, ц, ч, щ, ъ, ь, э, ю, я (they appear in loanwords only); for those
#: this table writes the sounds (ц ts, ч ch, щ şş, ю iu, я ia, ё io, э e) and drops the signs ъ and ь.
#: A person rewrites loanwords by how they are said (цикл -> sikl); a table cannot, so the edition says
#: that it was made by machine.
KK_LATIN_TABLE: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}
# Capitals are not str.upper() of the lower case: и -> i but И -> İ, і -> ı but І -> I.
_KK_LATIN_UPPER = {**{c.upper(): v.upper() for c, v in KK_LATIN_TABLE.items()},
                   "И": "İ", "Й": "İ", "І": "I", "Ё": "İO", "Ю": "İU", "Я": "İA"}
_KK_CYRILLIC_LETTER = re.compile("[" + "".join(KK_LATIN_TABLE) + "".join(c.upper() for c in KK_LATIN_TABLE) + "]")


def transliterate_kk(text: str) -> str:
    """Kazakh Cyrillic ``text`` in the Latin alphabet of 2021 (:data:`KK_LATIN_TABLE`); all else unchanged.

    A capital that stands for two Latin letters (Я -> İa) is written in capitals only inside a word in
    capitals (ЯДРО -> İADRO).

    >>> transliterate_kk("Кернеу 5 V, ток күші 20 mA, кедергі `R`.")
    'Kerneu 5 V, tok küşı 20 mA, kedergı `R`.'
    >>> transliterate_kk("Қазақстан, ЖАУАП, Ядро")
    'Qazaqstan, JAUAP, İadro'
    """
    def one(m: re.Match) -> str:
        ch = m[0]
        if ch in KK_LATIN_TABLE:
            return KK_LATIN_TABLE[ch]
        latin = _KK_LATIN_UPPER[ch]
        if len(latin) < 2:
            return latin
        i = m.start()
        around = text[max(0, i - 1):i] + text[i + 1:i + 2]
        shouting = any(c.isalpha() for c in around) and all(c.isupper() for c in around if c.isalpha())
        return latin if shouting else latin[0] + latin[1:].lower()

    return _KK_CYRILLIC_LETTER.sub(one, text)


def latin_catalog(catalog):
    """A copy of a Kazakh (Cyrillic) Babel catalogue with every translation transliterated
    (:func:`transliterate_kk`); fuzzy flags, contexts and English ids kept as they are."""
    from babel.messages.catalog import Catalog

    out = Catalog(locale="kk", project=catalog.project if catalog is not None else None, charset="utf-8")
    for msg in catalog or []:
        if not msg.id:
            continue
        string = msg.string
        if isinstance(string, str):
            string = transliterate_kk(string)
        elif isinstance(string, (tuple, list)):
            string = tuple(transliterate_kk(s) for s in string)
        out.add(msg.id, string, context=msg.context, flags=msg.flags, auto_comments=msg.auto_comments,
                user_comments=msg.user_comments)
    return out
