"""design3d datasets made by stemkit (sample STL parts) and the printer build volumes."""

import math

import numpy as np
import pytest

from stemkit import datasets
from stemkit.design3d.primitives import sample_parts
from stemkit.design3d.stl import read_stl, read_stl_file, write_sample_parts

PARTS = sorted(sample_parts())


@pytest.mark.parametrize("name", PARTS)
def test_sample_parts_regenerate_byte_for_byte(name, tmp_path):
    written = {p.stem: p for p in write_sample_parts(tmp_path)}
    shipped = datasets.load(f"design3d/{name}")
    assert shipped.read_bytes() == written[name].read_bytes()
    assert shipped.stat().st_size < 200_000


@pytest.mark.parametrize("name", PARTS)
def test_sample_parts_are_printable_and_carded(name):
    path = datasets.load(f"design3d/{name}")
    mesh = read_stl(path, weld=True)
    report = mesh.check()
    assert report.watertight and report.winding_consistent and mesh.volume > 0
    assert mesh.bounds[0, 2] == 0.0  # on the bed
    card = datasets.card(f"design3d/{name}").read_text()
    assert card.startswith("# ") and "made by stemkit" in card and "generated: yes" in card


def test_sample_part_facts_on_their_cards():
    cube = read_stl(datasets.load("design3d/calibration_cube"))
    assert np.allclose(cube.bounds, [[100, 100, 0], [120, 120, 20]])
    gear = read_stl(datasets.load("design3d/spur_gear_m1_5_z20"), weld=True)
    r = np.hypot(gear.vertices[:, 0], gear.vertices[:, 1])
    assert r.max() == pytest.approx(33 / 2, rel=1e-6)
    # the 5 mm bore is a 32-gon: its edges come as close as 2.5 cos(π/32) to the axis
    assert 2.5 * math.cos(math.pi / 32) - 1e-6 <= r.min() <= 2.5
    assert len(read_stl_file(datasets.load("design3d/spur_gear_m1_5_z20")).triangles) == 3264
    peg = read_stl_file(datasets.load("design3d/press_fit_peg"))
    assert peg.format == "ascii" and len(peg.triangles) == 96
    flats = read_stl(datasets.load("design3d/press_fit_peg"), weld=True)
    assert flats.volume == pytest.approx(0.5 * 24 * 2.5**2 * math.sin(2 * math.pi / 24) * 15, rel=1e-6)
    bracket = read_stl(datasets.load("design3d/l_bracket"), weld=True)
    assert np.allclose(bracket.size, [20, 40, 40])


def test_printer_build_volumes():
    printers = datasets.load("design3d/printers")
    assert {"printer", "maker", "x_mm", "y_mm", "z_mm"} <= set(printers.columns)
    assert np.all(printers["x_mm"] > 0) and np.all(printers["z_mm"] > 0)
    ender = list(printers["printer"]).index("Ender-3 V2")
    assert (printers["x_mm"][ender], printers["y_mm"][ender], printers["z_mm"][ender]) == (220, 220, 250)
