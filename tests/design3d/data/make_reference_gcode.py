"""Write the reference G-code files of this folder with real slicers (run by hand, not by the tests).

    python tests/design3d/data/make_reference_gcode.py [--cura-definitions DIR]

- ``prusaslicer_plate.gcode``: the plate with two holes of lessons d07 and d08, sliced by
  Debian's ``prusa-slicer`` with the profile stemkit writes for the Prusa MK3S
  (``stemkit.design3d.slicer.prusaslicer_config``). Its comments hold PrusaSlicer's own
  print-time estimate (normal mode) and filament.
- ``cura_plate.gcode``: the same plate sliced by Debian's ``CuraEngine`` 4.13 for a
  Creality Ender-3, with the limits of ``CURA_LIMITS``. CuraEngine needs Cura's printer
  definitions (``fdmprinter.def.json`` and friends), which Debian ships in the ``cura``
  package, not in ``cura-engine``: ``apt-get download cura`` and ``dpkg -x`` give them
  without installing Cura. Cura's front end writes the engine's time estimate into the
  ``;TIME:`` line and fills in ``{machine_depth}`` in the end code; this script does
  the same.
- ``bambu_style_ring.gcode``: a ring sliced by PrusaSlicer for a fast printer with the
  limits of a Bambu Lab X1 (``BAMBU_LIMITS``), then rewritten the way Bambu Studio
  writes G-code: relative extrusion (``M83``), ``; FEATURE:`` comments, circles as
  ``G2``/``G3`` arcs, and its header (``; total estimated time: ...``). The time in the
  header is PrusaSlicer's estimate of the file before the arcs were fitted (Bambu
  Studio's own estimator is PrusaSlicer's).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

#: Ender-3 limits and settings given to CuraEngine (its front end would compute most of them).
CURA_LIMITS = dict(max_speed=(500.0, 500.0, 10.0, 60.0), max_acceleration=(500.0, 500.0, 100.0, 5000.0),
                   print_acceleration=500.0, retract_acceleration=500.0, travel_acceleration=500.0,
                   jerk=(8.0, 8.0, 0.4, 5.0))
CURA_SETTINGS = {
    "layer_height": 0.2, "layer_height_0": 0.2, "line_width": 0.4, "wall_line_width_0": 0.4,
    "wall_line_width_x": 0.4, "infill_line_width": 0.4, "skin_line_width": 0.4, "skirt_brim_line_width": 0.4,
    "initial_layer_line_width_factor": 100, "wall_line_count": 2, "top_layers": 4, "bottom_layers": 3,
    "initial_bottom_layers": 3, "infill_sparse_density": 15, "infill_line_distance": 2.667,
    "infill_pattern": "lines", "top_bottom_pattern": "lines", "top_bottom_pattern_0": "lines",
    "roofing_layer_count": 0, "speed_print": 50, "speed_infill": 50, "speed_wall": 25, "speed_wall_0": 25,
    "speed_wall_x": 40, "speed_topbottom": 30, "speed_travel": 150, "speed_layer_0": 20,
    "speed_print_layer_0": 20, "speed_travel_layer_0": 100, "skirt_brim_speed": 20, "adhesion_type": "skirt",
    "skirt_line_count": 1, "skirt_gap": 3, "skirt_brim_minimal_length": 0,
    "machine_max_feedrate_x": 500, "machine_max_feedrate_y": 500, "machine_max_feedrate_z": 10,
    "machine_max_feedrate_e": 60, "machine_max_acceleration_x": 500, "machine_max_acceleration_y": 500,
    "machine_max_acceleration_z": 100, "machine_max_acceleration_e": 5000, "machine_acceleration": 500,
    "machine_max_jerk_xy": 8, "machine_max_jerk_z": 0.4, "machine_max_jerk_e": 5,
    "acceleration_enabled": "false", "jerk_enabled": "false", "retraction_enable": "true",
    "retraction_amount": 5, "retraction_speed": 60, "retraction_retract_speed": 60, "retraction_prime_speed": 60,
    "retraction_min_travel": 2, "retraction_combing": "off", "retraction_hop_enabled": "false",
    "material_print_temperature": 210, "material_print_temperature_layer_0": 210, "material_bed_temperature": 60,
    "material_bed_temperature_layer_0": 60, "material_diameter": 1.75, "cool_fan_enabled": "true",
    "cool_fan_full_layer": 2, "cool_min_layer_time": 0, "magic_spiralize": "false", "support_enable": "false",
    "center_object": "false", "mesh_position_x": 0, "mesh_position_y": 0,
}
#: Limits of a Bambu Lab X1 as its slicer writes them (M201 / M203 / M204 / M205 in its start code).
BAMBU_LIMITS = dict(max_speed=(500.0, 500.0, 20.0, 30.0), max_acceleration=(20000.0, 20000.0, 500.0, 5000.0),
                    print_acceleration=10000.0, retract_acceleration=5000.0, travel_acceleration=10000.0,
                    jerk=(9.0, 9.0, 3.0, 2.5))


def plate():
    from stemkit.design3d import primitives
    from stemkit.design3d.mesh import Mesh

    return Mesh.merge(primitives.box(size=(40, 20, 3)),
                      *[primitives.cylinder(radius=4, height=3, segments=40).translated([x, 0, 0]).flip_faces()
                        for x in (-11, 11)])


def ring():
    from stemkit.design3d import primitives
    from stemkit.design3d.mesh import Mesh

    return Mesh.merge(primitives.cylinder(radius=12, height=4, segments=120),
                      primitives.cylinder(radius=9, height=4, segments=120).flip_faces())


def write_prusaslicer_plate() -> None:
    from stemkit.design3d.slicer import prusaslicer

    result = prusaslicer(plate(), "prusa_mk3s")
    (HERE / "prusaslicer_plate.gcode").write_text(result.gcode, encoding="utf-8")
    print(f"prusaslicer_plate.gcode: {result.time:.0f} s, {result.filament_length:.1f} mm")


def write_cura_plate(definitions: Path) -> None:
    from stemkit.design3d.gcode import place_on_bed
    from stemkit.design3d.stl import write_stl

    with tempfile.TemporaryDirectory() as folder:
        stl = Path(folder, "plate.stl")
        write_stl(place_on_bed(plate(), printer="ender3"), stl)
        out = Path(folder, "plate.gcode")
        env = dict(os.environ, CURA_ENGINE_SEARCH_PATH=f"{definitions}/definitions:{definitions}/extruders")
        command = ["CuraEngine", "slice", "-v", "-j", str(definitions / "definitions" / "creality_ender3.def.json")]
        for key, value in CURA_SETTINGS.items():
            command += ["-s", f"{key}={value}"]
        command += ["-l", str(stl), "-o", str(out)]
        run = subprocess.run(command, capture_output=True, text=True, env=env)
        if run.returncode != 0:
            sys.exit(run.stderr[-2000:])
        seconds = int(re.search(r"Print time \(s\): (\d+)", run.stdout + run.stderr).group(1))
        volume = float(re.search(r"Filament \(mm\^3\): (\d+)", run.stdout + run.stderr).group(1))
        text = out.read_text(encoding="utf-8")
    metres = volume / (math.pi * 1.75 ** 2 / 4) / 1000
    text = text.replace(";TIME:6666", f";TIME:{seconds}").replace(";Filament used: 0m", f";Filament used: {metres:.5f}m")
    text = text.replace("{machine_depth}", "235")
    (HERE / "cura_plate.gcode").write_text(text, encoding="utf-8")
    print(f"cura_plate.gcode: {seconds} s, {metres * 1000:.1f} mm")


def _circle(a, b, c):
    """Centre of the circle through three points, or None when they are (nearly) on a line."""
    d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]))
    if abs(d) < 1e-9:
        return None
    ux = ((a @ a) * (b[1] - c[1]) + (b @ b) * (c[1] - a[1]) + (c @ c) * (a[1] - b[1])) / d
    uy = ((a @ a) * (c[0] - b[0]) + (b @ b) * (a[0] - c[0]) + (c @ c) * (b[0] - a[0])) / d
    return np.array([ux, uy])


def _pieces(points: np.ndarray, tolerance: float = 0.005):
    """Split a polyline into single lines and arcs: runs of 4 or more segments on one circle.

    Yields ("G1", i, i + 1, None) or ("G2"/"G3", i, j, centre); an arc turns less than 170°.
    """
    i, n = 0, len(points) - 1
    while i < n:
        best = None
        for j in range(i + 4, n + 1):
            centre = _circle(points[i], points[(i + j) // 2], points[j])
            if centre is None:
                break
            r = np.hypot(*(points[i:j + 1] - centre).T)
            angle = np.unwrap(np.arctan2(points[i:j + 1, 1] - centre[1], points[i:j + 1, 0] - centre[0]))
            step = np.diff(angle)
            if np.ptp(r) > tolerance or r.max() > 200 or not (np.all(step > 0) or np.all(step < 0)) \
                    or abs(angle[-1] - angle[0]) > math.radians(170):
                break
            best = (j, centre, "G3" if step[0] > 0 else "G2")
        if best is None:
            yield ("G1", i, i + 1, None)
            i += 1
        else:
            j, centre, kind = best
            yield (kind, i, j, centre)
            i = j


_BAMBU_FEATURES = {"External perimeter": "Outer wall", "Perimeter": "Inner wall", "Internal infill": "Sparse infill",
                   "Solid infill": "Internal solid infill", "Top solid infill": "Top surface",
                   "Bridge infill": "Bridge", "Skirt/Brim": "Skirt", "Custom": "Custom"}


def write_bambu_style_ring() -> None:
    from stemkit.design3d.paths import PrintSettings
    from stemkit.design3d.printers import printer
    from stemkit.design3d.slicer import prusaslicer

    x1 = printer("generic_marlin").with_limits(name="Bambu Lab X1 (limits only)", bed_size=(256.0, 256.0),
                                                max_height=250.0, planner="jerk", firmware_flavour="marlin2",
                                                retract_length=0.8, retract_speed=30.0, z_hop=0.4,
                                                **BAMBU_LIMITS)
    fast = PrintSettings(perimeter_speed=300, external_perimeter_speed=200, small_perimeter_speed=150,
                         infill_speed=270, solid_infill_speed=250, top_solid_infill_speed=200,
                         first_layer_speed=50, travel_speed=500, nozzle_temperature=220, bed_temperature=55)
    result = prusaslicer(ring(), x1, settings=fast)
    out = ["; HEADER_BLOCK_START", "; BambuStudio 01.08.04.51",
           f"; model printing time: {_hms(result.time)}; total estimated time: {_hms(result.time)}",
           f"; total layer number: {result.toolpath.n_layers}", "; HEADER_BLOCK_END", "",
           "; CONFIG_BLOCK_START", f"; filament used [mm] = {result.filament_length:.2f}",
           "; CONFIG_BLOCK_END", "", "M620 M ;enable remap", "M1002 gcode_claim_action : 2",
           "M1002 set_filament_type:PLA"]
    x = y = 0.0
    e_abs = 0.0                    # PrusaSlicer wrote absolute E; Bambu Studio writes relative E
    run: list[tuple[float, float, float]] = []

    def flush():
        if not run:
            return
        points = np.array([(x0, y0)] + [(px, py) for px, py, _de in run])
        de = np.array([0.0] + [d for _x, _y, d in run])
        for kind, i, j, centre in _pieces(points):
            ex, ey = points[j]
            e = de[i + 1:j + 1].sum()
            if kind == "G1":
                out.append(f"G1 X{ex:.3f} Y{ey:.3f} E{e:.5f}")
            else:
                ci, cj = centre - points[i]
                out.append(f"{kind} X{ex:.3f} Y{ey:.3f} I{ci:.3f} J{cj:.3f} E{e:.5f}")
        run.clear()

    x0 = y0 = 0.0
    for raw in result.gcode.splitlines():
        text = raw.split(";", 1)[0].strip()
        if raw.startswith(";TYPE:"):
            flush()
            out.append(f"; FEATURE: {_BAMBU_FEATURES.get(raw[6:], raw[6:])}")
            continue
        if not text:
            if raw.startswith(";LAYER_CHANGE"):
                flush()
                out.append("; CHANGE_LAYER")
            continue
        command, *words = text.split()
        values = {w[0]: w[1:] for w in words}
        if command == "M82":
            flush()
            out.append("M83 ; relative extrusion")
            continue
        if command == "G92" and "E" in values:
            flush()
            e_abs = float(values["E"])
            continue
        if command in ("G0", "G1"):
            nx, ny = float(values.get("X", x)), float(values.get("Y", y))
            de = 0.0
            if "E" in values:
                de = float(values["E"]) - e_abs
                e_abs = float(values["E"])
            if de > 0 and set(values) <= {"X", "Y", "E"} and ("X" in values or "Y" in values):
                if not run:
                    x0, y0 = x, y
                run.append((nx, ny, de))
            else:
                flush()
                parts = [command] + [f"{k}{v}" for k, v in values.items() if k in "XYZF"]
                if "E" in values:
                    parts.append(f"E{de:.5f}")
                out.append(" ".join(parts))
            x, y = nx, ny
            continue
        flush()
        out.append(raw)
    flush()
    (HERE / "bambu_style_ring.gcode").write_text("\n".join(out) + "\n", encoding="utf-8")
    arcs = sum(1 for line in out if line.startswith(("G2 ", "G3 ")))
    print(f"bambu_style_ring.gcode: {result.time:.0f} s, {len(out)} lines, {arcs} arcs")


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}h {m}m {sec}s" if h else f"{m}m {sec}s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cura-definitions", type=Path, default=Path("/usr/share/cura/resources"),
                        help="Cura's resources folder (with definitions/ and extruders/)")
    args = parser.parse_args()
    write_prusaslicer_plate()
    write_bambu_style_ring()
    if (args.cura_definitions / "definitions" / "fdmprinter.def.json").is_file():
        write_cura_plate(args.cura_definitions)
    else:
        print(f"no Cura definitions in {args.cura_definitions}: cura_plate.gcode not written")


if __name__ == "__main__":
    main()
