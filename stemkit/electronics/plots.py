"""Drawing helpers of the electronics room (matplotlib).

``draw_x(ax, ...)`` draws on the given axes and returns the artists it made;
``update_x(artists, ...)`` changes their data. Nothing here calls ``plt.show()``
or changes global rcParams.
"""

from __future__ import annotations

from typing import Any

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



def _battery_cell(elm: Any, *, up: bool) -> Any:
    """A schemdraw battery cell whose long (+) plate is at its *end*.

    schemdraw draws the long plate at the start of a ``BatteryCell``; a cell drawn
    upwards from ground would then put + on the ground side. Reversed, the cell is
    drawn from its − terminal to its + terminal, the direction the lessons read it.

    Parameters
    ----------
    elm : module
        ``schemdraw.elements``.
    up : bool
        Draw upwards (from − at the bottom to + at the top); False draws it to the right.
    """
    cell = elm.BatteryCell().reverse()
    return cell.up() if up else cell.right()


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
    drawing += _battery_cell(elm, up=True).label(format_si(supply_voltage, "V"), loc="top")
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
    for k, (rect, label) in enumerate(zip(artists["bands"], artists["labels"], strict=True)):
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


_LED_LINE_COLOURS = {"red": "#d62828", "green": "#2a9d3f", "blue": "#1d4ed8", "white": "#6c757d"}


def draw_led_load_line(ax: Axes, *, voltage_max: float = 5.0, current_max: float = 0.03) -> dict:
    """Axes for an LED's I–V curve, a resistor's load line and where they cross.

    Returns
    -------
    dict
        Artists: ``led`` (the LED curve), ``load`` (the load line
        :math:`I = (V_{supply} - V)/R`), ``point`` (the operating point), ``target``
        (the wanted current, a horizontal line).
    """
    ax.set_xlim(0, voltage_max)
    ax.set_ylim(0, current_max * 1e3)
    ax.set_xlabel(_("voltage across the LED [V]"))
    ax.set_ylabel(_("current [mA]"))
    ax.grid(True, alpha=0.3)
    (led,) = ax.plot([], [], lw=2.5, label=_("LED (Shockley model)"))
    (load,) = ax.plot([], [], color="#1d3557", lw=1.5, ls="--", label=_("resistor: I = (V_supply - V) / R"))
    target = ax.axhline(0, color="#888888", lw=1, ls=":", label=_("wanted current"))
    (point,) = ax.plot([], [], "o", color="black", ms=7, zorder=5, label=_("where it settles"))
    ax.legend(loc="upper right", fontsize=8)
    return {"led": led, "load": load, "point": point, "target": target}


def update_led_load_line(artists: dict, *, led_voltages, led_currents, colour: str, supply_voltage: float,
                         resistance: float, current: float, led_voltage: float, target_current: float) -> None:
    """Set the curves and the operating point of :func:`draw_led_load_line` (currents in A)."""
    artists["led"].set_data(led_voltages, np.asarray(led_currents) * 1e3)
    artists["led"].set_color(_LED_LINE_COLOURS.get(colour, "#444444"))
    ax = artists["led"].axes
    ax.set_xlim(0, max(supply_voltage, 0.5) * 1.02)
    v = np.array([0.0, supply_voltage])
    artists["load"].set_data(v, (supply_voltage - v) / resistance * 1e3)
    artists["point"].set_data([led_voltage], [current * 1e3])
    artists["target"].set_ydata([target_current * 1e3, target_current * 1e3])


def draw_sensor_divider(ax: Axes, *, supply_voltage: float = 5.0) -> dict:
    """Output voltage of a sensor divider against the measured quantity, with the ADC's view.

    Returns
    -------
    dict
        Artists: ``curve`` (volts against temperature or light), ``point`` and ``label``.
        The right-hand axis (``counts_axis``) shows the same scale in ADC counts.
    """
    ax.set_ylim(0, supply_voltage)
    ax.set_ylabel(_("output voltage [V]"))
    ax.grid(True, alpha=0.3)
    (curve,) = ax.plot([], [], color="#1d3557", lw=2)
    (point,) = ax.plot([], [], "o", color="#e63946", ms=8, zorder=5)
    label = ax.text(0, 0, "", fontsize=9, ha="left", va="bottom")
    counts_axis = ax.twinx()
    counts_axis.set_ylim(0, 1024)
    counts_axis.set_ylabel(_("ADC counts (10 bit)"))
    return {"curve": curve, "point": point, "label": label, "counts_axis": counts_axis}


