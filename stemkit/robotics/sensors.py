"""Sensors of a makerspace robot car: a line-sensor array and an ultrasonic range sensor.

Line sensors (TCRT5000-style reflective IR pairs) look down at the floor and read how
dark the spot under them is: 0 on the light floor, 1 on black tape. The track is a
polyline of tape (:class:`LineTrack`) or a picture of the floor (:class:`ImageTrack`).

The ultrasonic sensor (HC-SR04) sends a 40 kHz ping and times the first echo. Its
datasheet gives a range of 2 cm to 4 m, a resolution of about 3 mm and a measuring
angle of 15°: it reports the *nearest* surface anywhere in that cone, which is why it
sees a chair leg that is not straight ahead. :class:`UltrasonicSensor` casts rays
across the cone against wall segments and adds seeded noise.

Examples
--------
>>> track = LineTrack([(0, 0), (1, 0)], width=0.02)
>>> sensor = LineSensorArray(offsets=(-0.02, 0.0, 0.02), forward=0.0)
>>> sensor.read((0.5, 0.0, 0.0), track).round(3).tolist()
[0.0, 1.0, 0.0]
>>> walls = [(1.0, -1.0, 1.0, 1.0)]          # a wall 1 m ahead
>>> round(UltrasonicSensor().measure((0, 0, 0), walls), 6)
1.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _, format_number
from stemkit.robotics.drive import _finite_array, _positive
from stemkit.robotics.geometry import Pose, _as_pose, to_world
from stemkit.units import to_radians
from stemkit.validate import MAX_ANGLE, MAX_LENGTH, finite_array

__all__ = [
    "TAPE_WIDTH",
    "HC_SR04",
    "LineTrack",
    "ImageTrack",
    "LineSensorArray",
    "line_position",
    "ray_cast",
    "speed_of_sound",
    "echo_distance",
    "UltrasonicSensor",
    "example_track",
    "simulate_range_log",
]

#: Width of common black electrical (PVC insulating) tape [m]: 19 mm (3/4 inch).
TAPE_WIDTH = 0.019

#: HC-SR04 figures from its datasheet (ElecFreaks / Cytron "HC-SR04 Ultrasonic Ranging Module"):
#: range 2 cm-4 m, measuring angle 15°, resolution 0.3 cm.
HC_SR04 = {"min_range": 0.02, "max_range": 4.0, "beam_width": float(to_radians(15.0)), "resolution": 0.003}


def _point_segment_distance(px: NDArray, py: NDArray, ax: NDArray, ay: NDArray, bx: NDArray, by: NDArray) -> NDArray:
    """Distance from points (broadcast) to segments a-b (broadcast)."""
    ex, ey = bx - ax, by - ay
    length2 = ex * ex + ey * ey
    with np.errstate(invalid="ignore", divide="ignore"):
        t = ((px - ax) * ex + (py - ay) * ey) / length2
    t = np.where(length2 > 0, np.clip(t, 0.0, 1.0), 0.0)
    return np.hypot(px - (ax + t * ex), py - (ay + t * ey))


def _ramp(distance: NDArray | float, half_width: float, spot_radius: float):
    """How much of a sensor's round-ish spot is over the tape: 1 on it, 0 off it, linear across the edge."""
    return np.clip((half_width + spot_radius - distance) / (2.0 * spot_radius), 0.0, 1.0)


