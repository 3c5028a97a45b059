"""Ohm's law and power: closed forms, consistency of all forms, bad input."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemkit.electronics import ohm

positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


def test_closed_forms():
    assert ohm.current(voltage=9, resistance=450) == pytest.approx(0.02)
    assert ohm.voltage(current=0.02, resistance=150) == pytest.approx(3.0)
    assert ohm.resistance(voltage=12, current=0.5) == pytest.approx(24.0)
    assert ohm.power(voltage=12, current=0.5) == pytest.approx(6.0)
    assert ohm.power(current=0.5, resistance=24) == pytest.approx(6.0)
    assert ohm.power(voltage=12, resistance=24) == pytest.approx(6.0)


def test_text_values_like_makers_write_them():
    assert ohm.current(voltage="5 V", resistance="4k7") == pytest.approx(5 / 4700)
    assert ohm.resistance(voltage=3, current="20 mA") == pytest.approx(150)
    assert ohm.voltage(current="2 mA", resistance="2.2 kΩ") == pytest.approx(4.4)


def test_arrays_broadcast_and_scalars_are_floats():
    r = np.array([100.0, 220.0, 330.0])
    i = ohm.current(voltage=5, resistance=r)
    assert isinstance(i, np.ndarray) and i.shape == (3,)
    np.testing.assert_allclose(i * r, 5.0)
    assert type(ohm.current(voltage=5, resistance=100)) is float


def test_negative_voltage_gives_negative_current():
    assert ohm.current(voltage=-5, resistance=1000) == pytest.approx(-0.005)
    assert ohm.resistance(voltage=-5, current=-0.005) == pytest.approx(1000)


@settings(deadline=None)  # timing varies on a shared machine
@given(v=positive, r=positive)
def test_power_forms_agree(v, r):
    i = ohm.current(voltage=v, resistance=r)
    p1 = ohm.power(voltage=v, current=i)
    p2 = ohm.power(current=i, resistance=r)
    p3 = ohm.power(voltage=v, resistance=r)
    assert p1 == pytest.approx(p2, rel=1e-12)
    assert p1 == pytest.approx(p3, rel=1e-12)
    # Ohm's law inverted gives back what went in.
    assert ohm.resistance(voltage=v, current=i) == pytest.approx(r, rel=1e-12)
    assert ohm.voltage(current=i, resistance=r) == pytest.approx(v, rel=1e-12)


@settings(deadline=None)  # timing varies on a shared machine
@given(v=positive, r=positive)
def test_solve_from_every_pair_gives_the_same_resistor(v, r):
    truth = {"voltage": v, "current": v / r, "resistance": r, "power": v * v / r}
    for a, b in itertools.combinations(truth, 2):
        got = ohm.solve(**{a: truth[a], b: truth[b]})
        for name, expected in truth.items():
            assert getattr(got, name) == pytest.approx(expected, rel=1e-9), (a, b, name)
        # the invariants hold whatever was given
        assert got.voltage == pytest.approx(got.current * got.resistance, rel=1e-9)
        assert got.power == pytest.approx(got.voltage * got.current, rel=1e-9)


def test_solve_prints_with_units():
    text = str(ohm.solve(voltage=5, resistance=250))
    assert "20 mA" in text and "100 mW" in text and "250 Ω" in text


@pytest.mark.parametrize("bad", [0, -5, [100, -1]])
def test_resistance_must_be_positive(bad):
    with pytest.raises(ValueError, match="resistance must be > 0 Ω"):
        ohm.current(voltage=5, resistance=bad)


def test_zero_resistance_explains_short_circuit():
    with pytest.raises(ValueError, match="short circuit"):
        ohm.solve(voltage=5, resistance=0)


def test_unparsable_value():
    with pytest.raises(ValueError, match="4k7k"):
        ohm.current(voltage=5, resistance="4k7k")


def test_not_a_number():
    with pytest.raises(TypeError, match="voltage must be a number in V"):
        ohm.current(voltage=object(), resistance=100)
    with pytest.raises(ValueError, match="finite"):
        ohm.current(voltage=math.nan, resistance=100)
    with pytest.raises(TypeError, match="resistance is missing"):
        ohm.current(voltage=5, resistance=None)


def test_resistance_needs_current_and_matching_signs():
    with pytest.raises(ValueError, match="current must not be 0 A"):
        ohm.resistance(voltage=5, current=0)
    with pytest.raises(ValueError, match="same sign"):
        ohm.resistance(voltage=5, current=-0.01)


@pytest.mark.parametrize("kwargs", [{}, {"voltage": 5}, {"voltage": 5, "current": 1, "power": 5}])
def test_solve_needs_exactly_two(kwargs):
    with pytest.raises(ValueError, match="exactly two"):
        ohm.solve(**kwargs)


def test_power_needs_exactly_two():
    with pytest.raises(ValueError, match="exactly two"):
        ohm.power(voltage=1, current=1, resistance=1)


def test_required_power_rating():
    assert ohm.required_power_rating(power=0.1) == 0.25
    assert ohm.required_power_rating(power=0.125) == 0.25  # exactly half of 1/4 W fits
    assert ohm.required_power_rating(power=0.1, safety_factor=1) == 0.125
    assert ohm.required_power_rating(power=0) == 0.125
    got = ohm.required_power_rating(power=[0.01, 0.2, 0.3, 2.4])
    np.testing.assert_array_equal(got, [0.125, 0.5, 1.0, 5.0])
    assert ohm.required_power_rating(power=1.44) == 3.0   # 12 V across 100 Ω, twice the power: a 3 W part
    # the rating always covers the power with the margin, and the next one down would not
    ratings = np.array(ohm.POWER_RATINGS)
    for p in np.linspace(0.001, 2.5, 200):
        rating = ohm.required_power_rating(power=p)
        assert rating >= 2 * p - 1e-12
        lower = ratings[ratings < rating]
        assert lower.size == 0 or lower[-1] < 2 * p
    with pytest.raises(ValueError, match="too much"):
        ohm.required_power_rating(power=10)
    with pytest.raises(ValueError, match="power must be >= 0 W"):
        ohm.required_power_rating(power=-1)
