"""G-code writing and reading: round trips, closed forms, real slicer dialects, bad input, fuzzing.

The printable writer (walls, infill, skirt, fan, retraction, printer profiles) is tested in
test_gcode_writer.py; this file tests the reader and the outlines-only program.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stemkit.design3d import gcode, printing, slicing
from stemkit.design3d.gcode import EXTRUDE, EXTRUDER_ONLY, TRAVEL


def ring_layers(r_out=10.0, r_in=8.0, height=3.0, t=0.2, n=24):
    """Layers of a ring built by hand: an outer loop and a clockwise hole per layer."""
    a = 2 * np.pi * np.arange(n) / n
    outer = np.c_[r_out * np.cos(a), r_out * np.sin(a)]
    hole = np.c_[r_in * np.cos(a), r_in * np.sin(a)][::-1]
    z = (np.arange(round(height / t)) + 0.5) * t
    return [slicing.Layer(float(h), (outer, hole), (False, True), ()) for h in z], outer, hole


def perimeter(loop):
    closed = np.vstack([loop, loop[:1]])
    return float(np.sum(np.hypot(*np.diff(closed, axis=0).T)))


# ---------------------------------------------------------------------------
# generate -> parse


def test_round_trip_gives_back_path_and_filament():
    layers, outer, hole = ring_layers()
    t, w = 0.2, 0.45
    program = gcode.generate_gcode(layers, layer_height=t, line_width=w, print_speed=30, travel_speed=120,
                                   retract_length=0.8, retract_speed=35, outlines_only=True)
    tp = gcode.parse_gcode(program)
    path = len(layers) * (perimeter(outer) + perimeter(hole))
    # coordinates are written to 0.001 mm: each segment's length is off by at most √2 × 0.001 mm
    n_segments = len(layers) * (len(outer) + len(hole))
    assert abs(tp.extrusion_length - path) <= n_segments * math.sqrt(2) * 0.001
    assert tp.extrusion_length == pytest.approx(path, rel=1e-4)
    e_per_mm = printing.extrusion_per_mm(width=w, layer_height=t)
    assert tp.filament_length == pytest.approx(e_per_mm * path, rel=1e-4)
    # absolute E is written to 0.00001 mm and never accumulates rounding
    assert tp.filament_length == pytest.approx(e_per_mm * tp.extrusion_length, abs=2e-5)
    # the last retraction is not undone
    assert tp.net_filament == pytest.approx(tp.filament_length - 0.8, abs=2e-5)
    # layers: one layer height above the bed, then stacked
    np.testing.assert_allclose(tp.layer_z, (np.arange(len(layers)) + 1) * t)
    per_layer = tp.extrusion_per_layer()
    assert per_layer.sum() == pytest.approx(tp.filament_length)
    np.testing.assert_allclose(per_layer, per_layer[0], rtol=1e-4)
    # two loops a layer: two travels to a loop start, each with a retract and a prime
    first = tp.layer_moves(3)
    assert np.count_nonzero(first.kind == EXTRUDE) == 2 * 24
    assert np.count_nonzero((first.kind == TRAVEL) & (first.lengths > 0)) == 3   # z up + 2 loop starts
    assert np.count_nonzero(first.kind == EXTRUDER_ONLY) == 4
    assert tp.temperatures == {"bed": 60.0, "nozzle": 210.0}
    assert [c.split()[0] for _, c in tp.other_commands] == ["M84"]


def test_round_trip_time_is_length_over_speed():
    layers, _, _ = ring_layers()
    program = gcode.generate_gcode(layers, layer_height=0.2, print_speed=25, travel_speed=100,
                                   retract_length=1.0, retract_speed=40, outlines_only=True)
    tp = gcode.parse_gcode(program)
    retracts = np.abs(tp.extrusion[tp.kind == EXTRUDER_ONLY]).sum()
    expected = tp.extrusion_length / 25 + tp.travel_length / 100 + retracts / 40
    assert tp.time() == pytest.approx(expected, rel=1e-9)
    assert tp.time() == pytest.approx(
        printing.print_time(extrude_length=tp.extrusion_length, travel_length=tp.travel_length,
                            print_speed=25, travel_speed=100) + retracts / 40, rel=1e-9)
    # with acceleration every move takes longer
    assert tp.time(acceleration=2000) > tp.time()


def test_outlines_only_from_a_sliced_mesh():
    from stemkit.design3d import primitives

    part = primitives.box(size=(20, 10, 1.0))
    layers = slicing.slice_mesh(part, heights=slicing.layer_heights(part, layer_height=0.25))
    tp = gcode.parse_gcode(gcode.generate_gcode(layers, layer_height=0.25, origin=(0, 0), outlines_only=True))
    assert tp.n_layers == 4
    assert tp.extrusion_length == pytest.approx(4 * 60.0)
    ends = tp.end[tp.kind == EXTRUDE]
    # the nozzle on the outline itself: the printed part would be one line width too big
    assert ends[:, 0].min() == pytest.approx(-10) and ends[:, 1].max() == pytest.approx(5)


def test_generate_bad_input():
    layers, _, _ = ring_layers()
    with pytest.raises(ValueError, match="layer height"):
        gcode.generate_gcode(layers, layer_height=0)
    with pytest.raises(ValueError, match="filament diameter|diameter"):
        gcode.generate_gcode(layers, layer_height=0.2, filament_diameter=0)
    with pytest.raises(ValueError, match="no layers"):
        gcode.generate_gcode([], layer_height=0.2)
    with pytest.raises(ValueError, match="print speed"):
        gcode.generate_gcode(layers, layer_height=0.2, print_speed=-5)
    for outlines_only in (False, True):
        with pytest.raises(ValueError, match="layer height"):
            gcode.generate_gcode(layers, layer_height=-1, outlines_only=outlines_only)


# ---------------------------------------------------------------------------
# reading: closed forms


def test_absolute_and_relative_modes_and_resets():
    tp = gcode.parse_gcode("""
