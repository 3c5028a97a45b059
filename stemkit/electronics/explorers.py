"""Interactive explorers of the electronics room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations

from stemkit.electronics import ohm
from stemkit.electronics import plots as _plots
from stemkit.i18n import _
from stemkit.ui import Explorer
from stemkit.units import format_si

# == Components: Ohm's law, resistors, dividers, LEDs ============================

_RATING_NAMES = {0.125: "1/8 W", 0.25: "1/4 W", 0.5: "1/2 W", 1.0: "1 W", 2.0: "2 W", 5.0: "5 W"}


def _rating_text(power: float) -> str:
    """The resistor rating a maker asks for (\"1/4 W\"), or why there is none."""
    if power * 2 > ohm.POWER_RATINGS[-1]:
        return _("more than 5 W: too hot for a small resistor")
    return _RATING_NAMES[ohm.required_power_rating(power=power)]


class OhmsLawExplorer(Explorer):
    """Move the voltage and the resistance; watch the current and the power.

    The plot shows the resistor's I–V line (steeper for a smaller resistance), the
    operating point and a shaded rectangle whose area is the power V·I.

    Parameters
    ----------
    voltage : float
        Starting voltage [V] (0–12 V).
    resistance : float
        Starting resistance [Ω] (10 Ω–100 kΩ).

    Examples
    --------
    >>> ex = OhmsLawExplorer(voltage=5, resistance=250)
    >>> round(ex.result.current, 6)
    0.02
    """

    def __init__(self, *, voltage: float = 5.0, resistance: float = 330.0):
        super().__init__(title=_("Ohm's law: V = I × R"), figsize=(6.4, 3.6))
        self.add_slider("voltage", min=0.0, max=12.0, value=voltage, step=0.1,
                        description=_("voltage V [V]"))
        self.add_slider("resistance", min=10.0, max=100_000.0, value=resistance, log=True,
                        step=0.01, description=_("resistance R [Ω]"), readout_format=".3g")
        self.artists = _plots.draw_ohms_law(self.axes, voltage=voltage, resistance=resistance)
        self.refresh()

    def update(self) -> None:
        v = float(self.value("voltage"))
        r = float(self.value("resistance"))
        self.result = ohm.solve(voltage=v, resistance=r)
        _plots.update_ohms_law(self.artists, voltage=v, resistance=r)
        p = self.result.power
        self.show_values({
            _("voltage V"): format_si(v, "V"),
            _("resistance R"): format_si(r, "Ω"),
            _("current I = V / R"): format_si(self.result.current, "A"),
            _("power P = V × I"): format_si(p, "W"),
            _("resistor rating needed"): _rating_text(p),
        })

# -- end of the components section (the circuit section follows) --
