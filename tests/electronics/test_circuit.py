"""Circuit: building parts, values as makers write them, waveforms, errors that teach."""

import math
import subprocess
import sys

import numpy as np
import pytest

from stemkit.electronics.circuit import (
    DC,
    LED_MODELS,
    PWM,
    THERMAL_VOLTAGE_27C,
    Circuit,
    Pulse,
    Sine,
    is_ground,
)


def test_values_are_parsed_like_makers_write_them():
    c = Circuit()
    c.add_resistor("R1", "a", "b", "4k7")
    c.add_resistor("R2", "b", "0", "4.7 kΩ")
    c.add_resistor("R3", "b", "c", "2M2")
    c.add_capacitor("C1", "c", "0", "100n")
    c.add_capacitor("C2", "c", "0", "10 µF")
    c.add_inductor("L1", "a", "c", "10 mH")
    assert c.part("R1").value == 4700.0
    assert c.part("R2").value == 4700.0
    assert c.part("R3").value == 2.2e6
    assert c.part("C1").value == pytest.approx(100e-9, rel=1e-15)
    assert c.part("C2").value == pytest.approx(10e-6, rel=1e-15)
    assert c.part("L1").value == pytest.approx(10e-3, rel=1e-15)


def test_ground_names_are_one_node():
    c = Circuit()
    c.add_voltage_source("V1", "a", "gnd", 5)
    c.add_resistor("R1", "a", "GND", 100)
    c.add_resistor("R2", "a", 0, 100)
    assert c.part("V1").nodes == ("a", "0")
    assert c.part("R1").nodes == ("a", "0")
    assert c.part("R2").nodes == ("a", "0")
    assert c.nodes == ["0", "a"]
    assert is_ground("0") and is_ground("gnd") and not is_ground("g")


@pytest.mark.parametrize("value", [-5, 0, "0", "-1k"])
def test_resistance_must_be_positive(value):
    with pytest.raises(ValueError, match=r"R1: resistance must be > 0 Ω"):
        Circuit().add_resistor("R1", "a", "b", value)


def test_zero_and_negative_capacitance_and_inductance():
    with pytest.raises(ValueError, match=r"C1: capacitance must be > 0 F, got -1e-06"):
        Circuit().add_capacitor("C1", "a", "0", -1e-6)
    with pytest.raises(ValueError, match=r"L1: inductance must be > 0 H"):
        Circuit().add_inductor("L1", "a", "0", 0)


def test_unparsable_value_names_the_part_and_the_text():
    with pytest.raises(ValueError, match=r"R7: resistance: cannot read '4k7k' as a value"):
        Circuit().add_resistor("R7", "a", "b", "4k7k")
    with pytest.raises(ValueError, match=r"V1: value: cannot read 'five'"):
        Circuit().add_voltage_source("V1", "a", "0", "five")


def test_unknown_part_kind_lists_what_is_known():
    with pytest.raises(ValueError, match=r"unknown part kind 'transistor' for Q1: stemkit knows resistor"):
        Circuit().add("transistor", "Q1", "a", "b")
    c = Circuit().add("R", "R1", "a", "0", "1k").add("capacitor", "C1", "a", "0", "1u")
    assert [p.kind for p in c.parts.values()] == ["R", "C"]


def test_unknown_part_lookup_lists_the_parts():
    c = Circuit().add_resistor("R1", "a", "0", 10)
    with pytest.raises(KeyError, match=r"no part named 'R9'.*R1"):
        c.part("R9")
    assert c.part("r1") is c.part("R1")


def test_duplicate_names_are_refused_even_in_another_case():
    c = Circuit().add_resistor("R1", "a", "0", 10)
    with pytest.raises(ValueError, match=r"already a part named 'R1'"):
        c.add_resistor("r1", "a", "0", 10)


@pytest.mark.parametrize("node", ["", "a b", None, 3.5])
def test_bad_node_names(node):
    with pytest.raises(ValueError, match=r"R1: a node name must be a word"):
        Circuit().add_resistor("R1", node, "0", 10)


