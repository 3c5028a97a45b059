"""Drawing helpers of the electronics room (matplotlib).

``draw_x(ax, ...)`` draws on the given axes and returns the artists it made;
``update_x(artists, ...)`` changes their data. Nothing here calls ``plt.show()``
or changes global rcParams.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from stemkit.i18n import _
from stemkit.units import format_si

# == Components: Ohm's law, resistors, dividers, LEDs, sensors ===================


def draw_ohms_law(ax: Axes, *, voltage: float, resistance: float, voltage_max: float = 12.0,
                  current_max: float = 0.1) -> dict:
    """Draw a resistor's I–V line, its operating point and the power rectangle.

    The line is :math:`I = V / R` for this resistor; the shaded rectangle from the
    origin to the operating point has area :math:`V \\cdot I`, the power.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on.
    voltage : float
        Voltage across the resistor [V].
    resistance : float
        Resistance [Ω].
    voltage_max, current_max : float
        Axis limits [V], [A]. Currents are plotted in mA.

    Returns
    -------
    dict
        Artists: ``line``, ``point``, ``power``, ``label``.
    """
    ax.set_xlim(0, voltage_max)
    ax.set_ylim(0, current_max * 1e3)
    ax.set_xlabel(_("voltage across the resistor V [V]"))
    ax.set_ylabel(_("current I [mA]"))
    ax.grid(True, alpha=0.3)
    power = Rectangle((0, 0), 0, 0, facecolor="#f4a261", alpha=0.35, edgecolor="none",
                      label=_("area = V × I = power"))
    ax.add_patch(power)
    (line,) = ax.plot([], [], color="#1d3557", lw=2, label=_("I = V / R"))
    (point,) = ax.plot([], [], "o", color="#e63946", ms=8)
    label = ax.text(0, 0, "", fontsize=9, ha="left", va="bottom", clip_on=True)
    ax.legend(loc="upper left", fontsize=8)
    artists = {"line": line, "point": point, "power": power, "label": label,
               "voltage_max": voltage_max}
    update_ohms_law(artists, voltage=voltage, resistance=resistance)
    return artists


def update_ohms_law(artists: dict, *, voltage: float, resistance: float) -> None:
    """Move the line, point and power rectangle of :func:`draw_ohms_law`."""
    v_line = np.array([0.0, artists["voltage_max"]])
    artists["line"].set_data(v_line, v_line / resistance * 1e3)
    current_ma = voltage / resistance * 1e3
    artists["point"].set_data([voltage], [current_ma])
    artists["power"].set_width(voltage)
    artists["power"].set_height(current_ma)
    artists["label"].set_position((voltage, current_ma))
    artists["label"].set_text(" " + format_si(voltage / resistance, "A"))



def draw_led_circuit(ax: Axes, *, supply_voltage: float, resistance: float,
                     led_label: str | None = None) -> list:
    """Draw the schematic of a supply, a current-limiting resistor and an LED.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on (its frame is turned off).
    supply_voltage : float
        Supply voltage [V], written beside the battery.
    resistance : float
        Resistance [Ω], written beside the resistor.
    led_label : str, optional
        Text beside the LED (default "LED").

    Returns
    -------
    list
        The matplotlib artists schemdraw added.
    """
    import schemdraw
    import schemdraw.elements as elm

    before = set(ax.get_children())
    drawing = schemdraw.Drawing(canvas=ax, show=False)
    drawing += elm.BatteryCell().up().label(format_si(supply_voltage, "V"), loc="top")
    drawing += elm.Resistor().right().label(format_si(resistance, "Ω"))
    drawing += elm.LED().down().label(led_label or _("LED"), loc="bottom", ofst=0.35)
    drawing += elm.Line().left()
    drawing.draw(show=False)
    left, right = ax.get_xlim()
    ax.set_xlim(left - 1.0, right + 2.0)  # room for the labels beside the parts
    ax.set_aspect("equal")
    ax.axis("off")
    return [a for a in ax.get_children() if a not in before]

# -- end of the components section (the circuit section follows) --
