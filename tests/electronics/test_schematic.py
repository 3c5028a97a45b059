"""Schematics: the lesson topologies draw, with every part and value labelled; others fall back to text."""

import numpy as np
import pytest

pytest.importorskip("schemdraw")

from stemkit.electronics.circuit import PWM, Circuit  # noqa: E402
from stemkit.electronics.schematic import (  # noqa: E402
    breadboard_svg,
    bridge,
    draw_breadboard,
    draw_schematic,
    ladder,
    schematic_svg,
)


def series():
    c = Circuit("series")
    c.add_voltage_source("V1", "top", "0", 9)
    c.add_resistor("R1", "top", "a", "1k")
    c.add_resistor("R2", "a", "b", "2k2")
    c.add_resistor("R3", "b", "0", "330")
    return c


def led():
    c = Circuit("LED")
    c.add_voltage_source("V1", "5v", "0", 5)
    c.add_resistor("R1", "5v", "a", "220")
    c.add_led("D1", "a", "0", colour="red")
    return c


def rc_filter():
    c = Circuit("RC filter")
    c.add_voltage_source("V1", "in", "0", PWM(frequency=490, duty=0.25))
    c.add_resistor("R1", "in", "out", "10k")
    c.add_capacitor("C1", "out", "0", "10u")
    return c


def sensor():
    c = Circuit("LDR into A0")
    c.add_voltage_source("V1", "5v", "0", 5)
    c.add_resistor("R_ldr", "5v", "A0", "10k")
    c.add_resistor("R2", "A0", "0", "10k")
    return c


def parallel():
    c = Circuit("parallel")
    c.add_voltage_source("V1", "top", "0", 9)
    c.add_resistor("R1", "top", "0", "1k")
    c.add_resistor("R2", "top", "0", "2k")
    c.add_resistor("R3", "top", "m", "1k")
    c.add_led("D1", "m", "0", colour="green")
    return c


@pytest.mark.parametrize("build", [series, led, rc_filter, sensor, parallel], ids=lambda f: f.__name__)
def test_lesson_topologies_draw_with_labels(build):
    c = build()
    svg = c._repr_svg_()
    assert svg is not None and svg.lstrip().startswith("<svg")
    for name in c.parts:
        assert name.replace("_", "") in svg.replace("_", ""), name


def test_values_and_adc_pin_are_labelled():
    svg = schematic_svg(sensor())
    assert "10 kΩ" in svg and "to Arduino A0" in svg
    assert "PWM 490 Hz, 25 %" in schematic_svg(rc_filter())
    assert "red LED" in schematic_svg(led())


def _steps(circuit):
    _src, steps = ladder(circuit)
    return [(kind, [p.name for p, _rev in chain]) for kind, chain in steps]


def test_ladder_steps_follow_the_circuit():
    assert _steps(series()) == [("series", ["R1", "R2"]), ("shunt", ["R3"])]
    assert _steps(led()) == [("series", ["R1"]), ("shunt", ["D1"])]
    assert _steps(parallel()) == [("shunt", ["R1"]), ("shunt", ["R2"]), ("series", ["R3"]), ("shunt", ["D1"])]
    c = Circuit("ladder")
    c.add_voltage_source("V1", "in", "0", 10)
    c.add_resistor("R1", "in", "a", 100)
    c.add_resistor("R2", "a", "0", 100)
    c.add_resistor("R3", "a", "b", 100)
    c.add_resistor("R4", "b", "0", 100)
    assert _steps(c) == [("series", ["R1"]), ("shunt", ["R2"]), ("series", ["R3"]), ("shunt", ["R4"])]
    assert c._repr_svg_() is not None


def test_loaded_rc_filter_draws():
    c = rc_filter()
    c.add_resistor("R_load", "out", "0", "100k")
    assert _steps(c) == [("series", ["R1"]), ("shunt", ["C1"]), ("shunt", ["R_load"])]
    assert "R_load" in schematic_svg(c)


