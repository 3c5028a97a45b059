"""Interactive explorers of the design3d room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations

# ---- geometry section: transforms, mesh viewer, parametric parts ----
import numpy as np

from stemkit.design3d import plots as _plots
from stemkit.design3d import transforms as _tf
from stemkit.design3d.mesh import Mesh
from stemkit.design3d.primitives import box as _box
from stemkit.i18n import _, format_number
from stemkit.ui import PALETTE, Explorer, Plot
from stemkit.ui.figure import FINE_STEPS, SEAM_STROKE, nice_limit
from stemkit.ui.figure import project as _project

_AXIS_COLOURS = {"x": PALETTE["vermillion"], "y": PALETTE["green"], "z": PALETTE["blue"]}


def _hex(rgba: np.ndarray) -> list[str]:
    rgb = np.clip(np.round(np.asarray(rgba)[:, :3] * 255), 0, 255).astype(int)
    return [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rgb]


def _rows(loops) -> tuple[np.ndarray, np.ndarray]:
    """Closed loops of different lengths as equal rows (the last point repeated): one line per row."""
    loops = [np.vstack([p, p[:1]]) for p in loops if len(p)]
    if not loops:
        return np.empty((0, 2)), np.empty((0, 2))
    n = max(len(p) for p in loops)
    padded = np.stack([np.vstack([p, np.repeat(p[-1:], n - len(p), axis=0)]) for p in loops])
    return padded[:, :, 0], padded[:, :, 1]


class _MeshView:
    """A part seen from a direction: shaded flat triangles (far ones first), drawn by the browser.

    The kernel projects the triangles (an orthographic view from ``elevation`` and
    ``azimuth``), sorts them by depth and sends their corners and colours; the browser
    fills them. Light comes from a fixed direction, so turning the view keeps the shading.
    """

    def __init__(self, plot: Plot, *, elevation: float, azimuth: float):
        self.plot = plot
        self.elevation, self.azimuth = float(elevation), float(azimuth)
        self.extras = plot.line(np.zeros((0, 2)), np.zeros((0, 2)), colour="#777777", width=1, style="--")
        # each face outlined in its own colour: faces are anti-aliased one by one, and without the
        # outline the page would show a light seam between every two that touch
        self.faces = plot.fill(np.zeros((0, 4)), np.zeros((0, 4)), colour=_plots.MESH_COLOR, opacity=1.0)
        self.faces.stroke_width = SEAM_STROKE
        self.normals = plot.line(np.zeros((0, 2)), np.zeros((0, 2)), colour=_plots.NORMAL_COLOR, width=1)
        # the x, y, z arrows with their names written at their tips: one mark
        arrows = plot.lines(width=2.5, names=True)
        self.arrows = {name: arrows.row(colour=colour, label=name) for name, colour in _AXIS_COLOURS.items()}
        self.axes = arrows.mark
        self._extra_segments = np.zeros((0, 2, 3))
        self._axes_length = 0.0
        self._frame = None

    def _uv(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return _project(points, elevation=self.elevation, azimuth=self.azimuth)

    def set_extras(self, segments: np.ndarray, *, axes_length: float = 0.0) -> None:
        """Fixed 3-D line segments (a build volume's edges) and the length of the x, y, z arrows [mm]."""
        self._extra_segments = np.asarray(segments, dtype=float).reshape(-1, 2, 3)
        self._axes_length = float(axes_length)

    def _colours(self, mesh: Mesh, colour: str, highlight) -> np.ndarray:
        # the shading does not depend on the view: work it out once per mesh, colour and highlight
        key = (id(mesh), colour, None if highlight is None else np.asarray(highlight, dtype=bool).tobytes())
        if getattr(self, "_colour_key", None) != key:
            self._colour_key = key
            self._colour_cache = np.asarray(_hex(_plots._shade(mesh, colour, 1.0, highlight)), dtype=object)
        return self._colour_cache

    def draw(self, mesh: Mesh, *, colour: str = _plots.MESH_COLOR, highlight=None,
             normals: bool = False, fit=None, closed: bool = False, steady: bool = False) -> None:
        """Draw ``mesh`` [mm]; ``fit`` (2 x 3 bounds [mm]) sets the view to show that box
        (``steady=True``: only when the part no longer fits the frame, see :meth:`_fit`).

        ``closed=True`` (a watertight mesh with every face turned outwards) leaves out the faces
        turned away from the eye: the near side hides them anyway, and there are half as many to draw.
        """
        tri = mesh.triangles
        u, v, depth = self._uv(tri.reshape(-1, 3))
        u, v, depth = u.reshape(-1, 3), v.reshape(-1, 3), depth.reshape(-1, 3)
        order = np.argsort(depth.mean(axis=1), kind="stable")   # far faces first, near ones on top
        if closed and len(tri):
            el, az = np.radians(self.elevation), np.radians(self.azimuth)
            eye = np.array([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)])
            facing = mesh.face_normals @ eye > -1e-9
            order = order[facing[order]]
        colours = self._colours(mesh, colour, highlight)
        xs = np.concatenate([u[order], u[order, :1]], axis=1)
        ys = np.concatenate([v[order], v[order, :1]], axis=1)
        plot = self.plot
        shades = colours[order].tolist()
        plot.update(self.faces, x=xs, y=ys, fill_colors=shades, colors=shades)
        if normals and mesh.n_faces:
            seg = _plots._normal_segments(mesh, _plots._default_normal_length(mesh))
            su, sv, _d = self._uv(seg.reshape(-1, 3))
            plot.update(self.normals, x=su.reshape(-1, 2), y=sv.reshape(-1, 2))
        else:
            plot.update(self.normals, x=np.zeros((0, 2)), y=np.zeros((0, 2)))
        if len(self._extra_segments):
            eu, ev, _d = self._uv(self._extra_segments.reshape(-1, 3))
            plot.update(self.extras, x=eu.reshape(-1, 2), y=ev.reshape(-1, 2))
        ends = np.vstack([np.zeros(3), np.eye(3) * self._axes_length])
        au, av, _d = self._uv(ends)
        for k, row in enumerate(self.arrows.values()):
            if self._axes_length:
                plot.update(row, x=[au[0], au[k + 1]], y=[av[0], av[k + 1]])
            else:
                plot.update(row, x=[], y=[])
        if fit is not None:
            self._fit(np.asarray(fit, dtype=float), steady)

    def _fit(self, b: np.ndarray, steady: bool) -> None:
        """Show the box ``b`` (2 x 3 bounds [mm]) and the arrows.

        ``steady=True`` keeps the frame while the part still fits in it and fills more than
        about half of it, and frames a new one with room for the part to turn: most moves
        then leave the axes' ranges as they are, and send nothing for them.
        """
        corners = np.array([[x, y, z] for x in b[:, 0] for y in b[:, 1] for z in b[:, 2]])
        points = np.vstack([corners, np.eye(3) * self._axes_length * 1.15])
        cu, cv, _d = self._uv(points)
        span = max(float(cu.max() - cu.min()), float(cv.max() - cv.min()), 1e-9)
        if not steady:
            pad = 0.06 * span
            self.plot.view(cu.min() - pad, cu.max() + pad, cv.min() - pad, cv.max() + pad)
            return
        frame = self._frame
        margin = 0.03 * span
        if frame is not None:
            u0, u1, v0, v1 = frame
            inside = (cu.min() - margin >= u0 and cu.max() + margin <= u1 and cv.min() - margin >= v0
                      and cv.max() + margin <= v1)
            if inside and (u1 - u0) <= 2.2 * (span + 2 * margin):
                return
        centre = (b[0] + b[1]) / 2
        radius = float(np.max(np.linalg.norm(points - centre, axis=1)))
        pu, pv, _d = self._uv(centre[None, :])
        # a sphere round the part fits every view of it: the frame holds while it turns a little
        half = nice_limit(1.15 * radius, FINE_STEPS)
        self._frame = (float(pu[0]) - half, float(pu[0]) + half, float(pv[0]) - half, float(pv[0]) + half)
        self.plot.view(*self._frame)


