"""Wiring pictures: the breadboard, the lesson's kit list and the lesson's Circuit agree.

The lessons are read as a teacher would: the kit list in the metadata, the build
section (from "## Build it" to "## Key points"), the ``wiring.build(...)`` cells in it
and the Circuit the lesson passes to them.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import pytest

from stemkit.electronics.circuit import Circuit
from stemkit.hardware import wiring
from stemkit.units import ReadingError, parse

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons" / "electronics").glob("[0-9][0-9]-*.ipynb")) + [
    ROOT / "lessons" / "start" / "01-welcome.ipynb"]
BUILD_CALL = re.compile(r'wiring\.build\("([^"]+)"(?:,\s*circuit=(\w+))?\)')
NOUNS = {"resistor": "resistor", "thermistor": "thermistor", "ldr": "photoresistor", "capacitor": "capacitor",
         "led": "LED", "diode": "diode", "potentiometer": "potentiometer", "button": "button"}
VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*([kMµnp]?)(Ω|F)")
NEEDS_PICTURE = re.compile(r"breadboard|sensor|thermistor|photoresistor|motor driver|servo", re.IGNORECASE)


def notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    s = cell["source"]
    return s if isinstance(s, str) else "".join(s)


def build_section(nb: dict) -> list[dict]:
    """The cells from the "## Build it" heading up to "## Key points"."""
    cells, inside = [], False
    for cell in nb["cells"]:
        text = source(cell)
        if cell["cell_type"] == "markdown" and text.startswith("## "):
            inside = text.startswith("## Build it")
        if inside:
            cells.append(cell)
    return cells


def calls(nb: dict) -> list[tuple[str, str | None]]:
    return [m.groups() for cell in build_section(nb) if cell["cell_type"] == "code"
            for m in BUILD_CALL.finditer(source(cell))]


def lesson_circuit(nb: dict, name: str) -> Circuit:
    """Run the lesson's setup cell and the cell that builds the circuit ``name``; return it."""
    code = [source(c) for c in nb["cells"] if c["cell_type"] == "code"]
    ns: dict = {}
    exec(code[0], ns)                                   # the setup cell: imports only
    maker = next(c for c in code if re.search(rf"^{name} = Circuit\(", c, re.MULTILINE))
    exec(maker, ns)
    return ns[name]


def ids(paths):
    return [p.stem for p in paths]


# -- every build -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(wiring.BUILDS))
def test_build_draws_and_matches_its_own_circuit(name):
    bench = wiring.build(name)
    made = bench.to_circuit()
    assert bench.differences(made) == []
    svg = bench.breadboard().svg
    assert svg.startswith("<svg") and "viewBox" in svg
    for p in bench.parts:
        assert p.name in svg                           # every part is labelled in the picture
    w, h = bench.breadboard().size
    assert 600 < w <= 1000 and h < 500                 # fits a 1366×768 screen at its natural size
    sw, sh = bench.schematic().size
    assert sw <= 1000 and sh < 500


@pytest.mark.parametrize("name", sorted(wiring.BUILDS))
def test_polar_parts_face_the_right_way(name):
    bench = wiring.build(name)
    net_of = {m: net for net in bench.nets() for m in net}
    for p in bench.parts:
        if p.kind == "led":
            assert "uno.GND" not in net_of[f"{p.name}.anode"]
            assert "uno.GND" in net_of[f"{p.name}.cathode"]
        if p.electrolytic:
            # the stripe (minus) leg is on GND
            strips = {wiring._strip(h) for h in p.legs}
            assert len(strips) == 2
            parent, find = bench._union()
            assert find(wiring._strip(p.legs[1])) == find("uno.GND")
            assert find(wiring._strip(p.legs[0])) != find("uno.GND")


def test_a_wrong_value_or_a_wrong_row_is_found():
    c = Circuit("timer")
    c.add_voltage_source("V1", "5V", "0", 5)
    c.add_resistor("R1", "5V", "plus", "100k")
    c.add_capacitor("C1", "plus", "0", "100u")
    assert wiring.build("electronics-06/timer", circuit=c).differences(c) == []
    wrong = c.with_part(dataclasses.replace(c.part("R1"), value=47e3))
    problems = wiring.build("electronics-06/timer").differences(wrong)
    assert any("47 kΩ" in p and "100 kΩ" in p for p in problems)
    moved = Circuit("timer")
    moved.add_voltage_source("V1", "5V", "0", 5)
    moved.add_resistor("R1", "5V", "plus", "100k")
    moved.add_capacitor("C1", "5V", "0", "100u")     # the capacitor on the wrong node
    with pytest.raises(wiring.WiringError, match="does not match"):
        wiring.build("electronics-06/timer", circuit=moved)