class LineTrack:
    """A line of dark tape on a light floor, given by the points along its middle.

    Parameters
    ----------
    points : array_like, shape (N, 2)
        Points along the middle of the tape [m], in order.
    width : float
        Tape width [m]; default 19 mm electrical tape.
    closed : bool
        True when the last point joins back to the first (a loop).

    Examples
    --------
    >>> t = LineTrack([(0, 0), (1, 0), (1, 1)], width=0.02)
    >>> t.distance_to([(0.5, 0.1), (1.2, 1.0)]).round(6).tolist()
    [0.1, 0.2]
    >>> round(t.length, 6)
    2.0
    """

    def __init__(self, points: ArrayLike, *, width: float = TAPE_WIDTH, closed: bool = False):
        pts = _finite_array(points, "points", "m")
        if pts.ndim != 2 or pts.shape[1] != 2 or len(pts) < 2:
            raise ValueError(_("a track needs at least 2 points (x, y), shape (N, 2), got shape {shape}").format(
                shape=pts.shape))
        self.width = _positive(width, "width", "m")
        self.closed = bool(closed)
        if self.closed and not np.array_equal(pts[0], pts[-1]):
            pts = np.vstack([pts, pts[:1]])
        self.points = pts
        self._fields: dict[float, tuple] = {}

    @property
    def length(self) -> float:
        """Length of the tape along its middle [m]."""
        return float(np.hypot(*np.diff(self.points, axis=0).T).sum())

    def distance_to(self, points: ArrayLike) -> NDArray[np.float64]:
        """Distance from each point (N, 2) to the middle of the tape [m]."""
        p = np.asarray(points, dtype=float).reshape(-1, 2)
        a, b = self.points[:-1], self.points[1:]
        d = _point_segment_distance(p[:, :1], p[:, 1:], a[None, :, 0], a[None, :, 1], b[None, :, 0], b[None, :, 1])
        return d.min(axis=1)

    def darkness(self, points: ArrayLike, *, spot_radius: float = 0.004) -> NDArray[np.float64]:
        """What a downward sensor with a spot of ``spot_radius`` [m] reads at each point: 0 floor … 1 tape.

        Notes
        -----
        With ``d`` the distance to the tape's middle, ``w`` the tape width and ``s``
        the spot radius: ``reading = clip((w/2 + s − d) / 2s, 0, 1)``, a straight
        ramp while the spot crosses the tape's edge.
        """
        return _ramp(self.distance_to(points), self.width / 2.0, _positive(spot_radius, "spot_radius", "m"))

    def distance_field(self, resolution: float = 0.002, margin: float = 0.1):
        """Distances to the tape on a grid, for fast look-ups in a simulation.

        Returns ``(field, x0, y0, resolution)``: ``field[i, j]`` is the distance [m] from the
        point ``(x0 + j·resolution, y0 + i·resolution)``, capped at ``margin``.
        """
        key = (float(resolution), float(margin))
        if key in self._fields:
            return self._fields[key]
        res = _positive(resolution, "resolution", "m")
        lo = self.points.min(axis=0) - margin
        hi = self.points.max(axis=0) + margin
        nx, ny = int(math.ceil((hi[0] - lo[0]) / res)) + 2, int(math.ceil((hi[1] - lo[1]) / res)) + 2
        field = np.full((ny, nx), float(margin))
        xs = lo[0] + np.arange(nx) * res
        ys = lo[1] + np.arange(ny) * res
        for (ax, ay), (bx, by) in zip(self.points[:-1], self.points[1:], strict=True):
            # only the cells near this segment can be closer than the margin
            j0 = max(int((min(ax, bx) - margin - lo[0]) / res), 0)
            j1 = min(int((max(ax, bx) + margin - lo[0]) / res) + 2, nx)
            i0 = max(int((min(ay, by) - margin - lo[1]) / res), 0)
            i1 = min(int((max(ay, by) + margin - lo[1]) / res) + 2, ny)
            d = _point_segment_distance(xs[None, j0:j1], ys[i0:i1, None], ax, ay, bx, by)
            np.minimum(field[i0:i1, j0:j1], d, out=field[i0:i1, j0:j1])
        result = (field, float(lo[0]), float(lo[1]), res)
        self._fields[key] = result
        return result

    def __repr__(self) -> str:
        return "LineTrack({n} points, {length} m long, tape {width} mm{closed})".format(
            n=len(self.points), length=format_number(self.length, 3), width=format_number(self.width * 1000, 3),
            closed=", closed loop" if self.closed else "")

    # drawing: 80 CSS px per inch, with twice the pixels (sharp at device scale 2)
    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        from stemkit.ui.style import retina_bundle

        return retina_bundle(self._figure(), dpi=80)

    def _repr_png_(self) -> bytes:
        from stemkit.ui.style import retina_png

        return retina_png(self._figure(), dpi=80)[0]

    def _figure(self):
        from stemkit.robotics.plots import PlotFigure, draw_floor, draw_track

        fig = PlotFigure(figsize=(4.5, 3.6), layout="constrained")
        ax = fig.add_subplot()
        lo, hi = self.points.min(axis=0) - 0.15, self.points.max(axis=0) + 0.15
        draw_floor(ax, extent=(lo[0], hi[0], lo[1], hi[1]), spacing=0.25)
        draw_track(ax, self.points, width=self.width)
        return fig