def update_sensor_divider(artists: dict, *, x, volts, x_now: float, volts_now: float, counts_now: int,
                          xlabel: str, log_x: bool) -> None:
    """Set the curve and the working point of :func:`draw_sensor_divider`."""
    ax = artists["curve"].axes
    artists["curve"].set_data(x, volts)
    artists["point"].set_data([x_now], [volts_now])
    artists["label"].set_position((x_now, volts_now))
    artists["label"].set_text(f"  {format_si(volts_now, 'V')} → {counts_now}")
    if ax.get_xscale() != ("log" if log_x else "linear"):
        ax.set_xscale("log" if log_x else "linear")
    ax.set_xlim(float(np.min(x)), float(np.max(x)))
    ax.set_xlabel(xlabel)


def draw_divider_circuit(ax: Axes, *, supply_voltage: float, top_label: str, bottom_label: str,
                         load_label: str | None = None, output_label: str = "V_out",
                         bottom_is_sensor: bool = False) -> list:
    """Draw a voltage divider: a supply, a top and a bottom part, the output tap, an optional load.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on (its frame is turned off).
    supply_voltage : float
        Supply [V], written beside the battery.
    top_label, bottom_label : str
        Text beside the two parts ("R1 10 kΩ", "NTC 10k").
    load_label : str, optional
        Text beside a load resistor from the output to ground; None draws no load.
    output_label : str
        Text at the output tap ("V_out", "A0").
    bottom_is_sensor : bool
        Draw the bottom part as a variable resistor (a sensor).

    Returns
    -------
    list
        The matplotlib artists schemdraw added.
    """
    import schemdraw
    import schemdraw.elements as elm

    before = set(ax.get_children())
    d = schemdraw.Drawing(canvas=ax, show=False)
    battery = _battery_cell(elm, up=True).label(format_si(supply_voltage, "V"), loc="top")
    d += battery
    d += elm.Line().up(d.unit * 0.5)
    d += elm.Line().right(d.unit * 1.5)
    d += elm.Resistor().down().label(top_label, loc="top")
    tap = elm.Dot()
    d += tap
    if load_label is None:
        d.push()
        d += elm.Line().right(d.unit * 0.8)
        d += elm.Dot(open=True).label(output_label, loc="right")
        d.pop()
    bottom = elm.ResistorVar() if bottom_is_sensor else elm.Resistor()
    d += bottom.down().label(bottom_label, loc="top")
    corner = elm.Line().left(d.unit * 1.5)
    d += corner
    d += elm.Line().toy(battery.start)
    d += elm.Ground().at(corner.end)
    if load_label is not None:
        d.push()
        d += elm.Line().at(tap.center).right(d.unit * 2.4).label(output_label)
        d += elm.Resistor().down().label(load_label, loc="bottom")
        d += elm.Line().left(d.unit * 2.4)
        d.pop()
    d.draw(show=False)
    left, right = ax.get_xlim()
    ax.set_xlim(left - 1.0, right + 1.0)
    ax.set_aspect("equal")
    ax.axis("off")
    return [a for a in ax.get_children() if a not in before]

# -- end of the components section (the circuit section follows) --


# == Circuits: RC timing, low-pass filters, PWM =================================

_TIME_UNITS = ((1e-6, "µs"), (1e-3, "ms"), (1.0, "s"))


def time_scale(span: float) -> tuple[float, str]:
    """A unit to show times up to ``span`` seconds: (seconds per unit, unit symbol).

    >>> time_scale(0.005)
    (0.001, 'ms')
    """
    for scale, unit in _TIME_UNITS:
        if span < 1000 * scale:
            return scale, unit
    return 1.0, "s"


