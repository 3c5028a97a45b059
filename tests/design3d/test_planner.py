"""The firmware-style print-time planner: closed forms, invariants, and three real slicers' own estimates.

The reference files in data/ were written by Debian's prusa-slicer and CuraEngine and by a Bambu
Studio-style rewrite of PrusaSlicer's output (data/make_reference_gcode.py says how); each holds
its slicer's own print-time estimate in its comments.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from stemkit.design3d.gcode import parse_gcode, read_gcode
from stemkit.design3d.planner import estimate_time, format_duration, plan_motion
from stemkit.design3d.printers import printer
from stemkit.design3d.slicer import read_slicer_figures

DATA = Path(__file__).parent / "data"


def _reference_limits():
    spec = importlib.util.spec_from_file_location("make_reference_gcode", DATA / "make_reference_gcode.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def machine(**changes):
    """A printer with round numbers: 1000 mm/s², jerk 10 mm/s, fast axes."""
    base = dict(max_speed=(500.0, 500.0, 20.0, 100.0), max_acceleration=(10000.0, 10000.0, 1000.0, 10000.0),
                print_acceleration=1000.0, retract_acceleration=1000.0, travel_acceleration=1000.0,
                planner="jerk", jerk=(10.0, 10.0, 1.0, 5.0), firmware_flavour="marlin2")
    base.update(changes)
    return printer("generic_marlin").with_limits(**base)


def test_one_move_is_a_trapezoid_from_the_jerk_speed():
    tp = parse_gcode("G1 X100 F6000")                       # 100 mm at 100 mm/s
    a, v, v0 = 1000.0, 100.0, 10.0                            # starts and stops at the x jerk
    expected = 2 * (v - v0) / a + (100 - 2 * (v * v - v0 * v0) / (2 * a)) / v
    assert estimate_time(tp, printer=machine()).total == pytest.approx(expected, rel=1e-12)
    # too short to reach 100 mm/s: a triangle up to the peak speed and down again
    short = parse_gcode("G1 X2 F6000")
    peak = math.sqrt(a * 2 + v0 * v0)
    assert estimate_time(short, printer=machine()).total == pytest.approx(2 * (peak - v0) / a, rel=1e-12)


def test_a_straight_line_in_pieces_takes_as_long_as_one_move():
    one = parse_gcode("G1 X100 F6000")
    pieces = parse_gcode("G1 F6000\n" + "\n".join(f"G1 X{x}" for x in range(5, 105, 5)))
    t1 = estimate_time(one, printer=machine()).total
    t20 = estimate_time(pieces, printer=machine()).total
    assert t20 == pytest.approx(t1, rel=1e-9)
    # the simple estimate that stops at every corner does not know that
    assert pieces.time(acceleration=1000) > 1.5 * one.time(acceleration=1000)


def test_corner_speed_follows_the_jerk_limit():
    # a right angle at 100 mm/s: x stops and y starts, so each axis jumps by the corner speed
    tp = parse_gcode("G1 X50 F6000\nG1 Y50")
    plan = plan_motion(tp, printer=machine())
    assert plan.exit[0] == pytest.approx(10.0) and plan.entry[1] == pytest.approx(10.0)
    # a gentle 10° bend: each axis changes by 2 v sin(5°)... within the jerk at up to 10 / (2 sin 5°)
    bend = parse_gcode(f"G1 X50 F6000\nG1 X{50 + 50 * math.cos(math.radians(10))} Y{50 * math.sin(math.radians(10))}")
    corner = plan_motion(bend, printer=machine()).exit[0]
    assert 50 < corner <= 100
    v_x_jump = corner * (1 - math.cos(math.radians(10)))
    v_y_jump = corner * math.sin(math.radians(10))
    assert max(v_x_jump, v_y_jump) == pytest.approx(10.0, rel=1e-6)


def test_junction_deviation_corner_speed():
    jd = machine(planner="junction_deviation", junction_deviation=0.02)
    tp = parse_gcode("G1 X50 F6000\nG1 Y50")
    corner = plan_motion(tp, printer=jd).exit[0]
    # v² = a δ sin(θ/2) / (1 − sin(θ/2)) for the angle θ = 90° between the moves
    s = math.sin(math.radians(45))
    assert corner == pytest.approx(math.sqrt(1000 * 0.02 * s / (1 - s)), rel=1e-9)


def test_look_ahead_never_asks_more_than_the_acceleration():
    rng = np.random.default_rng(3)
    pts = np.cumsum(rng.normal(size=(300, 2)) * rng.choice([0.3, 3, 30], size=(300, 1)), axis=0)
    tp = parse_gcode("G1 F9000\n" + "\n".join(f"G1 X{x:.3f} Y{y:.3f} E{i * 0.01:.3f}" for i, (x, y) in enumerate(pts)))
    for kind in ("jerk", "junction_deviation"):
        plan = plan_motion(tp, printer=machine(planner=kind))
        ok = plan.length > 0
        v_in, v_out, acc, L = plan.entry[ok], plan.exit[ok], plan.acceleration[ok], plan.length[ok]
        assert np.all(np.abs(v_out ** 2 - v_in ** 2) <= 2 * acc * L * (1 + 1e-9) + 1e-9)
        assert np.all(v_in <= plan.nominal[ok] + 1e-9) and np.all(v_out <= plan.nominal[ok] + 1e-9)
        assert np.allclose(plan.exit[ok][:-1], plan.entry[ok][1:])       # one speed at each corner
        # never faster than every move at full speed, never slower than stopping at every corner
        t = plan.time.sum()
        assert tp.time() <= t <= tp.time(acceleration=1000) + 1e-9


def test_limits_set_in_the_program_are_followed():
    slow = parse_gcode("M204 P250 T250\nM203 X50 Y50\nG1 X100 E1 F6000")
    fast = parse_gcode("G1 X100 E1 F6000")
    t_slow = estimate_time(slow, printer=machine()).total
    v, a, v0 = 50.0, 250.0, 10.0
    assert t_slow == pytest.approx(2 * (v - v0) / a + (100 - (v * v - v0 * v0) / a) / v, rel=1e-9)
    assert estimate_time(fast, printer=machine()).total < t_slow
    # the old M204 S form of Prusa's firmware: S prints and travels, T retracts
    legacy = machine(firmware_flavour="marlin")
    tp = parse_gcode("M204 S500 T100\nG1 X10 F6000\nG1 E-2 F3000")
    plan = plan_motion(tp, printer=legacy)
    assert plan.acceleration.tolist() == [500.0, 100.0]


def test_pauses_are_added_and_stop_the_head():
    tp = parse_gcode("G1 X50 F6000\nG4 S3\nG1 X100")
    plan = plan_motion(tp, printer=machine())
    assert plan.exit[0] == pytest.approx(10.0)                # it slows down to stop at the pause
    assert estimate_time(tp, printer=machine()).total == pytest.approx(plan.time.sum() + 3)
    assert format_duration(3723.4) == "1h 02m 03s"


def test_per_layer_and_per_feature_add_up():
    tp = read_gcode(DATA / "prusaslicer_plate.gcode")
    t = estimate_time(tp, printer="prusa_mk3s")
    assert t.per_layer.sum() == pytest.approx(t.moving)
    assert sum(t.per_feature.values()) == pytest.approx(t.moving)
    assert {"External perimeter", "Perimeter", "Solid infill"} <= set(t.per_feature)


@pytest.mark.parametrize("name, limits, tolerance", [
    ("prusaslicer_plate.gcode", None, 0.05),
    ("cura_plate.gcode", "CURA_LIMITS", 0.10),
    ("bambu_style_ring.gcode", "BAMBU_LIMITS", 0.10),
])
def test_within_the_slicers_own_estimates(name, limits, tolerance):
    text = (DATA / name).read_text(encoding="utf-8")
    reference = read_slicer_figures(text)["time"]
    if limits is None:
        machine_ = printer("prusa_mk3s")
    else:
        values = getattr(_reference_limits(), limits)
        base = "ender3" if limits == "CURA_LIMITS" else "generic_marlin"
        machine_ = printer(base).with_limits(planner="jerk", **values)
    tp = parse_gcode(text)
    ours = estimate_time(tp, printer=machine_).total
    assert ours == pytest.approx(reference, rel=tolerance)
    # the simple bounds are far off: full speed everywhere, or a stop at every corner
    stop_everywhere = tp.time(acceleration=machine_.print_acceleration)
    assert abs(stop_everywhere / reference - 1) > 2 * abs(ours / reference - 1)


def test_the_bambu_style_file_has_arcs_and_relative_extrusion():
    text = (DATA / "bambu_style_ring.gcode").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert sum(line.startswith(("G2 ", "G3 ")) for line in lines) > 200
    assert "M83 ; relative extrusion" in lines and "; FEATURE: Outer wall" in lines
    tp = parse_gcode(text)
    figures = read_slicer_figures(text)
    assert tp.feature_mask("Outer wall").sum() > 0
    # the arcs, split into chords, give back the filament the slicer counted (the purge line aside)
    part = np.asarray(tp.feature) >= 0
    of_custom = tp.feature_mask("Custom")
    used = tp.extrusion[(tp.kind == 1) & part & ~of_custom].sum()
    assert used == pytest.approx(figures["filament_length"], rel=0.01)
