"""Drawing helpers of the robotics room (matplotlib).

``draw_x(ax, ...)`` draws on the given axes and returns the artists it made;
``update_x(artists, ...)`` changes their data. Nothing here calls ``plt.show()``
or changes global rcParams.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Mobile robot: floor grid, robot, paths, tracks, walls, beams, responses,
# and animations that play inline, in CI and in a static HTML export (stemkit's own
# small player: PNG frames with twice the pixels, text buttons, a few lines of script).
import base64
import hashlib
import html as _html
import io
import itertools
import math
import struct
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Wedge
from numpy.typing import ArrayLike

from stemkit.i18n import _, format_number

#: Outline of the robot in its own frame [m]: a 2WD kit car seen from above
#: (about 160 mm long, 130 mm between the wheels), nose pointing along +x.
ROBOT_LENGTH = 0.16
ROBOT_WIDTH = 0.13
#: Colours by meaning, the same as in the room's explorers: the robot, its true path, what it believes.
_ROBOT_COLOUR = "sky"
_PATH_COLOUR = "blue"
_ESTIMATE_COLOUR = "orange"
#: Several paths or signals on one figure: a colour and a dash pattern each, so two lines differ
#: even to a reader who cannot tell the colours apart.
_CYCLE_COLOURS = ("blue", "orange", "green", "vermillion", "purple", "sky")
_CYCLE_DASHES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))


def _palette() -> dict[str, str]:
    from stemkit.ui.figure import PALETTE  # the colour-blind-safe colours every room shares

    return PALETTE


def _colour(name_or_hex: str) -> str:
    """A palette name (``"blue"``) as its hex code; any other matplotlib colour as it is."""
    return _palette().get(name_or_hex, name_or_hex)


def legend_below(ax: Axes, *, ncols: int | None = None, fontsize: float = 9) -> object | None:
    """One legend for ``ax``'s labelled lines, below the axes, where it can never cover the data.

    The figure needs ``layout="constrained"`` (every stemkit figure has it). Call it again
    after adding lines: the axes' own legend, and the one this made before, are replaced.
    Returns the legend, or None when no line has a label.
    """
    fig = ax.figure
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    before = getattr(ax, "_stemkit_legend", None)
    if before is not None and before in fig.legends:
        before.remove()
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    ncols = ncols or (len(handles) if len(handles) <= 3 or sum(map(len, labels)) < 60 else 2)
    legend = fig.legend(handles, labels, loc="outside lower center", ncols=min(ncols, len(handles)),
                        fontsize=fontsize, frameon=False)
    ax._stemkit_legend = legend
    return legend


def _robot_outline(pose: ArrayLike, scale: float) -> np.ndarray:
    x, y, theta = (float(v) for v in np.asarray(pose, dtype=float).reshape(-1)[:3])
    L, W = ROBOT_LENGTH * scale, ROBOT_WIDTH * scale
    # a house shape: square back, pointed nose, so the heading is obvious
    local = np.array([[-L / 2, -W / 2], [L / 4, -W / 2], [L / 2, 0.0], [L / 4, W / 2], [-L / 2, W / 2]])
    c, s = math.cos(theta), math.sin(theta)
    return np.column_stack([x + c * local[:, 0] - s * local[:, 1], y + s * local[:, 0] + c * local[:, 1]])


def _wheel_outlines(pose: ArrayLike, scale: float) -> list[np.ndarray]:
    x, y, theta = (float(v) for v in np.asarray(pose, dtype=float).reshape(-1)[:3])
    r, w, half = 0.033 * scale, 0.012 * scale, ROBOT_WIDTH * scale / 2
    c, s = math.cos(theta), math.sin(theta)
    out = []
    for side in (-1.0, 1.0):
        local = np.array([[-r, side * half - w], [r, side * half - w], [r, side * half + w], [-r, side * half + w]])
        out.append(np.column_stack([x + c * local[:, 0] - s * local[:, 1], y + s * local[:, 0] + c * local[:, 1]]))
    return out


def draw_floor(ax: Axes, *, extent: Sequence[float] = (-0.5, 2.0, -0.5, 2.0), spacing: float = 0.5,
               unit_label: str = "m") -> list:
    """Set up ``ax`` as a floor seen from above: equal scale, a grid every ``spacing`` metres.

    Parameters
    ----------
    ax : matplotlib Axes
    extent : (xmin, xmax, ymin, ymax)
        Visible area [m].
    spacing : float
        Grid spacing [m] (like floor tiles or tape marks).

    Returns
    -------
    list
        The axis artists (x label, y label).
    """
    xmin, xmax, ymin, ymax = (float(v) for v in extent)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks(np.arange(math.ceil(xmin / spacing) * spacing, xmax + 1e-9, spacing))
    ax.set_yticks(np.arange(math.ceil(ymin / spacing) * spacing, ymax + 1e-9, spacing))
    ax.grid(True, color="#cccccc", linewidth=0.8)
    ax.set_axisbelow(True)
    xl = ax.set_xlabel(_("x [{unit}]").format(unit=unit_label))
    yl = ax.set_ylabel(_("y [{unit}]").format(unit=unit_label))
    return [xl, yl]


def draw_robot(ax: Axes, pose: ArrayLike, *, scale: float = 1.0, color: str = _ROBOT_COLOUR,
               alpha: float = 0.9, label: str | None = None) -> list:
    """Draw the robot at ``pose`` = (x [m], y [m], θ [rad]) as seen from above.

    ``scale`` enlarges the drawing (not the physics) so a robot stays visible on a big map.
    Returns ``[body, left_wheel, right_wheel]`` (patches) for :func:`update_robot`.
    """
    body = Polygon(_robot_outline(pose, scale), closed=True, facecolor=_colour(color), edgecolor="black",
                   alpha=alpha, zorder=5, label=label)
    wheels = [Polygon(w, closed=True, facecolor="#333333", edgecolor="black", zorder=6)
              for w in _wheel_outlines(pose, scale)]
    ax.add_patch(body)
    for w in wheels:
        ax.add_patch(w)
    artists = [body, *wheels]
    for a in artists:
        a._stemkit_scale = scale  # remembered so update_robot keeps the size
    return artists


def update_robot(artists: list, pose: ArrayLike) -> None:
    """Move the robot drawn by :func:`draw_robot` to ``pose``."""
    body, *wheels = artists
    scale = getattr(body, "_stemkit_scale", 1.0)
    body.set_xy(_robot_outline(pose, scale))
    for patch, outline in zip(wheels, _wheel_outlines(pose, scale), strict=True):
        patch.set_xy(outline)


def draw_path(ax: Axes, poses: ArrayLike, *, color: str = _PATH_COLOUR, label: str | None = None,
              linestyle: str = "-", markers: bool = True, linewidth: float = 2.0) -> list:
    """Draw the path through ``poses`` (shape (N, 2) or (N, 3), metres).

    Returns ``[line, start_marker, end_marker]`` for :func:`update_path`; with
    ``markers=False`` the markers are empty.
    """
    p = np.asarray(poses, dtype=float).reshape(-1, np.asarray(poses).shape[-1])
    color = _colour(color)
    (line,) = ax.plot(p[:, 0], p[:, 1], color=color, linestyle=linestyle, linewidth=linewidth, label=label, zorder=3)
    (start,) = ax.plot(p[:1, 0] if markers else [], p[:1, 1] if markers else [], "o", color=color,
                       markersize=6, zorder=4)
    (end,) = ax.plot(p[-1:, 0] if markers else [], p[-1:, 1] if markers else [], "s", color=color,
                     markersize=6, zorder=4)
    return [line, start, end]


def update_path(artists: list, poses: ArrayLike) -> None:
    """Give the path drawn by :func:`draw_path` new poses."""
    line, start, end = artists
    p = np.asarray(poses, dtype=float)
    p = p.reshape(-1, p.shape[-1]) if p.size else np.empty((0, 2))
    line.set_data(p[:, 0], p[:, 1])
    if len(start.get_xdata()) or len(end.get_xdata()):
        start.set_data(p[:1, 0], p[:1, 1])
        end.set_data(p[-1:, 0], p[-1:, 1])


def draw_track(ax: Axes, points: ArrayLike, *, width: float = 0.019, color: str = "black") -> list:
    """Draw a line-following track (a polyline of tape ``width`` metres wide).

    Returns ``[line]``. The line width is set in points so the tape looks about as wide as
    it is on the floor at the axes' current scale.
    """
    p = np.asarray(points, dtype=float)
    fig = ax.figure
    # metres -> points: axis width in inches * 72 / visible metres
    x0, x1 = ax.get_xlim()
    bbox = ax.get_position()
    width_in = fig.get_figwidth() * bbox.width
    lw = max(1.0, width * width_in * 72.0 / max(abs(x1 - x0), 1e-9))
    (line,) = ax.plot(p[:, 0], p[:, 1], color=color, linewidth=lw, solid_capstyle="round", zorder=2)
    return [line]


def draw_walls(ax: Axes, walls: ArrayLike, *, color: str = "#555555") -> list:
    """Draw wall segments given as rows ``(x1, y1, x2, y2)`` [m]. Returns the lines."""
    w = np.asarray(walls, dtype=float).reshape(-1, 4)
    out = []
    for x1, y1, x2, y2 in w:
        (line,) = ax.plot([x1, x2], [y1, y2], color=color, linewidth=4, solid_capstyle="butt", zorder=2)
        out.append(line)
    return out


def _beam_params(pose: ArrayLike, beam_width: float):
    x, y, theta = (float(v) for v in np.asarray(pose, dtype=float).reshape(-1)[:3])
    half = math.degrees(beam_width) / 2  # matplotlib's Wedge wants degrees
    centre = math.degrees(theta)
    return (x, y), centre - half, centre + half


def draw_beam(ax: Axes, pose: ArrayLike, *, distance: float, beam_width: float, color: str = "green") -> list:
    """Draw an ultrasonic sensor's cone from ``pose`` out to ``distance`` [m].

    ``beam_width`` is the full cone angle [rad]. Returns ``[wedge]`` for :func:`update_beam`.
    """
    centre, a1, a2 = _beam_params(pose, beam_width)
    color = _colour(color)
    wedge = Wedge(centre, max(float(distance), 1e-6), a1, a2, facecolor=color, alpha=0.3, edgecolor=color, zorder=3)
    wedge._stemkit_beam_width = beam_width
    ax.add_patch(wedge)
    return [wedge]


def update_beam(artists: list, pose: ArrayLike, *, distance: float) -> None:
    """Move and resize the cone drawn by :func:`draw_beam`."""
    (wedge,) = artists
    centre, a1, a2 = _beam_params(pose, wedge._stemkit_beam_width)
    wedge.set_center(centre)
    wedge.set_radius(max(float(distance), 1e-6))
    wedge.set_theta1(a1)
    wedge.set_theta2(a2)


def draw_step_response(ax: Axes, time: ArrayLike, response: ArrayLike, *, setpoint: float | None = None,
                       label: str | None = None, color: str | None = None, ylabel: str = "") -> list:
    """Plot a response over time, with the setpoint as a dashed line.

    Returns ``[response_line, setpoint_line]`` for :func:`update_step_response`.
    """
    t = np.asarray(time, dtype=float)
    y = np.asarray(response, dtype=float)
    (line,) = ax.plot(t, y, color=_colour(color or _PATH_COLOUR), label=label, linewidth=2)
    sp = setpoint if setpoint is not None else np.nan
    (target,) = ax.plot([t[0], t[-1]], [sp, sp], "--", color="#777777", linewidth=1,
                        label=_("setpoint") if setpoint is not None else None)
    ax.set_xlabel(_("time [s]"))
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.4)
    return [line, target]


def update_step_response(artists: list, time: ArrayLike, response: ArrayLike, *, setpoint: float | None = None) -> None:
    """Give the plot of :func:`draw_step_response` new data."""
    line, target = artists
    t = np.asarray(time, dtype=float)
    line.set_data(t, np.asarray(response, dtype=float))
    if setpoint is not None:
        target.set_data([t[0], t[-1]], [setpoint, setpoint])


class AnimationHTML:
    """An animation as HTML (``.html``); a notebook shows it as a player when it ends a cell.

    ``width`` × ``height`` is the size it is shown at [CSS px]; every frame has twice the pixels.
    """

    def __init__(self, html: str, frames: int, *, width: int | None = None, height: int | None = None):
        self.html = html
        self.frames = frames
        self.width = width
        self.height = height

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<animation: {self.frames} frames>"


#: CSS px per inch of an animation frame; the PNGs have twice this (sharp at device scale 2).
ANIMATION_DPI = 72
_PLAYERS = itertools.count(1)
# The player's script: show one frame (the <img> elements are the frames), play on a timer,
# stop at the last frame. Plain DOM calls only: it runs in JupyterLab, VS Code and an HTML export.
_PLAYER_SCRIPT = """(function () {
  var me = document.currentScript, root = me && me.parentNode;
  if (!root || root.id !== "%(id)s") { root = document.getElementById("%(id)s"); }
  if (!root || root.getAttribute("data-ready")) { return; }
  root.setAttribute("data-ready", "1");
  var frames = root.querySelectorAll("img"), slider = root.querySelector("input");
  var count = root.querySelector("output"), n = frames.length, at = 0, timer = null;
  function show(k) {
    k = Math.max(0, Math.min(n - 1, k));
    frames[at].style.display = "none"; frames[k].style.display = "block"; at = k;
    slider.value = k; count.textContent = (k + 1) + " / " + n;
  }
  function pause() { if (timer !== null) { clearInterval(timer); timer = null; } }
  function play() {
    pause(); if (at >= n - 1) { show(0); }
    timer = setInterval(function () { if (at >= n - 1) { pause(); } else { show(at + 1); } }, %(interval)d);
  }
  function on(name, act) { root.querySelector("[data-act=" + name + "]").addEventListener("click", act); }
  on("play", play); on("pause", pause);
  on("back", function () { pause(); show(at - 1); });
  on("next", function () { pause(); show(at + 1); });
  slider.addEventListener("input", function () { pause(); show(parseInt(slider.value, 10)); });
})();"""


def _png_frames(fig: Figure, update: Callable[[int], object], frames: Sequence[int]) -> list[bytes]:
    """Each of ``frames`` drawn (after ``update(frame)``) as a PNG at the figure's own dpi.

    At most 256 colours and no dithering: the same lines and text as full colour, in
    about half the bytes (every frame is stored inside the notebook).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    out = []
    for k in frames:
        update(int(k))
        canvas.draw()
        picture = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
        picture = picture.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        buffer = io.BytesIO()
        picture.save(buffer, format="png", optimize=True)
        out.append(buffer.getvalue())
    return out