class ImageTrack:
    """A track given as a picture of the floor seen from above (dark = tape).

    Parameters
    ----------
    image : array_like, shape (H, W)
        Grey levels: 0 is black. Values in 0…1, or 0…255 for 8-bit images.
    pixel_size : float
        Size of one pixel on the floor [m].
    origin : (float, float)
        World position of the picture's bottom-left corner [m].

    Notes
    -----
    Row 0 is the top of the picture, as in image files. The reading at a point is the
    darkness ``1 − grey`` interpolated between the four nearest pixel centres.

    Examples
    --------
    >>> img = np.ones((3, 3)); img[:, 1] = 0.0   # a black column in the middle
    >>> t = ImageTrack(img, pixel_size=0.01)
    >>> t.darkness([(0.015, 0.015), (0.005, 0.015), (0.5, 0.5)]).round(3).tolist()
    [1.0, 0.0, 0.0]
    """

    def __init__(self, image: ArrayLike, *, pixel_size: float, origin: Sequence[float] = (0.0, 0.0)):
        img = _finite_array(image, "image", "grey level")
        if img.ndim != 2 or min(img.shape) < 1:
            raise ValueError(_("image must be a 2-D array of grey levels, got shape {shape}").format(shape=img.shape))
        top = 255.0 if img.max() > 1.0 else 1.0
        if img.min() < 0 or img.max() > 255:
            raise ValueError(_("image grey levels must be in 0…1 or 0…255, got {low} to {high}").format(
                low=format_number(img.min()), high=format_number(img.max())))
        self.pixel_size = _positive(pixel_size, "pixel_size", "m")
        self.origin = (float(origin[0]), float(origin[1]))
        # flip so row 0 is the bottom (y grows upwards like the floor's axes)
        self.dark = np.ascontiguousarray((1.0 - img / top)[::-1])

    def darkness(self, points: ArrayLike, *, spot_radius: float = 0.004) -> NDArray[np.float64]:
        """Darkness 0…1 at each point (N, 2), bilinear between pixel centres; 0 outside the picture.

        ``spot_radius`` is accepted for the same call as :meth:`LineTrack.darkness`; the picture's
        own blur stands for the sensor's spot.
        """
        p = np.asarray(points, dtype=float).reshape(-1, 2)
        h, w = self.dark.shape
        fx = (p[:, 0] - self.origin[0]) / self.pixel_size - 0.5
        fy = (p[:, 1] - self.origin[1]) / self.pixel_size - 0.5
        inside = (fx >= -0.5) & (fx <= w - 0.5) & (fy >= -0.5) & (fy <= h - 0.5)
        fx, fy = np.clip(fx, 0, w - 1), np.clip(fy, 0, h - 1)
        j0, i0 = np.minimum(fx.astype(int), w - 1), np.minimum(fy.astype(int), h - 1)
        j1, i1 = np.minimum(j0 + 1, w - 1), np.minimum(i0 + 1, h - 1)
        tx, ty = fx - j0, fy - i0
        d = self.dark
        value = ((1 - tx) * (1 - ty) * d[i0, j0] + tx * (1 - ty) * d[i0, j1]
                 + (1 - tx) * ty * d[i1, j0] + tx * ty * d[i1, j1])
        return np.where(inside, value, 0.0)