def _view_plot(**options) -> Plot:
    # a 3-D view has no meaningful screen axes: no ticks, the readout gives the numbers
    return Plot(equal=True, xticks=False, yticks=False, width=480, height=400, **options)


def _box_edges(size) -> np.ndarray:
    sx, sy, sz = (float(v) for v in size)
    c = np.array([[x, y, z] for z in (0, sz) for y in (0, sy) for x in (0, sx)], dtype=float)
    pairs = [(0, 1), (1, 3), (3, 2), (2, 0), (4, 5), (5, 7), (7, 6), (6, 4), (0, 4), (1, 5), (2, 6), (3, 7)]
    return np.stack([c[list(p)] for p in pairs])

#: A common printer's build volume [mm]: Creality Ender-3 (V2), 220 x 220 x 250 mm (maker's spec sheet).
ENDER3_BUILD_VOLUME = (220.0, 220.0, 250.0)


def _mm(value: float) -> str:
    return _("{value} mm").format(value=format_number(round(float(value), 9) + 0.0, 4))


def _triple(values) -> str:
    x, y, z = (format_number(round(float(v), 6) + 0.0, 4) for v in values)
    return _("({x}, {y}, {z}) mm").format(x=x, y=y, z=z)


class TransformExplorer(Explorer):
    """Turn and move a part on the printer's bed and watch its coordinates change.

    Sliders turn the part about the x, y and z axes (degrees, applied in that
    order about the origin) and then move it by (dx, dy, dz) mm. A dropdown
    swaps the order ("turn, then move" or "move, then turn") to show that the
    order of transforms matters.

    Parameters
    ----------
    mesh : Mesh, optional
        The part (default: a 40 x 20 x 10 mm block standing on z = 0).
    build_volume : tuple of 3 floats or None
        Printer's build volume [mm] (default: 220 x 220 x 250 mm, a Creality Ender-3).
        The part starts at the centre of the bed.

    ``result`` is a dict: ``matrix`` (4 x 4), ``mesh`` (the moved Mesh), ``bounds`` (2 x 3 [mm]),
    ``size`` (3,) [mm], ``fits`` (bool: inside the build volume), ``volume`` [mm³].
    """

    def __init__(self, mesh: Mesh | None = None, *, build_volume=ENDER3_BUILD_VOLUME,
                 rotation=(0.0, 0.0, 0.0), offset=None, elevation: float = 22.0, azimuth: float = -60.0):
        super().__init__(title=_("Move a part on the printer"))
        self.mesh = _box(size=(40, 20, 10)) if mesh is None else mesh
        if not isinstance(self.mesh, Mesh):
            raise TypeError(_("mesh must be a Mesh, got {kind}").format(kind=type(self.mesh).__name__))
        self.build_volume = None if build_volume is None else tuple(float(v) for v in build_volume)
        span = self.build_volume or tuple(float(3 * self.mesh.size.max()) for _k in range(3))
        if offset is None:
            offset = (span[0] / 2, span[1] / 2, 0.0) if self.build_volume else (0.0, 0.0, 0.0)
        for name, value in zip(("rx", "ry", "rz"), rotation, strict=False):
            self.add_slider(name, min=-180, max=180, value=value, step=5, unit="°", argument="rotation",
                            description=_("turn about {axis} [°]").format(axis=name[1]))
        lows = (0.0, 0.0, 0.0) if self.build_volume else tuple(-s for s in span)
        for k, (name, value) in enumerate(zip(("dx", "dy", "dz"), offset, strict=False)):
            self.add_slider(name, min=lows[k], max=span[k], value=value, step=1, unit="mm", argument="offset",
                            description=_("move along {axis} [mm]").format(axis=name[1]))
        self.add_dropdown("order", options=[(_("turn, then move"), "turn-move"),
                                            (_("move, then turn"), "move-turn")], value="turn-move",
                          description=_("order"))
        self.plot = self.add_plot(_view_plot())
        self._view = _MeshView(self.plot, elevation=elevation, azimuth=azimuth)
        self._view.set_extras(_box_edges(self.build_volume) if self.build_volume else np.zeros((0, 2, 3)),
                              axes_length=0.2 * max(span))
        self._frame = np.array([np.array(lows), np.array(span)])
        report = self.mesh.check()
        self._closed = bool(report.watertight and len(report.flipped_faces) == 0)
        self._fitted = False
        self.refresh()

    def matrix(self) -> np.ndarray:
        """The 4 x 4 transform the sliders describe."""
        turn = _tf.compose(_tf.rotation_x(self.value("rx"), unit="deg"),
                           _tf.rotation_y(self.value("ry"), unit="deg"),
                           _tf.rotation_z(self.value("rz"), unit="deg"))
        move = _tf.translation([self.value("dx"), self.value("dy"), self.value("dz")])
        return _tf.compose(turn, move) if self.value("order") == "turn-move" else _tf.compose(move, turn)

    def update(self) -> None:
        H = self.matrix()
        moved = self.mesh.transformed(H)
        bounds = moved.bounds
        fits = True
        if self.build_volume:
            fits = bool(np.all(bounds[0] >= -1e-9) and np.all(bounds[1] <= np.array(self.build_volume) + 1e-9))
        colour = _plots.MESH_COLOR if fits else "#d1495b"
        # the view frames the build volume once and stays put, so the part is seen to move
        self._view.draw(moved, colour=colour, fit=None if self._fitted else self._frame, closed=self._closed)
        self._fitted = True
        self.result = {"matrix": H, "mesh": moved, "bounds": bounds, "size": bounds[1] - bounds[0],
                       "fits": fits, "volume": moved.volume}
        values = {
            _("lowest corner (x, y, z)"): _triple(bounds[0]),
            _("highest corner (x, y, z)"): _triple(bounds[1]),
            _("size (x, y, z)"): _triple(bounds[1] - bounds[0]),
        }
        if self.build_volume:
            values[_("inside the build volume?")] = _("yes") if fits else _("no: part of it is outside")
        self.show_values(values)