def _text_glyphs(text: str) -> str:
    """U+FE0E after each triangle: the plain text glyph, never a colour emoji (as on some phones)."""
    return text.replace("▶", "▶\ufe0e").replace("◀", "◀\ufe0e")


def player_html(pngs: Sequence[bytes], *, width: int, height: int, interval_ms: int = 100,
                label: str = "") -> str:
    """HTML for a small animation player: ``pngs`` shown one at a time at ``width`` × ``height`` CSS px.

    Buttons ▶ Play, ❚❚ Pause, ◀ step, step ▶ and a frame slider, in plain text (no icon
    font) and a few lines of inline script: nothing is loaded from the internet, so it
    plays offline, in JupyterLab and in a static HTML export. Without script (a notebook
    not trusted yet) it shows the first frame.

    Parameters
    ----------
    pngs : sequence of bytes
        The frames, each a PNG with twice the pixels of ``width`` × ``height`` (sharp at device scale 2).
    width, height : int
        Displayed size [CSS px]; a narrower page shrinks the picture, never stretches it.
    interval_ms : int
        Time per frame while playing [ms].
    label : str
        What the animation shows, for screen readers (the ``alt`` text of every frame).
    """
    if len(pngs) == 0:
        raise ValueError(_("an animation needs at least one frame, got none"))
    interval = max(1, int(interval_ms))
    digest = hashlib.sha1(pngs[0]).hexdigest()[:10]
    uid = f"stemkit-player-{digest}-{next(_PLAYERS)}"
    n = len(pngs)
    alt = label or _("animation")
    pictures = []
    for k, png in enumerate(pngs):
        shown = "block" if k == 0 else "none"
        text = _html.escape(_("{what}, frame {number} of {count}").format(what=alt, number=k + 1, count=n), quote=True)
        pictures.append(
            f'<img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" width="{int(width)}" '
            f'height="{int(height)}" alt="{text}" style="display:{shown};max-width:100%;height:auto">')
    button = ('<button type="button" data-act="{act}" style="font:inherit;padding:2px 8px;cursor:pointer">'
              '{text}</button>')
    controls = "".join(button.format(act=act, text=_html.escape(_text_glyphs(text))) for act, text in (
        ("play", _("▶ Play")), ("pause", _("❚❚ Pause")), ("back", _("◀ step")), ("next", _("step ▶"))))
    slider_label = _html.escape(_("frame"), quote=True)
    return (
        f'<div id="{uid}" class="stemkit-player" style="display:inline-block;max-width:100%;'
        f'font:13px/1.3 sans-serif">'
        f'<div style="width:{int(width)}px;max-width:100%">{"".join(pictures)}</div>'
        f'<div style="display:flex;flex-wrap:wrap;align-items:center;gap:4px;margin-top:4px">{controls}'
        f'<input type="range" min="0" max="{n - 1}" step="1" value="0" aria-label="{slider_label}" '
        f'style="flex:1 1 80px;min-width:80px">'
        f'<output style="margin-left:4px;white-space:nowrap">1 / {n}</output></div>'
        f'<script>{_PLAYER_SCRIPT % {"id": uid, "interval": interval}}</script></div>')


