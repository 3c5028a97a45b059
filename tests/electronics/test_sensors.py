"""Thermistors, photoresistors and sensor dividers: closed forms, inverses, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemkit.electronics import networks, sensors

K = sensors.ZERO_CELSIUS


def test_ntc_b_equation_closed_form():
    assert sensors.ntc_resistance(temperature=25 + K) == pytest.approx(10e3, rel=1e-12)
    expected = 10e3 * math.exp(3950 * (1 / (0 + K) - 1 / (25 + K)))
    assert sensors.ntc_resistance(temperature=K) == pytest.approx(expected, rel=1e-12)
    # NTC: hotter means less resistance, everywhere
    t = np.linspace(-40, 125, 100) + K
    assert np.all(np.diff(sensors.ntc_resistance(temperature=t)) < 0)


@settings(deadline=None)  # timing varies on a shared machine
@given(tc=st.floats(-40, 150), beta=st.floats(2500, 5000), r25=st.floats(100, 1e6))
def test_ntc_inverse(tc, beta, r25):
    r = sensors.ntc_resistance(temperature=tc + K, beta=beta, r25=r25)
    assert sensors.ntc_temperature(resistance=r, beta=beta, r25=r25) == pytest.approx(tc + K, rel=1e-12)


def test_steinhart_hart_three_points_are_exact_and_close_between():
    cal = np.array([0.0, 25.0, 50.0]) + K
    r_cal = sensors.ntc_resistance(temperature=cal)
    a, b, c = sensors.steinhart_hart_coefficients(resistances=r_cal, temperatures=cal)
    np.testing.assert_allclose(sensors.steinhart_hart_temperature(resistance=r_cal, a=a, b=b, c=c), cal, rtol=1e-11)
    # with C = 0 Steinhart-Hart is exactly the B equation: A = 1/T25 - ln(R25)/B, B_sh = 1/B
    assert b == pytest.approx(1 / 3950, rel=1e-6)
    assert abs(c) < 1e-12
    t = np.linspace(0, 50, 11) + K
    np.testing.assert_allclose(sensors.steinhart_hart_temperature(resistance=sensors.ntc_resistance(temperature=t),
                                                                  a=a, b=b, c=c), t, atol=1e-6)


@settings(deadline=None)  # timing varies on a shared machine
@given(tc=st.floats(-40, 150))
def test_steinhart_hart_resistance_inverts_temperature(tc):
    a, b, c = 1.009249522e-3, 2.378405444e-4, 2.019202697e-7
    r = sensors.steinhart_hart_resistance(temperature=tc + K, a=a, b=b, c=c)
    assert sensors.steinhart_hart_temperature(resistance=r, a=a, b=b, c=c) == pytest.approx(tc + K, rel=1e-10)


def test_ldr_power_law():
    assert sensors.ldr_resistance(illuminance=10) == pytest.approx(15e3)
    # ten times the light: resistance divided by 10**gamma
    assert sensors.ldr_resistance(illuminance=100) / sensors.ldr_resistance(illuminance=1000) == \
        pytest.approx(10**0.6)
    e = np.geomspace(0.5, 1e4, 30)
    np.testing.assert_allclose(sensors.ldr_illuminance(resistance=sensors.ldr_resistance(illuminance=e)), e,
                               rtol=1e-12)
    # a straight line on log-log axes with slope -gamma
    slope = np.polyfit(np.log(e), np.log(sensors.ldr_resistance(illuminance=e)), 1)[0]
    assert slope == pytest.approx(-0.6)


@settings(deadline=None)  # timing varies on a shared machine
@given(r=st.floats(100, 1e6), rf=st.floats(100, 1e6), pos=st.sampled_from(["bottom", "top"]))
def test_sensor_divider_inverse_and_symmetry(r, rf, pos):
    v = sensors.sensor_divider(supply_voltage=5, sensor_resistance=r, fixed_resistance=rf, sensor_position=pos)
    assert sensors.sensor_resistance(output_voltage=v, supply_voltage=5, fixed_resistance=rf,
                                     sensor_position=pos) == pytest.approx(r, rel=1e-9)
    other = "top" if pos == "bottom" else "bottom"
    # swapping the two positions mirrors the output around the supply
    assert v + sensors.sensor_divider(supply_voltage=5, sensor_resistance=r, fixed_resistance=rf,
                                      sensor_position=other) == pytest.approx(5.0)


def test_best_fixed_resistance_maximises_the_swing():
    lo, hi = 2e3, 50e3
    best = sensors.best_fixed_resistance(sensor_min=lo, sensor_max=hi)
    candidates = np.geomspace(100, 1e6, 4001)
    swing = (networks.voltage_divider(supply_voltage=5, top_resistance=candidates, bottom_resistance=hi)
             - networks.voltage_divider(supply_voltage=5, top_resistance=candidates, bottom_resistance=lo))
    assert candidates[np.argmax(swing)] == pytest.approx(best, rel=0.01)


def test_ntc_table():
    tab = sensors.ntc_table()
    assert tab["temperature_c"][0] == -40 and tab["temperature_c"][-1] == 125
    assert tab["resistance_ohm"][tab["temperature_c"] == 25][0] == pytest.approx(10e3)


def test_logs_are_deterministic_and_plausible():
    a = sensors.thermistor_log(seed=2024)
    b = sensors.thermistor_log(seed=2024)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    assert not np.array_equal(sensors.thermistor_log(seed=1)["adc_counts"], a["adc_counts"])
    # hotter water, lower NTC resistance, lower voltage at the bottom of the divider
    assert np.corrcoef(a["reference_c"], a["adc_counts"])[0, 1] < -0.99
    light = sensors.ldr_log(seed=7)
    assert np.all(np.diff(light["adc_counts"]) > -20)  # more light, more counts (small scatter aside)
    assert np.corrcoef(np.log(light["illuminance_lx"]), light["adc_counts"])[0, 1] > 0.95
    assert light["adc_counts"].dtype.kind == "i" and light["adc_counts"].max() <= 1023


def test_bad_input():
    with pytest.raises(ValueError, match="temperature must be > 0 K"):
        sensors.ntc_resistance(temperature=-10)
    with pytest.raises(ValueError, match="resistance must be > 0 Ω"):
        sensors.ntc_temperature(resistance=0)
    with pytest.raises(ValueError, match="4k7k"):
        sensors.ntc_temperature(resistance="4k7k")
    with pytest.raises(ValueError, match="illuminance must be > 0 lx"):
        sensors.ldr_resistance(illuminance=0)
    with pytest.raises(ValueError, match="sensor_position must be"):
        sensors.sensor_divider(supply_voltage=5, sensor_resistance=1e3, fixed_resistance=1e3, sensor_position="left")
    with pytest.raises(ValueError, match="open or shorted"):
        sensors.sensor_resistance(output_voltage=5, supply_voltage=5, fixed_resistance=1e3)
    with pytest.raises(ValueError, match="at least 3 calibration points"):
        sensors.steinhart_hart_coefficients(resistances=[1e3, 2e3], temperatures=[300, 310])
