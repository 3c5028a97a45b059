"""Legends never cover the data, and touching shapes show no seam, in the browser and in the still.

The legend is checked on the still picture the SVG writer makes (what a slide or an HTML
export shows): its box is everything drawn after a plot's data, and the data are what the
plot area shows (its ``<svg>`` clips them, as the browser clips its marks). The live
figure's legend marks are checked to sit where the still draws them, above the plot area.
Every explorer with a legend is tried at its defaults, with every slider at its minimum or
at its maximum together, with each slider alone at either end, and with each other control
(a dropdown, a toggle) changed.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import ipywidgets as widgets
import numpy as np
import pytest

from stemkit.ui.figure import SEAM_STROKE, Plot, still_svg
from tests.ui.test_every_explorer import _build, _classes, _other_value
from tests.ui.test_readouts import _sliders

SVG = "{http://www.w3.org/2000/svg}"


# -- reading the still picture ------------------------------------------------------------------
def _tag(element) -> str:
    return element.tag.removeprefix(SVG)


def _numbers(text: str | None, default: float = 0.0) -> float:
    try:
        return float(str(text).removesuffix("px"))
    except (TypeError, ValueError):
        return default


def _point_list(element) -> list[tuple[float, float]]:
    pairs = re.findall(r"(-?[\d.]+),(-?[\d.]+)", element.get("points", ""))
    return [(float(a), float(b)) for a, b in pairs]


def _text_box(element) -> tuple[float, float, float, float]:
    """A text's box: its width is estimated at 0.6 em a character, its height from the baseline."""
    size = _numbers(element.get("font-size"), 12.0)
    x, y = _numbers(element.get("x")), _numbers(element.get("y"))
    dy = element.get("dy", "0")
    y += float(dy.removesuffix("em")) * size if dy.endswith("em") else _numbers(dy)
    wide = 0.6 * size * len("".join(element.itertext()))
    anchor = element.get("text-anchor", "start")
    left = x - wide if anchor == "end" else x - wide / 2 if anchor == "middle" else x
    return left, y - 0.75 * size, left + wide, y + 0.25 * size


def _extent(elements) -> tuple[float, float, float, float] | None:
    xs, ys = [], []
    for e in elements:
        kind = _tag(e)
        if kind == "rect":
            x, y = _numbers(e.get("x")), _numbers(e.get("y"))
            xs += [x, x + _numbers(e.get("width"))]
            ys += [y, y + _numbers(e.get("height"))]
        elif kind == "line":
            xs += [_numbers(e.get("x1")), _numbers(e.get("x2"))]
            ys += [_numbers(e.get("y1")), _numbers(e.get("y2"))]
        elif kind in ("polyline", "polygon"):
            xs += [a for a, _b in _point_list(e)]
            ys += [b for _a, b in _point_list(e)]
        elif kind == "circle":
            r = _numbers(e.get("r"))
            xs += [_numbers(e.get("cx")) - r, _numbers(e.get("cx")) + r]
            ys += [_numbers(e.get("cy")) - r, _numbers(e.get("cy")) + r]
        elif kind == "text":
            x0, y0, x1, y1 = _text_box(e)
            xs += [x0, x1]
            ys += [y0, y1]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def plots_of(svg: str) -> list[dict]:
    """Each plot of a still: its plot area (the data's clip box), its data elements and its legend's box."""
    root = ET.fromstring(svg)
    out = []
    for group in root.findall(f"{SVG}g"):
        children = list(group)
        inner = [k for k, e in enumerate(children) if _tag(e) == "svg"]
        assert len(inner) == 1, "a plot's data sit in one clipping <svg>"
        area = children[inner[0]]
        x, y = _numbers(area.get("x")), _numbers(area.get("y"))
        clip = (x, y, x + _numbers(area.get("width")), y + _numbers(area.get("height")))
        after = [e for child in children[inner[0] + 1:] for e in child.iter()]
        out.append({"clip": clip, "data": list(area.iter())[1:], "legend": _extent(after)})
    return out


