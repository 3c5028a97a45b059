"""Load the curriculum's data files by name: ``load("electronics/e_series")``.

Data lives in ``datasets/<room>/<name>.<ext>`` with a card ``<name>.md`` beside it
(source, licence, units, columns). What ``load`` returns depends on the file:

- ``.csv``: a :class:`Table`, a dict of column name -> numpy array (numbers as
  float arrays, text as string arrays). Lines starting with ``#`` are comments.
- ``.json``: the parsed object.
- anything else (``.stl``, ``.gcode``, ``.txt``): a :class:`pathlib.Path` to the file.

The folder is ``$STEMKIT_DATASETS`` when set, else ``datasets/`` of the checkout.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from stemkit.i18n import _

__all__ = ["Table", "load", "path", "names", "card", "datasets_dir"]

_CARD_SUFFIX = ".md"


def datasets_dir() -> Path:
    env = os.environ.get("STEMKIT_DATASETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "datasets"


def names() -> list[str]:
    """Every dataset name, like ``"electronics/e_series"``."""
    base = datasets_dir()
    found = []
    for f in sorted(base.glob("*/*")):
        if f.is_file() and f.suffix != _CARD_SUFFIX and not f.name.startswith("."):
            found.append(f"{f.parent.name}/{f.stem}")
    return found


def path(name: str) -> Path:
    """The file behind dataset ``name``; a clear error lists what exists."""
    if not isinstance(name, str) or "/" not in name:
        raise ValueError(_("dataset name must look like 'room/name', e.g. 'electronics/e_series', got {value!r}").format(
            value=name))
    room, stem = name.split("/", 1)
    folder = datasets_dir() / room
    matches = [f for f in folder.glob(stem + ".*") if f.suffix != _CARD_SUFFIX and f.stem == stem] if folder.is_dir() else []
    if not matches:
        known = ", ".join(n for n in names() if n.startswith(room + "/")) or _("none")
        raise FileNotFoundError(_("no dataset named {name!r}; datasets in {room}: {known}").format(
            name=name, room=room, known=known))
    if len(matches) > 1:
        raise ValueError(_("dataset name {name!r} is ambiguous: {files}").format(
            name=name, files=", ".join(m.name for m in matches)))
    return matches[0]


def card(name: str) -> Path:
    """The card (``.md``) describing dataset ``name``."""
    f = path(name)
    return f.with_name(f.stem + _CARD_SUFFIX)


class Table(dict):
    """Columns of a CSV file: ``table["resistance"]`` is a numpy array."""

    @property
    def columns(self) -> list[str]:
        return list(self.keys())

    @property
    def nrows(self) -> int:
        return len(next(iter(self.values()))) if self else 0

    def __repr__(self) -> str:
        return f"Table({self.nrows} rows: {', '.join(self.columns)})"


def _read_csv(file: Path) -> Table:
    import numpy as np

    text = file.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(rows)))
    header = [h.strip() for h in next(reader)]
    data = [r for r in reader]
    for lineno, r in enumerate(data, start=2):
        if len(r) != len(header):
            raise ValueError(_("{file}: data row {row} has {got} fields, the header has {want}").format(
                file=file.name, row=lineno, got=len(r), want=len(header)))
    table = Table()
    for j, col in enumerate(header):
        values = [r[j].strip() for r in data]
        try:
            table[col] = np.array([float(v) if v != "" else np.nan for v in values], dtype=float)
        except ValueError:
            table[col] = np.array(values, dtype=str)
    return table


def load(name: str) -> Any:
    """Load dataset ``name`` (``"room/name"``): a Table, a parsed JSON object, or a Path."""
    f = path(name)
    if f.suffix == ".csv":
        return _read_csv(f)
    if f.suffix == ".json":
        return json.loads(f.read_text(encoding="utf-8"))
    return f
