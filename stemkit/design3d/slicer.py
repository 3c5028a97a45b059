"""A real slicer as a reference and a tool: PrusaSlicer, run from Python.

PrusaSlicer runs without a window from the command line::

    prusa-slicer --export-gcode --load profile.ini --center 125,105 --output part.gcode part.stl

:func:`prusaslicer` does exactly that for a :class:`~stemkit.design3d.mesh.Mesh`
(or an STL file): it writes the part and a profile into a temporary folder, runs
the slicer, and reads back the G-code and the figures PrusaSlicer writes in its
comments: the print time it estimates (normal mode), the filament length and
volume, and the mass. A lesson can then design a part in Python, slice it with
the real slicer, and compare the student's own estimate with PrusaSlicer's.

The profile is either a stemkit printer (:mod:`stemkit.design3d.printers`) with
:class:`~stemkit.design3d.paths.PrintSettings`, turned into PrusaSlicer's
settings by :func:`prusaslicer_config` so that both slicers print the same part
the same way, or a PrusaSlicer ``.ini`` file of your own (File > Export > Export
Config in PrusaSlicer).

Results are kept for the session: slicing the same part with the same profile
twice runs the slicer once. With ``cache_dir`` they are also kept on disk.

PrusaSlicer is not a Python package. On Debian or Ubuntu: ``sudo apt install
prusa-slicer``; on Windows and macOS, install it from prusa3d.com (the
``prusa-slicer-console`` program on Windows, ``PrusaSlicer.app/Contents/MacOS/PrusaSlicer``
on macOS) and give its path as ``executable``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from stemkit.i18n import _

__all__ = ["SlicerResult", "SlicerNotFoundError", "SlicerError", "prusaslicer", "prusaslicer_config",
           "find_prusaslicer", "read_slicer_figures", "parse_duration"]

_RESULTS: dict[str, SlicerResult] = {}


class SlicerNotFoundError(FileNotFoundError):
    """The slicer program is not installed (or not where it was said to be)."""


class SlicerError(RuntimeError):
    """The slicer ran but failed; the message holds the end of its output."""


@dataclass(frozen=True)
class SlicerResult:
    """What a slicer made of a part.

    Attributes
    ----------
    gcode : str
        The program.
    time : float
        The slicer's own print-time estimate [s] (PrusaSlicer: normal mode).
    filament_length : float
        [mm].
    filament_volume : float
        [mm³].
    mass : float
        [g] (0 when the profile sets no filament density).
    slicer : str
        Name and version, from the first line of the G-code.
    """

    gcode: str = field(repr=False)
    time: float
    filament_length: float
    filament_volume: float
    mass: float
    slicer: str

    @cached_property
    def toolpath(self) -> Any:
        """The program read by :func:`stemkit.design3d.gcode.parse_gcode`."""
        from stemkit.design3d.gcode import parse_gcode

        return parse_gcode(self.gcode)


def parse_duration(text: str) -> float:
    """Seconds in a slicer's duration: ``"1d 2h 03m 4s"``, ``"13m 46s"``, ``"52s"``.

    Examples
    --------
    >>> parse_duration("1h 2m 3s"), parse_duration("13m 46s"), parse_duration("1d 0h 0m 1s")
    (3723.0, 826.0, 86401.0)
    """
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([dhms])", text)
    if not parts:
        raise ValueError(_("cannot read {text!r} as a duration like 1h 2m 3s").format(text=text))
    scale = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}
    return float(sum(float(v) * scale[u] for v, u in parts))


def read_slicer_figures(gcode: str) -> dict[str, float]:
    """The time, filament and mass a slicer wrote in the comments of its G-code.

    Reads PrusaSlicer (``; estimated printing time (normal mode) = ...``,
    ``; filament used [mm] = ...``), Cura (``;TIME:``, ``;Filament used: 1.23m``)
    and Bambu Studio (``; total estimated time: ...``, ``; filament used [g] = ...``).

    Returns
    -------
    dict
        Any of ``time`` [s], ``filament_length`` [mm], ``filament_volume`` [mm³], ``mass`` [g].

    Examples
    --------
    >>> read_slicer_figures("; filament used [mm] = 1491.16\\n; estimated printing time (normal mode) = 13m 46s")
    {'filament_length': 1491.16, 'time': 826.0}
    >>> read_slicer_figures(";FLAVOR:Marlin\\n;TIME:2599\\n;Filament used: 1.2m")
    {'time': 2599.0, 'filament_length': 1200.0}
    """
    out: dict[str, float] = {}
    for raw in gcode.splitlines():
        line = raw.strip()
        if not line.startswith(";"):
            continue
        body = line.lstrip("; ").strip()
        low = body.lower()
        value = body.split("=", 1)[1].strip() if "=" in body else ""
        if low.startswith("filament used [mm]"):
            out["filament_length"] = float(value.split(",")[0])
        elif low.startswith("filament used [cm3]"):
            out["filament_volume"] = 1000.0 * float(value.split(",")[0])
        elif low.startswith(("total filament used [g]", "filament used [g]")) and value:
            out.setdefault("mass", float(value.split(",")[0]))
        elif low.startswith("estimated printing time (normal mode)"):
            out["time"] = parse_duration(value)
        elif low.startswith("time:") and not low.startswith("time elapsed"):
            out["time"] = float(body.split(":", 1)[1])
        elif low.startswith("filament used:") and body.rstrip().endswith("m"):
            out["filament_length"] = 1000.0 * float(body.split(":", 1)[1].strip().rstrip("m"))
        elif "total estimated time" in low:
            out["time"] = parse_duration(body.lower().split("total estimated time", 1)[1])
    return out


def find_prusaslicer(executable: str | os.PathLike | None = None) -> str | None:
    """The path of the PrusaSlicer program, or None when it is not installed."""
    if executable is not None:
        path = Path(executable)
        return str(path) if path.is_file() else shutil.which(str(executable))
    for name in ("prusa-slicer", "prusa-slicer-console", "PrusaSlicer", "prusaslicer"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/PrusaSlicer.app/Contents/MacOS/PrusaSlicer")
    return str(mac) if mac.is_file() else None


def _ini_value(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(value).replace("\n", "\\n")


def prusaslicer_config(printer: Any = "prusa_mk3s", settings: Any = None) -> str:
    """A PrusaSlicer profile (``.ini`` text) that prints the way stemkit's writer does.

    The printer's bed, limits (written into the G-code, so the estimate and the
    firmware use them), retraction and start and end code; the settings' layers,
    walls, infill, skirt, speeds and temperatures. PrusaSlicer's extras that
    stemkit's writer does not have are switched off (gap fill, thin walls,
    vertical shell thickening, bridges detected on walls, per-feature
    accelerations, slowing down small layers), so the two print the same plastic
    along nearly the same paths.
    """
    from stemkit.design3d.gcode import _fill_template
    from stemkit.design3d.paths import PrintSettings
    from stemkit.design3d.printers import printer as get_printer

    m = get_printer(printer)
    s = settings or PrintSettings()
    bx, by = m.bed_size
    w = s.line_width
    values: dict[str, Any] = {
        # printer
        "bed_shape": f"0x0,{_ini_value(bx)}x0,{_ini_value(bx)}x{_ini_value(by)},0x{_ini_value(by)}",
        "max_print_height": float(m.max_height),
        "nozzle_diameter": float(m.nozzle_diameter),
        "gcode_flavor": "marlin" if m.firmware_flavour == "marlin" else "marlin2",
        "machine_limits_usage": "emit_to_gcode",
        "machine_max_acceleration_extruding": float(m.print_acceleration),
        "machine_max_acceleration_retracting": float(m.retract_acceleration),
        "machine_max_acceleration_travel": float(m.travel_acceleration),
        "machine_min_extruding_rate": 0.0, "machine_min_travel_rate": 0.0,
        "use_relative_e_distances": False, "use_firmware_retraction": False,
        "retract_length": float(m.retract_length), "retract_speed": float(m.retract_speed),
        "deretract_speed": 0.0, "retract_before_travel": float(m.retract_before_travel),
        "retract_lift": float(m.z_hop), "retract_lift_above": 0.0, "retract_lift_below": 0.0,
        "retract_layer_change": True, "wipe": False, "retract_restart_extra": 0.0,
        "start_gcode": _fill_template(m.start_gcode, settings=s, machine=m, top=m.max_height - 11.0),
        "end_gcode": _fill_template(m.end_gcode, settings=s, machine=m, top=m.max_height - 11.0),
        "before_layer_gcode": "", "layer_gcode": "", "toolchange_gcode": "",
        "z_offset": 0.0, "silent_mode": False,
        # layers, walls, infill
        "layer_height": float(s.layer_height), "first_layer_height": float(s.layer_height),
        "perimeters": int(s.perimeters), "top_solid_layers": int(s.top_layers),
        "bottom_solid_layers": int(s.bottom_layers),
        "top_solid_min_thickness": 0.0, "bottom_solid_min_thickness": 0.0,
        "fill_density": f"{_ini_value(100.0 * float(s.infill))}%", "fill_pattern": s.infill_pattern,
        "top_fill_pattern": "rectilinear", "bottom_fill_pattern": "rectilinear",
        "fill_angle": float(s.infill_angle), "infill_overlap": f"{_ini_value(100.0 * s.infill_overlap)}%",
        "perimeter_generator": "classic", "gap_fill_enabled": False, "thin_walls": False,
        "overhangs": False, "ensure_vertical_shell_thickness": False, "extra_perimeters": False,
        "solid_infill_below_area": 0.0, "solid_infill_every_layers": 0, "infill_every_layers": 1,
        "seam_position": "nearest", "external_perimeters_first": False, "infill_first": False,
        "avoid_crossing_perimeters": False, "only_retract_when_crossing_perimeters": False,
        "support_material": False, "raft_layers": 0, "brim_width": 0.0, "complete_objects": False,
        "skirts": int(s.skirt_loops), "skirt_distance": float(s.skirt_distance), "skirt_height": 1,
        "min_skirt_length": 0.0, "draft_shield": "disabled",
        "gcode_comments": False, "gcode_label_objects": False, "fuzzy_skin": "none", "ironing": False,
        # widths: one bead width everywhere, as in stemkit
        "extrusion_width": w, "first_layer_extrusion_width": w, "perimeter_extrusion_width": w,
        "external_perimeter_extrusion_width": w, "infill_extrusion_width": w,
        "solid_infill_extrusion_width": w, "top_infill_extrusion_width": w,
        "bridge_flow_ratio": 1.0,
        # speeds [mm/s]; no per-feature accelerations (the printer's apply throughout)
        "perimeter_speed": float(s.perimeter_speed), "external_perimeter_speed": float(s.external_perimeter_speed),
        "small_perimeter_speed": float(s.small_perimeter_speed), "infill_speed": float(s.infill_speed),
        "solid_infill_speed": float(s.solid_infill_speed), "top_solid_infill_speed": float(s.top_solid_infill_speed),
        "gap_fill_speed": float(s.solid_infill_speed), "bridge_speed": float(s.solid_infill_speed),
        "first_layer_speed": float(s.first_layer_speed), "travel_speed": float(s.travel_speed),
        "travel_speed_z": 0.0, "max_print_speed": 1000.0, "max_volumetric_speed": 0.0,
        "default_acceleration": 0.0, "perimeter_acceleration": 0.0, "infill_acceleration": 0.0,
        "bridge_acceleration": 0.0, "first_layer_acceleration": 0.0,
        # filament
        "filament_diameter": float(s.filament_diameter), "filament_density": float(s.density),
        "filament_max_volumetric_speed": 0.0, "extrusion_multiplier": 1.0,
        "temperature": float(s.nozzle_temperature), "first_layer_temperature": float(s.nozzle_temperature),
        "bed_temperature": float(s.bed_temperature), "first_layer_bed_temperature": float(s.bed_temperature),
        "cooling": True, "fan_always_on": True, "min_fan_speed": float(100.0 * s.fan_speed),
        "max_fan_speed": float(100.0 * s.fan_speed), "bridge_fan_speed": float(100.0 * s.fan_speed),
        "disable_fan_first_layers": max(0, int(s.fan_layer) - 1), "full_fan_speed_layer": 0,
        "slowdown_below_layer_time": 0.0, "fan_below_layer_time": 0.0,
    }
    for i, axis in enumerate("xyze"):
        values[f"machine_max_acceleration_{axis}"] = float(m.max_acceleration[i])
        values[f"machine_max_feedrate_{axis}"] = float(m.max_speed[i])
        values[f"machine_max_jerk_{axis}"] = float(m.jerk[i])
    lines = [f"# PrusaSlicer profile written by stemkit for {m.name}"]
    lines += [f"{key} = {_ini_value(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def prusaslicer(mesh: Any, profile: Any = "prusa_mk3s", *, settings: Any = None,
                executable: str | os.PathLike | None = None, timeout: float = 300.0,
                cache_dir: str | os.PathLike | None = None) -> SlicerResult:
    """Slice a part with PrusaSlicer and read back its G-code, time, filament and mass.

    Parameters
    ----------
    mesh : Mesh or path
        The part [mm] (a Mesh, or an STL file).
    profile : str, Printer or path
        A stemkit printer (``"prusa_mk3s"``, ``"ender3"``, ...) to use with
        ``settings``, or a PrusaSlicer ``.ini`` profile file of your own.
    settings : PrintSettings, optional
        With a stemkit printer: how to print (see :func:`prusaslicer_config`).
    executable : path, optional
        The PrusaSlicer program, when it is not on the PATH.
    timeout : float
        Longest time to wait for the slicer [s].
    cache_dir : path, optional
        A folder that keeps results between sessions.

    Returns
    -------
    SlicerResult
        ``gcode``, ``time`` [s], ``filament_length`` [mm], ``filament_volume``
        [mm³], ``mass`` [g], and ``toolpath`` (the G-code read back).

    Raises
    ------
    SlicerNotFoundError
        When PrusaSlicer is not installed; the message says how to install it.
    SlicerError
        When PrusaSlicer fails.
    ValueError
        When the part does not fit the printer (with a stemkit printer).
    """
    from stemkit.design3d.mesh import Mesh
    from stemkit.design3d.printers import Printer
    from stemkit.design3d.printers import printer as get_printer
    from stemkit.design3d.stl import write_stl

    exe = find_prusaslicer(executable)
    if exe is None:
        raise SlicerNotFoundError(_(
            "PrusaSlicer is not installed: on Debian or Ubuntu run 'sudo apt install prusa-slicer'; on "
            "Windows or macOS install it from prusa3d.com and give its path as executable="))
    if isinstance(profile, (str, os.PathLike)) and str(profile).lower().endswith(".ini"):
        ini_path = Path(profile)
        if not ini_path.is_file():
            raise FileNotFoundError(_("no PrusaSlicer profile at {path}").format(path=ini_path))
        ini = ini_path.read_text(encoding="utf-8", errors="replace")
        bed = _bed_centre_of(ini)
        machine = None
    else:
        machine = profile if isinstance(profile, Printer) else get_printer(profile)
        ini = prusaslicer_config(machine, settings)
        bed = machine.bed_centre
    if isinstance(mesh, Mesh) and machine is not None:
        from stemkit.design3d.gcode import place_on_bed

        place_on_bed(mesh, printer=machine)              # a clear error when the part does not fit
    if isinstance(mesh, Mesh):
        import io

        buffer = io.BytesIO()
        write_stl(mesh, buffer)
        stl = buffer.getvalue()
    elif isinstance(mesh, (str, os.PathLike)) and Path(mesh).is_file():
        stl = Path(mesh).read_bytes()
    else:
        raise TypeError(_("give the part as a Mesh or the path of an STL file, got {kind}").format(
            kind=type(mesh).__name__))
    key = hashlib.sha256(stl + ini.encode() + exe.encode()).hexdigest()
    if key in _RESULTS:
        return _RESULTS[key]
    if cache_dir is not None:
        cached = Path(cache_dir) / f"{key}.gcode"
        if cached.is_file():
            result = _result(cached.read_text(encoding="utf-8", errors="replace"))
            _RESULTS[key] = result
            return result
    with tempfile.TemporaryDirectory(prefix="stemkit-slice-") as folder:
        part, config, out = Path(folder, "part.stl"), Path(folder, "profile.ini"), Path(folder, "part.gcode")
        part.write_bytes(stl)
        config.write_text(ini, encoding="utf-8")
        command = [exe, "--export-gcode", "--load", str(config), "--center", f"{bed[0]:g},{bed[1]:g}",
                   "--output", str(out), str(part)]
        env = dict(os.environ, HOME=folder)        # no settings of the user's own PrusaSlicer get in
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise SlicerError(_("PrusaSlicer did not finish within {seconds} s").format(seconds=timeout)) from None
        if run.returncode != 0 or not out.is_file():
            tail = (run.stderr or run.stdout).strip().splitlines()[-5:]
            raise SlicerError(_("PrusaSlicer failed (exit code {code}): {output}").format(
                code=run.returncode, output=" | ".join(tail)))
        gcode = out.read_text(encoding="utf-8", errors="replace")
    if cache_dir is not None:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        (Path(cache_dir) / f"{key}.gcode").write_text(gcode, encoding="utf-8")
    result = _result(gcode)
    _RESULTS[key] = result
    return result


def _bed_centre_of(ini: str) -> tuple[float, float]:
    match = re.search(r"^\s*bed_shape\s*=\s*(.+)$", ini, flags=re.MULTILINE)
    if not match:
        return (100.0, 100.0)
    points = [tuple(float(v) for v in p.split("x")) for p in match.group(1).split(",")]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return ((min(xs) + max(xs)) / 2.0, (min(ys) + max(ys)) / 2.0)


def _result(gcode: str) -> SlicerResult:
    figures = read_slicer_figures(gcode)
    first = gcode.split("\n", 1)[0]
    name = first.split("generated by", 1)[1].split(" on ")[0].strip() if "generated by" in first else "PrusaSlicer"
    if "time" not in figures:
        raise SlicerError(_("the slicer's G-code has no print-time estimate in its comments"))
    return SlicerResult(gcode, figures["time"], figures.get("filament_length", 0.0),
                        figures.get("filament_volume", 0.0), figures.get("mass", 0.0), name)
