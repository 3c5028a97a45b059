"""Collect every sentence passed to ``_()`` into a gettext template for translators.

    stemkit messages            # writes stemkit/locale/stemkit.pot

Translators copy the template to ``stemkit/locale/<lang>/LC_MESSAGES/stemkit.po``
(``ru``, ``kk``, ...), translate each ``msgstr`` and compile it with
``msgfmt -o stemkit.mo stemkit.po`` (or ``pybabel compile``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Message", "MessageProblem", "collect", "render_pot", "write_pot"]

PACKAGE = Path(__file__).resolve().parent


@dataclass
class Message:
    text: str
    places: list[str] = field(default_factory=list)


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
                messages.setdefault(text, Message(text)).places.append(place)
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
        out.append('msgstr ""')
        out.append("")
    return "\n".join(out)


def write_pot(target: Path | None = None) -> Path:
    messages, _problems = collect()
    target = target or PACKAGE / "locale" / "stemkit.pot"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_pot(messages), encoding="utf-8")
    return target
