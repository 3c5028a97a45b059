"""Interactive explorers of the design3d room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations


# ---------------------------------------------------------------------------
# Printing, slicing and G-code explorers

import numpy as _np  # noqa: E402

from stemkit.i18n import _ as _t  # noqa: E402
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

        super().__init__(title=_t("Mass and cost of a print"), figsize=(6.0, 3.4))
        self.materials = _materials()
        parts = {}
        if mesh is not None:
            parts[_t("your part")] = mesh
        parts[_t("20 mm calibration cube")] = primitives.box(size=(20, 20, 20))
        parts[_t("rod, 10 mm radius, 40 mm tall")] = primitives.cylinder(radius=10, height=40, segments=64)
        parts[_t("phone stand block, 80 × 60 × 12 mm")] = primitives.box(size=(80, 60, 12))
        self.parts = {name: (float(m.volume), float(m.area)) for name, m in parts.items()}
        self.add_dropdown("part", options=list(self.parts), description=_t("part"))
        self.add_dropdown("material", options=list(self.materials), value=material,
                          description=_t("material"))
        self.add_slider("infill", min=0, max=100, value=round(infill * 100), step=5, integer=True,
                        description=_t("infill [%]"))
        self.add_slider("wall_thickness", min=0.4, max=4.0, value=wall_thickness, step=0.4,
                        description=_t("wall thickness [mm]"), readout_format=".1f")
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
            _t("part volume"): f"{_fmt(volume / 1000)} cm³",
            _t("plastic printed"): f"{_fmt(est.volume / 1000)} cm³",
            _t("filament"): f"{_fmt(est.filament_length / 1000)} m",
            _t("mass"): f"{_fmt(est.mass)} g",
            _t("cost"): f"{_fmt(est.cost, 3)} $",
        })

# ---- end of the printing, slicing and G-code section ----
