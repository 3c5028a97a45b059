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


#: How each IEC 60062 band colour is painted.
BAND_COLOURS: dict[str, str] = {
    "black": "#111111", "brown": "#7b3f00", "red": "#d62828", "orange": "#f77f00",
    "yellow": "#fcbf49", "green": "#2a9d3f", "blue": "#1d4ed8", "violet": "#7b2cbf",
    "grey": "#8d8d8d", "white": "#ffffff", "gold": "#c9a227", "silver": "#c0c0c0",
    "pink": "#ff8fab",
}
_BODY_COLOUR = "#e9d8a6"


def _band_positions(count: int) -> list[float]:
    # digits and multiplier close together from the left, tolerance (and TCR) apart on the right
    if count == 3:
        return [2.6, 3.5, 4.4]
    if count == 4:
        return [2.6, 3.5, 4.4, 6.6]
    if count == 5:
        return [2.4, 3.2, 4.0, 4.8, 6.6]
    return [2.4, 3.2, 4.0, 4.8, 6.2, 7.0]


def draw_resistor_bands(ax: Axes, bands) -> dict:
    """Draw a through-hole resistor with its colour bands (first band on the left).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on (its frame is turned off).
    bands : sequence of str
        3 to 6 colour names.

    Returns
    -------
    dict
        Artists: ``body``, ``leads``, ``bands`` (six rectangles; unused ones hidden), ``labels``.
    """
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 3)
    ax.set_aspect("equal")
    ax.axis("off")
    (leads,) = ax.plot([0.2, 9.8], [1.5, 1.5], color="#9e9e9e", lw=3, solid_capstyle="round", zorder=1)
    from matplotlib.patches import FancyBboxPatch

    body = FancyBboxPatch((1.8, 0.8), 6.4, 1.4, boxstyle="round,pad=0.02,rounding_size=0.5",
                          facecolor=_BODY_COLOUR, edgecolor="#6b5e3c", lw=1.2, zorder=2)
    ax.add_patch(body)
    rects, labels = [], []
    for _k in range(6):
        rect = Rectangle((0, 0.8), 0.5, 1.4, edgecolor="#444444", lw=0.5, zorder=3)
        ax.add_patch(rect)
        rects.append(rect)
        labels.append(ax.text(0, 0.35, "", ha="center", va="top", fontsize=8, zorder=3))
    artists = {"body": body, "leads": leads, "bands": rects, "labels": labels}
    update_resistor_bands(artists, bands)
    return artists


def update_resistor_bands(artists: dict, bands) -> None:
    """Repaint the bands of :func:`draw_resistor_bands`."""
    bands = list(bands)
    positions = _band_positions(len(bands))
    for k, (rect, label) in enumerate(zip(artists["bands"], artists["labels"])):
        if k < len(bands):
            rect.set_x(positions[k] - 0.25)
            rect.set_facecolor(BAND_COLOURS.get(bands[k], "#ffffff"))
            rect.set_visible(True)
            label.set_position((positions[k], 0.7))
            label.set_text(bands[k])
            label.set_rotation(45 if len(bands) > 4 else 0)
            label.set_visible(True)
        else:
            rect.set_visible(False)
            label.set_visible(False)


def draw_divider(ax: Axes, *, supply_voltage: float = 5.0) -> dict:
    """Output of a divider (or potentiometer) against the share of resistance at the bottom.

    The x axis is :math:`x = R_2 / (R_1 + R_2)` (a pot's wiper position). Without a
    load the output is the straight line :math:`x V_{in}`; a load makes it sag.

    Returns
    -------
    dict
        Artists: ``unloaded``, ``loaded``, ``point``, ``supply``.
    """
    ax.set_xlim(0, 1)
    ax.set_xlabel(_("share of the resistance below the output, R2 / (R1 + R2)"))
    ax.set_ylabel(_("output voltage [V]"))
    ax.grid(True, alpha=0.3)
    supply = ax.axhline(supply_voltage, color="#888888", ls=":", lw=1, label=_("supply"))
    (unloaded,) = ax.plot([], [], color="#1d3557", lw=2, label=_("no load"))
    (loaded,) = ax.plot([], [], color="#e76f51", lw=2, ls="--", label=_("with the load"))
    (point,) = ax.plot([], [], "o", color="#e63946", ms=8, zorder=5)
    ax.legend(loc="upper left", fontsize=8)
    return {"unloaded": unloaded, "loaded": loaded, "point": point, "supply": supply}


def update_divider(artists: dict, *, positions, unloaded, loaded, position: float, output_voltage: float,
                   supply_voltage: float) -> None:
    """Set the curves and the working point of :func:`draw_divider`."""
    artists["unloaded"].set_data(positions, unloaded)
    if loaded is None:
        artists["loaded"].set_data([], [])
    else:
        artists["loaded"].set_data(positions, loaded)
    artists["point"].set_data([position], [output_voltage])
    artists["supply"].set_ydata([supply_voltage, supply_voltage])
    artists["unloaded"].axes.set_ylim(0, max(supply_voltage, 0.1) * 1.1)

# -- end of the components section (the circuit section follows) --