# -- geometry ---------------------------------------------------------------------------------
def _clip_segment(p, q, box):
    """The part of segment pq inside ``box`` (Liang-Barsky), or None."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for step, room in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if step == 0:
            if room < 0:
                return None
            continue
        t = room / step
        if step < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return None
    return (x0 + lo * dx, y0 + lo * dy), (x0 + hi * dx, y0 + hi * dy)


def _inside(point, box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _in_polygon(point, polygon) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def covered(plot: dict) -> list[str]:
    """What drawn data the plot's legend box holds: points, pieces of lines, filled shapes."""
    box, clip = plot["legend"], plot["clip"]
    if box is None:
        return []
    hits = []
    for e in plot["data"]:
        kind = _tag(e)
        if kind in ("polyline", "polygon"):
            pts = _point_list(e)
            ends = list(zip(pts, pts[1:], strict=False))
            if kind == "polygon" and len(pts) > 2:
                ends.append((pts[-1], pts[0]))
            for p, q in ends if len(pts) > 1 else [(pts[0], pts[0])] if pts else []:
                seen = _clip_segment(p, q, clip)
                if seen is not None and _clip_segment(*seen, box) is not None:
                    hits.append(f"{kind} {e.get('stroke')} through ({p[0]:.0f}, {p[1]:.0f})-({q[0]:.0f}, {q[1]:.0f})")
                    break
            filled = e.get("fill", "none") != "none" and _numbers(e.get("fill-opacity"), 1.0) > 0
            middle = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            if filled and len(pts) > 2 and _inside(middle, clip) and _in_polygon(middle, pts):
                hits.append(f"filled {kind} {e.get('fill')} under the legend")
        elif kind == "circle":
            c, r = (_numbers(e.get("cx")), _numbers(e.get("cy"))), _numbers(e.get("r"))
            near = (min(max(c[0], box[0]), box[2]), min(max(c[1], box[1]), box[3]))
            if _inside(c, clip) and math.dist(c, near) <= r:
                hits.append(f"marker at ({c[0]:.0f}, {c[1]:.0f})")
        elif kind in ("rect", "text"):
            x0, y0, x1, y1 = _extent([e])
            if _inside(((x0 + x1) / 2, (y0 + y1) / 2), clip) and x0 <= box[2] and x1 >= box[0] \
                    and y0 <= box[3] and y1 >= box[1]:
                hits.append(f"{kind} at ({x0:.0f}, {y0:.0f})")
    return hits


# -- the explorers and their settings ---------------------------------------------------------
def _legend_classes() -> list:
    return [cls for cls in _classes() if any(p["legend"] for p in plots_of(_build(cls).still()))]


def _settings(cls):
    yield "the defaults", None
    ex = _build(cls)
    ends = _sliders(ex)
    yield "every slider at its minimum", {n: pair[0] for n, pair in ends.items()}
    yield "every slider at its maximum", {n: pair[1] for n, pair in ends.items()}
    for name, pair in ends.items():
        yield f"{name} at its minimum", {name: pair[0]}
        yield f"{name} at its maximum", {name: pair[1]}
    for name, control in ex.controls.items():
        if name not in ends and not isinstance(control, widgets.Text):
            value = _other_value(control)
            if value is not None:
                yield f"{name} changed", {name: value}


CASES = [pytest.param(cls, how, id=f"{cls.__name__}: {label}") for cls in _legend_classes()
         for label, how in _settings(cls)]


@pytest.mark.parametrize(("cls", "how"), CASES)
def test_no_legend_covers_data(cls, how):
    ex = _build(cls)
    if how:
        ex.set(**how)
    assert ex.last_error is None, ex.last_error
    problems = [(k, hit) for k, plot in enumerate(plots_of(ex.still())) for hit in covered(plot)]
    assert not problems, problems


