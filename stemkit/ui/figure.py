"""Explorer figures drawn in the browser (bqplot), and a vector still of them.

The kernel keeps only numbers: a :class:`Plot` holds bqplot marks whose ``x``/``y``
arrays go to the browser as binary buffers when they change, and the browser redraws
them as SVG, crisp at any device scale. Nothing is rasterised in the kernel.

:func:`still_svg` writes the same picture as one SVG document, for places where no
widget manager runs (a RISE slide, a static HTML export, nbviewer).

A Plot is a small wrapper on purpose: explorers call :meth:`Plot.line`,
:meth:`Plot.points`, :meth:`Plot.fill`, :meth:`Plot.text`, then change a mark's data
with :meth:`Plot.update` inside one :meth:`Plot.hold` per move.

Every widget that changes costs one message from the kernel to the browser on each
move, relayed by the Jupyter server, so a move should change as few widgets as it can.
:meth:`Plot.lines` and :meth:`Plot.dots` give *rows*: several lines (or points) of
one style drawn by one bqplot mark, each row with its own data, colour and legend
label, all sent in one message when any of them changes. Data and traits that did
not change are not sent again, and axes whose range moves in steps
(:func:`nice_limit`) are sent only when they step.

The legend never covers the data: it has a band of its own above the plot area, made
for it when the first named line is added (the plot grows by the band, the plot area
keeps its size). Its samples and names are two marks drawn outside the plot area, laid
out by the kernel, and the still picture draws the same band at the same place. They
change, one message each, only on the moves that show or hide a named line.
"""

from __future__ import annotations

import contextlib
import html
import math
from collections.abc import Iterator, Sequence
from typing import Any

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from stemkit.i18n import _, format_number

__all__ = ["Plot", "Row", "PALETTE", "still_svg", "nice_ticks", "nice_limit", "project"]

#: One colour per quantity, safe for the common colour-vision deficiencies (Okabe and Ito).
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "grey": "#7f7f7f", "black": "#222222",
}

_DASH = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dash_dotted"}
_SVG_DASH = {"solid": "", "dashed": "6,4", "dotted": "2,3", "dash_dotted": "6,3,2,3"}
#: Figure size in CSS pixels: it sits beside the controls on a 1366 x 768 screen.
WIDTH, HEIGHT = 560, 330

#: The outline [px] of an opaque shape drawn in its own colour, so two touching shapes show no seam.
SEAM_STROKE = 1.0

#: The legend band above the plot area [px]: rows of entries, each a sample and a name.
LEGEND_FONT = 12
LEGEND_ROW = 17
_SAMPLE = 18           # a line's sample, across
_SAMPLE_GAP = 5        # between the sample and its name
_ENTRY_GAP = 16        # between one entry and the next
_BAND_GAP = 4          # between the last row and the plot area
_TITLE_FONT = 14
_TITLE_ROOM = 22       # a title's strip at the top
#: Dashes of a line's sample as (start, end) pieces [px], the same in the browser and in the still.
_SAMPLE_DASHES = {"solid": ((0, 18),), "dashed": ((0, 6), (10, 16)), "dotted": ((0, 2), (5, 7), (10, 12), (15, 17)),
                  "dash_dotted": ((0, 6), (9, 11), (14, 18))}
#: Advance widths of a sans-serif font (Helvetica's, in 1/1000 em) for the legend's layout; other
#: characters (Cyrillic, Greek, symbols) count as 620. Browsers' sans-serif fonts (DejaVu, Noto,
#: Segoe) run up to 10 % wider, so the layout allows for that.
_ADVANCE = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10, 278, 278, 584,
     584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
     667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556,
     222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584),
    strict=True))


def text_width(text: str, size: float = LEGEND_FONT) -> float:
    """About how wide ``text`` is in a sans-serif font of ``size`` px (on the wide side).

    Examples
    --------
    >>> round(text_width("Il"), 1), round(text_width("MW"), 1)
    (6.6, 23.5)
    """
    return 1.1 * size * sum(_ADVANCE.get(c, 620) for c in str(text)) / 1000


