"""Diodes and LEDs: Shockley closed forms, inverses, KVL, the resistor picker, ngspice side by side."""

import math
import re
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemkit.electronics import leds, ohm, resistors


def test_thermal_voltage():
    # kT/q at 300 K is 25.85 mV (CODATA constants)
    assert leds.thermal_voltage(300.0) == pytest.approx(0.025852, abs=1e-6)
    with pytest.raises(ValueError, match="temperature must be > 0 K"):
        leds.thermal_voltage(-1)


def test_shockley_closed_form_and_ten_times_rule():
    vt = leds.thermal_voltage()
    i = leds.diode_current(voltage=0.6, saturation_current=1e-14)
    assert i == pytest.approx(1e-14 * (math.exp(0.6 / vt) - 1), rel=1e-12)
    # ten times the current costs n·V_T·ln(10) more voltage (about 60 mV for n = 1)
    v1 = leds.diode_voltage(current=1e-3, saturation_current=1e-14)
    v10 = leds.diode_voltage(current=1e-2, saturation_current=1e-14)
    assert v10 - v1 == pytest.approx(vt * math.log((1e-2 / 1e-14 + 1) / (1e-3 / 1e-14 + 1)), rel=1e-12)
    assert v10 - v1 == pytest.approx(0.0596, abs=1e-3)
    # reverse bias: the current tends to -I_S
    assert leds.diode_current(voltage=-5, saturation_current=1e-14) == pytest.approx(-1e-14)


@settings(deadline=None)  # timing varies on a shared machine
@given(i=st.floats(1e-9, 0.05), rs=st.floats(0, 50), n=st.floats(1, 4))
def test_current_and_voltage_are_inverses(i, rs, n):
    v = leds.diode_voltage(current=i, saturation_current=1e-15, ideality=n, series_resistance=rs)
    back = leds.diode_current(voltage=v, saturation_current=1e-15, ideality=n, series_resistance=rs)
    assert back == pytest.approx(i, rel=1e-9)


def test_led_models_pass_through_their_datasheet_point():
    for colour, model in leds.LEDS.items():
        assert model.voltage(model.test_current) == pytest.approx(model.forward_voltage, rel=1e-12), colour
        assert model.current(model.forward_voltage) == pytest.approx(model.test_current, rel=1e-9), colour
        assert model.source
    # blue and white (InGaN) need more voltage than red and green
    assert leds.LEDS["blue"].forward_voltage > leds.LEDS["green"].forward_voltage > leds.LEDS["red"].forward_voltage
    # the curve is steep: from 5 mA to 20 mA the red LED's voltage rises by less than 0.2 V
    red = leds.LEDS["red"]
    assert 0 < red.voltage(0.020) - red.voltage(0.005) < 0.2


def test_led_resistor_closed_form():
    r = leds.led_resistor(supply_voltage=5, led="red", current=0.015)
    assert r.exact_resistance == pytest.approx(200.0)
    assert r.resistance == 220.0  # next E12 value up
    assert r.current == pytest.approx(3 / 220)
    assert r.current <= 0.015
    assert r.resistor_power == pytest.approx(ohm.power(voltage=3, resistance=220))
    assert r.resistor_voltage == pytest.approx(3.0)
    assert r.led_power == pytest.approx(2.0 * 3 / 220)
    assert r.power_rating == 0.125
    exact = leds.led_resistor(supply_voltage=5, forward_voltage=2.0, current=0.015, series=None)
    assert exact.resistance == pytest.approx(200.0) and exact.current == pytest.approx(0.015)


@settings(deadline=None)  # timing varies on a shared machine
@given(vs=st.floats(3.5, 24), i=st.floats(0.001, 0.025), series=st.sampled_from(["E6", "E12", "E24", "E96"]))
def test_led_resistor_invariants(vs, i, series):
    r = leds.led_resistor(supply_voltage=vs, forward_voltage=3.2, current=i, series=series)
    assert resistors.in_series(r.resistance, series=series)
    assert r.resistance >= r.exact_resistance * (1 - 1e-12)
    assert r.current <= i * (1 + 1e-12)
    # energy: the supply's power is the resistor's plus the LED's
    assert vs * r.current == pytest.approx(r.resistor_power + r.led_power, rel=1e-9)
    assert r.power_rating >= 2 * r.resistor_power


def test_led_resistor_bad_input():
    with pytest.raises(ValueError, match="must be above the LED's forward voltage"):
        leds.led_resistor(supply_voltage=3.3, led="blue", current=0.01)
    with pytest.raises(ValueError, match="current must be > 0 A"):
        leds.led_resistor(supply_voltage=5, led="red", current=0)
    with pytest.raises(ValueError, match="above the red LED's maximum"):
        leds.led_resistor(supply_voltage=5, led="red", current=0.05)
    with pytest.raises(ValueError, match="unknown LED colour 'purple'"):
        leds.led_resistor(supply_voltage=5, led="purple", current=0.01)
    with pytest.raises(ValueError, match="either led= .* or forward_voltage="):
        leds.led_resistor(supply_voltage=5, current=0.01)
    with pytest.raises(ValueError, match="cannot read"):
        leds.led_resistor(supply_voltage="5V5V", led="red", current=0.01)
    with pytest.raises(ValueError, match="saturation_current must be > 0"):
        leds.diode_current(voltage=0.6, saturation_current=0)


