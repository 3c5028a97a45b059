"""Print settings and the plan of paths: spacing from the bead model, validation, printing order."""

from __future__ import annotations

import numpy as np
import pytest

from stemkit.design3d import gcode, primitives
from stemkit.design3d.paths import (
    INNER_WALL,
    OUTER_WALL,
    SKIRT,
    PrintSettings,
    line_spacing,
    plan_print,
    walls,
)
from stemkit.design3d.printing import bead_area


def test_spacing_fills_the_layer_with_the_beads_plastic():
    for w, h in ((0.45, 0.2), (0.5, 0.3), (0.4, 0.1)):
        s = line_spacing(PrintSettings(line_width=w, layer_height=h))
        assert s * h == pytest.approx(bead_area(width=w, layer_height=h))
        assert s == pytest.approx(w - h * (1 - np.pi / 4))
    assert line_spacing(PrintSettings(bead_model="rectangle")) == pytest.approx(0.45)


def test_walls_of_a_square():
    square = np.array([[0.0, 0], [20, 0], [20, 20], [0, 20]])
    settings = PrintSettings(perimeters=3)
    s = settings.spacing
    rings = walls([square], settings=settings)
    assert len(rings) == 3
    for k, ring in enumerate(rings):
        assert len(ring) == 1
        assert ring[0].min(axis=0) == pytest.approx([0.225 + k * s] * 2)
    # a wall that does not fit leaves the ones inside it empty
    tiny = np.array([[0.0, 0], [1, 0], [1, 1], [0, 1]])
    assert [len(r) for r in walls([tiny], settings=settings)] == [1, 0, 0]


@pytest.mark.parametrize("field, value, words", [
    ("layer_height", 0, "layer height must be > 0"),
    ("infill", 15, "write 15 % as 0.15"),
    ("perimeters", 1.5, "whole number"),
    ("infill_pattern", "gyroid", "'rectilinear' or 'grid'"),
    ("line_width", 0.1, "at least the layer height"),
    ("travel_speed", -1, "travel speed must be > 0 mm/s"),
    ("fan_speed", 2, "fraction from 0 to 1"),
])
def test_settings_are_checked(field, value, words):
    with pytest.raises((ValueError, TypeError), match=words):
        PrintSettings(**{field: value})


def test_plan_order_skirt_then_walls_inside_out():
    plan = gcode.plan_part(primitives.box(size=(20, 20, 1)), printer="ender3")
    first = [p.feature for p in plan.layers[0].paths]
    assert first[0] == SKIRT
    walls_only = [f for f in first if f in (INNER_WALL, OUTER_WALL)]
    assert walls_only == [INNER_WALL, OUTER_WALL]
    assert all(p.speed == 20.0 for p in plan.layers[0].paths)           # the first layer goes slowly
    assert {p.feature for p in plan.layers[1].paths} >= {INNER_WALL, OUTER_WALL}
    assert plan.mass == pytest.approx(plan.filament_length * np.pi * 1.75 ** 2 / 4 * 1.24 / 1000)
    assert [layer.z for layer in plan.layers] == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])


def test_layers_without_polygons_are_nested_from_their_loops():
    from stemkit.design3d.slicing import Layer

    a = 2 * np.pi * np.arange(24) / 24
    outer = np.c_[10 * np.cos(a), 10 * np.sin(a)]
    hole = outer[::-1] * 0.5
    plan = plan_print([Layer(0.1, (outer, hole), (False, True), ())], settings=PrintSettings())
    outer_walls = [p for p in plan.layers[0].paths if p.feature == OUTER_WALL]
    radii = sorted(float(np.hypot(*p.points.mean(axis=0) - 0) + np.hypot(*p.points[0])) for p in outer_walls)
    assert len(outer_walls) == 2 and radii[0] < radii[1]
