"""What a board sent: columns of numbers, the computer's clock time of every line, and notes.

A :class:`Recording` grows line by line while a board is read, so whatever has arrived
is never lost: stop early, unplug the cable or press Ctrl+C and it is still there.
:meth:`Recording.save` writes it as a CSV file with a card beside it (what was measured,
when, with which units), in the same form as the curriculum's datasets::

    >>> rec = Recording(["t_ms", "a0"], source="demo")
    >>> rec.add_row(0.00, (0, 511))
    >>> rec.add_row(0.10, (100, 512))
    >>> len(rec), rec["a0"].tolist(), rec.time.tolist()
    (2, [511.0, 512.0], [0.0, 0.1])
"""

from __future__ import annotations

import csv
import datetime as _dt
import html
import os
import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from stemkit.i18n import _, format_number

__all__ = ["Recording", "load_recording", "guess_unit", "HOST_TIME"]

#: Name of the column with the computer's clock time of each line [s].
HOST_TIME = "host_time_s"

_UNIT_RULES: list[tuple[str, str]] = [
    (r"^a[0-7]$", "counts"), (r"_ms$", "ms"), (r"_us$", "µs"), (r"_s$", "s"), (r"_cm$", "cm"),
    (r"_mm$", "mm"), (r"_m$", "m"), (r"_deg$", "°"), (r"_pwm$", "0-255"), (r"^pwm$", "0-255"),
    (r"_ticks$", "ticks"), (r"_c$", "°C"), (r"_v$", "V"), (r"^omega$", "rad/s"),
]


def guess_unit(column: str) -> str:
    """The unit a column name suggests (``t_ms`` -> ms, ``a0`` -> counts), or ``""``.

    >>> guess_unit("t_ms"), guess_unit("a0"), guess_unit("distance_cm"), guess_unit("colour")
    ('ms', 'counts', 'cm', '')
    """
    for pattern, unit in _UNIT_RULES:
        if re.search(pattern, column):
            return unit
    return ""


