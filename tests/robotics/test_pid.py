"""Tests of stemkit.robotics.pid: step responses against hand-derived recursions, metrics against closed forms."""

import math

import numpy as np
import pytest

from stemkit.robotics.motor import DCMotor
from stemkit.robotics.pid import PID, BangBang, PController, step_metrics
from stemkit.robotics.simulator import simulate_motor_control

DT = 0.01
BIG = DCMotor(gain=3.5, time_constant=0.1, max_voltage=1e9)  # no saturation


def _velocity_form(kp, ki, kd, a, b, r, steps):
    """Hand-derived closed loop: plant y+ = a·y + b·u, PID in incremental (velocity) form.

    u_k = u_{k-1} + Kp(e_k - e_{k-1}) + Ki·dt·e_k - (Kd/dt)(y_k - 2y_{k-1} + y_{k-2}),
    with e_{-1} = 0, u_{-1} = 0 and y_{-1} = y_{-2} = y_0 (no derivative at the first step).
    """
    y = [0.0]
    u_prev, e_prev = 0.0, 0.0
    y_1 = y_2 = 0.0
    for _ in range(steps):
        yk = y[-1]
        e = r - yk
        u = u_prev + kp * (e - e_prev) + ki * DT * e - kd / DT * (yk - 2 * y_1 + y_2)
        y.append(a * yk + b * u)
        u_prev, e_prev, y_2, y_1 = u, e, y_1, yk
    return np.array(y)


def test_p_control_matches_the_closed_form():
    kp, r = 0.4, 10.0
    a, b = BIG.coefficients(DT)
    t, y, _ = simulate_motor_control(controller=PController(kp=kp, dt=DT), setpoint=r, duration=1.0, motor=BIG)
    k = np.arange(len(y))
    pole = a - b * kp
    final = b * kp * r / (1 - a + b * kp)
    assert np.allclose(y, final * (1 - pole**k), rtol=1e-12, atol=1e-12)
    # P alone leaves a steady-state error r(1 - a)/(1 - a + b·Kp)
    m = step_metrics(t, y, setpoint=r)
    assert m.steady_state_error == pytest.approx(r * (1 - a) / (1 - a + b * kp), rel=1e-6)


@pytest.mark.parametrize("kp,ki,kd", [(0.3, 4.0, 0.0), (0.5, 5.0, 0.01), (1.0, 0.0, 0.02), (0.2, 8.0, 0.005)])
def test_pid_matches_the_velocity_form_recursion(kp, ki, kd):
    a, b = BIG.coefficients(DT)
    _, y, _ = simulate_motor_control(controller=PID(kp=kp, ki=ki, kd=kd, dt=DT), setpoint=10.0, duration=2.0,
                                     motor=BIG)
    assert np.allclose(y, _velocity_form(kp, ki, kd, a, b, 10.0, len(y) - 1), rtol=1e-9, atol=1e-9)


def test_integral_action_removes_the_steady_state_error():
    t, y, v = simulate_motor_control(controller=PID(kp=0.5, ki=5.0, dt=DT, output_limits=(-6, 6)),
                                     setpoint=10.0, duration=3.0)
    assert abs(step_metrics(t, y, setpoint=10.0).steady_state_error) < 1e-3
    assert np.all(np.abs(v) <= 6.0)


def test_anti_windup_cuts_overshoot_after_saturation():
    motor = DCMotor(max_voltage=6.0)
    setpoint = 0.95 * motor.steady_speed(6.0)  # the motor can just reach it at full voltage
    runs = {}
    for aw in (True, False):
        pid = PID(kp=0.2, ki=20.0, dt=DT, output_limits=(-6, 6), anti_windup=aw)
        t, y, _ = simulate_motor_control(controller=pid, setpoint=setpoint, duration=3.0, motor=motor)
        runs[aw] = (step_metrics(t, y, setpoint=setpoint), pid.integral)
    assert runs[True][0].overshoot < runs[False][0].overshoot / 2
    assert runs[False][0].overshoot > 5.0


@pytest.mark.parametrize("ki", [100.0, 1000.0])
def test_a_large_ki_acts_even_when_its_first_step_saturates_the_output(ki):
    # Ki·e·dt alone passes the 6 V limit at the first step: skipping such steps would never integrate
    for setpoint in (10.0, 0.95 * DCMotor().steady_speed(6.0)):
        t, y, v = simulate_motor_control(controller=PID(kp=0.5, ki=ki, dt=DT, output_limits=(-6, 6)),
                                         setpoint=setpoint, duration=1.5)
        assert abs(step_metrics(t, y, setpoint=setpoint).steady_state_error) < 1e-3
        assert v.max() == 6.0       # it used the whole battery on the way up


def test_the_clamped_integral_fills_the_output_up_to_the_limit_and_no_further():
    pid = PID(kp=0.5, ki=50.0, kd=0.002, dt=DT, output_limits=(-6, 6))
    motor = DCMotor()
    a, b = motor.coefficients(DT)
    w, previous = 0.0, 0.0
    for k in range(300):
        setpoint = 15.0 if k < 150 else 2.0       # up, then a step down: saturating both ways
        u = pid.update(setpoint=setpoint, measurement=w)
        terms = pid.terms
        raw = terms["p"] + terms["i"] + terms["d"]
        # inside the band, or the integral did not move further out than it was
        assert -6.0 - 1e-12 <= raw <= 6.0 + 1e-12 or (raw > 6.0 and terms["i"] <= max(previous, 6.0 - terms["p"] - terms["d"]) + 1e-12) \
            or (raw < -6.0 and terms["i"] >= min(previous, -6.0 - terms["p"] - terms["d"]) - 1e-12)
        assert -6.0 <= terms["i"] <= 6.0
        previous = terms["i"]
        w = a * w + b * u
    assert w == pytest.approx(2.0, abs=1e-3)


