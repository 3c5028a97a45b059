"""Explorers of the components half, driven without a browser."""

import statistics

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from stemkit.electronics import arduino, leds, networks, ohm, resistors, sensors  # noqa: E402
from stemkit.electronics.explorers import (  # noqa: E402
    ColourCodeExplorer,
    DividerExplorer,
    LEDResistorExplorer,
    OhmsLawExplorer,
    SensorExplorer,
)
from stemkit.electronics.plots import BAND_COLOURS  # noqa: E402


def _data(mark):
    return np.asarray(mark.x, dtype=float), np.asarray(mark.y, dtype=float)


def _median_update_s(ex, control, values):
    times = []
    for k in range(20):
        ex.controls[control].value = values[k % len(values)]
        assert ex.last_error is None, ex.last_error
        times.append(ex.last_update_s)
    return statistics.median(times)


class TestOhmsLawExplorer:
    def test_result_and_readout_follow_the_sliders(self):
        ex = OhmsLawExplorer(voltage=5, resistance=250)
        assert ex.result.current == pytest.approx(0.02)
        ex.controls["voltage"].value = 9.0
        assert ex.result.current == pytest.approx(9 / 250)
        assert ex.result.power == pytest.approx(81 / 250)
        assert ex.readout_values["current I = V / R"] == "36 mA"
        assert ex.readout_values["power P = V × I"] == "324 mW"
        assert ex.readout_values["resistor rating needed"] == "1 W"
        assert ex.last_error is None

    def test_marks_show_the_operating_point_and_power_area(self):
        ex = OhmsLawExplorer()
        ex.set(voltage=6.0, resistance=1000.0)
        x, y = _data(ex._point)
        assert x[0] == pytest.approx(6.0) and y[0] == pytest.approx(6.0)  # 6 mA
        rx, ry = _data(ex._power)
        # area of the rectangle in V·mA is the power in mW
        width, height = rx.max() - rx.min(), ry.max() - ry.min()
        assert width * height == pytest.approx(ohm.power(voltage=6, resistance=1000) * 1e3)
        lx, ly = _data(ex._line)
        np.testing.assert_allclose(ly, lx / 1000 * 1e3)
        # the y axis fits the data (0 to 10 mA around the 6 mA point), not a fixed 0 to 100 mA
        assert ex.plot.yscale.max == 10.0
        assert ex.readout("resistance") == "1 kΩ" and ex.readout("voltage") == "6 V"

    def test_too_much_power_is_said_plainly(self):
        ex = OhmsLawExplorer()
        ex.set(voltage=12.0, resistance=10.0)  # 14.4 W
        assert "too hot" in ex.readout_values["resistor rating needed"]

    def test_update_updates_cleanly(self):
        ex = OhmsLawExplorer()
        _median_update_s(ex, "voltage", [1.0, 3.3, 5.0, 9.0, 12.0])  # speed is measured in benchmarks/bench_explorers.py
        _median_update_s(ex, "resistance", [100.0, 330.0, 1000.0, 4700.0])  # speed is measured in benchmarks/bench_explorers.py
class TestColourCodeExplorer:
    def test_bands_to_value(self):
        ex = ColourCodeExplorer()
        assert ex.result.resistance == 4700
        ex.set(band1="green", band2="blue", band3="gold")
        assert ex.result.resistance == 5.6  # exact, not 5.6000000000000005
        assert ex.readout_values["resistance"] == "5.6 Ω"
        assert ex.readout_values["tolerance"] == "±5 %"
        # the painted bands follow the controls
        assert list(ex._bands.fill_colors[:4]) == [BAND_COLOURS[c] for c in ("green", "blue", "gold", "gold")]
        bx, _by = _data(ex._bands)
        assert np.ptp(bx[4]) == 0 and np.ptp(bx[3]) > 0   # the fifth band has no width
        assert list(ex._names.text[:4]) == ["green", "blue", "gold", "gold"]

    def test_value_to_bands_and_band_count(self):
        ex = ColourCodeExplorer()
        ex.set(value="4.75k")  # three digits do not fit in four bands
        assert "bands=5" in ex.last_error
        ex.set(count=5)
        assert ex.last_error is None
        assert ex.result.bands == resistors.encode(4750, bands=5)
        ex.set(count=6)
        assert ex.result.resistance == 4750 and ex.result.temperature_coefficient == pytest.approx(100e-6)
        assert ex.readout_values["temperature coefficient"] == "100 ppm/K"
        assert np.ptp(_data(ex._bands)[0][5]) > 0

    def test_six_band_start_and_three_band_refused(self):
        ex = ColourCodeExplorer(bands="brown black black brown brown red")
        assert ex.result.temperature_coefficient == pytest.approx(50e-6)
        assert ex.value("count") == 6
        with pytest.raises(ValueError, match="4, 5 or 6 bands"):
            ColourCodeExplorer(bands="red red orange")

    def test_bad_value_is_shown_not_raised(self):
        ex = ColourCodeExplorer()
        ex.set(value="4k7k")
        assert "4k7k" in ex.last_error
        assert ex.result.resistance == 4700  # the old result stays

    def test_readout_names_the_series(self):
        ex = ColourCodeExplorer(bands=("brown", "black", "black", "brown", "brown"))
        assert ex.readout_values["smallest E-series with this value"] == "E6"
        ex.set(band2="green", band3="black")
        assert ex.result.resistance == 1500
        ex.set(band3="green")
        assert ex.result.resistance == 1550
        assert ex.readout_values["smallest E-series with this value"] == "none (not a standard value)"
        ex.set(band3="yellow")
        assert ex.result.resistance == 1540
        assert ex.readout_values["smallest E-series with this value"] == "E48"  # 154 is in E48, not in E24

    def test_update_updates_cleanly(self):
        ex = ColourCodeExplorer()
        _median_update_s(ex, "band1", ["red", "green", "blue", "brown"])  # speed is measured in benchmarks/bench_explorers.py