class LineSensorArray:
    """A row of downward reflective sensors across the front of the robot.

    Parameters
    ----------
    offsets : sequence of float
        Sideways position of each sensor [m], + to the robot's left. Default: 5 sensors
        15 mm apart, like common 5-channel TCRT5000 boards.
    forward : float
        How far ahead of the axle the row sits [m].
    spot_radius : float
        Radius of the floor spot each sensor sees [m].

    Examples
    --------
    >>> s = LineSensorArray()
    >>> s.positions((0, 0, 0)).round(3).tolist()[2]
    [0.08, 0.0]
    """

    def __init__(self, *, offsets: Sequence[float] = (0.03, 0.015, 0.0, -0.015, -0.03), forward: float = 0.08,
                 spot_radius: float = 0.004):
        off = _finite_array(offsets, "offsets", "m").reshape(-1)
        if off.size < 1:
            raise ValueError(_("a line sensor array needs at least one sensor offset"))
        self.offsets = off
        self.forward = float(_finite_array(forward, "forward", "m"))
        self.spot_radius = _positive(spot_radius, "spot_radius", "m")

    def positions(self, pose: Pose | ArrayLike) -> NDArray[np.float64]:
        """World positions (n, 2) of the sensors when the robot is at ``pose``."""
        local = np.column_stack([np.full(self.offsets.size, self.forward), self.offsets])
        return to_world(_as_pose(pose), local)

    def read(self, pose: Pose | ArrayLike, track: LineTrack | ImageTrack, *, noise_std: float = 0.0,
             rng: np.random.Generator | None = None) -> NDArray[np.float64]:
        """Readings 0 (floor) … 1 (tape) of every sensor; optional Gaussian noise, clipped to 0…1."""
        values = track.darkness(self.positions(pose), spot_radius=self.spot_radius)
        if noise_std:
            if rng is None:
                raise ValueError(_("give rng (numpy.random.default_rng(seed)) when noise_std is not 0"))
            values = np.clip(values + rng.normal(0.0, noise_std, values.shape), 0.0, 1.0)
        return values

    def line_position(self, readings: ArrayLike, *, threshold: float = 0.05) -> float:
        """Where the line is, sideways from the middle of the array [m]; see :func:`line_position`."""
        return line_position(readings, offsets=self.offsets, threshold=threshold)


def line_position(readings: ArrayLike, *, offsets: ArrayLike, threshold: float = 0.05) -> float:
    """Estimate where the line is across the sensor row, from the readings.

    Parameters
    ----------
    readings : array_like
        Darkness readings 0…1, one per sensor.
    offsets : array_like
        Sideways position of each sensor [m], + to the left.
    threshold : float
        Total darkness below which the line counts as lost.

    Returns
    -------
    float
        Sideways position of the line [m], + when the line is to the robot's left;
        NaN when no sensor sees it.

    Notes
    -----
    A weighted average: ``position = Σ readingᵢ·offsetᵢ / Σ readingᵢ``.

    Examples
    --------
    >>> line_position([0, 0.5, 0.5, 0, 0], offsets=[0.03, 0.015, 0, -0.015, -0.03])
    0.0075
    """
    r = _finite_array(readings, "readings", "darkness").reshape(-1)
    off = _finite_array(offsets, "offsets", "m").reshape(-1)
    if r.shape != off.shape:
        raise ValueError(_("there are {n_readings} readings but {n_offsets} sensor offsets").format(
            n_readings=r.size, n_offsets=off.size))
    total = float(r.sum())
    if total < threshold:
        return math.nan
    return float((r * off).sum() / total)


def _walls(walls: ArrayLike) -> NDArray[np.float64]:
    w = finite_array(walls, "walls", "m", limit=MAX_LENGTH)
    if w.size == 0:
        return np.empty((0, 4))
    if w.ndim == 1 and w.size == 4:
        w = w.reshape(1, 4)
    if w.ndim != 2 or w.shape[1] != 4:
        raise ValueError(_("walls must be rows (x1, y1, x2, y2), got shape {shape}").format(shape=w.shape))
    return w


