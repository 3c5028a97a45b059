"""Interactive explorers of the electronics room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations

import numpy as np

from stemkit.electronics import arduino, leds, networks, ohm, resistors, sensors
from stemkit.electronics.plots import BAND_COLOURS as _BAND_COLOURS
from stemkit.electronics.plots import time_scale as _time_scale
from stemkit.i18n import _
from stemkit.ui import PALETTE, Explorer
from stemkit.ui.figure import FINE_STEPS, nice_limit
from stemkit.units import format_si

_LED_LINE_COLOURS = {"red": "#D55E00", "green": "#009E73", "blue": "#0072B2", "white": "#7f7f7f"}

# == Components: Ohm's law, resistors, dividers, LEDs ============================

_RATING_NAMES = {0.125: "1/8 W", 0.25: "1/4 W", 0.5: "1/2 W", 1.0: "1 W", 2.0: "2 W", 5.0: "5 W"}


def _rating_text(power: float) -> str:
    """The resistor rating a maker asks for (\"1/4 W\"), or why there is none."""
    if power * 2 > ohm.POWER_RATINGS[-1]:
        return _("more than 5 W: too hot for a small resistor")
    rating = ohm.required_power_rating(power=power)
    return _RATING_NAMES.get(rating) or format_si(rating, "W")


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
        super().__init__(title=_("Ohm's law: V = I × R"))
        self.add_slider("voltage", min=0.0, max=12.0, value=voltage, step=0.1, unit="V", si=True,
                        description=_("voltage V [V]"), argument="voltage")
        self.add_slider("resistance", min=10.0, max=100_000.0, value=resistance, log=True,
                        step=0.01, description=_("resistance R [Ω]"), unit="Ω", si=True, argument="resistance")
        self._v_max = 12.0
        self.plot = self.add_plot(xlabel=_("voltage across the resistor V [V]"), ylabel=_("current I [mA]"),
                                  xlim=(0, self._v_max))
        # one mark for the power rectangle and the I-V line, one for the point and its current:
        # a move sends two messages for the figure
        shapes = self.plot.lines(fill=True)
        self._power = shapes.row(colour=PALETTE["orange"], fill_opacity=0.35, label=_("area = V × I = power"))
        self._line = shapes.row(colour=PALETTE["blue"], fill_opacity=0.0, label=_("I = V / R"))
        self._point = self.plot.dots(size=64, name_dx=2).row(colour=PALETTE["vermillion"])
        self.refresh()

    def update(self) -> None:
        v = float(self.value("voltage"))
        r = float(self.value("resistance"))
        self.result = ohm.solve(voltage=v, resistance=r)
        i_ma = v / r * 1e3
        line_top = self._v_max / r * 1e3
        plot = self.plot
        plot.update(self._line, x=[0, self._v_max], y=[0, line_top])
        plot.update(self._power, x=[0, v, v, 0], y=[0, 0, i_ma, i_ma])
        plot.update(self._point, x=[v], y=[i_ma], text=[format_si(v / r, "A")])
        # the y axis fits the data: its top moves in 1-2-5 steps, so the line's slope still shows R
        plot.ylim(0, nice_limit(1.15 * max(i_ma, 0.5 * line_top, 1e-3)))
        p = self.result.power
        self.show_values({
            _("voltage V"): format_si(v, "V"),
            _("resistance R"): format_si(r, "Ω"),
            _("current I = V / R"): format_si(self.result.current, "A"),
            _("power P = V × I"): format_si(p, "W"),
            _("resistor rating needed"): _rating_text(p),
        })


def _smallest_series(resistance: float) -> str:
    for name in resistors.E_SERIES:
        if resistors.in_series(resistance, series=name):
            return name
    return _("none (not a standard value)")


class ColourCodeExplorer(Explorer):
    """Pick band colours and read the value, or type a value and see its bands.

    Parameters
    ----------
    bands : sequence of str
        Starting colours (4 to 6 bands). Default yellow-violet-red-gold, 4.7 kΩ ±5 %.

    Examples
    --------
    >>> ex = ColourCodeExplorer()
    >>> ex.result.resistance
    4700.0
    >>> ex.set(value="5R6")
    >>> ex.result.bands
    ('green', 'blue', 'gold', 'gold')
    """

    _DIGIT_CHOICES = list(resistors.DIGITS)
    _MULTIPLIER_CHOICES = list(resistors.MULTIPLIERS)
    _TOLERANCE_CHOICES = list(resistors.TOLERANCES)
    _TCR_CHOICES = list(resistors.TEMPERATURE_COEFFICIENTS)

    def __init__(self, bands=("yellow", "violet", "red", "gold")):
        super().__init__(title=_("Resistor colour code (IEC 60062)"))
        bands = tuple(resistors.decode(bands).bands)
        if len(bands) == 3:
            raise ValueError(_("the explorer shows 4, 5 or 6 bands; add the tolerance band (a 3-band "
                               "resistor is ±20 %: use 4 bands with the same first three colours)"))
        self.add_dropdown("count", options=[4, 5, 6], value=len(bands), description=_("number of bands"))
        padded = list(bands) + ["brown"] * (6 - len(bands))
        choices = self._choices(len(bands))
        for k in range(6):
            opts = choices[k] if k < len(choices) else self._DIGIT_CHOICES
            value = padded[k] if padded[k] in opts else opts[0]
            self.add_dropdown(f"band{k + 1}", options=opts, value=value,
                              description=_("band {number}").format(number=k + 1))
        self.add_text("value", value="", description=_("or type a value (Enter)"))
        self._last_text = ""
        self._count = len(bands)
        self.plot = self.add_plot(xlim=(0, 10), ylim=(-0.4, 3), equal=True, xticks=False, yticks=False,
                                  height=200)
        self.plot.line([0.2, 9.8], [1.5, 1.5], colour="#9e9e9e", width=5)
        self.plot.fill([1.8, 8.2, 8.2, 1.8], [0.8, 0.8, 2.2, 2.2], colour="#e8d7a9", opacity=1.0, edge="#6b5e3c")
        self._bands = self.plot.fill(np.zeros((6, 4)), np.zeros((6, 4)), colour="#ffffff", opacity=1.0,
                                     edge="#444444")
        self._names = self.plot.text(np.zeros(6), np.full(6, 0.55), [""] * 6, align="middle", size=12)
        self.refresh()

    def _draw(self, bands) -> None:
        from stemkit.electronics.plots import _band_positions

        bands = list(bands)
        xs, ys = np.zeros((6, 4)), np.zeros((6, 4))
        positions = _band_positions(len(bands))
        fills = ["#ffffff"] * 6
        names = [""] * 6
        for k, colour in enumerate(bands):
            x = positions[k]
            xs[k] = [x - 0.25, x + 0.25, x + 0.25, x - 0.25]
            ys[k] = [0.8, 0.8, 2.2, 2.2]
            fills[k] = _BAND_COLOURS.get(colour, "#ffffff")
            names[k] = colour
        label_x = np.array([positions[k] if k < len(bands) else 0.0 for k in range(6)])
        # band names alternate below and above the body when they sit close together
        label_y = np.array([0.45 if (k % 2 == 0 or len(bands) <= 4) else 2.6 for k in range(6)])
        self.plot.update(self._bands, x=xs, y=ys, fill_colors=fills)
        self.plot.update(self._names, x=label_x, y=label_y, text=names)

    def _choices(self, count: int) -> list[list[str]]:
        digits = 2 if count <= 4 else 3
        out = [self._DIGIT_CHOICES] * digits + [self._MULTIPLIER_CHOICES, self._TOLERANCE_CHOICES]
        if count == 6:
            out.append(self._TCR_CHOICES)
        return out

    def _set_quietly(self, **values) -> None:
        building, self._building = self._building, True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._building = building

    def _set_bands(self, colours) -> None:
        colours = list(colours)
        choices = self._choices(len(colours))
        building, self._building = self._building, True
        try:
            self.controls["count"].value = len(colours)
            for k in range(6):
                control = self.controls[f"band{k + 1}"]
                if k < len(colours):
                    control.options = choices[k]
                    control.value = colours[k]
                    control.layout.display = None
                else:
                    control.layout.display = "none"
        finally:
            self._building = building
        self._count = len(colours)

    def update(self) -> None:
        count = int(self.value("count"))
        text = str(self.value("value")).strip()
        count_changed = count != self._count
        if text and (text != self._last_text or count_changed):
            self._last_text = text  # a bad value is reported once, not on every later change
            self._count = count
            self._set_bands(resistors.encode(text, bands=count))
        elif count_changed:
            # keep the value when the number of bands changes
            current = self.result.resistance if self.result is not None else 4700.0
            try:
                self._set_bands(resistors.encode(current, bands=count))
            except ValueError:  # three digits do not fit in four bands: round to E24
                self._set_bands(resistors.encode(resistors.nearest(current, series="E24"), bands=count))
        elif text:
            # a band was changed by hand: the typed value no longer describes the resistor
            self._set_quietly(value="")
            self._last_text = ""
        colours = [self.value(f"band{k + 1}") for k in range(count)]
        self.result = resistors.decode(colours)
        self._set_bands(self.result.bands)
        self._draw(self.result.bands)
        low, high = self.result.limits
        values = {
            _("bands"): " - ".join(self.result.bands),
            _("resistance"): format_si(self.result.resistance, "Ω"),
            _("tolerance"): "±" + format_si(self.result.tolerance * 100, "%"),
            _("real value between"): f"{format_si(low, 'Ω')} … {format_si(high, 'Ω')}",
            _("smallest E-series with this value"): _smallest_series(self.result.resistance),
        }
        if self.result.temperature_coefficient is not None:
            values[_("temperature coefficient")] = f"{self.result.temperature_coefficient * 1e6:g} ppm/K"
        self.show_values(values)


class DividerExplorer(Explorer):
    """A voltage divider or a potentiometer, with or without a load on its output.

    The plot puts both on one picture: the x axis is the share of resistance below
    the output (the wiper position of a pot). Without a load the output follows a
    straight line; a load pulls it down (dashed curve).

    Parameters
    ----------
    mode : {"divider", "potentiometer"}
        Two fixed resistors, or one pot with a wiper.
    supply_voltage : float
        Supply [V].
    top_resistance, bottom_resistance : float
        Divider resistors [Ω].
    total_resistance, position : float
        Pot track resistance [Ω] and wiper position (0.01–0.99).
    load_resistance : float or None
        Load on the output [Ω]; None for no load.

    Examples
    --------
    >>> ex = DividerExplorer(supply_voltage=9, top_resistance=2000, bottom_resistance=1000)
    >>> ex.result.output_voltage
    3.0
    """

    _N = 101

    def __init__(self, *, mode: str = "divider", supply_voltage: float = 5.0, top_resistance: float = 10e3,
                 bottom_resistance: float = 10e3, total_resistance: float = 10e3, position: float = 0.5,
                 load_resistance: float | None = None):
        super().__init__(title=_("Voltage divider and potentiometer"))
        self.add_dropdown("mode", options={_("two resistors"): "divider", _("potentiometer"): "potentiometer"},
                          value=mode, description=_("circuit"), argument="mode")
        self.add_slider("supply_voltage", min=0.0, max=12.0, value=supply_voltage, step=0.1,
                        description=_("supply V_in [V]"), unit="V", si=True, argument="supply_voltage")
        self.add_slider("top_resistance", min=100.0, max=1e6, value=top_resistance, log=True, step=0.01,
                        description=_("R1 (top) [Ω]"), unit="Ω", si=True, argument="top_resistance")
        self.add_slider("bottom_resistance", min=100.0, max=1e6, value=bottom_resistance, log=True, step=0.01,
                        description=_("R2 (bottom) [Ω]"), unit="Ω", si=True, argument="bottom_resistance")
        self.add_slider("total_resistance", min=100.0, max=1e6, value=total_resistance, log=True, step=0.01,
                        description=_("pot track R [Ω]"), unit="Ω", si=True, argument="total_resistance")
        self.add_slider("position", min=0.01, max=0.99, value=position, step=0.01,
                        description=_("wiper position"), digits=2, argument="position")
        self.add_toggle("load", value=load_resistance is not None, description=_("connect a load"))
        self.add_slider("load_resistance", min=100.0, max=1e6,
                        value=load_resistance if load_resistance is not None else 10e3, log=True, step=0.01,
                        description=_("load R_L [Ω]"), unit="Ω", si=True, argument="load_resistance")
        self._x = np.linspace(0.0, 1.0, self._N)
        self.plot = self.add_plot(xlabel=_("share of the resistance below the output, R2 / (R1 + R2)"),
                                  ylabel=_("output voltage [V]"), xlim=(0, 1))
        # everything is drawn in units of the supply (relative="y"), and the y axis follows the
        # supply: a supply move only moves the axis, the lines stay where they are on the screen
        self._supply = self.plot.lines(width=1, style=":", relative="y").row(colour=PALETTE["grey"],
                                                                             label=_("supply"))
        self._unloaded = self.plot.lines(relative="y").row(colour=PALETTE["blue"], label=_("no load"))
        self._loaded = self.plot.lines(style="--", relative="y").row(colour=PALETTE["orange"],
                                                                     label=_("with the load"))
        self._point = self.plot.dots(relative="y").row(colour=PALETTE["vermillion"])
        self.refresh()

    def update(self) -> None:
        mode = self.value("mode")
        v = float(self.value("supply_voltage"))
        pot = mode == "potentiometer"
        for name in ("top_resistance", "bottom_resistance"):
            self.controls[name].layout.display = "none" if pot else None
        for name in ("total_resistance", "position"):
            self.controls[name].layout.display = None if pot else "none"
        load = float(self.value("load_resistance")) if self.value("load") else None
        self.controls["load_resistance"].layout.display = None if load is not None else "none"
        if pot:
            total = float(self.value("total_resistance"))
            x = float(self.value("position"))
            r1, r2 = (1 - x) * total, x * total
        else:
            r1, r2 = float(self.value("top_resistance")), float(self.value("bottom_resistance"))
            total, x = r1 + r2, r2 / (r1 + r2)
        self.result = networks.divider(supply_voltage=v, top_resistance=r1, bottom_resistance=r2,
                                       load_resistance=load)
        unloaded = v * self._x
        loaded = None
        if load is not None:
            loaded = networks.potentiometer(supply_voltage=v, total_resistance=total, position=self._x,
                                            load_resistance=load)
        plot = self.plot
        plot.ylim(0, max(v, 0.1) * 1.1, per=max(v, 0.1))
        plot.update(self._unloaded, x=self._x, y=unloaded)
        # the legend lists "with the load" only while a load is drawn (a row with no data is left out)
        plot.update(self._loaded, x=self._x if loaded is not None else [], y=loaded if loaded is not None else [])
        plot.update(self._point, x=[x], y=[self.result.output_voltage])
        plot.update(self._supply, x=[0, 1], y=[v, v])
        values = {
            _("R1 (top), R2 (bottom)"): f"{format_si(r1, 'Ω')}, {format_si(r2, 'Ω')}",
            _("output voltage"): format_si(self.result.output_voltage, "V"),
            _("ratio V_out / V_in"): f"{self.result.output_voltage / v:.3f}" if v > 0 else "-",
            _("current in R1, R2, load"): ", ".join(format_si(i, "A") for i in (
                self.result.top_current, self.result.bottom_current, self.result.load_current)),
            _("output resistance R1 ∥ R2"): format_si(self.result.output_resistance, "Ω"),
        }
        if load is not None:
            values[_("drop caused by the load")] = format_si(v * x - self.result.output_voltage, "V")
        self.show_values(values)



class LEDResistorExplorer(Explorer):
    """Choose a supply, an LED and a current; get a real resistor and see where the LED settles.

    The plot shows the LED's I–V curve (Shockley model through its datasheet
    point) and the chosen resistor's load line :math:`I = (V_{supply} - V)/R`.
    They cross at the operating point: the current that really flows.

    Parameters
    ----------
    supply_voltage : float
        Supply [V] (3-12 V).
    colour : str
        "red", "green", "blue" or "white".
    current : float
        Wanted current [A] (1-25 mA).
    series : str
        E-series to pick the resistor from.

    Examples
    --------
    >>> ex = LEDResistorExplorer(supply_voltage=5, colour="red", current=0.015)
    >>> ex.result.resistance
    220.0
    """

    def __init__(self, *, supply_voltage: float = 5.0, colour: str = "red", current: float = 0.015,
                 series: str = "E12"):
        super().__init__(title=_("LED resistor picker"))
        self.add_slider("supply_voltage", min=3.0, max=12.0, value=supply_voltage, step=0.1,
                        description=_("supply [V]"), unit="V", si=True, argument="supply_voltage")
        self.add_dropdown("colour", options=list(leds.LEDS), value=colour, description=_("LED colour"),
                          argument="colour")
        if not isinstance(current, (int, float)) or isinstance(current, bool):
            current = str(current)  # the slider check names the control and what it allows
        else:
            current = current * 1e3
        self.add_slider("current_ma", min=1.0, max=25.0, value=current, step=0.5,
                        description=_("wanted current [mA]"), unit="A", si=True, factor=1e-3,
                        argument="current")
        self.add_dropdown("series", options=["E6", "E12", "E24", "E96"], value=series,
                          description=_("resistor series"), argument="series")
        self._currents = np.geomspace(1e-6, 0.05, 120)
        self._curves: dict[str, np.ndarray] = {}
        self.plot = self.add_plot(xlabel=_("voltage across the LED [V]"), ylabel=_("current [mA]"))
        # the LED's curve changes with the colour only; the two straight lines share one mark
        self._led = self.plot.line([], [], colour=_LED_LINE_COLOURS["red"], width=2.5, label=_("LED (Shockley model)"))
        guides = self.plot.lines(width=1.5, style="--")
        self._target = guides.row(colour=PALETTE["grey"], label=_("wanted current"))
        self._load = guides.row(colour=PALETTE["black"], label=_("resistor: I = (V_supply - V) / R"))
        self._point = self.plot.dots(size=64).row(colour=PALETTE["black"], label=_("where it settles"))
        self.operating = None
        self.refresh()

    def update(self) -> None:
        vs = float(self.value("supply_voltage"))
        colour = self.value("colour")
        target = float(self.value("current_ma")) / 1e3
        model = leds.get_led(colour)
        self.result = leds.led_resistor(supply_voltage=vs, led=model, current=target, series=self.value("series"))
        self.operating = leds.operating_point(supply_voltage=vs, resistance=self.result.resistance, led=model)
        plot = self.plot
        # the axes end in steps, so most moves leave them (and the wanted-current line) as they are
        x_top = nice_limit(max(vs, 0.5) * 1.02, FINE_STEPS)
        top = nice_limit(1.3 * max(target, self.operating.current) * 1e3)
        if colour not in self._curves:   # an LED's curve depends on the LED only: worked out once
            self._curves[colour] = np.asarray(model.voltage(self._currents))
        plot.update(self._led, x=self._curves[colour], y=self._currents * 1e3,
                    colors=[_LED_LINE_COLOURS.get(colour, "#444444")])
        v = np.array([0.0, vs])
        plot.update(self._load, x=v, y=(vs - v) / self.result.resistance * 1e3)
        plot.update(self._point, x=[self.operating.led_voltage], y=[self.operating.current * 1e3])
        plot.update(self._target, x=[0, x_top], y=[target * 1e3, target * 1e3])
        plot.xlim(0, x_top)
        plot.ylim(0, top)
        self.show_values({
            _("exact resistance (V_supply - V_F) / I"): format_si(self.result.exact_resistance, "Ω"),
            _("resistor to buy (next value up)"): format_si(self.result.resistance, "Ω"),
            _("current with V_F fixed at the datasheet value"): format_si(self.result.current, "A"),
            _("current from the LED curve"): format_si(self.operating.current, "A"),
            _("LED voltage from the curve"): format_si(self.operating.led_voltage, "V"),
            _("power in the resistor"): format_si(self.result.resistor_power, "W"),
            _("resistor rating needed"): _RATING_NAMES.get(self.result.power_rating)
            or format_si(self.result.power_rating, "W"),
            _("datasheet"): model.source,
        })



class SensorExplorer(Explorer):
    """A thermistor or a photoresistor in a divider, read by a 10-bit Arduino ADC.

    Move the temperature (or the light) and the fixed resistor; see the output
    voltage, the ADC count, and how finely one count resolves the quantity.

    Parameters
    ----------
    sensor : {"thermistor", "photoresistor"}
        A 10k/3950 NTC or a GL5528-like LDR.
    fixed_resistance : float
        The divider's fixed resistor [Ω].
    sensor_position : {"bottom", "top"}
        Where the sensor sits in the divider.

    Examples
    --------
    >>> ex = SensorExplorer(sensor="thermistor", fixed_resistance=10e3)
    >>> ex.result["counts"]
    512
    """

    _SUPPLY = 5.0

    def __init__(self, *, sensor: str = "thermistor", fixed_resistance: float = 10e3,
                 sensor_position: str = "bottom", temperature_c: float = 25.0, illuminance: float = 100.0):
        super().__init__(title=_("Sensor divider into an Arduino pin"))
        self.add_dropdown("sensor", options={_("thermistor (NTC 10k, B 3950)"): "thermistor",
                                             _("photoresistor (GL5528-like)"): "photoresistor"},
                          value=sensor, description=_("sensor"), argument="sensor")
        self.add_dropdown("sensor_position", options={_("bottom (to GND)"): "bottom", _("top (to 5 V)"): "top"},
                          value=sensor_position, description=_("sensor in the divider"),
                          argument="sensor_position")
        self.add_slider("fixed_resistance", min=1e3, max=100e3, value=fixed_resistance, log=True, step=0.01,
                        description=_("fixed resistor [Ω]"), unit="Ω", si=True, argument="fixed_resistance")
        self.add_slider("temperature_c", min=-20.0, max=100.0, value=temperature_c, step=0.5,
                        description=_("temperature [°C]"), unit="°C", argument="temperature_c")
        self.add_slider("illuminance", min=1.0, max=10_000.0, value=illuminance, log=True, step=0.01,
                        description=_("light [lx]"), unit="lx", si=True, argument="illuminance")
        self._temps = np.linspace(-20.0, 100.0, 121)
        self._lux = np.geomspace(1.0, 10_000.0, 121)
        self._views = {}
        for kind, label, log in (("thermistor", _("temperature [°C]"), False),
                                 ("photoresistor", _("light [lx] (log scale)"), True)):
            plot = self.add_plot(xlabel=label, ylabel=_("output voltage [V]"), xlog=log, ylim=(0, self._SUPPLY))
            plot.right_axis(label=_("ADC counts (10 bit)"), low=0, high=1024)
            curve = plot.line([], [], colour=PALETTE["blue"])
            # the point and its reading are one mark: a temperature move sends one message for the figure
            point = plot.dots(size=64, name_dx=2).row(colour=PALETTE["vermillion"])
            self._views[kind] = (plot, curve, point, point)
        self.refresh()

    def _resistance(self, sensor: str, x):
        if sensor == "thermistor":
            return sensors.ntc_resistance(temperature=np.asarray(x) + sensors.ZERO_CELSIUS)
        return sensors.ldr_resistance(illuminance=x)

    def update(self) -> None:
        sensor = self.value("sensor")
        position = self.value("sensor_position")
        fixed = float(self.value("fixed_resistance"))
        thermistor = sensor == "thermistor"
        self.controls["temperature_c"].layout.display = None if thermistor else "none"
        self.controls["illuminance"].layout.display = "none" if thermistor else None
        x = self._temps if thermistor else self._lux
        x_now = float(self.value("temperature_c") if thermistor else self.value("illuminance"))
        volts = np.asarray(sensors.sensor_divider(supply_voltage=self._SUPPLY,
                                                  sensor_resistance=self._resistance(sensor, x),
                                                  fixed_resistance=fixed, sensor_position=position))
        r_now = float(self._resistance(sensor, x_now))
        v_now = float(sensors.sensor_divider(supply_voltage=self._SUPPLY, sensor_resistance=r_now,
                                             fixed_resistance=fixed, sensor_position=position))
        counts = arduino.adc_counts(voltage=min(max(v_now, 0.0), self._SUPPLY))
        # resolution: how much the quantity must change to move the reading by one count
        # (per °C for the thermistor; per unit of ln(lux), i.e. a fraction of the light, for the LDR)
        h = 1e-3
        around = np.array([x_now - h, x_now + h]) if thermistor else x_now * np.exp([-h, h])
        v_around = np.asarray(sensors.sensor_divider(supply_voltage=self._SUPPLY,
                                                     sensor_resistance=self._resistance(sensor, around),
                                                     fixed_resistance=fixed, sensor_position=position))
        slope = float(v_around[1] - v_around[0]) / (2 * h)
        resolution = abs(arduino.lsb() / slope) if slope != 0 else float("inf")
        self.result = {"sensor_resistance": r_now, "voltage": v_now, "counts": counts,
                       "resolution": resolution}
        for kind, view in self._views.items():
            view[0].show(kind == sensor)
        plot, curve, point, _text = self._views[sensor]
        plot.update(curve, x=x, y=volts)
        plot.update(point, x=[x_now], y=[v_now], text=[f"{format_si(v_now, 'V')} → {counts}"])
        plot.xlim(float(np.min(x)), float(np.max(x)))
        if thermistor:
            res_text = _("{value} °C per count").format(value=f"{resolution:.2g}")
        else:
            res_text = _("{value} % of the light per count").format(value=f"{resolution * 100:.2g}")
        self.show_values({
            _("sensor resistance"): format_si(r_now, "Ω"),
            _("output voltage"): format_si(v_now, "V"),
            _("analogRead() gives"): str(counts),
            _("resolution here"): res_text,
            _("best fixed resistor for this sensor's range"): format_si(self._best(sensor), "Ω"),
        })

    def _best(self, sensor: str) -> float:
        r = np.asarray(self._resistance(sensor, self._temps if sensor == "thermistor" else self._lux))
        return sensors.best_fixed_resistance(sensor_min=float(r.min()), sensor_max=float(r.max()))

# -- end of the components section (the circuit section follows) --


# == Circuits: RC charge/discharge, low-pass Bode plot, PWM with an RC filter ===

from stemkit.electronics import pwm as _pwm  # noqa: E402
from stemkit.electronics import rc as _rc  # noqa: E402
from stemkit.i18n import format_number as _format_number  # noqa: E402


def _ratio_text(ratio: float) -> str:
    """A ratio a student reads at a glance: 0.707, or 1/30800 when it is tiny, and below one
    millionth just that (a 13-year-old reads "less than one millionth", not 1/6.28e10)."""
    if ratio >= 0.001:
        return _format_number(ratio, 3)
    if ratio < 1e-6:
        return _("less than one millionth")
    return "1/" + _format_number(1 / ratio, 3)


class RCExplorer(Explorer):
    """A capacitor charging or discharging through a resistor.

    Move R and C and watch the time constant τ = R·C stretch the curve. The
    threshold line answers the maker's question "how long until the pin reads
    HIGH?" (blink timers, button debouncing).

    Parameters
    ----------
    mode : {"charge", "discharge"}
    resistance : float
        [Ω].
    capacitance : float
        [F].
    supply_voltage : float
        [V].
    threshold : float
        A voltage to reach [V] (for example 2.5 V, about where a 5 V Arduino input flips).

    Examples
    --------
    >>> ex = RCExplorer(resistance=10e3, capacitance=100e-6, supply_voltage=5)
    >>> ex.result["time_constant"]
    1.0
    """

    _N = 240

    def __init__(self, *, mode: str = "charge", resistance: float = 10e3, capacitance: float = 100e-6,
                 supply_voltage: float = 5.0, threshold: float = 2.5):
        super().__init__(title=_("RC charge and discharge"))
        self.add_dropdown("mode", options={_("charge"): "charge", _("discharge"): "discharge"}, value=mode,
                          description=_("capacitor"), argument="mode")
        self.add_slider("resistance", min=100.0, max=1e6, value=resistance, log=True, step=0.01,
                        description=_("R [Ω]"), unit="Ω", si=True, argument="resistance")
        self.add_slider("capacitance", min=1e-9, max=1e-3, value=capacitance, log=True, step=0.01,
                        description=_("C [F]"), unit="F", si=True, argument="capacitance")
        self.add_slider("supply_voltage", min=0.5, max=12.0, value=supply_voltage, step=0.1,
                        description=_("supply [V]"), unit="V", si=True, argument="supply_voltage")
        self.add_slider("threshold", min=0.0, max=12.0, value=threshold, step=0.1,
                        description=_("threshold [V]"), unit="V", si=True, argument="threshold")
        self.plot = self.add_plot(xlabel=_("time [{unit}]").format(unit="s"), ylabel=_("capacitor voltage [V]"))
        p = self.plot
        # drawn in units of τ across and of the top voltage up (relative="xy"): the curve has one
        # shape for every R and C, so moving them moves only the time axis and τ's value
        self._supply = p.lines(width=1, style="--", relative="xy").row(colour=PALETTE["sky"], label=_("supply"))
        self._threshold = p.lines(width=1, style="-.", relative="xy").row(colour=PALETTE["green"],
                                                                          label=_("threshold"))
        self._tau_line = p.lines(width=1.5, style=":", relative="xy").row(colour=PALETTE["vermillion"],
                                                                          label="τ = R·C")
        self._curve = p.lines(relative="xy").row(colour=PALETTE["blue"], label=_("capacitor voltage"))
        points = p.dots(size=64, name_dx=2, name_dy=-22, relative="xy")
        self._tau_point = points.row(colour=PALETTE["vermillion"])
        self._crossing = points.row(colour=PALETTE["green"])
        self._tau_text = self._tau_point
        self.refresh()

    def update(self) -> None:
        r = float(self.value("resistance"))
        c = float(self.value("capacitance"))
        vs = float(self.value("supply_voltage"))
        vt = float(self.value("threshold"))
        charging = self.value("mode") == "charge"
        tau = _rc.time_constant(resistance=r, capacitance=c)
        t = np.linspace(0.0, 5 * tau, self._N)
        if charging:
            v = _rc.charge_voltage(t, supply_voltage=vs, resistance=r, capacitance=c)
            start, end = 0.0, vs
        else:
            v = _rc.discharge_voltage(t, initial_voltage=vs, resistance=r, capacitance=c)
            start, end = vs, 0.0
        v_tau = float(end + (start - end) * np.exp(-1.0))
        crossing = None
        if min(start, end) < vt < max(start, end):
            crossing = _rc.time_to_reach(vt, supply_voltage=end, resistance=r, capacitance=c, initial_voltage=start)
        scale, unit = _time_scale(float(t[-1]))
        ts = t / scale
        p = self.plot
        top = max(vs, float(np.max(v)), vt, 0.1)
        p.xlim(0, ts[-1], per=tau / scale)
        p.ylim(-0.05 * top, 1.1 * top, per=top)
        p.update(self._curve, x=ts, y=v)
        p.update(self._supply, x=[0, ts[-1]], y=[vs, vs])
        p.update(self._threshold, x=[0, ts[-1]], y=[vt, vt])
        p.update(self._tau_line, x=[tau / scale] * 2, y=[-0.05 * top, 1.1 * top])
        p.update(self._tau_point, x=[tau / scale], y=[v_tau], text=["τ = " + format_si(tau, "s")])
        p.update(self._crossing, x=[] if crossing is None else [crossing / scale], y=[] if crossing is None else [vt])
        p.labels(x=_("time [{unit}]").format(unit=unit))
        self.result = {"time_constant": tau, "voltage_at_tau": v_tau, "time_to_threshold": crossing,
                       "five_tau": 5 * tau, "time": t, "voltage": v}
        self.show_values({
            _("time constant τ = R·C"): format_si(tau, "s"),
            _("voltage after one τ"): format_si(v_tau, "V") + (" (63 %)" if charging else " (37 %)"),
            _("time to reach the threshold"): format_si(crossing, "s") if crossing is not None else _("never"),
            _("practically done after 5 τ"): format_si(5 * tau, "s"),
        })


class LowPassExplorer(Explorer):
    """The Bode plot of an RC low-pass filter: how much of each frequency gets through.

    Parameters
    ----------
    resistance : float
        [Ω].
    capacitance : float
        [F].
    signal_frequency : float
        A frequency to read off the plot [Hz] (490 Hz is an Arduino's PWM).

    Examples
    --------
    >>> ex = LowPassExplorer(resistance=1e3, capacitance=1e-6, signal_frequency=159.15494309189535)
    >>> round(ex.result["gain_db"], 2), round(ex.result["phase_deg"], 1)
    (-3.01, -45.0)
    """

    _F = np.logspace(-1, 7, 321)
    #: The curves' frequencies in units of the cutoff: every cutoff the sliders reach, from about
    #: 0.16 Hz to 160 MHz, sees its whole 0.1 Hz to 10 MHz range drawn from the same numbers.
    _F_REL = np.logspace(-10, 9, 381)

    def __init__(self, *, resistance: float = 10e3, capacitance: float = 100e-9, signal_frequency: float = 490.0):
        super().__init__(title=_("RC low-pass filter: Bode plot"))
        self.add_slider("resistance", min=10.0, max=1e6, value=resistance, log=True, step=0.01,
                        description=_("R [Ω]"), unit="Ω", si=True, argument="resistance")
        self.add_slider("capacitance", min=1e-10, max=1e-3, value=capacitance, log=True, step=0.01,
                        description=_("C [F]"), unit="F", si=True, argument="capacitance")
        self.add_slider("signal_frequency", min=0.1, max=1e7, value=signal_frequency, log=True, step=0.01,
                        description=_("signal frequency [Hz]"), unit="Hz", si=True, argument="signal_frequency")
        f0, f1 = float(self._F[0]), float(self._F[-1])
        self._mag_plot = m = self.add_plot(ylabel=_("gain [dB]"), xlog=True, xlim=(f0, f1), height=210,
                                           xticks=False)
        self._phase_plot = ph = self.add_plot(xlabel=_("frequency [Hz]"), ylabel=_("phase [°]"), xlog=True,
                                              xlim=(f0, f1), ylim=(-95, 5), height=210)
        # both plots share one frequency axis, and the curves are drawn in units of the cutoff
        # (relative="x"): a filter has one shape for every R and C, so moving them moves only that axis
        ph.share_x(m)
        m.line([f0, f1], [-3.0103, -3.0103], colour=PALETTE["grey"], width=0.8, style="--")
        self._cut_mag = m.lines(width=1.5, style=":", relative="x").row(colour=PALETTE["vermillion"],
                                                                        label=_("cutoff f_c"))
        self._cut_phase = ph.lines(width=1.5, style=":", relative="x").row(colour=PALETTE["vermillion"])
        self._mag = m.lines(relative="x").row(colour=PALETTE["blue"])
        self._phase = ph.lines(relative="x").row(colour=PALETTE["blue"])
        self._point_mag = m.dots(relative="x").row(colour=PALETTE["green"], label=_("your signal"))
        self._point_phase = ph.dots(relative="x").row(colour=PALETTE["green"])
        self.refresh()

    def update(self) -> None:
        r = float(self.value("resistance"))
        c = float(self.value("capacitance"))
        f = float(self.value("signal_frequency"))
        fc = _rc.cutoff_frequency(resistance=r, capacitance=c)
        mag = _rc.lowpass_magnitude_db(self._F, resistance=r, capacitance=c)
        phase = _rc.lowpass_phase_deg(self._F, resistance=r, capacitance=c)
        g = float(_rc.lowpass_magnitude_db(f, resistance=r, capacitance=c))
        p = float(_rc.lowpass_phase_deg(f, resistance=r, capacitance=c))
        # the gain axis ends in steps of 20 dB, so most moves leave it as it is
        low = -20.0 * np.ceil((3 - min(float(np.min(mag)), -10.0) + 3) / 20.0) + 3
        f0, f1 = float(self._F[0]), float(self._F[-1])
        self._mag_plot.xlim(f0, f1, per=fc)
        self._mag_plot.ylim(low, 3)
        f_drawn = self._F_REL * fc
        self._mag_plot.update(self._mag, x=f_drawn,
                              y=_rc.lowpass_magnitude_db(f_drawn, resistance=r, capacitance=c))
        self._phase_plot.update(self._phase, x=f_drawn, y=_rc.lowpass_phase_deg(f_drawn, resistance=r, capacitance=c))
        self._mag_plot.update(self._cut_mag, x=[fc, fc], y=[-400, 10])
        self._phase_plot.update(self._cut_phase, x=[fc, fc], y=[-95, 5])
        self._mag_plot.update(self._point_mag, x=[f], y=[g])
        self._phase_plot.update(self._point_phase, x=[f], y=[p])
        self.result = {"cutoff_frequency": fc, "gain_db": g, "gain": 10 ** (g / 20), "phase_deg": p,
                       "frequency": self._F, "magnitude_db": mag, "phase": phase}
        self.show_values({
            _("cutoff frequency f_c = 1/(2πRC)"): format_si(fc, "Hz"),
            _("gain at your signal"): _("{db} dB (× {ratio})").format(db=_format_number(round(g, 2) + 0.0, 3),
                                                                     ratio=_ratio_text(10 ** (g / 20))),
            _("phase at your signal"): _format_number(round(p, 2) + 0.0, 3) + "°",
        })


class PWMExplorer(Explorer):
    """PWM from an Arduino pin, smoothed by an RC low-pass filter.

    The top plot shows a few periods after the filter has settled: the square wave
    and the nearly steady output with its ripple. The bottom plot shows the output
    from the moment the PWM starts.

    Parameters
    ----------
    duty : float
        Duty cycle, 0 to 1.
    frequency : float
        PWM frequency [Hz].
    high_voltage : float
        [V].
    resistance : float
        [Ω].
    capacitance : float
        [F].

    Examples
    --------
    >>> ex = PWMExplorer(duty=0.25, frequency=490, resistance=10e3, capacitance=10e-6)
    >>> ex.result["average_voltage"]
    1.25
    """

    def __init__(self, *, duty: float = 0.25, frequency: float = 490.0, high_voltage: float = 5.0,
                 resistance: float = 10e3, capacitance: float = 10e-6):
        super().__init__(title=_("PWM and an RC filter"))
        self.add_slider("duty", min=0.0, max=1.0, value=duty, step=0.01, description=_("duty cycle D"), digits=2, argument="duty")
        self.add_slider("frequency", min=10.0, max=1e5, value=frequency, log=True, step=0.01,
                        description=_("PWM frequency [Hz]"), unit="Hz", si=True, argument="frequency")
        self.add_slider("high_voltage", min=1.0, max=12.0, value=high_voltage, step=0.1,
                        description=_("high level [V]"), unit="V", si=True, argument="high_voltage")
        self.add_slider("resistance", min=100.0, max=1e6, value=resistance, log=True, step=0.01,
                        description=_("R [Ω]"), unit="Ω", si=True, argument="resistance")
        self.add_slider("capacitance", min=1e-9, max=1e-3, value=capacitance, log=True, step=0.01,
                        description=_("C [F]"), unit="F", si=True, argument="capacitance")
        self._steady = a = self.add_plot(xlabel=_("time [{unit}] (steady state)").format(unit="ms"),
                                         ylabel=_("voltage [V]"), height=215)
        self._start = b = self.add_plot(xlabel=_("time since switch-on [{unit}]").format(unit="s"),
                                        ylabel=_("voltage [V]"), height=215)
        b.share_y(a)   # one voltage range for both: a new high level is one message
        # the pin's square wave as its corners (a handful of numbers per move) and the filter's
        # output share one mark; the top plot is drawn in periods across and in V_high up, so a
        # new frequency or level moves the axes, not the data
        signals = a.lines(width=1.8, relative="xy")
        self._wave = signals.row(colour="#adb5bd", label=_("PWM pin"))
        self._out = signals.row(colour=PALETTE["blue"], label=_("after the RC filter"))
        self._avg = a.lines(width=1, style="--", relative="xy").row(colour=PALETTE["vermillion"],
                                                                    label=_("average D·V"))
        self._startup = b.lines(width=1.2, relative="xy").row(colour=PALETTE["blue"],
                                                              label=_("filter output from switch-on"))
        self._start_avg = b.lines(width=1, style="--", relative="xy").row(colour=PALETTE["vermillion"])
        self.refresh()

    def update(self) -> None:
        d = float(self.value("duty"))
        f = float(self.value("frequency"))
        vh = float(self.value("high_voltage"))
        r = float(self.value("resistance"))
        c = float(self.value("capacitance"))
        kw = dict(duty=d, frequency=f, high_voltage=vh, resistance=r, capacitance=c)
        period = 1.0 / f
        tau = r * c
        lo, hi = _pwm.steady_state_limits(**kw)
        # Three periods in steady state: start each period at the steady-state minimum.
        # 100 points a period (an edge at every duty step of 0.01 falls on one) and 600 from switch-on:
        # enough for the eye, and few for the browser to draw again on every move
        t = np.linspace(0.0, 3 * period, 301)
        out = _pwm.filtered_waveform(t, initial_voltage=lo, **kw)
        edges = np.unique(np.concatenate([np.arange(4) * period, np.arange(3) * period + d * period]))
        wave = _pwm.square_wave(edges, duty=d, frequency=f, high_voltage=vh)
        t_start = np.linspace(0.0, max(5 * tau, 3 * period), 600)
        start = _pwm.filtered_waveform(t_start, **kw)
        avg = _pwm.average_voltage(duty=d, high_voltage=vh)
        scale, unit = _time_scale(float(t[-1]))
        ts = t / scale
        a, b = self._steady, self._start
        a.xlim(ts[0], ts[-1], per=period / scale)
        a.ylim(-0.06 * vh, 1.16 * vh, per=vh)
        # each edge drawn as two corners, so one plain line shows the steps
        corners_t = np.repeat(edges / scale, 2)[1:]
        corners_v = np.repeat(wave, 2)[:-1]
        a.update(self._wave, x=corners_t, y=corners_v)
        a.update(self._out, x=ts, y=out)
        a.update(self._avg, x=[ts[0], ts[-1]], y=[avg, avg])
        a.labels(x=_("time [{unit}] (steady state)").format(unit=unit))
        scale2, unit2 = _time_scale(float(t_start[-1]))
        t2 = t_start / scale2
        b.xlim(0, t2[-1], per=t2[-1])
        b.update(self._startup, x=t2, y=start)
        b.update(self._start_avg, x=[0, t2[-1]], y=[avg, avg])
        b.labels(x=_("time since switch-on [{unit}]").format(unit=unit2))
        ripple = hi - lo
        small = _pwm.ripple_small(**kw)
        self.result = {"duty": d, "average_voltage": avg, "ripple": ripple, "ripple_small": small,
                       "minimum": lo, "maximum": hi, "time_constant": tau,
                       "cutoff_frequency": _rc.cutoff_frequency(resistance=r, capacitance=c),
                       "settle_time": 5 * tau}
        self.show_values({
            _("average D·V_high"): format_si(avg, "V"),
            _("ripple (peak to peak)"): format_si(ripple, "V"),
            _("small-ripple estimate V·D(1-D)·T/τ"): format_si(small, "V"),
            _("filter cutoff f_c"): format_si(self.result["cutoff_frequency"], "Hz"),
            _("settled after about 5 τ"): format_si(5 * tau, "s"),
        })