class TestDividerExplorer:
    def test_divider_result_matches_core(self):
        ex = DividerExplorer(supply_voltage=9, top_resistance=2000, bottom_resistance=1000)
        assert ex.result.output_voltage == pytest.approx(3.0)
        assert ex.readout_values["output voltage"] == "3 V"
        x, y = _data(ex._point)
        assert x[0] == pytest.approx(1 / 3) and y[0] == pytest.approx(3.0)
        lx, ly = _data(ex._unloaded)
        np.testing.assert_allclose(ly, 9 * lx)
        assert len(ex._loaded.x) == 0 and not ex._loaded.display_legend

    def test_load_pulls_the_output_down_and_obeys_kirchhoff(self):
        ex = DividerExplorer(supply_voltage=5)
        ex.set(load=True, load_resistance=10e3)
        r = ex.result
        assert r.output_voltage == pytest.approx(5 / 3)
        assert r.top_current == pytest.approx(r.bottom_current + r.load_current)
        lx, ly = _data(ex._loaded)
        assert ex._loaded.display_legend
        expected = networks.potentiometer(supply_voltage=5, total_resistance=20e3, position=lx,
                                          load_resistance=10e3)
        np.testing.assert_allclose(ly, expected)
        assert "drop caused by the load" in ex.readout_values

    def test_potentiometer_mode(self):
        ex = DividerExplorer(mode="potentiometer", supply_voltage=5, total_resistance=10e3, position=0.3)
        assert ex.result.output_voltage == pytest.approx(1.5)
        assert ex.controls["top_resistance"].layout.display == "none"
        ex.set(position=0.8)
        assert ex.result.output_voltage == pytest.approx(4.0)

    def test_update_updates_cleanly(self):
        ex = DividerExplorer(load_resistance=4700)
        _median_update_s(ex, "bottom_resistance", [1e3, 4.7e3, 22e3, 100e3])  # speed is measured in benchmarks/bench_explorers.py
class TestLEDResistorExplorer:
    def test_picks_the_next_value_up_and_solves_the_curve(self):
        ex = LEDResistorExplorer(supply_voltage=5, colour="red", current=0.015)
        assert ex.result.exact_resistance == pytest.approx(200)
        assert ex.result.resistance == 220
        assert ex.readout_values["resistor to buy (next value up)"] == "220 Ω"
        x, y = _data(ex._point)
        # the operating point lies on both the LED curve and the load line
        red = leds.LEDS["red"]
        assert red.current(x[0]) * 1e3 == pytest.approx(y[0], rel=1e-6)
        assert (5 - x[0]) / 220 * 1e3 == pytest.approx(y[0], rel=1e-6)
        assert ex._target.y[0] == pytest.approx(15)
        assert ex.plot.yscale.max == 20.0          # 1.3 × 15 mA, rounded up to a 1-2-5 step

    def test_colour_and_series_change_the_result(self):
        ex = LEDResistorExplorer()
        ex.set(colour="blue", supply_voltage=9.0, current_ma=15.0, series="E24")
        assert ex.result.resistance == resistors.next_up((9 - 3.3) / 0.015, series="E24")
        assert ex.readout_values["datasheet"] == leds.LEDS["blue"].source
        assert ex.readout_values["resistor rating needed"] == "1/4 W"

    def test_impossible_supply_is_explained(self):
        ex = LEDResistorExplorer()
        ex.set(colour="white", supply_voltage=3.0)
        assert "forward voltage" in ex.last_error

    def test_update_updates_cleanly(self):
        ex = LEDResistorExplorer()
        _median_update_s(ex, "supply_voltage", [3.3, 5.0, 9.0, 12.0])  # speed is measured in benchmarks/bench_explorers.py
