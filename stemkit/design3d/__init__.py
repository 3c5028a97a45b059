"""The design3d room of stemkit: pure numpy core modules, plots.py, explorers.py."""

__all__: list[str] = []

# geometry: vectors, transforms, meshes, primitives, STL
from stemkit.design3d import transforms, vectors  # noqa: E402
from stemkit.design3d.mesh import Mesh  # noqa: E402
from stemkit.design3d.primitives import box, bracket, cone, cylinder, sphere, spur_gear  # noqa: E402
from stemkit.design3d.stl import read_stl, write_stl  # noqa: E402

__all__ += ["vectors", "transforms", "Mesh", "box", "cylinder", "cone", "sphere", "spur_gear", "bracket",
            "read_stl", "write_stl"]

# printing: slicing into layers, printing maths, G-code, printers, the print-time planner, a real slicer
from stemkit.design3d import estimate, gcode, planner, printers, printing, slicer, slicing  # noqa: E402

__all__ += ["printing", "slicing", "gcode", "printers", "planner", "estimate", "slicer"]