class MeshViewerExplorer(Explorer):
    """Turn a mesh around, switch the face normals on and off, read its numbers.

    Parameters
    ----------
    mesh : Mesh or dict of str to Mesh
        One part, or several to choose from by name.

    ``result`` is a dict: ``mesh``, ``n_faces``, ``n_vertices``, ``area`` [mm²],
    ``volume`` [mm³], ``size`` (3,) [mm], ``watertight`` (bool), ``flipped_faces`` (array),
    ``support_faces`` (faces leaning more than 45° from vertical, when that toggle is on, else None).
    """

    def __init__(self, mesh: Mesh | dict | None = None, *, elevation: float = 25.0, azimuth: float = -60.0,
                 show_normals: bool = False):
        super().__init__(title=_("Mesh viewer"))
        if mesh is None:
            mesh = {_("block"): _box(size=(30, 20, 10))}
        self.meshes = dict(mesh) if isinstance(mesh, dict) else {_("part"): mesh}
        for name, item in self.meshes.items():
            if not isinstance(item, Mesh):
                raise TypeError(_("mesh {name!r} must be a Mesh, got {kind}").format(
                    name=name, kind=type(item).__name__))
        names = list(self.meshes)
        if len(names) > 1:
            self.add_dropdown("part", options=names, value=names[0], description=_("part"))
        self.add_slider("elevation", min=-90, max=90, value=elevation, step=5, description=_("look from above [°]"),
                        unit="°", argument="elevation")
        self.add_slider("azimuth", min=-180, max=180, value=azimuth, step=5, description=_("turn around [°]"),
                        unit="°", argument="azimuth")
        self.add_toggle("normals", value=show_normals, description=_("show face normals"))
        self.add_toggle("support", value=False, description=_("colour faces that need support (over 45°)"))
        self._current = None
        self.plot = self.add_plot(_view_plot())
        self._view = _MeshView(self.plot, elevation=elevation, azimuth=azimuth)
        self._stats: dict = {}
        self.refresh()

    def _numbers(self, name: str, mesh: Mesh) -> dict:
        if name not in self._stats:
            report = mesh.check()
            self._stats[name] = {"n_faces": mesh.n_faces, "n_vertices": mesh.n_vertices, "area": mesh.area,
                                 "volume": mesh.volume, "size": mesh.size, "watertight": report.watertight,
                                 "flipped_faces": report.flipped_faces}
        return self._stats[name]

    def update(self) -> None:
        name = self.value("part") if "part" in self.controls else next(iter(self.meshes))
        mesh = self.meshes[name]
        show = bool(self.value("normals"))
        support = bool(self.value("support"))
        mask = mesh.needs_support() if support else None
        self._view.elevation = float(self.value("elevation"))
        self._view.azimuth = float(self.value("azimuth"))
        self._view.set_extras(np.zeros((0, 2, 3)), axes_length=0.25 * float(mesh.size.max() or 1.0))
        # the frame fits the part as it is seen now, so it stays whole in view while it turns
        key = (name, self._view.elevation, self._view.azimuth)
        numbers = self._numbers(name, mesh)
        closed = bool(numbers["watertight"] and len(numbers["flipped_faces"]) == 0)   # a flipped face stays drawn
        self._view.draw(mesh, highlight=mask, normals=show, fit=mesh.bounds if key != self._current else None,
                        closed=closed, steady=True)
        self._current = key
        numbers = self._numbers(name, mesh)
        self.result = {"mesh": mesh, **numbers,
                       "support_faces": int(mask.sum()) if mask is not None else None}
        values = {
            _("triangles"): format_number(numbers["n_faces"]),
            _("surface area"): _("{value} mm²").format(value=format_number(numbers["area"], 4)),
            _("volume"): _("{value} mm³").format(value=format_number(numbers["volume"], 4)),
            _("size (x, y, z)"): _triple(numbers["size"]),
            _("watertight?"): _("yes") if numbers["watertight"] else _("no"),
            _("flipped faces"): format_number(len(numbers["flipped_faces"])),
        }
        if mask is not None:
            values[_("faces that need support")] = format_number(int(mask.sum()))
        self.show_values(values)

