"""Modified nodal analysis: closed forms, Kirchhoff's current law, energy balance,
integration-order checks and errors that name the parts and nodes."""

import math
import warnings

import numpy as np
import pytest

from stemkit.electronics import mna, pwm, rc
from stemkit.electronics.circuit import (
    LED_MODELS,
    PWM,
    THERMAL_VOLTAGE_27C,
    Circuit,
    Pulse,
    RatingWarning,
)
from stemkit.electronics.mna import CircuitError, check_topology
from stemkit.units import format_si
from tests.electronics.circuits import bridge, divider

# ---------------------------------------------------------------------------
# A zoo of DC circuits for the invariants
# ---------------------------------------------------------------------------




def two_sources():
    c = Circuit("two supplies")
    c.add_voltage_source("V1", "a", "0", 5)
    c.add_voltage_source("V2", "c", "b", 3)
    c.add_resistor("R1", "a", "b", 100)
    c.add_resistor("R2", "b", "0", 220)
    c.add_resistor("R3", "c", "0", 330)
    c.add_current_source("I1", "0", "b", "10m")
    return c


def with_inductor_and_capacitor():
    c = Circuit("L and C at DC")
    c.add_voltage_source("V1", "in", "0", 10)
    c.add_resistor("R1", "in", "x", 100)
    c.add_inductor("L1", "x", "y", "10m")
    c.add_resistor("R2", "y", "0", 300)
    c.add_capacitor("C1", "y", "0", "1u")
    return c


def led_circuit():
    c = Circuit("LED")
    c.add_voltage_source("V1", "vcc", "0", 5)
    c.add_resistor("R1", "vcc", "a", 150)
    c.add_led("D1", "a", "0", colour="red")
    return c


def diodes_with_rs():
    c = Circuit("diodes")
    c.add_voltage_source("V1", "in", "0", 3.3)
    c.add_resistor("R1", "in", "a", 220)
    c.add_diode("D1", "a", "b", "1N4148")
    c.add_diode("D2", "b", "0", "default")
    c.add_resistor("R2", "a", "0", 1000)
    c.add_switch("S1", "b", "0", closed=False)
    return c


def reverse_diode():
    c = Circuit("reverse")
    c.add_voltage_source("V1", "in", "0", -5)
    c.add_resistor("R1", "in", "a", 1000)
    c.add_diode("D1", "a", "0")
    return c


DC_CIRCUITS = [divider, bridge, two_sources, with_inductor_and_capacitor, led_circuit, diodes_with_rs,
               reverse_diode]


@pytest.mark.parametrize("build", DC_CIRCUITS, ids=lambda f: f.__name__)
def test_kirchhoff_current_law_at_every_node(build):
    c = build()
    op = c.operating_point()
    # Currents recomputed independently from the node voltages and part laws.
    total = {n: 0.0 for n in op.voltages}
    scale = 0.0
    for p in c.parts.values():
        v = op.voltages[p.nodes[0]] - op.voltages[p.nodes[1]]
        if p.kind == "R":
            i = v / p.value
        elif p.kind == "S":
            i = v / (p.params["on_resistance"] if p.params["closed"] else p.params["off_resistance"])
        elif p.kind == "C":
            i = 0.0
        elif p.kind == "I":
            i = p.value
        elif p.kind == "D" and not p.params["series_resistance"]:
            i = p.params["saturation_current"] * math.expm1(v / (p.params["emission_coefficient"] * THERMAL_VOLTAGE_27C)) + mna.GMIN * v
        else:  # sources, inductors and diodes with RS: the simulator's branch current
            i = op.current(p.name)
        total[p.nodes[0]] += i
        total[p.nodes[1]] -= i
        scale = max(scale, abs(i))
    for node, residual in total.items():
        assert abs(residual) <= 1e-9 * scale + 1e-15, (node, residual)
    for node, residual in op.kcl_residuals().items():
        assert abs(residual) <= 1e-9 * scale + 1e-15, (node, residual)


@pytest.mark.parametrize("build", DC_CIRCUITS, ids=lambda f: f.__name__)
def test_energy_balance(build):
    c = build()
    op = c.operating_point()
    powers = {name: op.power(name) for name in c.parts}
    delivered = -sum(p for p in powers.values() if p < 0)
    absorbed = sum(p for p in powers.values() if p > 0)
    assert delivered > 0
    assert absorbed == pytest.approx(delivered, rel=1e-9)
    for name, p in c.parts.items():
        if p.kind == "R":
            assert powers[name] == pytest.approx(op.current(name) ** 2 * p.value, rel=1e-12)
            assert powers[name] >= 0


# ---------------------------------------------------------------------------
# Closed forms
# ---------------------------------------------------------------------------


def test_divider_closed_form():
    op = divider().operating_point()
    assert op.voltage("out") == pytest.approx(9 * 4700 / (10000 + 4700), rel=1e-12)
    assert op.current("V1") == pytest.approx(-9 / 14700, rel=1e-12)
    assert op.voltage("gnd") == 0.0