@pytest.mark.parametrize("cls", _legend_classes(), ids=lambda c: c.__name__)
def test_the_live_legend_is_drawn_where_the_still_draws_it(cls):
    ex = _build(cls)
    for plot in ex.plots:
        # bqplot's own legend would sit over the data: no mark asks for it
        assert not any(m.display_legend for m in plot.figure.marks)
        m = plot.margin
        assert plot.figure.fig_margin == m and plot.figure.layout.height == f"{plot.height}px"
        if plot._legend_marks is None:
            continue
        lines, names = plot._legend_marks
        pw, ph = plot.width - m["left"] - m["right"], plot.height - m["top"] - m["bottom"]
        for mark in (lines, names):
            # drawn outside the plot area, in pixels: one unit of its scales is one pixel
            assert mark.apply_clip is False and mark in plot.figure.marks
            assert (mark.scales["x"].min, mark.scales["x"].max, mark.scales["y"].min, mark.scales["y"].max) == (
                0.0, pw, 0.0, ph)
        # on the page (y down) the legend's samples and names sit in the band above the plot area
        x = m["left"] + np.atleast_2d(np.asarray(lines.x, dtype=float))   # one sample is kept as 1-D
        y = m["top"] + ph - np.atleast_2d(np.asarray(lines.y, dtype=float))
        tx, ty = m["left"] + np.asarray(names.x), m["top"] + ph - np.asarray(names.y)
        assert len(names.text) == len(x) > 0
        assert np.nanmax(y) < m["top"] and np.nanmin(y) > 0 and np.max(ty) + 6 < m["top"] and np.min(ty) - 6 > 0
        assert np.nanmin(x) >= m["left"] and np.nanmax(tx) < plot.width
        # the still draws the same samples at the same places
        still = still_svg([plot])
        legend = still.split('<g class="legend">')[1].split("</g>")[0]
        drawn = [[(float(a), float(b)) for a, b in re.findall(r"(-?[\d.]+),(-?[\d.]+)", pts)]
                 for pts in re.findall(r'points="([^"]*)"', legend)]
        live = []
        for row_x, row_y in zip(x, y, strict=True):
            good = np.isfinite(row_x) & np.isfinite(row_y)
            runs = np.split(np.arange(row_x.size), np.flatnonzero(np.diff(good.astype(int))) + 1)
            live += [[(round(float(row_x[k]), 1), round(float(row_y[k]), 1)) for k in run] for run in runs
                     if good[run[0]]]
        assert [[(round(a, 1), round(b, 1)) for a, b in run] for run in drawn] == live
        texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', legend)
        assert [(float(a), float(b), t) for a, b, t in texts] == [
            (round(float(a), 1), round(float(b), 1), t) for a, b, t in zip(tx, ty, names.text, strict=True)]


def test_the_legend_lists_what_is_drawn_and_nothing_else():
    from stemkit.electronics.explorers import DividerExplorer
    from stemkit.robotics.explorers import DriveExplorer

    def names(ex):
        return [t for p in ex.plots if p._legend_marks for t in p._legend_marks[1].text]

    divider = DividerExplorer()
    assert names(divider) == ["supply", "no load"]
    divider.set(load=True)
    assert names(divider) == ["supply", "no load", "with the load"]
    divider.set(load=False)
    assert names(divider) == ["supply", "no load"]
    drive = DriveExplorer()
    assert names(drive) == ["exact (arc)"]
    drive.set(show_euler=True)
    assert names(drive) == ["exact (arc)", "Euler"]


def test_a_legend_that_does_not_fit_one_row_wraps_and_the_plot_grows_by_its_band():
    plot = Plot(xlim=(0, 1), ylim=(0, 1), width=400, height=300)
    area = (400 - plot.margin["left"] - plot.margin["right"], 300 - plot.margin["top"] - plot.margin["bottom"])
    for k in range(6):
        plot.line([0, 1], [k / 6, k / 6], label=f"a rather long name, number {k}")
    assert plot.legend_rows >= 3
    m = plot.margin
    assert (plot.width - m["left"] - m["right"], plot.height - m["top"] - m["bottom"]) == area
    assert plot.height == 300 + m["top"] - 12
    box = plot.legend_box()
    assert box[1] >= 0 and box[3] < m["top"] and box[2] <= plot.width
    # a plot beside it can keep its plot area level with this one's
    other = Plot(width=300, height=300)
    other.reserve_legend(plot)
    assert other.margin["top"] == plot.margin["top"] and other.height == plot.height


def test_plots_side_by_side_keep_their_plot_areas_level():
    from stemkit.design3d.explorers import GCodeExplorer, SliceExplorer
    from stemkit.robotics.explorers import ArmExplorer

    for ex in (ArmExplorer(), SliceExplorer(), GCodeExplorer()):
        left, right = ex.plots
        assert left.margin["top"] == right.margin["top"] and left.height == right.height


