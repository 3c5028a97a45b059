"""Tests of stemkit.robotics.simulator: the loop against closed forms, sensors, determinism, speed."""

import math

import numpy as np
import pytest

from stemkit.robotics import drive
from stemkit.robotics.geometry import Pose
from stemkit.robotics.motor import DCMotor
from stemkit.robotics.pid import PID, BangBang, PController
from stemkit.robotics.sensors import (
    ImageTrack,
    LineSensorArray,
    LineTrack,
    UltrasonicSensor,
    example_track,
)
from stemkit.robotics.simulator import KIT_MOTOR, LineFollower, line_step_response, simulate

IDEAL = {"motor": None, "sensor_delay": 0}   # wheels that follow at once, readings used at once


def _constant(left, right):
    return lambda t, readings: (left, right)


def test_constant_wheel_speeds_match_the_drive_module_and_the_circle():
    res = simulate(controller=_constant(4.0, 7.0), duration=5.0, dt=0.01, start=Pose(0.1, 0.2, 0.3), **IDEAL)
    _, expected = drive.drive(left_speed=4.0, right_speed=7.0, duration=5.0, dt=0.01, start=Pose(0.1, 0.2, 0.3))
    assert np.allclose(res.poses, expected, atol=1e-12)
    straight = simulate(controller=_constant(5.0, 5.0), duration=2.0, **IDEAL)
    assert np.all(straight.poses[:, 2] == 0.0)
    assert straight.poses[-1, 0] == pytest.approx(5.0 * drive.WHEEL_RADIUS * 2.0)
    spin = simulate(controller=_constant(-5.0, 5.0), duration=2.0)
    assert np.allclose(spin.poses[:, :2], 0.0, atol=1e-15)
    assert np.isnan(res.line_position).all() and np.isnan(res.range).all()


def test_line_readings_match_the_exact_sensor_model():
    track = example_track()
    sensor = LineSensorArray()
    follower = LineFollower(PID(kp=60.0, kd=3.0, dt=0.01), base_speed=0.25)
    res = simulate(controller=follower, duration=8.0, track=track, line_sensor=sensor)
    for k in range(0, len(res.time), 37):
        assert np.allclose(res.line[k], sensor.read(res.poses[k], track), atol=0.01)


def test_pid_line_follower_laps_the_oval_and_stays_on_the_tape():
    track = example_track()
    follower = LineFollower(PID(kp=60.0, ki=0.0, kd=3.0, dt=0.01, output_limits=(-8, 8)), base_speed=0.25)
    res = simulate(controller=follower, duration=20.0, track=track, line_sensor=LineSensorArray())
    err = res.track_error(track)
    assert err.max() < 0.01
    assert not np.isnan(res.line_position).any()
    # 20 s at 0.25 m/s is more than one 4.5 m lap: it came round past the start
    travelled = np.hypot(*np.diff(res.poses[:, :2], axis=0).T).sum()
    assert travelled == pytest.approx(0.25 * 20.0, rel=0.02)
    assert travelled > track.length


def test_bang_bang_and_p_followers_wobble_more_than_pid():
    track = example_track()
    errors = {}
    for name, ctrl in [("bang", BangBang(high=4.0, low=-4.0)), ("p", PController(kp=60.0, dt=0.01)),
                       ("pid", PID(kp=60.0, kd=3.0, dt=0.01))]:
        res = simulate(controller=LineFollower(ctrl, base_speed=0.25), duration=20.0, track=track,
                       line_sensor=LineSensorArray())
        errors[name] = res.track_error(track).mean()
        assert res.track_error(track).max() < 0.02  # all of them follow this gentle track
    assert errors["bang"] > errors["pid"]


def test_lost_line_keeps_turning_towards_where_it_was_seen():
    track = LineTrack([(0.0, 0.0), (0.5, 0.0), (0.5, 0.5)])  # a sharp left corner
    res = simulate(controller=LineFollower(PController(kp=60.0, dt=0.01), base_speed=0.2), duration=5.0,
                   track=track, line_sensor=LineSensorArray())
    assert res.poses[-1, 1] > 0.2  # went round the corner and up the second leg


