"""Tests of stemkit.robotics.motor: the exact first-order step and voltage saturation."""

import math

import numpy as np
import pytest

from stemkit.robotics.motor import DCMotor


def test_constant_voltage_follows_the_exponential():
    m = DCMotor(gain=3.5, time_constant=0.12, max_voltage=6.0)
    dt = 0.007
    w = m.simulate(np.full(200, 4.0), dt=dt, initial_speed=2.0)
    t = np.arange(201) * dt
    expected = 3.5 * 4.0 + (2.0 - 14.0) * np.exp(-t / 0.12)
    assert np.allclose(w, expected, rtol=1e-12)


def test_exact_step_does_not_depend_on_step_size():
    m = DCMotor()
    one = m.step(1.0, 3.0, 0.2)
    two = m.step(m.step(1.0, 3.0, 0.1), 3.0, 0.1)
    assert one == pytest.approx(two, rel=1e-12)


def test_saturation_and_steady_speed():
    m = DCMotor(gain=3.5, max_voltage=6.0)
    assert m.clip(9.0) == 6.0 and m.clip(-9.0) == -6.0 and m.clip(2.5) == 2.5
    assert m.steady_speed(12.0) == pytest.approx(21.0)
    w = m.simulate(np.full(2000, 12.0), dt=0.001)
    assert w[-1] == pytest.approx(21.0, rel=1e-6)
    assert np.all(np.diff(w) > 0)


def test_coefficients():
    a, b = DCMotor(gain=2.0, time_constant=0.5).coefficients(0.5)
    assert a == pytest.approx(math.exp(-1)) and b == pytest.approx(2.0 * (1 - math.exp(-1)))


def test_bad_input_is_clear():
    with pytest.raises(ValueError, match="time_constant must be > 0"):
        DCMotor(time_constant=0)
    with pytest.raises(ValueError, match="max_voltage must be > 0"):
        DCMotor(max_voltage=-6)
    with pytest.raises(ValueError, match="voltage must be finite"):
        DCMotor().simulate([1.0, float("nan")], dt=0.01)
    with pytest.raises(ValueError, match="dt must be > 0"):
        DCMotor().coefficients(0.0)