class PartExplorer(Explorer):
    """Change a part's parameters and see its volume, filament and mass change at once.

    Two parametric parts: a **box** (x, y, z sizes) and a **spur gear** (module,
    teeth, thickness, bore). For a solid print the plastic needed is the part's
    volume; the filament is a cylinder of diameter d, so its length is
    L = V / (π d² / 4), and the mass is ρ V.

    Parameters
    ----------
    part : {"box", "gear"}
        The part shown first.
    density : float
        Filament density [g/cm³] (PLA about 1.24).
    filament_diameter : float
        Filament diameter [mm] (1.75 or 2.85).

    ``result`` is a dict: ``mesh``, ``volume`` [mm³], ``filament_length`` [mm],
    ``mass`` [g], ``size`` (3,) [mm] and, for the gear, ``pitch_diameter`` and
    ``outside_diameter`` [mm].
    """

    def __init__(self, *, part: str = "box", density: float = 1.24, filament_diameter: float = 1.75):
        super().__init__(title=_("Design a part with parameters"))
        from stemkit.design3d import printing as _printing

        self._printing = _printing
        self.density = float(density)
        self.filament_diameter = float(filament_diameter)
        self.add_dropdown("part", options=[(_("box"), "box"), (_("spur gear"), "gear")], value=part,
                          description=_("part"), argument="part")
        self.add_slider("x", min=5, max=200, value=40, step=1, description=_("box: length x [mm]"), unit="mm")
        self.add_slider("y", min=5, max=200, value=30, step=1, description=_("box: width y [mm]"), unit="mm")
        self.add_slider("z", min=1, max=200, value=20, step=1, description=_("box: height z [mm]"), unit="mm")
        self.add_slider("teeth", min=6, max=60, value=20, integer=True, description=_("gear: teeth"),
                        continuous_update=False)
        self.add_slider("module", min=0.5, max=3.0, value=1.5, step=0.25, description=_("gear: module [mm]"),
                        continuous_update=False, unit="mm")
        self.add_slider("thickness", min=2, max=20, value=6, step=1, description=_("gear: thickness [mm]"),
                        continuous_update=False, unit="mm")
        self.add_slider("bore", min=0, max=10, value=5, step=0.5, description=_("gear: bore diameter [mm]"),
                        continuous_update=False, unit="mm")
        self.plot = self.add_plot(_view_plot())
        self._view = _MeshView(self.plot, elevation=30, azimuth=-60)
        self.refresh()

    def _make(self) -> tuple[Mesh, dict]:
        from stemkit.design3d.primitives import gear_dimensions, spur_gear

        if self.value("part") == "box":
            return _box(size=(self.value("x"), self.value("y"), self.value("z"))), {}
        teeth, module = int(self.value("teeth")), float(self.value("module"))
        gear = spur_gear(module=module, teeth=teeth, thickness=float(self.value("thickness")),
                         bore_diameter=float(self.value("bore")), points_per_flank=4)
        dims = gear_dimensions(module=module, teeth=teeth)
        return gear, {"pitch_diameter": dims["pitch_diameter"], "outside_diameter": dims["outside_diameter"]}

    def update(self) -> None:
        mesh, extra = self._make()
        gear = self.value("part") == "gear"
        for name in ("x", "y", "z"):
            self.controls[name].layout.display = "none" if gear else None
        for name in ("teeth", "module", "thickness", "bore"):
            self.controls[name].layout.display = None if gear else "none"
        # the arrows' length moves in steps, and the frame only when the part outgrows it
        self._view.set_extras(np.zeros((0, 2, 3)), axes_length=nice_limit(0.3 * float(mesh.size.max()), FINE_STEPS))
        self._view.draw(mesh, fit=mesh.bounds, closed=True, steady=True)   # the box and the gear are closed solids
        volume = mesh.volume
        length = float(self._printing.filament_length(volume=volume, diameter=self.filament_diameter))
        mass = float(self._printing.print_mass(volume=volume, density=self.density))
        self.result = {"mesh": mesh, "volume": volume, "filament_length": length, "mass": mass,
                       "size": mesh.size, **extra}
        values = {
            _("size (x, y, z)"): _triple(mesh.size),
            _("volume"): _("{value} cm³").format(value=format_number(volume / 1000, 4)),
            _("filament for a solid print"): _("{value} m of {diameter} mm filament").format(
                value=format_number(length / 1000, 3), diameter=format_number(self.filament_diameter)),
            _("mass"): _("{value} g at {density} g/cm³").format(value=format_number(mass, 3),
                                                               density=format_number(self.density)),
        }
        if extra:
            values[_("pitch diameter")] = _mm(extra["pitch_diameter"])
            values[_("outside diameter")] = _mm(extra["outside_diameter"])
        self.show_values(values)