G21 ; millimetres
G90
M82
G92 E0
G1 Z0.3 F600
G1 X3 Y4 E1.0 F1200      ; 5 mm
G92 E0                   ; reset the extruder, as slicers do every layer
G1 X3 Y10 E0.5           ; 6 mm, 0.5 mm filament
M83                      ; relative extrusion from here
G1 X0 Y10 E0.25          ; 3 mm
G91                      ; relative positions (and extrusion)
G1 X0 Y-10 E0.75         ; 10 mm
G90
G1 E-0.5 F2400           ; G90 made E absolute again: E goes from 1.5 to -0.5
""")
    assert tp.kinds == ["travel", "extrude", "extrude", "extrude", "extrude", "extruder only"]
    np.testing.assert_allclose(tp.lengths, [0.3, 5, 6, 3, 10, 0])
    np.testing.assert_allclose(tp.extrusion, [0, 1.0, 0.5, 0.25, 0.75, -2.0])
    assert tp.filament_length == pytest.approx(2.5)
    assert tp.extrusion_length == pytest.approx(24.0)
    np.testing.assert_allclose(tp.speed, [10, 20, 20, 20, 20, 40])
    np.testing.assert_allclose(tp.end[-2], [0, 0, 0.3])
    assert tp.time() == pytest.approx(0.3 / 10 + 24 / 20 + 2.0 / 40)


def test_inches_homing_dwell_and_line_numbers():
    tp = gcode.parse_gcode("""
N1 G28*18
N2 G20 ; inches
N3 G1 X1 Y0 Z0.01 E0.02 F60*40
N4 G4 P500
N5 G4 S2
N6 G21
N7 G28 X
N8 G1 X10 E1
""")
    np.testing.assert_allclose(tp.end[0], [25.4, 0, 0.254])
    assert tp.extrusion[0] == pytest.approx(0.508)
    assert tp.speed[0] == pytest.approx(25.4)           # 60 in/min = 25.4 mm/s
    assert tp.dwell == pytest.approx(2.5)
    np.testing.assert_allclose(tp.start[1], [0, 0, 0.254])   # G28 X homed only x
    assert tp.lengths[1] == pytest.approx(10.0)
    assert tp.line.tolist() == [4, 9]


def test_arcs_are_split_into_chords():
    tp = gcode.parse_gcode("G90\nM83\nG1 X10 Y0 Z0.2 F600\nG3 X0 Y10 I-10 J0 E1.0\nG2 X10 Y0 I0 J-10 E1.0")
    arcs = tp.kind == EXTRUDE
    chords = np.count_nonzero(arcs)
    assert chords >= 2 * 15
    # a quarter circle of radius 10 each way, chords a little shorter than the arc
    assert tp.extrusion_length == pytest.approx(2 * (np.pi * 10 / 2), rel=1e-3)
    assert tp.extrusion_length < np.pi * 10
    assert tp.filament_length == pytest.approx(2.0)
    radii = np.hypot(tp.end[arcs, 0], tp.end[arcs, 1])
    np.testing.assert_allclose(radii, 10.0)
    # G3 runs counter-clockwise through (7.07, 7.07); G2 returns clockwise the same way
    assert np.all(tp.end[arcs][:chords // 2, 0] >= -1e-9)


def test_real_slicer_dialects():
    # in the style of PrusaSlicer and Cura output: headers, progress, fan, .5 numbers, ;TYPE
    prusa = """; generated by PrusaSlicer 2.7.1 on 2024-03-02 at 10:01:17 UTC