def test_bridge_matches_thevenin_hand_solution():
    op = bridge().operating_point()
    # Independent check: solve the bridge's two node equations by Cramer's rule.
    g1, g2, g3, g4, g5 = 1 / 1000, 1 / 2200, 1 / 1500, 1 / 1800, 1 / 470
    a11, a12, a22 = g1 + g2 + g5, -g5, g3 + g4 + g5
    b1, b2 = 12 * g1, 12 * g3
    det = a11 * a22 - a12 * a12
    va = (b1 * a22 - a12 * b2) / det
    vb = (a11 * b2 - a12 * b1) / det
    assert op.voltage("a") == pytest.approx(va, rel=1e-12)
    assert op.voltage("b") == pytest.approx(vb, rel=1e-12)


def test_balanced_bridge_carries_no_current_in_the_middle():
    c = Circuit()
    c.add_voltage_source("V1", "t", "0", 5)
    c.add_resistor("R1", "t", "a", 1000)
    c.add_resistor("R2", "a", "0", 2000)
    c.add_resistor("R3", "t", "b", 500)
    c.add_resistor("R4", "b", "0", 1000)
    c.add_resistor("R5", "a", "b", 100)
    assert abs(c.operating_point().current("R5")) < 1e-15


def test_superposition_with_two_sources():
    full = two_sources().operating_point().voltage("b")
    parts = 0.0
    for keep in ("V1", "V2", "I1"):
        c = two_sources()
        for name in ("V1", "V2", "I1"):
            if name != keep:
                p = c.part(name)
                if p.kind == "V":
                    c.parts[name] = type(p)("V", p.name, p.nodes, 0.0, {"waveform": type(p.params["waveform"])(0.0), "ac": 0})
                else:
                    c.parts[name] = type(p)("I", p.name, p.nodes, 0.0, {"waveform": type(p.params["waveform"])(0.0), "ac": 0})
        parts += c.operating_point().voltage("b")
    assert parts == pytest.approx(full, rel=1e-12)


def test_inductor_is_a_wire_and_capacitor_is_open_at_dc():
    op = with_inductor_and_capacitor().operating_point()
    assert op.voltage("x") == pytest.approx(op.voltage("y"), abs=1e-15)
    assert op.voltage("y") == pytest.approx(10 * 300 / 400, rel=1e-12)
    assert op.current("C1") == 0.0
    assert op.current("L1") == pytest.approx(10 / 400, rel=1e-12)


def test_led_operating_point_solves_shockley_and_ohm_together():
    c = led_circuit()
    op = c.operating_point()
    p = c.part("D1")
    nvt = p.params["emission_coefficient"] * THERMAL_VOLTAGE_27C
    rs = p.params["series_resistance"]
    # Independent: bisection on the junction voltage vj, with I = IS (e^{vj/nVt} - 1) + GMIN vj,
    # v(a) = vj + I·RS and Ohm's law in R1: (5 - v(a))/150 = I.
    lo, hi = 0.0, 5.0
    for _ in range(200):
        mid = (lo + hi) / 2
        i = p.params["saturation_current"] * math.expm1(mid / nvt) + mna.GMIN * mid
        f = (5 - mid - i * rs) / 150 - i
        lo, hi = (mid, hi) if f > 0 else (lo, mid)
    i = p.params["saturation_current"] * math.expm1(lo / nvt) + mna.GMIN * lo
    assert op.voltage("a") == pytest.approx(lo + i * rs, abs=1e-9)
    assert op.current("D1") == pytest.approx(i, rel=1e-9)
    assert op.iterations > 1


def test_led_at_20_mA_drops_its_typical_forward_voltage():
    c = Circuit()
    c.add_current_source("I1", "0", "a", "20m")
    c.add_led("D1", "a", "0", colour="blue")
    assert c.operating_point().voltage("a") == pytest.approx(LED_MODELS["blue"]["forward_voltage"], abs=1e-6)


def test_reverse_biased_diode_carries_only_saturation_current():
    op = reverse_diode().operating_point()
    assert op.voltage("a") == pytest.approx(-5, abs=1e-6)
    assert abs(op.current("D1")) < 1e-10


def test_switch_states():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 5)
    c.add_resistor("R1", "a", "b", 1000)
    c.add_switch("S1", "b", "0", closed=True)
    assert c.operating_point().voltage("b") == pytest.approx(5 * 0.01 / 1000.01, rel=1e-12)
    c2 = Circuit()
    c2.add_voltage_source("V1", "a", "0", 5)
    c2.add_resistor("R1", "a", "b", 1000)
    c2.add_switch("S1", "b", "0", closed=False)
    assert c2.operating_point().voltage("b") == pytest.approx(5 * 1e9 / (1e9 + 1000), rel=1e-12)