def ray_cast(origin: ArrayLike, angles: ArrayLike, walls: ArrayLike, *, max_range: float = math.inf) -> NDArray[np.float64]:
    """Distance along each ray from ``origin`` to the first wall it hits.

    Parameters
    ----------
    origin : (float, float)
        Start of the rays [m].
    angles : array_like
        Ray directions [rad], counter-clockwise from +x.
    walls : array_like, shape (M, 4)
        Wall segments ``(x1, y1, x2, y2)`` [m].
    max_range : float
        Rays that hit nothing closer return this [m] (``inf`` by default).

    Returns
    -------
    ndarray
        Distance for each ray [m].

    Notes
    -----
    Ray ``p + t·d`` meets segment ``a + u·(b − a)`` where
    ``t = ((a − p) × e) / (d × e)`` and ``u = ((a − p) × d) / (d × e)`` with ``e = b − a``
    and ``×`` the 2D cross product; a hit needs ``t ≥ 0`` and ``0 ≤ u ≤ 1``.

    Examples
    --------
    >>> ray_cast((0, 0), [0.0, math.pi / 2, math.pi], [(2, -1, 2, 1), (-1, 3, 1, 3)]).tolist()
    [2.0, 3.0, inf]
    """
    o = finite_array(origin, "origin", "m", limit=MAX_LENGTH).reshape(-1)[:2]
    a = np.atleast_1d(finite_array(angles, "angles", "rad", limit=MAX_ANGLE))
    w = _walls(walls)
    if w.shape[0] == 0:
        return np.full(a.shape, float(max_range))
    return np.minimum(_cast(o[0], o[1], a, w), float(max_range))


def _cast(ox, oy, angles: NDArray, w: NDArray) -> NDArray:
    """Ray distances; ``ox``, ``oy`` and ``angles`` broadcast together, walls (M, 4) on a new last axis."""
    ox, oy, a = (np.asarray(v, dtype=float)[..., None] for v in (ox, oy, angles))
    dx, dy = np.cos(a), np.sin(a)
    ax, ay = w[:, 0], w[:, 1]
    ex, ey = w[:, 2] - ax, w[:, 3] - ay
    qx, qy = ax - ox, ay - oy
    denom = dx * ey - dy * ex
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qx * ey - qy * ex) / denom
        u = (qx * dy - qy * dx) / denom
    hit = (np.abs(denom) > 1e-15) & (t >= 0) & (u >= 0) & (u <= 1)
    return np.where(hit, t, np.inf).min(axis=-1)


def speed_of_sound(temperature: float = 20.0) -> float:
    """Speed of sound in dry air at ``temperature`` [°C], in m/s.

    Notes
    -----
    ``c = 331.3 · √(1 + T / 273.15)`` m/s (ideal gas; T in °C). About 343 m/s at 20 °C;
    0.6 m/s more for every degree warmer.

    Examples
    --------
    >>> round(speed_of_sound(20.0), 1)
    343.2
    """
    t = float(_finite_array(temperature, "temperature", "°C"))
    if t <= -273.15:
        raise ValueError(_("temperature must be above absolute zero (-273.15 °C), got {value}").format(
            value=format_number(t)))
    return 331.3 * math.sqrt(1.0 + t / 273.15)


def echo_distance(echo_time: ArrayLike, *, temperature: float = 20.0):
    """Distance to the object from the HC-SR04's echo pulse length.

    Parameters
    ----------
    echo_time : float or array_like
        How long the echo pin stayed high (``pulseIn`` on an Arduino gives µs) [s].
    temperature : float
        Air temperature [°C].

    Returns
    -------
    float or ndarray
        Distance [m].

    Notes
    -----
    The sound goes there and back, so ``d = c · t / 2``.

    Examples
    --------
    >>> round(echo_distance(2915e-6), 3)
    0.5
    """
    t = _finite_array(echo_time, "echo_time", "s")
    if np.any(t < 0):
        raise ValueError(_("echo_time must be ≥ 0 s, got {value}").format(value=format_number(float(t.min()))))
    d = speed_of_sound(temperature) * t / 2.0
    return float(d) if d.ndim == 0 else d