def test_bad_holes_say_what_to_use():
    with pytest.raises(wiring.WiringError, match="A1 .. J30"):
        wiring.Wiring("x", [wiring.Component("R1", "resistor", ("K3", "B7"), 330)], [])
    with pytest.raises(wiring.WiringError, match="no rail hole"):
        wiring.Wiring("x", [], [wiring.Wire("uno.5V", "bottom+7", "red")])
    with pytest.raises(wiring.WiringError, match="no pin"):
        wiring.Wiring("x", [], [wiring.Wire("uno.D14", "A3")])
    with pytest.raises(wiring.WiringError, match="both in hole"):
        wiring.Wiring("x", [wiring.Component("R1", "resistor", ("B3", "B7"), 330),
                            wiring.Component("R2", "resistor", ("B7", "B9"), 330)], [])
    with pytest.raises(wiring.WiringError, match="no build called"):
        wiring.build("electronics-99/nothing")


def test_breadboard_strips_join_the_way_a_real_board_does():
    # A-E of a row are one strip, F-J another; a rail is one strip along its length
    assert wiring._strip("A12") == wiring._strip("E12") != wiring._strip("F12")
    assert wiring._strip("bottom+2") == wiring._strip("bottom+29") != wiring._strip("bottom-2")
    assert wiring._strip("uno.GND") == wiring._strip("uno.GND3")


def test_led_pinout_names_both_legs():
    svg = wiring.led_pinout().svg
    for words in ("anode (+)", "cathode (−)", "long leg", "short leg", "flat side"):
        assert words in svg


# -- the lessons ------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_every_build_with_a_breadboard_has_a_wiring_picture(path):
    nb = notebook(path)
    kit = nb["metadata"]["stemkit"]["kit"]
    found = calls(nb)
    if any(NEEDS_PICTURE.search(item) for item in kit):
        assert found, f"{path.name}: the kit names a breadboard or sensor, but the build section has no wiring picture"
    for name, _circuit in found:
        assert name in wiring.BUILDS
        assert name.split("/")[0] == nb["metadata"]["stemkit"]["id"]
    # each picture is shown: a cell calls .breadboard() and one calls .schematic()
    text = "\n".join(source(c) for c in build_section(nb) if c["cell_type"] == "code")
    if found:
        assert text.count(".breadboard()") == len(found) and text.count(".schematic()") == len(found)


def _kit_values(item: str) -> list[float]:
    return [parse(f"{n}{p}") for n, p, _u in VALUE.findall(item)]


@pytest.mark.parametrize("path", [p for p in LESSONS if calls(notebook(p))], ids=ids([p for p in LESSONS
                                                                                        if calls(notebook(p))]))
def test_pictures_and_kit_list_agree(path):
    nb = notebook(path)
    kit = nb["metadata"]["stemkit"]["kit"]
    parts = [p for name, _c in calls(nb) for p in wiring.build(name).parts]
    alternatives = [(p.kind, v) for p in parts for v in p.then]
    for p in parts:
        noun = NOUNS[p.kind]
        items = [i for i in kit if noun.lower() in i.lower()]
        assert items, f"{path.name}: the picture has a {noun} ({p.name}) that the kit does not list"
        if p.kind == "led":
            assert any(p.colour in i for i in items), f"{path.name}: no {p.colour} LED in the kit"
        elif p.value is not None and p.kind != "ldr":
            assert any(any(math.isclose(v, p.value) for v in _kit_values(i)) for i in items), \
                f"{path.name}: {p.kit_words()} ({p.name}) is not in the kit list {items}"
    # and back: every value the kit lists for a part is in a picture (or swapped in)
    for item in kit:
        if "optional" in item or "multimeter" in item:
            continue
        for noun in NOUNS.values():
            if noun.lower() not in item.lower():
                continue
            for v in _kit_values(item):
                unit_ok = [q for q in parts if q.value is not None and math.isclose(q.value, v)]
                swapped = [k for k, a in alternatives if math.isclose(a, v)]
                assert unit_ok or swapped, f"{path.name}: the kit's {item!r} has {v:g}, in no picture"
    # a count in the kit ("three 10 kΩ resistors") is enough for every picture
    words = {"one": 1, "two": 2, "three": 3, "four": 4}
    for item in kit:
        m = re.match(r"^(one|two|three|four) (\d+(?:\.\d+)?\s*[kM]?Ω) resistors$", item)
        if m:
            for name, _c in calls(nb):
                same = [p for p in wiring.build(name).parts
                        if p.kind == "resistor" and math.isclose(p.value, parse(m.group(2)))]
                assert len(same) <= words[m.group(1)]