def _animation(fig: Figure, update: Callable[[int], object], frames: Sequence[int], *, interval_ms: int,
               label: str) -> AnimationHTML:
    pngs = _png_frames(fig, update, frames)
    pixels_w, pixels_h = struct.unpack(">II", pngs[0][16:24])   # the PNG header's size
    width, height = pixels_w // 2, pixels_h // 2                 # at least 2 pixels per CSS px
    return AnimationHTML(player_html(pngs, width=width, height=height, interval_ms=interval_ms, label=label),
                         len(pngs), width=width, height=height)


class PlotFigure(Figure):
    """A matplotlib Figure that shows itself as a PNG when it ends a notebook cell.

    A plain ``Figure`` made without pyplot only shows as text unless the notebook's
    inline backend happens to be active; this one always draws: at 100 CSS px per inch,
    with twice the pixels, so it is sharp at device scale 2 and shown at its natural size.
    ``_repr_png_`` gives those PNG bytes alone (for saving).
    """

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        from stemkit.ui.style import retina_bundle

        return retina_bundle(self, dpi=100)

    def _repr_png_(self) -> bytes:
        from stemkit.ui.style import retina_png

        return retina_png(self, dpi=100)[0]


def _resample_poses(p: np.ndarray, count: int) -> np.ndarray:
    """``count`` poses spread evenly along a path, counting 0.1 m of "effort" per radian turned."""
    step = np.hypot(np.diff(p[:, 0]), np.diff(p[:, 1])) + 0.1 * np.abs(np.diff(p[:, 2]))
    s = np.concatenate([[0.0], np.cumsum(step)])
    if s[-1] <= 0:
        return p[[0, -1]]
    u = np.linspace(0.0, s[-1], count)
    return np.column_stack([np.interp(u, s, p[:, k]) for k in range(3)])