class UltrasonicSensor:
    """An HC-SR04-style range sensor: nearest echo inside a cone, with limits and noise.

    Parameters
    ----------
    beam_width : float
        Full cone angle [rad]; HC-SR04: 15°.
    max_range, min_range : float
        [m]; HC-SR04: 4 m and 2 cm. Nothing within ``max_range``: the sensor times out
        and reports ``max_range``. Closer than ``min_range``: reports ``min_range``.
    noise_std : float
        Standard deviation of the Gaussian noise added to each reading [m].
    rays : int
        Rays cast across the cone (odd, so one points straight ahead).
    mount : (float, float, float)
        Sensor pose on the robot (forward [m], left [m], angle [rad]).

    Examples
    --------
    >>> s = UltrasonicSensor(noise_std=0.0)
    >>> s.measure((0, 0, 0), [(0.5, -0.2, 0.5, 0.2)])
    0.5
    >>> s.measure((0, 0, 0), [])         # nothing there: times out at max range
    4.0
    """

    def __init__(self, *, beam_width: float = HC_SR04["beam_width"], max_range: float = HC_SR04["max_range"],
                 min_range: float = HC_SR04["min_range"], noise_std: float = 0.0, rays: int = 9,
                 mount: Sequence[float] = (0.0, 0.0, 0.0)):
        self.beam_width = _positive(beam_width, "beam_width", "rad")
        if self.beam_width >= math.pi:
            raise ValueError(_("beam_width must be less than π rad (180°), got {value}").format(
                value=format_number(self.beam_width)))
        self.max_range = _positive(max_range, "max_range", "m")
        self.min_range = float(_finite_array(min_range, "min_range", "m"))
        if not 0 <= self.min_range < self.max_range:
            raise ValueError(_("min_range must be between 0 and max_range ({max_range} m), got {value}").format(
                max_range=format_number(self.max_range), value=format_number(self.min_range)))
        self.noise_std = float(_finite_array(noise_std, "noise_std", "m"))
        if self.noise_std < 0:
            raise ValueError(_("noise_std must be ≥ 0 m, got {value}").format(value=format_number(self.noise_std)))
        if int(rays) < 1:
            raise ValueError(_("rays must be at least 1, got {value}").format(value=rays))
        self.rays = int(rays) | 1  # odd
        self.mount = Pose.from_array(mount)
        self._spread = np.linspace(-self.beam_width / 2, self.beam_width / 2, self.rays)

    def true_range(self, pose: Pose | ArrayLike, walls: ArrayLike) -> float:
        """Distance to the nearest wall inside the cone [m], without noise or limits (inf when none)."""
        p = _as_pose(pose)
        c, s = math.cos(p.theta), math.sin(p.theta)
        ox = p.x + c * self.mount.x - s * self.mount.y
        oy = p.y + s * self.mount.x + c * self.mount.y
        heading = p.theta + self.mount.theta
        return float(ray_cast((ox, oy), heading + self._spread, walls).min())

    def measure_many(self, poses: ArrayLike, walls: ArrayLike, *,
                     rng: np.random.Generator | None = None) -> NDArray[np.float64]:
        """One reading per pose (rows x, y, θ) [m], like :meth:`measure` but all at once.

        The noise of reading k is the k-th draw of ``rng`` (time-outs draw nothing).
        """
        p = _finite_array(poses, "poses", "m, m, rad")
        if p.ndim != 2 or p.shape[1] != 3:
            raise ValueError(_("poses must be rows of (x, y, theta), shape (N, 3), got shape {shape}").format(
                shape=p.shape))
        w = _walls(walls)
        c, s = np.cos(p[:, 2]), np.sin(p[:, 2])
        ox = p[:, 0] + c * self.mount.x - s * self.mount.y
        oy = p[:, 1] + s * self.mount.x + c * self.mount.y
        heading = p[:, 2] + self.mount.theta
        if w.shape[0] == 0:
            d = np.full(len(p), np.inf)
        else:
            d = _cast(ox[:, None], oy[:, None], heading[:, None] + self._spread[None, :], w).min(axis=1)
        echo = d <= self.max_range
        if self.noise_std and echo.any():
            if rng is None:
                raise ValueError(_("give rng (numpy.random.default_rng(seed)) when noise_std is not 0"))
            d[echo] += rng.normal(0.0, self.noise_std, int(echo.sum()))
        return np.where(echo, np.clip(d, self.min_range, self.max_range), self.max_range)

    def measure(self, pose: Pose | ArrayLike, walls: ArrayLike, *, rng: np.random.Generator | None = None) -> float:
        """One reading [m]: nearest echo in the cone, plus noise, limited to the sensor's range.

        Notes
        -----
        ``reading = clip(d_min + noise, min_range, max_range)``, where ``d_min`` is the
        shortest ray distance across the cone; a reading with no wall within
        ``max_range`` is ``max_range`` (the sensor timed out).
        """
        d = self.true_range(pose, walls)
        if d > self.max_range:
            return float(self.max_range)
        if self.noise_std:
            if rng is None:
                raise ValueError(_("give rng (numpy.random.default_rng(seed)) when noise_std is not 0"))
            d += float(rng.normal(0.0, self.noise_std))
        return float(min(max(d, self.min_range), self.max_range))


