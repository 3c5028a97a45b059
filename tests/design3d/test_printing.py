"""Printing maths against closed forms, invariants and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from stemkit.design3d import printing as pr


def test_one_metre_of_pla_weighs_about_2_98_g():
    # 1000 mm × π (0.875 mm)² = 2405.28 mm³ = 2.40528 cm³; × 1.24 g/cm³ = 2.9825 g
    mass = pr.filament_mass(length=1000.0, density=1.24, diameter=1.75)
    assert mass == pytest.approx(2.98, abs=0.005)
    assert mass == pytest.approx(1.24 * math.pi * 0.875**2, rel=1e-12)


def test_filament_length_and_volume_are_inverse():
    volumes = np.array([0.0, 1.0, 1234.5, 1e6])
    for d in (1.75, 2.85):
        back = pr.filament_volume(length=pr.filament_length(volume=volumes, diameter=d), diameter=d)
        np.testing.assert_allclose(back, volumes, rtol=1e-14)


def test_one_kilogram_spool_is_about_330_m_of_pla():
    # 1 kg / 1.24 g/cm³ = 806.45 cm³; / 2.4053 mm² = 335 m (spools say "about 330 m")
    length_m = pr.filament_length(volume=1e6 / 1.24) / 1000
    assert 330 < length_m < 340


def test_bead_models():
    w, h = 0.45, 0.2
    assert pr.bead_area(width=w, layer_height=h, model="rectangle") == pytest.approx(w * h)
    # stadium = rectangle (w - h) × h plus a full circle of diameter h
    assert pr.bead_area(width=w, layer_height=h) == pytest.approx((w - h) * h + math.pi * (h / 2) ** 2)
    # a bead exactly as wide as tall is a circle
    assert pr.bead_area(width=0.3, layer_height=0.3) == pytest.approx(math.pi * 0.15**2)
    # the rounded bead is always smaller than its bounding rectangle
    ws = np.linspace(0.2, 1.0, 9)
    assert np.all(pr.bead_area(width=ws, layer_height=0.2) < ws * 0.2)


def test_extrusion_per_mm_conserves_volume():
    e = pr.extrusion_per_mm(width=0.45, layer_height=0.2)
    path = 250.0
    plastic_in = pr.filament_volume(length=e * path)
    plastic_out = pr.bead_area(width=0.45, layer_height=0.2) * path
    assert plastic_in == pytest.approx(plastic_out, rel=1e-12)
    # the number slicers print for 0.45 × 0.2 mm beads: about 0.034 mm of filament per mm
    assert 0.030 < e < 0.040


def test_mass_and_cost():
    # a solid 20 mm PLA cube: 8 cm³ × 1.24 g/cm³ = 9.92 g
    assert pr.print_mass(volume=20.0**3, density=1.24) == pytest.approx(9.92)
    assert pr.print_cost(mass=9.92, price_per_kg=25.0) == pytest.approx(0.248)
    est = pr.estimate_print(volume=8000.0, density=1.24, price_per_kg=25.0)
    assert est.mass == pytest.approx(9.92)
    assert est.filament_length == pytest.approx(8000.0 / (math.pi * 1.75**2 / 4))
    assert est.cost == pytest.approx(0.248)


def test_printed_volume_limits():
    v, a = 8000.0, 2400.0
    # solid infill prints the whole volume, zero walls and zero infill print nothing
    assert pr.printed_volume(volume=v, surface_area=a, infill=1.0) == pytest.approx(v)
    assert pr.printed_volume(volume=v, surface_area=a, wall_thickness=0.0, infill=0.0) == 0.0
    # walls thicker than the part: the whole part is shell
    assert pr.printed_volume(volume=v, surface_area=a, wall_thickness=100.0, infill=0.0) == pytest.approx(v)
    # more infill never means less plastic
    fills = [pr.printed_volume(volume=v, surface_area=a, infill=f) for f in np.linspace(0, 1, 11)]
    assert np.all(np.diff(fills) > 0)


def test_move_time_closed_forms():
    assert pr.move_time(length=120.0, speed=40.0) == pytest.approx(3.0)
    v, a = 50.0, 1000.0
    # long move: trapezoid, t = L/v + v/a
    assert pr.move_time(length=200.0, speed=v, acceleration=a) == pytest.approx(200 / v + v / a)
    # short move: triangle, half the distance speeding up, half slowing down: L/2 = a (t/2)² / 2
    short = 0.5
    assert pr.move_time(length=short, speed=v, acceleration=a) == pytest.approx(2 * math.sqrt(short / a))
    # the two profiles meet at L = v²/a, so the time is continuous
    edge = v**2 / a
    t_lo = pr.move_time(length=edge * (1 - 1e-9), speed=v, acceleration=a)
    t_hi = pr.move_time(length=edge, speed=v, acceleration=a)
    assert t_lo == pytest.approx(t_hi, rel=1e-6)
    # acceleration only ever adds time, and huge acceleration tends to L / v
    lengths = np.linspace(0, 300, 31)
    assert np.all(pr.move_time(length=lengths, speed=v, acceleration=a) >= lengths / v)
    np.testing.assert_allclose(pr.move_time(length=lengths, speed=v, acceleration=1e12), lengths / v,
                               rtol=1e-6, atol=1e-6)


def test_print_time():
    assert pr.print_time(extrude_length=6000.0, travel_length=1500.0,
                         print_speed=50.0, travel_speed=150.0) == pytest.approx(130.0)


@pytest.mark.parametrize("call, words", [
    (lambda: pr.print_mass(volume=1000.0, density=-1.24), ["density", "> 0", "-1.24"]),
    (lambda: pr.filament_length(volume=1000.0, diameter=0.0), ["diameter", "> 0", "0"]),
    (lambda: pr.filament_length(volume=-5.0), ["volume", ">= 0", "-5"]),
    (lambda: pr.bead_area(width=0.1, layer_height=0.2), ["width", "layer height"]),
    (lambda: pr.bead_area(width=0.4, layer_height=0.2, model="oval"), ["bead model", "oval"]),
    (lambda: pr.move_time(length=10.0, speed=0.0), ["speed", "> 0"]),
    (lambda: pr.printed_volume(volume=10.0, surface_area=1.0, infill=20), ["infill", "0.2"]),
    (lambda: pr.print_mass(volume=float("nan"), density=1.24), ["volume", "finite"]),
])
def test_bad_input_names_the_quantity(call, words):
    with pytest.raises(ValueError) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_text_is_a_type_error():
    with pytest.raises(TypeError, match="density"):
        pr.print_mass(volume=1.0, density="1.24")


def test_materials_dataset():
    from stemkit.datasets import load

    table = load("design3d/materials")
    names = list(table["material"])
    assert names == ["PLA", "PETG", "ABS", "TPU"]
    pla = names.index("PLA")
    assert table["density_g_cm3"][pla] == pytest.approx(1.24)
    # every typical temperature lies inside its range, every value is physical
    assert np.all((table["nozzle_min_c"] <= table["nozzle_c"]) & (table["nozzle_c"] <= table["nozzle_max_c"]))
    assert np.all((table["bed_min_c"] <= table["bed_c"]) & (table["bed_c"] <= table["bed_max_c"]))
    assert np.all((table["density_g_cm3"] > 0.9) & (table["density_g_cm3"] < 1.5))
    assert np.all(table["diameter_mm"] == 1.75)
    # 1 m of the dataset's PLA: about 2.98 g
    assert pr.filament_mass(length=1000.0, density=table["density_g_cm3"][pla],
                            diameter=table["diameter_mm"][pla]) == pytest.approx(2.98, abs=0.005)


def test_printed_volume_shell_overcount_for_a_cube():
    # exact shell of a cube of side L with walls t: L³ - (L - 2t)³; the model says 6 L² t
    for side, t in [(20.0, 1.2), (50.0, 0.8), (100.0, 2.0)]:
        exact = side**3 - (side - 2 * t) ** 3
        model = pr.printed_volume(volume=side**3, surface_area=6 * side**2, wall_thickness=t, infill=0.0)
        over = model / exact - 1
        # documented: about 2 t / L too big
        assert 1.0 * t / side < over < 3.0 * t / side
