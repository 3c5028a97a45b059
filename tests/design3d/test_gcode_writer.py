"""The printable G-code writer, read back with the project's own reader and measured against the part.

A part prints to size when the outer edge of its outer wall (the wall's centre line + w/2) lies on
the part's edge. Everything is measured on the read-back program, not on the writer's internals.
"""

from __future__ import annotations

import numpy as np
import pytest

from stemkit.design3d import gcode, primitives, slicing
from stemkit.design3d.gcode import EXTRUDE, EXTRUDER_ONLY, TRAVEL
from stemkit.design3d.mesh import Mesh
from stemkit.design3d.offset import winding_numbers
from stemkit.design3d.paths import PrintSettings, PrintWarning, line_spacing
from stemkit.design3d.printers import PROFILES, printer

W = 0.45


def plate_with_holes():
    """The plate of lessons d07 and d08: 40 x 20 x 3 mm with two holes of radius 4 mm."""
    return Mesh.merge(primitives.box(size=(40, 20, 3)),
                      *[primitives.cylinder(radius=4, height=3, segments=40).translated([x, 0, 0]).flip_faces()
                        for x in (-11, 11)])


def distance_to_loops(points, loops):
    """Distance from each point to the nearest edge of the loops [mm]."""
    a = np.concatenate(loops)
    b = np.concatenate([np.roll(loop, -1, axis=0) for loop in loops])
    d = b - a
    t = np.clip(np.einsum("pij,ij->pi", points[:, None, :] - a[None], d) / np.einsum("ij,ij->i", d, d), 0, 1)
    nearest = a[None] + t[..., None] * d[None]
    return np.min(np.linalg.norm(points[:, None, :] - nearest, axis=2), axis=1)


def sample(tp, mask):
    """Points along the moves of a mask: both ends and the middle of every move."""
    s, e = tp.start[mask, :2], tp.end[mask, :2]
    return np.concatenate([s, e, (s + e) / 2])


@pytest.fixture(scope="module")
def plate_program():
    part = plate_with_holes()
    layers = slicing.slice_mesh(part, heights=slicing.layer_heights(part, layer_height=0.2))
    text = gcode.generate_gcode(layers, layer_height=0.2, line_width=W, origin=(110, 110), printer="ender3")
    outline = [loop + (110, 110) for loop in layers[0].loops]
    return text, gcode.parse_gcode(text), outline


def test_outer_walls_lie_on_the_part_edge(plate_program):
    _text, tp, outline = plate_program
    outer = tp.feature_mask("outer wall") & (tp.kind == EXTRUDE)
    assert outer.sum() > 0
    # the bead's outer edge: w/2 beyond the wall's centre line; it must lie on the outline
    error = distance_to_loops(sample(tp, outer), outline) - W / 2
    assert np.abs(error).max() < 0.05
    # the holes come out 8 mm across and the plate 40 x 20 mm: the printed size, from the walls
    pts = tp.end[outer, :2]
    for centre_x in (99.0, 121.0):
        ring = pts[np.hypot(pts[:, 0] - centre_x, pts[:, 1] - 110) < 6]
        printed_radius = np.hypot(ring[:, 0] - centre_x, ring[:, 1] - 110) - W / 2
        # the hole is a 40-gon of radius 4: its flats lie 4 cos(π/40) from the centre
        assert printed_radius.min() == pytest.approx(4 * np.cos(np.pi / 40), abs=0.05)
    box = pts[np.abs(pts[:, 1] - 110) > 6]
    assert box[:, 0].max() - box[:, 0].min() + W == pytest.approx(40.0, abs=0.05)
    assert box[:, 1].max() - box[:, 1].min() + W == pytest.approx(20.0, abs=0.05)


def test_walls_step_inwards_one_line_spacing(plate_program):
    _text, tp, outline = plate_program
    inner = tp.feature_mask("inner wall") & (tp.kind == EXTRUDE)
    s = line_spacing(PrintSettings(line_width=W, layer_height=0.2))
    depth = distance_to_loops(sample(tp, inner), outline)
    # two walls: the inner one's centre is w/2 + s from the outline (arcs at the holes' corners
    # keep it there; corners of the plate may run a little deeper)
    assert np.median(depth) == pytest.approx(W / 2 + s, abs=0.01)
    assert depth.min() > W / 2 + s - 0.02