def animate_path(poses: ArrayLike, *, extent: Sequence[float] | None = None, spacing: float = 0.5,
                 max_frames: int = 40, interval_ms: int = 100, robot_scale: float = 1.0,
                 track: ArrayLike | None = None, walls: ArrayLike | None = None,
                 figsize: tuple[float, float] = (4.0, 4.0), title: str = "", smooth: bool = True) -> AnimationHTML:
    """A robot driving along ``poses`` (N, 3), as an HTML player (play, pause, step, slider).

    Frames are PNG images inside the HTML (see :func:`player_html`), so it plays in
    JupyterLab, in a saved notebook, in an HTML export and in CI, offline, without a widget
    server. A frame is ``figsize`` × 72 CSS px, with twice the pixels.
    At most ``max_frames`` frames are drawn to keep it light. With ``smooth=True`` the
    frames are spread evenly along the way (driving and turning on the spot both take
    frames), so a path given by a few corner poses still moves smoothly.

    Returns
    -------
    AnimationHTML
        A string of HTML that displays itself in a notebook.
    """
    p = np.asarray(poses, dtype=float)
    if p.ndim != 2 or p.shape[1] != 3 or len(p) < 1:
        raise ValueError(_("poses must be rows of (x, y, theta), shape (N, 3), got shape {shape}").format(shape=p.shape))
    if extent is None:
        pad = 0.2 + 0.1 * robot_scale
        xy = [p[:, :2]]
        if track is not None:
            xy.append(np.asarray(track, dtype=float).reshape(-1, 2))
        if walls is not None:
            xy.append(np.asarray(walls, dtype=float).reshape(-1, 2))
        xy = np.vstack(xy)
        extent = (xy[:, 0].min() - pad, xy[:, 0].max() + pad, xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    # a fixed layout: every frame is a PNG inside the HTML, with twice the pixels of its CSS size
    fig = Figure(figsize=figsize, dpi=2 * ANIMATION_DPI)
    w_in, h_in = float(figsize[0]), float(figsize[1])  # margins in inches, whatever the size
    fig.subplots_adjust(left=0.65 / w_in, right=1 - 0.12 / w_in, bottom=0.5 / h_in,
                        top=1 - (0.3 if title else 0.12) / h_in)
    ax = fig.add_subplot()
    draw_floor(ax, extent=extent, spacing=spacing)
    if title:
        ax.set_title(title)
    if track is not None:
        draw_track(ax, track)
    if walls is not None:
        draw_walls(ax, walls)
    if smooth and len(p) > 1:
        p = _resample_poses(p, max(2, int(max_frames)))
    frames = np.unique(np.linspace(0, len(p) - 1, max(2, min(int(max_frames), len(p)))).round().astype(int))
    # Draw the still parts (grid, ticks, labels, track, walls) once, keep them as a picture under
    # every frame, and hide the axes: each frame then renders only the robot and its trail.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    background = np.asarray(canvas.buffer_rgba()).copy()
    for artist in [*ax.lines, *ax.patches, *ax.texts]:
        artist.set_visible(False)
    ax.set_axis_off()
    if title:
        ax.title.set_visible(False)
    fig.figimage(background, xo=0, yo=0, origin="upper", zorder=-1)
    trail = draw_path(ax, p[:1], markers=False)
    robot = draw_robot(ax, p[0], scale=robot_scale)

    def frame(i: int) -> None:
        update_path(trail, p[: i + 1])
        update_robot(robot, p[i])

    return _animation(fig, frame, frames, interval_ms=interval_ms, label=title or _("the robot driving along its path"))


def path_figure(*paths: ArrayLike, labels: Sequence[str] | None = None, extent: Sequence[float] | None = None,
                spacing: float = 0.5, robot: bool = True, robot_scale: float = 1.0,
                figsize: tuple[float, float] = (5.0, 4.5), title: str = "") -> PlotFigure:
    """A figure of one or more paths (each (N, 2) or (N, 3)) on a floor grid, robot at each end.

    Handy in a lesson: ``path_figure(poses)`` ends a cell and the notebook shows it.
    """
    fig = PlotFigure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    arrays = [np.asarray(q, dtype=float) for q in paths]
    if extent is None:
        allp = np.vstack([a[:, :2] for a in arrays])
        pad = 0.2 + 0.1 * robot_scale
        extent = (allp[:, 0].min() - pad, allp[:, 0].max() + pad, allp[:, 1].min() - pad, allp[:, 1].max() + pad)
    draw_floor(ax, extent=extent, spacing=spacing)
    # the first path in the true-path blue, the next in the estimate orange (dashed), as in the explorers
    for i, a in enumerate(arrays):
        label = labels[i] if labels is not None and i < len(labels) else None
        colour = _CYCLE_COLOURS[i % len(_CYCLE_COLOURS)]
        draw_path(ax, a, color=colour, label=label, linestyle=_CYCLE_DASHES[i % len(_CYCLE_DASHES)])
        if robot and a.shape[1] >= 3:
            draw_robot(ax, a[-1], scale=robot_scale, color=_ROBOT_COLOUR if i == 0 else colour, alpha=0.6)
    if labels:
        legend_below(ax)
    if title:
        ax.set_title(title)
    return fig


def map_figure(points: dict, *, segments: Sequence | None = None, robot: ArrayLike | None = None,
               extent: Sequence[float] | None = None, spacing: float = 0.5,
               figsize: tuple[float, float] | None = None, title: str = "") -> PlotFigure:
    """A floor map: labelled points, optional dashed segments between them, and a robot.

    Parameters
    ----------
    points : dict
        Label -> (x, y) [m], e.g. ``{"dock": (0.3, 0.4), "box": (1.5, 2.0)}``.
    segments : sequence of (a, b, text), optional
        Dashed lines between two points (each a label of ``points`` or an (x, y) pair),
        with a text at the middle (a distance, "Δx = 1.2 m", ...).
    robot : (x, y, θ), optional
        Draw the robot at this pose.
    """
    xy = np.array([tuple(map(float, p)) for p in points.values()] or [(0.0, 0.0)])
    if robot is not None:
        xy = np.vstack([xy, np.asarray(robot, dtype=float).reshape(-1)[:2]])
    if extent is None:
        extent = (min(0.0, xy[:, 0].min()) - 0.3, xy[:, 0].max() + 0.4, min(0.0, xy[:, 1].min()) - 0.3,
                  xy[:, 1].max() + 0.4)
    if figsize is None:  # as tall as the map needs at 5 inches wide
        ratio = (extent[3] - extent[2]) / max(extent[1] - extent[0], 1e-9)
        figsize = (5.0, min(max(5.0 * ratio * 0.9 + 0.8, 2.5), 6.0))
    fig = PlotFigure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    draw_floor(ax, extent=extent, spacing=spacing)
    ax.plot([0], [0], "+", color="black", markersize=14, markeredgewidth=2)
    on_origin = robot is not None and math.hypot(*np.asarray(robot, dtype=float).reshape(-1)[:2]) < ROBOT_LENGTH
    if on_origin:   # under the robot's right wheel, not on top of the robot
        ax.annotate(_("origin (0, 0)"), (0, -0.5 * ROBOT_WIDTH - 0.012), textcoords="offset points", xytext=(0, -3),
                    fontsize=8, ha="center", va="top")
    else:
        ax.annotate(_("origin (0, 0)"), (0, 0), textcoords="offset points", xytext=(6, -14), fontsize=8)
    for (end_a, end_b, text) in segments or ():
        (xa, ya) = points[end_a] if isinstance(end_a, str) else end_a
        (xb, yb) = points[end_b] if isinstance(end_b, str) else end_b
        ax.plot([xa, xb], [ya, yb], "--", color="#555555", linewidth=1.2)
        # the text sits beside the middle of the segment, on its left-hand side
        length = math.hypot(xb - xa, yb - ya) or 1.0
        nx, ny = -(yb - ya) / length, (xb - xa) / length
        ha = "right" if nx < -0.5 else ("left" if nx > 0.5 else "center")
        va = "bottom" if ny > 0.5 else ("top" if ny < -0.5 else "center")
        ax.annotate(text, ((xa + xb) / 2, (ya + yb) / 2), textcoords="offset points", xytext=(8 * nx, 8 * ny),
                    fontsize=9, color="#333333", ha=ha, va=va)
    for label, (x, y) in points.items():
        ax.plot([x], [y], "o", color=_colour("vermillion"), markersize=7, zorder=6)
        ax.annotate(f"{label} ({float(x):g}, {float(y):g})", (x, y), textcoords="offset points", xytext=(7, 5),
                    fontsize=9, zorder=7)
    if robot is not None:
        draw_robot(ax, robot)
    if title:
        ax.set_title(title)
    return fig


def headings_figure(headings: Sequence[float] = (0, 45, 90, 180, -90), *, unit: str = "deg",
                    figsize: tuple[float, float] = (4.4, 4.2)) -> PlotFigure:
    """Arrows for a few headings, each labelled in degrees and radians, with the counter-clockwise sense.

    ``headings`` are in ``unit`` (``"deg"`` or ``"rad"``).
    """
    from stemkit.units import to_degrees, to_radians

    fig = PlotFigure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.axhline(0, color="#bbbbbb", linewidth=0.8, zorder=0)
    ax.axvline(0, color="#bbbbbb", linewidth=0.8, zorder=0)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.8, -0.06, "+x", ha="center", va="top", color="#777777")
    ax.text(0.06, 0.8, "+y", ha="left", va="center", color="#777777")
    colours = [_colour(c) for c in ("vermillion", "blue", "green", "purple", "orange", "black")]
    for i, h in enumerate(headings):
        rad = float(to_radians(float(h), unit))
        deg = float(to_degrees(rad, "rad"))
        c, s = math.cos(rad), math.sin(rad)
        colour = colours[i % len(colours)]
        ax.annotate("", xy=(c, s), xytext=(0, 0), arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2})
        ax.text(1.17 * c, 1.17 * s, f"{format_number(deg, 4)}°\n{format_number(rad, 3)} rad", ha="center",
                va="center", fontsize=8, color=colour)
    # the counter-clockwise sense, drawn in the upper-left quarter
    arc = np.linspace(1.75, 2.9, 30)
    ax.plot(0.5 * np.cos(arc), 0.5 * np.sin(arc), color="#555555", linewidth=1)
    ax.annotate("", xy=(0.5 * math.cos(2.98), 0.5 * math.sin(2.98)),
                xytext=(0.5 * math.cos(2.88), 0.5 * math.sin(2.88)),
                arrowprops={"arrowstyle": "-|>", "color": "#555555"})
    ax.text(-0.5, 0.62, _("counter-clockwise\nis positive"), fontsize=8, color="#555555", ha="right", va="bottom")
    draw_robot(ax, (0.0, 0.0, 0.0), scale=1.3, alpha=0.8)
    return fig


