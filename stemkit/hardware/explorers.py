"""A live plot of a board's readings with a stop button (ipywidgets).

``BoardExplorer(board)`` (or ``board.live()``) starts reading in the background and
redraws the plot a few times a second; **Stop** ends the reading. Everything read is
on ``explorer.recording`` (and ``explorer.result``), also after a stop, an unplugged
cable or a kernel interrupt.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

import ipywidgets as widgets
from numpy.typing import ArrayLike

from stemkit.hardware import plots as _plots
from stemkit.hardware.board import Board
from stemkit.hardware.recording import Recording
from stemkit.i18n import _, format_number
from stemkit.ui.explorer import Explorer

__all__ = ["BoardExplorer"]


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

    ``result`` is the :class:`~stemkit.hardware.recording.Recording` being filled.
    """

    def __init__(self, board: Board, *, seconds: float | None = None, columns: Sequence[str] | None = None,
                 prediction: Mapping[str, tuple[ArrayLike, ArrayLike]] | None = None, refresh: float = 0.5,
                 start: bool = True):
        super().__init__(title=_("Live from {board}").format(board=board.describe()), figsize=(6.4, 3.4))
        self.board = board
        self.columns = list(columns) if columns else None
        self.prediction = prediction
        self.refresh_seconds = float(refresh)
        self.stop_button = widgets.Button(description=_("Stop"), icon="stop", button_style="danger")
        self.stop_button.on_click(lambda _button: self.stop())
        self._draw_lock = threading.Lock()
        self._artists: dict | None = None
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
        stopped = threading.Event()
        while self.board.reading:
            if stopped.wait(self.refresh_seconds):
                break
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
        """The explorer as one box: the stop button above the plot."""
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
        if self._artists is None and rec.columns:
            self.axes.clear()
            self._artists = _plots.draw_recording(self.axes, rec, columns=self.columns, prediction=self.prediction)
        if self._artists is not None:
            _plots.update_recording(self._artists, rec)
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