def draw_rc_curve(ax: Axes) -> dict:
    """Draw an empty capacitor-voltage plot: the curve, the supply, τ and a threshold.

    Returns
    -------
    dict
        Artists ``curve``, ``supply``, ``tau_line``, ``tau_point``, ``threshold``,
        ``crossing``, ``tau_text``; fill them with :func:`update_rc_curve`.
    """
    ax.set_ylabel(_("capacitor voltage [V]"))
    ax.grid(True, alpha=0.3)
    (curve,) = ax.plot([], [], color="#1d3557", lw=2, label=_("capacitor voltage"))
    supply = ax.axhline(0.0, color="#457b9d", ls="--", lw=1, label=_("supply"))
    tau_line = ax.axvline(0.0, color="#e76f51", ls=":", lw=1.5, label="τ = R·C")
    (tau_point,) = ax.plot([], [], "o", color="#e76f51", ms=7)
    threshold = ax.axhline(0.0, color="#2a9d8f", ls="-.", lw=1, label=_("threshold"))
    (crossing,) = ax.plot([], [], "s", color="#2a9d8f", ms=7)
    tau_text = ax.text(0, 0, "", fontsize=9, color="#e76f51", ha="left", va="top")
    ax.legend(loc="center right", fontsize=8)
    return {"curve": curve, "supply": supply, "tau_line": tau_line, "tau_point": tau_point,
            "threshold": threshold, "crossing": crossing, "tau_text": tau_text, "ax": ax}


def update_rc_curve(artists: dict, *, time, voltage, time_constant: float, voltage_at_tau: float,
                    supply_voltage: float, threshold: float, crossing_time: float | None) -> None:
    """Put a charge or discharge curve (``time`` [s], ``voltage`` [V]) into :func:`draw_rc_curve`'s artists."""
    scale, unit = time_scale(float(np.max(time)))
    t = np.asarray(time) / scale
    artists["curve"].set_data(t, voltage)
    artists["supply"].set_ydata([supply_voltage, supply_voltage])
    artists["tau_line"].set_xdata([time_constant / scale] * 2)
    artists["tau_point"].set_data([time_constant / scale], [voltage_at_tau])
    artists["threshold"].set_ydata([threshold, threshold])
    if crossing_time is None:
        artists["crossing"].set_data([], [])
    else:
        artists["crossing"].set_data([crossing_time / scale], [threshold])
    artists["tau_text"].set_position((time_constant / scale, voltage_at_tau))
    artists["tau_text"].set_text(" τ = " + format_si(time_constant, "s"))
    ax = artists["ax"]
    ax.set_xlim(0, t[-1])
    top = max(supply_voltage, float(np.max(voltage)), threshold, 0.1)
    ax.set_ylim(-0.05 * top, 1.1 * top)
    ax.set_xlabel(_("time [{unit}]").format(unit=unit))


def draw_bode(ax_magnitude: Axes, ax_phase: Axes) -> dict:
    """Draw empty Bode axes (gain in dB and phase in degrees against a log frequency axis).

    Returns
    -------
    dict
        Artists ``magnitude``, ``phase``, ``cutoff_mag``, ``cutoff_phase``, ``point_mag``,
        ``point_phase``; fill them with :func:`update_bode`.
    """
    ax_magnitude.set_xscale("log")
    ax_phase.set_xscale("log")
    ax_magnitude.set_ylabel(_("gain [dB]"))
    ax_phase.set_ylabel(_("phase [°]"))
    ax_phase.set_xlabel(_("frequency [Hz]"))
    for ax in (ax_magnitude, ax_phase):
        ax.grid(True, which="both", alpha=0.3)
    (magnitude,) = ax_magnitude.plot([], [], color="#1d3557", lw=2)
    (phase,) = ax_phase.plot([], [], color="#1d3557", lw=2)
    cutoff_mag = ax_magnitude.axvline(1.0, color="#e76f51", ls=":", lw=1.5, label=_("cutoff f_c"))
    cutoff_phase = ax_phase.axvline(1.0, color="#e76f51", ls=":", lw=1.5)
    (point_mag,) = ax_magnitude.plot([], [], "o", color="#2a9d8f", ms=7, label=_("your signal"))
    (point_phase,) = ax_phase.plot([], [], "o", color="#2a9d8f", ms=7)
    ax_magnitude.axhline(-3.0103, color="#999999", lw=0.8, ls="--")
    ax_phase.set_ylim(-95, 5)
    ax_phase.set_yticks([-90, -45, 0])
    ax_magnitude.legend(loc="lower left", fontsize=8)
    return {"magnitude": magnitude, "phase": phase, "cutoff_mag": cutoff_mag, "cutoff_phase": cutoff_phase,
            "point_mag": point_mag, "point_phase": point_phase, "ax_magnitude": ax_magnitude, "ax_phase": ax_phase}