def test_image_track_gives_the_same_run_as_the_polyline():
    line = LineTrack([(0.05, 0.2), (0.95, 0.2)], width=0.02)
    res = 0.002
    xs = (np.arange(500) + 0.5) * res
    ys = (np.arange(200) + 0.5) * res
    X, Y = np.meshgrid(xs, ys[::-1])
    grey = 1.0 - line.darkness(np.column_stack([X.ravel(), Y.ravel()])).reshape(X.shape)
    image = ImageTrack(grey, pixel_size=res)
    runs = [simulate(controller=LineFollower(PID(kp=60.0, kd=3.0, dt=0.01)), duration=3.0, start=Pose(0.1, 0.21, 0.1),
                     track=t, line_sensor=LineSensorArray()) for t in (line, image)]
    assert np.allclose(runs[0].poses[:, :2], runs[1].poses[:, :2], atol=0.002)
    assert np.allclose(runs[0].poses[:, 2], runs[1].poses[:, 2], atol=0.02)


def test_motor_lag_and_saturation():
    motor = DCMotor(gain=3.5, time_constant=0.1, max_voltage=6.0)
    res = simulate(controller=_constant(10.0, 30.0), duration=1.0, dt=0.01, motor=motor)
    # left follows 10 rad/s with a lag; right is capped at 3.5·6 = 21 rad/s
    a = math.exp(-0.01 / 0.1)
    k = np.arange(len(res.time))
    after = 10.0 * (1 - a ** (k + 1))
    before = 10.0 * (1 - a**k)
    assert np.allclose(res.wheel_speeds[:, 0], (before + after) / 2)
    assert res.wheel_speeds[-1, 1] == pytest.approx(21.0, rel=1e-3)
    assert np.all(res.commands[:, 1] == 30.0)


def test_wall_stop_with_ultrasonic_and_seeded_noise_is_deterministic():
    walls = [(1.0, -1.0, 1.0, 1.0)]
    pid = PController(kp=40.0, dt=0.01, output_limits=(-15.0, 15.0))

    def stop_at_30cm(t, readings):
        # drive forward until the wall is 0.30 m away
        speed = -pid.update(setpoint=0.30, measurement=readings["range"])
        return speed, speed

    runs = [simulate(controller=stop_at_30cm, duration=6.0, walls=walls, ultrasonic=UltrasonicSensor(noise_std=0.003),
                     seed=4) for _ in range(2)]
    assert np.array_equal(runs[0].poses, runs[1].poses)
    assert np.array_equal(runs[0].range, runs[1].range)
    assert 1.0 - runs[0].poses[-1, 0] == pytest.approx(0.30, abs=0.02)
    # the reading is held between 60 ms measurements
    assert np.all(runs[0].range[1:6] == runs[0].range[0])
    other = simulate(controller=stop_at_30cm, duration=6.0, walls=walls, ultrasonic=UltrasonicSensor(noise_std=0.003),
                     seed=5)
    assert not np.array_equal(other.range, runs[0].range)


def test_line_noise_is_seeded():
    track = example_track()
    make = lambda seed: simulate(controller=LineFollower(PID(kp=60.0, kd=3.0, dt=0.01)), duration=2.0,  # noqa: E731
                                 track=track, line_sensor=LineSensorArray(), line_noise=0.05, seed=seed)
    a, b, c = make(1), make(1), make(2)
    assert np.array_equal(a.line, b.line) and not np.array_equal(a.line, c.line)
    assert a.line.min() >= 0.0 and a.line.max() <= 1.0


def test_ten_thousand_steps_give_one_row_per_step():
    # speed is measured in benchmarks/bench_robotics_simulator.py
    track = example_track()
    follower = LineFollower(PID(kp=60.0, kd=3.0, dt=0.01), base_speed=0.25)
    res = simulate(controller=follower, duration=100.0, dt=0.01, track=track, line_sensor=LineSensorArray())
    assert len(res.time) == 10_001
    assert np.all(np.diff(res.time) > 0) and np.isfinite(res.poses).all()