def test_matrix_equation_reproduces_the_solution():
    for build in (divider, bridge, two_sources, with_inductor_and_capacitor):
        c = build()
        eq = c.matrix_equation()
        op = c.operating_point()
        x = eq.solve()
        assert eq.matrix.shape == (len(eq.equations), len(eq.unknowns))
        np.testing.assert_allclose(eq.matrix @ x, eq.rhs, atol=1e-12)
        sol = eq.solution()
        for node in op.voltages:
            if node != "0":
                assert sol[f"v({node})"] == pytest.approx(op.voltage(node), rel=1e-12, abs=1e-15)
        assert "<table>" in eq._repr_html_()


def test_nodal_form_is_the_hand_written_conductance_matrix():
    eq = bridge().matrix_equation(form="nodal")
    g1, g2, g3, g4, g5 = 1 / 1000, 1 / 2200, 1 / 1500, 1 / 1800, 1 / 470
    np.testing.assert_allclose(eq.matrix, [[g1 + g2 + g5, -g5], [-g5, g3 + g4 + g5]], rtol=1e-15)
    np.testing.assert_allclose(eq.rhs, [12 * g1, 12 * g3], rtol=1e-15)
    assert eq.unknowns == ["v(a)", "v(b)"]
    assert eq.equations == ["KCL at a", "KCL at b"]
    with pytest.raises(ValueError, match=r"one end at ground; V2 is between c and b"):
        two_sources().matrix_equation(form="nodal")
    with pytest.raises(ValueError, match=r"L1 is a inductor|L1 is a"):
        with_inductor_and_capacitor().matrix_equation(form="nodal")


def test_diode_matrix_equation_is_the_last_linearisation():
    c = led_circuit()
    eq = c.matrix_equation()
    op = c.operating_point()
    assert eq.solution()["v(a)"] == pytest.approx(op.voltage("a"), abs=1e-9)


def test_big_grid_banded_solve_matches_dense():
    n = 20
    c = Circuit("grid")
    c.add_voltage_source("V1", "n0_0", "0", 1)
    k = 0
    rng = np.random.default_rng(7)
    for i in range(n):
        for j in range(n):
            if j + 1 < n:
                k += 1
                c.add_resistor(f"R{k}", f"n{i}_{j}", f"n{i}_{j + 1}", float(rng.uniform(100, 1000)))
            if i + 1 < n:
                k += 1
                c.add_resistor(f"R{k}", f"n{i}_{j}", f"n{i + 1}_{j}", float(rng.uniform(100, 1000)))
    c.add_resistor("Rg", f"n{n - 1}_{n - 1}", "0", 50)
    op = c.operating_point()
    eq = c.matrix_equation()
    x = dict(zip(eq.unknowns, np.linalg.solve(eq.matrix, eq.rhs), strict=True))
    got = np.array([op.voltage(f"n{i}_{j}") for i in range(n) for j in range(n)])
    want = np.array([x[f"v(n{i}_{j})"] for i in range(n) for j in range(n)])
    np.testing.assert_allclose(got, want, rtol=1e-10)
    levels = mna._levels(eq.matrix)
    order = np.concatenate(levels)
    assert sorted(order.tolist()) == list(range(eq.matrix.shape[0]))
    assert max(len(level) for level in levels) * 6 < eq.matrix.shape[0]
    # Ordered by level the matrix is block-tridiagonal: no coupling two or more levels apart.
    where = np.empty(order.size, dtype=int)
    for k, level in enumerate(levels):
        where[level] = k
    r, c = np.nonzero(eq.matrix)
    assert np.max(np.abs(where[r] - where[c])) <= 1


# ---------------------------------------------------------------------------
# Transient
# ---------------------------------------------------------------------------


def rc_circuit(r=1e3, cap=1e-6, v=5.0):
    c = Circuit("RC")
    c.add_voltage_source("V1", "in", "0", v)
    c.add_resistor("R1", "in", "out", r)
    c.add_capacitor("C1", "out", "0", cap, initial_voltage=0)
    return c


@pytest.mark.parametrize("method, tol", [("trapezoidal", 2e-6), ("backward_euler", 2e-3)])
def test_rc_charge_matches_closed_form(method, tol):
    res = rc_circuit().transient(stop_time=5e-3, time_step=1e-6, method=method, initial="given")
    expected = rc.charge_voltage(res.time, supply_voltage=5, resistance=1e3, capacitance=1e-6)
    assert np.max(np.abs(res.voltage("out") - expected)) < tol * 5
    # The capacitor current is C dv/dt, and equals the resistor current (KCL at "out").
    np.testing.assert_allclose(res.current("C1")[1:], res.current("R1")[1:], atol=1e-9)


def test_integration_order():
    errors = {}
    for method in ("trapezoidal", "backward_euler"):
        e = []
        for h in (2e-5, 1e-5):
            res = rc_circuit().transient(stop_time=2e-3, time_step=h, method=method, initial="op")
            # from the operating point the capacitor is already charged: use a discharge instead
            e.append(res)
        errors[method] = e
    # Discharge from a charged capacitor through R, with the source off.
    def err(method, h):
        c = Circuit()
        c.add_resistor("R1", "out", "0", 1e3)
        c.add_capacitor("C1", "out", "0", 1e-6, initial_voltage=5)
        r = c.transient(stop_time=2e-3, time_step=h, method=method, initial="given")
        exact = rc.discharge_voltage(r.time, initial_voltage=5, resistance=1e3, capacitance=1e-6)
        return np.max(np.abs(r.voltage("out") - exact))

    be = err("backward_euler", 2e-5) / err("backward_euler", 1e-5)
    tr = err("trapezoidal", 4e-5) / err("trapezoidal", 2e-5)
    assert 1.8 < be < 2.2      # first order: halving h halves the error
    assert 3.9 < tr < 4.1      # second order from the first step on (no Euler step at the start): a quarter