# ---- end of geometry section ----


# ---------------------------------------------------------------------------
# Printing, slicing and G-code explorers

import numpy as _np  # noqa: E402

from stemkit.i18n import _  # noqa: E402, F811  (the same function; keeps this section self-contained)
from stemkit.i18n import format_number as _fmt  # noqa: E402
from stemkit.ui import Explorer as _Explorer  # noqa: E402


def _materials():
    from stemkit.datasets import load

    table = load("design3d/materials")
    return {str(name): {col: float(table[col][i]) for col in table.columns if col != "material"}
            for i, name in enumerate(table["material"])}


class PrintCostExplorer(_Explorer):
    """How much plastic, filament and money a print takes: material, walls and infill.

    Parameters
    ----------
    mesh : Mesh, optional
        Your own part [mm]; otherwise choose one of the sample parts.
    infill : float
        Starting infill fraction (0 to 1).
    wall_thickness : float
        Starting wall thickness [mm].
    material : str
        Starting material (a row of the ``design3d/materials`` dataset).

    ``result`` is a dict with ``volume`` [mm³], ``printed_volume`` [mm³],
    ``filament_length`` [mm], ``mass`` [g] and ``cost`` (currency of the dataset).
    """

    def __init__(self, mesh=None, *, infill: float = 0.2, wall_thickness: float = 1.2,
                 material: str = "PLA"):
        from stemkit.design3d import plots, primitives

        super().__init__(title=_("Mass and cost of a print"))
        self.materials = _materials()
        parts = {}
        if mesh is not None:
            parts[_("your part")] = mesh
        parts[_("20 mm calibration cube")] = primitives.box(size=(20, 20, 20))
        parts[_("rod, 10 mm radius, 40 mm tall")] = primitives.cylinder(radius=10, height=40, segments=64)
        parts[_("phone stand block, 80 × 60 × 12 mm")] = primitives.box(size=(80, 60, 12))
        self.parts = {name: (float(m.volume), float(m.area)) for name, m in parts.items()}
        self.add_dropdown("part", options=list(self.parts), description=_("part"))
        self.add_dropdown("material", options=list(self.materials), value=material,
                          description=_("material"), argument="material")
        if isinstance(infill, (int, float)) and not isinstance(infill, bool):
            if infill > 1:
                raise ValueError(_("infill is a fraction from 0 to 1 (0.2 for 20 %), got infill={value!r}").format(
                    value=infill))
            infill = infill * 100
        self.add_slider("infill", min=0, max=100, value=infill, step=5, description=_("infill [%]"), unit="%",
                        argument="infill", digits=3)
        self.add_slider("wall_thickness", min=0.4, max=4.0, value=wall_thickness, step=0.4,
                        description=_("wall thickness [mm]"), unit="mm", argument="wall_thickness")
        self._fills = _np.linspace(0.0, 1.0, 21)
        self.plot = p = self.add_plot(xlabel=_("infill [%]"), ylabel=_("mass of plastic [g]"), xlim=(0, 100))
        self._solid = p.line([0, 100], [0, 0], colour="#777777", width=1, style="--", label=_("solid part"))
        self._curve = p.line(self._fills * 100, _np.zeros(21), colour=plots.OUTER_COLOR, label=_("printed"))
        self._dot = p.points([0], [0], colour=plots.HOLE_COLOR, size=90)
        self.refresh()

    def update(self) -> None:
        from stemkit.design3d import printing

        volume, area = self.parts[self.value("part")]
        mat = self.materials[self.value("material")]
        infill = self.value("infill") / 100
        walls = float(self.value("wall_thickness"))
        printed = printing.printed_volume(volume=volume, surface_area=area, wall_thickness=walls, infill=infill)
        est = printing.estimate_print(volume=printed, density=mat["density_g_cm3"],
                                      price_per_kg=mat["price_per_kg"], diameter=mat["diameter_mm"])
        curve = [printing.print_mass(volume=printing.printed_volume(
            volume=volume, surface_area=area, wall_thickness=walls, infill=f), density=mat["density_g_cm3"])
            for f in self._fills]
        solid = printing.print_mass(volume=volume, density=mat["density_g_cm3"])
        p = self.plot
        p.update(self._curve, y=curve)
        p.update(self._dot, x=[infill * 100], y=[est.mass])
        p.update(self._solid, y=[solid, solid])
        p.ylim(0, nice_limit(max(float(solid), float(_np.max(curve))) * 1.08 + 1e-9, FINE_STEPS))   # in steps
        self.result = {"volume": volume, "printed_volume": est.volume, "filament_length": est.filament_length,
                       "mass": est.mass, "cost": est.cost}
        self.show_values({
            _("part volume"): f"{_fmt(volume / 1000)} cm³",
            _("plastic printed"): f"{_fmt(est.volume / 1000)} cm³",
            _("filament"): f"{_fmt(est.filament_length / 1000)} m",
            _("mass"): f"{_fmt(est.mass)} g",
            _("cost"): f"{_fmt(est.cost, 3)} $",
        })