def example_track(name: str = "oval") -> LineTrack:
    """The tracks the lessons use, built from straight pieces and arcs.

    ``"oval"``: a 1.0 m × 0.8 m racetrack (two 1 m straights joined by half circles of
    0.4 m radius) with a gentle S-bend in the top straight; start at (0, 0) facing +x.

    Examples
    --------
    >>> t = example_track("oval")
    >>> t.closed, round(t.length, 2)
    (True, 4.53)
    """
    if name != "oval":
        raise ValueError(_("unknown track {name!r}; the tracks are: oval").format(name=name))
    radius, straight, step = 0.4, 1.0, 0.01
    pts = [(x, 0.0) for x in np.arange(0.0, straight, step)]
    for a in np.arange(-math.pi / 2, math.pi / 2, step / radius):           # right half circle
        pts.append((straight + radius * math.cos(a), radius + radius * math.sin(a)))
    for x in np.arange(straight, 0.0, -step):                                  # top straight with an S-bend
        phase = 2 * math.pi * x / straight  # an S whose ends run level into the half circles
        pts.append((x, 2 * radius + 0.06 * math.sin(phase) * (1 - math.cos(phase)) / 2))
    for a in np.arange(math.pi / 2, 3 * math.pi / 2, step / radius):         # left half circle
        pts.append((radius * math.cos(a), radius + radius * math.sin(a)))
    return LineTrack(np.array(pts), width=TAPE_WIDTH, closed=True)


def simulate_range_log(*, seed: int = 7, sample_time: float = 0.06, noise_std: float = 0.004,
                       outlier_rate: float = 0.04) -> dict[str, NDArray]:
    """A made-up but realistic HC-SR04 log: a car creeps towards a wall, stops, backs away.

    The car starts 1.50 m from a wall, drives towards it at 0.1 m/s to 0.30 m, waits
    2 s, and backs off at 0.1 m/s to 1.0 m. Every ``sample_time`` (60 ms, the
    datasheet's suggested measuring cycle) the sensor gives the nearest echo in its
    15° cone plus Gaussian noise ``noise_std``; a fraction ``outlier_rate`` of
    readings are outliers, as on a real sensor: half are time-outs (4 m, the echo
    missed) and half are early echoes from something nearer (a random 5-95 % of the
    true distance).

    Returns
    -------
    dict
        ``time`` [s], ``true_distance`` [m], ``measured_distance`` [m].

    Examples
    --------
    >>> log = simulate_range_log(seed=7)
    >>> len(log["time"]) > 300, float(log["true_distance"][0])
    (True, 1.5)
    """
    rng = np.random.default_rng(seed)
    dt = _positive(sample_time, "sample_time", "s")
    sensor = UltrasonicSensor(noise_std=noise_std)
    wall = [(0.0, -1.0, 0.0, 1.0)]
    speed = 0.1
    t_in = (1.5 - 0.3) / speed
    t_wait, t_out = 2.0, (1.0 - 0.3) / speed
    total = t_in + t_wait + t_out
    times = np.arange(0.0, total + 1e-9, dt)
    true = np.where(times <= t_in, 1.5 - speed * times,
                    np.where(times <= t_in + t_wait, 0.3, 0.3 + speed * (times - t_in - t_wait)))
    poses = np.column_stack([true, np.zeros_like(true), np.full_like(true, math.pi)])
    measured = sensor.measure_many(poses, wall, rng=rng)
    outlier = rng.random(times.size) < outlier_rate
    timeout = rng.random(times.size) < 0.5
    early = true * rng.uniform(0.05, 0.95, times.size)
    measured = np.where(outlier, np.where(timeout, sensor.max_range, early), measured)
    return {"time": times, "true_distance": true, "measured_distance": measured}