def test_infill_stays_inside_the_walls(plate_program):
    _text, tp, outline = plate_program
    fill = (tp.kind == EXTRUDE) & tp.feature_mask("solid infill", "top solid infill", "sparse infill")
    pts = sample(tp, fill)
    inside = winding_numbers(outline, pts) > 0
    assert inside.all()
    s = line_spacing(PrintSettings(line_width=W, layer_height=0.2))
    # the infill lines end a quarter line inside the inner wall's bead (which reaches w/2 + 1.5 s)
    depth = distance_to_loops(pts, outline)
    assert depth.min() >= W / 2 + 1.25 * s - 0.01


def test_solid_top_and_bottom_and_sparse_infill_between():
    part = primitives.box(size=(20, 20, 4))            # 20 layers: 3 bottom, 4 top, 13 sparse
    settings = PrintSettings(infill=0.2)
    layers = slicing.slice_mesh(part, heights=slicing.layer_heights(part, layer_height=0.2))
    tp = gcode.parse_gcode(gcode.generate_gcode(layers, origin=(110, 110), settings=settings))
    s = line_spacing(settings)
    fill_area = (20 - 2 * (W / 2 + 1.25 * s)) ** 2
    solid = tp.feature_mask("solid infill", "top solid infill") & (tp.kind == EXTRUDE)
    sparse = tp.feature_mask("sparse infill") & (tp.kind == EXTRUDE)
    per_layer_solid = np.bincount(tp.layer[solid], weights=tp.lengths[solid], minlength=tp.n_layers)
    per_layer_sparse = np.bincount(tp.layer[sparse], weights=tp.lengths[sparse], minlength=tp.n_layers)
    assert np.all(per_layer_solid[:3] > 0) and np.all(per_layer_solid[-4:] > 0)
    assert np.all(per_layer_solid[3:-4] == 0) and np.all(per_layer_sparse[3:-4] > 0)
    # solid layers: lines one spacing apart cover the fill area; sparse ones 20 % of it
    coverage_solid = per_layer_solid[:3] * s / fill_area
    coverage_sparse = per_layer_sparse[3:-4] * s / fill_area
    assert np.all(np.abs(coverage_solid - 1) < 0.08)
    assert np.all(np.abs(coverage_sparse - 0.2) < 0.05)
    # the very top layer is the top surface
    top = tp.feature_mask("top solid infill") & (tp.kind == EXTRUDE)
    assert set(tp.layer[top].tolist()) == {tp.n_layers - 1}


def test_rectilinear_turns_every_layer_and_grid_crosses():
    part = primitives.box(size=(20, 20, 2))
    layers = slicing.slice_mesh(part, heights=slicing.layer_heights(part, layer_height=0.2))

    def directions(settings):
        tp = gcode.parse_gcode(gcode.generate_gcode(layers, origin=(0, 0), settings=settings))
        out = []
        for k in (4, 5):
            m = tp.feature_mask("sparse infill") & (tp.kind == EXTRUDE) & (tp.layer == k) & (tp.lengths > 8)
            d = tp.end[m, :2] - tp.start[m, :2]
            out.append(set(np.round(np.degrees(np.arctan2(d[:, 1], d[:, 0])) % 180).astype(int).tolist()))
        return out

    few = dict(top_layers=1, bottom_layers=1, infill=0.2)
    assert directions(PrintSettings(**few)) == [{45}, {135}]
    assert directions(PrintSettings(infill_pattern="grid", **few)) == [{45, 135}, {45, 135}]


def test_skirt_fan_and_retraction(plate_program):
    text, tp, outline = plate_program
    lines = text.splitlines()
    # the skirt: only on the first layer, its bead 3 mm from the part
    skirt = tp.feature_mask("skirt") & (tp.kind == EXTRUDE)
    assert set(tp.layer[skirt].tolist()) == {0}
    gap = distance_to_loops(sample(tp, skirt), outline) - W / 2
    assert gap.min() == pytest.approx(3.0, abs=0.05)
    # the fan: off before the first layer, on from the second
    first_layer = lines.index(";LAYER:0 z = 0.2 mm")
    second_layer = lines.index(";LAYER:1 z = 0.4 mm")
    fan_on = next(i for i, line in enumerate(lines) if line.startswith("M106"))
    fan_off = max(i for i, line in enumerate(lines[:first_layer]) if line.startswith("M107"))
    assert fan_off < first_layer < second_layer < fan_on < lines.index(";LAYER:2 z = 0.6 mm")
    # every long travel comes after a retraction, and the filament is primed before printing again
    machine = printer("ender3")
    retracted = False
    part = np.asarray(tp.feature) >= 0                        # from the first ;TYPE: on
    for kind, length, de, of_part in zip(tp.kind.tolist(), tp.lengths.tolist(), tp.extrusion.tolist(),
                                         part.tolist(), strict=True):
        if kind == EXTRUDER_ONLY:
            retracted = de < 0
        elif kind == TRAVEL and length > machine.retract_before_travel + 1e-6 and of_part:
            assert retracted
        elif kind == EXTRUDE:
            assert not retracted
    assert tp.temperatures == {"bed": 60.0, "nozzle": 210.0}