def _sample_parts():
    """Parts to slice: made by stemkit's primitives; holes are shells turned inside out."""
    from stemkit.design3d import primitives
    from stemkit.design3d.mesh import Mesh

    plate = primitives.box(size=(60, 30, 8))
    holes = [primitives.cylinder(radius=4, height=8, segments=32).translated([x, 0, 0]).flip_faces()
             for x in (-18, 18)]
    cup = Mesh.merge(primitives.cylinder(radius=15, height=30, segments=64),
                     primitives.cylinder(radius=12, height=27, segments=64).translated([0, 0, 3]).flip_faces())
    return {
        _("cup (hollow from z = 3 mm)"): cup,
        _("plate with two holes"): Mesh.merge(plate, *holes),
        _("ball, 20 mm radius"): primitives.sphere(radius=20, subdivisions=4),
        _("cone"): primitives.cone(radius=20, height=30, segments=64),
        _("20 mm calibration cube"): primitives.box(size=(20, 20, 20)),
    }


class SliceExplorer(_Explorer):
    """Slice a part into layers: move through the layers and watch the loops, holes and area.

    Parameters
    ----------
    mesh : Mesh or (vertices, faces), optional
        Your own part [mm]; otherwise choose one of the sample parts.
    layer_height : float
        Starting layer height [mm].

    ``result`` is a dict: ``z`` [mm], ``area`` [mm²], ``loops``, ``holes`` (counts),
    ``layer`` (the :class:`~stemkit.design3d.slicing.Layer`), ``heights`` and
    ``areas`` of all layers, and ``volume_estimate`` [mm³] (sum of area × layer height).
    """

    def __init__(self, mesh=None, *, layer_height: float = 0.5):
        from stemkit.design3d import plots, slicing

        super().__init__(title=_("Slicing a part into layers"))
        self._slicing = slicing
        self._plots = plots
        parts = {}
        if mesh is not None:
            parts[_("your part")] = mesh
        parts.update(_sample_parts())
        self.parts = parts
        self.add_dropdown("part", options=list(parts), description=_("part"))
        self.add_dropdown("layer_height", options=[0.1, 0.2, 0.3, 0.5, 1.0, 2.0], value=layer_height,
                          description=_("layer height [mm]"), argument="layer_height")
        self.add_slider("layer", min=0, max=1, value=0, integer=True, description=_("layer number"))
        self._key = None
        self.plot_columns = 2
        self._layer_view = v = _layer_plot(self)
        # each loop is filled and outlined by one mark: the material with its solid outline, the
        # holes painted white with a dashed one; the legend names them once
        v.legend_entry(_("outer loop ↺"), colour=plots.OUTER_COLOR)
        v.legend_entry(_("hole ↻"), colour=plots.HOLE_COLOR, style="--")
        self._fill = self._outer = v.fill(_np.zeros((0, 2)), _np.zeros((0, 2)), colour=plots.LAYER_FILL,
                                          opacity=0.7, edge=plots.OUTER_COLOR)
        self._outer.stroke_width = 2.0
        self._hole_fill = self._holes = v.fill(_np.zeros((0, 2)), _np.zeros((0, 2)), colour="#ffffff",
                                               opacity=1.0, edge=plots.HOLE_COLOR)
        self._holes.stroke_width = 2.0
        self._holes.line_style = "dashed"
        self._starts = v.points([], [], colour=PALETTE["black"], size=16)
        self._profile = self.add_plot(xlabel=_("layer area [mm²]"), ylabel="z [mm]", width=300, height=380)
        self._profile.reserve_legend(v)   # its plot area level with the layer's, under the legend's band
        self._area_curve = self._profile.line([], [], colour=plots.OUTER_COLOR, width=1.5)
        self._marker = self._profile.line([0, 1], [0, 0], colour=plots.HOLE_COLOR, width=2)
        self.refresh()

    def _prepare(self):
        key = (self.value("part"), float(self.value("layer_height")))
        if key == self._key:
            return False
        mesh = self.parts[key[0]]
        v, f = self._slicing.mesh_arrays(mesh)
        self._mesh = (v, f)
        self._heights = self._slicing.layer_heights(self._mesh, layer_height=key[1])
        self._areas = self._slicing.layer_areas(self._mesh, heights=self._heights)
        # each layer is sliced the first time it is shown and kept, so scrubbing back is instant
        self._layers: dict = {}
        lo, hi = v.min(axis=0), v.max(axis=0)
        pad = 0.05 * float(max(hi[0] - lo[0], hi[1] - lo[1]))
        self._layer_view.view(lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad)
        _profile(self._profile, self._area_curve, self._heights, self._areas)
        slider = self.controls["layer"]
        self._building = True
        try:
            slider.max = len(self._heights) - 1
            slider.value = min(slider.value, slider.max)
        finally:
            self._building = False
        self._key = key
        return True

    def update(self) -> None:
        self._prepare()
        i = int(self.value("layer"))
        z = float(self._heights[i])
        if i not in self._layers:
            self._layers[i] = self._slicing.slice_mesh(self._mesh, heights=[z])[0]
        layer = self._layers[i]
        self._draw_layer(layer)
        self._profile.update(self._marker, x=[0, self._profile.xscale.max], y=[z, z])
        t = float(self.value("layer_height"))
        self.result = {"z": z, "area": layer.area, "loops": len(layer.loops), "holes": layer.n_holes,
                       "layer": layer, "heights": self._heights, "areas": self._areas,
                       "volume_estimate": float(self._areas.sum() * t)}
        self.show_values({
            _("layer"): f"{i + 1} / {len(self._heights)}",
            "z": f"{_fmt(z)} mm",
            _("loops"): str(len(layer.loops)),
            _("holes"): str(layer.n_holes),
            _("area"): f"{_fmt(layer.area)} mm²",
            _("volume estimate (sum of area × layer height)"): f"{_fmt(self.result['volume_estimate'] / 1000)} cm³",
        })


    def _draw_layer(self, layer) -> None:
        v = self._layer_view
        outer = [p for p, h in zip(layer.loops, layer.is_hole, strict=True) if not h]
        holes = [p for p, h in zip(layer.loops, layer.is_hole, strict=True) if h]
        ox, oy = _rows(outer)
        hx, hy = _rows(holes)
        # material filled and outlined, then the holes painted white over it with their outline
        v.update(self._outer, x=ox, y=oy)
        v.update(self._holes, x=hx, y=hy)
        starts = _np.array([p[0] for p in layer.loops]) if layer.loops else _np.empty((0, 2))
        v.update(self._starts, x=starts[:, 0], y=starts[:, 1])