def test_given_start_takes_a_trapezoidal_first_step():
    # one trapezoidal step of dv/dt = (5 - v)/τ from 0: v1 = 5·(h/τ)/(1 + h/2τ); backward Euler gives 5·(h/τ)/(1 + h/τ)
    tau, h = 1e-3, 1e-5
    res = rc_circuit().transient(stop_time=5 * h, time_step=h, initial="given")
    assert res.voltage("out")[0] == pytest.approx(0.0, abs=1e-12)
    assert res.voltage("out")[1] == pytest.approx(5 * (h / tau) / (1 + h / (2 * tau)), rel=1e-9)
    assert res.current("C1")[0] == pytest.approx(5 / 1e3, rel=1e-6)   # the empty capacitor takes V/R at once


def test_every_breakpoint_and_switch_event_is_a_time_point():
    c = Circuit()
    c.add_voltage_source("V1", "pin", "0", PWM(frequency=490, duty=0.25, high=5))
    c.add_current_source("I1", "0", "out", Pulse(low=0, high=1e-4, delay=0.77e-3, rise=13e-6, fall=29e-6, width=1e-3,
                                                 period=3.3e-3))
    c.add_resistor("R1", "pin", "out", "10k")
    c.add_capacitor("C1", "out", "0", "470n")
    c.add_resistor("R2", "out", "sw", "1k")
    c.add_switch("S1", "sw", "0", events=[(4.321e-3, True), (7.654e-3, False)])
    h, stop = 47e-6, 10e-3
    res = c.transient(stop_time=stop, time_step=h)
    t = res.time
    wanted = (c.part("V1").params["waveform"].edges(stop) + c.part("I1").params["waveform"].edges(stop)
              + [4.321e-3, 7.654e-3])
    for edge in wanted:
        if edge < stop:
            assert np.min(np.abs(t - edge)) < 1e-15, edge
    assert t[0] == 0.0 and t[-1] == stop
    assert np.all(np.diff(t) > 0) and np.max(np.diff(t)) <= h * (1 + 1e-9)


@pytest.mark.parametrize("frequency", [1000.0, 490.0])
def test_pwm_at_tau_over_100_matches_the_exact_piecewise_solution(frequency):
    # the step the docstring promises: τ/100, trapezoidal, within 0.1 % of the swing (before: 2.5 %, 4 %)
    c = Circuit()
    c.add_voltage_source("V1", "pin", "0", PWM(frequency=frequency, duty=0.3, high=5))
    c.add_resistor("R1", "pin", "out", 1e3)
    c.add_capacitor("C1", "out", "0", 1e-6, initial_voltage=0)
    res = c.transient(stop_time=6e-3, time_step=1e-5, initial="given")
    exact = pwm.filtered_waveform(res.time, duty=0.3, frequency=frequency, high_voltage=5, resistance=1e3,
                                  capacitance=1e-6)
    assert np.max(np.abs(res.voltage("out") - exact)) < 1e-3 * 5
    # at an edge the values are the ones just after it: the pin shows the source, and KCL holds at every point
    np.testing.assert_array_equal(res.voltage("pin"), c.part("V1").params["waveform"].value(res.time))
    np.testing.assert_allclose(res.current("C1"), res.current("R1"), rtol=0, atol=1e-6 * 5e-3)
    np.testing.assert_allclose(res.current("V1"), -res.current("R1"), rtol=0, atol=1e-12)


def test_a_capacitor_across_a_jumping_source_does_not_ring():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", PWM(frequency=1000, duty=0.5, high=5))
    c.add_capacitor("C1", "a", "0", "1u", initial_voltage=2)     # forced to the source's voltage at once
    c.add_resistor("R1", "a", "0", "1k")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RatingWarning)          # the jumps are current impulses
        res = c.transient(stop_time=3e-3, time_step=1e-5, initial="given")
    v = res.voltage("a")
    np.testing.assert_array_equal(v, c.part("V1").params["waveform"].value(res.time))
    # between the jumps the capacitor's voltage stands still: the source feeds only R1
    np.testing.assert_allclose(res.current("V1"), -v / 1e3, rtol=0, atol=1e-9)


