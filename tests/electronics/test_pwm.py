"""PWM maths: duty, averages, ripple (exact and approximate), against simulation and brute force."""

import numpy as np
import pytest

from stemkit.electronics import pwm
from stemkit.electronics.circuit import PWM, Circuit


def test_duty_from_analog_write():
    assert pwm.duty_from_analog_write(0) == 0.0
    assert pwm.duty_from_analog_write(255) == 1.0
    assert pwm.duty_from_analog_write(127) == pytest.approx(127 / 255)
    assert pwm.duty_from_analog_write(1023, resolution_bits=10) == 1.0
    for bad in (-1, 256, 3.5, True):
        with pytest.raises(ValueError, match=r"analogWrite value must be a whole number from 0 to 255"):
            pwm.duty_from_analog_write(bad)


def test_arduino_frequency():
    assert pwm.ARDUINO_PWM_FREQUENCY == pytest.approx(490.2, abs=0.1)


def test_duty_cycle_and_average():
    assert pwm.duty_cycle(high_time=1e-3, period=4e-3) == 0.25
    with pytest.raises(ValueError, match=r"high time must be between 0 and the period"):
        pwm.duty_cycle(high_time=5e-3, period=4e-3)
    assert pwm.average_voltage(duty=0.25, high_voltage=5) == 1.25
    with pytest.raises(ValueError, match=r"duty cycle must be between 0 and 1, got 1.2"):
        pwm.average_voltage(duty=1.2, high_voltage=5)


def test_square_wave_average_is_duty_times_high():
    t = np.linspace(0, 1 / 490 * 20, 200_001)[:-1]
    w = pwm.square_wave(t, duty=0.7, frequency=490, high_voltage=5)
    assert w.mean() == pytest.approx(pwm.average_voltage(duty=0.7, high_voltage=5), rel=1e-3)


@pytest.mark.parametrize("duty", [0.1, 0.5, 0.8])
def test_steady_state_by_brute_force(duty):
    # Run the exact piecewise solution for many periods and compare its last period with the limits.
    kw = dict(duty=duty, frequency=1000, high_voltage=5, resistance=1e3, capacitance=1e-6)
    T = 1e-3
    t = np.linspace(40 * T, 41 * T, 20001)
    v = pwm.filtered_waveform(t, **kw)
    lo, hi = pwm.steady_state_limits(**kw)
    assert v.min() == pytest.approx(lo, abs=1e-9)
    assert v.max() == pytest.approx(hi, abs=1e-6)
    assert pwm.ripple(**kw) == pytest.approx(v.max() - v.min(), abs=1e-6)
    # The average of the output equals the average of the input (no DC current in a capacitor).
    assert v[:-1].mean() == pytest.approx(duty * 5, rel=1e-3)


def test_small_ripple_approximation_converges_to_exact():
    kw = dict(duty=0.3, high_voltage=5, resistance=10e3, capacitance=10e-6)
    for f, tol in ((100, 0.02), (490, 0.005), (5000, 1e-3)):
        exact = pwm.ripple(frequency=f, **kw)
        approx = pwm.ripple_small(frequency=f, **kw)
        assert approx == pytest.approx(exact, rel=tol)
    # Ripple falls as 1/f once T << τ.
    r1 = pwm.ripple(frequency=1000, **kw)
    r2 = pwm.ripple(frequency=2000, **kw)
    assert r1 / r2 == pytest.approx(2.0, rel=1e-3)


def test_extreme_duties_have_no_ripple():
    kw = dict(frequency=490, high_voltage=5, resistance=1e3, capacitance=1e-6)
    assert pwm.ripple(duty=0.0, **kw) == pytest.approx(0.0, abs=1e-12)
    assert pwm.ripple(duty=1.0, **kw) == pytest.approx(0.0, abs=1e-12)


def test_filtered_waveform_matches_simulator():
    c = Circuit()
    c.add_voltage_source("V1", "pin", "0", PWM(frequency=490, duty=0.4, high=5))
    c.add_resistor("R1", "pin", "out", "1k")
    c.add_capacitor("C1", "out", "0", "2.2u", initial_voltage=0)
    res = c.transient(stop_time=20e-3, time_step=2e-7, method="backward_euler", initial="given")
    exact = pwm.filtered_waveform(res.time, duty=0.4, frequency=490, high_voltage=5, resistance=1e3,
                                  capacitance=2.2e-6)
    assert np.max(np.abs(res.voltage("out") - exact)) < 2e-3