def _layer_plot(explorer) -> Plot:
    return explorer.add_plot(xlabel="x [mm]", ylabel="y [mm]", equal=True, width=420, height=380)


def _profile(plot: Plot, curve, heights, values) -> None:
    """A quantity per layer (x) against the layer height z (y)."""
    plot.update(curve, x=values, y=heights)
    top = float(_np.max(values)) if len(values) else 1.0
    plot.xlim(0, top * 1.1 + 1e-9)
    if len(heights):
        pad = 0.05 * (float(heights[-1]) - float(heights[0]) + 1e-9)
        plot.ylim(float(_np.min(heights)) - pad, float(_np.max(heights)) + pad)


class GCodeExplorer(_Explorer):
    """Watch a G-code program layer by layer: printing moves, travel moves and filament.

    Parameters
    ----------
    program : Toolpath, str or path, optional
        A parsed :class:`~stemkit.design3d.gcode.Toolpath`, G-code text, or a
        ``.gcode`` file. By default the sample ring (``design3d/ring``).
    acceleration : float, optional
        Acceleration for the time estimate [mm/s²]; ``None`` ignores it.

    ``result`` is a dict: ``layer``, ``z`` [mm], ``extrusion_length``,
    ``travel_length`` and ``filament`` [mm] of this layer, ``filament_so_far`` [mm],
    ``layer_time`` and ``total_time`` [s], and ``toolpath`` (the whole program).
    """

    def __init__(self, program=None, *, acceleration: float | None = None):
        from pathlib import Path

        from stemkit.design3d import gcode, plots

        super().__init__(title=_("G-code toolpath viewer"))
        if program is None:
            from stemkit.datasets import load

            program = load("design3d/ring")
        if isinstance(program, gcode.Toolpath):
            tp = program
        elif isinstance(program, Path) or (isinstance(program, str) and "\n" not in program
                                           and program.lower().endswith((".gcode", ".gco", ".g"))):
            tp = gcode.read_gcode(program)
        else:
            tp = gcode.parse_gcode(program)
        if tp.n_layers == 0:
            raise ValueError(_("this program extrudes nothing, so it has no layers to show"))
        self.toolpath = tp
        self._plots = plots
        self._layers = [tp.layer_moves(i) for i in range(tp.n_layers)]
        self._per_layer = tp.extrusion_per_layer()
        self._cumulative = _np.cumsum(self._per_layer)
        self._times = _np.array([L.time(acceleration=acceleration) for L in self._layers])
        self._total_time = tp.time(acceleration=acceleration)
        ext = tp.end[tp.kind == 1, :2]       # frame the printed part, not the trip from home
        lo, hi = ext.min(axis=0), ext.max(axis=0)
        pad = 0.1 * float(max(hi - lo)) + 1.0
        limits = (lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad)
        self.add_slider("layer", min=0, max=tp.n_layers - 1, value=0, integer=True,
                        description=_("layer number"))
        self.add_toggle("show_travel", value=True, description=_("show travel moves"))
        self.add_toggle("show_below", value=True, description=_("show the layer below"))
        self.plot_columns = 2
        self._top = top = _layer_plot(self)
        top.view(*limits)
        # the layer below and this layer's printing moves share one mark (one message per move);
        # the legend names them once
        top.legend_entry(_("layer below"), colour="#bbbbbb")
        top.legend_entry(_("printing"), colour=plots.EXTRUDE_COLOR)
        top.legend_entry(_("travel"), colour=plots.TRAVEL_COLOR, style="--", width=1.2)
        solid = top.lines(width=1.6, legend=False)
        self._below = solid.row(colour="#bbbbbb")
        self._extrude = solid.row(colour=plots.EXTRUDE_COLOR)
        self._travel = top.line(_np.zeros((0, 2)), _np.zeros((0, 2)), colour=plots.TRAVEL_COLOR, width=1.2,
                                style="--")
        self._profile = self.add_plot(xlabel=_("filament per layer [mm]"), ylabel="z [mm]", width=300, height=380)
        self._profile.reserve_legend(top)   # its plot area level with the layer's, under the legend's band
        self._curve = self._profile.line([], [], colour=plots.OUTER_COLOR, width=1.5)
        self._marker = self._profile.line([0, 1], [0, 0], colour=plots.HOLE_COLOR, width=2)
        _profile(self._profile, self._curve, tp.layer_z, self._per_layer)
        self.refresh()

    def _segments(self, moves, kind) -> tuple[_np.ndarray, _np.ndarray]:
        if moves is None:
            return _np.zeros((0, 2)), _np.zeros((0, 2))
        seg = self._plots._toolpath_segments(moves, kind)
        return seg[:, :, 0], seg[:, :, 1]

    def update(self) -> None:
        i = int(self.value("layer"))
        layer = self._layers[i]
        below = self._layers[i - 1] if (i > 0 and self.value("show_below")) else None
        top = self._top
        bx, by = self._segments(below, 1)
        ex, ey = self._segments(layer, 1)
        tx, ty = self._segments(layer if self.value("show_travel") else None, 0)
        top.update(self._below, x=bx, y=by)
        top.update(self._extrude, x=ex, y=ey)
        top.update(self._travel, x=tx, y=ty)
        z = float(self.toolpath.layer_z[i])
        self._profile.update(self._marker, x=[0, self._profile.xscale.max], y=[z, z])
        self.result = {"layer": i, "z": z, "extrusion_length": layer.extrusion_length,
                       "travel_length": layer.travel_length, "filament": float(self._per_layer[i]),
                       "filament_so_far": float(self._cumulative[i]), "layer_time": float(self._times[i]),
                       "total_time": float(self._total_time), "toolpath": self.toolpath}
        self.show_values({
            _("layer"): f"{i + 1} / {self.toolpath.n_layers}",
            "z": f"{_fmt(z)} mm",
            _("printing path"): f"{_fmt(layer.extrusion_length)} mm",
            _("travel path"): f"{_fmt(layer.travel_length)} mm",
            _("filament, this layer"): f"{_fmt(self._per_layer[i])} mm",
            _("filament so far"): f"{_fmt(self._cumulative[i] / 1000)} m",
            _("time, this layer"): f"{_fmt(self._times[i])} s",
            _("time, whole print"): f"{_fmt(self._total_time / 60)} min",
        })

# ---- end of the printing, slicing and G-code section ----
