"""Print-time, filament and outline figures of stemkit's G-code writer and estimators against PrusaSlicer.

For nine parts of the design3d lessons, on two printers (Prusa MK3S, Creality Ender-3), PrusaSlicer
(Debian's prusa-slicer, the reference) slices the part with the profile stemkit writes for it
(``stemkit.design3d.slicer.prusaslicer_config``) and reports its own "normal mode" print time,
filament and mass. Then:

- ``gcode_time_ratio``: stemkit's firmware-style estimate (``planner.estimate_time``) on
  PrusaSlicer's own G-code, divided by PrusaSlicer's estimate (target within ±5 %);
- ``ratio`` / ``mesh_time_ratio``: stemkit's estimate from the mesh and settings alone
  (``estimate.estimate_part``, no G-code) over PrusaSlicer's time (target ±15 %);
- ``filament_ratio``, ``mass_ratio``: the same estimate's filament and mass (target ±10 %);
- ``outline_error_mm``: on stemkit's own G-code for the part, read back with
  ``gcode.parse_gcode``, the largest distance between the outer wall's bead edge (centre
  line + w/2) and the part's outline at that layer (target 0.05 mm);
- ``stemkit_s`` / ``reference_s``: wall time of stemkit's mesh estimate and of PrusaSlicer's
  slicing run (PrusaSlicer writes its G-code too).

The Cura and Bambu Studio-style reference files of tests/design3d/data are timed too. Prints one
JSON line per part and printer; targets are shown, not judged (they are ranges).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from stemkit.design3d import gcode, primitives, slicer, slicing
from stemkit.design3d.estimate import estimate_part
from stemkit.design3d.mesh import Mesh
from stemkit.design3d.planner import estimate_time
from stemkit.design3d.printers import printer
from stemkit.design3d.stl import read_stl

DATA = Path(__file__).resolve().parent.parent / "tests" / "design3d" / "data"


def parts() -> dict[str, Mesh]:
    from stemkit.datasets import load

    plate = Mesh.merge(primitives.box(size=(40, 20, 3)),
                       *[primitives.cylinder(radius=4, height=3, segments=40).translated([x, 0, 0]).flip_faces()
                         for x in (-11, 11)])
    cup = Mesh.merge(primitives.cylinder(radius=15, height=30, segments=64),
                     primitives.cylinder(radius=12, height=27, segments=64).translated([0, 0, 3]).flip_faces())
    return {
        "cube_20mm_d01_d05": primitives.box(size=(20, 20, 20)),
        "block_40x20x10_d03": primitives.box(size=(40, 20, 10)),
        "plate_with_holes_d07_d08": plate,
        "cup_d07": cup,
        "l_bracket_d04": read_stl(load("design3d/l_bracket"), weld=True),
        "press_fit_peg_d04_d06": read_stl(load("design3d/press_fit_peg"), weld=True),
        "spur_gear_z20_d04": read_stl(load("design3d/spur_gear_m1_5_z20"), weld=True),
        "spur_gear_z36_d06": primitives.spur_gear(module=1.5, teeth=36, thickness=6, bore_diameter=5),
        "ball_r15_d07": primitives.sphere(radius=15, subdivisions=4),
    }


def outline_error(mesh: Mesh, machine_name: str) -> float:
    """Largest |distance of the outer wall's bead edge from the part's outline| [mm], over every layer."""
    machine = printer(machine_name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tp = gcode.parse_gcode(gcode.part_gcode(mesh, printer=machine))
    placed = gcode.place_on_bed(mesh, printer=machine)
    z_mid = slicing.layer_heights(placed, layer_height=0.2)
    layers = slicing.slice_mesh(placed, heights=z_mid)
    outer = tp.feature_mask("outer wall") & (tp.kind == 1)
    worst = 0.0
    for k, layer in enumerate(layers):
        m = outer & (tp.layer == k)
        if not m.any() or not layer.loops:
            continue
        s, e = tp.start[m, :2], tp.end[m, :2]
        pts = np.concatenate([s, e, (s + e) / 2])
        a = np.concatenate(layer.loops)
        b = np.concatenate([np.roll(loop, -1, axis=0) for loop in layer.loops])
        d = b - a
        t = np.clip(np.einsum("pij,ij->pi", pts[:, None] - a[None], d) / np.einsum("ij,ij->i", d, d), 0, 1)
        dist = np.min(np.linalg.norm(pts[:, None] - (a[None] + t[..., None] * d[None]), axis=2), axis=1)
        worst = max(worst, float(np.abs(dist - 0.45 / 2).max()))
    return worst


def reference_files() -> list[dict]:
    spec = importlib.util.spec_from_file_location("make_reference_gcode", DATA / "make_reference_gcode.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = []
    for name, machine in (("prusaslicer_plate", printer("prusa_mk3s")),
                          ("cura_plate", printer("ender3").with_limits(planner="jerk", **module.CURA_LIMITS)),
                          ("bambu_style_ring", printer("generic_marlin").with_limits(planner="jerk",
                                                                                     **module.BAMBU_LIMITS))):
        text = (DATA / f"{name}.gcode").read_text(encoding="utf-8")
        reference = slicer.read_slicer_figures(text)["time"]
        start = time.perf_counter()
        tp = gcode.parse_gcode(text)
        ours = estimate_time(tp, printer=machine).total
        took = time.perf_counter() - start
        out.append({"name": f"design3d_gcode_time_{name}", "stemkit_s": round(took, 3), "reference_s": None,
                    "ratio": round(ours / reference, 4), "target": "0.95-1.05" if "prusa" in name else "0.9-1.1",
                    "slicer_time_s": reference, "stemkit_time_s": round(ours, 1),
                    "stop_at_every_corner_ratio": round(tp.time(acceleration=machine.print_acceleration)
                                                        / reference, 3)})
    return out


def main() -> int:
    if slicer.find_prusaslicer() is None:
        print(json.dumps({"name": "design3d_printing", "skipped": "prusa-slicer is not installed"}))
        return 0
    for record in reference_files():
        print(json.dumps(record), flush=True)
    for name, mesh in parts().items():
        for machine in ("prusa_mk3s", "ender3"):
            start = time.perf_counter()
            result = slicer.prusaslicer(mesh, machine)
            slicer_s = time.perf_counter() - start
            on_gcode = estimate_time(result.toolpath, printer=machine).total
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ours = estimate_part(mesh, printer=machine)
            ours_s = time.perf_counter() - start
            print(json.dumps({
                "name": f"design3d_estimate_{name}_{machine}",
                "stemkit_s": round(ours_s, 3), "reference_s": round(slicer_s, 3),
                "ratio": round(ours.time / result.time, 4), "target": "0.85-1.15",
                "prusaslicer_time_s": result.time, "mesh_time_ratio": round(ours.time / result.time, 4),
                "gcode_time_ratio": round(on_gcode / result.time, 4),
                "filament_ratio": round(ours.filament_length / result.filament_length, 4),
                "mass_ratio": round(ours.mass / result.mass, 4) if result.mass else None,
                "prusaslicer_mass_g": result.mass,
                "outline_error_mm": round(outline_error(mesh, machine), 4),
            }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
