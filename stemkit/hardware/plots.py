"""Drawing helpers of the hardware room (matplotlib): a recording as lines over time.

``draw_recording(ax, recording)`` draws each column against the time and returns the
artists; ``update_recording(artists, recording)`` gives them the newest data (for a
live plot). A lesson's prediction can be drawn beside it with ``prediction=``.
Nothing here calls ``plt.show()`` or changes global rcParams.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from stemkit.hardware.recording import Recording, guess_unit
from stemkit.i18n import _

__all__ = ["draw_recording", "update_recording", "data_columns", "time_axis"]


def data_columns(recording: Recording) -> list[str]:
    """The columns worth plotting: all but the sketch's own clock (``t_ms``)."""
    return [c for c in recording.columns if c != "t_ms"]


def time_axis(recording: Recording) -> np.ndarray:
    """The time of each line [s]: the sketch's ``t_ms`` when it prints one, else the computer's clock."""
    if "t_ms" in recording.columns and len(recording):
        return recording["t_ms"] / 1000.0
    return recording.time


def draw_recording(ax: Axes, recording: Recording, *, columns: Sequence[str] | None = None,
                   prediction: Mapping[str, tuple[ArrayLike, ArrayLike]] | None = None) -> dict:
    """Draw ``columns`` of ``recording`` (default: every data column) against time [s].

    Parameters
    ----------
    ax : matplotlib Axes
    recording : Recording
    columns : sequence of str, optional
    prediction : mapping, optional
        ``{label: (time [s], values)}`` drawn as dashed lines, for comparing with a lesson's model.

    Returns
    -------
    dict
        ``{"lines": {column: Line2D}, "prediction": {label: Line2D}}``.
    """
    names = list(columns) if columns is not None else data_columns(recording)
    x = time_axis(recording)
    lines = {}
    for name in names:
        unit = guess_unit(name)
        label = f"{name} [{unit}]" if unit else name
        (line,) = ax.plot(x, recording[name] if len(recording) else [], marker=".", markersize=3, lw=1, label=label)
        lines[name] = line
    predicted = {}
    for label, (t, v) in (prediction or {}).items():
        (line,) = ax.plot(np.asarray(t, dtype=float), np.asarray(v, dtype=float), "--", lw=1.5, color="0.3",
                          label=label)
        predicted[label] = line
    ax.set_xlabel(_("time [s]"))
    ax.grid(alpha=0.3)
    if lines or predicted:
        ax.legend(loc="best", fontsize=8)
    return {"lines": lines, "prediction": predicted}


def update_recording(artists: dict, recording: Recording) -> None:
    """Give the lines of :func:`draw_recording` the recording's newest data and rescale the axes."""
    x = time_axis(recording)
    ax = None
    for name, line in artists["lines"].items():
        line.set_data(x, recording[name] if len(recording) else [])
        ax = line.axes
    if ax is not None:
        ax.relim()
        ax.autoscale_view()
