"""Volume and area of a 1,000,000-triangle mesh: stemkit vs trimesh.

The mesh is a closed UV sphere of 998,000 triangles plus an icosphere of 20,480
(two separate closed parts, 1,018,480 triangles). Each side gets a fresh mesh
object per run (no cached results) and computes the volume and the surface area:

- stemkit: ``Mesh(vertices, faces)`` then ``.volume`` and ``.area``.
- trimesh: ``Trimesh(vertices, faces, process=False)`` then ``.volume`` and ``.area``.

Building the objects is not timed. Results are compared first (1e-9 relative).
Best of 3 each. Prints one JSON line; target ratio <= 1.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

from stemkit.design3d.mesh import Mesh
from stemkit.design3d.primitives import sphere

REPEATS = 3


def main() -> int:
    try:
        import trimesh
    except ImportError:
        print(json.dumps({"name": "design3d_mass_1M", "skipped": "trimesh is not installed"}))
        return 0
    part = Mesh.merge(sphere(radius=50, method="uv", segments=1000),
                      sphere(radius=10, subdivisions=5).translated([200, 0, 0]))
    v, f = np.array(part.vertices), np.array(part.faces)
    ours_s = ref_s = float("inf")
    for _ in range(REPEATS):
        mesh = Mesh(v, f)
        start = time.perf_counter()
        ours = (mesh.volume, mesh.area)
        ours_s = min(ours_s, time.perf_counter() - start)
        tm = trimesh.Trimesh(vertices=v, faces=f, process=False)
        start = time.perf_counter()
        ref = (tm.volume, tm.area)
        ref_s = min(ref_s, time.perf_counter() - start)
    if not np.allclose(ours, ref, rtol=1e-9):
        print(f"results differ: stemkit {ours}, trimesh {ref}", file=sys.stderr)
        return 1
    print(json.dumps({"name": "design3d_mass_1M", "triangles": int(len(f)), "stemkit_s": round(ours_s, 4),
                      "reference_s": round(ref_s, 4), "reference": "trimesh volume + area",
                      "ratio": round(ours_s / ref_s, 3), "target": 1.0}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