class TestSensorExplorer:
    def test_thermistor_at_25c_reads_half_scale(self):
        ex = SensorExplorer(sensor="thermistor", fixed_resistance=10e3)
        assert ex.result["sensor_resistance"] == pytest.approx(10e3)
        assert ex.result["voltage"] == pytest.approx(2.5)
        assert ex.result["counts"] == 512
        assert ex.readout_values["analogRead() gives"] == "512"
        # resolution by hand: dV/dT = Vs·Rf/(R+Rf)² · dR/dT with dR/dT = -R·B/T²
        d_r = -10e3 * 3950 / (298.15**2)
        d_v = 5 * 10e3 / (20e3**2) * d_r
        assert ex.result["resolution"] == pytest.approx(arduino.lsb() / abs(d_v), rel=1e-4)

    def test_curve_and_point_follow_the_core(self):
        ex = SensorExplorer()
        ex.set(temperature_c=60.0, fixed_resistance=4700.0)
        plot, curve, point, _text = ex._views["thermistor"]
        x, y = _data(curve)
        expected = sensors.sensor_divider(supply_voltage=5, fixed_resistance=4700,
                                          sensor_resistance=sensors.ntc_resistance(temperature=x + 273.15))
        np.testing.assert_allclose(y, expected)
        px, py = _data(point)
        assert px[0] == 60.0 and py[0] == pytest.approx(ex.result["voltage"])
        assert ex.result["counts"] == arduino.adc_counts(voltage=ex.result["voltage"])

    def test_photoresistor_on_top_rises_with_light(self):
        ex = SensorExplorer(sensor="photoresistor", sensor_position="top")
        dark = ex.result["counts"]
        ex.set(illuminance=1000.0)
        assert ex.result["counts"] > dark
        plot = ex._views["photoresistor"][0]
        assert plot.xlog and plot.visible and not ex._views["thermistor"][0].visible
        assert ex.controls["temperature_c"].layout.display == "none"

    def test_update_updates_cleanly(self):
        ex = SensorExplorer()
        _median_update_s(ex, "temperature_c", [0.0, 20.0, 40.0, 80.0])  # speed is measured in benchmarks/bench_explorers.py


def test_bad_starting_values_are_explained_not_clamped():
    with pytest.raises(ValueError, match=r"supply \[V\] must be from 3 V to 12 V, got supply_voltage=2"):
        LEDResistorExplorer(supply_voltage=2)
    with pytest.raises(ValueError, match=r"wanted current \[mA\] must be from 1 mA to 25 mA.*current=15"):
        LEDResistorExplorer(current=15)          # 15 A, not 15 mA
    with pytest.raises(ValueError, match="LED colour can be 'red', 'green', 'blue', 'white'; colour='purple'"):
        LEDResistorExplorer(colour="purple")
    with pytest.raises(TypeError, match=r"voltage V \[V\] needs a number from 0 V to 12 V; voltage='5'"):
        OhmsLawExplorer(voltage="5")


def test_slider_readouts_are_si_not_scientific():
    import re

    from stemkit.electronics.explorers import LowPassExplorer, PWMExplorer, RCExplorer

    for ex in (RCExplorer(resistance=10.7e3, capacitance=100e-6), LowPassExplorer(capacitance=100e-9), PWMExplorer(),
               DividerExplorer(), SensorExplorer(), OhmsLawExplorer()):
        for name, control in ex.controls.items():
            if not hasattr(control, "min"):
                continue
            for value in (control.min, control.max, control.value):
                control.value = value
                assert not re.search(r"e[+-]\d", ex.readout(name)), (type(ex).__name__, name, ex.readout(name))
                for key, text in ex.readout_values.items():
                    assert not re.search(r"e[+-]\d", str(text)), (type(ex).__name__, key, text)
    rc = RCExplorer(resistance=10.7e3, capacitance=100e-6)
    assert rc.readout("resistance") == "10.7 kΩ" and rc.readout("capacitance") == "100 µF"
    assert LowPassExplorer(capacitance=100e-9).readout("capacitance") == "100 nF"