def test_bad_input_is_clear():
    with pytest.raises(ValueError, match="both track and line_sensor"):
        simulate(controller=_constant(1, 1), duration=1.0, track=example_track())
    with pytest.raises(ValueError, match="both walls and ultrasonic"):
        simulate(controller=_constant(1, 1), duration=1.0, ultrasonic=UltrasonicSensor())
    with pytest.raises(ValueError, match="controller returned wheel speeds"):
        simulate(controller=_constant(float("nan"), 1.0), duration=1.0)
    with pytest.raises(ValueError, match="duration must be > 0"):
        simulate(controller=_constant(1, 1), duration=-1.0)
    with pytest.raises(TypeError, match="update"):
        LineFollower(lambda e: e)
    with pytest.raises(ValueError, match="track_width must be > 0"):
        simulate(controller=_constant(1, 1), duration=1.0, robot=drive.DiffDrive(track_width=-0.13))


def test_line_step_response_matches_the_damped_oscillator_of_a_forward_sensor():
    # P control with the sensor L ahead of the axle: y'' + Kp·L·y' + v·Kp·y = 0 (small angles),
    # damping ratio ζ = L·√Kp / (2·√v). Kp = 40, L = 0.08 m, v = 0.25 m/s: ζ ≈ 0.51, overshoot ≈ 16 %.
    from stemkit.robotics.pid import step_metrics

    kp, L, v = 40.0, 0.08, 0.25
    zeta = L * math.sqrt(kp) / (2 * math.sqrt(v))
    predicted = 100 * math.exp(-math.pi * zeta / math.sqrt(1 - zeta**2))
    t, y, res = line_step_response(PController(kp=kp), offset=0.02, duration=3.0, base_speed=v, **IDEAL)
    m = step_metrics(t, y, setpoint=0.0, initial=0.02)
    assert m.overshoot == pytest.approx(predicted, abs=4.0)  # the sensor's ±1.5 mm blind spot blurs it a little
    assert m.peak_time == pytest.approx(math.pi / (math.sqrt(v * kp) * math.sqrt(1 - zeta**2)), rel=0.15)


def test_result_describes_and_draws_itself():
    res = simulate(controller=_constant(5.0, 5.0), duration=1.0, dt=0.1, **IDEAL)
    assert repr(res) == "SimulationResult(10 steps, 1 s, ends at x=0.165 m, y=0 m)"
    assert res._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_motor_lag_makes_following_harder_but_a_tuned_follower_still_laps():
    track = example_track()
    runs = {}
    for name, motor in (("ideal", None), ("lagging", DCMotor())):
        res = simulate(controller=LineFollower(PID(kp=40.0, ki=100.0, kd=5.0, dt=0.01, output_limits=(-8, 8)),
                                               base_speed=0.25), duration=20.0, track=track,
                       line_sensor=LineSensorArray(), motor=motor)
        assert not np.isnan(res.line_position).any()
        runs[name] = np.abs(res.line_position).mean()
    assert runs["lagging"] > runs["ideal"]  # the motors answer 0.1 s late: the robot sees more error
    # wheel speeds never pass the motor's limit of 3.5 rad/s/V × 6 V
    res = simulate(controller=LineFollower(PID(kp=40.0, kd=5.0, dt=0.01), base_speed=0.25), duration=5.0,
                   track=track, line_sensor=LineSensorArray(), motor=DCMotor())
    assert np.abs(res.wheel_speeds).max() <= 21.0 + 1e-9


def test_the_controller_acts_on_readings_one_loop_old_by_default():
    track = example_track()
    for delay in (0, 1, 3):
        got = []

        def recorder(t, readings, got=got):
            got.append((readings["line_position"], tuple(readings["line"])))
            return 7.0, 7.3

        kw = {} if delay == 1 else {"sensor_delay": delay}
        res = simulate(controller=recorder, duration=0.5, track=track, line_sensor=LineSensorArray(), **kw)
        for k, (lp, line) in enumerate(got):
            j = max(k - delay, 0)
            assert lp == res.line_position[j] and np.array_equal(line, res.line[j])
    with pytest.raises(ValueError, match="sensor_delay must be a whole number of loops"):
        simulate(controller=_constant(1, 1), duration=1.0, sensor_delay=0.5)
    with pytest.raises(TypeError, match="motor must be a DCMotor or None"):
        simulate(controller=_constant(1, 1), duration=1.0, motor="TT")


