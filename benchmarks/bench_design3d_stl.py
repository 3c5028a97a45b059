"""Read a 1,000,000-triangle binary STL: stemkit vs numpy-stl.

The file (a UV sphere of 998,000 triangles plus 2,000 random triangles, about 50 MB)
is written to a temporary directory by numpy-stl itself, so neither reader reads
its own writer's output. Both readers then load it from disk into memory:

- stemkit: ``stl.read_stl(path)`` -> a Mesh (float64 corners, faces, checked for NaN).
- numpy-stl: ``stl.mesh.Mesh.from_file(path)`` with its defaults (it recomputes normals).

The triangles are compared first. Best of 3 each. Prints one JSON line; target ratio <= 1.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from timing import best_of  # noqa: E402  (benchmarks/timing.py, beside this script)

from stemkit.design3d.primitives import sphere
from stemkit.design3d.stl import read_stl

REPEATS = 3


def main() -> int:
    try:
        from stl import mesh as npstl
    except ImportError:
        print(json.dumps({"name": "design3d_stl_read_1M", "skipped": "numpy-stl is not installed"}))
        return 0
    ball = sphere(radius=50, method="uv", segments=1000)
    extra = np.random.default_rng(1).normal(size=(1_000_000 - ball.n_faces, 3, 3)) * 20
    triangles = np.concatenate([ball.triangles, extra])
    data = np.zeros(len(triangles), dtype=npstl.Mesh.dtype)
    data["vectors"] = triangles
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.stl"
        npstl.Mesh(data).save(str(path), mode=npstl.stl.Mode.BINARY)
        ours_s, ours = best_of(lambda: read_stl(path), REPEATS)
        ref_s, ref = best_of(lambda: npstl.Mesh.from_file(str(path)), REPEATS)
        if not np.array_equal(ours.triangles.astype(np.float32), ref.vectors):
            print("stemkit and numpy-stl read different triangles", file=sys.stderr)
            return 1
    print(json.dumps({"name": "design3d_stl_read_1M", "triangles": len(triangles), "stemkit_s": round(ours_s, 4),
                      "reference_s": round(ref_s, 4), "reference": "numpy-stl Mesh.from_file",
                      "ratio": round(ours_s / ref_s, 3), "target": 1.0}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