class Plot:
    """One set of axes in the browser: x and y scales, axis labels and marks.

    Parameters
    ----------
    xlabel, ylabel : str
        Axis labels, with the unit in brackets.
    xlog, ylog : bool
        Logarithmic axes.
    xlim, ylim : (float, float), optional
        Fixed axis ranges; change them later with :meth:`xlim` / :meth:`ylim`.
    width, height : int
        Size in CSS pixels, without the legend's band: a plot with named lines grows by it
        (``plot.height`` then counts it), so its plot area keeps its size.
    equal : bool
        Equal scale on both axes (for anything spatial: a floor seen from above, a part's layer).
    yreverse : bool
        y grows downwards (rows of a map).
    title : str
        Written above the plot (and above its legend).
    """

    def __init__(self, *, xlabel: str = "", ylabel: str = "", xlog: bool = False, ylog: bool = False,
                 xlim: Sequence[float] | None = None, ylim: Sequence[float] | None = None,
                 width: int = WIDTH, height: int = HEIGHT, equal: bool = False, yreverse: bool = False,
                 title: str = "", xticks: bool = True, yticks: bool = True):
        # no padding round the marks: the plot's edges are exactly its limits, the same for every
        # scale of the plot (a relative one included) and for the still picture
        self.xscale = bq.LogScale(allow_padding=False) if xlog else bq.LinearScale(allow_padding=False)
        self.yscale = bq.LogScale(allow_padding=False) if ylog else bq.LinearScale(reverse=yreverse,
                                                                                  allow_padding=False)
        self.xlabel, self.ylabel, self.xlog, self.ylog, self.yreverse = xlabel, ylabel, xlog, ylog, yreverse
        self.equal = equal
        self.width, self.height = int(width), int(height)
        self.title = str(title)
        # the top margin without a legend: room for a title, or for the top tick's number
        self._top = _TITLE_ROOM + 6 if self.title else 12
        self._base_height = self.height
        self.margin = {"top": self._top, "bottom": 44 if xticks else 12, "left": 62 if yticks else 12,
                       "right": 14}
        # d3 picks round tick values itself; ".4~g" writes them without trailing zeros
        xaxis = bq.Axis(scale=self.xscale, label=xlabel, grid_lines="dashed", label_offset="34px",
                        tick_format=".4~g" if not xlog else "~s")
        yaxis = bq.Axis(scale=self.yscale, label=ylabel, orientation="vertical", grid_lines="dashed",
                        label_offset="48px", tick_format=".4~g" if not ylog else "~s")
        self.xaxis, self.yaxis = xaxis, yaxis
        if not xticks:
            xaxis.visible = False
        if not yticks:
            yaxis.visible = False
        # the title and the legend are the plot's own marks above the plot area (bqplot's own
        # legend sits over the data, and its title in the middle of the top margin)
        self.figure = bq.Figure(marks=[], axes=[xaxis, yaxis], title="", animation_duration=0,
                                fig_margin=dict(self.margin), padding_x=0.0, padding_y=0.0,
                                layout=widgets.Layout(width=f"{self.width}px", height=f"{self.height}px",
                                                      flex="0 0 auto"))
        self.marks: list[bq.Mark] = []
        # marks drawn in pixels above the plot area: the title, the legend's samples and names
        self._pixel_x = bq.LinearScale(min=0.0, max=1.0, allow_padding=False)
        self._pixel_y = bq.LinearScale(min=0.0, max=1.0, allow_padding=False)
        self._title_mark: bq.Label | None = None
        self._legend_marks: tuple[bq.Lines, bq.Label] | None = None
        self._named: list[tuple[bq.Mark, str]] = []    # plain marks with a legend entry, and its kind
        self._legend_rows = 0                          # rows the band has room for
        self._reserved_rows = 0                        # rows asked for by reserve_legend
        self._legend_now: tuple | None = None          # the entries the legend marks show
        self._sync_pixels()
        if self.title:
            self._title_mark = bq.Label(x=[0.0], y=[0.0], text=[self.title], scales=self._pixel_scales(),
                                        colors=[PALETTE["black"]], default_size=_TITLE_FONT, align="middle",
                                        font_weight="normal", apply_clip=False)
            self._place_title()
            self.figure.marks = [self._title_mark]
        self._groups: list[_Group] = []
        self._holding = 0
        # scales for rows drawn in units of a reference value (see xlim's ``per``)
        self._rel: dict[str, bq.LinearScale] = {}
        self._per = {"x": 1.0, "y": 1.0}
        # plots that share this one's scales on an axis (share_x, share_y), and the one this follows
        self._followers: dict[str, list[Plot]] = {"x": [], "y": []}
        self._leader: dict[str, Plot | None] = {"x": None, "y": None}
        self._xlim = self._ylim = None
        if xlim is not None:
            self.xlim(*xlim)
        if ylim is not None:
            self.ylim(*ylim)

    # -- marks --------------------------------------------------------------
    def _add(self, mark: bq.Mark) -> bq.Mark:
        self.marks.append(mark)
        self._show_marks()
        return mark

    def _show_marks(self) -> None:
        pixel = [m for m in (self._title_mark, *(self._legend_marks or ())) if m is not None]
        self.figure.marks = [*self.marks, *pixel]

    def _name(self, mark: bq.Mark, label: str, kind: str) -> bq.Mark:
        """Give a plain mark a legend entry (``kind``: "line", "dot" or "fill")."""
        if label:
            self._named.append((mark, kind))
            self._legend_grew()
        return mark

    def _scales(self, relative: str = "") -> dict:
        out = {"x": self.xscale, "y": self.yscale}
        for axis in relative:
            if axis not in self._rel:
                log = self.xlog if axis == "x" else self.ylog
                reverse = axis == "y" and self.yreverse
                self._rel[axis] = (bq.LogScale(allow_padding=False) if log
                                   else bq.LinearScale(allow_padding=False, reverse=reverse))
                self._sync_relative()
            out[axis] = self._rel[axis]
        return out

    def share_x(self, other: Plot) -> None:
        """Use ``other``'s x scales (call before adding marks): two plots over one x range, such as
        a Bode plot's gain and phase, then send one message between them when the range moves."""
        self._share(other, "x")

    def share_y(self, other: Plot) -> None:
        """Use ``other``'s y scales (call before adding marks), as :meth:`share_x` does across."""
        self._share(other, "y")

    def _share(self, other: Plot, axis: str) -> None:
        scale = other.xscale if axis == "x" else other.yscale
        if axis == "x":
            self.xscale = self.xaxis.scale = scale
        else:
            self.yscale = self.yaxis.scale = scale
        other._scales(axis)
        self._rel[axis] = other._rel[axis]
        self._leader[axis] = other
        other._followers[axis].append(self)

    def line(self, x: Any = (), y: Any = (), *, colour: str = PALETTE["blue"], width: float = 2.0,
             style: str = "-", label: str = "", steps: bool = False, opacity: float = 1.0,
             marker: str | None = None, marker_size: float = 50) -> bq.Lines:
        """A line through the points (x, y); 2-D x and y draw one line per row.

        ``marker`` ("circle", ...) also puts a marker on every point (an arm's joints on its links).
        """
        return self._name(self._add(bq.Lines(x=_array(x), y=_array(y), scales=self._scales(), colors=[colour],
                                             stroke_width=width, line_style=_DASH.get(style, style),
                                             opacities=[opacity], labels=[label] if label else [],
                                             display_legend=False, interpolation="step-after" if steps else "linear",
                                             marker=marker, marker_size=int(marker_size))), label, "line")

    def legend_entry(self, label: str, *, colour: str, style: str = "-", width: float = 2.0) -> bq.Lines:
        """A legend line with no data: it names rows that share a mark with unnamed ones (a robot, a path)."""
        return self._name(self._add(bq.Lines(x=[np.nan], y=[np.nan], scales=self._scales(), colors=[colour],
                                             stroke_width=width, line_style=_DASH.get(style, style), labels=[label],
                                             display_legend=False, preserve_domain={"x": True, "y": True})),
                          label, "line")

    def fill(self, x: Any = (), y: Any = (), *, colour: str = PALETTE["blue"], opacity: float = 0.25,
             edge: str | None = None, label: str = "") -> bq.Lines:
        """A filled polygon (or one per row of 2-D x and y)."""
        return self._name(self._add(bq.Lines(x=_array(x), y=_array(y), scales=self._scales(), fill="inside",
                                             colors=[edge or colour], fill_colors=[colour], fill_opacities=[opacity],
                                             stroke_width=1.0 if edge else 0.0, close_path=True,
                                             labels=[label] if label else [], display_legend=False)),
                          label, "fill")

    def points(self, x: Any = (), y: Any = (), *, colour: str = PALETTE["vermillion"], size: float = 64,
               marker: str = "circle", label: str = "") -> bq.Scatter:
        """Markers at the points (``size`` is the marker area [px²])."""
        # preserve_domain: a marker never widens the axes (the plot's limits say what is shown)
        return self._name(self._add(bq.Scatter(x=_array(x), y=_array(y), scales=self._scales(), colors=[colour],
                                               default_size=int(size), marker=marker, stroke="white",
                                               stroke_width=1.0, labels=[label] if label else [],
                                               display_legend=False, preserve_domain={"x": True, "y": True})),
                          label, "dot")

    def text(self, x: Any = (), y: Any = (), text: Sequence[str] = (), *, colour: str = PALETTE["black"],
             size: int = 13, align: str = "start", bold: bool = False, dx: float = 0, dy: float = 0) -> bq.Label:
        """Text at data positions (``dx``, ``dy`` shift it [px])."""
        return self._add(bq.Label(x=_array(x), y=_array(y), text=list(text), scales=self._scales(),
                                  colors=[colour], default_size=size, align=align, x_offset=int(dx),
                                  y_offset=int(dy), font_weight="bold" if bold else "normal",
                                  preserve_domain={"x": True, "y": True}))

    def lines(self, *, width: float = 2.0, style: str = "-", fill: bool = False, legend: bool = True,
              relative: str = "", names: bool = False, closed: bool | None = None) -> _Group:
        """One mark for several lines of the same width and dash (``fill=True``: filled polygons).

        Add its lines with ``group.row(colour=..., label=...)``; each row is changed with
        :meth:`update` like a mark, and all rows go to the browser in one message.
        ``relative="y"`` (or ``"x"``, ``"xy"``) draws the rows in units of the ``per`` value
        given to :meth:`ylim` (:meth:`xlim`): data that only scale with it, such as a
        divider's output with its supply, then need no new message, only the axis does.
        ``names=True`` writes each row's label at its last point instead of in the legend.
        ``closed`` (default: ``fill``) closes every row into a polygon; a filled group that
        also holds open lines (a path beside a robot's outline) says ``closed=False`` and
        repeats each polygon's first point at its end.
        """
        mark = bq.Lines(x=np.zeros((0, 2)), y=np.zeros((0, 2)), scales=self._scales(relative), colors=["#000000"],
                        stroke_width=width, line_style=_DASH.get(style, style), labels=[],
                        display_legend=False, fill="inside" if fill else "none",
                        close_path=fill if closed is None else closed,
                        labels_visibility="label" if names else "none")
        return self._group(_Group(self, mark, legend=legend, relative=relative))

    def dots(self, *, size: float = 64, marker: str = "circle", legend: bool = True, name_dx: float = 0,
             name_dy: float = 0, relative: str = "") -> _Group:
        """One mark for markers of several colours, each row with its own points and text beside them.

        ``name_dx``, ``name_dy`` [px] move the text from the marker's top-right corner (right, up);
        ``relative`` as for :meth:`lines`.
        """
        r = math.sqrt(size) / 2
        mark = bq.Scatter(x=np.zeros(0), y=np.zeros(0), scales=self._scales(relative), colors=["#000000"],
                          default_size=int(size), marker=marker, stroke="white", stroke_width=1.0, labels=[],
                          display_legend=False, names=np.array([], dtype=str), names_unique=False,
                          display_names=True, label_display_horizontal_offset=r + name_dx,
                          label_display_vertical_offset=r + name_dy, preserve_domain={"x": True, "y": True})
        return self._group(_Group(self, mark, legend=legend, relative=relative))

    def _group(self, group: _Group) -> _Group:
        self._groups.append(group)
        self._add(group.mark)
        return group

    def right_axis(self, *, label: str, low: float, high: float) -> bq.Axis:
        """A second y axis on the right with its own fixed range (the same heights in other units)."""
        scale = bq.LinearScale(min=float(low), max=float(high), allow_padding=False)
        axis = bq.Axis(scale=scale, label=label, orientation="vertical", side="right", label_offset="44px",
                       tick_format=".4~g")
        self.margin["right"] = 62
        self.figure.fig_margin = dict(self.margin)
        self._sync_pixels()
        self._place_title()
        self._legend_now = None
        self._update_legend()
        self.figure.axes = [*self.figure.axes, axis]
        self._right = (label, float(low), float(high))
        return axis

    def labels(self, *, x: str | None = None, y: str | None = None) -> None:
        """Change the axis labels."""
        if x is not None and x != self.xlabel:
            self.xlabel = self.xaxis.label = x
        if y is not None and y != self.ylabel:
            self.ylabel = self.yaxis.label = y

    @property
    def visible(self) -> bool:
        """False when the plot is hidden (``plot.show(False)``)."""
        return self.figure.layout.display != "none"

    def show(self, visible: bool = True) -> None:
        """Show or hide the whole plot."""
        self.figure.layout.display = None if visible else "none"

    # -- the title and the legend, in pixels above the plot area ---------------------
    def _pixel_scales(self) -> dict:
        return {"x": self._pixel_x, "y": self._pixel_y}

    def _plot_area(self) -> tuple[float, float]:
        m = self.margin
        return float(self.width - m["left"] - m["right"]), float(self.height - m["top"] - m["bottom"])

    def _sync_pixels(self) -> None:
        # one unit is one pixel: x from the plot area's left edge, y up from its bottom edge
        pw, ph = self._plot_area()
        _set_changed(self._pixel_x, {"min": 0.0, "max": max(pw, 1.0)})
        _set_changed(self._pixel_y, {"min": 0.0, "max": max(ph, 1.0)})

    def _place_title(self) -> None:
        if self._title_mark is not None:
            pw, ph = self._plot_area()
            # the middle of the title's strip, 15 px below the figure's top
            _set_changed(self._title_mark, {"x": [pw / 2], "y": [ph + self.margin["top"] - 15.0]})

    @property
    def legend_rows(self) -> int:
        """Rows of legend entries the band above the plot area has room for (0: no legend)."""
        return self._legend_rows

    def reserve_legend(self, rows: int | Plot) -> None:
        """Keep room for ``rows`` rows of legend, or for as many as another plot's legend has:
        a plot beside one with a legend then keeps its plot area level with it."""
        rows = rows.legend_rows if isinstance(rows, Plot) else int(rows)
        self._reserved_rows = max(self._reserved_rows, rows)
        self._legend_grew()

    def _legend_entries(self, every: bool = False) -> list[tuple]:
        """The named lines the legend lists now (``every``: all it may ever list), in the order they are drawn.

        Each is (label, colour, kind, line style, fill colour, fill opacity); kind is "line", "dot" or "fill".
        """
        groups = {id(g.mark): g for g in self._groups}
        named = {id(m): kind for m, kind in self._named}
        out = []
        for mark in self.marks:
            group = groups.get(id(mark))
            if group is not None:
                if not group.legend or getattr(mark, "labels_visibility", "none") == "label":
                    continue   # names written beside the lines list nothing
                for r in group.rows:
                    if not r.label or not (every or (r.display_legend and mark.visible)):
                        continue
                    if isinstance(mark, bq.Scatter):
                        kind = "dot"
                    else:
                        kind = "fill" if mark.fill == "inside" and r.fill_opacity > 0 else "line"
                    out.append((r.label, r.colour, kind, getattr(mark, "line_style", "solid"),
                                r.fill_colour or r.colour, r.fill_opacity))
            elif id(mark) in named and mark.labels and (every or mark.visible):
                colour = (list(mark.colors) or ["#000000"])[0]
                fills = list(getattr(mark, "fill_colors", None) or [colour])
                opacities = list(getattr(mark, "fill_opacities", None) or [1.0])
                out.append((mark.labels[0], colour, named[id(mark)], getattr(mark, "line_style", "solid"),
                            fills[0], float(opacities[0])))
        return out

    def _legend_layout(self, entries: Sequence[tuple]) -> tuple[list[tuple[float, int]], int]:
        """Where each entry starts (x [px] from the plot area's left edge, row) and how many rows.

        Entries run left to right and wrap into a new row where the next one would pass the
        figure's right edge.
        """
        room = self.width - self.margin["left"] - 4
        x, row, spots = 0.0, 0, []
        for entry in entries:
            wide = _SAMPLE + _SAMPLE_GAP + text_width(entry[0])
            if x > 0 and x + wide > room:
                x, row = 0.0, row + 1
            spots.append((x, row))
            x += wide + _ENTRY_GAP
        return spots, (row + 1 if entries else 0)

    def _legend_geometry(self, entries: Sequence[tuple]) -> tuple[list[tuple], list[tuple]]:
        """Samples (x, y arrays with NaN between dashes, stroke, fill, fill opacity) and names
        (x, y of the text's middle, text), in pixels from the plot area's top-left corner (y down)."""
        spots, _rows = self._legend_layout(entries)
        rows = self._legend_rows
        samples, names = [], []
        for (label, colour, kind, style, fill, opacity), (x, row) in zip(entries, spots, strict=True):
            y = -_BAND_GAP - (rows - row - 0.5) * LEGEND_ROW
            if kind == "dot":
                t = np.linspace(0.0, 2 * np.pi, 17)
                samples.append((x + _SAMPLE / 2 + 3.5 * np.cos(t), y + 3.5 * np.sin(t), colour, colour, 1.0))
            elif kind == "fill":
                samples.append((x + np.array([1.0, 17, 17, 1, 1]), y + np.array([-5.0, -5, 5, 5, -5]), colour, fill,
                                float(opacity)))
            else:
                pieces = _SAMPLE_DASHES.get(style, _SAMPLE_DASHES["solid"])
                xs = np.concatenate([[x + a, x + b, np.nan] for a, b in pieces])[:-1]
                ys = np.where(np.isnan(xs), np.nan, y)
                samples.append((xs, ys, colour, colour, 0.0))
            names.append((x + _SAMPLE + _SAMPLE_GAP, y, label))
        return samples, names

    def _legend_grew(self) -> None:
        """A named line was added (or room reserved): make the band tall enough for every entry."""
        entries = self._legend_entries(every=True)
        _spots, rows = self._legend_layout(entries)
        rows = max(rows, self._reserved_rows)
        if entries and self._legend_marks is None:
            scales = self._pixel_scales()
            self._legend_marks = (
                bq.Lines(x=np.zeros((0, 2)), y=np.zeros((0, 2)), scales=scales, colors=["#000000"], stroke_width=2.0,
                         fill="inside", fill_colors=["#000000"], fill_opacities=[0.0], close_path=False,
                         apply_clip=False, preserve_domain={"x": True, "y": True}),
                bq.Label(x=np.zeros(0), y=np.zeros(0), text=[], scales=scales, colors=[PALETTE["black"]],
                         default_size=LEGEND_FONT, align="start", font_weight="normal", apply_clip=False))
            self._show_marks()
        if rows != self._legend_rows:
            self._legend_rows = rows
            top = ((self._top if self.title else 4) + rows * LEGEND_ROW + _BAND_GAP) if rows else self._top
            self.margin["top"] = top
            self.height = self._base_height + top - self._top
            self.figure.fig_margin = dict(self.margin)
            self.figure.layout.height = f"{self.height}px"
            self._sync_pixels()
            self._place_title()
            if self._xlim is not None and self._ylim is not None:
                self._equalise()
            else:
                self._ticks()
        self._legend_now = None
        if not self._holding:
            self._update_legend()

    def _update_legend(self) -> None:
        """Put the entries shown now into the legend's marks (nothing is sent when they are the same)."""
        if self._legend_marks is None:
            return
        entries = tuple(self._legend_entries())
        if entries == self._legend_now:
            return
        self._legend_now = entries
        samples, names = self._legend_geometry(entries)
        lines, texts = self._legend_marks
        _pw, ph = self._plot_area()
        n = max((len(xs) for xs, *_rest in samples), default=0)

        def padded(a):   # rows of one length: the last point again draws nothing more
            return np.concatenate([a, np.repeat(a[-1:], n - len(a))])
        with lines.hold_sync(), texts.hold_sync():
            _set_changed(lines, {
                "x": np.vstack([padded(xs) for xs, *_r in samples]) if samples else np.zeros((0, 2)),
                "y": ph - np.vstack([padded(ys) for _x, ys, *_r in samples]) if samples else np.zeros((0, 2)),
                "colors": [c for _x, _y, c, _f, _o in samples] or ["#000000"],
                "fill_colors": [f for _x, _y, _c, f, _o in samples] or ["#000000"],
                "fill_opacities": [o for *_r, o in samples] or [0.0]})
            _set_changed(texts, {"x": np.array([x for x, _y, _t in names], dtype=float),
                                 "y": ph - np.array([y for _x, y, _t in names], dtype=float),
                                 "text": [t for _x, _y, t in names]})

    def legend_box(self) -> tuple[float, float, float, float] | None:
        """The legend as drawn now, as a box (left, top, right, bottom) [px] in the figure
        (the names' widths estimated as the layout does), or None with no entry shown."""
        entries = self._legend_entries()
        if not entries:
            return None
        samples, names = self._legend_geometry(entries)
        m = self.margin
        xs = [v for xs, *_r in samples for v in xs if math.isfinite(v)]
        ys = [v for _x, ys, *_r in samples for v in ys if math.isfinite(v)]
        xs += [v for x, _y, t in names for v in (x, x + text_width(t))]
        ys += [v for _x, y, _t in names for v in (y - LEGEND_FONT / 2, y + LEGEND_FONT / 2)]
        return (m["left"] + min(xs), m["top"] + min(ys), m["left"] + max(xs), m["top"] + max(ys))

    # -- updates --------------------------------------------------------------
    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Send every change made inside the block in one message per widget (mark, scale, axis)."""
        with contextlib.ExitStack() as stack:
            # entered first, left last: the marks' data follow their scales' new ranges
            for mark in self.figure.marks:
                stack.enter_context(mark.hold_sync())
            for widget in (self.figure, *self.figure.axes, *self._scale_widgets()):
                stack.enter_context(widget.hold_sync())
            self._holding += 1
            try:
                yield
            finally:
                self._holding -= 1
                if not self._holding:
                    self._flush()

    def _flush(self) -> None:
        for group in self._groups:
            group.flush()
        self._update_legend()

    def update(self, mark: bq.Mark | Row, **values: Any) -> None:
        """Change a mark's (or a row's) data: ``x``, ``y``, ``text``, ``colors``, ...; arrays go as binary.

        A value equal to the one the browser already has is not sent again.
        """
        if isinstance(mark, Row):
            mark.set(**values)
            if not self._holding:
                self._flush()
            return
        _set_changed(mark, values)

    def xlim(self, low: float, high: float, *, per: float | None = None) -> None:
        """Set the x range; ``per`` is the unit of the rows drawn ``relative="x"``."""
        self._xlim = (float(low), float(high))
        self.xscale.min, self.xscale.max = self._xlim
        self._set_per("x", per)
        self._equalise()

    def ylim(self, low: float, high: float, *, per: float | None = None) -> None:
        """Set the y range; ``per`` is the unit of the rows drawn ``relative="y"``."""
        self._ylim = (float(low), float(high))
        self.yscale.min, self.yscale.max = self._ylim
        self._set_per("y", per)
        self._equalise()

    def _set_per(self, axis: str, per: float | None) -> None:
        if per is None or float(per) == self._per[axis]:
            return
        if not (math.isfinite(per) and per > 0):
            raise ValueError(_("the unit of a relative axis must be a number > 0, got {value}").format(value=per))
        self._per[axis] = float(per)
        for plot in [self, *self._followers[axis]]:
            for group in plot._groups:
                if axis in group.relative:
                    group.dirty = True

    def _sync_relative(self) -> None:
        # a relative scale shows the same stretch of the plot, in units of ``per``
        for axis, rel in self._rel.items():
            if self._leader[axis] is not None:
                continue   # the leading plot keeps the shared scale
            scale, per = (self.xscale if axis == "x" else self.yscale), self._per[axis]
            if scale.min is not None and scale.max is not None:
                # 12 digits: a last-bit difference from the division is not worth a message
                _set_changed(rel, {"min": float(f"{float(scale.min) / per:.12g}"),
                                   "max": float(f"{float(scale.max) / per:.12g}")})

    def _scale_widgets(self) -> list:
        seen: dict[int, Any] = {}
        for w in (self.xscale, self.yscale, *self._rel.values()):
            seen.setdefault(id(w), w)
        return list(seen.values())

    def view(self, xmin: float, xmax: float, ymin: float, ymax: float) -> None:
        """Show at least this box; with ``equal=True`` one metre is as long on both axes."""
        self._xlim, self._ylim = (float(xmin), float(xmax)), (float(ymin), float(ymax))
        self._equalise(force=True)

    def _ticks(self) -> None:
        # round tick values, about one per 70 px across and 35 px up (d3's own choice crowds small plots)
        pw = self.width - self.margin["left"] - self.margin["right"]
        ph = self.height - self.margin["top"] - self.margin["bottom"]
        for scale, axis, log, pixels, per in ((self.xscale, self.xaxis, self.xlog, pw, 70),
                                              (self.yscale, self.yaxis, self.ylog, ph, 35)):
            if scale.min is None or scale.max is None or not axis.visible:
                continue   # an axis nobody sees needs no ticks sent
            lo, hi = sorted((float(scale.min), float(scale.max)))
            ticks = nice_ticks(lo, hi, max(2, int(pixels / per)), log=log)
            if ticks != list(axis.tick_values if axis.tick_values is not None else []):
                axis.tick_values = np.asarray(ticks, dtype=float)

    def _equalise(self, force: bool = False) -> None:
        try:
            self._set_limits(force)
        finally:
            self._ticks()
            self._sync_relative()

    def _set_limits(self, force: bool = False) -> None:
        if not (self.equal or force) or self._xlim is None or self._ylim is None:
            if force:
                self.xscale.min, self.xscale.max = self._xlim
                self.yscale.min, self.yscale.max = self._ylim
            return
        (x0, x1), (y0, y1) = self._xlim, self._ylim
        if self.equal:
            pw = self.width - self.margin["left"] - self.margin["right"]
            ph = self.height - self.margin["top"] - self.margin["bottom"]
            per_px = max((x1 - x0) / pw, (y1 - y0) / ph)
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            x0, x1 = cx - per_px * pw / 2, cx + per_px * pw / 2
            y0, y1 = cy - per_px * ph / 2, cy + per_px * ph / 2
        self.xscale.min, self.xscale.max = float(x0), float(x1)
        self.yscale.min, self.yscale.max = float(y0), float(y1)

    # -- still picture ------------------------------------------------------------
    def svg(self, *, x0: float = 0.0, y0: float = 0.0) -> str:
        """This plot as an SVG group: axes, ticks, grid and every visible mark."""
        return _plot_svg(self, x0, y0)


#: Finer steps for :func:`nice_limit`: an axis top at most 25 % above the data.
FINE_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)


def nice_limit(value: float, steps: Sequence[float] = (1, 2, 5)) -> float:
    """The smallest of ``steps`` x 10^k that is at least ``value`` (an axis top that moves in steps).

    An axis whose end moves in steps sends nothing to the browser on most moves.

    Examples
    --------
    >>> nice_limit(13.8), nice_limit(0.04), nice_limit(200)
    (20.0, 0.05, 200.0)
    >>> nice_limit(13.8, FINE_STEPS), nice_limit(5.2, FINE_STEPS)
    (15.0, 6.0)
    """
    if not (value > 0 and math.isfinite(value)):
        return 1.0
    k = math.floor(math.log10(value))
    for m in (*steps, 10):
        if m * 10.0 ** k >= value * (1 - 1e-12):
            return float(f"{m * 10.0 ** k:.12g}")
    return 10.0 ** (k + 1)


def _array(values: Any) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    return a if a.ndim else a.reshape(1)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, np.ndarray) or isinstance(new, np.ndarray):
        if old is None or new is None:
            return False
        a, b = np.asarray(old), np.asarray(new)
        # bqplot keeps one line as 1-D: (1, n) and (n,) are the same data
        if np.squeeze(a).shape != np.squeeze(b).shape or a.dtype.kind != b.dtype.kind:
            return False
        a, b = a.reshape(-1), b.reshape(-1)
        if a.size == 0 or np.array_equal(a, b):
            return True
        if a.dtype.kind == "f":
            # a difference below 1e-12 of the value is nowhere near a pixel: not worth a message
            finite = np.abs(a[np.isfinite(a)])
            scale = float(finite.max()) if finite.size else 0.0
            return bool(np.allclose(a, b, rtol=1e-12, atol=1e-12 * scale, equal_nan=True))
        return bool(np.array_equal(a, b))
    try:
        return bool(old == new)
    except (TypeError, ValueError):
        return False


def _f32(a: np.ndarray) -> np.ndarray:
    """Shared marks send 4-byte floats: 7 digits are far finer than a pixel, and half the bytes."""
    return np.ascontiguousarray(a, dtype=np.float32)


def _set_changed(widget: Any, values: dict) -> None:
    """Set the traits whose value differs from the widget's own (the others cost a message for nothing)."""
    for key, value in values.items():
        if key in ("x", "y"):
            value = value if isinstance(value, np.ndarray) and value.dtype == np.float32 else _array(value)
        elif isinstance(value, tuple):
            value = list(value)
        if not _same(getattr(widget, key), value):
            setattr(widget, key, value)