def test_without_limits_anti_windup_changes_nothing():
    free, clamped = PID(kp=0.4, ki=30.0, kd=0.01, dt=DT, anti_windup=False), PID(kp=0.4, ki=30.0, kd=0.01, dt=DT)
    for y in np.linspace(0.0, 12.0, 50):
        assert clamped.update(setpoint=10.0, measurement=y) == free.update(setpoint=10.0, measurement=y)


def test_derivative_on_measurement_has_no_setpoint_kick():
    on_meas = PID(kp=1.0, kd=0.1, dt=DT)
    on_err = PID(kp=1.0, kd=0.1, dt=DT, derivative_on_measurement=False)
    for pid in (on_meas, on_err):
        pid.update(setpoint=0.0, measurement=0.0)
    assert on_meas.update(setpoint=1.0, measurement=0.0) == pytest.approx(1.0)
    assert on_err.update(setpoint=1.0, measurement=0.0) == pytest.approx(1.0 + 0.1 * 1.0 / DT)
    # with a constant setpoint the two agree
    a, b = PID(kp=1.0, kd=0.1, dt=DT), PID(kp=1.0, kd=0.1, dt=DT, derivative_on_measurement=False)
    for y in (0.0, 0.3, 0.5, 0.4):
        assert a.update(setpoint=1.0, measurement=y) == pytest.approx(b.update(setpoint=1.0, measurement=y))


def test_output_limits_and_reset():
    pid = PID(kp=10.0, ki=1.0, dt=DT, output_limits=(-2.0, None))
    assert pid.update(setpoint=-5.0, measurement=0.0) == -2.0
    assert pid.update(setpoint=50.0, measurement=0.0) == pytest.approx(500.0 + pid.integral)
    pid.reset()
    assert pid.integral == 0.0 and pid.terms == {"p": 0.0, "i": 0.0, "d": 0.0}


def test_bang_bang_switches_and_holds_inside_the_band():
    b = BangBang(high=6.0, low=0.0, hysteresis=1.0)
    outs = [b.update(setpoint=20.0, measurement=y) for y in (18.0, 19.8, 20.3, 20.6, 20.2, 19.6, 19.4)]
    assert outs == [6.0, 6.0, 6.0, 0.0, 0.0, 0.0, 6.0]
    t, y, v = simulate_motor_control(controller=BangBang(high=6.0, low=0.0), setpoint=10.0, duration=2.0)
    assert set(np.unique(v)) <= {0.0, 6.0}
    assert abs(y[-100:].mean() - 10.0) < 0.5  # it chatters around the setpoint


def test_step_metrics_first_order_closed_forms():
    tau = 0.5
    t = np.linspace(0, 6, 60001)
    m = step_metrics(t, 1 - np.exp(-t / tau), setpoint=1.0)
    assert m.rise_time == pytest.approx(tau * math.log(9), abs=1e-4)
    assert m.overshoot == 0.0
    # 2 % of the final value (which is 1 - e^-12, not quite 1)
    assert m.settling_time == pytest.approx(tau * math.log(50), abs=1e-3)
    assert m.steady_state_error == pytest.approx(math.exp(-12), abs=1e-9)


def test_step_metrics_second_order_closed_forms():
    zeta, wn = 0.3, 5.0
    wd = wn * math.sqrt(1 - zeta**2)
    t = np.linspace(0, 10, 100001)
    y = 2.0 + 3.0 * (1 - np.exp(-zeta * wn * t) * (np.cos(wd * t) + zeta / math.sqrt(1 - zeta**2) * np.sin(wd * t)))
    m = step_metrics(t, y, setpoint=5.0)
    assert m.overshoot == pytest.approx(100 * math.exp(-math.pi * zeta / math.sqrt(1 - zeta**2)), rel=1e-4)
    assert m.peak_time == pytest.approx(math.pi / wd, abs=1e-3)
    assert m.peak == pytest.approx(2.0 + 3.0 * (1 + m.overshoot / 100), rel=1e-6)
    # a step down is measured the same way
    down = step_metrics(t, 7.0 - (y - 2.0), setpoint=4.0)
    assert down.overshoot == pytest.approx(m.overshoot)
    assert down.rise_time == pytest.approx(m.rise_time)


def test_bad_input_is_clear():
    with pytest.raises(ValueError, match="kp must be ≥ 0"):
        PID(kp=-1.0, dt=DT)
    with pytest.raises(ValueError, match="dt must be > 0"):
        PID(kp=1.0, dt=0)
    with pytest.raises(ValueError, match="low < high"):
        PID(kp=1.0, dt=DT, output_limits=(5, -5))
    with pytest.raises(ValueError, match="measurement must be a finite number"):
        PID(kp=1.0, dt=DT).update(setpoint=1.0, measurement=float("nan"))
    with pytest.raises(ValueError, match="high must be greater than low"):
        BangBang(high=0.0, low=1.0)
    with pytest.raises(ValueError, match="no step"):
        step_metrics([0, 1], [1, 1], setpoint=1.0)
    with pytest.raises(ValueError, match="same length"):
        step_metrics([0, 1, 2], [0, 1], setpoint=1.0)
    with pytest.raises(ValueError, match="increase"):
        step_metrics([0, 1, 1], [0, 1, 1], setpoint=1.0)
    with pytest.raises(TypeError, match="kd must be a number"):
        PID(kp=1.0, kd="lots", dt=DT)