def test_a_moved_slider_sends_nothing_for_the_legend_while_its_entries_stay():
    from stemkit.electronics.explorers import LEDResistorExplorer

    ex = LEDResistorExplorer()
    marks = ex.plot._legend_marks
    sent = []
    original = widgets.Widget._send

    def spy(self, msg, buffers=None):
        sent.append(self)
        return original(self, msg, buffers)

    widgets.Widget._send = spy
    try:
        for v in (4.0, 6.0, 9.5, 12.0):
            ex.set(supply_voltage=v)
        assert sent and not any(w in marks for w in sent)
        ex.set(colour="green")   # the LED's line takes the green LED's colour: so does its sample
        assert marks[0] in sent
    finally:
        widgets.Widget._send = original
    assert ex.plot._legend_marks[0].colors[0] == ex.plot.marks[0].colors[0]


# -- seams -----------------------------------------------------------------------------------
def test_an_opaque_shape_with_no_outline_gets_a_hairline_of_its_own_colour():
    plot = Plot(xlim=(0, 2), ylim=(0, 1), width=200, height=120)
    plot.fill([0, 1, 1, 0], [0, 0, 1, 1], colour="#336699", opacity=1.0)
    plot.fill([1, 2, 2, 1], [0, 0, 1, 1], colour="#996633", opacity=1.0)
    plot.fill([0, 2, 1], [0, 0, 1], colour="#000000", opacity=0.3)
    shapes = re.findall(r"<polygon [^>]*>", still_svg([plot]))
    assert len(shapes) == 3
    for colour in ("#336699", "#996633"):
        shape = next(s for s in shapes if f'fill="{colour}"' in s)
        assert f'stroke="{colour}"' in shape and f'stroke-width="{SEAM_STROKE}"' in shape
    # a see-through shape keeps no outline: one drawn twice where shapes overlap would show
    assert 'stroke="none"' in next(s for s in shapes if 'fill="#000000"' in s)


VIEWS = {
    "TransformExplorer": ("TransformExplorer", {}, {"rz": 30, "rx": 20}),
    "MeshViewerExplorer": ("MeshViewerExplorer", {}, {"elevation": 60, "azimuth": 35}),
    "PartExplorer box": ("PartExplorer", {}, {"x": 120}),
    "PartExplorer gear": ("PartExplorer", {"part": "gear"}, {"teeth": 30}),
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_touching_faces_of_a_part_are_outlined_in_their_own_colour(name):
    from stemkit.design3d import explorers

    kind, options, move = VIEWS[name]
    ex = getattr(explorers, kind)(**options)
    for state in ({}, move):
        ex.set(**state)
        faces = ex._view.faces
        # the browser: each face's outline has the face's colour, so neighbours meet without a seam
        assert faces.stroke_width > 0 and list(faces.colors) == list(faces.fill_colors)
        assert len(faces.fill_colors) == np.asarray(faces.x).shape[0] > 1
        # the still: every opaque polygon carries a stroke of its own fill colour
        polygons = re.findall(r"<polygon [^>]*>", ex.still())
        opaque = [p for p in polygons if 'fill-opacity="1.0"' in p and 'opacity="1.0"' in p]
        assert len(opaque) >= len(faces.fill_colors), name
        for p in opaque:
            fill = re.search(r'fill="(#[0-9a-f]{6})"', p).group(1)
            assert f'stroke="{fill}"' in p and float(re.search(r'stroke-width="([\d.]+)"', p).group(1)) > 0, p


def test_the_rules_find_a_legend_over_a_line_and_none_beside_it():
    # the check itself: a legend box drawn over a line is found, one beside the data is not
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><g><svg x="10" y="10" width="100" height="100">'
           '<polyline points="10,110 110,10" fill="none" stroke="#000"/></svg>'
           '<rect x="{x}" y="{y}" width="30" height="10"/></g></svg>')
    over = plots_of(svg.format(x=45, y=55))[0]
    assert covered(over)
    above = plots_of(svg.format(x=45, y=0))[0]
    assert above["legend"] == (45, 0, 75, 10) and covered(above) == []
    # a line that leaves the plot area is clipped there: its unseen part covers nothing
    assert covered(plots_of(svg.format(x=100, y=-5))[0]) == []
