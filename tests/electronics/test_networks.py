"""Series, parallel and dividers: closed forms, Kirchhoff's laws, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemkit.electronics import networks as nw
from stemkit.electronics import ohm

res = st.floats(min_value=1.0, max_value=1e7, allow_nan=False)


@settings(deadline=None)  # timing varies on a shared machine
@given(r=res, n=st.integers(min_value=1, max_value=12))
def test_equal_resistors(r, n):
    assert nw.series([r] * n) == pytest.approx(n * r, rel=1e-12)
    assert nw.parallel([r] * n) == pytest.approx(r / n, rel=1e-12)


@settings(deadline=None)  # timing varies on a shared machine
@given(r=res)
def test_two_equal_in_parallel_halve(r):
    assert nw.parallel([r, r]) == pytest.approx(r / 2, rel=1e-12)


@settings(deadline=None)  # timing varies on a shared machine
@given(r1=res, r2=res)
def test_parallel_is_smaller_than_smallest_and_matches_product_over_sum(r1, r2):
    p = nw.parallel([r1, r2])
    assert p <= min(r1, r2) * (1 + 1e-12)
    assert p == pytest.approx(r1 * r2 / (r1 + r2), rel=1e-12)
    assert nw.series([r1, r2]) >= max(r1, r2)


def test_text_values_and_arrays():
    assert nw.series(["4k7", "330"]) == pytest.approx(5030)
    got = nw.parallel([np.array([100.0, 200.0]), 200.0])
    np.testing.assert_allclose(got, [200 / 3, 100.0])


@settings(deadline=None)  # timing varies on a shared machine
@given(v=st.floats(0.1, 50), r1=res, r2=res)
def test_divider_ratio_and_kirchhoff_unloaded(v, r1, r2):
    d = nw.divider(supply_voltage=v, top_resistance=r1, bottom_resistance=r2)
    assert d.output_voltage == pytest.approx(v * r2 / (r1 + r2), rel=1e-12)
    # KVL: the two resistor voltages add up to the supply
    assert ohm.voltage(current=d.top_current, resistance=r1) + d.output_voltage == pytest.approx(v, rel=1e-12)
    # KCL at the output node (no load): the same current in both
    assert d.top_current == pytest.approx(d.bottom_current, rel=1e-12)
    assert d.load_current == 0
    # energy: the supply's power equals the heat in both resistors
    assert d.power == pytest.approx(ohm.power(current=d.top_current, resistance=r1)
                                    + ohm.power(voltage=d.output_voltage, resistance=r2), rel=1e-9)


@settings(deadline=None)  # timing varies on a shared machine
@given(v=st.floats(0.1, 50), r1=res, r2=res, rl=res)
def test_loaded_divider_kirchhoff(v, r1, r2, rl):
    d = nw.divider(supply_voltage=v, top_resistance=r1, bottom_resistance=r2, load_resistance=rl)
    assert d.top_current == pytest.approx(d.bottom_current + d.load_current, rel=1e-9)
    # a load can only pull the output down
    assert d.output_voltage <= nw.voltage_divider(supply_voltage=v, top_resistance=r1,
                                                  bottom_resistance=r2) * (1 + 1e-12)
    # Thevenin: unloaded output behind R1||R2 gives the same loaded output
    v_open = v * r2 / (r1 + r2)
    r_th = nw.divider_output_resistance(top_resistance=r1, bottom_resistance=r2)
    assert d.output_voltage == pytest.approx(v_open * rl / (r_th + rl), rel=1e-9)


def test_divider_closed_forms():
    assert nw.voltage_divider(supply_voltage=9, top_resistance="2k", bottom_resistance="1k") == pytest.approx(3)
    assert nw.divider_ratio(top_resistance=1, bottom_resistance=1) == pytest.approx(0.5)
    assert nw.voltage_divider(supply_voltage=5, top_resistance=10e3, bottom_resistance=10e3,
                              load_resistance=10e3) == pytest.approx(5 / 3)


def test_potentiometer():
    x = np.linspace(0, 1, 11)
    np.testing.assert_allclose(nw.potentiometer(supply_voltage=5, total_resistance=1e4, position=x), 5 * x)
    loaded = nw.potentiometer(supply_voltage=5, total_resistance=1e4, position=x, load_resistance=1e4)
    assert loaded[0] == 0 and loaded[-1] == pytest.approx(5)
    assert np.all(loaded[1:-1] < 5 * x[1:-1])
    # the pot at 30 % is the divider 7k over 3k
    assert nw.potentiometer(supply_voltage=5, total_resistance=1e4, position=0.3, load_resistance=2e3) == \
        pytest.approx(nw.voltage_divider(supply_voltage=5, top_resistance=7e3, bottom_resistance=3e3,
                                         load_resistance=2e3))
    with pytest.raises(ValueError, match="position must be between 0 and 1"):
        nw.potentiometer(supply_voltage=5, total_resistance=1e4, position=1.5)


@settings(deadline=None)  # timing varies on a shared machine
@given(i=st.floats(1e-6, 10), rs=st.lists(res, min_size=1, max_size=6))
def test_current_divider_kcl_and_equal_voltages(i, rs):
    branch = nw.current_divider(total_current=i, resistances=rs)
    assert branch.sum() == pytest.approx(i, rel=1e-9)  # KCL
    volts = branch * np.array(rs)
    np.testing.assert_allclose(volts, volts[0], rtol=1e-9)  # same voltage across parallel branches
    assert volts[0] == pytest.approx(i * nw.parallel(rs), rel=1e-9)


@pytest.mark.parametrize("bad", [[100, 0], [100, -5], [], "100"])
def test_bad_networks(bad):
    with pytest.raises((ValueError, TypeError)):
        nw.series(bad)
    with pytest.raises((ValueError, TypeError)):
        nw.parallel(bad)


def test_bad_input_messages():
    with pytest.raises(ValueError, match=r"resistances\[1\] must be > 0 Ω, got -5"):
        nw.series([100, -5])
    with pytest.raises(ValueError, match="4k7k"):
        nw.parallel(["4k7k", "1k"])
    with pytest.raises(ValueError, match="bottom_resistance must be > 0 Ω, got 0"):
        nw.voltage_divider(supply_voltage=5, top_resistance=1e3, bottom_resistance=0)
    with pytest.raises(ValueError, match="load_resistance must be > 0"):
        nw.divider(supply_voltage=5, top_resistance=1e3, bottom_resistance=1e3, load_resistance=-1)
    with pytest.raises(TypeError, match="list of resistances"):
        nw.series(100)


# -- ngspice side by side ------------------------------------------------------------
def _ngspice_op(netlist, nodes, tmp_path):
    import re
    import shutil
    import subprocess

    exe = shutil.which("ngspice")
    if exe is None:
        pytest.skip("ngspice is not installed (Debian package 'ngspice')")
    cir = tmp_path / "net.cir"
    out = tmp_path / "out.txt"
    vectors = " ".join(f"v({n})" for n in nodes)
    cir.write_text(netlist + f"\n.control\nop\nwrdata {out} {vectors} i(vs)\n.endc\n.end\n")
    proc = subprocess.run([exe, "-b", str(cir)], capture_output=True, text=True, timeout=60)
    if not out.exists():
        pytest.fail(f"ngspice wrote no output:\n{proc.stdout}\n{proc.stderr}")
    numbers = [float(x) for x in re.split(r"\s+", out.read_text().strip().splitlines()[-1].strip())]
    return numbers[1::2]  # wrdata writes (index, value) pairs


def test_loaded_divider_matches_ngspice(tmp_path):
    v, r1, r2, rl = 12.0, 4700.0, 2200.0, 3300.0
    out, i_supply = _ngspice_op(f"divider\nVS in 0 DC {v}\nR1 in out {r1}\nR2 out 0 {r2}\nRL out 0 {rl}",
                                ["out"], tmp_path)
    d = nw.divider(supply_voltage=v, top_resistance=r1, bottom_resistance=r2, load_resistance=rl)
    assert d.output_voltage == pytest.approx(out, rel=1e-6)
    assert d.top_current == pytest.approx(-i_supply, rel=1e-6)  # SPICE counts source current into +


def test_series_parallel_network_matches_ngspice(tmp_path):
    # 5 V across 100 Ω + (220 Ω ∥ 330 Ω ∥ 1 kΩ) + 47 Ω
    a, i_supply = _ngspice_op("network\nVS in 0 DC 5\nRA in a 100\nR1 a b 220\nR2 a b 330\nR3 a b 1000\n"
                              "RB b 0 47", ["a"], tmp_path)
    total = nw.series([100, nw.parallel([220, 330, 1000]), 47])
    assert ohm.current(voltage=5, resistance=total) == pytest.approx(-i_supply, rel=1e-6)
    assert 5 - ohm.voltage(current=-i_supply, resistance=100) == pytest.approx(a, rel=1e-6)