CIRCUIT_CALLS = [(p, name, circuit) for p in LESSONS for name, circuit in calls(notebook(p)) if circuit]


@pytest.mark.parametrize("path,name,circuit", CIRCUIT_CALLS, ids=[f"{p.stem}-{c}" for p, _n, c in CIRCUIT_CALLS])
def test_picture_matches_the_lessons_circuit(path, name, circuit):
    c = lesson_circuit(notebook(path), circuit)
    bench = wiring.build(name)
    assert bench.differences(c) == []
    # the same parts with the same values
    board = {p.name: p for p in bench.parts}
    for part in c.parts.values():
        if part.kind in ("R", "C"):
            assert math.isclose(board[part.name].value, part.value)
    # and a changed circuit is caught
    r = next(p for p in c.parts.values() if p.kind == "R")
    changed = c.with_part(dataclasses.replace(r, value=r.value * 2))
    assert bench.differences(changed)


def test_lessons_with_a_circuit_pass_it_to_the_picture():
    # the lessons whose build has a Circuit: the schematic comes from it
    with_circuit = {n for _p, n, _c in CIRCUIT_CALLS}
    assert {"electronics-05/bridge", "electronics-06/timer", "electronics-07/sensors",
            "electronics-09/filter"} <= with_circuit


# -- typed readings in build cells ----------------------------------------------------------------
def run_cells(path: Path, edits: dict[str, str], run: str) -> dict:
    """Run the setup cell, the cells the build cell needs, the typed values (the values of ``edits``),
    then the cell containing ``run``, with a typed value put in its place when it sets one itself."""
    nb = notebook(path)
    code = [source(c) for c in nb["cells"] if c["cell_type"] == "code"]
    ns: dict = {}
    exec(code[0], ns)
    cell = next(c for c in code if run in c)
    if "predicted.voltage" in cell:                   # lesson 05 scales the circuit's prediction
        exec(next(c for c in code if "predicted = build.operating_point()" in c), ns)
    for new in edits.values():
        exec(new, ns)
        name = new.split(" = ")[0]
        cell = re.sub(rf"^{re.escape(name)} = \[.*?\n\]\n", lambda m, new=new: new + "\n", cell, flags=re.DOTALL | re.MULTILINE)
    exec(cell, ns)
    return ns


E01 = ROOT / "lessons/electronics/01-ohms-law.ipynb"
E04 = ROOT / "lessons/electronics/04-leds-and-diodes.ipynb"


def test_e01_reads_units_and_a_decimal_comma(capsys):
    run_cells(E01, {"measured_supply": 'measured_supply = "4.9 V"\nmeasured_resistor = "2,9"\nmeasured_led = 2.0'},
              "i_measured = ohm.current")
    out = capsys.readouterr().out
    assert "current from your resistor reading: 8.79 mA" in out


@pytest.mark.parametrize("typed,words", [("0", "measured_led = 0 V cannot be right"),
                                         ("'Red'", "measured_led = 'Red' is not a reading"),
                                         ("'2 A'", "measured_led = '2 A' is not a reading")])
def test_e01_bad_readings_give_a_plain_message(typed, words):
    with pytest.raises(ReadingError, match=re.escape(words)):
        run_cells(E01, {"measured_supply": f"measured_supply = 5\nmeasured_resistor = 3\nmeasured_led = {typed}"},
                  "i_measured = ohm.current")


def test_e04_colour_in_any_case_and_an_unknown_one(capsys):
    run_cells(E04, {"measurements": 'measurements = [("Red", 330, "1.9 V", "3,0"), ("blue", "1k", None, None)]'},
              "for colour, r, v_led, v_r in measurements:")
    out = capsys.readouterr().out
    assert "red" in out.lower() and "current 9.09 mA" in out and "not measured yet" in out
    with pytest.raises(ReadingError, match="choose one of red, green, blue, white"):
        run_cells(E04, {"measurements": 'measurements = [("purple", 330, 1.9, 3.0)]'},
                  "for colour, r, v_led, v_r in measurements:")
    with pytest.raises(ReadingError, match="0 V cannot be right"):
        run_cells(E04, {"measurements": 'measurements = [("red", 330, 0, 3.0)]'},
                  "for colour, r, v_led, v_r in measurements:")