def update_bode(artists: dict, *, frequency, magnitude_db, phase_deg, cutoff_frequency: float | None = None,
                point: tuple[float, float, float] | None = None) -> None:
    """Fill :func:`draw_bode`'s artists: curves [Hz, dB, °], the cutoff line and a (f, dB, °) point."""
    f = np.asarray(frequency)
    artists["magnitude"].set_data(f, magnitude_db)
    artists["phase"].set_data(f, phase_deg)
    for key in ("cutoff_mag", "cutoff_phase"):
        artists[key].set_visible(cutoff_frequency is not None)
        if cutoff_frequency is not None:
            artists[key].set_xdata([cutoff_frequency, cutoff_frequency])
    if point is None:
        artists["point_mag"].set_data([], [])
        artists["point_phase"].set_data([], [])
    else:
        artists["point_mag"].set_data([point[0]], [point[1]])
        artists["point_phase"].set_data([point[0]], [point[2]])
    for ax in (artists["ax_magnitude"], artists["ax_phase"]):
        ax.set_xlim(f[0], f[-1])
    low = float(np.min(magnitude_db))
    artists["ax_magnitude"].set_ylim(min(low, -10.0) - 3, 3)


def draw_pwm(ax_steady: Axes, ax_start: Axes) -> dict:
    """Draw empty PWM axes: a few steady-state periods (input and filtered output) and the start-up.

    Returns
    -------
    dict
        Artists ``wave``, ``output``, ``average``, ``startup``, ``startup_average``;
        fill them with :func:`update_pwm`.
    """
    ax_steady.set_ylabel(_("voltage [V]"))
    ax_start.set_ylabel(_("voltage [V]"))
    for ax in (ax_steady, ax_start):
        ax.grid(True, alpha=0.3)
    (wave,) = ax_steady.plot([], [], color="#adb5bd", lw=1.5, label=_("PWM pin"))
    (output,) = ax_steady.plot([], [], color="#1d3557", lw=2, label=_("after the RC filter"))
    average = ax_steady.axhline(0.0, color="#e76f51", ls="--", lw=1, label=_("average D·V"))
    (startup,) = ax_start.plot([], [], color="#1d3557", lw=1.2, label=_("filter output from switch-on"))
    startup_average = ax_start.axhline(0.0, color="#e76f51", ls="--", lw=1)
    ax_steady.legend(loc="upper right", fontsize=8)
    ax_start.legend(loc="lower right", fontsize=8)
    return {"wave": wave, "output": output, "average": average, "startup": startup,
            "startup_average": startup_average, "ax_steady": ax_steady, "ax_start": ax_start}


def update_pwm(artists: dict, *, time, wave, output, average: float, startup_time, startup_output,
               high_voltage: float) -> None:
    """Fill :func:`draw_pwm`'s artists (times [s], voltages [V])."""
    scale, unit = time_scale(float(np.max(time)))
    t = np.asarray(time) / scale
    artists["wave"].set_data(t, wave)
    artists["output"].set_data(t, output)
    artists["average"].set_ydata([average, average])
    ax = artists["ax_steady"]
    ax.set_xlim(t[0], t[-1])
    ax.set_ylim(-0.05 * high_voltage - 0.05, 1.15 * high_voltage + 0.05)
    ax.set_xlabel(_("time [{unit}] (steady state)").format(unit=unit))
    scale2, unit2 = time_scale(float(np.max(startup_time)))
    t2 = np.asarray(startup_time) / scale2
    artists["startup"].set_data(t2, startup_output)
    artists["startup_average"].set_ydata([average, average])
    ax2 = artists["ax_start"]
    ax2.set_xlim(0, t2[-1])
    ax2.set_ylim(-0.05 * high_voltage - 0.05, 1.15 * high_voltage + 0.05)
    ax2.set_xlabel(_("time since switch-on [{unit}]").format(unit=unit2))


def draw_transient(ax: Axes, result, nodes, *, labels=None) -> list:
    """Plot node voltages of a :class:`~stemkit.electronics.mna.TransientResult` against time.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    result : TransientResult
    nodes : list of str
        Node names to plot.
    labels : list of str, optional
        Legend labels (default ``v(node)``).

    Returns
    -------
    list of Line2D
    """
    scale, unit = time_scale(float(result.time[-1]))
    lines = []
    for k, node in enumerate(nodes):
        label = labels[k] if labels else f"v({node})"
        (line,) = ax.plot(result.time / scale, result.voltage(node), lw=1.8, label=label)
        lines.append(line)
    ax.set_xlabel(_("time [{unit}]").format(unit=unit))
    ax.set_ylabel(_("voltage [V]"))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return lines
