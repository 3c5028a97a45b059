"""Reading and writing lesson notebooks as plain JSON (nbformat 4.5), and finding lessons."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stemkit.i18n import _

__all__ = ["TRACKS", "LessonFile", "repo_root", "lessons_dir", "find_lessons", "read_notebook",
           "write_notebook", "cell_source", "lesson_id_from_path", "NotebookError"]

TRACKS = ("start", "electronics", "robotics", "design3d")
_NAME = re.compile(r"^(?P<nn>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.ipynb$")


class NotebookError(ValueError):
    """A notebook file that cannot be read as a notebook."""


def repo_root(start: Path | None = None) -> Path:
    """The curriculum folder: the nearest parent holding ``lessons/`` (from ``start`` or the cwd),
    else the checkout this package was installed from."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "lessons").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    package_parent = Path(__file__).resolve().parents[2]
    if (package_parent / "lessons").is_dir():
        return package_parent
    raise FileNotFoundError(_("no lessons/ folder found above {path}; run this inside a stemkit checkout").format(path=here))


def lessons_dir(root: Path | None = None) -> Path:
    return (root or repo_root()) / "lessons"


@dataclass(frozen=True)
class LessonFile:
    path: Path
    track: str
    number: str
    slug: str

    @property
    def lesson_id(self) -> str:
        return f"{self.track}-{self.number}"


def lesson_id_from_path(path: Path) -> str | None:
    """``lessons/electronics/03-dividers.ipynb`` -> ``"electronics-03"`` (None if the name is off)."""
    m = _NAME.match(path.name)
    if not m:
        return None
    return f"{path.parent.name}-{m['nn']}"


def find_lessons(root: Path | None = None) -> list[LessonFile]:
    """Every lesson notebook under ``lessons/<track>/``, sorted by track order then number."""
    base = lessons_dir(root)
    found = []
    for track in TRACKS:
        folder = base / track
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.ipynb")):
            m = _NAME.match(path.name)
            if m:
                found.append(LessonFile(path=path, track=track, number=m["nn"], slug=m["slug"]))
    return found


def read_notebook(path: Path) -> dict[str, Any]:
    """Read a notebook as JSON; a broken file raises NotebookError naming the line and column."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(_("{path}: not UTF-8 text (byte {byte})").format(path=path, byte=exc.start)) from None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = exc.msg
        if msg.endswith(" at") and 0 <= exc.pos < len(text):   # json says "Invalid control character at": say which
            msg = _("{what} {char!r}").format(what=msg[:-3], char=text[exc.pos])
        raise NotebookError(_("{path}: not valid JSON at line {line}, column {col}: {msg}").format(
            path=path, line=exc.lineno, col=exc.colno, msg=msg)) from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookError(_("{path}: not a notebook (no list of cells)").format(path=path))
    return nb


def write_notebook(nb: dict[str, Any], path: Path) -> None:
    """Write a notebook the way Jupyter does (1-space indent, trailing newline)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def cell_source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)