def test_reversed_diode_is_marked():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 5)
    c.add_resistor("R1", "a", "k", 100)
    c.add_diode("D1", "0", "k")        # cathode towards the source: reverse biased
    _src, steps = ladder(c)
    assert steps[-1][1][0][0].name == "D1" and steps[-1][1][0][1] is True


def wheatstone():
    c = Circuit()
    c.add_voltage_source("V1", "top", "0", 12)
    c.add_resistor("R1", "top", "a", 1000)
    c.add_resistor("R2", "a", "0", 2200)
    c.add_resistor("R3", "top", "b", 1500)
    c.add_resistor("R4", "b", "0", 1800)
    c.add_resistor("R5", "a", "b", 470)     # a bridge
    return c


def test_bridge_draws():
    parts = bridge(wheatstone())
    assert {k: p.name for k, p in parts.items()} == {
        "source": "V1", "top_left": "R1", "bottom_left": "R2", "top_right": "R3", "bottom_right": "R4",
        "middle": "R5"}
    svg = wheatstone()._repr_svg_()
    assert svg is not None and all(name in svg for name in ("R1", "R2", "R3", "R4", "R5", "470 Ω"))


def test_unsupported_shapes_fall_back_to_text():
    c = wheatstone()
    c.add_resistor("R6", "a", "0", 100)     # one part too many for a bridge, and not a ladder
    assert c._repr_svg_() is None
    with pytest.raises(ValueError, match=r"neither a ladder nor a bridge"):
        draw_schematic(c)
    two = Circuit().add_voltage_source("V1", "a", "0", 1).add_voltage_source("V2", "a", "b", 1).add_resistor("R1", "b", "0", 1)
    with pytest.raises(ValueError, match=r"neither a ladder nor a bridge"):
        draw_schematic(two)
    with pytest.raises(ValueError, match=r"exactly one source; this one has 2"):
        ladder(two)


def test_breadboard_pictures_of_single_loops():
    for build in (led, series):
        svg = breadboard_svg(build())
        assert svg is not None and svg.lstrip().startswith("<svg")
        assert "to GND" in svg and "from V1" in svg
        for name in build().parts:
            if name != "V1":
                assert name in svg
    c = Circuit("timer")
    c.add_voltage_source("V1", "5V", "0", 5)
    c.add_resistor("R1", "5V", "plus", "100k")
    c.add_capacitor("C1", "plus", "0", "100u")
    assert breadboard_svg(c) is not None


def test_breadboard_refuses_what_it_cannot_draw():
    assert breadboard_svg(parallel()) is None
    with pytest.raises(ValueError, match=r"single loop of parts only"):
        draw_breadboard(parallel())
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 5)
    c.add_resistor("R1", "a", "b", 100)
    c.add_switch("S1", "b", "0", closed=True)
    with pytest.raises(ValueError, match=r"S1 cannot be drawn on a breadboard picture yet"):
        draw_breadboard(c)
    long_chain = Circuit()
    long_chain.add_voltage_source("V1", "n0", "0", 5)
    for k in range(8):
        long_chain.add_resistor(f"R{k}", f"n{k}", f"n{k + 1}" if k < 7 else "0", 100)
    with pytest.raises(ValueError, match=r"too many parts for one breadboard row"):
        draw_breadboard(long_chain)


def _battery_plates(artists):
    """(y of the long plate, y of the short plate) of the one vertical battery cell at x = 0."""
    from matplotlib.lines import Line2D

    plates = []
    for a in artists:
        if isinstance(a, Line2D) and len(a.get_xdata()) == 2:
            (x0, x1), (y0, y1) = a.get_xdata(), a.get_ydata()
            if abs(y0 - y1) < 1e-9 and abs(x0 + x1) < 1e-9 and abs(x0) > 0:   # horizontal, centred on x = 0
                plates.append((abs(x1 - x0), y0))
    assert len(plates) == 2, plates
    (_w_short, y_short), (_w_long, y_long) = sorted(plates)
    return y_long, y_short


