"""Interactive explorers of the design3d room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations

# ---- geometry section: transforms, mesh viewer, parametric parts ----
import numpy as np

from stemkit.design3d import plots as _plots
from stemkit.design3d import transforms as _tf
from stemkit.design3d.mesh import Mesh
from stemkit.design3d.primitives import box as _box
from stemkit.i18n import _, format_number
from stemkit.ui import Explorer

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
        super().__init__(title=_("Move a part on the printer"), figsize=(6.0, 5.2),
                         subplot_kw={"projection": "3d"})
        self.mesh = _box(size=(40, 20, 10)) if mesh is None else mesh
        if not isinstance(self.mesh, Mesh):
            raise TypeError(_("mesh must be a Mesh, got {kind}").format(kind=type(self.mesh).__name__))
        self.build_volume = None if build_volume is None else tuple(float(v) for v in build_volume)
        span = self.build_volume or tuple(float(3 * self.mesh.size.max()) for _k in range(3))
        if offset is None:
            offset = (span[0] / 2, span[1] / 2, 0.0) if self.build_volume else (0.0, 0.0, 0.0)
        for name, value in zip(("rx", "ry", "rz"), rotation, strict=False):
            self.add_slider(name, min=-180, max=180, value=float(value), step=5,
                            description=_("turn about {axis} [°]").format(axis=name[1]))
        lows = (0.0, 0.0, 0.0) if self.build_volume else tuple(-s for s in span)
        for k, (name, value) in enumerate(zip(("dx", "dy", "dz"), offset, strict=False)):
            self.add_slider(name, min=lows[k], max=span[k], value=float(value), step=1,
                            description=_("move along {axis} [mm]").format(axis=name[1]))
        self.add_dropdown("order", options=[(_("turn, then move"), "turn-move"),
                                            (_("move, then turn"), "move-turn")], value="turn-move",
                          description=_("order"))
        ax = self.axes
        if self.build_volume:
            _plots.draw_build_volume(ax, self.build_volume)
        _plots.draw_axes3d(ax, length=0.2 * max(span))
        self._artists = _plots.draw_mesh(ax, self.mesh, fit=False)
        lo = np.array(lows)
        _plots.set_equal_view(ax, np.array([lo, np.array(span)]), pad=0.0)
        ax.view_init(elev=elevation, azim=azimuth)
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
        _plots.update_mesh(self._artists, moved)
        bounds = moved.bounds
        fits = True
        if self.build_volume:
            fits = bool(np.all(bounds[0] >= -1e-9) and np.all(bounds[1] <= np.array(self.build_volume) + 1e-9))
        colour = _plots.MESH_COLOR if fits else "#d1495b"
        if self._artists["color"] != colour:
            self._artists["color"] = colour
            _plots.update_mesh(self._artists, moved)
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
        super().__init__(title=_("Mesh viewer"), figsize=(5.6, 5.0), subplot_kw={"projection": "3d"})
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
        self.add_slider("elevation", min=-90, max=90, value=elevation, step=5, description=_("look from above [°]"))
        self.add_slider("azimuth", min=-180, max=180, value=azimuth, step=5, description=_("turn around [°]"))
        self.add_toggle("normals", value=show_normals, description=_("show face normals"))
        self.add_toggle("support", value=False, description=_("colour faces that need support (over 45°)"))
        self._current = names[0]
        self._support_shown = False
        self._artists = _plots.draw_mesh(self.axes, self.meshes[names[0]], show_normals=show_normals)
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
        name = self.value("part") if "part" in self.controls else self._current
        mesh = self.meshes[name]
        show = bool(self.value("normals"))
        support = bool(self.value("support"))
        mask = mesh.needs_support() if support else None
        if name != self._current:
            self._current = name
            self._artists["normal_length"] = None
            _plots.update_mesh(self._artists, mesh, show_normals=show, highlight=mask)
            _plots.set_equal_view(self.axes, mesh.bounds)
        elif show != self._artists["normals"].get_visible() or support != self._support_shown:
            _plots.update_mesh(self._artists, mesh, show_normals=show, highlight=mask)
        self._support_shown = support
        self.axes.view_init(elev=float(self.value("elevation")), azim=float(self.value("azimuth")))
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
        super().__init__(title=_("Design a part with parameters"), figsize=(5.4, 4.6), subplot_kw={"projection": "3d"})
        from stemkit.design3d import printing as _printing

        self._printing = _printing
        self.density = float(density)
        self.filament_diameter = float(filament_diameter)
        self.add_dropdown("part", options=[(_("box"), "box"), (_("spur gear"), "gear")], value=part,
                          description=_("part"))
        self.add_slider("x", min=5, max=200, value=40, step=1, description=_("box: length x [mm]"))
        self.add_slider("y", min=5, max=200, value=30, step=1, description=_("box: width y [mm]"))
        self.add_slider("z", min=1, max=200, value=20, step=1, description=_("box: height z [mm]"))
        self.add_slider("teeth", min=6, max=60, value=20, integer=True, description=_("gear: teeth"),
                        continuous_update=False)
        self.add_slider("module", min=0.5, max=3.0, value=1.5, step=0.25, description=_("gear: module [mm]"),
                        continuous_update=False)
        self.add_slider("thickness", min=2, max=20, value=6, step=1, description=_("gear: thickness [mm]"),
                        continuous_update=False)
        self.add_slider("bore", min=0, max=10, value=5, step=0.5, description=_("gear: bore diameter [mm]"),
                        continuous_update=False)
        self._artists = _plots.draw_mesh(self.axes, _box(size=(40, 30, 20)), edges=False)
        self.axes.view_init(elev=30, azim=-60)
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
        _plots.update_mesh(self._artists, mesh)
        _plots.set_equal_view(self.axes, mesh.bounds)
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

        super().__init__(title=_("Mass and cost of a print"), figsize=(6.0, 3.4))
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
                          description=_("material"))
        self.add_slider("infill", min=0, max=100, value=round(infill * 100), step=5, integer=True,
                        description=_("infill [%]"))
        self.add_slider("wall_thickness", min=0.4, max=4.0, value=wall_thickness, step=0.4,
                        description=_("wall thickness [mm]"), readout_format=".1f")
        self._plots = plots
        self._fills = _np.linspace(0.0, 1.0, 21)
        self._artists = plots.draw_mass_vs_infill(self.axes, infill=self._fills, mass=_np.zeros(21),
                                                  current_infill=0.0, current_mass=0.0, solid_mass=1.0)
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
        self._plots.update_mass_vs_infill(self._artists, infill=self._fills, mass=curve,
                                          current_infill=infill, current_mass=est.mass, solid_mass=solid)
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

        super().__init__(title=_("Slicing a part into layers"), figsize=(8.0, 3.8), ncols=2)
        self._slicing = slicing
        self._plots = plots
        parts = {}
        if mesh is not None:
            parts[_("your part")] = mesh
        parts.update(_sample_parts())
        self.parts = parts
        self.add_dropdown("part", options=list(parts), description=_("part"))
        self.add_dropdown("layer_height", options=[0.1, 0.2, 0.3, 0.5, 1.0, 2.0],
                          value=layer_height if layer_height in (0.1, 0.2, 0.3, 0.5, 1.0, 2.0) else None,
                          description=_("layer height [mm]"))
        self.add_slider("layer", min=0, max=1, value=0, integer=True, description=_("layer number"))
        self._key = None
        empty = slicing.Layer(0.0, (), (), ())
        self._layer_artists = plots.draw_layer(self.axes[0], empty)
        self._profile_artists = plots.draw_area_profile(self.axes[1], heights=[0.0], areas=[0.0], current_z=0.0)
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
        lo, hi = v.min(axis=0), v.max(axis=0)
        pad = 0.05 * float(max(hi[0] - lo[0], hi[1] - lo[1]))
        self.axes[0].set_xlim(lo[0] - pad, hi[0] + pad)
        self.axes[0].set_ylim(lo[1] - pad, hi[1] + pad)
        self._plots.update_area_profile(self._profile_artists, heights=self._heights, areas=self._areas,
                                        current_z=self._heights[0])
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
        layer = self._slicing.slice_mesh(self._mesh, heights=[z])[0]
        self._plots.update_layer(self._layer_artists, layer)
        self._plots.update_area_profile(self._profile_artists, current_z=z)
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

        super().__init__(title=_("G-code toolpath viewer"), figsize=(8.0, 3.8), ncols=2)
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
        self._artists = plots.draw_toolpath(self.axes[0], self._layers[0], limits=limits)
        self._profile = plots.draw_area_profile(self.axes[1], heights=tp.layer_z, areas=self._per_layer,
                                                current_z=tp.layer_z[0],
                                                xlabel=_("filament per layer [mm]"))
        plots.update_area_profile(self._profile, heights=tp.layer_z, areas=self._per_layer,
                                  current_z=tp.layer_z[0])
        self.refresh()

    def update(self) -> None:
        i = int(self.value("layer"))
        layer = self._layers[i]
        below = self._layers[i - 1] if (i > 0 and self.value("show_below")) else None
        self._plots.update_toolpath(self._artists, layer, below=below, show_travel=bool(self.value("show_travel")))
        z = float(self.toolpath.layer_z[i])
        self._plots.update_area_profile(self._profile, current_z=z)
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