def signals_figure(time: ArrayLike, signals: dict, *, ylabel: str = "", styles: dict | None = None,
                   title: str = "", figsize: tuple[float, float] = (6.4, 3.2), ylim: Sequence[float] | None = None,
                   hline: float | None = None) -> PlotFigure:
    """A figure of several signals over time: ``signals`` maps a label to an array like ``time``.

    ``styles`` maps a label to matplotlib keywords (``{"raw": {"marker": ".", "linestyle": "none"}}``);
    ``hline`` draws a dashed reference level (a setpoint).
    """
    fig = PlotFigure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    t = np.asarray(time, dtype=float)
    # "dashed" is the reference level's own style when there is one: the signals use the others
    dashes = [d for d in _CYCLE_DASHES if hline is None or d != "--"]
    k = 0   # a signal given its own colour does not use up one of the cycle's
    for label, values in signals.items():
        own = (styles or {}).get(label, {})
        style = {"linewidth": 1.8}
        if "color" not in own:
            style.update(color=_colour(_CYCLE_COLOURS[k % len(_CYCLE_COLOURS)]), linestyle=dashes[k % len(dashes)])
            k += 1
        style.update(own)
        ax.plot(t, np.asarray(values, dtype=float), label=label, **style)
    if hline is not None:
        ax.axhline(hline, color="#777777", linestyle="--", linewidth=1)
    ax.set_xlabel(_("time [s]"))
    if ylabel:
        ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(True, alpha=0.4)
    legend_below(ax)
    if title:
        ax.set_title(title)
    return fig


def ultrasonic_figure(pose: ArrayLike, walls: ArrayLike, sensor, *, extent: Sequence[float] | None = None,
                      spacing: float = 0.5, figsize: tuple[float, float] = (5.0, 4.0), title: str = "") -> PlotFigure:
    """The robot, the walls and the sensor's cone out to what it measures (no noise), with its rays.

    ``sensor`` is a :class:`stemkit.robotics.sensors.UltrasonicSensor`.
    """
    from stemkit.robotics.sensors import ray_cast

    p = np.asarray(pose, dtype=float).reshape(-1)[:3]
    w = np.asarray(walls, dtype=float).reshape(-1, 4)
    fig = PlotFigure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    if extent is None:
        xy = np.vstack([w[:, :2], w[:, 2:], p[None, :2]])
        extent = (xy[:, 0].min() - 0.2, xy[:, 0].max() + 0.2, xy[:, 1].min() - 0.2, xy[:, 1].max() + 0.2)
    draw_floor(ax, extent=extent, spacing=spacing)
    draw_walls(ax, w)
    angles = p[2] + sensor.mount.theta + np.linspace(-sensor.beam_width / 2, sensor.beam_width / 2, sensor.rays)
    c, s = math.cos(p[2]), math.sin(p[2])
    origin = (p[0] + c * sensor.mount.x - s * sensor.mount.y, p[1] + s * sensor.mount.x + c * sensor.mount.y)
    dists = ray_cast(origin, angles, w, max_range=sensor.max_range)
    for a, d in zip(angles, dists, strict=True):
        ax.plot([origin[0], origin[0] + d * math.cos(a)], [origin[1], origin[1] + d * math.sin(a)],
                color=_colour("green"), linewidth=0.6, alpha=0.7)
    nearest = float(dists.min())
    draw_beam(ax, (origin[0], origin[1], p[2] + sensor.mount.theta), distance=nearest, beam_width=sensor.beam_width)
    k = int(dists.argmin())
    # a big dark-edged diamond: it stands out from the green rays by its shape as well as its colour
    ax.plot([origin[0] + nearest * math.cos(angles[k])], [origin[1] + nearest * math.sin(angles[k])], "D",
            color=_colour("vermillion"), markeredgecolor="black", markersize=8, zorder=7,
            label=_("first echo: {value} m").format(value=format_number(nearest, 3)))
    draw_robot(ax, p)
    legend_below(ax)
    if title:
        ax.set_title(title)
    return fig

# --- end of mobile-robot section ---


# ---- arm and path planning (arm.py, planning.py) -------------------------------
import numpy as _np  # noqa: E402


def _arm_axes(ax, reach: float) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.set_aspect("equal", adjustable="box")
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    lim = 1.1 * reach
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.axhline(0.0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0.0, color="0.8", lw=0.8, zorder=0)
    ax.set_xlabel(_("x [m]"))
    ax.set_ylabel(_("y [m]"))


