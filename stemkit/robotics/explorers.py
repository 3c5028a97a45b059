"""Interactive explorers of the robotics room (ipywidgets), built on :class:`stemkit.ui.Explorer`."""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Mobile robot explorers: motion on a grid, differential drive, PID, sensor filters.
import numpy as np

from stemkit.i18n import _, format_number
from stemkit.robotics import geometry
from stemkit.robotics import plots as _plots
from stemkit.ui import Explorer
from stemkit.units import to_degrees


def _fit_view(ax, points: np.ndarray, *, pad: float = 0.25, minimum: float = 1.0) -> None:
    """Zoom ``ax`` so all ``points`` (N, 2) show, keeping a square-ish view at least ``minimum`` wide."""
    xmin, ymin = points[:, :2].min(axis=0)
    xmax, ymax = points[:, :2].max(axis=0)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half = max(xmax - xmin, ymax - ymin, minimum) / 2 + pad
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)


class MotionExplorer(Explorer):
    """Drive forward, turn, repeat: see the path a robot draws on the floor.

    The robot repeats "drive at ``speed`` for ``time``, then turn left by ``turn``"
    ``repeats`` times. Distance = speed × time on every straight piece.

    ``result`` is a dict: ``poses`` (N, 3) [m, m, rad], ``side`` [m], ``total_distance`` [m],
    ``end`` (x, y) [m], ``heading_deg`` [°], ``gap`` (distance from end to start) [m].
    """

    def __init__(self, *, speed: float = 0.2, time: float = 5.0, turn: float = 90.0, repeats: int = 4):
        super().__init__(title=_("Drive, turn, repeat"), figsize=(5.0, 4.6))
        self.add_slider("speed", min=0.05, max=0.5, value=speed, step=0.05, description=_("speed [m/s]"))
        self.add_slider("time", min=0.5, max=10.0, value=time, step=0.5, description=_("time per side [s]"))
        self.add_slider("turn", min=0.0, max=180.0, value=turn, step=5.0, description=_("turn left by [°]"))
        self.add_slider("repeats", min=1, max=12, value=repeats, integer=True, description=_("repeats"))
        ax = self.axes
        _plots.draw_floor(ax, extent=(-0.5, 1.5, -0.5, 1.5), spacing=0.5)
        self._path = _plots.draw_path(ax, np.zeros((2, 3)))
        self._robot = _plots.draw_robot(ax, (0.0, 0.0, 0.0))
        self.refresh()

    def update(self) -> None:
        speed, time = float(self.value("speed")), float(self.value("time"))
        turn, repeats = float(self.value("turn")), int(self.value("repeats"))
        side = speed * time
        poses = geometry.follow_commands([("forward", side), ("left", turn)] * repeats)
        _plots.update_path(self._path, poses)
        _plots.update_robot(self._robot, poses[-1])
        _fit_view(self.axes, poses)
        end = poses[-1]
        gap = geometry.distance(poses[0], end)
        heading = float(to_degrees(geometry.wrap_angle(end[2])))
        self.result = {"poses": poses, "side": side, "total_distance": side * repeats,
                       "end": (float(end[0]), float(end[1])), "heading_deg": heading, "gap": gap}
        self.show_values({
            _("each side (speed × time)"): _("{value} m").format(value=format_number(side, 3)),
            _("total distance driven"): _("{value} m").format(value=format_number(side * repeats, 3)),
            _("end position"): "({x}, {y}) m".format(x=format_number(round(end[0], 9) + 0.0, 3), y=format_number(round(end[1], 9) + 0.0, 3)),
            _("end heading"): _("{value}°").format(value=format_number(round(heading, 6) + 0.0, 4)),
            _("distance back to start"): _("{value} m").format(value=format_number(round(gap, 9), 3)),
        })

# --- end of mobile-robot section ---


# ---- arm and path planning explorers (arm.py, planning.py) ------------------------
from stemkit.robotics import arm as _arm  # noqa: E402
from stemkit.units import format_si as _format_si  # noqa: E402


def _deg_pair(q) -> str:
    return "({a}°, {b}°)".format(a=format_number(round(float(q[0]), 6) + 0.0, 4),
                                 b=format_number(round(float(q[1]), 6) + 0.0, 4))


