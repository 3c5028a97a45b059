"""A live plot of a board's readings with a stop button (ipywidgets, bqplot).

``BoardExplorer(board)`` (or ``board.live()``) starts reading in the background and
sends the newest numbers to the plot a few times a second; **Stop** ends the reading.
Everything read is on ``explorer.recording`` (and ``explorer.result``), also after a
stop, an unplugged cable or a kernel interrupt.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

import ipywidgets as widgets
from numpy.typing import ArrayLike

from stemkit.hardware.board import Board
from stemkit.hardware.plots import data_columns, time_axis
from stemkit.hardware.recording import Recording, guess_unit
from stemkit.i18n import _, format_number
from stemkit.ui.explorer import Explorer
from stemkit.ui.figure import PALETTE

__all__ = ["BoardExplorer"]

_COLOURS = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky")]


class BoardExplorer(Explorer):
    """Read a board live and plot every column against time, with a stop button.

    Parameters
    ----------
    board : Board or SimulatedBoard
    seconds : float, optional
        Stop by itself after this long [s].
    columns : sequence of str, optional
        Columns to plot (default: all but ``t_ms``, once the header has arrived).
    prediction : mapping, optional
        ``{label: (time [s], values)}``: the lesson's prediction, drawn dashed.
    refresh : float
        Time between two redraws [s].
    start : bool
        Start reading at once.

    ``result`` is the :class:`~stemkit.hardware.recording.Recording` being filled.
    """

    def __init__(self, board: Board, *, seconds: float | None = None, columns: Sequence[str] | None = None,
                 prediction: Mapping[str, tuple[ArrayLike, ArrayLike]] | None = None, refresh: float = 0.5,
                 start: bool = True):
        super().__init__(title=_("Live from {board}").format(board=board.describe()))
        self.board = board
        self.columns = list(columns) if columns else None
        self.refresh_seconds = float(refresh)
        self.plot = self.add_plot(xlabel=_("time [s]"), ylabel="")
        for label, (t, v) in (prediction or {}).items():
            self.plot.line(t, v, colour=PALETTE["grey"], style="--", width=1.5, label=label)
        self.lines: dict[str, object] = {}
        self.stop_button = widgets.Button(description=_("Stop"), icon="stop", button_style="danger")
        self.stop_button.on_click(lambda _button: self.stop())
        self._draw_lock = threading.Lock()
        self._ticker: threading.Thread | None = None
        self.recording: Recording | None = None
        if start:
            self.start(seconds)
        else:
            self.refresh()

    def start(self, seconds: float | None = None) -> Recording:
        """Start (or restart) reading and redrawing."""
        self.recording = self.board.start(seconds)
        self.result = self.recording
        self.stop_button.disabled = False
        self.refresh()
        self._ticker = threading.Thread(target=self._tick, name="stemkit-live-plot", daemon=True)
        self._ticker.start()
        return self.recording

    def _tick(self) -> None:
        pause = threading.Event()
        while self.board.reading:
            pause.wait(self.refresh_seconds)
            self.refresh()
        self.stop_button.disabled = True
        self.refresh()

    def stop(self) -> Recording | None:
        """Stop reading; the data stay on ``self.recording``."""
        rec = self.board.stop()
        if self._ticker is not None and self._ticker is not threading.current_thread():
            self._ticker.join(timeout=5)
        self.stop_button.disabled = True
        self.refresh()
        return rec

    @property
    def widget(self) -> widgets.Widget:
        """The explorer as one box: the stop button above the plot and the numbers."""
        if self._widget is None:
            inner = super().widget
            self._widget = widgets.VBox([self.stop_button, inner])
        return self._widget

    def refresh(self) -> None:
        """Redraw (the reading thread and the notebook may both ask at once)."""
        with self._draw_lock:
            super().refresh()

    def update(self) -> None:
        rec = self.recording
        if rec is None:
            return
        if not self.lines and rec.columns:
            names = self.columns or data_columns(rec)
            for i, name in enumerate(names):
                unit = guess_unit(name)
                self.lines[name] = self.plot.line([], [], colour=_COLOURS[i % len(_COLOURS)],
                                                  label=f"{name} [{unit}]" if unit else name)
        if self.lines and len(rec):
            x = time_axis(rec)
            for name, line in self.lines.items():
                self.plot.update(line, x=x, y=rec[name])
        values = {
            _("lines read"): str(len(rec)),
            _("time"): _("{value} s").format(value=format_number(rec.duration, 3)),
            _("reading"): _("yes") if self.board.reading else _("stopped"),
        }
        if rec.skipped:
            values[_("skipped lines")] = str(rec.skipped)
        for i, note in enumerate(rec.notes):
            values[_("note {number}").format(number=i + 1)] = note
        self.show_values(values)