def test_a_diode_circuit_from_given_voltages_starts_consistent():
    from stemkit.electronics.circuit import Sine

    c = Circuit()
    c.add_voltage_source("V1", "in", "0", Sine(amplitude=5, frequency=50))
    c.add_diode("D1", "in", "out")
    c.add_capacitor("C1", "out", "0", "100u", initial_voltage=3.0)
    c.add_resistor("R1", "out", "0", "1k")
    res = c.transient(stop_time=40e-3, time_step=2e-5, initial="given")
    assert res.voltage("out")[0] == pytest.approx(3.0, abs=1e-9)
    kcl = res.current("D1") - res.current("C1") - res.current("R1")
    assert np.max(np.abs(kcl)) < 1e-8          # at t = 0 too: the capacitor feeds R1 (3 mA), the diode is off
    assert res.current("C1")[0] == pytest.approx(-3e-3, rel=1e-3)


def test_rl_current_rise():
    c = Circuit("RL")
    c.add_voltage_source("V1", "in", "0", 12)
    c.add_resistor("R1", "in", "x", 6, power_rating=50)    # 24 W: a power resistor
    c.add_inductor("L1", "x", "0", "30m", initial_current=0)
    res = c.transient(stop_time=25e-3, time_step=5e-6, initial="given")
    tau = rc.rl_time_constant(inductance=30e-3, resistance=6)
    expected = 2.0 * (1 - np.exp(-res.time / tau))
    assert np.max(np.abs(res.current("L1") - expected)) < 1e-5


def test_rlc_ringing_matches_the_underdamped_solution():
    r, ind, cap = 10.0, 1e-3, 1e-6
    c = Circuit("RLC")
    c.add_voltage_source("V1", "in", "0", 1)
    c.add_resistor("R1", "in", "a", r)
    c.add_inductor("L1", "a", "out", ind, initial_current=0)
    c.add_capacitor("C1", "out", "0", cap, initial_voltage=0)
    res = c.transient(stop_time=1e-3, time_step=2e-7, initial="given")
    alpha = r / (2 * ind)
    w0 = 1 / math.sqrt(ind * cap)
    wd = math.sqrt(w0**2 - alpha**2)
    t = res.time
    exact = 1 - np.exp(-alpha * t) * (np.cos(wd * t) + alpha / wd * np.sin(wd * t))
    assert np.max(np.abs(res.voltage("out") - exact)) < 1e-3


def test_switch_event_discharges_capacitor():
    # The capacitor charges through R1 from 5 V; at 5 ms the switch shorts it through 100 Ω.
    c = Circuit()
    c.add_voltage_source("V1", "in", "0", 5)
    c.add_resistor("R1", "in", "out", 1e6)
    c.add_capacitor("C1", "out", "0", 1e-6)
    c.add_resistor("R2", "out", "sw", 100)
    c.add_switch("S1", "sw", "0", closed=False, events=[(5e-3, True)], off_resistance=1e15)
    res = c.transient(stop_time=6e-3, time_step=1e-6, initial="op")
    v = res.voltage("out")
    t = res.time
    assert v[t < 5e-3] == pytest.approx(5.0, rel=1e-6)
    after = t >= 5.2e-3
    tau = (100 + 0.01) * 1e-6 * 1e6 / (1e6 + 100.01)
    v_final = 5 * 100.01 / (1e6 + 100.01)
    expected = v_final + (5 - v_final) * np.exp(-(t[after] - 5e-3) / tau)
    assert np.max(np.abs(v[after] - expected)) < 5e-3


def test_pulse_source_in_time():
    c = Circuit()
    c.add_voltage_source("V1", "in", "0", Pulse(low=0, high=2, delay=1e-3, width=1e-3, period=4e-3))
    c.add_resistor("R1", "in", "0", 100)
    res = c.transient(stop_time=8e-3, time_step=1e-4)
    np.testing.assert_allclose(res.voltage("in"), c.part("V1").params["waveform"].value(res.time))
    np.testing.assert_allclose(res.current("R1"), res.voltage("in") / 100)


def test_pwm_through_rc_matches_exact_piecewise_solution():
    c = Circuit()
    c.add_voltage_source("V1", "pin", "0", PWM(frequency=1000, duty=0.3, high=5))
    c.add_resistor("R1", "pin", "out", 1e3)
    c.add_capacitor("C1", "out", "0", 1e-6, initial_voltage=0)
    res = c.transient(stop_time=5e-3, time_step=1e-6, method="backward_euler", initial="given")
    exact = pwm.filtered_waveform(res.time, duty=0.3, frequency=1000, high_voltage=5, resistance=1e3,
                                  capacitance=1e-6)
    assert np.max(np.abs(res.voltage("out") - exact)) < 0.01


