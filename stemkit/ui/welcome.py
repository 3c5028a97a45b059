"""The welcome lesson's first explorer: a blinking LED you control with sliders."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from stemkit.i18n import _, format_number
from stemkit.ui.explorer import Explorer
from stemkit.ui.figure import PALETTE

__all__ = ["blink_signal", "BlinkExplorer"]


def blink_signal(*, times: NDArray[np.float64], frequency: float, duty: float) -> NDArray[np.float64]:
    """LED state (1 = on, 0 = off) of a blinking LED at the given times.

    Parameters
    ----------
    times : array of float
        Times [s].
    frequency : float
        Blinks per second [Hz], > 0.
    duty : float
        Fraction of each blink the LED is on, 0 to 1.

    Notes
    -----
    The LED is on while ``(t · f) mod 1 < duty``.

    Examples
    --------
    >>> blink_signal(times=np.array([0.0, 0.3, 0.6]), frequency=1.0, duty=0.5)
    array([1., 1., 0.])
    """
    if not frequency > 0:
        raise ValueError(_("frequency must be > 0 Hz, got {value}").format(value=frequency))
    if not 0 <= duty <= 1:
        raise ValueError(_("duty must be between 0 and 1, got {value}").format(value=duty))
    phase = np.mod(np.asarray(times, dtype=float) * frequency, 1.0)
    return (phase < duty).astype(float)


class BlinkExplorer(Explorer):
    """Move the sliders: how fast does the LED blink, and how long is it on?"""

    def __init__(self, *, frequency: float = 2.0, duty: float = 0.5, seconds: float = 3.0):
        super().__init__(title=_("Blinking LED"))
        self.times = np.linspace(0, seconds, 1201)
        self.add_slider("frequency", min=0.5, max=10, value=frequency, step=0.5, unit="Hz",
                        description=_("blinks per second (Hz)"))
        self.add_slider("duty", min=0.0, max=1.0, value=duty, step=0.05, description=_("fraction of time on"),
                        digits=2)
        self.plot = self.add_plot(xlabel=_("time (s)"), ylabel=_("LED: 1 = on, 0 = off"), ylim=(-0.1, 1.2),
                                  xlim=(0, seconds), height=220)
        self.line = self.plot.line(self.times, np.zeros_like(self.times), colour=PALETTE["vermillion"], steps=True)
        self.plot.yaxis.tick_values = np.array([0.0, 1.0])
        self.refresh()

    def update(self) -> None:
        f, duty = self.value("frequency"), self.value("duty")
        state = blink_signal(times=self.times, frequency=f, duty=duty)
        self.plot.update(self.line, y=state)
        self.result = {"frequency": f, "duty": duty, "blinks_per_minute": 60 * f,
                       "on_time": duty / f, "period": 1 / f}
        self.show_values({
            _("blinks per minute"): format_number(60 * f),
            _("one blink lasts"): f"{format_number(1 / f)} s",
            _("LED on for"): f"{format_number(duty / f)} s",
        })