; external perimeters extrusion width = 0.45mm
M73 P0 R12
M201 X1000 Y1000 Z200 E5000 ; sets maximum accelerations, mm/sec^2
M203 X200 Y200 Z12 E120 ; sets maximum feedrates, mm / sec
M862.3 P "MK3S" ; printer model check
M115 U3.13.0
M107
M190 S60 ; set bed temperature and wait for it to be reached
M104 S215 ; set temperature
G28 W ; home all without mesh bed level
G80 ; mesh bed leveling
G21 ; set units to millimeters
G90 ; use absolute coordinates
M83 ; use relative distances for extrusion
M117 Printing... 3D Benchy
G1 Z.2 F720
G1 X60 Y-3 F1000.0 ; go outside print area
G1 X100 E12.5 F1000.0 ; intro line
G92 E0
;LAYER_CHANGE
;Z:0.2
;HEIGHT:0.2
G1 E-.8 F2100
G1 X.5 Y.5 F9000
G1 E.8 F2100
;TYPE:External perimeter
;WIDTH:0.449999
G1 F1200
G1 X20.5 Y.5 E.6654
G1 X20.5 Y20.5 E.6654
M106 S255
;LAYER_CHANGE
;Z:0.4
G1 Z.4 F720
G1 X.5 Y20.5 E.6654 ; perimeter
M107
M104 S0 ; turn off temperature
M84 ; disable motors
"""
    tp = gcode.parse_gcode(prusa)
    assert tp.n_layers == 2 and tp.layer_z.tolist() == [0.2, 0.4]
    assert tp.filament_length == pytest.approx(12.5 + 3 * 0.6654)
    assert tp.extrusion_length == pytest.approx(40 + 3 * 20)
    assert tp.temperatures == {"bed": 60.0, "nozzle": 215.0}
    kept = [c.split()[0] for _, c in tp.other_commands]
    assert kept == ["M73", "M862.3", "M115", "M107", "G80", "M117", "M106", "M107", "M84"]
    # firmware limits are kept for the time estimate, with the move they apply from
    assert [(i, cmd, p) for i, cmd, p in tp.machine if cmd in ("M201", "M203")] == [
        (0, "M201", {"X": 1000.0, "Y": 1000.0, "Z": 200.0, "E": 5000.0}),
        (0, "M203", {"X": 200.0, "Y": 200.0, "Z": 12.0, "E": 120.0})]
    assert tp.features()[-3:] == ["External perimeter"] * 3
    # a travel z-hop belongs to the layer under it
    assert tp.layer[tp.kind == TRAVEL].max() <= 1

    cura = """;FLAVOR:Marlin