def test_diode_half_wave_rectifier_in_time():
    from stemkit.electronics.circuit import Sine

    c = Circuit()
    c.add_voltage_source("V1", "in", "0", Sine(amplitude=5, frequency=50))
    c.add_diode("D1", "in", "out")
    c.add_resistor("R1", "out", "0", 1000)
    res = c.transient(stop_time=40e-3, time_step=2e-5)
    v_in, v_out = res.voltage("in"), res.voltage("out")
    assert np.all(v_out > -1e-6)                       # never negative
    assert np.max(v_in - v_out) > 0.4                  # the diode drop
    assert np.min(v_out[v_in < -1]) > -1e-6
    assert v_out.max() == pytest.approx(5 - 0.6, abs=0.15)
    np.testing.assert_allclose(res.current("D1"), res.current("R1"), atol=1e-9)


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "rk4"}, r"method must be 'trapezoidal' or 'backward_euler', got 'rk4'"),
    ({"time_step": 0}, r"time step must be > 0 s, got 0"),
    ({"stop_time": -1}, r"stop time must be > 0 s"),
    ({"initial": "zero"}, r"initial must be 'op' or 'given'"),
])
def test_transient_bad_arguments(kwargs, message):
    args = {"stop_time": 1e-3, "time_step": 1e-6}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        rc_circuit().transient(**args)


def test_series_capacitors_float_at_dc_but_not_in_time():
    c = Circuit()
    c.add_voltage_source("V1", "in", "0", 5)
    c.add_capacitor("C1", "in", "mid", 1e-6)
    c.add_capacitor("C2", "mid", "0", 1e-6)
    with pytest.raises(CircuitError, match=r"node 'mid' is floating.*C1, C2"):
        c.operating_point()
    with pytest.raises(CircuitError, match=r"node 'mid' is floating.*start from given capacitor voltages"):
        c.transient(stop_time=1e-3, time_step=1e-6)
    c2 = Circuit()
    c2.add_voltage_source("V1", "in", "0", Pulse(low=0, high=5, rise=1e-6, width=1, period=0))
    c2.add_resistor("R1", "in", "a", 100)
    c2.add_capacitor("C1", "a", "mid", 1e-6)
    c2.add_capacitor("C2", "mid", "0", 1e-6)
    res = c2.transient(stop_time=2e-3, time_step=1e-6, initial="given")
    assert res.voltage("mid")[-1] == pytest.approx(2.5, rel=1e-3)   # equal capacitors share the voltage


# ---------------------------------------------------------------------------
# AC
# ---------------------------------------------------------------------------


def test_ac_low_pass_matches_closed_form():
    c = Circuit()
    c.add_voltage_source("V1", "in", "0", 0, ac=1)
    c.add_resistor("R1", "in", "out", "1k")
    c.add_capacitor("C1", "out", "0", "100n")
    res = c.ac(start=10, stop=1e6, points_per_decade=10)
    np.testing.assert_allclose(res.magnitude_db("out"),
                               rc.lowpass_magnitude_db(res.frequency, resistance=1e3, capacitance=100e-9), atol=1e-9)
    np.testing.assert_allclose(res.phase_deg("out"),
                               rc.lowpass_phase_deg(res.frequency, resistance=1e3, capacitance=100e-9), atol=1e-9)
    assert res.frequency.size == 51
    np.testing.assert_allclose(res.magnitude_db("out", reference="in"), res.magnitude_db("out"), atol=1e-12)


def test_ac_rlc_band_pass_peaks_at_resonance():
    c = Circuit()
    c.add_voltage_source("V1", "in", "0", 0)
    c.add_inductor("L1", "in", "a", "10m")
    c.add_capacitor("C1", "a", "out", "1u")
    c.add_resistor("R1", "out", "0", 50)
    f0 = 1 / (2 * math.pi * math.sqrt(10e-3 * 1e-6))
    res = c.ac(frequencies=[f0 / 10, f0, f0 * 10], source="V1")
    mag = res.magnitude_db("out")
    assert mag[1] == pytest.approx(0.0, abs=1e-9)
    assert mag[0] < -20 and mag[2] < -20
    assert abs(res.current("V1")[1]) == pytest.approx(1 / 50, rel=1e-9)


def test_ac_needs_an_input():
    c = Circuit().add_voltage_source("V1", "in", "0", 1).add_resistor("R1", "in", "0", 10)
    with pytest.raises(ValueError, match=r"no source has an AC amplitude: pass source='V1'"):
        c.ac()


def test_ac_diode_small_signal_resistance():
    # A diode biased at I has small-signal resistance N·VT / I.
    c = Circuit()
    c.add_current_source("I1", "0", "a", "1m")
    c.add_diode("D1", "a", "0")
    c.add_current_source("I2", "0", "a", 0, ac=1e-6)
    res = c.ac(frequencies=[1000.0])
    r_small = abs(res.voltage("a")[0]) / 1e-6
    assert r_small == pytest.approx(THERMAL_VOLTAGE_27C / 1e-3, rel=1e-6)


# ---------------------------------------------------------------------------
# Errors that teach
# ---------------------------------------------------------------------------


def test_missing_ground():
    c = Circuit().add_voltage_source("V1", "a", "b", 5).add_resistor("R1", "a", "b", 100)
    with pytest.raises(CircuitError, match=r"no ground: connect one node to '0'.*a, b"):
        c.operating_point()


def test_floating_node_names_node_and_parts():
    c = Circuit()
    c.add_voltage_source("V1", "in", "0", 5)
    c.add_resistor("R1", "in", "0", 100)
    c.add_capacitor("C1", "in", "x", 1e-6)
    c.add_current_source("I1", "x", "0", 1e-3)
    with pytest.raises(CircuitError, match=r"node 'x' is floating.*touches only C1, I1"):
        c.operating_point()