def test_led_colours_and_models():
    c = Circuit()
    for colour in ("red", "green", "blue", "white"):
        c.add_led(f"D_{colour}", "a", "0", colour=colour)
        p = c.part(f"D_{colour}")
        # The model gives the typical forward voltage at 20 mA (Shockley law, independently evaluated).
        nvt = p.params["emission_coefficient"] * THERMAL_VOLTAGE_27C
        v = nvt * math.log1p(0.020 / p.params["saturation_current"]) + 0.020 * p.params["series_resistance"]
        assert v == pytest.approx(LED_MODELS[colour]["forward_voltage"], abs=1e-9)
        # the same model as the LED module's datasheet LEDs
        from stemkit.electronics.leds import LEDS

        assert float(LEDS[colour].voltage(0.020)) == pytest.approx(v, abs=1e-9)
    with pytest.raises(ValueError, match=r"unknown LED colour 'purple'; choose one of red, green, blue, white"):
        c.add_led("D9", "a", "0", colour="purple")
    with pytest.raises(ValueError, match=r"unknown diode model 'BAT99'"):
        c.add_diode("D8", "a", "0", "BAT99")
    # Red LEDs drop less than blue ones (datasheet order).
    assert LED_MODELS["red"]["forward_voltage"] < LED_MODELS["green"]["forward_voltage"] < LED_MODELS["blue"]["forward_voltage"]


def test_switch_events_are_sorted_and_checked():
    c = Circuit().add_switch("S1", "a", "b", events=[(2e-3, False), (1e-3, True)])
    assert c.part("S1").params["events"] == ((1e-3, True), (2e-3, False))
    with pytest.raises(ValueError, match=r"S2: each switch event is \(time, closed\)"):
        c.add_switch("S2", "a", "b", events=[1e-3])
    with pytest.raises(ValueError, match=r"S3: event time must be >= 0 s"):
        c.add_switch("S3", "a", "b", events=[(-1, True)])


def test_pulse_waveform_shape():
    p = Pulse(low=1, high=3, delay=1.0, rise=1.0, fall=2.0, width=1.0, period=10.0)
    t = np.array([0.0, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 11.5, 12.5])
    expected = np.array([1, 1, 2, 3, 3, 3, 2, 1, 1, 2, 3], dtype=float)
    np.testing.assert_allclose(p.value(t), expected, atol=1e-12)
    with pytest.raises(ValueError, match=r"must fit in the period"):
        Pulse(width=2.0, period=1.0)
    with pytest.raises(ValueError, match=r"pulse rise must be >= 0 s"):
        Pulse(rise=-1)


def test_pwm_average_equals_duty_times_high():
    s = PWM(frequency=490, duty=0.3, high=5)
    t = np.linspace(0, 10 / 490, 100_001)[:-1]
    assert s.value(t).mean() == pytest.approx(0.3 * 5, rel=1e-3)
    assert PWM(duty=1.0).value([0.0, 1.0]).tolist() == [5.0, 5.0]
    assert PWM(duty=0.0).value([0.0, 1.0]).tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match=r"PWM duty must be between 0 and 1, got 1.5"):
        PWM(duty=1.5)
    with pytest.raises(ValueError, match=r"PWM frequency must be > 0 Hz"):
        PWM(frequency=0)


def test_sine_and_dc_waveforms():
    s = Sine(offset=1.0, amplitude=2.0, frequency=50.0, phase_deg=90.0)
    assert float(s.value(0.0)) == pytest.approx(3.0)
    assert float(s.value(0.01)) == pytest.approx(-1.0)
    assert DC(2.5).value(np.zeros(3)).tolist() == [2.5, 2.5, 2.5]


def test_source_value_is_its_value_at_time_zero():
    c = Circuit().add_voltage_source("V1", "a", "0", Pulse(low=0.5, high=5, delay=1e-3))
    assert c.part("V1").value == 0.5


def test_describe_and_repr():
    c = Circuit("demo").add_resistor("R1", "a", "0", "330").add_switch("S1", "a", "0", closed=True)
    assert repr(c) == "Circuit('demo', 2 parts)"
    text = c.describe()
    assert "R1: resistor 330 Ω from a to 0" in text
    assert "S1: switch closed from a to 0" in text


def test_copy_and_with_part_leave_the_original_alone():
    c = Circuit().add_resistor("R1", "a", "0", 100)
    d = c.copy().add_resistor("R2", "a", "0", 100)
    assert len(c) == 1 and len(d) == 2


def test_core_imports_no_plotting_or_widgets():
    code = (
        "import sys\n"
        "import stemkit.electronics.circuit, stemkit.electronics.mna, stemkit.electronics.netlist\n"
        "import stemkit.electronics.spice, stemkit.electronics.rc, stemkit.electronics.pwm\n"
        "bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython', 'schemdraw') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