def test_operating_point_kvl_and_fixed_voltage_estimate():
    p = leds.operating_point(supply_voltage=5, resistance=150, led="red")
    assert p.current == pytest.approx(0.020, rel=1e-9)  # the datasheet point: 2.0 V + 150 Ω × 20 mA = 5 V
    vs = np.linspace(2.5, 12, 20)
    p = leds.operating_point(supply_voltage=vs, resistance=330, led="green")
    np.testing.assert_allclose(p.led_voltage + p.resistor_voltage, vs, rtol=1e-9)
    np.testing.assert_allclose(p.resistor_voltage, p.current * 330, rtol=1e-12)
    assert np.all(np.diff(p.current) > 0)
    # the simple "fixed 2.2 V" estimate is close once the LED is properly on
    estimate = (vs - 2.2) / 330
    on = p.current > 0.005
    np.testing.assert_allclose(p.current[on], estimate[on], rtol=0.1)


def _bisection_operating_point(vs, r, led, temperature=300.15):
    """The current from bisection on the current itself: V_supply = V_LED(I) + I R, halved 200 times."""
    vs, r = np.broadcast_arrays(np.asarray(vs, dtype=float), np.asarray(r, dtype=float))
    lo, hi = np.zeros_like(vs), np.maximum(vs, 0.0) / r
    for _k in range(200):
        mid = 0.5 * (lo + hi)
        total = np.asarray(led.voltage(mid, temperature=temperature)) + mid * r - vs
        lo, hi = np.where(total < 0, mid, lo), np.where(total < 0, hi, mid)
    return 0.5 * (lo + hi)


@pytest.mark.parametrize("colour", ["red", "green", "blue", "white"])
def test_operating_point_equals_bisection_on_the_current(colour):
    led = leds.LEDS[colour]
    # from no light at all (0.1 V) through the knee to far past the maximum, tiny to huge resistors
    vs, r = np.meshgrid(np.concatenate([[1e-6, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5], np.linspace(4, 30, 27)]),
                        np.geomspace(0.1, 1e7, 29))
    i = leds.operating_point(supply_voltage=vs, resistance=r, led=led).current
    ref = _bisection_operating_point(vs, r, led)
    np.testing.assert_allclose(i, ref, rtol=1e-9, atol=0)
    hot = leds.operating_point(supply_voltage=vs, resistance=r, led=led, temperature=330.0).current
    np.testing.assert_allclose(hot, _bisection_operating_point(vs, r, led, 330.0), rtol=1e-9, atol=0)
    # one value at a time gives the same as the whole grid
    assert leds.operating_point(supply_voltage=5.0, resistance=220.0, led=led).current == pytest.approx(
        float(_bisection_operating_point(5.0, 220.0, led)), rel=1e-9)


def test_operating_point_with_no_supply_gives_no_current():
    p = leds.operating_point(supply_voltage=[0.0, -5.0, 5.0], resistance=220, led="red")
    assert p.current[0] == 0 and p.current[1] == 0 and p.current[2] > 0
    assert p.led_voltage[0] == 0 and p.resistor_voltage[1] == 0


# -- ngspice side by side -------------------------------------------------------------
def _ngspice_op(netlist: str, node: str, tmp_path) -> float:
    exe = shutil.which("ngspice")
    if exe is None:
        pytest.skip("ngspice is not installed (Debian package 'ngspice')")
    cir = tmp_path / "led.cir"
    out = tmp_path / "out.txt"
    cir.write_text(netlist + f"\n.control\nop\nwrdata {out} v({node}) i(vs)\n.endc\n.end\n")
    proc = subprocess.run([exe, "-b", str(cir)], capture_output=True, text=True, timeout=60)
    if not out.exists():
        pytest.fail(f"ngspice wrote no output:\n{proc.stdout}\n{proc.stderr}")
    numbers = [float(x) for x in re.split(r"\s+", out.read_text().strip().splitlines()[-1].strip())]
    return numbers[1], -numbers[3]


@pytest.mark.parametrize("colour,supply,resistance", [("red", 5.0, 330.0), ("blue", 9.0, 470.0),
                                                     ("white", 5.0, 100.0), ("green", 3.3, 68.0)])
def test_operating_point_matches_ngspice(colour, supply, resistance, tmp_path):
    led = leds.LEDS[colour]
    netlist = (f"LED bias\n.options temp=27 tnom=27\nVS in 0 DC {supply!r}\nR1 in a {resistance!r}\n"
               f"D1 a 0 DLED\n.model DLED D(IS={led.saturation_current!r} N={led.ideality!r} RS={led.series_resistance!r})")
    v_node, i_supply = _ngspice_op(netlist, "a", tmp_path)
    p = leds.operating_point(supply_voltage=supply, resistance=resistance, led=led)
    assert p.led_voltage == pytest.approx(v_node, abs=1e-3)  # 1 mV
    assert p.current == pytest.approx(i_supply, rel=1e-3)


def test_one_led_past_its_maximum_warns_a_sweep_does_not():
    import warnings

    from stemkit.electronics.circuit import RatingWarning

    with pytest.warns(RatingWarning, match=r"flows through the red LED, above its maximum of 30 mA"):
        p = leds.operating_point(supply_voltage=9, resistance=10, led="red")
    assert p.current > 0.03
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        leds.operating_point(supply_voltage=5, resistance=150, led="red")
        leds.operating_point(supply_voltage=9, resistance=[10, 100, 1000], led="red")


def test_led_colour_is_read_in_any_case_and_an_unknown_one_names_the_known():
    from stemkit.units import ReadingError

    assert leds.LEDS["Red"] is leds.LEDS["red"]
    assert leds.get_led(" Blue ") is leds.LEDS["blue"]
    with pytest.raises(KeyError):
        leds.LEDS["purple"]
    with pytest.raises(ReadingError, match="choose one of red, green, blue, white"):
        leds.LEDS["purple"]
    with pytest.raises(ValueError, match="'Purple'"):
        leds.get_led("Purple")