def _triangle_points_down(artists):
    """True when the diode's triangle (the polygon whose base is horizontal) has its tip below its base."""
    from matplotlib.patches import Polygon

    for a in artists:
        if isinstance(a, Polygon):
            xy = a.get_xy()[:3]
            ys = sorted(xy[:, 1])
            if abs(ys[1] - ys[2]) < 1e-9 and abs(xy[:, 0].max() - xy[:, 0].min() - 0.5) < 1e-6:
                return ys[0] < ys[1]
    raise AssertionError("no diode triangle drawn")


def test_battery_long_plate_is_on_the_supply_side():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from stemkit.electronics.plots import draw_divider_circuit, draw_led_circuit

    fig, ax = plt.subplots()
    try:
        artists = draw_led_circuit(ax, supply_voltage=5, resistance=330)
        y_long, y_short = _battery_plates(artists)
        # the cell stands on the bottom wire; its top terminal feeds the resistor and then the LED
        assert y_long > y_short, "the + (long) plate is on the bottom wire, the return side"
        # the LED is drawn downwards from the top wire: forward biased only if its triangle points down
        assert _triangle_points_down(artists)
        for load in (None, "load"):
            ax.clear()
            artists = draw_divider_circuit(ax, supply_voltage=5, top_label="R1", bottom_label="R2", load_label=load)
            y_long, y_short = _battery_plates(artists)
            assert y_long > y_short, "the + (long) plate faces ground"
    finally:
        plt.close(fig)


def test_schematic_source_has_plus_on_the_supply_node():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    fig, ax = plt.subplots()
    try:
        d = draw_schematic(led(), canvas="matplotlib")
        d.draw(canvas=ax, show=False)
        artists = ax.get_children()
        # the signs inside the source circle at x = 0: "+" has an upright bar, "−" has none
        bars = [(a.get_xdata(), a.get_ydata()) for a in artists
                if isinstance(a, Line2D) and len(a.get_xdata()) == 2 and max(abs(a.get_xdata())) < 0.2]
        upright = [y.mean() for x, y in bars if abs(x[0] - x[1]) < 1e-9]
        flat = [y[0] for x, y in bars if abs(y[0] - y[1]) < 1e-9]
        assert len(upright) == 1 and len(flat) == 2
        plus_y = upright[0]
        minus_y = next(y for y in flat if abs(y - plus_y) > 1e-6)
        top = max(np.nanmax(a.get_ydata()) for a in artists if isinstance(a, Line2D))
        assert minus_y < plus_y < top, "the + of the source is not on the node that feeds R1"
        assert _triangle_points_down(artists), "the LED is drawn reverse biased"
    finally:
        plt.close(fig)


def test_sensor_resistors_get_their_symbols_and_an_adc_label_its_room():
    from stemkit.electronics.circuit import Circuit
    from stemkit.electronics.schematic import draw_schematic

    c = Circuit("two dividers")
    c.add_voltage_source("V1", "5v", "0", 5)
    c.add_resistor("R1", "5v", "a0", "10k")
    c.add_resistor("RT", "a0", "0", "10k")
    c.add_resistor("LDR", "5v", "a1", "2k")
    c.add_resistor("R2", "a1", "0", "10k")
    d = draw_schematic(c)
    names = [type(e).__name__ for e in d.elements]
    assert "Thermistor" in names and any(n.startswith("Photoresistor") for n in names)
    # the "to Arduino A0" stub ends at x = 4.5; its label runs on for about 3 units, so R2 stands beyond that
    a0_end = max(float(e.absanchors["end"][0]) for e in d.elements
                 if type(e).__name__ == "Line" and abs(float(e.absanchors["start"][1]) - 3.0) < 1e-9)
    r2 = [e for e in d.elements if type(e).__name__.startswith("Resistor")][-1]
    assert float(r2.absanchors["start"][0]) - a0_end >= 4.5 - 1e-9