;TIME:1234
;Filament used: 0.5m
;Layer height: 0.2
M140 S60
M105
M190 S60
M104 S200
M109 S200
M82 ;absolute extrusion mode
G28 ;Home
G92 E0 ;Reset Extruder
G1 Z2.0 F3000
G1 X0.1 Y20 Z0.3 F5000.0
G1 X0.1 Y200.0 Z0.3 F1500.0 E15
G92 E0
G1 F2700 E-5
;LAYER_COUNT:1
;LAYER:0
M107
G0 F6000 X10 Y10 Z0.3
;TYPE:WALL-OUTER
G1 F2700 E0
G1 F1500 X30 Y10 E0.99778
G1 X30 Y30 E1.99556
G0 F6000 X10 Y30
;TIME_ELAPSED:12.3
M140 S0
"""
    tp = gcode.parse_gcode(cura)
    assert tp.filament_length == pytest.approx(15 + 1.99556)
    assert tp.extrusion_length == pytest.approx(180 + 40)
    assert tp.n_layers == 1
    # from home: up 2 mm, to the purge line start, to the part, then one travel inside the layer
    assert tp.travel_length == pytest.approx(2.0 + math.hypot(0.1, 20, 1.7) + math.hypot(9.9, 190) + 20, rel=1e-12)
    assert tp.net_filament == pytest.approx(tp.filament_length)   # the retraction was primed back


# ---------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize("program, line, words", [
    ("G90\nG1 X10\nG1 X1.2.3 Y4", 3, ["X1.2.3", "number"]),
    ("G1 X10 Yabc", 1, ["Y", "number"]),
    ("G1 X10\n\n; comment\nG1 X5 F0", 4, ["feed rate", "> 0"]),
    ("G1 X", 1, ["X", "no number"]),
    ("G2 X10 Y0 R5", 1, ["radius R"]),
    ("G2 X10 Y0", 1, ["I or J"]),
    ("G1 X--5", 1, ["X--5"]),
    ("G1 X99999999999", 1, ["out of range"]),
    ("hello printer", 1, ["command"]),
    ("G4 P-100", 1, ["dwell"]),
])
def test_bad_lines_name_the_line(program, line, words):
    with pytest.raises(ValueError) as info:
        gcode.parse_gcode(program)
    message = str(info.value)
    assert message.startswith(f"line {line}:")
    for word in words:
        assert word in message


def test_exponent_notation_is_refused():
    # "X1e3" is X1 followed by E3 to one reader and X1000 to another (Marlin's number parser):
    # a G-code number is a plain decimal, so the line is refused with the fix
    for line in ("G1 X1e3 E1", "G1 X1E3", "G1 Y-2.5e-1", "G1 X.5e2"):
        with pytest.raises(ValueError, match="exponent"):
            gcode.parse_gcode(line)
    tp = gcode.parse_gcode("G1 X1 E3")                      # words with a space are fine
    assert tp.end[0, 0] == 1.0 and tp.extrusion[0] == 3.0


def test_limit_is_checked_in_millimetres_after_inches():
    # 5,000,000 inches is 127,000 km: beyond the ±1e7 mm limit once G20 turns it into mm
    with pytest.raises(ValueError, match="line 2: X5000000 is out of range"):
        gcode.parse_gcode("G20\nG1 X5000000")
    assert gcode.parse_gcode("G21\nG1 X5000000").end[0, 0] == 5_000_000.0
    assert gcode.parse_gcode("G20\nG1 X300000").end[0, 0] == pytest.approx(7_620_000.0)


def test_bytes_none_and_other_types():
    tp = gcode.parse_gcode(b"G1 X10 E1\nG1 Y5 E2")
    assert tp.n_moves == 2 and tp.extruded_filament == pytest.approx(2.0)
    assert gcode.parse_gcode(bytearray(b"G1 X3")).end[0, 0] == 3.0
    for bad in (None, 42, 3.5):
        with pytest.raises(TypeError, match="text"):
            gcode.parse_gcode(bad)


def test_xy_travel_leaves_out_z_hops():
    tp = gcode.parse_gcode("G1 X0 Y0 Z0.2 F6000\nG1 X10 E1\nG1 Z0.6\nG0 X13 Y4\nG1 Z0.2\nG1 X20 E2")
    assert tp.travel_length == pytest.approx(0.2 + 0.4 + 5 + 0.4)
    assert tp.travel_length_xy == pytest.approx(5.0)


def test_extruded_filament_and_its_older_name():
    from stemkit.design3d import printing

    tp = gcode.parse_gcode("M83\nG1 X10 E0.5 F600\nG1 E-0.8\nG0 X30\nG1 E0.8\nG1 X40 E0.5")
    assert tp.extruded_filament == tp.filament_length == pytest.approx(1.0)
    # the function of the same old name is something else: the filament that holds a volume
    assert printing.filament_length(volume=printing.filament_area()) == pytest.approx(1.0)


def test_bad_arguments():
    with pytest.raises(ValueError, match="default feed rate"):
        gcode.parse_gcode("G1 X1", default_feed_rate=0)
    with pytest.raises(TypeError, match="line 2"):
        gcode.parse_gcode(["G1 X1", 42])


def test_empty_and_comment_only_programs():
    for text in ("", "\n\n", "; nothing here\n(just a comment)\n%\n"):
        tp = gcode.parse_gcode(text)
        assert tp.n_moves == 0 and tp.n_layers == 0 and tp.time() == 0.0
        assert tp.filament_length == 0.0 and tp.extrusion_per_layer().size == 0


# ---------------------------------------------------------------------------
# fuzzing: never a hang, never an unexplained exception

_gcode_chars = st.sampled_from(list("GMXYZEFIJRPSNT0123456789 .-+;()*%\n\tgxyz") + ["G1 ", "G0 ", "G2 ", "G92 ",
                                                                                 "M83\n", "G91\n", "E-"])


def _parse_or_explain(text):
    try:
        tp = gcode.parse_gcode(text)
    except ValueError as exc:
        assert str(exc).startswith("line ")
        return None
    assert np.all(np.isfinite(tp.start)) and np.all(np.isfinite(tp.end))
    assert np.isfinite(tp.filament_length) and np.isfinite(tp.time())
    assert tp.extrusion_per_layer().shape == (tp.n_layers,)
    return tp


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_gcode_chars, max_size=80).map("".join))
def test_fuzz_random_characters(text):
    _parse_or_explain(text)


_number = st.one_of(st.integers(-1000, 1000).map(str),
                    st.floats(-1e4, 1e4, allow_nan=False).map(lambda x: f"{x:.3f}"),
                    st.sampled_from(["", ".", "-", "1..2", "+.5", "1e3", "abc", "99999999999"]))
_line = st.tuples(st.sampled_from(["G0", "G1", "G2", "G3", "G4", "G28", "G90", "G91", "G92", "M82", "M83",
                                   "M104", "M109", "M140", "M190", "M106", "M117", "T0", "G20", "G21"]),
                  st.lists(st.tuples(st.sampled_from(list("XYZEFIJRPS")), _number), max_size=5),
                  st.sampled_from(["", " ; comment", " (note)", "*12"]))


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, max_size=25))
def test_fuzz_command_shaped_lines(lines):
    text = "\n".join(cmd + "".join(f" {a}{v}" for a, v in words) + tail for cmd, words, tail in lines)
    _parse_or_explain(text)


# ---------------------------------------------------------------------------
# the sample dataset


def test_sample_ring_dataset_is_regenerated_exactly():
    from stemkit.datasets import load

    path = load("design3d/ring")
    assert path.read_text(encoding="utf-8") == gcode.sample_ring_program()
    tp = gcode.read_gcode(path)
    assert tp.n_layers == 50
    assert tp.temperatures == {"bed": 60.0, "nozzle": 210.0}
    # two 60-gons a layer: radius 10 and 9.55 mm
    side = lambda r: 60 * 2 * r * math.sin(math.pi / 60)  # noqa: E731
    assert tp.extrusion_length == pytest.approx(50 * (side(10) + side(9.55)), rel=1e-4)


def test_sample_program_is_safe_to_print():
    """What a teacher checks before the build: heat and home first, stay on a 220 × 220 mm bed."""
    program = gcode.sample_ring_program()
    lines = [line.split(";")[0].strip() for line in program.splitlines()]
    first = {cmd: next(i for i, line in enumerate(lines) if line.startswith(cmd))
             for cmd in ("M190", "M109", "G28", "G90", "M82", "G92 E0", "G1 X")}
    assert first["G28"] < first["G1 X"]
    assert max(first["M190"], first["M109"]) < first["G1 X"]
    assert first["M82"] < first["G92 E0"] < first["G1 X"]
    tp = gcode.parse_gcode(program)
    moving = tp.kind != EXTRUDER_ONLY
    assert np.all((tp.end[moving, :2] >= 0) & (tp.end[moving, :2] <= 220))
    assert np.all(np.diff(tp.layer_z) > 0) and tp.layer_z[0] == pytest.approx(0.2)
    # layers never go down while printing, and every retraction is primed back before printing again
    z_printing = tp.end[tp.kind == EXTRUDE, 2]
    assert np.all(np.diff(z_printing) >= 0)
    e_after = np.cumsum(tp.extrusion)
    e_before = e_after - tp.extrusion
    highest_so_far = np.maximum.accumulate(np.r_[0.0, e_after[:-1]])
    printing_moves = tp.kind == EXTRUDE
    assert np.all(e_before[printing_moves] >= highest_so_far[printing_moves] - 1e-9)
    assert np.count_nonzero(tp.extrusion < 0) == 2 * 50 + 1      # a retraction per loop, one at the end
    # the heaters are switched off at the end
    assert lines[-8:].count("M104 S0") == 1 and lines[-8:].count("M140 S0") == 1
