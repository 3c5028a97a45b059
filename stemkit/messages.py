"""Collect every sentence passed to ``_()`` into a gettext template for translators.

    stemkit messages            # writes stemkit/locale/stemkit.pot
    stemkit messages --update   # also merges it into stemkit/locale/{ru,kk}/LC_MESSAGES/stemkit.po

Translators translate each ``msgstr`` of ``stemkit/locale/<lang>/LC_MESSAGES/stemkit.po``.
``--update`` adds new sentences, marks the translation of a changed sentence fuzzy
(keeping it, with the old English as ``#| msgid``) and moves dropped ones to the end
as obsolete; the header fields stay. Nobody compiles anything: :mod:`stemkit.i18n`
compiles the ``.po`` on first use.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Message", "MessageProblem", "collect", "render_pot", "write_pot", "template_catalog", "update_po",
           "po_file", "PO_LANGUAGES"]

PO_LANGUAGES = ("ru", "kk")

PACKAGE = Path(__file__).resolve().parent


@dataclass
class Message:
    text: str
    places: list[str] = field(default_factory=list)
    plural: str | None = None   # ngettext's plural sentence


@dataclass(frozen=True)
class MessageProblem:
    place: str
    problem: str

    def __str__(self) -> str:
        return f"{self.place}: {self.problem}"


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "ngettext"):
            yield node


def collect(root: Path = PACKAGE) -> tuple[dict[str, Message], list[MessageProblem]]:
    """Every translatable sentence in the package, and every ``_()`` call that breaks the rules."""
    messages: dict[str, Message] = {}
    problems: list[MessageProblem] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for call in _calls(tree):
            place = f"{rel}:{call.lineno}"
            wanted = 2 if call.func.id == "ngettext" else 1
            args = call.args[:wanted]
            if any(isinstance(a, (ast.JoinedStr, ast.BinOp)) for a in args):
                problems.append(MessageProblem(place, "the sentence must be one plain string literal "
                                               "(no f-string, no joined pieces), with {named} placeholders"))
                continue
            if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                # _(word) translates a word marked elsewhere with N_("word"); nothing to collect here
                continue
            for a in args:
                text = a.value
                if "{}" in text or "%s" in text or "%d" in text:
                    problems.append(MessageProblem(place, f"use named placeholders like {{value}}, not {{}} or %s: {text!r}"))
            text = args[0].value
            entry = messages.setdefault(text, Message(text))
            entry.places.append(place)
            if wanted == 2:
                entry.plural = args[1].value
    return messages, problems


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" not in escaped:
        return f'"{escaped}"'
    parts = escaped.split("\n")
    lines = ['""'] + [f'"{p}\\n"' for p in parts[:-1]] + ([f'"{parts[-1]}"'] if parts[-1] else [])
    return "\n".join(lines)


def render_pot(messages: dict[str, Message]) -> str:
    out = ['# Messages stemkit shows a person. Translate msgstr; keep {placeholders} as they are.',
           'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Project-Id-Version: stemkit\\n"', ""]
    for text in sorted(messages):
        for place in messages[text].places:
            out.append(f"#: {place}")
        if "{" in text:
            out.append("#, python-brace-format")
        out.append("msgid " + _quote(text))
        if messages[text].plural is not None:
            out.append("msgid_plural " + _quote(messages[text].plural))
            out += ['msgstr[0] ""', 'msgstr[1] ""']
        else:
            out.append('msgstr ""')
        out.append("")
    return "\n".join(out)


def write_pot(target: Path | None = None) -> Path:
    messages, _problems = collect()
    target = target or PACKAGE / "locale" / "stemkit.pot"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_pot(messages), encoding="utf-8")
    return target


def po_file(lang: str) -> Path:
    return PACKAGE / "locale" / lang / "LC_MESSAGES" / "stemkit.po"


def template_catalog(messages: dict[str, Message]):
    """The messages as a Babel template catalogue (plural sentences as msgid/msgid_plural pairs)."""
    from babel.messages.catalog import Catalog

    cat = Catalog(project="stemkit", charset="utf-8")
    for text in sorted(messages):
        m = messages[text]
        places = [(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in m.places]
        cat.add((text, m.plural) if m.plural is not None else text, locations=places,
                flags=("python-brace-format",) if "{" in text else ())
    return cat


def _previous_ids(text: str) -> dict[str, str]:
    from stemkit.curriculum.translate import previous_english

    return previous_english(text, key="msgid")


def update_po(lang: str, messages: dict[str, Message] | None = None, path: Path | None = None) -> tuple[Path, bool]:
    """Merge the current sentences into ``lang``'s PO file (created if missing); returns it and whether it changed.

    New sentences come in untranslated; a changed one keeps its old translation, marked fuzzy; a
    sentence no longer in the code becomes obsolete. Plural-Forms is the language's (Russian: three
    forms). Header fields stemkit's tools do not know (``X-...``) are kept as they are.
    """
    import io
    import re

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    if messages is None:
        messages = collect()[0]
    path = path or po_file(lang)
    template = template_catalog(messages)
    old_text = path.read_text(encoding="utf-8") if path.exists() else ""
    if old_text:
        with open(path, "rb") as fh:
            cat = read_po(fh, locale=lang)
    else:
        cat = Catalog(locale=lang, project="stemkit", charset="utf-8")
    from stemkit import __version__
    from stemkit.curriculum.translate import _po_quote

    reference = Catalog(locale=lang)
    if cat.num_plurals != reference.num_plurals:   # a header without the language's plural rule
        cat._num_plurals, cat._plural_expr = reference.num_plurals, reference.plural_expr
    cat.project, cat.version = "stemkit", __version__
    cat.update(template, no_fuzzy_matching=False, update_header_comment=False, keep_user_comments=True,
               update_creation_date=False)
    previous = {}
    for msg in list(cat) + list(cat.obsolete.values()):
        # Babel reads "#| msgid" lines back as comments (a wrapped one as a comment ending in a quote) and
        # wraps them when it writes: stemkit writes them itself
        msg.user_comments = [c for c in msg.user_comments if not c.startswith("|") and not c.rstrip().endswith('"')]
        # stemkit's sentences are {brace} formats: a "%" in one is a percent sign, never a %-format
        msg.flags.discard("python-format")
        if msg.id and msg.previous_id and msg.fuzzy:
            previous[msg.id if isinstance(msg.id, str) else msg.id[0]] = msg.previous_id[0]
        msg.previous_id = []
    old_previous = _previous_ids(old_text)
    for msg in cat:
        key = msg.id if isinstance(msg.id, str) else (msg.id[0] if msg.id else "")
        if msg.id and msg.fuzzy and key not in previous and key in old_previous:
            previous[key] = old_previous[key]
    buf = io.BytesIO()
    write_po(buf, cat, width=0, include_previous=False, sort_output=True)
    text = buf.getvalue().decode("utf-8")
    for msgid, old in previous.items():
        anchor = "\nmsgid " + _po_quote(msgid) + "\n"
        text = text.replace(anchor, "\n#| msgid " + _po_quote(old, "#| ") + anchor, 1)
    extra = re.findall(r'^"X-[\w-]+:.*\\n"$', old_text.split("\n\n", 1)[0], re.M)
    if extra:
        head, sep, rest = text.partition("\n\n")
        head = re.sub(r'^"X-[\w-]+:.*\\n"\n?', "", head, flags=re.M).rstrip("\n")
        text = head + "\n" + "\n".join(extra) + sep + rest
    text = re.sub(r'^"Generated-By: .*\\n"\n', "", text, count=1, flags=re.M)   # the header names the translators only
    changed = text != old_text
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path, changed
