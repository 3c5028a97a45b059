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
    x, y = np.asarray(ex._dot.x), np.asarray(ex._dot.y)
    assert x[0] == 100 and y[0] == pytest.approx(ex.result["mass"])
    ex.set(infill=0, wall_thickness=0.4)
    expected = printing.printed_volume(volume=8000.0, surface_area=2400.0, wall_thickness=0.4, infill=0.0)
    assert ex.result["printed_volume"] == pytest.approx(expected)
    curve = np.asarray(ex._curve.y)
    assert np.all(np.diff(curve) > 0) and curve[-1] == pytest.approx(8.0 * 1.27)


def test_print_cost_explorer_takes_your_part():
    from stemkit.design3d.primitives import cylinder

    part = cylinder(radius=5, height=10, segments=40)
    ex = PrintCostExplorer(part, infill=1.0, material="PLA")
    assert ex.value("part") == "your part"
    assert ex.result["mass"] == pytest.approx(part.volume * 1.24 / 1000)


def test_print_cost_explorer_updates_cleanly():
    ex = PrintCostExplorer()
    changes = [{"infill": i % 100, "material": ["PLA", "PETG", "ABS", "TPU"][i % 4]} for i in range(20)]
    median_update_s(ex, changes)  # speed is measured in benchmarks/bench_explorers.py
# ---------------------------------------------------------------------------
# SliceExplorer


def test_slice_explorer_shows_the_layer_the_core_computes():
    from stemkit.design3d import slicing
    from stemkit.design3d.explorers import SliceExplorer

    ex = SliceExplorer(layer_height=0.5)
    assert ex.last_error is None
    cup = ex.parts[ex.value("part")]
    ex.set(layer=0)                         # the solid bottom of the cup: one loop, no hole
    assert ex.result["loops"] == 1 and ex.result["holes"] == 0
    assert ex.result["z"] == pytest.approx(0.25)
    ex.set(layer=20)                        # z = 10.25 mm: the wall, a ring with one hole
    layer = slicing.slice_mesh(cup, heights=[10.25])[0]
    assert ex.result["holes"] == 1 and ex.result["area"] == pytest.approx(layer.area)
    # the ring's area is the 64-gon of radius 15 minus the 64-gon of radius 12
    ring = 32 * np.sin(2 * np.pi / 64) * (15**2 - 12**2)
    assert ex.result["area"] == pytest.approx(ring, rel=1e-12)
    assert ex.readout_values["holes"] == "1"
    # drawn: one solid outer loop, one dashed hole, both closed
    # bqplot keeps a single row as a plain line
    outer = np.stack([np.atleast_2d(ex._outer.x), np.atleast_2d(ex._outer.y)], axis=-1)
    holes = np.stack([np.atleast_2d(ex._holes.x), np.atleast_2d(ex._holes.y)], axis=-1)
    assert len(outer) == 1 and len(holes) == 1
    np.testing.assert_allclose(outer[0][0], outer[0][-1])
    assert np.max(np.hypot(*holes[0].T)) == pytest.approx(12.0)
    np.testing.assert_allclose(ex._hole_fill.x, ex._holes.x)     # the hole is painted over the material
    # the marker on the area profile sits at the current height
    assert ex._marker.y[0] == pytest.approx(10.25)
    # the volume estimate is the sum of the layer areas times the layer height
    assert ex.result["volume_estimate"] == pytest.approx(ex.result["areas"].sum() * 0.5)
    assert ex.result["volume_estimate"] == pytest.approx(cup.volume, rel=0.01)


def test_slice_explorer_changes_part_and_layer_height():
    from stemkit.design3d.explorers import SliceExplorer

    ex = SliceExplorer()
    plate = [p for p in ex.parts if "plate" in p][0]
    ex.set(part=plate, layer_height=0.2)
    assert ex.controls["layer"].max == 39           # 8 mm / 0.2 mm = 40 layers
    ex.set(layer=39)
    assert ex.result["holes"] == 2 and ex.result["loops"] == 3
    ex.set(layer_height=2.0)
    assert ex.controls["layer"].max == 3 and ex.value("layer") == 3


