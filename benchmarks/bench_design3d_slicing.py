"""Slice a 100,000-triangle mesh into 200 layers with areas: stemkit vs trimesh section_multiplane.

The mesh is a torus lying flat (axis along z), 250 × 200 × 2 = 100,000 triangles,
made by trimesh so neither side built it. Its layers are rings (an outer loop with
a hole) in the middle and two separate loops near the top and bottom, so loop
joining and hole nesting are exercised.

- stemkit: ``slicing.slice_mesh`` (segments, loops joined by shared edges, holes
  nested and oriented, the area of every polygon) for 200 heights.
- trimesh: ``mesh.section_multiplane`` for the same 200 heights (it returns the
  closed loops of each plane as a Path2D; its heights are offsets from
  ``plane_origin``). trimesh's own ``Path2D.area`` needs shapely; when shapely is
  missing the reference time covers the cut only, which favours trimesh.

The layer areas are compared before timing (even-odd areas of trimesh's loops, 1e-6
relative). Best of 3 each. Prints one JSON line; the target is ratio <= 0.5. The
fast path ``slicing.layer_areas`` (areas only, no loops) is reported too.
"""

from __future__ import annotations

import json
import sys

import numpy as np
from timing import best_of  # noqa: E402  (benchmarks/timing.py, beside this script)

from stemkit.design3d import slicing

LAYERS = 200
REPEATS = 3


def even_odd_area(loops):
    total = 0.0
    for i, p in enumerate(loops):
        x, y = p[:, 0], p[:, 1]
        a = abs(0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))
        px, py = p[0]
        depth = 0
        for j, q in enumerate(loops):
            if j != i:
                x0, y0, x1, y1 = q[:, 0], q[:, 1], np.roll(q[:, 0], -1), np.roll(q[:, 1], -1)
                s = (y0 > py) != (y1 > py)
                xc = x0[s] + (py - y0[s]) * (x1[s] - x0[s]) / (y1[s] - y0[s])
                depth += np.count_nonzero(xc > px) % 2
        total += a if depth % 2 == 0 else -a
    return total


def main() -> int:
    try:
        import trimesh
    except ImportError:
        print(json.dumps({"name": "design3d_slicing", "skipped": "trimesh is not installed"}))
        return 0
    try:
        import shapely  # noqa: F401
        with_area = True
    except ImportError:
        with_area = False

    mesh = trimesh.creation.torus(major_radius=40.0, minor_radius=12.0, major_sections=250, minor_sections=200)
    assert len(mesh.faces) == 100_000, len(mesh.faces)
    vertices, faces = np.asarray(mesh.vertices), np.asarray(mesh.faces)
    z0, z1 = vertices[:, 2].min(), vertices[:, 2].max()
    heights = z0 + (np.arange(LAYERS) + 0.5) * (z1 - z0) / LAYERS
    origin = [0.0, 0.0, z0]

    def ours():
        layers = slicing.slice_mesh((vertices, faces), heights=heights)
        return np.array([layer.area for layer in layers])

    def reference():
        sections = mesh.section_multiplane(plane_origin=origin, plane_normal=[0, 0, 1], heights=heights - z0)
        if with_area:
            return np.array([0.0 if s is None else s.area for s in sections]), sections
        return None, sections

    # agree first
    our_areas = ours()
    _, sections = reference()
    ref_areas = np.array([0.0 if s is None else even_odd_area([np.asarray(d)[:-1] for d in s.discrete])
                          for s in sections])
    if not np.allclose(our_areas, ref_areas, rtol=1e-6, atol=1e-9):
        print("layer areas disagree with trimesh", file=sys.stderr)
        return 1
    fast = slicing.layer_areas((vertices, faces), heights=heights)
    if not np.allclose(fast, ref_areas, rtol=1e-6, atol=1e-9):
        print("layer_areas disagrees with trimesh", file=sys.stderr)
        return 1

    stemkit_s, _ = best_of(ours, REPEATS)
    reference_s, _ = best_of(reference, REPEATS)
    fast_s, _ = best_of(lambda: slicing.layer_areas((vertices, faces), heights=heights), REPEATS)
    print(json.dumps({
        "name": "design3d_slicing_100k_triangles_200_layers",
        "stemkit_s": round(stemkit_s, 4),
        "reference_s": round(reference_s, 4),
        "ratio": round(stemkit_s / reference_s, 3),
        "target": 0.5,
        "reference": "trimesh.Trimesh.section_multiplane" + (" + Path2D.area" if with_area else " (cut only, no shapely)"),
        "stemkit_layer_areas_only_s": round(fast_s, 4),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
