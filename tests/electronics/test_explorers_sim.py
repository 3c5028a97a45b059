"""RC, low-pass and PWM explorers, driven without a browser: set controls, check results,
plotted data, shown numbers and update speed."""

import math
import statistics

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from stemkit.electronics import pwm, rc  # noqa: E402
from stemkit.electronics.explorers import LowPassExplorer, PWMExplorer, RCExplorer  # noqa: E402


def _data(mark):
    return np.asarray(mark.x, dtype=float), np.asarray(mark.y, dtype=float)


def _median_update_s(ex, name, values):
    times = []
    for k in range(20):
        ex.controls[name].value = values[k % len(values)]
        assert ex.last_error is None, ex.last_error
        times.append(ex.last_update_s)
    return statistics.median(times)


def test_rc_explorer_charge():
    ex = RCExplorer(resistance=10e3, capacitance=100e-6, supply_voltage=5, threshold=2.5)
    assert ex.last_error is None
    assert ex.result["time_constant"] == pytest.approx(1.0)
    assert ex.result["voltage_at_tau"] == pytest.approx(5 * (1 - math.exp(-1)))
    assert ex.result["time_to_threshold"] == pytest.approx(math.log(2))
    t_plot, v_plot = _data(ex._curve)
    assert t_plot[-1] == pytest.approx(5.0)                    # 5 τ, shown in seconds
    np.testing.assert_allclose(v_plot, rc.charge_voltage(t_plot, supply_voltage=5, resistance=10e3,
                                                         capacitance=100e-6))
    assert ex.readout_values["time constant τ = R·C"] == "1 s"
    assert ex.readout_values["time to reach the threshold"] == "693 ms"


def test_rc_explorer_controls_and_discharge():
    ex = RCExplorer()
    ex.set(mode="discharge", resistance=1e3, capacitance=1e-6, supply_voltage=5, threshold=1.5)
    assert ex.result["time_constant"] == pytest.approx(1e-3)
    assert ex.result["voltage_at_tau"] == pytest.approx(5 * math.exp(-1))
    assert ex.result["time_to_threshold"] == pytest.approx(1e-3 * math.log(5 / 1.5))
    t_plot, v_plot = _data(ex._curve)
    assert ex.plot.xlabel == "time [ms]" and ex.plot.xaxis.label == "time [ms]"
    assert v_plot[0] == pytest.approx(5.0) and v_plot[-1] < 0.05
    ex.controls["threshold"].value = 6.0
    assert ex.result["time_to_threshold"] is None
    assert ex.readout_values["time to reach the threshold"] == "never"
    assert len(ex._crossing.x) == 0


def test_rc_explorer_updates_cleanly():
    ex = RCExplorer()
    _median_update_s(ex, "resistance", [1e3, 2e3, 5e3, 10e3, 47e3])  # speed is measured in benchmarks/bench_explorers.py
def test_low_pass_explorer():
    ex = LowPassExplorer(resistance=1e3, capacitance=100e-9, signal_frequency=490)
    fc = 1 / (2 * math.pi * 1e3 * 100e-9)
    assert ex.result["cutoff_frequency"] == pytest.approx(fc)
    assert ex.result["gain_db"] == pytest.approx(-10 * math.log10(1 + (490 / fc) ** 2))
    f, mag = _data(ex._mag)
    np.testing.assert_allclose(mag, rc.lowpass_magnitude_db(f, resistance=1e3, capacitance=100e-9))
    assert ex._cut_mag.x[0] == pytest.approx(fc)
    ex.controls["signal_frequency"].value = 100 * fc
    assert ex.result["gain_db"] == pytest.approx(-40.0, abs=0.01)
    assert ex.result["phase_deg"] == pytest.approx(-89.43, abs=0.01)
    assert ex.readout_values["cutoff frequency f_c = 1/(2πRC)"] == "1.59 kHz"
    assert ex.readout_values["gain at your signal"] == "-40 dB (× 0.01)"
    assert ex.readout_values["phase at your signal"] == "-89.4°"
    assert ex._point_mag.y[0] == pytest.approx(ex.result["gain_db"])
    assert ex.readout("capacitance") == "100 nF" and ex.readout("signal_frequency") == "159 kHz"


def test_low_pass_explorer_updates_cleanly():
    ex = LowPassExplorer()
    _median_update_s(ex, "capacitance", [1e-9, 1e-8, 1e-7, 1e-6])  # speed is measured in benchmarks/bench_explorers.py
def test_pwm_explorer():
    ex = PWMExplorer(duty=0.25, frequency=490, high_voltage=5, resistance=10e3, capacitance=10e-6)
    assert ex.result["average_voltage"] == 1.25
    kw = dict(duty=0.25, frequency=490, high_voltage=5, resistance=10e3, capacitance=10e-6)
    assert ex.result["ripple"] == pytest.approx(pwm.ripple(**kw))
    assert ex.result["ripple_small"] == pytest.approx(pwm.ripple_small(**kw))
    t, out = _data(ex._out)
    # In steady state the output of every period starts and ends at the same voltage.
    assert out[0] == pytest.approx(out[-1], abs=1e-9)
    assert out.max() - out.min() == pytest.approx(ex.result["ripple"], rel=0.01)
    _t, wave = _data(ex._wave)
    assert set(np.unique(wave)) == {0.0, 5.0}
    assert ex._avg.y[0] == 1.25
    ex.set(duty=0.8)
    assert ex.result["average_voltage"] == pytest.approx(4.0)
    _t2, start = _data(ex._startup)
    assert start[0] == 0.0 and start[-1] == pytest.approx(4.0, abs=0.05)
    assert ex.readout_values["average D·V_high"] == "4 V"


def test_pwm_explorer_ripple_falls_with_frequency():
    ex = PWMExplorer(duty=0.5)
    r1 = ex.result["ripple"]
    ex.controls["frequency"].value = 4900
    assert ex.result["ripple"] == pytest.approx(r1 / 10, rel=0.01)


def test_pwm_explorer_updates_cleanly():
    ex = PWMExplorer()
    _median_update_s(ex, "duty", [0.1, 0.3, 0.5, 0.7, 0.9])  # speed is measured in benchmarks/bench_explorers.py