def test_floating_island_names_all_its_nodes():
    c = Circuit()
    c.add_voltage_source("V1", "in", "0", 5)
    c.add_resistor("R1", "in", "0", 100)
    c.add_resistor("R2", "p", "q", 100)
    with pytest.raises(CircuitError, match=r"nodes 'p', 'q' are floating.*R2"):
        check_topology(c)


def test_voltage_source_loop():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 5)
    c.add_voltage_source("V2", "a", "b", 2)
    c.add_voltage_source("V3", "b", "0", 3)
    c.add_resistor("R1", "a", "0", 10)
    with pytest.raises(CircuitError, match=r"form a loop of voltage sources through nodes") as info:
        c.operating_point()
    assert {"V1", "V2", "V3"} <= set(str(info.value).split(" form")[0].split(", "))


def test_short_across_a_source():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 5)
    c.add_inductor("L1", "a", "0", "1m")
    with pytest.raises(CircuitError, match=r"short circuit across V1: L1 connect its terminals"):
        c.operating_point()
    c2 = Circuit().add_voltage_source("V1", "a", "a", 5).add_resistor("R1", "a", "0", 1)
    with pytest.raises(CircuitError, match=r"V1 is short-circuited: both its terminals are on node 'a'"):
        c2.operating_point()


def test_inductor_loop():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 5)
    c.add_resistor("R1", "a", "b", 5)
    c.add_inductor("L1", "b", "c", "1m")
    c.add_inductor("L2", "c", "b", "1m")
    c.add_resistor("R2", "c", "0", 5)
    with pytest.raises(CircuitError, match=r"L2, L1 form a loop of inductors"):
        c.operating_point()


def test_empty_circuit():
    with pytest.raises(CircuitError, match=r"the circuit is empty"):
        Circuit().operating_point()


def test_operating_point_shows_itself_as_tables():
    op = divider().operating_point()
    page = op._repr_html_()
    assert page.count("<table") == 2
    assert "<td>out</td><td>2.88 V</td>" in page
    assert "<td>R1</td><td>6.12 V</td><td>612 µA</td><td>3.75 mW</td>" in page
    assert "OperatingPoint(in: 9 V, out: 2.88 V)" == repr(op)
    assert "R2: 2.88 V across, 612 µA through, 1.76 mW absorbed" in op.table()


def test_unknown_node_in_results():
    op = divider().operating_point()
    with pytest.raises(KeyError, match=r"no node named 'middle'; the nodes are 0, in, out"):
        op.voltage("middle")


