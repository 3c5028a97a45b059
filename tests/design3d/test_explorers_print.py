"""The printing-half explorers, driven without a browser."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from stemkit.design3d import printing  # noqa: E402
from stemkit.design3d.explorers import PrintCostExplorer  # noqa: E402


def median_update_s(ex, changes):
    times = []
    for change in changes:
        ex.set(**change)
        assert ex.last_error is None, ex.last_error
        times.append(ex.last_update_s)
    return statistics.median(times)


def test_print_cost_explorer_follows_the_core():
    ex = PrintCostExplorer()
    assert ex.last_error is None
    ex.set(part=list(ex.parts)[0], material="PETG", infill=100, wall_thickness=1.2)
    # 100 % infill: the whole 20 mm cube is plastic, 8 cm³ × 1.27 g/cm³
    assert ex.result["mass"] == pytest.approx(8.0 * 1.27)
    assert ex.result["filament_length"] == pytest.approx(printing.filament_length(volume=8000.0))
    assert ex.readout_values["mass"] == "10.16 g"
    # the dot sits at the current setting on the curve
    x, y = ex._artists["dot"].get_data()
    assert x[0] == 100 and y[0] == pytest.approx(ex.result["mass"])
    ex.set(infill=0, wall_thickness=0.4)
    expected = printing.printed_volume(volume=8000.0, surface_area=2400.0, wall_thickness=0.4, infill=0.0)
    assert ex.result["printed_volume"] == pytest.approx(expected)
    curve = ex._artists["curve"].get_ydata()
    assert np.all(np.diff(curve) > 0) and curve[-1] == pytest.approx(8.0 * 1.27)


def test_print_cost_explorer_takes_your_part():
    from stemkit.design3d.primitives import cylinder

    part = cylinder(radius=5, height=10, segments=40)
    ex = PrintCostExplorer(part, infill=1.0, material="PLA")
    assert ex.value("part") == "your part"
    assert ex.result["mass"] == pytest.approx(part.volume * 1.24 / 1000)


def test_print_cost_explorer_is_fast():
    ex = PrintCostExplorer()
    changes = [{"infill": i % 100, "material": ["PLA", "PETG", "ABS", "TPU"][i % 4]} for i in range(20)]
    assert median_update_s(ex, changes) < 0.05
