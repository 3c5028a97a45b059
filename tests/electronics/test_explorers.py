"""Explorers of the components half, driven without a browser."""

import statistics

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

from stemkit.electronics import ohm  # noqa: E402
from stemkit.electronics.explorers import OhmsLawExplorer  # noqa: E402


def _median_update_s(ex, control, values):
    times = []
    for k in range(20):
        ex.controls[control].value = values[k % len(values)]
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

    def test_artists_show_the_operating_point_and_power_area(self):
        ex = OhmsLawExplorer()
        ex.set(voltage=6.0, resistance=1000.0)
        x, y = ex.artists["point"].get_data()
        assert x[0] == pytest.approx(6.0) and y[0] == pytest.approx(6.0)  # 6 mA
        rect = ex.artists["power"]
        # area of the rectangle in V·mA is the power in mW
        assert rect.get_width() * rect.get_height() == pytest.approx(ohm.power(voltage=6, resistance=1000) * 1e3)
        lx, ly = ex.artists["line"].get_data()
        np.testing.assert_allclose(np.asarray(ly), np.asarray(lx) / 1000 * 1e3)

    def test_too_much_power_is_said_plainly(self):
        ex = OhmsLawExplorer()
        ex.set(voltage=12.0, resistance=10.0)  # 14.4 W
        assert "too hot" in ex.readout_values["resistor rating needed"]

    def test_update_is_fast(self):
        ex = OhmsLawExplorer()
        assert _median_update_s(ex, "voltage", [1.0, 3.3, 5.0, 9.0, 12.0]) < 0.05
        assert _median_update_s(ex, "resistance", [100.0, 330.0, 1000.0, 4700.0]) < 0.05