def draw_arm(ax, arm, joint_angles=None, *, color: str = "blue", linestyle: str = "-",
             alpha: float = 1.0, label: str | None = None, setup_axes: bool = True) -> dict:
    """Draw a 2-link arm (shoulder, links, elbow, tip) on ``ax``.

    ``arm`` is a :class:`stemkit.robotics.arm.Arm`; ``joint_angles`` [rad] default
    to its current pose. Returns ``{"links": Line2D, "tip": Line2D}``.
    """
    positions = arm.positions() if joint_angles is None else arm.positions(joint_angles)
    color = _colour(color)
    if setup_axes:
        _arm_axes(ax, arm.reach[1])
    (links,) = ax.plot(positions[:, 0], positions[:, 1], linestyle=linestyle, color=color, lw=4,
                       marker="o", markersize=7, markerfacecolor="white", alpha=alpha,
                       solid_capstyle="round", label=label, zorder=3)
    (tip,) = ax.plot(positions[2:, 0], positions[2:, 1], "o", color=color, markersize=6, alpha=alpha, zorder=4)
    ax.plot([0.0], [0.0], "s", color="0.3", markersize=11, zorder=2)
    return {"links": links, "tip": tip}


def update_arm(artists: dict, positions) -> None:
    """Move an arm drawn by :func:`draw_arm` to ``positions`` (shape (3, 2) [m]).

    ``positions=None`` hides it (e.g. an unreachable target has no solution).
    """
    if positions is None:
        artists["links"].set_data([], [])
        artists["tip"].set_data([], [])
        return
    p = _np.asarray(positions, dtype=float)
    artists["links"].set_data(p[:, 0], p[:, 1])
    artists["tip"].set_data(p[2:, 0], p[2:, 1])


def draw_workspace(ax, arm, *, samples: int = 41, limits: bool = True,
                   color: str = "#9ecae1", setup_axes: bool = True) -> dict:
    """Shade where the arm's tip can go: sampled tip positions and the reach circles.

    With ``limits=True`` the servos sweep 0–180°; the circles show the reach of
    free joints (r_min and r_max). Returns ``{"points", "outer", "inner"}``.
    """
    from matplotlib.patches import Circle

    if setup_axes:
        _arm_axes(ax, arm.reach[1])
    pts = arm.workspace(samples=samples, limits=limits)
    (points,) = ax.plot(pts[:, 0], pts[:, 1], ".", color=color, markersize=3, zorder=1)
    r_min, r_max = arm.reach
    outer = Circle((0.0, 0.0), r_max, fill=False, linestyle="--", color="0.5", lw=1)
    inner = Circle((0.0, 0.0), r_min, fill=False, linestyle="--", color="0.5", lw=1)
    ax.add_patch(outer)
    ax.add_patch(inner)
    return {"points": points, "outer": outer, "inner": inner}
def draw_joint_angles(ax, arm, joint_angles=None, *, color: str = "green") -> list:
    """Mark the joint angles of an arm drawn by :func:`draw_arm`.

    Draws the reference directions (the +x axis for q1, the dashed extension of
    link 1 for q2), an arc for each angle and its value in degrees. ``joint_angles``
    [rad] default to the arm's pose. Returns the artists.
    """
    from matplotlib.patches import Arc

    from stemkit.units import to_degrees, to_radians

    color = _colour(color)
    q = arm.joint_angles if joint_angles is None else _np.asarray(joint_angles, dtype=float)
    p = arm.positions(q)
    q_deg = to_degrees(q, "rad")
    l1, l2 = arm.link_lengths
    artists = []
    (ref1,) = ax.plot([0.0, 0.6 * l1], [0.0, 0.0], ":", color=color, lw=1.5)
    ext = p[1] + 0.6 * l2 * _np.array([_np.cos(q[0]), _np.sin(q[0])])
    (ref2,) = ax.plot([p[1, 0], ext[0]], [p[1, 1], ext[1]], ":", color=color, lw=1.5)
    artists += [ref1, ref2]
    for centre, start, sweep, radius, name in ((p[0], 0.0, q_deg[0], 0.35 * l1, "q1"),
                                               (p[1], q_deg[0], q_deg[1], 0.35 * l2, "q2")):
        lo, hi = sorted((start, start + sweep))
        arc = Arc(centre, 2 * radius, 2 * radius, theta1=lo, theta2=hi, color=color, lw=2)
        ax.add_patch(arc)
        mid = to_radians(start + sweep / 2, "deg")  # matplotlib's Arc works in degrees
        label = ax.text(centre[0] + 1.25 * radius * _np.cos(mid), centre[1] + 1.25 * radius * _np.sin(mid),
                        f"{name} = {sweep:.0f}°", color=color, ha="left", va="center", fontsize=10,
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
        artists += [arc, label]
    return artists


_GRID_FREE = (1.0, 1.0, 1.0, 1.0)
_GRID_BLOCKED = (0.22, 0.22, 0.25, 1.0)
_GRID_EARLY = _np.array([0.62, 0.80, 0.95, 1.0])   # first cells expanded: light blue
_GRID_LATE = _np.array([0.16, 0.42, 0.72, 1.0])    # last cells expanded: darker blue
_PATH_ORANGE = "orange"   # the planner's path, as in the planner explorer


def _grid_rgba(grid, result=None, upto: int | None = None):
    """RGBA image of the map with the first ``upto`` expanded cells shaded by their order."""
    rows, cols = grid.shape
    image = _np.empty((rows, cols, 4))
    image[:] = _GRID_FREE
    image[grid.occupancy] = _GRID_BLOCKED
    if result is not None and result.nodes_expanded:
        n = result.nodes_expanded if upto is None else max(0, min(int(upto), result.nodes_expanded))
        if n:
            cells = result.expanded[:n]
            t = _np.linspace(0.0, 1.0, result.nodes_expanded)[:n, None]
            image[cells[:, 0], cells[:, 1]] = (1 - t) * _GRID_EARLY + t * _GRID_LATE
    return image


def draw_grid(ax, grid, *, start=None, goal=None) -> dict:
    """Draw an occupancy grid: obstacles dark, free cells white, thin cell lines, S and G.

    Cell ``(row, col)`` is centred at x = col, y = row, row 0 at the top, as the map
    is printed. ``start``/``goal`` default to the map's own. Returns
    ``{"image", "start", "goal"}``.
    """
    rows, cols = grid.shape
    image = ax.imshow(_grid_rgba(grid), origin="upper", extent=(-0.5, cols - 0.5, rows - 0.5, -0.5),
                      interpolation="nearest", zorder=0)
    # cell borders as two line collections: cheaper to draw than minor-tick grid lines
    ax.vlines(_np.arange(0.5, cols - 1, 1.0), -0.5, rows - 0.5, colors="0.75", linewidth=0.5, zorder=1)
    ax.hlines(_np.arange(0.5, rows - 1, 1.0), -0.5, cols - 0.5, colors="0.75", linewidth=0.5, zorder=1)
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    from matplotlib.ticker import MaxNLocator

    for axis in (ax.xaxis, ax.yaxis):   # rows and columns are whole numbers
        axis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_("column"))
    ax.set_ylabel(_("row"))
    s = grid.start if start is None else start
    g = grid.goal if goal is None else goal
    (start_marker,) = ax.plot([] if s is None else [s[1]], [] if s is None else [s[0]], "o", color=_colour("green"),
                              markersize=min(12, 220 / max(rows, cols)), zorder=4)
    (goal_marker,) = ax.plot([] if g is None else [g[1]], [] if g is None else [g[0]], "*", color=_colour("vermillion"),
                             markersize=min(16, 300 / max(rows, cols)), zorder=4)
    return {"image": image, "start": start_marker, "goal": goal_marker}