def test_by_default_the_wheels_are_the_kit_motor():
    default = simulate(controller=_constant(10.0, 30.0), duration=1.0)
    explicit = simulate(controller=_constant(10.0, 30.0), duration=1.0, motor=DCMotor(), sensor_delay=1)
    assert KIT_MOTOR == DCMotor()
    assert np.array_equal(default.wheel_speeds, explicit.wheel_speeds)
    assert default.wheel_speeds[0, 0] < 10.0 and default.wheel_speeds[-1, 1] == pytest.approx(21.0, rel=1e-3)


def _spectral_radius(kp, *, delay, tau, L=0.08, v=0.25, dt=0.01, slope=1.0):
    """Largest |eigenvalue| of the line follower linearised about the line (small angles, speed v).

    State (y, θ, ω, and the stored readings); reading p = −slope·(y + L·θ); command Kp·p from
    ``delay`` loops ago; turn rate ω lags the command with a = e^(−dt/τ); the pose moves with
    the step's average turn rate, as in the simulator.
    """
    a = math.exp(-dt / tau) if tau else 0.0
    n = 3 + delay
    unit = np.eye(n)
    reading = np.zeros(n)
    reading[0], reading[1] = -slope, -slope * L
    used = reading if delay == 0 else unit[2 + delay]
    A = np.zeros((n, n))
    A[2] = a * unit[2] + (1 - a) * kp * used
    A[1] = unit[1] + dt / 2 * (unit[2] + A[2])
    A[0] = unit[0] + v * dt * (unit[1] + dt / 4 * (unit[2] + A[2]))
    if delay:
        A[3] = reading
        for j in range(1, delay):
            A[3 + j, 2 + j] = 1.0
    return float(np.abs(np.linalg.eigvals(A)).max())


def _wobble(kp, kd=0.0, **kw):
    """Peak-to-peak heading [°] over the last 2 s of a 4 s line step response."""
    _t, _y, res = line_step_response(PID(kp=kp, kd=kd, dt=0.01, output_limits=(-8, 8)), duration=4.0, **kw)
    return float(np.ptp(np.degrees(res.poses[-200:, 2])))


def test_high_kp_wobbles_on_the_kit_car_as_the_linearised_loop_predicts_and_kd_calms_it():
    # the reading changes with the offset at a slope of about 1 outside the ±1.5 mm blind spot
    sensor, tape = LineSensorArray(), LineTrack([(-0.5, 0.0), (2.5, 0.0)])
    ys = np.linspace(-0.02, 0.02, 41)
    ys = ys[np.abs(ys) > 0.003]
    p = [sensor.line_position(sensor.read(Pose(0.5, y, 0.0), tape)) for y in ys]
    slope = -np.polyfit(ys, p, 1)[0]
    assert slope == pytest.approx(1.0, abs=0.05)
    # the linearised loop: stable at Kp 300, unstable at 800 with the lag and the delay, stable without the delay
    assert _spectral_radius(300, delay=1, tau=KIT_MOTOR.time_constant, slope=slope) < 0.99
    assert _spectral_radius(800, delay=1, tau=KIT_MOTOR.time_constant, slope=slope) > 1.005
    assert _spectral_radius(800, delay=0, tau=KIT_MOTOR.time_constant, slope=slope) < 0.99
    assert _spectral_radius(800, delay=0, tau=0.0, slope=slope) < 0.99
    # the simulation agrees: calm at Kp 300, a steady wobble at Kp 800 (the turn-rate limit caps it)
    assert _wobble(300) < 1.0
    assert _wobble(800) > 10.0
    assert _wobble(800, sensor_delay=0) < 1.0 and _wobble(800, **IDEAL) < 1.0
    # just past the edge (Kp 500) a little D damps the wobble
    assert _wobble(500) > 5.0 and _wobble(500, kd=2.0) < 0.3 * _wobble(500)


def test_the_lag_makes_a_weak_p_follower_overshoot_more():
    from stemkit.robotics.pid import step_metrics

    for kp in (20.0, 40.0):
        shots = {}
        for name, kw in (("ideal", IDEAL), ("kit", {})):
            t, y, _ = line_step_response(PController(kp=kp), **kw)
            shots[name] = step_metrics(t, y, setpoint=0.0, initial=0.02).overshoot
        assert shots["kit"] > shots["ideal"] + 5.0