@pytest.mark.parametrize("lesson,setup,run,bad", [
    ("electronics/02-resistor-colour-codes", 'my_resistors = [("brown black red gold", {v})]',
     "for colours, measured in my_resistors:", "the measured value of 'brown black red gold'"),
    ("electronics/03-series-parallel-dividers", "measured_supply = 5\nmeasured_unloaded = {v}\nmeasured_loaded = 1.7",
     "predicted = networks.voltage_divider(supply_voltage=supply", "measured_unloaded"),
    ("electronics/05-kirchhoff-and-nodal-analysis", "measured_supply = 5\nmeasured_a = {v}\nmeasured_b = 3",
     "scale = supply / 5", "measured_a"),
    ("electronics/06-capacitors-and-rc-timing", "measured = {{10: {v}, 20: 4.3, 30: 4.7, 60: 5}}\n"
     "measured_supply = 5", "v_pred = float(rc.charge_voltage", "measured[10]"),
    ("electronics/08-pwm-and-motors", "my_rating = {{64: 5, 128: {v}, 191: 9}}", "closer = ", "my_rating[128]"),
    ("electronics/09-rc-filters-and-bode", "measured_supply = 5\nmeasured_output = {{64: {v}, 128: 2.5, 191: 3.7}}",
     "v_pred = pwm.average_voltage(duty=pwm.duty_from_analog_write(value), high_voltage=supply)",
     "measured_output[64]"),
    ("start/01-welcome", "", "blinks_counted = ", "blinks_counted"),
])
def test_build_cells_read_text_and_refuse_nonsense(lesson, setup, run, bad, capsys):
    path = ROOT / "lessons" / f"{lesson}.ipynb"
    if lesson.startswith("start"):
        nb = notebook(path)
        code = [source(c) for c in nb["cells"] if c["cell_type"] == "code"]
        cell = next(c for c in code if run in c)
        ns: dict = {}
        exec(code[0], ns)
        exec(cell.replace("blinks_counted = 20", 'blinks_counted = "19"'), ns)
        assert "counted 19 - difference -1" in capsys.readouterr().out
        with pytest.raises(ReadingError, match=bad):
            exec(cell.replace("blinks_counted = 20", 'blinks_counted = "twenty"'), dict(ns))
        return
    good = "'1,25 V'" if "rating" not in setup else "'7'"
    if "resistor" in lesson:
        good = "'1k'"
    run_cells(path, {"_": setup.format(v=good)}, run)
    assert "Type your" not in capsys.readouterr().out
    for typed in ("0", "'abc'") if "rating" not in setup else ("'abc'", "11"):
        with pytest.raises(ReadingError, match=re.escape(bad)):
            run_cells(path, {"_": setup.format(v=typed)}, run)


def test_e07_log_pairs_and_thermometer_read_text(capsys):
    path = ROOT / "lessons/electronics/07-sensors-and-the-arduino-adc.ipynb"
    run_cells(path, {"_": 'my_log = [("612", "20,5 °C"), (None, None)]'}, "pairs = [")
    assert "612 counts" in capsys.readouterr().out
    with pytest.raises(ReadingError, match="an A0 reading in my_log"):
        run_cells(path, {"_": 'my_log = [("lots", 20)]'}, "pairs = [")


@pytest.mark.parametrize("name", ["electronics-06/timer", "electronics-08/leds", "electronics-09/filter"])
def test_electrolytic_stripe_is_drawn_on_the_minus_leg(name):
    bench = wiring.build(name)
    svg = bench._draw().get_imagedata("svg").decode("utf-8")
    stripe = float(re.search(r'<path d="M ([-\d.]+) [-\d.]+[^"]*" style="[^"]*stroke:#dff1f6', svg).group(1))
    cap = next(p for p in bench.parts if p.electrolytic)
    pitch = 0.1 * 3.5 * 36                       # one hole [pt]: 0.1 inch, 3.5 units an inch, 36 pt a unit
    plus_x, minus_x = ((int(h[1:]) - 1) * pitch for h in cap.legs)
    assert abs(stripe - minus_x) < abs(stripe - plus_x)
