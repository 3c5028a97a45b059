"""The simulation loop: robot + world + sensors + controller -> arrays over time.

Every ``dt`` seconds the loop reads the sensors at the robot's pose, asks the
controller for wheel speeds, lets the motors respond, and moves the robot along the
exact arc for those wheel speeds. Everything is recorded. Noise comes only from a
seeded generator, so a run with the same seed gives the same arrays.

By default the robot behaves like the kit car: each wheel is a TT gear motor
(:class:`~stemkit.robotics.motor.DCMotor`, τ ≈ 0.1 s, so the wheels answer a new
command late) and the controller acts on the readings of the loop before (reading
the sensors, computing and updating the motor driver take one loop). That lag is
why a too-strong Kp makes a real car wobble and Kd is needed to calm it.
``motor=None, sensor_delay=0`` gives the ideal robot: wheels that follow every
command at once and readings used the moment they are taken.

A *controller* is anything callable as ``controller(time, readings)`` returning
``(left_speed, right_speed)`` [rad/s], where ``readings`` is a dict with
``"line"`` (tuple of 0…1 darkness values), ``"line_position"`` (where the line is,
+ to the left [m], NaN when lost) and ``"range"`` (ultrasonic reading [m], NaN
without a sensor). :class:`LineFollower` turns a PID, P or bang-bang controller
into one.

Examples
--------
>>> from stemkit.robotics.pid import PID
>>> from stemkit.robotics.sensors import LineSensorArray, example_track
>>> follower = LineFollower(PID(kp=60.0, ki=0.0, kd=2.0, dt=0.01), base_speed=0.2)
>>> result = simulate(controller=follower, duration=5.0, dt=0.01, track=example_track(),
...                   line_sensor=LineSensorArray())
>>> result.poses.shape, bool(abs(result.line_position).max() < 0.03)
((501, 3), True)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from stemkit.i18n import _, format_number
from stemkit.robotics.drive import DiffDrive, _positive
from stemkit.robotics.geometry import Pose, _as_pose
from stemkit.robotics.motor import DCMotor
from stemkit.robotics.sensors import ImageTrack, LineSensorArray, LineTrack, UltrasonicSensor

__all__ = ["SimulationResult", "LineFollower", "simulate", "simulate_motor_control", "line_step_response",
           "KIT_MOTOR"]

#: The kit car's wheel motor (a TT gear motor on 6 V): the default of :func:`simulate`.
KIT_MOTOR = DCMotor()


@dataclass
class SimulationResult:
    """Everything a run recorded, one row per time step (N + 1 rows for N steps).

    Attributes
    ----------
    time : ndarray (N + 1,)
        [s]
    poses : ndarray (N + 1, 3)
        (x [m], y [m], θ [rad]).
    line : ndarray (N + 1, n_sensors) or None
        Line-sensor readings 0…1.
    line_position : ndarray (N + 1,)
        Where the line was seen, + to the left [m] (NaN when lost or no sensor).
    range : ndarray (N + 1,)
        Ultrasonic readings [m] (NaN without a sensor).
    commands : ndarray (N + 1, 2)
        Wheel speeds the controller asked for (left, right) [rad/s].
    wheel_speeds : ndarray (N + 1, 2)
        Wheel speeds the motors really had [rad/s].
    """

    time: NDArray[np.float64]
    poses: NDArray[np.float64]
    line: NDArray[np.float64] | None
    line_position: NDArray[np.float64]
    range: NDArray[np.float64]
    commands: NDArray[np.float64]
    wheel_speeds: NDArray[np.float64]

    def track_error(self, track: LineTrack) -> NDArray[np.float64]:
        """Distance of the axle's middle from the tape's middle at every step [m]."""
        return track.distance_to(self.poses[:, :2])

    def __repr__(self) -> str:
        return f"SimulationResult({len(self.time) - 1} steps, {format_number(float(self.time[-1]), 4)} s, ends at x={format_number(round(float(self.poses[-1, 0]), 6) + 0.0, 3)} m, y={format_number(round(float(self.poses[-1, 1]), 6) + 0.0, 3)} m)"

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        return self._figure()._repr_mimebundle_(include, exclude)

    def _repr_png_(self) -> bytes:
        return self._figure()._repr_png_()

    def _figure(self):
        from stemkit.robotics.plots import path_figure

        return path_figure(self.poses, spacing=0.25)


class LineFollower:
    """Steer along a line: a feedback controller sets the turn rate, the speed stays constant.

    Parameters
    ----------
    controller : PID, PController or BangBang
        Anything with ``update(setpoint=..., measurement=...)``. It gets setpoint 0 and the
        measurement "how far the robot is to the left of the line" [m]; its output is the
        turn rate ω [rad/s] (+ = turn left).
    base_speed : float
        Forward speed v [m/s].
    robot : DiffDrive
        Wheel radius and track width for turning (v, ω) into wheel speeds.
    max_wheel_speed : float
        Wheel speed limit [rad/s] (about 21 rad/s for a TT motor at 6 V).

    Notes
    -----
    The line sensor gives the line's position p (+ = line to the robot's left); the
    robot is then ``−p`` to the left of the line. With setpoint 0 the controller's error is
    ``e = 0 − (−p) = p``: a line on the left gives a positive error and a left turn.
    When the line is lost, the follower keeps turning towards the side it was last seen.
    """

    def __init__(self, controller, *, base_speed: float = 0.2, robot: DiffDrive | None = None,
                 max_wheel_speed: float = 21.0):
        if not hasattr(controller, "update"):
            raise TypeError(_("controller must have an update(setpoint=..., measurement=...) method, got {kind}").format(
                kind=type(controller).__name__))
        self.controller = controller
        self.base_speed = float(base_speed)
        self.robot = robot or DiffDrive()
        self.max_wheel_speed = _positive(max_wheel_speed, "max_wheel_speed", "rad/s")
        self._last = 0.0

    def __call__(self, time: float, readings: dict) -> tuple[float, float]:
        p = readings["line_position"]
        if p != p:  # lost: steer towards where the line was last seen
            p = self._last
        else:
            self._last = p
        omega = self.controller.update(setpoint=0.0, measurement=-p)
        half = omega * self.robot.track_width / 2.0
        r = self.robot.wheel_radius
        cap = self.max_wheel_speed
        left = (self.base_speed - half) / r
        right = (self.base_speed + half) / r
        left = cap if left > cap else (-cap if left < -cap else left)
        right = cap if right > cap else (-cap if right < -cap else right)
        return left, right


def _lookup_grid(track, spot_radius: float):
    """A grid for fast bilinear look-ups: ``(flat list, nx, ny, x0, y0, 1/cell, ramp)``.

    For a :class:`LineTrack` the grid holds distances to the tape (the track's 2 mm
    distance grid) and ``ramp = (edge_out, edge_in, span)`` turns an interpolated
    distance into a reading as :meth:`LineTrack.darkness` does (interpolating the smooth
    distance, then ramping, keeps the edge exact). For an :class:`ImageTrack` the grid
    is the picture's darkness and ``ramp`` is None.
    """
    if isinstance(track, LineTrack):
        field, x0, y0, res = track.distance_field()
        half = track.width / 2.0
        ramp = (half + spot_radius, half - spot_radius, 2.0 * spot_radius)
        return field.ravel().tolist(), field.shape[1], field.shape[0], x0, y0, 1.0 / res, ramp
    if isinstance(track, ImageTrack):
        h, w = track.dark.shape
        # pixel centres sit half a pixel in from the picture's corner
        return (track.dark.ravel().tolist(), w, h, track.origin[0] + track.pixel_size / 2,
                track.origin[1] + track.pixel_size / 2, 1.0 / track.pixel_size, None)
    raise TypeError(_("track must be a LineTrack or an ImageTrack, got {kind}").format(kind=type(track).__name__))


def simulate(*, controller: Callable[[float, dict], tuple[float, float]], duration: float, dt: float = 0.01,
             robot: DiffDrive | None = None, start: Pose | None = None, track: LineTrack | ImageTrack | None = None,
             line_sensor: LineSensorArray | None = None, walls=None, ultrasonic: UltrasonicSensor | None = None,
             ultrasonic_period: float = 0.06, motor: DCMotor | None = KIT_MOTOR, sensor_delay: int = 1,
             line_noise: float = 0.0, seed: int = 0) -> SimulationResult:
    """Run robot + world + sensors + controller for ``duration`` seconds.

    Parameters
    ----------
    controller : callable
        ``controller(time, readings) -> (left_speed, right_speed)`` [rad/s].
    duration, dt : float
        Total time and loop period [s].
    robot : DiffDrive
        Wheel radius and track width (default: the kit car).
    start : Pose
        Start pose (default: the origin facing +x).
    track, line_sensor :
        A line to follow and the sensor row that reads it (both or neither).
    walls, ultrasonic :
        Wall segments (M, 4) and an HC-SR04 model (both or neither).
    ultrasonic_period : float
        Time between ultrasonic readings [s]; the last reading is held in between
        (the HC-SR04 needs about 60 ms per measurement).
    motor : DCMotor or None
        Each wheel is this motor (default: :data:`KIT_MOTOR`, a TT gear motor on 6 V):
        the command (rad/s) becomes a voltage ``command / gain``, clipped, and the wheel
        speed lags behind. ``None``: the wheels follow commands at once.
    sensor_delay : int
        How many loops old the readings are that the controller acts on [loops]
        (default 1: the command computed from one loop's readings drives the wheels
        from the next loop on). 0: the readings are used the moment they are taken.
        Before the first reading is that old, the controller gets the first one.
    line_noise : float
        Standard deviation of noise added to each line reading.
    seed : int
        Seed of the random generator (all noise comes from it).

    Returns
    -------
    SimulationResult
        ``line``, ``line_position`` and ``range`` are what the sensors saw at each
        step; ``commands`` are what the controller asked for from the delayed readings.

    Notes
    -----
    The pose update is the exact arc for wheel speeds held over each step (see
    :func:`stemkit.robotics.drive.step_arc`); the line readings interpolate a
    precomputed distance grid of the track (2 mm cells, bilinear), within about
    0.1 mm of the exact polyline distance near the tape.
    """
    robot = robot or DiffDrive()
    dt = _positive(dt, "dt", "s")
    steps = int(round(_positive(duration, "duration", "s") / dt))
    if steps < 1:
        raise ValueError(_("duration must be at least one step dt, got duration={duration}, dt={dt}").format(
            duration=duration, dt=dt))
    if (track is None) != (line_sensor is None):
        raise ValueError(_("give both track and line_sensor, or neither"))
    if (walls is None) != (ultrasonic is None):
        raise ValueError(_("give both walls and ultrasonic, or neither"))
    if motor is not None and not isinstance(motor, DCMotor):
        raise TypeError(_("motor must be a DCMotor or None (ideal wheels), got {kind}").format(
            kind=type(motor).__name__))
    if isinstance(sensor_delay, bool) or not isinstance(sensor_delay, (int, np.integer)) or sensor_delay < 0:
        raise ValueError(_("sensor_delay must be a whole number of loops ≥ 0, got {value!r}").format(
            value=sensor_delay))
    delay = int(sensor_delay)
    rng = np.random.default_rng(seed)
    pose = _as_pose(start if start is not None else Pose(), "start")
    r, W = robot.wheel_radius, robot.track_width
    x, y, th = pose.x, pose.y, pose.theta

    n_line = 0
    offs: list[float] = []
    if line_sensor is not None:
        grid, nx, ny, gx0, gy0, inv, ramp = _lookup_grid(track, line_sensor.spot_radius)
        if ramp is not None:
            edge_out, edge_in, span = ramp
            cell = 1.0 / inv
            far_out, deep_in = edge_out + 1.5 * cell, edge_in - 1.5 * cell
        fwd = line_sensor.forward
        offs = [float(o) for o in line_sensor.offsets]
        n_line = len(offs)
        jmax, imax = nx - 1, ny - 1
    noise = rng.normal(0.0, line_noise, (steps + 1, n_line)).tolist() if (line_noise and n_line) else None
    us_every = max(1, int(round(ultrasonic_period / dt))) if ultrasonic is not None else 0

    # plain lists while running (numpy element writes are slow in a Python loop)
    rec_pose: list = []
    rec_line: list = []
    rec_lp: list = []
    rec_range: list = []
    rec_cmd: list = []
    rec_wheel: list = []
    if motor is not None:
        a_m, b_m = motor.coefficients(dt)
        vmax, gain = motor.max_voltage, motor.gain
    wl = wr = 0.0
    last_range = math.nan
    nan = math.nan
    sin, cos, isfinite = math.sin, math.cos, math.isfinite
    for k in range(steps + 1):
        t = k * dt
        rec_pose.append((x, y, th))
        lp = nan
        vals: list = []
        if n_line:
            c, s = cos(th), sin(th)
            # grid coordinates of the middle of the row, and of one metre to the robot's left
            ax_ = (x + c * fwd - gx0) * inv
            ay_ = (y + s * fwd - gy0) * inv
            sx, cy = s * inv, c * inv
            total = weighted = 0.0
            for o in offs:
                fx, fy = ax_ - sx * o, ay_ + cy * o
                j, i = int(fx), int(fy)
                if fx < 0 or fy < 0 or j >= jmax or i >= imax:
                    dark = 0.0
                else:
                    q = i * nx + j
                    g00 = grid[q]
                    # a distance grid changes by at most √2 cells between neighbours, so a corner far
                    # off (or deep inside) the tape settles the reading without interpolating
                    if ramp is not None and g00 >= far_out:
                        dark = 0.0
                    elif ramp is not None and g00 <= deep_in:
                        dark = 1.0
                    else:
                        tx, ty = fx - j, fy - i
                        g01 = grid[q + 1]
                        q += nx
                        g10, g11 = grid[q], grid[q + 1]
                        value = (g00 + (g01 - g00) * tx) * (1 - ty) + (g10 + (g11 - g10) * tx) * ty
                        if ramp is None:
                            dark = value
                        elif value >= edge_out:
                            dark = 0.0
                        elif value <= edge_in:
                            dark = 1.0
                        else:
                            dark = (edge_out - value) / span
                vals.append(dark)
                total += dark
                weighted += dark * o
            if noise is not None:
                vals = [min(max(v + n, 0.0), 1.0) for v, n in zip(vals, noise[k], strict=True)]
                total = sum(vals)
                weighted = sum(v * o for v, o in zip(vals, offs, strict=True))
            lp = weighted / total if total >= 0.05 else nan
            rec_line.append(vals)
        rec_lp.append(lp)
        if us_every and k % us_every == 0:
            last_range = ultrasonic.measure((x, y, th), walls, rng=rng if ultrasonic.noise_std else None)
        rec_range.append(last_range)
        if delay:
            # the readings of `delay` loops ago (the first ones until there are that many)
            j = k - delay if k >= delay else 0
            old_vals = rec_line[j] if n_line else vals
            cl, cr = controller(t, {"line": old_vals, "line_position": rec_lp[j], "range": rec_range[j]})
        else:
            cl, cr = controller(t, {"line": vals, "line_position": lp, "range": last_range})
        if not (isfinite(cl) and isfinite(cr)):
            raise ValueError(_("the controller returned wheel speeds ({left}, {right}) at t = {time} s: "
                               "they must be finite numbers").format(left=cl, right=cr, time=round(t, 6)))
        rec_cmd.append((cl, cr))
        if motor is not None:
            vl = min(max(cl / gain, -vmax), vmax)
            vr = min(max(cr / gain, -vmax), vmax)
            # the wheel speed changes during the step; move with the step's average speed
            nl, nr = a_m * wl + b_m * vl, a_m * wr + b_m * vr
            ml, mr = (wl + nl) * 0.5, (wr + nr) * 0.5
            wl, wr = nl, nr
        else:
            wl, wr = ml, mr = cl, cr
        rec_wheel.append((ml, mr))
        if k == steps:
            break
        # exact arc for the step (see drive.step_arc)
        half = r * (mr - ml) / W * dt * 0.5
        scale = r * (ml + mr) * 0.5 * dt * (sin(half) / half if half != 0.0 else 1.0)
        mid = th + half
        x += scale * cos(mid)
        y += scale * sin(mid)
        th += 2.0 * half
    return SimulationResult(time=np.arange(steps + 1) * dt, poses=np.array(rec_pose, dtype=float),
                            line=np.array(rec_line, dtype=float).reshape(-1, n_line) if n_line else None,
                            line_position=np.array(rec_lp, dtype=float), range=np.array(rec_range, dtype=float),
                            commands=np.array(rec_cmd, dtype=float), wheel_speeds=np.array(rec_wheel, dtype=float))


def simulate_motor_control(*, controller, setpoint: float, duration: float, dt: float = 0.01,
                           motor: DCMotor | None = None, initial_speed: float = 0.0):
    """Speed control of one DC motor: the controller sets the voltage from the measured speed.

    Parameters
    ----------
    controller : PID, PController or BangBang
        Gets ``setpoint`` and the measured speed [rad/s]; returns a voltage [V].
    setpoint : float
        Wanted speed [rad/s].
    duration, dt : float
        [s]
    motor : DCMotor
        Default: the TT gear motor on 6 V.
    initial_speed : float
        [rad/s]

    Returns
    -------
    time : ndarray (N + 1,)
        [s]
    speed : ndarray (N + 1,)
        Motor speed [rad/s] at each sample.
    voltage : ndarray (N + 1,)
        Voltage the motor got during the step after each sample [V] (the controller's
        output, clipped to the battery); the last entry repeats the one before.

    Notes
    -----
    Per step: ``u_k = controller(r, ω_k)``, ``V_k = clip(u_k)``, ``ω_{k+1} = a·ω_k + b·V_k``
    (see :meth:`DCMotor.coefficients`).

    Examples
    --------
    >>> from stemkit.robotics.pid import PID
    >>> t, w, v = simulate_motor_control(controller=PID(kp=0.5, ki=5.0, dt=0.01, output_limits=(-6, 6)),
    ...                                  setpoint=10.0, duration=2.0)
    >>> round(float(w[-1]), 3)
    10.0
    """
    motor = motor or DCMotor()
    dt = _positive(dt, "dt", "s")
    steps = int(round(_positive(duration, "duration", "s") / dt))
    a, b = motor.coefficients(dt)
    speed = np.empty(steps + 1)
    volts = np.empty(steps + 1)
    w = float(initial_speed)
    r = float(setpoint)
    vmax = motor.max_voltage
    for k in range(steps):
        speed[k] = w
        u = controller.update(setpoint=r, measurement=w)
        v = min(max(float(u), -vmax), vmax)
        volts[k] = v
        w = a * w + b * v
    speed[steps] = w
    volts[steps] = volts[steps - 1] if steps else 0.0
    return np.arange(steps + 1) * dt, speed, volts


_STRAIGHT_LINE: dict = {}


def line_step_response(controller, *, offset: float = 0.02, duration: float = 3.0, base_speed: float = 0.25,
                       dt: float = 0.01, line_sensor: LineSensorArray | None = None,
                       motor: DCMotor | None = KIT_MOTOR, sensor_delay: int = 1):
    """A line follower put down ``offset`` metres to the left of a straight line: how does it get back?

    The line runs along the x axis from x = −0.5 m to 2.5 m; the robot starts at
    ``(0, offset)`` facing along it, standing still.
    ``motor`` and ``sensor_delay`` are as in :func:`simulate` (default: the kit car,
    whose lagging motors and one-loop-old readings make a strong Kp wobble: at
    0.25 m/s a P follower keeps wobbling from Kp ≈ 450 (rad/s)/m on, and a Kd of
    about 2 calms it; the ideal robot never wobbles there).

    Returns
    -------
    time : ndarray
        [s]
    offset : ndarray
        The robot's sideways offset from the line (its y) [m], + to the left.
    result : SimulationResult
        The whole run.

    Examples
    --------
    >>> from stemkit.robotics.pid import PController
    >>> t, y, _ = line_step_response(PController(kp=40.0))
    >>> abs(float(y[-1])) < 0.003
    True
    """
    track = _STRAIGHT_LINE.get("track")
    if track is None:
        track = _STRAIGHT_LINE["track"] = LineTrack([(-0.5, 0.0), (2.5, 0.0)])
    result = simulate(controller=LineFollower(controller, base_speed=base_speed), duration=duration, dt=dt,
                      start=Pose(0.0, float(offset), 0.0), track=track, line_sensor=line_sensor or LineSensorArray(),
                      motor=motor, sensor_delay=sensor_delay)
    return result.time, result.poses[:, 1], result
