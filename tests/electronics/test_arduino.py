"""The Arduino ADC and least-squares calibration: exact steps, round trips, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemkit.electronics import arduino


def test_datasheet_steps():
    # ATmega328P: ADC = Vin * 1024 / Vref
    assert arduino.lsb() == 5 / 1024
    assert arduino.adc_counts(voltage=2.5) == 512
    assert arduino.adc_counts(voltage=5 / 1024) == 1
    assert arduino.adc_counts(voltage=5 / 1024 * 0.999) == 0
    assert arduino.adc_counts(voltage=5.0) == 1023
    assert arduino.adc_counts(voltage=1.1, reference_voltage=1.1) == 1023
    assert arduino.adc_counts(voltage=1.65, reference_voltage=3.3, bits=12) == 2048
    np.testing.assert_array_equal(arduino.adc_counts(voltage=np.arange(1024) * 5 / 1024), np.arange(1024))


@settings(deadline=None)  # timing varies on a shared machine
@given(v=st.floats(0, 5), vref=st.sampled_from([1.1, 3.3, 5.0]), bits=st.sampled_from([8, 10, 12]))
def test_quantisation_error_is_under_one_step(v, vref, bits):
    v = min(v, vref)
    counts = arduino.adc_counts(voltage=v, reference_voltage=vref, bits=bits)
    assert 0 <= counts <= 2**bits - 1
    back = arduino.counts_to_voltage(counts=counts, reference_voltage=vref, bits=bits)
    step = arduino.lsb(reference_voltage=vref, bits=bits)
    assert -1e-9 <= v - back < step * (1 + 1e-9)
    # and the count's own voltage reads back as the same count
    assert arduino.adc_counts(voltage=back, reference_voltage=vref, bits=bits) == counts


def test_counts_are_monotonic():
    v = np.linspace(0, 5, 5001)
    c = arduino.adc_counts(voltage=v)
    assert np.all(np.diff(c) >= 0) and c[0] == 0 and c[-1] == 1023


def test_least_squares_line_closed_form_and_numpy():
    rng = np.random.default_rng(3)
    x = np.linspace(0, 1023, 50)
    y = -0.08 * x + 75 + rng.normal(0, 0.3, x.size)
    fit = arduino.least_squares_line(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    assert fit.slope == pytest.approx(slope, rel=1e-10)
    assert fit.intercept == pytest.approx(intercept, rel=1e-10)
    # residuals of a least-squares line sum to zero and are uncorrelated with x
    assert fit.residuals.sum() == pytest.approx(0, abs=1e-9)
    assert fit.residuals @ (x - x.mean()) == pytest.approx(0, abs=1e-6)
    assert 0.99 < fit.r_squared <= 1
    np.testing.assert_allclose(fit.predict(x), y - fit.residuals)
    exact = arduino.least_squares_line([1, 2, 3], [2, 4, 6])
    assert (exact.slope, exact.intercept, exact.r_squared) == (2.0, 0.0, 1.0)


def test_bad_input():
    with pytest.raises(ValueError, match="voltage must be between 0 V and the reference"):
        arduino.adc_counts(voltage=5.5)
    with pytest.raises(ValueError, match="voltage must be between"):
        arduino.adc_counts(voltage=-0.1)
    with pytest.raises(ValueError, match="reference_voltage must be > 0 V"):
        arduino.adc_counts(voltage=1, reference_voltage=0)
    with pytest.raises(ValueError, match="bits must be a whole number"):
        arduino.adc_counts(voltage=1, bits=10.5)
    with pytest.raises(ValueError, match="counts must be whole numbers from 0 to 1023"):
        arduino.counts_to_voltage(counts=1024)
    with pytest.raises(ValueError, match="counts must be whole numbers"):
        arduino.counts_to_voltage(counts=3.5)
    with pytest.raises(ValueError, match="same number of points"):
        arduino.least_squares_line([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="all x values are equal"):
        arduino.least_squares_line([2, 2, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="at least 2 points"):
        arduino.least_squares_line([1], [1])