def test_slice_explorer_takes_your_part_and_updates_cleanly():
    from stemkit.design3d import primitives
    from stemkit.design3d.explorers import SliceExplorer

    ball = primitives.sphere(radius=25, subdivisions=5)
    assert ball.n_faces >= 20000
    ex = SliceExplorer(ball, layer_height=0.5)
    assert ex.value("part") == "your part" and ex.last_error is None
    n = ex.controls["layer"].max + 1
    assert ex.result["volume_estimate"] == pytest.approx(ball.volume, rel=0.01)
    median_update_s(ex, [{"layer": (7 * i) % n} for i in range(20)])
# ---------------------------------------------------------------------------
# GCodeExplorer


def test_gcode_explorer_shows_the_sample_ring():
    from stemkit.datasets import load
    from stemkit.design3d import gcode
    from stemkit.design3d.explorers import GCodeExplorer

    ex = GCodeExplorer()
    assert ex.last_error is None
    tp = gcode.read_gcode(load("design3d/ring"))
    ex.set(layer=10)
    assert ex.result["z"] == pytest.approx(2.2)
    layer = tp.layer_moves(10)
    assert ex.result["extrusion_length"] == pytest.approx(layer.extrusion_length)
    assert ex.result["filament"] == pytest.approx(tp.extrusion_per_layer()[10])
    assert ex.result["filament_so_far"] == pytest.approx(tp.extrusion_per_layer()[:11].sum())
    assert ex.result["total_time"] == pytest.approx(tp.time())
    # drawn: 120 printing segments (two 60-gons), one travel between the loops, the layer below faint
    assert len(ex._extrude.x) == 120
    assert len(ex._travel.x) == 2
    assert len(ex._below.x) == 120
    ex.set(show_travel=False, show_below=False)
    assert len(ex._travel.x) == 0
    assert len(ex._below.x) == 0
    assert ex.readout_values["layer"] == "11 / 50"


def test_gcode_explorer_reads_text_and_rejects_empty_programs():
    from stemkit.design3d.explorers import GCodeExplorer

    ex = GCodeExplorer("G90\nM83\nG1 Z0.3 F600\nG1 X10 E0.5 F1200\nG0 X20\nG1 Y10 E0.4\nG1 Z0.6\nG1 X0 E1")
    assert ex.toolpath.n_layers == 2
    ex.set(layer=0)
    assert ex.result["extrusion_length"] == pytest.approx(20.0)
    assert ex.result["travel_length"] == pytest.approx(0.3 + 10.0)
    with pytest.raises(ValueError, match="no layers"):
        GCodeExplorer("G28\nG1 X10 Y10 F3000")


def test_gcode_explorer_updates_cleanly_on_a_big_part():
    from stemkit.design3d import gcode, primitives, slicing
    from stemkit.design3d.explorers import GCodeExplorer

    ball = primitives.sphere(radius=25, subdivisions=5)
    assert ball.n_faces >= 20000
    layers = slicing.slice_mesh(ball, heights=slicing.layer_heights(ball, layer_height=0.3))
    ex = GCodeExplorer(gcode.generate_gcode(layers, layer_height=0.3))
    assert ex.toolpath.n_moves > 10000
    n = ex.toolpath.n_layers
    median_update_s(ex, [{"layer": (13 * i) % n} for i in range(20)])  # speed is measured in benchmarks/bench_explorers.py
def test_layers_and_toolpaths_draw_themselves():
    from stemkit.datasets import load
    from stemkit.design3d import gcode, primitives, slicing

    layer = slicing.slice_mesh(primitives.box(size=(10, 10, 10)), heights=[5.0])[0]
    png = layer._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    tp = gcode.read_gcode(load("design3d/ring"))
    assert tp.still()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "application/vnd.plotly.v1+json" in tp._repr_mimebundle_()
    assert gcode.parse_gcode("G1 X10 F600")._repr_mimebundle_() is None   # no layers: the text repr


def test_design3d_explorers_refuse_bad_starting_values_plainly():
    from stemkit.design3d.explorers import SliceExplorer

    with pytest.raises(ValueError, match="material can be .*'PLA'.*material='pla' is not one of them. Did you mean 'PLA'"):
        PrintCostExplorer(material="pla")
    with pytest.raises(ValueError, match="infill is a fraction from 0 to 1.*infill=20"):
        PrintCostExplorer(infill=20)                      # 20 means 20 %: said, not clamped to 100 %
    with pytest.raises(ValueError, match=r"layer height \[mm\] can be 0.1, 0.2, 0.3, 0.5, 1.0, 2.0; layer_height=0.15"):
        SliceExplorer(layer_height=0.15)