@pytest.mark.parametrize("name", list(PROFILES))
def test_every_printer_profile_makes_a_safe_program(name):
    machine = printer(name)
    program = gcode.part_gcode(primitives.box(size=(10, 10, 1)), printer=name)
    lines = [line.split(";")[0].strip() for line in program.splitlines()]
    tp = gcode.parse_gcode(program)
    first_extrusion = int(tp.line[tp.kind == EXTRUDE][0]) - 1
    heated = [i for i, line in enumerate(lines) if line.startswith(("M109", "M190"))]
    homed = [i for i, line in enumerate(lines) if line.startswith("G28")]
    assert heated and homed and max(heated) < first_extrusion and homed[0] < first_extrusion
    # every move stays on the bed and under the printer's top
    moving = tp.kind != EXTRUDER_ONLY
    assert np.all(tp.end[moving, 0] >= -5) and np.all(tp.end[moving, 0] <= machine.bed_size[0])
    assert np.all(tp.end[moving, 1] >= -5) and np.all(tp.end[moving, 1] <= machine.bed_size[1])
    assert tp.end[:, 2].max() <= machine.max_height
    # the part sits in the middle of the bed
    part = tp.end[tp.feature_mask("outer wall"), :2]
    assert (part.min(axis=0) + part.max(axis=0)) / 2 == pytest.approx(machine.bed_centre, abs=1e-6)
    # heaters off at the end, the firmware's limits set at the start
    assert "M104 S0" in lines[-20:] and "M140 S0" in lines[-20:]
    assert {cmd for _i, cmd, _p in tp.machine} >= {"M201", "M203", "M204", "M205"}
    assert "estimated printing time" in program.splitlines()[-1]


def test_bambu_printers_need_their_own_slicer():
    for name in ("bambu_x1c", "Bambu Lab P1S", "a1_mini"):
        with pytest.raises(ValueError, match="Bambu Studio"):
            gcode.part_gcode(primitives.box(size=(10, 10, 1)), printer=name)
    with pytest.raises(ValueError, match="ender3, prusa_mk3s"):
        printer("makerbot")


def test_a_part_too_big_for_the_printer_is_refused():
    with pytest.raises(ValueError, match=r"does not fit the Creality Ender-3.*220 x 220 x 250"):
        gcode.part_gcode(primitives.box(size=(300, 10, 10)), printer="ender3")


def test_walls_thinner_than_a_line_are_reported():
    ring = Mesh.merge(primitives.cylinder(radius=10, height=0.6, segments=60),
                      primitives.cylinder(radius=9.7, height=0.6, segments=60).flip_faces())   # 0.3 mm wall
    with pytest.warns(PrintWarning, match="thinner than one line width"):
        program = gcode.part_gcode(ring, printer="ender3")
    assert gcode.parse_gcode(program).feature_mask("outer wall").sum() == 0


def test_old_keyword_arguments_still_work():
    part = primitives.box(size=(10, 10, 0.4))
    layers = slicing.slice_mesh(part, heights=slicing.layer_heights(part, layer_height=0.2))
    text = gcode.generate_gcode(layers, layer_height=0.2, line_width=0.45, print_speed=30, travel_speed=120,
                                retract_length=0.8, retract_speed=35, title="plate")
    tp = gcode.parse_gcode(text)
    assert text.startswith("; plate: generated by stemkit.design3d.gcode")
    of_part = np.asarray(tp.feature) >= 0                    # not the purge line of the start code
    printing_speeds = set(np.round(tp.speed[(tp.kind == EXTRUDE) & of_part]).tolist())
    assert printing_speeds <= {20.0, 30.0}                   # the first layer stays at 20 mm/s
    assert set(np.round(np.abs(tp.extrusion[tp.kind == EXTRUDER_ONLY]), 5).tolist()) >= {0.8}
