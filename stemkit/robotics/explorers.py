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