class ArmExplorer(Explorer):
    """A 2-servo arm, both ways round: angles → tip (left) and target → angles (right).

    Left: the joint sliders set ``q1`` and ``q2``; forward kinematics puts the tip.
    Right: the target sliders set ``(x, y)``; inverse kinematics finds both elbow
    branches (elbow down solid, elbow up dashed). An unreachable target says so.

    ``result`` is a dict: ``tip`` (x, y) [m], ``joint_angles_deg``, ``servo_angles_deg``
    and ``servo_ok`` for the left arm; ``target`` [m], ``reachable``, ``solutions_deg``
    (rows elbow down, elbow up; empty when unreachable), ``servo_solutions_deg`` and
    ``servo_ok_solutions`` for the right.
    """

    def __init__(self, *, link_lengths=(0.08, 0.06), shoulder: float = 60.0, elbow: float = -45.0,
                 x: float = 0.1, y: float = 0.05):
        super().__init__(title=_("Robot arm: angles ↔ tip position"), figsize=(9.0, 4.4), ncols=2)
        self.arm = _arm.Arm(link_lengths)
        reach = self.arm.reach[1]
        self.add_slider("shoulder", min=-180.0, max=180.0, value=shoulder, step=1.0,
                        description=_("shoulder angle q1 [°]"))
        self.add_slider("elbow", min=-180.0, max=180.0, value=elbow, step=1.0,
                        description=_("elbow angle q2 [°]"))
        step = round(reach / 100, 4)
        self.add_slider("x", min=-reach * 1.1, max=reach * 1.1, value=x, step=step,
                        description=_("target x [m]"), readout_format=".3f")
        self.add_slider("y", min=-reach * 1.1, max=reach * 1.1, value=y, step=step,
                        description=_("target y [m]"), readout_format=".3f")
        left, right = self.axes
        for ax, title in ((left, _("Forward: you set the angles")), (right, _("Inverse: you set the target"))):
            _plots.draw_workspace(ax, self.arm, samples=31)
            ax.set_title(title, fontsize=10)
        self._fk = _plots.draw_arm(left, self.arm, color="#1f77b4")
        self._down = _plots.draw_arm(right, self.arm, color="#1f77b4", label=_("elbow down"), setup_axes=False)
        self._up = _plots.draw_arm(right, self.arm, color="#ff7f0e", linestyle="--", alpha=0.85,
                                   label=_("elbow up"), setup_axes=False)
        (self._target,) = right.plot([x], [y], "x", color="#d62728", markersize=12, mew=3, zorder=5)
        self._note = right.text(0.5, 0.04, "", transform=right.transAxes, ha="center", color="#b00020",
                                fontsize=10, fontweight="bold")
        right.legend(loc="upper right", fontsize=8)
        self.refresh()

    def update(self) -> None:
        arm = self.arm
        q = np.array([float(self.value("shoulder")), float(self.value("elbow"))])
        positions = arm.positions(q, unit="deg")
        _plots.update_arm(self._fk, positions)
        servo = arm.joint_to_servo(q, unit="deg")
        servo_ok = bool(_arm.servo_in_range(servo))
        tip = positions[2]

        target = (float(self.value("x")), float(self.value("y")))
        self._target.set_data([target[0]], [target[1]])
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
            _plots.update_arm(self._down, arm.positions(sols[0], unit="deg"))
            _plots.update_arm(self._up, arm.positions(sols[1], unit="deg"))
            self._note.set_text("")
            for label, i in ((_("elbow down"), 0), (_("elbow up"), 1)):
                text = _("joints {joints}, servos {servos}").format(joints=_deg_pair(sols[i]),
                                                                     servos=_deg_pair(servo_sols[i]))
                if not ok[i]:
                    text += " ⚠ " + _("a servo would need to go outside 0–180°")
                values[label] = text
        else:
            servo_sols = np.empty((0, 2))
            ok = np.zeros(0, dtype=bool)
            _plots.update_arm(self._down, None)
            _plots.update_arm(self._up, None)
            r_min, r_max = arm.reach
            self._note.set_text(_("unreachable"))
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
# ---- end of arm and path planning explorers ------------------------------------------
