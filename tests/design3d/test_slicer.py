"""PrusaSlicer as the reference: six parts of the lessons, sliced by the real slicer (Debian's prusa-slicer).

For each part: stemkit's firmware-style estimate on PrusaSlicer's own G-code is within 5 % of
PrusaSlicer's "normal mode" estimate, and stemkit's estimate from the mesh and settings alone
(no G-code) is within 15 % of it on time and 10 % on filament and mass. PrusaSlicer's outer walls
lie on the part's edge as stemkit's do. On CI (CI=true) a missing prusa-slicer fails the tests;
elsewhere they are skipped.

PrusaSlicer runs once per part and printer (about 0.3 s each); the results are kept for the session.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from stemkit.design3d import primitives, slicer
from stemkit.design3d.estimate import estimate_part
from stemkit.design3d.mesh import Mesh
from stemkit.design3d.planner import estimate_time
from stemkit.design3d.stl import read_stl


def _need_prusaslicer():
    if slicer.find_prusaslicer() is None:
        if os.environ.get("CI"):
            pytest.fail("prusa-slicer is not installed; .ci/run installs the Debian package prusa-slicer")
        pytest.skip("prusa-slicer is not installed (Debian package prusa-slicer)")


def lesson_parts():
    from stemkit.datasets import load

    plate = Mesh.merge(primitives.box(size=(40, 20, 3)),
                       *[primitives.cylinder(radius=4, height=3, segments=40).translated([x, 0, 0]).flip_faces()
                         for x in (-11, 11)])
    return {
        "cube 20 mm (d01, d05)": primitives.box(size=(20, 20, 20)),
        "block 40 x 20 x 10 (d03)": primitives.box(size=(40, 20, 10)),
        "plate with two holes (d07, d08)": plate,
        "L bracket (d04)": read_stl(load("design3d/l_bracket"), weld=True),
        "press-fit peg (d04, d06)": read_stl(load("design3d/press_fit_peg"), weld=True),
        "spur gear z20 (d04)": read_stl(load("design3d/spur_gear_m1_5_z20"), weld=True),
    }


PARTS = lesson_parts()


@pytest.fixture(scope="module")
def sliced():
    _need_prusaslicer()
    return {name: slicer.prusaslicer(mesh, "prusa_mk3s") for name, mesh in PARTS.items()}


@pytest.fixture(scope="module")
def estimated():
    return {name: estimate_part(mesh, printer="prusa_mk3s") for name, mesh in PARTS.items()}


@pytest.mark.parametrize("name", list(PARTS))
def test_estimate_on_prusaslicers_gcode(sliced, name):
    result = sliced[name]
    ours = estimate_time(result.toolpath, printer="prusa_mk3s").total
    assert ours == pytest.approx(result.time, rel=0.05)


@pytest.mark.parametrize("name", list(PARTS))
def test_estimate_from_the_mesh_alone(sliced, estimated, name):
    result = sliced[name]
    ours = estimated[name]
    assert ours.time == pytest.approx(result.time, rel=0.15)
    # PrusaSlicer counts the part and not its purge line, as stemkit does
    assert ours.filament_length == pytest.approx(result.filament_length, rel=0.10)
    assert ours.mass == pytest.approx(result.mass, rel=0.10, abs=0.01)


def test_a_20_mm_cube_weighs_about_4_g(sliced, estimated):
    result = sliced["cube 20 mm (d01, d05)"]
    assert 3.0 < result.mass < 5.0
    assert estimated["cube 20 mm (d01, d05)"].mass == pytest.approx(result.mass, rel=0.10)


def test_prusaslicer_walls_are_where_stemkits_are(sliced):
    # both slicers put the outer wall's centre w/2 inside the 40 x 20 mm plate
    tp = sliced["plate with two holes (d07, d08)"].toolpath
    outer = tp.end[tp.feature_mask("External perimeter") & (tp.kind == 1) & (tp.layer == 5), :2]
    box = outer[np.abs(outer[:, 1] - 105) > 6]
    assert box[:, 0].max() - box[:, 0].min() == pytest.approx(40 - 0.45, abs=0.05)
    assert box[:, 1].max() - box[:, 1].min() == pytest.approx(20 - 0.45, abs=0.05)


def test_the_slicer_result_and_its_cache(sliced, tmp_path):
    cube = PARTS["cube 20 mm (d01, d05)"]
    first = slicer.prusaslicer(cube, "prusa_mk3s")
    assert first is sliced["cube 20 mm (d01, d05)"]                     # no second run
    assert first.slicer.startswith("PrusaSlicer") and first.toolpath.n_layers == 100
    assert first.filament_volume == pytest.approx(
        first.filament_length * np.pi * 1.75 ** 2 / 4, rel=0.01)
    # a PrusaSlicer profile file of one's own, with a cache on disk
    profile = tmp_path / "mine.ini"
    profile.write_text(slicer.prusaslicer_config("ender3"), encoding="utf-8")
    small = primitives.box(size=(10, 10, 2))
    on_disk = slicer.prusaslicer(small, profile, cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.gcode"))) == 1
    assert on_disk.toolpath.n_layers == 10 and on_disk.time > 0
    # the part lands in the middle of the Ender-3's bed
    walls = on_disk.toolpath.end[on_disk.toolpath.feature_mask("External perimeter"), :2]
    assert (walls.min(axis=0) + walls.max(axis=0)) / 2 == pytest.approx([110, 110], abs=0.01)


def test_missing_slicer_and_bad_parts(tmp_path):
    with pytest.raises(slicer.SlicerNotFoundError, match="apt install prusa-slicer"):
        slicer.prusaslicer(primitives.box(size=(5, 5, 5)), executable=tmp_path / "no-such-slicer")
    _need_prusaslicer()
    with pytest.raises(TypeError, match="Mesh or the path of an STL"):
        slicer.prusaslicer("not a file.stl")
    with pytest.raises(ValueError, match="does not fit the Creality Ender-3"):
        slicer.prusaslicer(primitives.box(size=(400, 10, 10)), "ender3")
    broken = tmp_path / "broken.stl"
    broken.write_bytes(b"solid nothing here")
    with pytest.raises(slicer.SlicerError, match="PrusaSlicer failed"):
        slicer.prusaslicer(broken, "ender3")


def test_figures_from_three_slicers_comments():
    assert slicer.read_slicer_figures("; estimated printing time (normal mode) = 1h 2m 3s\n"
                                      "; filament used [mm] = 12.5\n; total filament used [g] = 0.04") == {
        "time": 3723.0, "filament_length": 12.5, "mass": 0.04}
    assert slicer.read_slicer_figures(";TIME:875\n;Filament used: 0.56376m") == {
        "time": 875.0, "filament_length": pytest.approx(563.76)}
    assert slicer.read_slicer_figures("; model printing time: 14m 30s; total estimated time: 14m 40s") == {
        "time": 880.0}
    with pytest.raises(ValueError, match="duration"):
        slicer.parse_duration("soon")