def draw_search(ax, grid, result=None, *, upto: int | None = None) -> dict:
    """Draw a map with a planner's expanded cells (shaded by order) and its path.

    ``result`` is a :class:`stemkit.robotics.planning.PlanResult`; ``upto`` shows
    only the first ``upto`` expanded cells (and the path once all are shown).
    Returns the artists of :func:`draw_grid` plus ``"path"``.
    """
    artists = draw_grid(ax, grid, start=None if result is None else result.start,
                        goal=None if result is None else result.goal)
    (path,) = ax.plot([], [], "-", color=_colour(_PATH_ORANGE), lw=3, solid_capstyle="round", zorder=3)
    artists["path"] = path
    update_search(artists, grid, result, upto=upto)
    return artists


def update_search(artists: dict, grid, result=None, *, upto: int | None = None) -> None:
    """Show a new map and/or search result on artists made by :func:`draw_search`."""
    rows, cols = grid.shape
    artists["image"].set_data(_grid_rgba(grid, result, upto))
    artists["image"].set_extent((-0.5, cols - 0.5, rows - 0.5, -0.5))
    if result is None:
        artists["path"].set_data([], [])
        return
    artists["start"].set_data([result.start[1]], [result.start[0]])
    artists["goal"].set_data([result.goal[1]], [result.goal[0]])
    done = upto is None or upto >= result.nodes_expanded
    if result.found and done:
        artists["path"].set_data(result.path[:, 1], result.path[:, 0])
    else:
        artists["path"].set_data([], [])


def animate_search(grid, result, *, max_frames: int = 20, interval_ms: int = 150,
                   figsize: tuple[float, float] | None = None, title: str = ""):
    """A planner's search as an HTML player: cells fill in the order they were expanded.

    Frames are PNGs inside the HTML (see :func:`player_html`), so the player works
    in JupyterLab, in a saved notebook, in an HTML export and in CI, offline. The last
    frame shows the path.
    Returns an :class:`AnimationHTML`.
    """
    rows, cols = grid.shape
    if figsize is None:
        scale = 4.5 / max(rows, cols)
        figsize = (max(3.0, cols * scale + 0.8), max(2.5, rows * scale + 0.8))
    fig = Figure(figsize=figsize, dpi=2 * ANIMATION_DPI)
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.03, right=0.97, bottom=0.03, top=0.9)
    artists = draw_search(ax, grid, result, upto=0)
    # no tick labels: text is most of the drawing time of every frame
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    n = result.nodes_expanded
    frames = _np.unique(_np.linspace(0, n, max(2, min(int(max_frames), n + 1))).round().astype(int))
    label = title or _("{algorithm}, {connectivity}-connected").format(
        algorithm={"bfs": "BFS", "dijkstra": "Dijkstra", "astar": "A*"}.get(result.algorithm, result.algorithm),
        connectivity=result.connectivity)

    def frame(k: int) -> None:
        update_search(artists, grid, result, upto=int(k))
        ax.set_title(_("{label}: {count} cells expanded").format(label=label, count=int(k)), fontsize=10)

    return _animation(fig, frame, frames, interval_ms=interval_ms, label=label)


# ---- end of arm and path planning section ----------------------------------------


# ---------------------------------------------------------------------------
# Explanatory pictures: drawn once, shown as vectors (crisp at any screen scale).

class VectorFigure(Figure):
    """A matplotlib Figure that shows itself as SVG, at its natural size, when it ends a notebook cell."""

    def _repr_svg_(self) -> str:
        import io

        import matplotlib

        buffer = io.StringIO()
        # a fixed id salt and no date: the same picture gives the same file every run
        with matplotlib.rc_context({"svg.hashsalt": "stemkit", "svg.fonttype": "path"}):
            self.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()