class Row:
    """One line, polygon or set of points inside a shared mark (see :meth:`Plot.lines`, :meth:`Plot.dots`).

    It reads like a mark of its own: ``row.x``, ``row.y`` (and ``row.text`` for points)
    are its data as last set, and a row with no data is left out of the mark and of the
    legend. Change it with :meth:`Plot.update`.
    """

    def __init__(self, group: _Group, *, colour: str, label: str = "", opacity: float = 1.0,
                 fill_colour: str | None = None, fill_opacity: float = 0.25):
        self.group, self.colour, self.label = group, colour, label
        self.opacity, self.fill_colour, self.fill_opacity = float(opacity), fill_colour, float(fill_opacity)
        self._x, self._y = np.zeros(0), np.zeros(0)
        self._text: list[str] = []
        self._legend = True

    x = property(lambda self: self._x, doc="The row's x data.")
    y = property(lambda self: self._y, doc="The row's y data.")
    text = property(lambda self: list(self._text), doc="The text beside each point (points only).")

    @property
    def display_legend(self) -> bool:
        """True while the legend lists this row (it has a label, data, and was not switched off)."""
        return bool(self.label) and self._legend and self._x.size > 0 and self.group.legend

    @display_legend.setter
    def display_legend(self, value: bool) -> None:
        if bool(value) != self._legend:
            self._legend = bool(value)
            self.group.dirty = True

    def set(self, **values: Any) -> None:
        """Change the row's ``x``, ``y``, ``text`` or ``colour``."""
        for key, value in values.items():
            if key in ("x", "y"):
                value = _array(value)
                if not _same(getattr(self, "_" + key), value):
                    setattr(self, "_" + key, value)
                    self.group.dirty = True
            elif key == "text":
                value = [str(t) for t in value]
                if value != self._text:
                    self._text = value
                    self.group.dirty = True
            elif key in ("colour", "colors"):
                value = value[0] if isinstance(value, (list, tuple)) else value
                if value != self.colour:
                    self.colour = value
                    self.group.dirty = True
            else:
                raise TypeError(_("a row has x, y, text and colour, not {key!r}").format(key=key))