class Recording:
    """Lines read from a board, as columns.

    Parameters
    ----------
    columns : sequence of str
        The column names (the sketch's header line).
    source : str
        Where the lines came from (a port name, or "simulated board").
    baudrate : int, optional
        The serial speed they were read at [baud].

    Attributes
    ----------
    notes : list of str
        What happened while reading, in plain words (unplugged, skipped lines, ...).
    skipped : int
        Lines that were garbled or cut short, and so left out.
    started : datetime.datetime
        When reading began (local time).
    """

    def __init__(self, columns: Sequence[str] = (), *, source: str = "", baudrate: int | None = None):
        self.columns: list[str] = [str(c) for c in columns]
        self.source = source
        self.baudrate = baudrate
        self.notes: list[str] = []
        self.skipped = 0
        self.skipped_examples: list[str] = []
        self.started = _dt.datetime.now().astimezone()
        self.saved_to: Path | None = None
        self._rows: list[tuple[float, tuple[float, ...]]] = []
        self._lock = threading.Lock()

    # -- growing ----------------------------------------------------------------
    def add_row(self, time: float, values: Sequence[float]) -> None:
        """Add one line: the computer's clock time [s] and the values of every column."""
        if len(values) != len(self.columns):
            raise ValueError(_("a row needs {want} values ({columns}), got {got}").format(
                want=len(self.columns), columns=", ".join(self.columns), got=len(values)))
        with self._lock:
            self._rows.append((float(time), tuple(float(v) for v in values)))

    def add_note(self, text: str) -> None:
        """Keep a sentence about what happened (shown with the data and saved in its card)."""
        with self._lock:
            if text not in self.notes:
                self.notes.append(text)

    def add_skipped(self, line: str) -> None:
        """Count a garbled or partial line (the first few are kept as examples)."""
        with self._lock:
            self.skipped += 1
            if len(self.skipped_examples) < 3:
                self.skipped_examples.append(line[:60])

    def set_columns(self, columns: Sequence[str]) -> None:
        """Name the columns (only while there are no rows yet)."""
        if self._rows and list(columns) != self.columns:
            raise ValueError(_("the columns cannot change once rows are recorded"))
        self.columns = [str(c) for c in columns]

    # -- reading ----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._rows)

    def _snapshot(self) -> list[tuple[float, tuple[float, ...]]]:
        with self._lock:
            return list(self._rows)

    @property
    def time(self) -> NDArray[np.float64]:
        """The computer's clock time of each line, from the start of reading [s]."""
        return np.array([t for t, _values in self._snapshot()], dtype=float)

    def __getitem__(self, column: str) -> NDArray[np.float64]:
        if column == HOST_TIME:
            return self.time
        if column not in self.columns:
            raise KeyError(_("no column {name!r}; the columns are {columns}").format(
                name=column, columns=", ".join([HOST_TIME, *self.columns])))
        j = self.columns.index(column)
        return np.array([values[j] for _t, values in self._snapshot()], dtype=float)

    def __contains__(self, column: object) -> bool:
        return column == HOST_TIME or column in self.columns

    @property
    def duration(self) -> float:
        """Time from the first line to the last [s]."""
        t = self.time
        return float(t[-1] - t[0]) if len(t) > 1 else 0.0

    def to_table(self):
        """The data as a :class:`stemkit.datasets.Table` (host time first, then the columns)."""
        from stemkit.datasets import Table

        rows = self._snapshot()
        table = Table()
        table[HOST_TIME] = np.array([t for t, _v in rows], dtype=float)
        for j, name in enumerate(self.columns):
            table[name] = np.array([v[j] for _t, v in rows], dtype=float)
        return table

    def summary(self) -> str:
        """One line in words: how many lines, which columns, how long."""
        return _("{rows} lines of {columns} over {seconds} s from {source}").format(
            rows=len(self), columns=", ".join(self.columns) or "-", seconds=format_number(self.duration, 3),
            source=self.source or "?")

    def __repr__(self) -> str:
        return f"Recording({len(self)} rows: {', '.join(self.columns)})"

    def _repr_html_(self) -> str:
        parts = [f"<b>{html.escape(self.summary())}</b>"]
        for note in self.notes:
            parts.append(f"<div>⚠ {html.escape(note)}</div>")
        rows = self._snapshot()[-5:]
        if rows:
            head = "".join(f"<th>{html.escape(c)}</th>" for c in [HOST_TIME, *self.columns])
            body = "".join("<tr>" + "".join(f"<td>{format_number(x)}</td>" for x in (t, *v)) + "</tr>"
                           for t, v in rows)
            parts.append(f"<table><tr>{head}</tr>{body}</table>")
        return "".join(parts)

    # -- saving -----------------------------------------------------------------
    def save(self, path: str | os.PathLike, *, what: str = "", units: Mapping[str, str] | None = None) -> Path:
        """Write the data to a CSV file and a card ``<name>.md`` beside it.

        Parameters
        ----------
        path : path
            The CSV file to write (``.csv`` is added when missing).
        what : str
            What was measured, in a few words ("thermistor divider on A0, cup of warm water").
        units : mapping, optional
            Unit of each column; guessed from the names when not given (``t_ms`` -> ms).

        Returns
        -------
        Path
            The CSV file.
        """
        file = Path(path)
        if file.suffix != ".csv":
            file = file.with_name(file.name + ".csv")
        file.parent.mkdir(parents=True, exist_ok=True)
        rows = self._snapshot()
        all_units = {HOST_TIME: "s", **{c: guess_unit(c) for c in self.columns}, **dict(units or {})}
        title = what or _("Lines read from {source}").format(source=self.source or _("a board"))
        with file.open("w", newline="", encoding="utf-8") as f:
            f.write(f"# {title}. " + _("See {card}.").format(card=file.stem + ".md") + "\n")
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow([HOST_TIME, *self.columns])
            for t, values in rows:
                writer.writerow([f"{t:.4f}", *(_plain(v) for v in values)])
        card = file.with_name(file.stem + ".md")
        card.write_text(self._card(title, all_units), encoding="utf-8")
        self.saved_to = file
        return file

    def _card(self, title: str, units: Mapping[str, str]) -> str:
        lines = [
            f"# {title}", "",
            "- " + _("source: read by stemkit.hardware from {source}{baud}").format(
                source=self.source or "?",
                baud=_(" at {baud} baud").format(baud=self.baudrate) if self.baudrate else ""),
            "- " + _("recorded: {when}, {rows} lines over {seconds} s").format(
                when=self.started.strftime("%Y-%m-%d %H:%M:%S %Z").strip(), rows=len(self),
                seconds=format_number(self.duration, 4)),
            "- " + _("units: {units}").format(units=", ".join(f"{c} [{u}]" for c, u in units.items() if u) or "-"),
        ]
        if self.skipped:
            lines.append("- " + _("skipped: {count} garbled or partial lines").format(count=self.skipped))
        for note in self.notes:
            lines.append("- " + _("note: {note}").format(note=note))
        lines += ["", "## " + _("Columns"), "", "| column | unit | meaning |", "|---|---|---|",
                  f"| {HOST_TIME} | s | " + _("the computer's clock when the line arrived, from the start") + " |"]
        for c in self.columns:
            lines.append(f"| {c} | {units.get(c, '')} | " + _("as the sketch printed it") + " |")
        return "\n".join(lines) + "\n"


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def load_recording(path: str | os.PathLike) -> Recording:
    """Read a CSV file written by :meth:`Recording.save` back into a Recording."""
    file = Path(path)
    text = [ln for ln in file.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.reader(text)
    header = next(reader)
    if not header or header[0] != HOST_TIME:
        raise ValueError(_("{file} was not saved by Recording.save: its first column is not {column}").format(
            file=file.name, column=HOST_TIME))
    rec = Recording(header[1:], source=str(file))
    for row in reader:
        rec.add_row(float(row[0]), [float(x) for x in row[1:]])
    card = file.with_name(file.stem + ".md")
    if card.is_file():
        for line in card.read_text(encoding="utf-8").splitlines():
            if line.startswith("- note: "):
                rec.add_note(line[len("- note: "):])
    return rec