def random_network(seed):
    """A connected random resistor network with voltage and current sources (seeded)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 13))
    nodes = ["0"] + [f"n{k}" for k in range(1, n)]
    c = Circuit(f"random {seed}")
    k = 0
    for j in range(1, n):                      # a spanning tree keeps every node connected
        k += 1
        c.add_resistor(f"R{k}", nodes[j], nodes[int(rng.integers(0, j))], float(rng.uniform(10, 1e5)))
    for _ in range(int(rng.integers(0, 2 * n))):
        a, b = rng.choice(n, size=2, replace=False)
        k += 1
        c.add_resistor(f"R{k}", nodes[a], nodes[b], float(rng.uniform(10, 1e5)))
    c.add_voltage_source("V1", nodes[int(rng.integers(1, n))], "0", float(rng.uniform(-12, 12)))
    a, b = rng.choice(n, size=2, replace=False)
    c.add_current_source("I1", nodes[a], nodes[b], float(rng.uniform(-0.01, 0.01)))
    return c


@pytest.mark.parametrize("seed", range(25))
def test_random_networks_obey_kcl_and_energy_balance(seed):
    c = random_network(seed)
    op = c.operating_point()
    scale = max(abs(i) for i in op.currents.values())
    for node, residual in op.kcl_residuals().items():
        assert abs(residual) <= 1e-9 * scale, (node, residual)
    assert sum(op.power(name) for name in c.parts) == pytest.approx(0.0, abs=1e-9 * sum(
        abs(op.power(name)) for name in c.parts))
    # The matrix equation the student sees is the one that was solved.
    eq = c.matrix_equation()
    sol = eq.solution()
    for node, v in op.voltages.items():
        if node != "0":
            assert sol[f"v({node})"] == pytest.approx(v, rel=1e-9, abs=1e-12)


# ---------------------------------------------------------------------------
# Parts a real bench would destroy: a warning in plain words naming the part
# ---------------------------------------------------------------------------


def _warnings_of(run):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run()
    return result, [str(w.message) for w in caught if issubclass(w.category, RatingWarning)]


def test_a_closed_switch_across_a_supply_is_a_short_circuit():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 5)
    c.add_switch("S1", "a", "0", closed=True)
    op, said = _warnings_of(c.operating_point)
    assert op.current("S1") == pytest.approx(500.0)           # 5 V / 0.01 Ω: computed all the same
    assert said == [said[0]] and said[0].startswith("Short circuit: 500 A flows through S1 (switch), V1 (voltage source)")


def test_a_vanishing_resistor_names_the_resistor_and_a_readable_current():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 5)
    c.add_resistor("R1", "a", "0", 1e-300)
    _op, said = _warnings_of(c.operating_point)
    assert len(said) == 1 and "5e300 A flows through R1 (resistor)" in said[0]


def test_an_led_straight_across_9_volts():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 9)
    c.add_led("D1", "a", "0", colour="red")
    op, said = _warnings_of(c.operating_point)
    assert op.current("D1") > 1.0
    assert said == [f"D1: {format_si(op.current('D1'), 'A')} flows through this red LED, above its maximum of 30 mA. "
                    "A real one burns out: put a resistor in series (led_resistor() finds its value)."]


def test_resistor_power_and_pin_current_limits():
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 9)
    c.add_resistor("R1", "a", "0", 100, power_rating=0.25)
    _op, said = _warnings_of(c.operating_point)
    assert said == ["R1: this resistor turns 810 mW into heat. That is above its 250 mW rating, so a real one gets "
                    "too hot and burns. Use a larger resistance, or a resistor rated for more power."]
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 12)
    c.add_resistor("R1", "a", "0", 10)               # 14.4 W and no rating given: above even a 5 W resistor
    assert "more than even a 5 W resistor" in _warnings_of(c.operating_point)[1][0]
    from stemkit.electronics.arduino import PIN_MAX_CURRENT

    c = Circuit()
    c.add_voltage_source("D9", "pin", "0", 5, max_current=PIN_MAX_CURRENT)
    c.add_resistor("R1", "pin", "0", 100)
    assert _warnings_of(c.operating_point)[1] == [
        "D9: 50 mA is drawn from this source, above its limit of 40 mA. A real pin or supply is damaged or its "
        "voltage collapses: add resistance, or drive the load through a transistor."]
    with pytest.raises(ValueError, match="R2: power rating must be > 0 W"):
        c.add_resistor("R2", "pin", "0", 100, power_rating=0)


def test_safe_circuits_stay_quiet():
    c = Circuit()
    c.add_voltage_source("D9", "pin", "0", 5, max_current=0.04)
    c.add_resistor("R1", "pin", "a", 150, power_rating=0.25)
    c.add_led("D1", "a", "0", colour="red")
    _op, said = _warnings_of(c.operating_point)
    _tr, said_t = _warnings_of(lambda: c.transient(stop_time=1e-3, time_step=1e-5))
    assert said == [] and said_t == []
    for make in (divider, bridge):
        assert _warnings_of(make().operating_point)[1] == []


def test_transients_judge_heating_by_the_average_and_shorts_by_the_peak():
    # 1 A pulses at 10 % duty through a red LED: 100 mA average, above its 30 mA
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", PWM(frequency=1000, duty=0.1, high=7.0))
    c.add_resistor("R1", "a", "b", 5)
    c.add_led("D1", "b", "0", colour="red")
    _r, said = _warnings_of(lambda: c.transient(stop_time=5e-3, time_step=1e-6))
    assert len(said) == 1 and said[0].startswith("D1: ") and "on average, above its maximum of 30 mA" in said[0]
    # 10 % duty at 5 mA average would be fine: the same pulses scaled down
    c2 = Circuit()
    c2.add_voltage_source("V1", "a", "0", PWM(frequency=1000, duty=0.1, high=2.6))
    c2.add_resistor("R1", "a", "b", 10)
    c2.add_led("D1", "b", "0", colour="red")
    assert _warnings_of(lambda: c2.transient(stop_time=5e-3, time_step=1e-6))[1] == []


def test_switch_current_is_the_current_of_the_part_in_series_at_every_sample():
    c = Circuit()
    c.add_voltage_source("V1", "in", "0", 5)
    c.add_resistor("R1", "in", "out", 1e6)
    c.add_capacitor("C1", "out", "0", 1e-6)
    c.add_resistor("R2", "out", "sw", 100)
    c.add_switch("S1", "sw", "0", closed=False, events=[(5e-3, True)], off_resistance=1e15)
    res, said = _warnings_of(lambda: c.transient(stop_time=6e-3, time_step=1e-6, initial="op"))
    assert np.max(np.abs(res.current("S1") - res.current("R2"))) < 1e-12   # Kirchhoff, even at the event
    assert said == []


def test_values_too_extreme_to_compute_name_the_part_instead_of_giving_nan():
    with pytest.raises(ValueError, match=r"R1: resistance 1e-320 Ω is too small to compute with"):
        Circuit().add_resistor("R1", "a", "b", 1e-320)            # 1/R would overflow to inf
    c = Circuit()
    c.add_voltage_source("V1", "a", "0", 1e300)
    c.add_resistor("R1", "a", "0", 1e-10)                         # 1e310 A: beyond every float
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(CircuitError, match=r"overflowed.*most extreme value is V1 = 1e300 V"):
            c.operating_point()
