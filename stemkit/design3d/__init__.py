"""The design3d room of stemkit: pure numpy core modules, plots.py, explorers.py."""

__all__: list[str] = []

# geometry: vectors, transforms, meshes, primitives, STL
from stemkit.design3d import transforms, vectors  # noqa: E402
from stemkit.design3d.mesh import Mesh  # noqa: E402
from stemkit.design3d.primitives import box, cone, cylinder, sphere  # noqa: E402

__all__ += ["vectors", "transforms", "Mesh", "box", "cylinder", "cone", "sphere"]

# printing: slicing into layers, printing maths, G-code
from stemkit.design3d import gcode, printing, slicing  # noqa: E402

__all__ += ["printing", "slicing", "gcode"]
