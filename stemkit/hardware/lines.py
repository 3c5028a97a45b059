"""Turn the bytes a sketch prints into rows: a header line, CSV numbers, notes, and garbage.

The lessons' sketches print a header line naming the columns, then one line of
comma-separated numbers per reading (``t_ms,a0`` then ``1000,512``). Lines that
start with ``#`` are notes from the sketch. Anything else, a line cut short when the
port opened mid-line or bytes scrambled on the cable, is garbled: it is counted and
skipped. When almost nothing is readable text, the board is probably sending at another
baud rate than the computer reads at (:meth:`LineReader.wrong_baud_suspected`).

>>> reader = LineReader()
>>> [e.kind for e in reader.feed(b"t_ms,a0\\r\\n0,511\\r\\n1000,51", time=0.0)]
['header', 'row']
>>> [(e.kind, e.values) for e in reader.feed(b"2\\r\\n", time=1.0)]
[('row', (1000.0, 512.0))]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["LineEvent", "LineReader", "text_fraction"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_ .\-\[\]/%°µ]*$")
_PRINTABLE = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


def text_fraction(data: bytes) -> float:
    """Share of the bytes that are plain printable ASCII text or line ends (0-1).

    >>> text_fraction(b"12,34\\r\\n"), text_fraction(bytes([0x80, 0xf0, 0x00, 0x31]))
    (1.0, 0.25)
    """
    if not data:
        return 1.0
    return sum(b in _PRINTABLE for b in data) / len(data)


@dataclass(frozen=True)
class LineEvent:
    """One complete line, understood.

    ``kind`` is ``"header"`` (``columns`` set), ``"row"`` (``values`` set), ``"note"``
    (a ``#`` line; ``text``), ``"restart"`` (the header came again: the board was reset)
    or ``"garbled"`` (``text`` is the line as received).
    """

    kind: Literal["header", "row", "note", "restart", "garbled"]
    time: float
    text: str = ""
    columns: tuple[str, ...] = ()
    values: tuple[float, ...] = ()


class LineReader:
    """Split a byte stream into lines and sort each into header, row, note or garbage.

    Parameters
    ----------
    columns : sequence of str, optional
        The column names, when the sketch prints no header line.
    """

    def __init__(self, columns: Sequence[str] | None = None):
        self.columns: tuple[str, ...] | None = tuple(columns) if columns else None
        self._pending = b""
        self.bytes_seen = 0
        self.text_bytes = 0
        self.lines_seen = 0
        self.good_lines = 0
        self.garbled_lines = 0
        self._candidate: tuple[str, tuple[float, ...], float] | None = None
        self._held: list[LineEvent] = []

    def reset(self) -> None:
        """Forget the partial line and the byte counts (after the baud rate changed)."""
        self._pending = b""
        self._candidate = None
        self.bytes_seen = self.text_bytes = self.lines_seen = self.good_lines = self.garbled_lines = 0

    def feed(self, data: bytes, *, time: float) -> list[LineEvent]:
        """Take bytes as they arrive [``time`` in s]; return the events of every line they complete."""
        self.bytes_seen += len(data)
        self.text_bytes += sum(b in _PRINTABLE for b in data)
        self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        if len(self._pending) > 4096:   # no line end for far too long: garbage, not a line
            lines.append(self._pending)
            self._pending = b""
        events: list[LineEvent] = []
        for raw in lines:
            event = self._line(raw, time)
            if event is not None:
                events.append(event)
            events += self._held
            self._held = []
        return events

    def _line(self, raw: bytes, time: float) -> LineEvent | None:
        text = raw.rstrip(b"\r")
        if not text.strip():
            return None
        self.lines_seen += 1
        try:
            line = text.decode("ascii").strip()
        except UnicodeDecodeError:
            return self._garbled(text.decode("ascii", errors="replace"), time)
        if line.startswith("#"):
            self.good_lines += 1
            return LineEvent("note", time, text=line.lstrip("#").strip())
        fields = [f.strip() for f in line.split(",")]
        numbers = _numbers(fields)
        if numbers is None:
            if all(_NAME.match(f) for f in fields):
                self.good_lines += 1
                if self.columns is None:
                    self.columns = tuple(fields)
                    if self._candidate is not None:   # the line before the header was a piece
                        self._held.append(self._garbled(self._candidate[0], self._candidate[2]))
                        self._candidate = None
                    return LineEvent("header", time, text=line, columns=self.columns)
                if tuple(fields) == self.columns:
                    return LineEvent("restart", time, text=line, columns=self.columns)
            return self._garbled(line, time)
        if self.columns is None:
            return self._headless(line, numbers, time)
        if len(numbers) != len(self.columns):
            return self._garbled(line, time)
        self.good_lines += 1
        return LineEvent("row", time, text=line, values=numbers)

    def _headless(self, line: str, numbers: tuple[float, ...], time: float) -> LineEvent | None:
        # No header: the first line may be cut short (the port opened mid-line), so the
        # columns are only named c1, c2, ... once two lines in a row agree on their count.
        candidate = self._candidate
        self._candidate = (line, numbers, time)
        if candidate is None:
            return None
        if len(candidate[1]) != len(numbers):
            return self._garbled(candidate[0], candidate[2])
        self.columns = tuple(f"c{i + 1}" for i in range(len(numbers)))
        self.good_lines += 2
        self._candidate = None
        self._held = [LineEvent("row", candidate[2], text=candidate[0], values=candidate[1]),
                      LineEvent("row", time, text=line, values=numbers)]
        return LineEvent("header", time, text="", columns=self.columns)

    def _garbled(self, text: str, time: float) -> LineEvent:
        self.garbled_lines += 1
        return LineEvent("garbled", time, text=text)

    def wrong_baud_suspected(self) -> bool:
        """True when the bytes so far look like a baud-rate mismatch, not like text.

        At the wrong speed a UART reads each byte as one or two others, mostly outside
        printable ASCII, and line ends rarely survive. So: at least 32 bytes, nothing
        understood yet, and either under 80 % printable bytes or no line end in 256.
        """
        if self.bytes_seen < 32 or self.good_lines > 0:
            return False
        printable = self.text_bytes / self.bytes_seen
        return printable < 0.8 or (self.lines_seen == 0 and self.bytes_seen >= 256)


def _numbers(fields: Sequence[str]) -> tuple[float, ...] | None:
    try:
        return tuple(float(f) for f in fields)
    except ValueError:
        return None