class _Group:
    """Rows drawn by one bqplot mark: a Lines mark with one row per line, or a Scatter with all the points."""

    def __init__(self, plot: Plot, mark: bq.Mark, *, legend: bool, relative: str = ""):
        self.plot, self.mark, self.legend, self.relative = plot, mark, legend, relative
        self.rows: list[Row] = []
        self.dirty = False

    def _data(self, row: Row) -> tuple[np.ndarray, np.ndarray]:
        x, y = row._x, row._y
        if x.ndim == y.ndim == 1:
            k = min(x.size, y.size)
            x, y = x[:k], y[:k]
        if "x" in self.relative:
            x = x / (self.plot._leader["x"] or self.plot)._per["x"]
        if "y" in self.relative:
            y = y / (self.plot._leader["y"] or self.plot)._per["y"]
        return x, y

    def row(self, *, colour: str, label: str = "", opacity: float = 1.0, fill_colour: str | None = None,
            fill_opacity: float = 0.25) -> Row:
        """Add a row (a line, a polygon, or points) drawn in ``colour``; ``label`` names it in the legend."""
        row = Row(self, colour=colour, label=label, opacity=opacity, fill_colour=fill_colour,
                  fill_opacity=fill_opacity)
        self.rows.append(row)
        if label and self.legend:
            self.plot._legend_grew()
        return row

    def _pieces(self, lines: list) -> list:
        """Cut long open lines into pieces that share their end points, so the short rows beside
        them (a robot's outline beside its path) are not padded to the long one's length: the
        browser then handles a few hundred points, not thousands. A piece looks the same as the
        whole; a polygon (a filled row) is never cut."""
        def cuttable(r):
            return self.mark.fill != "inside" or r.fill_opacity == 0
        short = max((x.size for x, _y, r in lines if not cuttable(r)), default=2)
        longest = max((x.size for x, _y, _r in lines), default=0)
        if len(lines) < 2 or longest <= 2 * short:
            return lines

        def total(c):
            return c * sum(-(-(x.size - 1) // (c - 1)) if cuttable(r) and x.size > c else 1 for x, _y, r in lines)
        c = min(range(max(short, 2), longest + 1, max(1, (longest - short) // 64 or 1)), key=total)
        out = []
        for x, y, r in lines:
            if cuttable(r) and x.size > c:
                out += [(x[k:k + c], y[k:k + c], r) for k in range(0, x.size - 1, c - 1)]
            else:
                out.append((x, y, r))
        return out

    def flush(self) -> None:
        """Put the rows' data into the mark (only what changed reaches the browser)."""
        if not self.dirty:
            return
        self.dirty = False
        shown = [r for r in self.rows if r._x.size and r._y.size]
        labelled = [r for r in shown if r.display_legend]
        # the plot's own legend lists the rows (bqplot's would sit over the data)
        values: dict[str, Any] = {}
        data = [self._data(r) for r in shown]
        shown, data = [r for r, d in zip(shown, data, strict=True) if d[0].size], [d for d in data if d[0].size]
        if isinstance(self.mark, bq.Lines):
            # a row with 2-D data is several lines of its colour, one per row of the data
            lines = []
            for r, (x, y) in zip(shown, data, strict=True):
                if x.ndim == 2 or y.ndim == 2:
                    xx, yy = np.broadcast_arrays(np.atleast_2d(x), np.atleast_2d(y))
                    lines += [(xx[i], yy[i], r) for i in range(xx.shape[0])]
                else:
                    lines.append((x, y, r))
            if not labelled and self.mark.line_style == "solid":
                lines = self._pieces(lines)
            n = max((x.size for x, _y, _r in lines), default=0)
            # lines of different lengths are padded with their last point, which draws nothing more
            xs = [np.concatenate([x, np.repeat(x[-1:], n - x.size)]) for x, _y, _r in lines]
            ys = [np.concatenate([y, np.repeat(y[-1:], n - y.size)]) for _x, y, _r in lines]
            rows = [r for _x, _y, r in lines]
            values.update(x=_f32(np.vstack(xs) if xs else np.zeros((0, 2))),
                          y=_f32(np.vstack(ys) if ys else np.zeros((0, 2))),
                          colors=[r.colour for r in rows] or ["#000000"],
                          opacities=[r.opacity for r in rows])
            if self.mark.fill == "inside":
                values.update(fill_colors=[r.fill_colour or r.colour for r in rows] or ["#000000"],
                              fill_opacities=[r.fill_opacity for r in rows])
            if self.mark.labels_visibility == "label":
                values.update(labels=[r.label for r in rows])
        else:
            colours, names = [], []
            data = [(x.reshape(-1), y.reshape(-1)) for x, y in data]
            for r, (x, _y) in zip(shown, data, strict=True):
                colours += [r.colour] * x.size
                names += (r._text + [""] * x.size)[:x.size]
            values.update(x=_f32(np.concatenate([x for x, _y in data]) if data else np.zeros(0)),
                          y=_f32(np.concatenate([y for _x, y in data]) if data else np.zeros(0)),
                          colors=colours or ["#000000"], names=np.array(names, dtype=str))
        _set_changed(self.mark, values)


# == a vector still of the same figure =========================================

def nice_ticks(low: float, high: float, count: int = 5, *, log: bool = False) -> list[float]:
    """Round tick values between ``low`` and ``high`` (powers of ten on a log axis).

    Examples
    --------
    >>> nice_ticks(0, 12)
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]
    >>> nice_ticks(10, 1e5, log=True)
    [10.0, 100.0, 1000.0, 10000.0, 100000.0]
    """
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return []
    if log:
        if low <= 0:
            return []
        a, b = math.ceil(math.log10(low) - 1e-9), math.floor(math.log10(high) + 1e-9)
        step = max(1, math.ceil((b - a + 1) / 7))
        return [10.0 ** k for k in range(a, b + 1, step)]
    raw = (high - low) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 5, 10)), key=lambda s: abs(s - raw))   # the round step nearest
    first = math.ceil(low / step - 1e-9)
    ticks = []
    k = first
    while k * step <= high + 1e-9 * step:
        ticks.append(round(k * step, 12) + 0.0)
        k += 1
    return ticks


def _tick_text(value: float, log: bool) -> str:
    if log:
        exponent = round(math.log10(value))
        if -3 <= exponent <= 4:
            return format_number(value, 4)
        return f"10^{exponent}"
    return format_number(value, 4)


def _plot_svg(plot: Plot, x0: float, y0: float) -> str:
    m = plot.margin
    pw, ph = plot.width - m["left"] - m["right"], plot.height - m["top"] - m["bottom"]
    xs, ys = plot.xscale, plot.yscale
    xr = _scale_range(xs, [mk.x for mk in plot.marks if hasattr(mk, "x") and mk.scales.get("x") is xs])
    yr = _scale_range(ys, [mk.y for mk in plot.marks if hasattr(mk, "y") and mk.scales.get("y") is ys])

    def mapper(span, log, start, length, flip):
        lo, hi = (math.log10(span[0]), math.log10(span[1])) if log else span

        def f(v):
            v = np.asarray(v, dtype=float)
            if log:
                v = np.log10(np.clip(v, 1e-300, None))
            t = (v - lo) / ((hi - lo) or 1.0)
            return start + (1 - t if flip else t) * length
        return f

    fx = mapper(xr, plot.xlog, m["left"], pw, False)
    fy = mapper(yr, plot.ylog, m["top"], ph, not plot.yreverse)

    def mappers(mark):
        # a mark on a relative scale (rows in units of a reference value) has its own range
        sx, sy = mark.scales.get("x"), mark.scales.get("y")
        mx = fx if sx is xs or sx is None or sx.min is None else mapper(
            (float(sx.min), float(sx.max)), isinstance(sx, bq.LogScale), m["left"], pw, False)
        my = fy if sy is ys or sy is None or sy.min is None else mapper(
            (float(sy.min), float(sy.max)), isinstance(sy, bq.LogScale), m["top"], ph, not plot.yreverse)
        return mx, my

    out = [f'<g transform="translate({x0:.1f},{y0:.1f})" font-family="sans-serif" font-size="12">',
           f'<rect x="{m["left"]}" y="{m["top"]}" width="{pw}" height="{ph}" fill="white" stroke="#bbbbbb"/>']
    axes = plot.figure.axes
    if axes[0].visible:
        for t in _still_ticks(axes[0], xr, 6, plot.xlog):
            px = float(fx(t))
            out.append(f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{m["top"]}" y2="{m["top"] + ph}" stroke="#e3e3e3"/>')
            out.append(f'<text x="{px:.1f}" y="{m["top"] + ph + 16}" text-anchor="middle">'
                       f'{html.escape(_tick_text(t, plot.xlog))}</text>')
        out.append(f'<text x="{m["left"] + pw / 2:.1f}" y="{m["top"] + ph + 36}" text-anchor="middle">'
                   f'{html.escape(plot.xlabel)}</text>')
    if axes[1].visible:
        for t in _still_ticks(axes[1], yr, 5, plot.ylog):
            py = float(fy(t))
            out.append(f'<line x1="{m["left"]}" x2="{m["left"] + pw}" y1="{py:.1f}" y2="{py:.1f}" stroke="#e3e3e3"/>')
            out.append(f'<text x="{m["left"] - 6}" y="{py + 4:.1f}" text-anchor="end">'
                       f'{html.escape(_tick_text(t, plot.ylog))}</text>')
        cy = m["top"] + ph / 2
        out.append(f'<text transform="translate(14,{cy:.1f}) rotate(-90)" text-anchor="middle">'
                   f'{html.escape(plot.ylabel)}</text>')
    right = getattr(plot, "_right", None)
    if right is not None:
        label, lo, hi = right
        for t in nice_ticks(lo, hi, 5):
            py = m["top"] + (1 - (t - lo) / ((hi - lo) or 1.0)) * ph
            out.append(f'<text x="{m["left"] + pw + 6}" y="{py + 4:.1f}">{html.escape(_tick_text(t, False))}</text>')
        out.append(f'<text transform="translate({plot.width - 10},{m["top"] + ph / 2:.1f}) rotate(90)" '
                   f'text-anchor="middle">{html.escape(label)}</text>')
    if plot._title_mark is not None:
        out.extend(_mark_svg(plot._title_mark, *mappers(plot._title_mark)))
    out.append(f'<svg x="{m["left"]}" y="{m["top"]}" width="{pw}" height="{ph}" '
               f'viewBox="{m["left"]} {m["top"]} {pw} {ph}" overflow="hidden">')
    for mark in plot.marks:
        if mark.visible:
            out.extend(_mark_svg(mark, *mappers(mark)))
    out.append("</svg>")
    # the legend above the plot area, where the browser draws it
    if plot._legend_marks is not None and plot._legend_now:
        out.append('<g class="legend">')
        for mark in plot._legend_marks:
            out.extend(_mark_svg(mark, *mappers(mark)))
        out.append("</g>")
    out.append("</g>")
    return "\n".join(out)


def _still_ticks(axis, span: tuple[float, float], count: int, log: bool) -> list[float]:
    """The live axis's own tick values inside the shown range (else round ones), so still and live agree."""
    values = axis.tick_values
    if values is not None and len(values):
        lo, hi = span
        return [float(t) for t in values if lo - 1e-9 * abs(hi - lo) <= t <= hi + 1e-9 * abs(hi - lo)]
    return nice_ticks(*span, count, log=log)


def _scale_range(scale, arrays) -> tuple[float, float]:
    lo, hi = scale.min, scale.max
    if lo is None or hi is None:
        data = [np.asarray(a, dtype=float).reshape(-1) for a in arrays if a is not None and np.size(a)]
        data = np.concatenate(data) if data else np.array([0.0, 1.0])
        data = data[np.isfinite(data)]
        if isinstance(scale, bq.LogScale):
            data = data[data > 0]
        if not data.size:
            data = np.array([1.0, 10.0]) if isinstance(scale, bq.LogScale) else np.array([0.0, 1.0])
        lo = float(data.min()) if lo is None else lo
        hi = float(data.max()) if hi is None else hi
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    return float(lo), float(hi)


def _points(xs, ys) -> str:
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(xs, ys, strict=False) if math.isfinite(a) and math.isfinite(b))


def _mark_svg(mark, fx, fy) -> list[str]:
    out = []
    if isinstance(mark, bq.Lines):
        x, y = np.asarray(mark.x, dtype=float), np.asarray(mark.y, dtype=float)
        if x.size == 0 or y.size == 0:
            return out
        rows_x = x if x.ndim == 2 else np.broadcast_to(x, (1, x.size)) if y.ndim < 2 else np.broadcast_to(x, y.shape)
        rows_y = y if y.ndim == 2 else y.reshape(1, -1)
        colours = list(mark.colors) or ["#000000"]
        fills = list(mark.fill_colors or [])
        opac = list(mark.fill_opacities or [1.0])
        stroke_opac = list(mark.opacities or [1.0])
        dash = _SVG_DASH.get(mark.line_style, "")
        for i in range(rows_y.shape[0]):
            px, py = fx(rows_x[i % rows_x.shape[0]]), fy(rows_y[i])
            if mark.interpolation == "step-after" and px.size > 1:
                px = np.repeat(px, 2)[1:]
                py = np.repeat(py, 2)[:-1]
            # a NaN breaks the line, as in the browser: each unbroken run is drawn on its own
            good = np.isfinite(px) & np.isfinite(py)
            breaks = np.flatnonzero(np.diff(good.astype(int)) != 0) + 1
            runs = [run for run in np.split(np.arange(px.size), breaks) if run.size and good[run[0]]]
            if not runs:
                continue
            stroke = colours[i % len(colours)]
            # bqplot's per-line opacity is the whole path's, its fill included
            whole = stroke_opac[i % len(stroke_opac)]
            common = (f'stroke-width="{mark.stroke_width}" stroke-dasharray="{dash}" opacity="{whole}" '
                      'stroke-linejoin="round"')
            for run in runs:
                pts = _points(px[run], py[run])
                if mark.fill == "inside":
                    fill = fills[i % len(fills)] if fills else stroke
                    fill_opacity = opac[i % len(opac)]
                    # an open row of a filled mark is stroked open (a path beside a robot's outline)
                    kind = "polygon" if mark.close_path else "polyline"
                    if mark.stroke_width:
                        edge = f'stroke="{stroke}" {common}'
                    elif float(fill_opacity) * float(whole) >= 0.999:
                        # an opaque shape with no outline gets a hairline of its own colour: each shape
                        # is anti-aliased on its own, which leaves a light seam where two of them touch
                        edge = (f'stroke="{fill}" stroke-width="{SEAM_STROKE}" opacity="{whole}" '
                                'stroke-linejoin="round"')
                    else:
                        edge = f'stroke="none" {common}'
                    out.append(f'<{kind} points="{pts}" fill="{fill}" fill-opacity="{fill_opacity}" {edge}/>')
                else:
                    out.append(f'<polyline points="{pts}" fill="none" stroke="{stroke}" {common}/>')
            if mark.marker:
                r = math.sqrt(mark.marker_size) / 2
                out += [f'<circle cx="{a:.1f}" cy="{b:.1f}" r="{r:.1f}" fill="{stroke}" opacity="{whole}"/>'
                        for a, b in zip(px, py, strict=False) if math.isfinite(a) and math.isfinite(b)]
            labels = list(mark.labels or [])
            good = np.isfinite(px) & np.isfinite(py)
            if mark.labels_visibility == "label" and i < len(labels) and labels[i] and good.any():
                # bqplot writes a line's name just right of its last point
                out.append(f'<text x="{px[good][-1] + 3:.1f}" y="{py[good][-1] + 4:.1f}" fill="{stroke}" '
                           f'font-weight="bold">{html.escape(labels[i])}</text>')
    elif isinstance(mark, bq.Scatter):
        px, py = fx(mark.x), fy(mark.y)
        colours = list(mark.colors) or ["#000000"]
        r = math.sqrt(mark.default_size) / 2
        names = [str(n) for n in mark.names] if mark.names is not None and mark.display_names else []
        ndx = mark.label_display_horizontal_offset or r
        ndy = mark.label_display_vertical_offset or r
        for i, (a, b) in enumerate(zip(px, py, strict=False)):
            if not (math.isfinite(a) and math.isfinite(b)):
                continue
            c = colours[i % len(colours)]
            if mark.marker == "square":
                out.append(f'<rect x="{a - r:.1f}" y="{b - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
                           f'fill="{c}" stroke="white"/>')
            else:
                out.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="{r:.1f}" fill="{c}" stroke="white"/>')
            if i < len(names) and names[i]:
                # where bqplot writes a point's name: right of and above the marker, in 11 px text
                out.append(f'<text x="{a + ndx:.1f}" y="{b - ndy:.1f}" font-size="11" fill="#222222">'
                           f'{html.escape(names[i])}</text>')
    elif isinstance(mark, bq.Label):
        px, py = fx(mark.x), fy(mark.y)
        anchor = {"start": "start", "middle": "middle", "end": "end"}.get(mark.align, "start")
        colours = list(mark.colors) or ["#000000"]
        for i, (a, b) in enumerate(zip(px, py, strict=False)):
            if i >= len(mark.text) or not (math.isfinite(a) and math.isfinite(b)):
                continue
            # the browser puts a label's middle at its point (dominant-baseline: central); 0.35 em down
            # from there is its baseline
            out.append(f'<text x="{a + mark.x_offset:.1f}" y="{b + mark.y_offset:.1f}" dy="0.35em" '
                       f'text-anchor="{anchor}" fill="{colours[i % len(colours)]}" font-size="{mark.default_size}" '
                       f'font-weight="{mark.font_weight}">{html.escape(str(mark.text[i]))}</text>')
    elif isinstance(mark, bq.GridHeatMap):
        colour = np.asarray(mark.color, dtype=float)
        rows, cols = colour.shape
        lut = mark.scales["color"]
        palette = list(lut.colors)
        lo, hi = float(lut.min), float(lut.max)
        for r in range(rows):
            for c in range(cols):
                v = colour[r, c]
                if not math.isfinite(v):
                    continue
                t = (v - lo) / ((hi - lo) or 1.0) * (len(palette) - 1)
                fillc = palette[int(min(max(round(t), 0), len(palette) - 1))]
                x_a, x_b = float(fx(c - 0.5)), float(fx(c + 0.5))
                y_a, y_b = float(fy(r - 0.5)), float(fy(r + 0.5))
                out.append(f'<rect x="{min(x_a, x_b):.1f}" y="{min(y_a, y_b):.1f}" width="{abs(x_b - x_a):.1f}" '
                           f'height="{abs(y_b - y_a):.1f}" fill="{fillc}" stroke="#cccccc" stroke-width="0.5"/>')
    return out


def still_svg(plots: Sequence[Plot], *, columns: int | None = None) -> str:
    """Several plots side by side (``columns`` per row) as one SVG document."""
    plots = [p for p in plots if p.visible]
    if not plots:
        return ""
    columns = columns or len(plots)
    widths = [p.width for p in plots]
    heights = [p.height for p in plots]
    rows = math.ceil(len(plots) / columns)
    col_w = max(widths)
    row_h = max(heights)
    body = [p.svg(x0=(i % columns) * col_w, y0=(i // columns) * row_h) for i, p in enumerate(plots)]
    w, h = col_w * min(columns, len(plots)), row_h * rows
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
            f'<rect width="{w}" height="{h}" fill="white"/>' + "".join(body) + "</svg>")


# == a 3-D part seen from a direction, drawn as flat shaded triangles ============

def project(points: Any, *, elevation: float, azimuth: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Orthographic view of 3-D points from (``elevation``, ``azimuth``) [°].

    Returns screen ``u`` (to the right), ``v`` (up) and ``depth`` (towards the viewer), in
    the points' own unit. ``elevation`` 90 looks straight down; azimuth turns about z.

    Examples
    --------
    >>> u, v, d = project([[1, 0, 0], [0, 0, 1]], elevation=0, azimuth=0)
    >>> [round(float(a), 6) + 0.0 for a in u], [round(float(a), 6) + 0.0 for a in v]
    ([0.0, 0.0], [0.0, 1.0])
    """
    p = np.asarray(points, dtype=float).reshape(-1, 3)
    el, az = math.radians(elevation), math.radians(azimuth)
    # the eye looks along -view; u = right, v = up on the screen
    view = np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)])
    right = np.array([-math.sin(az), math.cos(az), 0.0])
    up = np.cross(view, right)
    return p @ right, p @ up, p @ view
