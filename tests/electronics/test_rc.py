"""RC closed forms, checked against each other, against calculus facts and against the simulator."""

import math

import numpy as np
import pytest

from stemkit.electronics import rc
from stemkit.electronics.circuit import Circuit


def test_time_constant_and_63_percent():
    tau = rc.time_constant(resistance=4.7e3, capacitance=220e-6)
    assert tau == pytest.approx(1.034)
    v = rc.charge_voltage([tau, 5 * tau], supply_voltage=9, resistance=4.7e3, capacitance=220e-6)
    assert v[0] / 9 == pytest.approx(1 - math.exp(-1))
    assert v[1] / 9 > 0.99


def test_charge_slope_at_start_is_supply_over_tau():
    # dv/dt at t = 0 is Vs / τ: the tangent hits the supply after one τ.
    tau = rc.time_constant(resistance=1e3, capacitance=1e-6)
    h = 1e-9
    v = rc.charge_voltage([0.0, h], supply_voltage=5, resistance=1e3, capacitance=1e-6)
    assert (v[1] - v[0]) / h == pytest.approx(5 / tau, rel=1e-5)


def test_discharge_is_charge_mirrored():
    t = np.linspace(0, 5e-3, 11)
    up = rc.charge_voltage(t, supply_voltage=5, resistance=1e3, capacitance=1e-6)
    down = rc.discharge_voltage(t, initial_voltage=5, resistance=1e3, capacitance=1e-6)
    np.testing.assert_allclose(up + down, 5.0)


def test_time_to_reach_inverts_charge_voltage():
    for target in (0.5, 2.5, 4.9):
        t = rc.time_to_reach(target, supply_voltage=5, resistance=10e3, capacitance=10e-6, initial_voltage=0.2)
        v = rc.charge_voltage(t, supply_voltage=5, resistance=10e3, capacitance=10e-6, initial_voltage=0.2)
        assert float(v) == pytest.approx(target, rel=1e-12)
    # Discharging towards 0 V: the Arduino logic-low threshold of about 1.5 V on a 5 V Uno.
    t = rc.time_to_reach(1.5, supply_voltage=0, resistance=10e3, capacitance=1e-6, initial_voltage=5)
    assert t == pytest.approx(10e3 * 1e-6 * math.log(5 / 1.5))
    with pytest.raises(ValueError, match=r"target voltage 6 V is never reached"):
        rc.time_to_reach(6, supply_voltage=5, resistance=1e3, capacitance=1e-6)


def test_negative_time_is_before_the_switch():
    v = rc.charge_voltage([-1.0], supply_voltage=5, resistance=1e3, capacitance=1e-6, initial_voltage=1.0)
    assert v.tolist() == [1.0]


@pytest.mark.parametrize("kwargs, message", [
    ({"resistance": 0, "capacitance": 1e-6}, r"resistance must be > 0 Ω, got 0"),
    ({"resistance": 1e3, "capacitance": -1e-6}, r"capacitance must be > 0 F, got -1e-06"),
    ({"resistance": float("nan"), "capacitance": 1e-6}, r"resistance must be > 0 Ω"),
])
def test_bad_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rc.time_constant(**kwargs)


def test_lowpass_magnitude_phase_and_complex_gain_agree():
    f = np.logspace(0, 6, 61)
    h = rc.lowpass_response(f, resistance=1e3, capacitance=100e-9)
    np.testing.assert_allclose(20 * np.log10(np.abs(h)), rc.lowpass_magnitude_db(f, resistance=1e3, capacitance=100e-9))
    np.testing.assert_allclose(np.degrees(np.angle(h)), rc.lowpass_phase_deg(f, resistance=1e3, capacitance=100e-9))
    fc = rc.cutoff_frequency(resistance=1e3, capacitance=100e-9)
    assert float(rc.lowpass_magnitude_db(fc, resistance=1e3, capacitance=100e-9)) == pytest.approx(-10 * math.log10(2))
    # -20 dB per decade well above the cutoff.
    m = rc.lowpass_magnitude_db([100 * fc, 1000 * fc], resistance=1e3, capacitance=100e-9)
    assert m[0] - m[1] == pytest.approx(20.0, abs=1e-3)


def test_closed_forms_match_the_simulator():
    c = Circuit()
    c.add_voltage_source("V1", "in", "0", 5)
    c.add_resistor("R1", "in", "out", "10k")
    c.add_capacitor("C1", "out", "0", "10u", initial_voltage=0)
    res = c.transient(stop_time=0.5, time_step=1e-4, initial="given")
    closed = rc.charge_voltage(res.time, supply_voltage=5, resistance=10e3, capacitance=10e-6)
    assert np.max(np.abs(res.voltage("out") - closed)) < 1e-5
    ac = c.ac(frequencies=[1.0, 10.0, 100.0], source="V1")
    np.testing.assert_allclose(ac.magnitude_db("out"),
                               rc.lowpass_magnitude_db([1.0, 10.0, 100.0], resistance=10e3, capacitance=10e-6))


def test_schmitt_trigger_matches_a_step_by_step_reading():
    rng = np.random.default_rng(3)
    v = np.cumsum(rng.normal(0, 0.4, 2000)) % 5.0
    state = True
    expected = []
    for x in v:
        if state and x < 1.5:
            state = False
        elif not state and x > 3.0:
            state = True
        expected.append(state)
    got = rc.schmitt_trigger(v, low_threshold=1.5, high_threshold=3.0, initial=True)
    assert got.tolist() == expected
    with pytest.raises(ValueError, match=r"low threshold \(3.0 V\) must be below the high threshold"):
        rc.schmitt_trigger(v, low_threshold=3.0, high_threshold=1.5)