def turning_centre_figure(*, left_speed: float = 0.20, right_speed: float = 0.30, track_width: float = 0.13,
                          seconds: float = 0.8) -> VectorFigure:
    """A car seen from above, turning around its turning centre: W, R, v_L, v_R and v.

    The wheels' speed arrows are drawn ``seconds`` long (how far each wheel rolls in that
    time), so their tips lie on one straight line through the turning centre.

    Parameters
    ----------
    left_speed, right_speed : float
        Rim speeds v_L and v_R [m/s]; they must differ (a car going straight has no centre).
    track_width : float
        W [m], between the middles of the wheels.
    seconds : float
        The arrows' length in seconds of travel [s].
    """
    from stemkit.ui.figure import PALETTE

    v_l, v_r, w = float(left_speed), float(right_speed), float(track_width)
    if not (math.isfinite(v_l) and math.isfinite(v_r)) or abs(v_r - v_l) < 1e-9:
        raise ValueError(_("the two wheel speeds must differ to turn around a centre, got {left} and {right} m/s")
                         .format(left=format_number(v_l), right=format_number(v_r)))
    if not w > 0:
        raise ValueError(_("track_width must be > 0 m, got {value}").format(value=format_number(w)))
    omega = (v_r - v_l) / w
    radius = (v_r + v_l) / 2 / omega
    fig = VectorFigure(figsize=(6.4, 3.3), layout="constrained")
    ax = fig.add_subplot()
    centre = -radius                           # the car points up (+y); its axle lies on the x axis
    xl, xr = -w / 2, w / 2
    blue, orange, green, grey = PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["grey"]
    # the body and the two wheels
    ax.add_patch(Polygon([(xl + 0.012, -0.05), (xr - 0.012, -0.05), (xr - 0.012, 0.09), (0, 0.13),
                          (xl + 0.012, 0.09)], closed=True, facecolor="#e8eef5", edgecolor="#555555", zorder=1))
    for x in (xl, xr):
        ax.add_patch(Polygon([(x - 0.01, -0.033), (x + 0.01, -0.033), (x + 0.01, 0.033), (x - 0.01, 0.033)],
                             closed=True, facecolor="#333333", zorder=2))
    # the axle, extended to the centre
    ax.plot([centre, xr], [0, 0], ":", color=grey, lw=1.2, zorder=1)
    ax.plot([centre], [0], "o", color=PALETTE["vermillion"], ms=7, zorder=5)
    ax.annotate(_("turning centre"), (centre, 0), xytext=(0, -18), textcoords="offset points", ha="center",
                fontsize=10, color=PALETTE["vermillion"])
    # speed arrows: how far each point rolls in `seconds`
    for x, v, name, colour, side in ((xl, v_l, "$v_L$", blue, -1), (xr, v_r, "$v_R$", orange, 1),
                                     (0.0, (v_l + v_r) / 2, "$v$", green, -1)):
        ax.annotate("", xy=(x, v * seconds), xytext=(x, 0),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.5, "mutation_scale": 14}, zorder=4)
        ax.text(x + side * 0.008, v * seconds, f"{name} = {format_number(v, 3)} m/s", color=colour, fontsize=10,
                va="center", ha="left" if side > 0 else "right", zorder=6,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    # the tips lie on one line through the centre: speed grows with the distance from it
    ax.plot([centre, xr], [0, v_r * seconds], "--", color=grey, lw=1, zorder=3)
    # the arc the middle of the axle drives
    # W and R as dimension lines below the axle
    for x0, x1, y, text in ((xl, xr, -0.075, f"W = {format_number(w * 1000, 3)} mm"),
                            (centre, 0.0, -0.12, f"R = {format_number(radius * 1000, 3)} mm")):
        ax.annotate("", xy=(x1, y), xytext=(x0, y), arrowprops={"arrowstyle": "<->", "color": "#333333", "lw": 1})
        ax.text((x0 + x1) / 2, y - 0.006, text, ha="center", va="top", fontsize=10)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlim(centre - 0.05, xr + 0.12)
    ax.set_ylim(-0.16, max(v_r, v_l) * seconds + 0.04)
    ax.axis("off")
    ax.set_title(_("The turning centre: ω = ($v_R$ − $v_L$) / W and R = v / ω"), fontsize=11)
    return fig


def cosine_triangle_figure(target: Sequence[float] = (0.10, 0.05), *,
                           link_lengths: Sequence[float] = (0.08, 0.06)) -> VectorFigure:
    """The triangle of shoulder, elbow and target, with the sides and angles of the law of cosines.

    Draws the elbow-down solution: sides L1, L2 and r = √(x² + y²), the triangle's inside
    angle at the elbow (180° − q2) and the elbow angle q2 measured from the line of link 1.

    Parameters
    ----------
    target : (x, y)
        The target [m]; it must be within reach.
    link_lengths : (L1, L2)
        [m]
    """
    from matplotlib.patches import Arc

    from stemkit.robotics.arm import inverse_kinematics, joint_positions
    from stemkit.ui.figure import PALETTE

    l1, l2 = (float(v) for v in link_lengths)
    q1, q2 = inverse_kinematics(target, link_lengths=(l1, l2), elbow="down")
    (sx, sy), (ex, ey), (tx, ty) = joint_positions((q1, q2), link_lengths=(l1, l2))
    r = math.hypot(tx, ty)
    fig = VectorFigure(figsize=(6.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    blue, orange, green, grey = PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["grey"]
    ax.fill([sx, ex, tx], [sy, ey, ty], color=PALETTE["sky"], alpha=0.15, zorder=0)
    ax.plot([sx, ex], [sy, ey], color=blue, lw=4, solid_capstyle="round", zorder=3)
    ax.plot([ex, tx], [ey, ty], color=orange, lw=4, solid_capstyle="round", zorder=3)
    ax.plot([sx, tx], [sy, ty], "--", color=green, lw=2, zorder=2)
    ax.plot([sx, ex], [sy, ey], "o", color="#333333", mfc="white", ms=8, zorder=4)
    ax.plot([tx], [ty], "x", color=PALETTE["vermillion"], ms=12, mew=3, zorder=5)

    def side_label(p0, p1, text, colour, away):
        mx, my = (p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2
        nx, ny = -(p1[1] - p0[1]), p1[0] - p0[0]
        norm = math.hypot(nx, ny)
        ax.text(mx + away * nx / norm, my + away * ny / norm, text, color=colour, fontsize=11, ha="center",
                va="center", fontweight="bold")

    # the shoulder, elbow, target corners go round counter-clockwise for elbow down: outside is to the right
    turn = 1.0 if (ex - sx) * (ty - sy) - (ey - sy) * (tx - sx) > 0 else -1.0
    side_label((sx, sy), (ex, ey), f"L1 = {format_number(l1 * 1000, 3)} mm", blue, -0.011 * turn)
    side_label((ex, ey), (tx, ty), f"L2 = {format_number(l2 * 1000, 3)} mm", orange, -0.022 * turn)
    side_label((sx, sy), (tx, ty), f"r = {format_number(r * 1000, 3)} mm", green, 0.010 * turn)
    ax.text(sx - 0.004, sy - 0.006, _("shoulder"), ha="right", va="top", fontsize=10)
    ax.text(ex, ey - 0.007, _("elbow"), ha="center", va="top", fontsize=10)
    ax.text(tx + 0.005, ty, _("target ({x} mm, {y} mm)").format(x=format_number(tx * 1000, 3),
                                                               y=format_number(ty * 1000, 3)),
            ha="left", va="center", fontsize=10, color=PALETTE["vermillion"])
    # q2 from the line of link 1 (dotted, carried on past the elbow) to link 2
    ux, uy = (ex - sx) / l1, (ey - sy) / l1
    ax.plot([ex, ex + 0.035 * ux], [ey, ey + 0.035 * uy], ":", color=grey, lw=1.5)
    d1 = math.degrees(math.atan2(uy, ux))
    d2 = math.degrees(math.atan2(ty - ey, tx - ex))
    lo, hi = sorted((d1, d2))
    ax.add_patch(Arc((ex, ey), 0.036, 0.036, theta1=lo, theta2=hi, color=PALETTE["purple"], lw=2))
    mid = math.radians((d1 + d2) / 2)
    ax.text(ex + 0.026 * math.cos(mid), ey + 0.026 * math.sin(mid), f"q2 = {format_number(math.degrees(q2), 3)}°",
            color=PALETTE["purple"], fontsize=10, ha="left", va="center")
    # the triangle's inside angle at the elbow, between the links
    back = math.degrees(math.atan2(sy - ey, sx - ex))
    lo, hi = sorted((back, d2))
    if hi - lo > 180:
        lo, hi = hi, lo + 360
    ax.add_patch(Arc((ex, ey), 0.022, 0.022, theta1=lo, theta2=hi, color="#333333", lw=1.5))
    mid = math.radians((lo + hi) / 2)
    ax.text(ex + 0.014 * math.cos(mid), ey + 0.014 * math.sin(mid),
            f"180° − q2 = {format_number(180 - math.degrees(q2), 3)}°", fontsize=9, ha="right", va="bottom")
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlim(min(sx, ex, tx) - 0.03, max(sx, ex, tx) + 0.075)
    ax.set_ylim(min(sy, ey, ty) - 0.022, max(sy, ey, ty) + 0.012)
    ax.axis("off")
    ax.set_title(_("The triangle shoulder – elbow – target and the law of cosines:\n"
                   "r² = L1² + L2² − 2·L1·L2·cos(180° − q2), so cos q2 = (r² − L1² − L2²) / (2·L1·L2)"), fontsize=10)
    return fig
