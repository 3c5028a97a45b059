"""Interactive explorers of the robotics room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Mobile robot explorers: motion on a grid, differential drive, PID, sensor filters.
import numpy as np

from stemkit.i18n import N_, _, format_number
from stemkit.robotics import geometry
from stemkit.robotics.plots import _robot_outline, _wheel_outlines
from stemkit.ui import PALETTE, Explorer, Plot
from stemkit.ui.figure import FINE_STEPS, nice_limit
from stemkit.units import to_degrees

_TRUE_COLOUR = PALETTE["blue"]        # the true path, in every robotics explorer
_ESTIMATE_COLOUR = PALETTE["orange"]  # what the robot believes (odometry, Euler steps)
_ROBOT_FILL = PALETTE["sky"]


def _fit_view(plot: Plot, points: np.ndarray, *, pad: float = 0.25, minimum: float = 1.0) -> None:
    """Zoom ``plot`` so all ``points`` (N, 2) show, at least ``minimum`` wide, one metre as long on both axes.

    The view stays put while everything still fits and fills at least half of it: the floor
    does not jump on every move (the path is seen to grow), and an unchanged view sends nothing.
    """
    xmin, ymin = points[:, :2].min(axis=0)
    xmax, ymax = points[:, :2].max(axis=0)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half = max(xmax - xmin, ymax - ymin, minimum) / 2 + pad
    old = getattr(plot, "_stemkit_fit", None)
    if old is not None:
        ocx, ocy, ohalf = old
        inside = (xmin >= ocx - ohalf + 0.5 * pad and xmax <= ocx + ohalf - 0.5 * pad
                  and ymin >= ocy - ohalf + 0.5 * pad and ymax <= ocy + ohalf - 0.5 * pad)
        if inside and half >= 0.5 * ohalf:
            return
    half = nice_limit(half, FINE_STEPS)   # a round size, a little room to grow
    step = half / 4                       # and a centre on a grid, so a refit lands somewhere tidy
    cx, cy = round(cx / step) * step, round(cy / step) * step
    plot._stemkit_fit = (cx, cy, half)
    plot.view(cx - half, cx + half, cy - half, cy + half)


def _floor(**options) -> Plot:
    """A floor seen from above: x and y in metres, equal scale."""
    return Plot(xlabel=_("x [m]"), ylabel=_("y [m]"), equal=True, width=470, height=400, **options)


def _floor_marks(plot: Plot):
    """A floor plot's shared marks: one for the paths and robots (a robot moves with its path,
    so a move sends one message for both) and one for the start dots."""
    return plot.lines(fill=True, closed=False, legend=False), plot.dots(size=36, legend=False)


class _PathMarks:
    """A path on a floor plot: the line, a dot at the start and (with no robot there) one at the end.

    The line is a row of ``group`` (a mark shared with robots), or of a mark of its own when
    its dash differs; ``dots`` holds the start and end dots.
    """

    def __init__(self, plot: Plot, *, colour: str, label: str = "", style: str = "-", markers: bool = True,
                 group=None, dots=None, end: bool = True):
        self.plot, self.markers = plot, markers
        group = group if group is not None else plot.lines(style=style)
        if group.mark.fill == "inside":
            self.line = group.row(colour=colour, label=label, fill_opacity=0.0)
        else:
            self.line = group.row(colour=colour, label=label)
        dots = dots if dots is not None else plot.dots(size=36, legend=False)
        self.start = dots.row(colour=colour) if markers else None
        self.end = dots.row(colour=colour) if markers and end else None

    def update(self, poses) -> None:
        p = np.asarray(poses, dtype=float)
        p = p.reshape(-1, p.shape[-1]) if p.size else np.empty((0, 3))
        self.plot.update(self.line, x=p[:, 0], y=p[:, 1])
        show = len(p) > 0
        for row, part in ((self.start, p[:1]), (self.end, p[-1:])):
            if row is not None:
                self.plot.update(row, x=part[:, 0] if show else [], y=part[:, 1] if show else [])


class _RobotMarks:
    """The robot seen from above (a house-shaped body pointing where it faces, two wheels): three
    closed outlines in ``group``, a filled mark it shares with its path."""

    def __init__(self, plot: Plot, group, *, colour: str = _ROBOT_FILL, scale: float = 1.0, opacity: float = 0.85):
        self.plot, self.scale = plot, scale
        edge = "#222222"
        self.rows = [group.row(colour=edge, fill_colour=colour, fill_opacity=opacity)] + [
            group.row(colour=edge, fill_colour="#333333", fill_opacity=opacity) for _k in range(2)]

    @property
    def shape(self):
        """The outlines as one (3, N) pair of arrays ``shape.x``, ``shape.y``: the body first."""
        from types import SimpleNamespace

        n = max((r.x.size for r in self.rows), default=0)
        pad = [np.concatenate([r.x, np.repeat(r.x[-1:], n - r.x.size)]) for r in self.rows]
        pad_y = [np.concatenate([r.y, np.repeat(r.y[-1:], n - r.y.size)]) for r in self.rows]
        return SimpleNamespace(x=np.stack(pad), y=np.stack(pad_y))

    def update(self, pose) -> None:
        outlines = [_robot_outline(pose, self.scale), *_wheel_outlines(pose, self.scale)]
        for row, outline in zip(self.rows, outlines, strict=True):
            closed = np.vstack([outline, outline[:1]])   # the mark draws open lines too: close each by hand
            self.plot.update(row, x=closed[:, 0], y=closed[:, 1])


class MotionExplorer(Explorer):
    """Drive forward, turn, repeat: see the path a robot draws on the floor.

    The robot repeats "drive at ``speed`` for ``time``, then turn left by ``turn``"
    ``repeats`` times. Distance = speed × time on every straight piece.

    ``result`` is a dict: ``poses`` (N, 3) [m, m, rad], ``side`` [m], ``total_distance`` [m],
    ``end`` (x, y) [m], ``heading_deg`` [°], ``gap`` (distance from end to start) [m].
    """

    def __init__(self, *, speed: float = 0.2, time: float = 5.0, turn: float = 90.0, repeats: int = 4):
        super().__init__(title=_("Drive, turn, repeat"))
        self.add_slider("speed", min=0.05, max=0.5, value=speed, step=0.05, description=_("speed [m/s]"),
                        unit="m/s", argument="speed")
        self.add_slider("time", min=0.5, max=10.0, value=time, step=0.5, description=_("time per side [s]"),
                        unit="s", argument="time")
        self.add_slider("turn", min=0.0, max=180.0, value=turn, step=5.0, description=_("turn left by [°]"),
                        unit="°", argument="turn")
        self.add_slider("repeats", min=1, max=12, value=repeats, integer=True, description=_("repeats"),
                        argument="repeats")
        self.plot = self.add_plot(_floor())
        shapes, dots = _floor_marks(self.plot)
        self._path = _PathMarks(self.plot, colour=_TRUE_COLOUR, group=shapes, dots=dots, end=False)
        self._robot = _RobotMarks(self.plot, shapes)
        self.refresh()

    def update(self) -> None:
        speed, time = float(self.value("speed")), float(self.value("time"))
        turn, repeats = float(self.value("turn")), int(self.value("repeats"))
        side = speed * time
        poses = geometry.follow_commands([("forward", side), ("left", turn)] * repeats)
        self._path.update(poses)
        self._robot.update(poses[-1])
        _fit_view(self.plot, poses)
        end = poses[-1]
        gap = geometry.distance(poses[0], end)
        heading = float(to_degrees(geometry.wrap_angle(end[2])))
        self.result = {"poses": poses, "side": side, "total_distance": side * repeats,
                       "end": (float(end[0]), float(end[1])), "heading_deg": heading, "gap": gap}
        self.show_values({
            _("each side (speed × time)"): _("{value} m").format(value=format_number(side, 3)),
            _("total distance driven"): _("{value} m").format(value=format_number(side * repeats, 3)),
            _("end position"): f"({format_number(round(end[0], 9) + 0.0, 3)}, {format_number(round(end[1], 9) + 0.0, 3)}) m",
            _("end heading"): _("{value}°").format(value=format_number(round(heading, 6) + 0.0, 4)),
            _("distance back to start"): _("{value} m").format(value=format_number(round(gap, 9), 3)),
        })


class DriveExplorer(Explorer):
    """Wheel speeds -> path of a two-wheeled robot, with the exact arc and (optionally) Euler steps.

    ``result`` is a dict: ``times`` [s], ``poses`` (N, 3) exact, ``euler_poses`` (or None),
    ``v`` [m/s], ``omega`` [rad/s], ``radius`` [m], ``euler_error`` [m] (end-point gap, or None).
    """

    def __init__(self, *, left_speed: float = 6.0, right_speed: float = 9.0, duration: float = 5.0,
                 wheel_radius: float | None = None, track_width: float | None = None, show_euler: bool = False,
                 euler_dt: float = 0.5):
        from stemkit.robotics import drive as _drive

        self._robot_model = _drive.DiffDrive(wheel_radius=wheel_radius or _drive.WHEEL_RADIUS,
                                             track_width=track_width or _drive.TRACK_WIDTH)
        super().__init__(title=_("Two wheels, two speeds"))
        self.add_slider("left_speed", min=-20.0, max=20.0, value=left_speed, step=0.5,
                        description=_("left wheel [rad/s]"), unit="rad/s", argument="left_speed")
        self.add_slider("right_speed", min=-20.0, max=20.0, value=right_speed, step=0.5,
                        description=_("right wheel [rad/s]"), unit="rad/s", argument="right_speed")
        self.add_slider("duration", min=0.5, max=20.0, value=duration, step=0.5, description=_("drive for [s]"),
                        unit="s", argument="duration")
        self.add_toggle("show_euler", value=show_euler, description=_("also show Euler steps"))
        self.add_slider("euler_dt", min=0.05, max=2.0, value=euler_dt, step=0.05, description=_("Euler step dt [s]"),
                        unit="s", argument="euler_dt")
        self.plot = self.add_plot(_floor())
        shapes, dots = _floor_marks(self.plot)
        self.plot.legend_entry(_("exact (arc)"), colour=_TRUE_COLOUR)
        self._path = _PathMarks(self.plot, colour=_TRUE_COLOUR, group=shapes, dots=dots, end=False)
        self._euler = _PathMarks(self.plot, colour=_ESTIMATE_COLOUR, style="--", label=_("Euler"), dots=dots)
        self._robot = _RobotMarks(self.plot, shapes)
        self.refresh()

    def update(self) -> None:
        from stemkit.robotics import drive as _drive

        model = self._robot_model
        left, right = float(self.value("left_speed")), float(self.value("right_speed"))
        duration = float(self.value("duration"))
        dt = min(0.02, duration / 50)
        times, poses = model.drive(left_speed=left, right_speed=right, duration=duration, dt=dt)
        v, omega = model.body_velocity(left_speed=left, right_speed=right)
        radius = model.turning_radius(left_speed=left, right_speed=right)
        euler_poses, euler_error = None, None
        if self.value("show_euler"):
            edt = float(self.value("euler_dt"))
            steps = max(1, int(round(duration / edt)))
            euler_poses = _drive.integrate(linear_velocity=np.full(steps, v), angular_velocity=omega, dt=duration / steps,
                                           method="euler")
            euler_error = geometry.distance(euler_poses[-1], poses[-1])
            self._euler.update(euler_poses)
        else:
            self._euler.update(np.empty((0, 3)))
        # the legend names "Euler" only while its path is drawn (a row with no data is left out)
        self.controls["euler_dt"].layout.display = None if euler_poses is not None else "none"
        self._path.update(poses)
        self._robot.update(poses[-1])
        shown = poses if euler_poses is None else np.vstack([poses, euler_poses])
        _fit_view(self.plot, shown, pad=0.15, minimum=0.5)
        end = poses[-1]
        self.result = {"times": times, "poses": poses, "euler_poses": euler_poses, "v": v, "omega": omega,
                       "radius": radius, "euler_error": euler_error}
        if np.isinf(radius):
            radius_text = _("straight line (infinite)")
        else:
            radius_text = _("{value} m").format(value=format_number(abs(radius), 3))
        values = {
            _("forward speed v"): _("{value} m/s").format(value=format_number(v, 3)),
            _("turn rate ω"): _("{value} rad/s ({deg}°/s)").format(value=format_number(omega, 3),
                                                                   deg=format_number(to_degrees(omega), 3)),
            _("turning radius"): radius_text,
            _("end position"): f"({format_number(round(end[0], 9) + 0.0, 3)}, {format_number(round(end[1], 9) + 0.0, 3)}) m",
            _("end heading"): _("{value}°").format(
                value=format_number(round(float(to_degrees(geometry.wrap_angle(end[2]))), 6) + 0.0, 4)),
        }
        if euler_error is not None:
            values[_("Euler end point is off by")] = _("{value} m").format(value=format_number(euler_error, 3))
        self.show_values(values)


class OdometryExplorer(Explorer):
    """Where the robot thinks it is (odometry) against where it really is, driving a 1 m square.

    Sliders set what is wrong with the real robot: its left wheel's size error, random wheel
    slip, the encoder resolution and the random seed. ``result`` is a dict: ``true`` and
    ``estimate`` poses (N, 3), ``final_error`` [m] and ``heading_error_deg`` [°] at the end.
    """

    def __init__(self, *, radius_error_percent: float = 1.5, slip_percent: float = 2.0,
                 ticks_per_revolution: int = 20, seed: int = 3):
        super().__init__(title=_("Odometry: where I think I am, where I really am"))
        self.add_slider("radius_error_percent", min=-5.0, max=5.0, value=radius_error_percent, step=0.25,
                        description=_("left wheel bigger by [%]"), unit="%", argument="radius_error_percent")
        self.add_slider("slip_percent", min=0.0, max=10.0, value=slip_percent, step=0.5,
                        description=_("random wheel slip [%]"), unit="%", argument="slip_percent")
        self.add_dropdown("ticks_per_revolution", options=[10, 20, 40, 360, 1000], value=ticks_per_revolution,
                          description=_("encoder ticks per turn"), argument="ticks_per_revolution")
        self.add_slider("seed", min=0, max=20, value=seed, integer=True, description=_("random seed"),
                        argument="seed")
        self.plot = self.add_plot(_floor())
        # blue and orange, never red against green: one in 12 boys cannot tell those apart
        shapes, dots = _floor_marks(self.plot)
        self.plot.legend_entry(_("true path"), colour=_TRUE_COLOUR)
        self._true = _PathMarks(self.plot, colour=_TRUE_COLOUR, group=shapes, dots=dots, end=False)
        self._estimate = _PathMarks(self.plot, colour=_ESTIMATE_COLOUR, style="--", label=_("odometry"),
                                    dots=dots, end=False)
        self._robot = _RobotMarks(self.plot, shapes)
        # a faint orange robot where odometry believes the robot stopped
        self._believed = _RobotMarks(self.plot, shapes, colour=_ESTIMATE_COLOUR, opacity=0.45)
        self.refresh()

    def update(self) -> None:
        from stemkit.robotics import odometry as _odometry

        n = int(self.value("ticks_per_revolution"))
        log = _odometry.simulate_encoder_log(seed=int(self.value("seed")), ticks_per_revolution=n,
                                             left_radius_error=float(self.value("radius_error_percent")) / 100.0,
                                             slip_std=float(self.value("slip_percent")) / 100.0)
        true = np.column_stack([log["true_x"], log["true_y"], log["true_theta"]])
        estimate = _odometry.odometry(left_ticks=log["left_ticks"], right_ticks=log["right_ticks"],
                                      ticks_per_revolution=n)
        self._true.update(true)
        self._estimate.update(estimate)
        self._robot.update(true[-1])
        self._believed.update(estimate[-1])
        _fit_view(self.plot, np.vstack([true, estimate]), pad=0.2, minimum=1.0)
        final_error = geometry.distance(true[-1], estimate[-1])
        heading_error = float(to_degrees(geometry.wrap_angle(estimate[-1, 2] - true[-1, 2])))
        self.result = {"true": true, "estimate": estimate, "final_error": final_error,
                       "heading_error_deg": heading_error}
        self.show_values({
            _("odometry says the robot ends at"): f"({format_number(round(estimate[-1, 0], 4) + 0.0, 3)}, {format_number(round(estimate[-1, 1], 4) + 0.0, 3)}) m",
            _("the robot really ends at"): f"({format_number(round(true[-1, 0], 4) + 0.0, 3)}, {format_number(round(true[-1, 1], 4) + 0.0, 3)}) m",
            _("position error at the end"): _("{value} m").format(value=format_number(final_error, 3)),
            _("heading error at the end"): _("{value}°").format(value=format_number(heading_error, 3)),
        })


class SensorFilterExplorer(Explorer):
    """An HC-SR04 log with adjustable noise and outliers, cleaned by a moving average or a median.

    The defaults (4 mm noise, 4 % outliers, seed 7) give exactly the dataset
    ``robotics/range_log``. ``result`` is a dict: ``time`` [s], ``true``, ``raw``,
    ``filtered`` [m], ``rms_raw`` and ``rms_filtered`` [m].
    """

    _FILTERS = (N_("none"), N_("moving average"), N_("median"))

    def __init__(self, *, noise_mm: float = 4.0, outlier_percent: float = 4.0, filter: str = "median",
                 window: int = 5, seed: int = 7):
        super().__init__(title=_("Ultrasonic readings: noise and filters"))
        self.add_slider("noise_mm", min=0.0, max=30.0, value=noise_mm, step=1.0, description=_("noise [mm]"),
                        unit="mm", argument="noise_mm")
        self.add_slider("outlier_percent", min=0.0, max=20.0, value=outlier_percent, step=1.0,
                        description=_("outliers [%]"), unit="%", argument="outlier_percent")
        self.add_dropdown("filter", options=[(_(name), name) for name in self._FILTERS], value=filter,
                          description=_("filter"), argument="filter")
        self.add_slider("window", min=1, max=25, value=window, integer=True, description=_("window [samples]"),
                        argument="window")
        self.add_slider("seed", min=0, max=20, value=seed, integer=True, description=_("random seed"),
                        argument="seed")
        self.plot = p = self.add_plot(xlabel=_("time [s]"), ylabel=_("distance [m]"), ylim=(0.0, 2.0))
        # the raw readings as one thin grey line, not 600 dots: the browser redraws one path per move,
        # and the 4 m time-outs still stand out as spikes; the three lines share one mark
        lines = p.lines(width=1.5)
        self._raw = lines.row(colour="#aaaaaa", label=_("sensor reading"))
        self._true = lines.row(colour=_TRUE_COLOUR, label=_("true distance"))
        self._filtered = lines.row(colour=_ESTIMATE_COLOUR, label=_("filtered"))
        self.refresh()

    def update(self) -> None:
        from stemkit.robotics import filters as _filters
        from stemkit.robotics import sensors as _sensors

        log = _sensors.simulate_range_log(seed=int(self.value("seed")), noise_std=float(self.value("noise_mm")) / 1000,
                                          outlier_rate=float(self.value("outlier_percent")) / 100)
        t, true, raw = log["time"], log["true_distance"], log["measured_distance"]
        kind, window = self.value("filter"), int(self.value("window"))
        if kind == "moving average":
            filtered = _filters.moving_average(raw, window=window)
        elif kind == "median":
            filtered = _filters.median_filter(raw, window=window)
        else:
            filtered = raw.copy()
        p = self.plot
        p.update(self._raw, x=t, y=raw)
        p.update(self._true, x=t, y=true)
        p.update(self._filtered, x=t, y=filtered)
        p.xlim(t[0], t[-1])
        # keep the 4 m time-outs in view (the axis's top moves in steps)
        p.ylim(0.0, nice_limit(max(2.0, float(raw.max()) * 1.05), FINE_STEPS))
        rms_raw = _filters.rms_error(raw, true)
        rms_filtered = _filters.rms_error(filtered, true)
        self.result = {"time": t, "true": true, "raw": raw, "filtered": filtered,
                       "rms_raw": rms_raw, "rms_filtered": rms_filtered}
        self.show_values({
            _("RMS error of the raw readings"): _("{value} mm").format(value=format_number(rms_raw * 1000, 3)),
            _("RMS error after the filter"): _("{value} mm").format(value=format_number(rms_filtered * 1000, 3)),
            _("filter delay (about)"): _("{value} s").format(
                value=format_number(0.0 if kind == "none" else (window - 1) / 2 * float(t[1] - t[0]), 2)),
        })


class PIDExplorer(Explorer):
    """Tune Kp, Ki and Kd (or try bang-bang) on a DC motor's speed or on a line follower.

    ``plant="motor"``: a TT gear motor (6 V) asked to go from 0 to ``setpoint`` rad/s; the
    controller sets the voltage. ``plant="line"``: a line follower put down 2 cm beside a
    straight line at 0.25 m/s; the controller sets the turn rate. ``result`` is a dict:
    ``time`` [s], ``response``, ``output``, ``metrics`` (a :class:`~stemkit.robotics.pid.StepMetrics`).
    """

    _RANGES = {  # plant -> (kp max, ki max, kd max, defaults)
        "motor": (10.0, 20.0, 0.05, (0.3, 3.0, 0.0)),
        "line": (100.0, 1000.0, 20.0, (40.0, 0.0, 0.0)),
    }

    def __init__(self, *, plant: str = "motor", kp: float | None = None, ki: float | None = None,
                 kd: float | None = None, controller: str = "PID", setpoint: float = 10.0):
        if plant not in self._RANGES:
            raise ValueError(_("plant must be 'motor' or 'line', got {value!r}").format(value=plant))
        self.plant = plant
        self.setpoint = float(setpoint)
        kp_max, ki_max, kd_max, defaults = self._RANGES[plant]
        kp = defaults[0] if kp is None else kp
        ki = defaults[1] if ki is None else ki
        kd = defaults[2] if kd is None else kd
        title = _("PID tuner: motor speed") if plant == "motor" else _("PID tuner: line follower")
        super().__init__(title=title)
        self.add_dropdown("controller", options=[("PID", "PID"), (_("bang-bang"), "bang-bang")], value=controller,
                          description=_("controller"), argument="controller")
        self.add_slider("kp", min=0.0, max=kp_max, value=kp, step=kp_max / 200, description="Kp",
                        continuous_update=False, argument="kp")
        self.add_slider("ki", min=0.0, max=ki_max, value=ki, step=ki_max / 200, description="Ki",
                        continuous_update=False, argument="ki")
        self.add_slider("kd", min=0.0, max=kd_max, value=kd, step=kd_max / 200, description="Kd",
                        continuous_update=False, digits=3, argument="kd")
        ylabel = _("motor speed [rad/s]") if plant == "motor" else _("offset from the line [m]")
        self.plot = p = self.add_plot(xlabel=_("time [s]"), ylabel=ylabel)
        self._setpoint = p.line([0, 1], [0, 0], colour="#777777", width=1, style="--", label=_("setpoint"))
        self._line = p.line([], [], colour=_TRUE_COLOUR, label=_("response"))
        self.refresh()

    def _controller(self):
        from stemkit.robotics.pid import PID, BangBang

        dt = 0.01
        if self.value("controller") == "bang-bang":
            return BangBang(high=6.0, low=-6.0) if self.plant == "motor" else BangBang(high=4.0, low=-4.0)
        limits = (-6.0, 6.0) if self.plant == "motor" else (-8.0, 8.0)
        return PID(kp=float(self.value("kp")), ki=float(self.value("ki")), kd=float(self.value("kd")), dt=dt,
                   output_limits=limits)

    def update(self) -> None:
        from stemkit.robotics.pid import step_metrics
        from stemkit.robotics.simulator import line_step_response, simulate_motor_control

        controller = self._controller()
        for name in ("kp", "ki", "kd"):   # bang-bang has no gains to tune
            self.controls[name].layout.display = "none" if self.value("controller") == "bang-bang" else None
        if self.plant == "motor":
            t, y, output = simulate_motor_control(controller=controller, setpoint=self.setpoint, duration=1.5)
            setpoint, initial, unit = self.setpoint, 0.0, "rad/s"
            ylim = (min(0.0, float(y.min())) - 0.5, max(self.setpoint * 1.6, float(y.max()) * 1.05))
            ylim = (-nice_limit(-ylim[0], FINE_STEPS), nice_limit(ylim[1], FINE_STEPS))   # in steps
        else:
            t, y, sim = line_step_response(controller)
            output = sim.commands[:, 1] - sim.commands[:, 0]
            setpoint, initial, unit = 0.0, 0.02, "m"
            ylim = (-nice_limit(max(0.03, -float(y.min()) * 1.1), FINE_STEPS),
                    nice_limit(max(0.03, float(y.max()) * 1.1), FINE_STEPS))   # in steps
        metrics = step_metrics(t, y, setpoint=setpoint, initial=initial)
        p = self.plot
        p.update(self._line, x=t, y=y)
        p.update(self._setpoint, x=[t[0], t[-1]], y=[setpoint, setpoint])
        p.xlim(t[0], t[-1])
        p.ylim(*ylim)
        self.result = {"time": t, "response": y, "output": output, "metrics": metrics}

        def seconds(value: float) -> str:
            return _("never") if value != value else _("{value} s").format(value=format_number(value, 3))

        self.show_values({
            _("rise time (10 % → 90 %)"): seconds(metrics.rise_time),
            _("overshoot"): _("{value} %").format(value=format_number(metrics.overshoot, 3)),
            _("settling time (±2 %)"): seconds(metrics.settling_time),
            _("error at the end"): f"{format_number(round(metrics.steady_state_error, 4) + 0.0, 3)} {unit}",
        })


class PlaybackExplorer(Explorer):
    """Scrub through recorded drives with a time slider: one robot per path, with its trail.

    Parameters
    ----------
    paths : dict or array_like
        Label -> poses (N, 3) [m, m, rad], all with the same N; or one (N, 3) array.
    times : array_like, optional
        Time of each pose [s] (default: 0, 1, 2, ...).
    track, walls : array_like, optional
        A line to draw (polyline (M, 2)) and wall segments (K, 4).

    ``result`` is a dict: ``time`` [s], ``index`` and ``poses`` (label -> (x, y, θ)); with two
    paths also ``gap``, the distance between the two robots [m].
    """

    _COLOURS = (PALETTE["orange"], PALETTE["blue"], PALETTE["green"], PALETTE["purple"])

    def __init__(self, paths, *, times=None, track=None, walls=None, spacing: float = 0.25, title: str = ""):
        if not isinstance(paths, dict):
            paths = {_("robot"): paths}
        self.paths = {str(k): np.asarray(v, dtype=float) for k, v in paths.items()}
        lengths = {p.shape for p in self.paths.values()}
        if len(lengths) != 1 or any(p.ndim != 2 or p.shape[1] != 3 or len(p) < 1 for p in self.paths.values()):
            raise ValueError(_("every path must be rows of (x, y, theta) and all must have the same length, got shapes {shapes}").format(
                shapes=", ".join(str(s) for s in sorted(lengths))))
        n = len(next(iter(self.paths.values())))
        self.times = np.arange(n, dtype=float) if times is None else np.asarray(times, dtype=float).reshape(-1)
        if self.times.shape != (n,):
            raise ValueError(_("times must have one entry per pose ({n}), got {m}").format(n=n, m=self.times.size))
        super().__init__(title=title or _("Play it back"))
        step = float(np.median(np.diff(self.times))) if n > 1 else 1.0
        self.add_slider("time", min=float(self.times[0]), max=float(self.times[-1]) if n > 1 else float(self.times[0]) + 1,
                        value=float(self.times[0]), step=step, description=_("time [s]"), unit="s")
        del spacing  # the browser draws the grid lines at round numbers
        self.plot = plot = self.add_plot(_floor())
        allp = np.vstack([p[:, :2] for p in self.paths.values()])
        pad = 0.25
        if track is not None:
            t = np.asarray(track, dtype=float)
            plot.line(t[:, 0], t[:, 1], colour="#222222", width=4)
        if walls is not None:
            w = np.asarray(walls, dtype=float).reshape(-1, 4)
            plot.line(w[:, [0, 2]], w[:, [1, 3]], colour="#555555", width=4)
        self._trails, self._robots = {}, {}
        # every trail and robot in one mark: a time move sends one message for all of them;
        # the faint whole paths, which never change, carry the legend
        shapes = plot.lines(fill=True, closed=False, legend=False)
        for i, (label, p) in enumerate(self.paths.items()):
            colour = self._COLOURS[i % len(self._COLOURS)]
            plot.line(p[:, 0], p[:, 1], colour=colour, width=1, opacity=0.25, label=label)
        for i, (label, _p) in enumerate(self.paths.items()):
            colour = self._COLOURS[i % len(self._COLOURS)]
            self._trails[label] = _PathMarks(plot, colour=colour, markers=False, group=shapes)
            self._robots[label] = _RobotMarks(plot, shapes, colour=colour)
        plot.view(allp[:, 0].min() - pad, allp[:, 0].max() + pad, allp[:, 1].min() - pad, allp[:, 1].max() + pad)
        self.refresh()

    def update(self) -> None:
        t = float(self.value("time"))
        k = int(np.clip(np.searchsorted(self.times, t - 1e-9), 0, len(self.times) - 1))
        poses = {}
        values = {_("time"): _("{value} s").format(value=format_number(float(self.times[k]), 4))}
        for label, p in self.paths.items():
            self._trails[label].update(p[: k + 1])
            self._robots[label].update(p[k])
            x, y, theta = (float(v) for v in p[k])
            poses[label] = (x, y, theta)
            values[label] = _("({x}, {y}) m, heading {heading}°").format(
                x=format_number(round(x, 4) + 0.0, 3), y=format_number(round(y, 4) + 0.0, 3),
                heading=format_number(round(float(to_degrees(geometry.wrap_angle(theta))), 2) + 0.0, 3))
        self.result = {"time": float(self.times[k]), "index": k, "poses": poses}
        if len(poses) == 2:
            a, b = poses.values()
            gap = geometry.distance(a, b)
            self.result["gap"] = gap
            values[_("distance between them")] = _("{value} m").format(value=format_number(gap, 3))
        self.show_values(values)

# --- end of mobile-robot section ---


# ---- arm and path planning explorers (arm.py, planning.py) ------------------------
from stemkit.robotics import arm as _arm  # noqa: E402
from stemkit.units import format_si as _format_si  # noqa: E402


def _deg_pair(q) -> str:
    a = format_number(round(float(q[0]), 6) + 0.0, 4)
    b = format_number(round(float(q[1]), 6) + 0.0, 4)
    return f"({a}°, {b}°)"


class ArmExplorer(Explorer):
    """A 2-servo arm, both ways round: angles → tip (left) and target → angles (right).

    Left: the joint sliders set ``q1`` and ``q2``; forward kinematics puts the tip.
    Right: the target sliders set ``(x, y)``; inverse kinematics finds both elbow
    branches (elbow down solid, elbow up dashed). An unreachable target says so. With
    interactive plots (ipympl) a click on the right picture moves the target there.

    ``result`` is a dict: ``tip`` (x, y) [m], ``joint_angles_deg``, ``servo_angles_deg``
    and ``servo_ok`` for the left arm; ``target`` [m], ``reachable``, ``solutions_deg``
    (rows elbow down, elbow up; empty when unreachable), ``servo_solutions_deg`` and
    ``servo_ok_solutions`` for the right.
    """

    def __init__(self, *, link_lengths=(0.08, 0.06), shoulder: float = 60.0, elbow: float = -45.0,
                 x: float = 0.1, y: float = 0.05):
        super().__init__(title=_("Robot arm: angles ↔ tip position"))
        self.arm = _arm.Arm(link_lengths)
        reach = self.arm.reach[1]
        self.add_slider("shoulder", min=-180.0, max=180.0, value=shoulder, step=1.0,
                        description=_("shoulder angle q1 [°]"), unit="°", argument="shoulder")
        self.add_slider("elbow", min=-180.0, max=180.0, value=elbow, step=1.0,
                        description=_("elbow angle q2 [°]"), unit="°", argument="elbow")
        # whole millimetres from a whole-millimetre end, so a target such as 0.1 m stays exactly there
        # when the browser snaps the slider to its steps
        step = 0.001
        edge = float(np.ceil(reach * 1.1 / step) * step)
        self.add_slider("x", min=-edge, max=edge, value=x, step=step,
                        description=_("target x [m]"), unit="m", si=True, argument="x")
        self.add_slider("y", min=-edge, max=edge, value=y, step=step,
                        description=_("target y [m]"), unit="m", si=True, argument="y")
        lim = 1.1 * reach
        self.plot_columns = 2
        pts = self.arm.workspace(samples=31, limits=True)
        circle = np.linspace(0, 2 * np.pi, 121)
        r_min, r_max = self.arm.reach
        views = []
        for title in (_("Forward: you set the angles"), _("Inverse: you set the target")):
            plot = self.add_plot(xlabel=_("x [m]"), ylabel=_("y [m]"), equal=True, width=400, height=380,
                                 title=title)
            plot.view(-lim, lim, -lim, lim)
            # the workspace as arcs of the tip (one per elbow angle, the shoulder sweeping): 31 lines
            # for the browser to paint again when the arm moves over them, not 961 dots
            arcs = pts.reshape(31, 31, 2).swapaxes(0, 1)
            plot.line(arcs[:, :, 0], arcs[:, :, 1], colour="#9ecae1", width=1.2)
            plot.line(np.vstack([r_max * np.cos(circle), r_min * np.cos(circle)]),
                      np.vstack([r_max * np.sin(circle), r_min * np.sin(circle)]), colour="#888888", width=1,
                      style="--")
            plot.points([0], [0], colour="#555555", size=120, marker="square")
            views.append(plot)
        left, right = views
        self._left, self._right = left, right
        self._fk = self._arm_marks(left, PALETTE["blue"])
        self._down = self._arm_marks(right, PALETTE["blue"], label=_("elbow down"))
        self._up = self._arm_marks(right, PALETTE["orange"], style="--", label=_("elbow up"))
        # the target is a cross the student can also drag with the mouse
        self._target = right.points([x], [y], colour=PALETTE["vermillion"], size=160, marker="cross")
        self._target.enable_move = True
        self._target.observe(self._on_drag, names=["x", "y"])
        self._dragging = False
        self._note = right.text([0], [-0.95 * lim], [""], colour="#b00020", align="middle", bold=True)
        left.reserve_legend(right)   # the two plot areas level, under the right one's legend
        self.refresh()

    @staticmethod
    def _arm_marks(plot: Plot, colour: str, *, style: str = "-", label: str = "") -> tuple:
        # the links with a marker on every joint: one mark, one message per move
        links = plot.line([], [], colour=colour, width=5, style=style, label=label, marker="circle",
                          marker_size=50)
        return plot, links, links

    @staticmethod
    def _move_arm(marks: tuple, positions) -> None:
        plot, links, _joints = marks
        p = np.empty((0, 2)) if positions is None else np.asarray(positions, dtype=float)
        plot.update(links, x=p[:, 0], y=p[:, 1])

    def _on_drag(self, change) -> None:
        if self._dragging or self._building:
            return
        tx, ty = np.asarray(self._target.x, dtype=float), np.asarray(self._target.y, dtype=float)
        if tx.size != 1 or ty.size != 1:
            return
        lo, hi = self.controls["x"].min, self.controls["x"].max
        self._dragging = True
        try:
            self.set(x=min(hi, max(lo, float(tx[0]))), y=min(hi, max(lo, float(ty[0]))))
        finally:
            self._dragging = False

    def update(self) -> None:
        arm = self.arm
        q = np.array([float(self.value("shoulder")), float(self.value("elbow"))])
        positions = arm.positions(q, unit="deg")
        self._move_arm(self._fk, positions)
        servo = arm.joint_to_servo(q, unit="deg")
        servo_ok = bool(_arm.servo_in_range(servo))
        tip = positions[2]

        target = (float(self.value("x")), float(self.value("y")))
        if not self._dragging:
            self._right.update(self._target, x=[target[0]], y=[target[1]])
        sols = arm.solutions(target, unit="deg")
        reachable = sols.shape[0] > 0
        values = {
            _("tip (forward)"): "({x}, {y})".format(x=_format_si(round(tip[0], 12) + 0.0, "m"),
                                                    y=_format_si(round(tip[1], 12) + 0.0, "m")),
            _("servo angles (forward)"): _deg_pair(servo) + ("" if servo_ok else " ⚠ " + _("outside 0–180°")),
        }
        if reachable:
            servo_sols = arm.joint_to_servo(sols, unit="deg")
            ok = _arm.servo_in_range(servo_sols)
            self._move_arm(self._down, arm.positions(sols[0], unit="deg"))
            self._move_arm(self._up, arm.positions(sols[1], unit="deg"))
            self._right.update(self._note, text=[""])
            for label, i in ((_("elbow down"), 0), (_("elbow up"), 1)):
                text = _("joints {joints}, servos {servos}").format(joints=_deg_pair(sols[i]),
                                                                     servos=_deg_pair(servo_sols[i]))
                if not ok[i]:
                    text += " ⚠ " + _("a servo would need to go outside 0–180°")
                values[label] = text
        else:
            servo_sols = np.empty((0, 2))
            ok = np.zeros(0, dtype=bool)
            self._move_arm(self._down, None)
            self._move_arm(self._up, None)
            r_min, r_max = arm.reach
            self._right.update(self._note, text=[_("unreachable")])
            values[_("inverse")] = _("unreachable: the target is {distance} from the shoulder; "
                                     "the tip reaches {r_min} to {r_max}").format(
                distance=_format_si(float(np.hypot(*target)), "m"),
                r_min=_format_si(r_min, "m"), r_max=_format_si(r_max, "m"))
        self.result = {
            "tip": (float(tip[0]), float(tip[1])), "joint_angles_deg": q, "servo_angles_deg": servo,
            "servo_ok": servo_ok, "target": target, "reachable": reachable, "solutions_deg": sols,
            "servo_solutions_deg": servo_sols, "servo_ok_solutions": ok,
        }
        self.show_values(values)
from stemkit.robotics import planning as _planning  # noqa: E402

_PLANNER_LABELS = {"bfs": "BFS", "dijkstra": "Dijkstra", "astar": "A*"}


class PlannerExplorer(Explorer):
    """Plan a path on a grid with BFS, Dijkstra or A*, and watch how much each one searches.

    Blue cells are the ones the planner expanded (lighter = earlier); the orange line
    is the path. The "search shown" slider replays the search step by step. With no
    ``grid`` the map is random: obstacle density and seed sliders make a new one.

    ``result`` is a dict: ``plan`` (the :class:`~stemkit.robotics.planning.PlanResult`),
    ``grid``, ``found``, ``cost`` [cells], ``steps``, ``nodes_expanded``, ``path``, and
    ``compare``: ``{algorithm: (nodes_expanded, cost)}`` for all three planners.
    """

    def __init__(self, grid: _planning.GridMap | None = None, *, shape: tuple[int, int] = (16, 24),
                 algorithm: str = "astar", connectivity: int = 4, density: float = 0.25, seed: int = 1,
                 start: tuple[int, int] | None = None, goal: tuple[int, int] | None = None):
        super().__init__(title=_("Path planning on a grid"))
        self._fixed = grid
        rows, cols = grid.shape if grid is not None else (int(shape[0]), int(shape[1]))
        if start is None:
            start = grid.start if grid is not None and grid.start is not None else (0, 0)
        if goal is None:
            goal = grid.goal if grid is not None and grid.goal is not None else (rows - 1, cols - 1)
        self.add_dropdown("algorithm", options={"BFS": "bfs", "Dijkstra": "dijkstra", "A*": "astar"},
                          value=algorithm, description=_("algorithm"), argument="algorithm")
        self.add_dropdown("connectivity", options={_("4 (sides)"): 4, _("8 (with diagonals)"): 8},
                          value=connectivity, description=_("neighbours"), argument="connectivity")
        if grid is None:
            self.add_slider("density", min=0.0, max=0.5, value=density, step=0.01,
                            description=_("obstacle density"), digits=2, argument="density")
            self.add_slider("seed", min=0, max=99, value=seed, integer=True, description=_("map seed"),
                            argument="seed")
        self.add_slider("start_row", min=0, max=rows - 1, value=start[0], integer=True, description=_("start row"),
                        argument="start")
        self.add_slider("start_col", min=0, max=cols - 1, value=start[1], integer=True,
                        description=_("start column"), argument="start")
        self.add_slider("goal_row", min=0, max=rows - 1, value=goal[0], integer=True, description=_("goal row"),
                        argument="goal")
        self.add_slider("goal_col", min=0, max=cols - 1, value=goal[1], integer=True, description=_("goal column"),
                        argument="goal")
        self.add_slider("shown", min=0, max=100, value=100, step=1, description=_("search shown [%]"), unit="%")
        self._grid = grid if grid is not None else _planning.GridMap.random((rows, cols), density=density, seed=seed)
        self._draw_map(rows, cols)
        self.refresh()

    #: Cell colours: blocked, then the searched cells from early (light blue) to late (dark blue).
    _BLOCKED = "#38383f"
    _SEARCHED = ("#9ecae1", "#2a6bb8")
    _SHADES = 8

    def _draw_map(self, rows: int, cols: int) -> None:
        width = 520
        height = int(min(420, max(220, (width - 76) * rows / cols + 56)))
        self.plot = plot = self.add_plot(xlabel=_("column"), ylabel=_("row"), equal=True, yreverse=True,
                                         width=width, height=height, title=" ")
        plot.view(-0.5, cols - 0.5, -0.5, rows - 0.5)
        # cell values: blocked -1, free 0, searched 0.5 (early) to 1 (late). The cells are drawn as
        # one filled row per colour (its squares apart, split by NaN): a new map is one message and a
        # handful of paths for the browser, not a few hundred rectangles built again
        from types import SimpleNamespace

        self._cells = SimpleNamespace(color=np.zeros((rows, cols)))   # the values, as last drawn
        shades = plot.lines(fill=True, closed=False, legend=False, width=0.0)
        lo, hi = (np.array([int(c[k:k + 2], 16) for k in (1, 3, 5)]) for c in self._SEARCHED)
        mixes = [np.round(lo + (hi - lo) * k / (self._SHADES - 1)).astype(int) for k in range(self._SHADES)]
        self._shade_rows = [shades.row(colour=self._BLOCKED, fill_opacity=1.0)] + [
            shades.row(colour="#" + "".join(f"{v:02x}" for v in rgb), fill_opacity=1.0) for rgb in mixes]
        # the grid between the cells, drawn once
        edges_r, edges_c = np.arange(rows + 1) - 0.5, np.arange(cols + 1) - 0.5
        plot.line(np.vstack([np.column_stack([np.full(rows + 1, -0.5), np.full(rows + 1, cols - 0.5)]),
                             np.column_stack([edges_c, edges_c])]),
                  np.vstack([np.column_stack([edges_r, edges_r]),
                             np.column_stack([np.full(cols + 1, -0.5), np.full(cols + 1, rows - 0.5)])]),
                  colour="#cccccc", width=0.5)
        self._path = plot.line([], [], colour=PALETTE["orange"], width=4)
        self._start = plot.points([], [], colour=PALETTE["green"], size=120)
        self._goal = plot.points([], [], colour=PALETTE["vermillion"], size=180, marker="diamond")

    def _paint(self, grid, result, upto=None) -> None:
        cells = np.where(grid.occupancy, -1.0, 0.0)
        if result is not None and result.nodes_expanded:
            n = result.nodes_expanded if upto is None else max(0, min(int(upto), result.nodes_expanded))
            if n:
                order = result.expanded[:n]
                cells[order[:, 0], order[:, 1]] = np.linspace(0.5, 1.0, result.nodes_expanded)[:n]
        self._cells.color = cells
        self._draw_cells(cells)
        done = result is not None and (upto is None or upto >= result.nodes_expanded)
        if result is not None and result.found and done:
            self.plot.update(self._path, x=result.path[:, 1], y=result.path[:, 0])
        else:
            self.plot.update(self._path, x=[], y=[])

    def _draw_cells(self, cells: np.ndarray) -> None:
        """Each colour's cells as one row of squares (four corners and a NaN apiece)."""
        # four corners: the fill closes each square itself (the cells have no outline of their own)
        square = np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5], [np.nan, np.nan]])
        shade = np.full(cells.shape, -1, dtype=int)
        searched = cells >= 0.5
        shade[searched] = 1 + np.minimum(((cells[searched] - 0.5) * 2 * self._SHADES).astype(int), self._SHADES - 1)
        shade[cells < 0] = 0
        for k, row in enumerate(self._shade_rows):
            r, c = np.nonzero(shade == k)
            pts = (np.column_stack([c, r])[:, None, :] + square[None, :, :]).reshape(-1, 2)
            self.plot.update(row, x=pts[:, 0], y=pts[:, 1])

    def _current_grid(self, start, goal) -> _planning.GridMap:
        if self._fixed is not None:
            return self._fixed
        return _planning.GridMap.random(self._grid.shape, density=float(self.value("density")),
                                        seed=int(self.value("seed")), start=start, goal=goal)

    def update(self) -> None:
        start = (int(self.value("start_row")), int(self.value("start_col")))
        goal = (int(self.value("goal_row")), int(self.value("goal_col")))
        grid = self._current_grid(start, goal)
        self._grid = grid
        algorithm, k = self.value("algorithm"), int(self.value("connectivity"))
        try:
            compare = {name: _planning.plan(grid, start, goal, algorithm=name, connectivity=k)
                       for name in _planning.ALGORITHMS}
        except ValueError:
            # start or goal on an obstacle: show the map and the markers, then the plain message
            self._paint(grid, None)
            self.plot.update(self._start, x=[start[1]], y=[start[0]])
            self.plot.update(self._goal, x=[goal[1]], y=[goal[0]])
            self.result = None
            self.show_values({})
            raise
        result = compare[algorithm]
        upto = int(round(result.nodes_expanded * float(self.value("shown")) / 100.0))
        self._paint(grid, result, upto=upto)
        self.plot.update(self._start, x=[start[1]], y=[start[0]])
        self.plot.update(self._goal, x=[goal[1]], y=[goal[0]])
        self.plot.figure.title = _("{algorithm}, {k}-connected").format(algorithm=_PLANNER_LABELS[algorithm], k=k)
        self.result = {
            "plan": result, "grid": grid, "found": result.found, "cost": result.cost, "steps": result.steps,
            "nodes_expanded": result.nodes_expanded, "path": result.path,
            "compare": {name: (r.nodes_expanded, r.cost) for name, r in compare.items()},
        }
        values = {_("nodes expanded"): format_number(result.nodes_expanded)}
        if result.found:
            values[_("path cost")] = _("{cost} cells ({steps} steps)").format(
                cost=format_number(result.cost), steps=result.steps)
        else:
            values[_("path cost")] = _("no path: the goal is walled off")
        values[_("all three")] = ", ".join(
            _("{algorithm}: {count} expanded").format(algorithm=_PLANNER_LABELS[name], count=r.nodes_expanded)
            for name, r in compare.items())
        self.show_values(values)


# ---- end of arm and path planning explorers ------------------------------------------
