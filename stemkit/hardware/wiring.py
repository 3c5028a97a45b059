"""Wiring pictures for the builds: one description draws the breadboard and the schematic.

A :class:`Wiring` lists the parts of a build (with their values), the breadboard holes
their legs sit in and the jumper wires, from Arduino Uno pins (``"uno.5V"``,
``"uno.GND"``, ``"uno.D9"``, ``"uno.A0"``) or from hole to hole. From that one
description it

- draws a **breadboard picture** (:meth:`Wiring.breadboard`): the Uno's headers, a
  400-point breadboard, the parts in their rows and coloured jumper wires;
- works out which legs are joined (:meth:`Wiring.nets`), the way the breadboard's
  metal strips join them;
- checks a lesson's :class:`~stemkit.electronics.circuit.Circuit` against the board
  (:meth:`Wiring.differences`): the same parts, values and connections;
- draws the **schematic** (:meth:`Wiring.schematic`) from that same Circuit, or from
  one made from the board when the lesson has none.

Hole names: ``"A1"`` .. ``"J30"`` (letter A-J, row 1-30; A-E of a row are joined, and
F-J); the power rails are ``"bottom+5"``, ``"bottom-5"``, ``"top+5"``, ``"top-5"``
(the rail holes beside row 5; a rail is joined along its whole length).

The builds of the lessons are in :data:`BUILDS`; :func:`build` gets one::

    >>> bench = build("electronics-06/timer")
    >>> [p.name for p in bench.parts]
    ['R1', 'C1']
    >>> sorted(sorted(net) for net in bench.nets())[0]
    ['C1.*', 'R1.*']

Other rooms draw their own diagrams with the pieces: :class:`Uno` (the board and its
header pins), :func:`jumper` (a coloured wire) and :class:`Picture` (SVG shown at its
natural size in a notebook).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from stemkit.i18n import _
from stemkit.units import format_si

__all__ = ["Component", "Wire", "Wiring", "WiringError", "Picture", "Uno", "jumper", "build", "BUILDS",
           "WIRE_COLOURS", "led_pinout"]

INCH = 3.5                    # schemdraw's pictorial scale: drawing units per inch
PITCH = 0.1 * INCH            # breadboard hole spacing
SCALE = 0.8                   # picture size on screen: 1 inch of board is 134 px
_EDGE = (0.37 - 0.1) / 2 * INCH   # from the breadboard's edge to its first rail hole

#: Jumper-wire colours: red for 5 V, black for GND, then well-separated colours for signals.
WIRE_COLOURS = {"red": "#d62728", "black": "#262626", "blue": "#0072b2", "orange": "#e69f00",
                "green": "#009e73", "purple": "#8e5ba6", "yellow": "#e8d21d", "white": "#f2f2f2"}

LED_FILL = {"red": "#dd4433", "green": "#4be317", "blue": "#3892bc", "white": "#e8e8e8", "yellow": "#f1de0f"}

# kind: (terminal names, polar, unit of the value)
KINDS: dict[str, tuple[tuple[str, ...], bool, str]] = {
    "resistor": (("1", "2"), False, "Ω"),
    "thermistor": (("1", "2"), False, "Ω"),
    "ldr": (("1", "2"), False, "Ω"),
    "capacitor": (("plus", "minus"), False, "F"),
    "led": (("anode", "cathode"), True, ""),
    "diode": (("anode", "cathode"), True, ""),
    "potentiometer": (("end1", "wiper", "end2"), True, "Ω"),
    "button": (("a", "a", "b", "b"), False, ""),
}

# Arduino Uno Rev3 header pins: (name, x, y) in inches, board corner at (0, 0), USB on the left.
_TOP = ["SCL", "SDA", "AREF", "GND", "D13", "D12", "D11", "D10", "D9", "D8"]
_TOP2 = ["D7", "D6", "D5", "D4", "D3", "D2", "D1", "D0"]
_BOTTOM = ["", "IOREF", "RESET", "3.3V", "5V", "GND", "GND", "VIN"]
_BOTTOM2 = ["A0", "A1", "A2", "A3", "A4", "A5"]
UNO_WIDTH, UNO_HEIGHT = 2.7, 2.1       # inches


def _uno_pins() -> dict[str, tuple[float, float]]:
    pins: dict[str, tuple[float, float]] = {}
    # the bottom header first: "GND" is the one beside 5V, GND2 the next, GND3 the one on the top header
    for names, x0, y in ((_BOTTOM, 1.20, 0.1), (_BOTTOM2, 2.10, 0.1), (_TOP, 0.84, 2.0), (_TOP2, 1.90, 2.0)):
        for i, name in enumerate(names):
            if not name:
                continue
            key = name
            while key in pins:           # the Uno has three GND pins: GND, GND2, GND3
                key = f"{name}{sum(k.startswith(name) for k in pins) + 1}"
            pins[key] = (x0 + 0.1 * i, y)
    return pins


UNO_PINS = _uno_pins()
_GND_PINS = {k for k in UNO_PINS if k.startswith("GND")}


class WiringError(ValueError):
    """A wiring that cannot be right (a hole that does not exist), or a circuit that differs from its picture."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows the message instead of a traceback: it says what differs
        lines = str(self).splitlines()
        return ["\x1b[31m" + lines[0] + "\x1b[0m"] + lines[1:]


@dataclass(frozen=True)
class Component:
    """One part on the breadboard.

    Attributes
    ----------
    name : str
        Its name, the same as in the lesson's Circuit (``"R1"``).
    kind : str
        One of ``resistor``, ``thermistor``, ``ldr``, ``capacitor``, ``led``, ``diode``,
        ``potentiometer``, ``button``.
    legs : tuple of str
        The holes its legs sit in, in the order of the kind's terminals: an LED's anode
        (long leg) first, an electrolytic capacitor's + leg first, a potentiometer's end,
        wiper, end; a button's four legs, the two joined ones first.
    value : float or None
        [Ω] or [F]; a thermistor's at 25 °C, a photoresistor's in room light.
    colour : str or None
        An LED's colour.
    then : tuple of float
        Values the build swaps in later ("330 Ω, then 1 kΩ"), shown on the label.
    """

    name: str
    kind: str
    legs: tuple[str, ...]
    value: float | None = None
    colour: str | None = None
    then: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise WiringError(_("{name}: unknown kind {kind!r}; choose one of {kinds}").format(
                name=self.name, kind=self.kind, kinds=", ".join(KINDS)))
        if len(self.legs) != len(KINDS[self.kind][0]):
            raise WiringError(_("{name}: a {kind} has {n} legs, got {legs}").format(
                name=self.name, kind=self.kind, n=len(KINDS[self.kind][0]), legs=self.legs))
        if self.kind == "led" and self.colour not in LED_FILL:
            raise WiringError(_("{name}: an LED needs colour= one of {colours}").format(
                name=self.name, colours=", ".join(LED_FILL)))

    @property
    def electrolytic(self) -> bool:
        """A capacitor of 1 µF or more is an electrolytic: its legs have a + and a - side."""
        return self.kind == "capacitor" and self.value is not None and self.value >= 1e-6

    @property
    def sided(self) -> bool:
        """Whether its legs differ (an LED, a diode, a potentiometer, a button's two sides)."""
        return self.kind not in ("resistor", "thermistor", "ldr", "capacitor")

    def terminals(self) -> list[tuple[str, str]]:
        """(terminal id, hole) for each leg: ``"D1.anode"``; ``"R1.1"``, ``"R1.2"`` for a part with no sides."""
        return [(f"{self.name}.{t}", hole) for t, hole in zip(KINDS[self.kind][0], self.legs, strict=False)]

    def label(self) -> str:
        """What the picture writes beside it: ``"R1 330 Ω"``, ``"D1 red LED"``."""
        unit = KINDS[self.kind][2]
        if self.kind == "led":
            return _("{name} {colour} LED").format(name=self.name, colour=_(self.colour or ""))
        if self.kind == "button":
            return _("{name} button").format(name=self.name)
        if self.kind == "diode":
            return _("{name} diode").format(name=self.name)
        text = f"{self.name} {format_si(self.value, unit)}" if self.value is not None else self.name
        if self.kind == "thermistor":
            text = _("{name} thermistor {value}").format(name=self.name, value=format_si(self.value, unit))
        elif self.kind == "ldr":
            text = _("{name} photoresistor").format(name=self.name)
        elif self.kind == "potentiometer":
            text = _("{name} {value} potentiometer").format(name=self.name, value=format_si(self.value, unit))
        for v in self.then:
            text += " → " + _("then {value}").format(value=format_si(v, unit))
        return text

    def kit_words(self) -> str:
        """The words a kit list uses for it: ``"330 Ω resistor"``, ``"red LED"``, ``"100 µF capacitor"``."""
        if self.kind == "led":
            return f"{self.colour} LED"
        if self.kind == "button":
            return "push button"
        if self.kind == "diode":
            return "diode"
        names = {"resistor": "resistor", "thermistor": "thermistor", "ldr": "photoresistor",
                 "capacitor": "capacitor", "potentiometer": "potentiometer"}
        return f"{format_si(self.value, KINDS[self.kind][2])} {names[self.kind]}"


@dataclass(frozen=True)
class Wire:
    """A jumper wire between two holes or Uno pins (``"uno.5V"``), in one of :data:`WIRE_COLOURS`."""

    start: str
    end: str
    colour: str = "blue"


# -- the breadboard's holes and strips -------------------------------------------------------
_HOLE = re.compile(r"^([A-J])([1-9]|[12][0-9]|30)$")
_RAIL = re.compile(r"^(top|bottom)([+-])([1-9]|[12][0-9]|30)$")


def _strip(point: str) -> str:
    """The metal strip a hole belongs to (``"12a-e"``, ``"bottom+"``), or the Uno pin itself."""
    if point.startswith("uno."):
        pin = point[4:]
        if pin not in UNO_PINS:
            raise WiringError(_("{point}: the Uno has no pin {pin!r}; its pins are {pins}").format(
                point=point, pin=pin, pins=", ".join(UNO_PINS)))
        return "uno.GND" if pin in _GND_PINS else point
    if point.startswith("ext."):
        return point
    m = _HOLE.match(point)
    if m:
        return f"{m.group(2)}{'a-e' if m.group(1) <= 'E' else 'f-j'}"
    m = _RAIL.match(point)
    if m:
        row = int(m.group(3))
        if (row - 1) % 6 == 0:
            raise WiringError(_("{point}: there is no rail hole beside row {row} (the rails skip every "
                                "sixth hole)").format(point=point, row=row))
        return f"{m.group(1)}{m.group(2)}"
    raise WiringError(_("{point!r} is not a hole: use A1 .. J30, a rail hole such as 'bottom+5', or an Uno pin "
                        "such as 'uno.5V'").format(point=point))


def _rail_anchor(point: str) -> str:
    m = _RAIL.match(point)
    assert m is not None
    side, sign, row = m.group(1), m.group(2), int(m.group(3))
    # schemdraw names: L1 outer (+) and L2 inner (-) on the bottom, R1 inner (+) and R2 outer (-) on top
    name = {("bottom", "+"): "L1", ("bottom", "-"): "L2", ("top", "+"): "R1", ("top", "-"): "R2"}[(side, sign)]
    return f"{name}_{row - 1}"


# -- a picture that a notebook shows at its natural size ---------------------------------------
class Picture:
    """An SVG picture. A notebook shows it at its natural size; :meth:`save` writes it."""

    def __init__(self, svg: str, title: str = "") -> None:
        self.svg = svg
        self.title = title

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) [px] it is shown at."""
        m = re.search(r'<svg[^>]*\swidth="([\d.]+)(pt|px)?"[^>]*\sheight="([\d.]+)(pt|px)?"', self.svg) or \
            re.search(r'<svg[^>]*\sheight="([\d.]+)(pt|px)?"[^>]*\swidth="([\d.]+)(pt|px)?"', self.svg)
        if m is None:
            raise ValueError(_("the picture has no size"))
        a, ua, b, ub = float(m.group(1)), m.group(2), float(m.group(3)), m.group(4)
        a *= 4 / 3 if ua == "pt" else 1
        b *= 4 / 3 if ub == "pt" else 1
        return (a, b) if 'width="' in m.group(0)[: m.group(0).find(m.group(1))] else (b, a)

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        w, h = self.size
        return f"Picture({self.title!r}, {w:.0f}×{h:.0f} px)"

    def save(self, path: Any) -> None:
        """Write the SVG to ``path``."""
        from pathlib import Path

        Path(path).write_text(self.svg, encoding="utf-8")


def _scaled_svg(drawing: Any, scale: float) -> str:
    svg = drawing.get_imagedata("svg").decode("utf-8")

    def resize(m: re.Match[str]) -> str:
        return f'{m.group(1)}="{float(m.group(2)) * scale:.1f}pt"'

    head, rest = svg.split(">", 1)
    head = re.sub(r'\b(width|height)="([\d.]+)pt"', resize, head)
    return head + ">" + rest


def _side_by_side(svgs: Sequence[str], gap: float = 24.0) -> str:
    """Several SVG pictures in one row, as one SVG."""
    boxes = []
    for s in svgs:
        w = float(re.search(r'\swidth="([\d.]+)pt"', s.split(">", 1)[0]).group(1))  # type: ignore[union-attr]
        h = float(re.search(r'\sheight="([\d.]+)pt"', s.split(">", 1)[0]).group(1))  # type: ignore[union-attr]
        boxes.append((w, h))
    width = sum(w for w, _h in boxes) + gap * (len(svgs) - 1)
    height = max(h for _w, h in boxes)
    x = 0.0
    inner = []
    for s, (w, h) in zip(svgs, boxes, strict=False):
        body = re.sub(r'^<svg ', f'<svg x="{x:.1f}" y="{(height - h) / 2:.1f}" ', s.strip(), count=1)
        body = re.sub(r'(<svg[^>]*?)\swidth="[\d.]+pt"', rf'\1 width="{w:.1f}"', body, count=1)
        body = re.sub(r'(<svg[^>]*?)\sheight="[\d.]+pt"', rf'\1 height="{h:.1f}"', body, count=1)
        inner.append(body)
        x += w + gap
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{width:.1f}pt" height="{height:.1f}pt" viewBox="0 0 {width:.1f} {height:.1f}">'
            + "".join(inner) + "</svg>")


# -- drawing pieces --------------------------------------------------------------------------
def _segments() -> Any:
    from schemdraw import segments

    return segments


def _canvas() -> Any:
    """An element that holds free-drawn segments in drawing coordinates."""
    from schemdraw.elements import Element

    class Canvas(Element):
        _element_defaults = {"theta": 0}

    # always at the origin: a drawing would otherwise place it where the last element ended
    return Canvas().at((0, 0))


def _text(canvas: Any, xy: tuple[float, float], text: str, *, size: float = 11, colour: str = "black",
          align: tuple[str, str] = ("center", "center"), box: bool = False, rotation: float = 0,
          weight: str = "normal", zorder: int = 6) -> None:
    seg = _segments()
    if box:
        # a white tag behind the text, so it stays readable over holes and legs
        lines = text.split("\n")
        w = max(len(line) for line in lines) * size * 0.62 / 72 * 2 + 0.25
        h = len(lines) * size * 1.25 / 72 * 2 + 0.12
        x, y = xy
        x0 = {"center": x - w / 2, "left": x - 0.12, "right": x - w + 0.12}[align[0]]
        y0 = {"center": y - h / 2, "bottom": y - 0.06, "top": y - h + 0.06}[align[1]]
        canvas.segments.append(seg.SegmentPoly(((x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)),
                                               fill="#ffffffee", color="#999999", lw=0.6, zorder=zorder - 1))
    canvas.segments.append(seg.SegmentText(xy, text, fontsize=size, color=colour, align=align,
                                           rotation=rotation, rotation_global=False, zorder=zorder,
                                           font="sans-serif"))


class Uno:
    """An Arduino Uno drawn from above, USB on the left; its header pins are points to wire to.

    Parameters
    ----------
    origin : (x, y)
        Where its lower left corner goes, in drawing units (3.5 units = 1 inch).

    Examples
    --------
    >>> uno = Uno(origin=(0, 0))
    >>> uno.pin("5V")
    (5.6, 0.35)
    """

    def __init__(self, origin: tuple[float, float] = (0.0, 0.0)) -> None:
        self.origin = origin

    def pin(self, name: str) -> tuple[float, float]:
        """The (x, y) of header pin ``name`` (``"5V"``, ``"GND"``, ``"D9"``, ``"A0"``)."""
        if name not in UNO_PINS:
            raise WiringError(_("the Uno has no pin {pin!r}; its pins are {pins}").format(
                pin=name, pins=", ".join(UNO_PINS)))
        x, y = UNO_PINS[name]
        return (round(self.origin[0] + x * INCH, 6), round(self.origin[1] + y * INCH, 6))

    def is_top(self, name: str) -> bool:
        """Whether pin ``name`` is on the top (digital) header."""
        return UNO_PINS[name][1] > UNO_HEIGHT / 2

    def draw(self, drawing: Any) -> None:
        """Add the board to a schemdraw ``drawing``."""
        seg = _segments()
        c = _canvas()
        ox, oy = self.origin
        w, h = UNO_WIDTH * INCH, UNO_HEIGHT * INCH

        def box(x0: float, y0: float, x1: float, y1: float, fill: str, edge: str = "none", lw: float = 0.8,
                z: int = 1) -> None:
            c.segments.append(seg.SegmentPoly(((ox + x0, oy + y0), (ox + x1, oy + y0), (ox + x1, oy + y1),
                                               (ox + x0, oy + y1)), fill=fill, color=edge, lw=lw, zorder=z))

        box(0, 0, w, h, "#00838f", "#005f66", 1.5)
        box(-0.25 * INCH, 1.25 * INCH, 0.45 * INCH, 1.7 * INCH, "#c9c9c9", "#8a8a8a")        # USB socket
        box(-0.2 * INCH, 0.12 * INCH, 0.5 * INCH, 0.48 * INCH, "#202020", "#000000")          # power jack
        box(1.15 * INCH, 0.55 * INCH, 2.5 * INCH, 0.92 * INCH, "#1f1f1f", "#000000")          # ATmega328P
        for hx, hy in ((0.55, 0.1), (0.6, 2.0), (2.6, 0.6), (2.6, 1.7)):                    # mounting holes
            c.segments.append(seg.SegmentCircle((ox + hx * INCH, oy + hy * INCH), 0.06 * INCH,
                                                fill="white", color="#c0c0c0", zorder=2))
        _text(c, (ox + 1.25 * INCH, oy + 1.35 * INCH), "ARDUINO UNO", size=12, colour="white")
        for names, x0, y in ((_TOP, 0.84, 2.0), (_TOP2, 1.90, 2.0), (_BOTTOM, 1.20, 0.1), (_BOTTOM2, 2.10, 0.1)):
            box((x0 - 0.05) * INCH, (y - 0.05) * INCH, (x0 + 0.1 * len(names) - 0.05) * INCH, (y + 0.05) * INCH,
                "#222222", z=2)
            for i, name in enumerate(names):
                x = x0 + 0.1 * i
                box((x - 0.02) * INCH, (y - 0.02) * INCH, (x + 0.02) * INCH, (y + 0.02) * INCH, "#9a9a9a", z=3)
                if name:
                    # the silkscreen names, small and white, on the board side of the header
                    ty = (y - 0.09) if y > 1 else (y + 0.09)
                    _text(c, (ox + x * INCH, oy + ty * INCH), name.replace("D", "") if name[0] == "D" else name,
                          size=6.5, colour="white", rotation=90,
                          align=("right" if y > 1 else "left", "center"))
        drawing.add(c)


def jumper(drawing: Any, start: tuple[float, float], end: tuple[float, float], *, colour: str = "blue",
           leave: tuple[float, float] = (0.0, 1.0), arrive: tuple[float, float] = (0.0, 1.0),
           bend: float = 1.0) -> None:
    """Add a jumper wire from ``start`` to ``end`` (drawing units) to a schemdraw ``drawing``.

    ``leave`` and ``arrive`` are the directions it leaves ``start`` and comes in to ``end``
    from (a unit vector; ``(0, 1)`` is from above); ``bend`` sets how far it bows out.
    ``colour`` is a name from :data:`WIRE_COLOURS` or any SVG colour.
    """
    seg = _segments()
    c = _canvas()
    colour = WIRE_COLOURS.get(colour, colour)
    (x0, y0), (x1, y1) = start, end
    p1 = (x0 + leave[0] * bend, y0 + leave[1] * bend)
    p2 = (x1 + arrive[0] * bend, y1 + arrive[1] * bend)
    outline = "#555555" if colour.lower() in ("#f2f2f2", "white", "#e8d21d") else "#00000055"
    c.segments.append(seg.SegmentBezier((start, p1, p2, end), color=outline, lw=5.2, zorder=7, capstyle="round"))
    c.segments.append(seg.SegmentBezier((start, p1, p2, end), color=colour, lw=3.6, zorder=7, capstyle="round"))
    for x, y in (start, end):
        c.segments.append(seg.SegmentPoly(((x - 0.06, y - 0.06), (x + 0.06, y - 0.06), (x + 0.06, y + 0.06),
                                           (x - 0.06, y + 0.06)), fill="#7a7a7a", color="#444444", lw=0.5,
                                          zorder=8))
    drawing.add(c)


def _led_shape(canvas: Any, anode: tuple[float, float], cathode: tuple[float, float], *, fill: str,
               height: float = 1.0, signs: bool = True, size: float = 1.0) -> tuple[float, float]:
    """An LED seen from the side, standing on its legs; returns the top of its dome.

    The anode leg is bent (it is the longer one); the rim has a flat on the cathode side.
    """
    seg = _segments()
    (ax, ay), (kx, ky) = anode, cathode
    base = max(ay, ky) + height * size
    cx = (ax + kx) / 2
    r = 0.5 * 0.197 * INCH * size          # 5 mm body
    lead = "#a0a0a0"
    # legs: the cathode straight, the anode with a kink (longer, bent to fit the same holes)
    canvas.segments.append(seg.Segment(((kx, ky), (kx, base)), color=lead, lw=3.5 * size ** 0.5, zorder=3))
    kink = ax + (0.35 * PITCH * size if ax < kx else -0.35 * PITCH * size)
    canvas.segments.append(seg.Segment(((ax, ay), (ax, base - 0.45 * height * size),
                                        (kink, base - 0.3 * height * size), (kink, base)),
                                       color=lead, lw=3.5 * size ** 0.5, zorder=3))
    # rim: wider than the body, cut flat on the cathode side
    rim_r = r * 1.18
    left, right = cx - rim_r, cx + rim_r
    if kx > ax:
        right = cx + r * 0.95
    else:
        left = cx - r * 0.95
    rim_h = 0.04 * INCH * size
    canvas.segments.append(seg.SegmentPoly(((left, base), (right, base), (right, base + rim_h), (left, base + rim_h)),
                                           fill=fill, color="#00000088", lw=0.8, zorder=4))
    body_h = 0.3 * INCH * size
    top = base + rim_h + body_h
    canvas.segments.append(seg.SegmentPath(
        ("M", (cx - r, base + rim_h), "L", (cx - r, top - r), "C", (cx - r, top + r * 0.35),
         (cx + r, top + r * 0.35), (cx + r, top - r), "L", (cx + r, base + rim_h), "Z"),
        fill=fill, color="#00000088", lw=0.8, zorder=4))
    canvas.segments.append(seg.SegmentPath(("M", (cx - r * 0.55, base + rim_h + 0.1 * size), "L",
                                            (cx - r * 0.55, top - r)), color="#ffffff99", lw=2.5, zorder=5))
    if signs:
        _text(canvas, (ax + (-0.22 if ax < kx else 0.22) * size, base - 0.3 * height * size), "+", size=11,
              weight="bold")
        _text(canvas, (kx + (0.22 if ax < kx else -0.22) * size, base - 0.3 * height * size), "−", size=11,
              weight="bold")
    return cx, top + r * 0.3


def _potentiometer(canvas: Any, legs: Sequence[tuple[float, float]]) -> tuple[float, float]:
    seg = _segments()
    xs = [p[0] for p in legs]
    y = max(p[1] for p in legs)
    cx = sum(xs) / 3
    for x, y0 in legs:
        canvas.segments.append(seg.Segment(((x, y0), (x, y + 0.45)), color="#a0a0a0", lw=3.5, zorder=3))
    w = abs(xs[-1] - xs[0]) + 0.5
    canvas.segments.append(seg.SegmentPoly(((cx - w / 2, y + 0.4), (cx + w / 2, y + 0.4), (cx + w / 2, y + 1.35),
                                            (cx - w / 2, y + 1.35)), fill="#2f6db5", color="#1d4577", lw=1,
                                           zorder=4))
    canvas.segments.append(seg.SegmentCircle((cx, y + 0.88), 0.36, fill="#e8e8e8", color="#888888", lw=1,
                                             zorder=5))
    canvas.segments.append(seg.Segment(((cx, y + 0.6), (cx, y + 1.16)), color="#555555", lw=2.5, zorder=6))
    return cx, y + 1.35


def _bead(canvas: Any, a: tuple[float, float], b: tuple[float, float], *, kind: str) -> tuple[float, float]:
    """A thermistor (a dark bead) or a photoresistor (a disc with its wavy track), standing on two legs."""
    seg = _segments()
    cx = (a[0] + b[0]) / 2
    y = max(a[1], b[1]) + 0.7
    for x, y0 in (a, b):
        canvas.segments.append(seg.Segment(((x, y0), (cx + (x - cx) * 0.4, y)), color="#a0a0a0", lw=3, zorder=3))
    if kind == "thermistor":
        canvas.segments.append(seg.SegmentCircle((cx, y + 0.2), 0.22, fill="#3a3a3a", color="#111111", lw=1,
                                                 zorder=4))
        return cx, y + 0.42
    canvas.segments.append(seg.SegmentCircle((cx, y + 0.3), 0.32, fill="#f0e6d2", color="#8a6d3b", lw=1.2,
                                             zorder=4))
    path: list[Any] = ["M", (cx - 0.2, y + 0.1)]
    for k in range(5):
        path += ["L", (cx + (0.2 if k % 2 == 0 else -0.2), y + 0.1 + 0.1 * (k + 1))]
    canvas.segments.append(seg.SegmentPath(tuple(path), color="#b5651d", lw=1.5, zorder=5))
    return cx, y + 0.62


def _button(canvas: Any, legs: Sequence[tuple[float, float]]) -> tuple[float, float]:
    seg = _segments()
    xs = [p[0] for p in legs]
    ys = [p[1] for p in legs]
    x0, x1, y0, y1 = min(xs) - 0.12, max(xs) + 0.12, min(ys) + 0.05, max(ys) - 0.05
    canvas.segments.append(seg.SegmentPoly(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), fill="#303030",
                                           color="#111111", lw=1, zorder=4))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    canvas.segments.append(seg.SegmentCircle((cx, cy), min(x1 - x0, y1 - y0) * 0.32, fill="#5a5a5a",
                                             color="#111111", lw=1, zorder=5))
    for x, y in legs:
        canvas.segments.append(seg.SegmentCircle((x, y), 0.07, fill="#a0a0a0", color="#666666", lw=0.5, zorder=6))
    return cx, y1


# -- the description of a build ------------------------------------------------------------------
_PIN_NODE = re.compile(r"^(5V|3\.3V|VIN|A[0-5]|D(?:[0-9]|1[0-3]))$", re.IGNORECASE)


@dataclass
class Wiring:
    """One build: its parts on the breadboard and its jumper wires (see the module notes).

    Parameters
    ----------
    title : str
        What the build is, shown above the picture.
    parts : list of Component
    wires : list of Wire
    pins : dict
        Circuit node name -> Uno pin, for nodes that are not named like a pin: ``{"top": "5V",
        "output": "A0"}``. Node ``"0"`` is GND, and a node called ``5V``, ``D9`` or ``A0`` is that pin.
    sources : dict
        Uno pin -> the circuit source it is, for a circuit made from the board: the 5V pin is
        5 V; an output pin is given here (``{"D9": PWM(...)}`` or ``{"D13": 5.0}``).
    nodes : dict
        Hole -> node name for a circuit made from the board (names on the schematic).
    circuit : Circuit, optional
        The lesson's circuit for this build; the schematic is drawn from it.
    """

    title: str
    parts: list[Component]
    wires: list[Wire]
    pins: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, str] = field(default_factory=dict)
    circuit: Any = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        names = [p.name for p in self.parts]
        if len(set(names)) != len(names):
            raise WiringError(_("{title}: two parts have the same name").format(title=self.title))
        used: dict[str, str] = {}
        for p in self.parts:
            for hole in p.legs:
                _strip(hole)
                if hole in used:
                    raise WiringError(_("{title}: {a} and {b} are both in hole {hole}").format(
                        title=self.title, a=used[hole], b=p.name, hole=hole))
                used[hole] = p.name
        for w in self.wires:
            _strip(w.start)
            _strip(w.end)
        if self.circuit is not None:
            problems = self.differences(self.circuit)
            if problems:
                raise WiringError(_("the breadboard picture of {title!r} does not match the circuit:\n").format(
                    title=self.title) + "\n".join("- " + p for p in problems))

    # -- connections --------------------------------------------------------------------------
    def _union(self) -> tuple[dict[str, str], Callable[[str], str]]:
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def join(a: str, b: str) -> None:
            parent[find(a)] = find(b)

        for p in self.parts:
            for terminal, hole in p.terminals():
                join(terminal, _strip(hole))
            if p.kind == "potentiometer":
                pass
        for w in self.wires:
            join(_strip(w.start), _strip(w.end))
        return parent, find

    def nets(self) -> list[frozenset[str]]:
        """The groups of things joined together: part terminals (``"R1.*"``, ``"D1.anode"``) and Uno pins.

        A resistor's or capacitor's legs are both ``"R1.*"``: it has no sides. Strips with
        nothing but a wire end in them are left out of the names.
        """
        parent, find = self._union()
        groups: dict[str, list[str]] = {}
        for x in list(parent):
            groups.setdefault(find(x), []).append(x)
        sideless = {p.name for p in self.parts if not p.sided}
        nets = []
        for members in groups.values():
            named = [m for m in members if "." in m and not m.startswith("ext.")]
            named = [f"{m.split('.')[0]}.*" if m.split(".")[0] in sideless else m for m in named]
            if named:
                nets.append(frozenset(named))
        return nets

    def _net_of(self) -> dict[str, frozenset[str]]:
        out = {}
        for net in self.nets():
            for m in net:
                out[m] = net
        return out

    def differences(self, circuit: Any) -> list[str]:
        """What differs between this breadboard and ``circuit``: parts, values and connections (empty: none).

        The circuit's sources are the Uno's pins (see ``pins``); every other part must be on
        the board with the same value, and joined to the same things.
        """
        problems: list[str] = []
        board = {p.name: p for p in self.parts}
        signatures: dict[str, set[str]] = {}
        circuit_parts = [p for p in circuit.parts.values() if p.kind not in ("V", "I")]
        for cp in circuit_parts:
            bp = self._board_part(cp.name, board)
            if bp is None:
                problems.append(_("{part} is in the circuit but not on the breadboard").format(part=cp.name))
                continue
            problems += _compare_part(cp, bp)
            if cp.kind == "D":
                terms = [f"{bp.name}.anode", f"{bp.name}.cathode"]
            elif cp.kind == "S":
                terms = [f"{bp.name}.a", f"{bp.name}.b"]
            elif bp.kind == "potentiometer":
                terms = [f"{bp.name}.end1", f"{bp.name}.wiper"] if cp.name.endswith("a") else \
                    [f"{bp.name}.wiper", f"{bp.name}.end2"]
            else:
                terms = [f"{bp.name}.*", f"{bp.name}.*"]
            for node, term in zip(cp.nodes, terms, strict=False):
                signatures.setdefault(node, set()).add(term)
        in_circuit = {self._board_part(cp.name, board).name for cp in circuit_parts  # type: ignore[union-attr]
                      if self._board_part(cp.name, board) is not None}
        for name in board:
            if name not in in_circuit:
                problems.append(_("{part} is on the breadboard but not in the circuit").format(part=name))
        nodes = circuit.nodes() if callable(circuit.nodes) else circuit.nodes
        for node in nodes:
            pin = self.pins.get(node) or ("GND" if node == "0" else None)
            if pin is None and _PIN_NODE.match(node):
                pin = node.upper()
            if pin is not None:
                signatures.setdefault(node, set()).add(f"uno.{pin}")
        circuit_nets = Counter(frozenset(s) for s in signatures.values() if any(not t.startswith("uno.") for t in s))
        board_nets = Counter(net for net in self.nets() if any(not t.startswith("uno.") for t in net))
        if problems:
            return problems
        for net in circuit_nets - board_nets:
            problems.append(_("the circuit joins {things}; the breadboard does not").format(things=_things(net)))
        for net in board_nets - circuit_nets:
            problems.append(_("the breadboard joins {things}; the circuit does not").format(things=_things(net)))
        return problems

    def _board_part(self, circuit_name: str, board: dict[str, Component]) -> Component | None:
        if circuit_name in board:
            return board[circuit_name]
        # a potentiometer is two resistors in a circuit: P1a (end1 to wiper) and P1b (wiper to end2)
        if circuit_name[:-1] in board and board[circuit_name[:-1]].kind == "potentiometer":
            return board[circuit_name[:-1]]
        return None

    # -- a circuit made from the board ----------------------------------------------------------
    def to_circuit(self) -> Any:
        """The Circuit of this breadboard: nodes from the strips, sources from the Uno pins.

        A potentiometer becomes two resistors, ``P1a`` and ``P1b``, with its wiper in the
        middle; a button is an open switch.
        """
        from stemkit.electronics.circuit import Circuit

        parent, find = self._union()
        names: dict[str, str] = {}
        for hole, node in self.nodes.items():
            names[find(_strip(hole))] = node
        # Uno pins name their strips; GND is node 0
        for root in {find(x) for x in parent}:
            members = [x for x in parent if find(x) == root]
            pins = sorted(m[4:] for m in members if m.startswith("uno."))
            if "GND" in pins:
                names[root] = "0"
            elif root not in names and pins:
                names[root] = pins[0]
        counter = 0

        def node(hole: str) -> str:
            nonlocal counter
            root = find(_strip(hole))
            if root not in names:
                counter += 1
                names[root] = f"n{counter}"
            return names[root]

        c = Circuit(self.title)
        used_pins = {x[4:] for x in parent if x.startswith("uno.") and x != "uno.GND"}
        for pin in sorted(used_pins):
            if pin in self.sources or pin in ("5V", "3.3V"):
                value = self.sources.get(pin, 5.0 if pin == "5V" else 3.3)
                name = "V1" if pin == "5V" else pin
                c.add_voltage_source(name, node(f"uno.{pin}"), "0", value)
        for p in self.parts:
            holes = p.legs
            if p.kind in ("resistor", "thermistor", "ldr"):
                c.add_resistor(p.name, node(holes[0]), node(holes[1]), p.value)
            elif p.kind == "capacitor":
                c.add_capacitor(p.name, node(holes[0]), node(holes[1]), p.value)
            elif p.kind == "led":
                c.add_led(p.name, node(holes[0]), node(holes[1]), colour=p.colour or "red")
            elif p.kind == "diode":
                c.add_diode(p.name, node(holes[0]), node(holes[1]))
            elif p.kind == "potentiometer":
                c.add_resistor(f"{p.name}a", node(holes[0]), node(holes[1]), p.value / 2)
                c.add_resistor(f"{p.name}b", node(holes[1]), node(holes[2]), p.value / 2)
            elif p.kind == "button":
                c.add_switch(p.name, node(holes[0]), node(holes[2]))
        return c

    # -- pictures ---------------------------------------------------------------------------------
    def kit(self) -> list[str]:
        """The parts as a kit list names them: ``["330 Ω resistor", "red LED"]`` (swapped-in values too)."""
        out = [p.kit_words() for p in self.parts]
        for p in self.parts:
            for v in p.then:
                out.append(Component(p.name, p.kind, p.legs, v, p.colour).kit_words())
        return out

    def schematic(self) -> Picture:
        """The schematic, drawn from the lesson's circuit (or from :meth:`to_circuit`)."""
        from stemkit.electronics.schematic import draw_schematic

        circuit = self.circuit if self.circuit is not None else self.to_circuit()
        svgs = [draw_schematic(part).get_imagedata("svg").decode("utf-8") for part in _per_source(circuit)]
        svg = svgs[0] if len(svgs) == 1 else _side_by_side(svgs)
        return Picture(svg, _("{title}: schematic").format(title=self.title))

    def breadboard(self, *, scale: float = SCALE) -> Picture:
        """The breadboard picture: the Uno, the breadboard, the parts and the wires, as SVG."""
        d = self._draw()
        return Picture(_scaled_svg(d, scale), _("{title}: breadboard").format(title=self.title))

    def _repr_svg_(self) -> str:
        return self.breadboard().svg

    def _draw(self) -> Any:
        import schemdraw
        import schemdraw.pictorial as pictorial

        d = schemdraw.Drawing(canvas="svg", show=False)
        d.config(fontsize=11)
        uno = Uno(origin=(-(UNO_WIDTH + 0.55) * INCH, -_EDGE))
        uno.draw(d)
        bb = pictorial.Breadboard().up().at((0, 0))
        d.add(bb)

        def at(point: str) -> tuple[float, float]:
            if point.startswith("uno."):
                return uno.pin(point[4:])
            m = _RAIL.match(point)
            name = _rail_anchor(point) if m else point
            x, y = getattr(bb, name)
            return (float(x), float(y))

        c = _canvas()
        label_spots: list[tuple[Component, tuple[float, float]]] = []
        for p in self.parts:
            legs = [at(h) for h in p.legs]
            if p.kind in ("resistor",):
                d.add(pictorial.Resistor(p.value, tolerance=5).at(legs[0]).to(legs[1]))
                top = (sum(x for x, _y in legs) / 2, max(y for _x, y in legs) + 0.35)
            elif p.kind == "diode":
                d.add(pictorial.Diode().at(legs[0]).to(legs[1]))
                top = (sum(x for x, _y in legs) / 2, max(y for _x, y in legs) + 0.35)
            elif p.kind == "capacitor":
                if p.electrolytic:
                    # schemdraw's electrolytic has its stripe (the - leg) on its first, left leg;
                    # turned round and flipped, it is mirrored, with the stripe on the right
                    plus, minus = legs
                    e = pictorial.CapacitorElectrolytic().at(minus)
                    if plus[0] < minus[0]:
                        e = e.theta(180).flip()
                    d.add(e)
                    top = ((plus[0] + minus[0]) / 2, max(plus[1], minus[1]) + 0.2 * INCH + 0.3 * INCH)
                else:
                    d.add(pictorial.CapacitorCeramic().at(min(legs)))
                    top = ((legs[0][0] + legs[1][0]) / 2, max(legs[0][1], legs[1][1]) + 0.4 * INCH + 0.2 * INCH)
            elif p.kind == "led":
                top = _led_shape(c, legs[0], legs[1], fill=LED_FILL[p.colour or "red"], height=0.5)
            elif p.kind == "potentiometer":
                top = _potentiometer(c, legs)
            elif p.kind in ("thermistor", "ldr"):
                top = _bead(c, legs[0], legs[1], kind=p.kind)
            else:
                top = _button(c, legs)
            label_spots.append((p, top))
        d.add(c)
        for w in self.wires:
            a, b = at(w.start), at(w.end)
            leave = _direction(w.start, uno)
            arrive = _direction(w.end, uno)
            bend = min(1.6 if leave[1] < 0 else 2.2, 0.45 + 0.2 * math.hypot(b[0] - a[0], b[1] - a[1]))
            jumper(d, a, b, colour=w.colour, leave=leave, arrive=arrive, bend=bend)
        tags = _canvas()
        self._labels(tags, label_spots, at)
        pins = sorted({w_end[4:] for w in self.wires for w_end in (w.start, w.end) if w_end.startswith("uno.")})
        last: dict[bool, tuple[float, int]] = {}
        for pin in sorted(pins, key=lambda q: uno.pin(q)[0]):
            x, y = uno.pin(pin)
            top = uno.is_top(pin)
            # neighbouring pins get their tags at two heights, so the tags do not cover each other
            prev = last.get(top)
            level = 1 - prev[1] if prev is not None and x - prev[0] < 1.0 else 0
            last[top] = (x, level)
            dy = 0.45 + 0.5 * level
            _text(tags, (x, y + (dy if top else -dy)), pin.rstrip("23") if pin.startswith("GND") else pin,
                  size=11, align=("center", "bottom" if top else "top"), box=True, zorder=10)
        _text(tags, (-(UNO_WIDTH + 0.55) * INCH, UNO_HEIGHT * INCH + 0.2), self.title, size=12,
              align=("left", "bottom"))
        d.add(tags)
        return d


    def _labels(self, tags: Any, spots: list[tuple[Component, tuple[float, float]]],
                at: Callable[[str], tuple[float, float]]) -> None:
        """Each part's name and value in a tag on the upper half of the board, a thin line down to the part.

        Tags go on the first free level above the part (rows G, I, then above the board) so
        that none covers another.
        """
        seg = _segments()
        levels = [at("G1")[1], at("I1")[1], at("top-2")[1] + 0.55, at("top-2")[1] + 1.25]
        taken: list[tuple[int, float, float]] = []
        size = 10.5
        shifts = [0.0] + [s * k * PITCH for k in range(1, 7) for s in (1, -1)]
        for p, (x, top) in sorted(spots, key=lambda s: s[1][0]):
            text = p.label()
            half = (len(text) * size * 0.62 / 72 * 2 + 0.25) / 2
            choice = None
            for dx in shifts:            # the smallest sideways shift that finds a free level
                for k, y in enumerate(levels):
                    if y >= top + 0.1 and all(k != k2 or x + dx + half < a - 0.15 or x + dx - half > b + 0.15
                                              for k2, a, b in taken):
                        choice = (k, y, x + dx)
                        break
                if choice:
                    break
            k, y, xl = choice or (len(levels) - 1, levels[-1], x)
            taken.append((k, xl - half, xl + half))
            tags.segments.append(seg.Segment(((x, top), (x, y - 0.2), (xl, y)), color="#555555", lw=0.8, ls="--",
                                             zorder=9))
            _text(tags, (xl, y), text, size=size, align=("center", "center"), box=True, zorder=10)


def _direction(point: str, uno: Uno) -> tuple[float, float]:
    """Which way a wire comes out of a point: up from the top header, down from the bottom one; else up."""
    if point.startswith("uno."):
        return (0.0, 1.0) if uno.is_top(point[4:]) else (0.0, -1.0)
    m = _RAIL.match(point)
    if m and m.group(1) == "bottom":
        return (0.0, -1.0)
    return (0.0, 1.0)


def _things(net: Iterable[str]) -> str:
    return ", ".join(sorted(t.replace(".*", "").replace("uno.", "the Uno's ") for t in net))


def _compare_part(cp: Any, bp: Component) -> list[str]:
    kinds = {"R": ("resistor", "thermistor", "ldr", "potentiometer"), "C": ("capacitor",), "D": ("led", "diode"),
             "S": ("button",)}
    if bp.kind not in kinds.get(cp.kind, ()):
        return [_("{part} is a {kind} on the breadboard but not in the circuit").format(part=bp.name, kind=bp.kind)]
    if cp.kind in ("R", "C"):
        value = bp.value / 2 if bp.kind == "potentiometer" else bp.value
        if value is None or not math.isclose(cp.value, value, rel_tol=1e-9):
            unit = "Ω" if cp.kind == "R" else "F"
            return [_("{part} is {circuit} in the circuit and {board} on the breadboard").format(
                part=cp.name, circuit=format_si(cp.value, unit), board=format_si(value or 0, unit))]
    if cp.kind == "D" and bp.kind == "led" and cp.params.get("colour") != bp.colour:
        return [_("{part} is a {circuit} LED in the circuit and a {board} one on the breadboard").format(
            part=cp.name, circuit=cp.params.get("colour"), board=bp.colour)]
    return []


def _per_source(circuit: Any) -> list[Any]:
    """Split a circuit with several sources into one circuit per source (joined only at ground)."""
    from stemkit.electronics.circuit import Circuit

    sources = [p for p in circuit.parts.values() if p.kind in ("V", "I")]
    if len(sources) <= 1:
        return [circuit]
    groups: list[tuple[set[str], list[Any]]] = []
    for p in circuit.parts.values():
        nodes = {n for n in p.nodes if n != "0"}
        joined = [g for g in groups if g[0] & nodes]
        merged: tuple[set[str], list[Any]] = (set(nodes), [p])
        for g in joined:
            merged[0].update(g[0])
            merged[1].extend(g[1])
            groups.remove(g)
        groups.append(merged)
    out = []
    for _nodes, parts in groups:
        c = Circuit(circuit.title)
        names = {p.name for p in parts}
        c.parts = {name: p for name, p in circuit.parts.items() if name in names}
        c._upper = {name.upper(): name for name in c.parts}
        out.append(c)
    out.sort(key=lambda c: min(list(circuit.parts).index(n) for n in c.parts))
    return out


# -- the LED pin-out ------------------------------------------------------------------------------
def led_pinout(*, colour: str = "red", scale: float = 1.0) -> Picture:
    """A large LED with its legs named, beside its schematic symbol: which leg is + and which is -.

    The long (bent) leg is the anode (+); the short leg, on the side where the rim is flat,
    is the cathode (-). The symbol's triangle points the way the current flows, to the bar.
    """
    import schemdraw
    import schemdraw.elements as elm

    d = schemdraw.Drawing(canvas="svg", show=False)
    d.config(fontsize=12)
    c = _canvas()
    seg = _segments()
    size = 2.6
    ax, kx = 0.0, 1.4
    fill = LED_FILL.get(colour, "#dd4433")
    # the LED from the side, legs as they come out of the bag: the anode longer
    _led_shape(c, (ax, -0.8), (kx, 0.0), fill=fill, height=1.0, signs=False, size=size)
    _text(c, (ax - 0.2, -0.5), _("long leg:\nanode (+)"), size=12, align=("right", "center"))
    _text(c, (kx + 0.2, 0.5), _("short leg:\ncathode (−)"), size=12, align=("left", "center"))
    # the same LED seen from above: a circle with a flat cut on the cathode side
    cx, cy, r = 5.2, 4.3, 0.8
    cut = 0.78 * r
    points = []
    for k in range(73):
        t = 2 * math.pi * k / 72
        points.append((cx + min(r * math.cos(t), cut), cy + r * math.sin(t)))
    c.segments.append(seg.SegmentPoly(points, fill=fill, color="#00000088", lw=1, zorder=4))
    c.segments.append(seg.SegmentCircle((cx, cy), 0.62 * r, fill="#ffffff33", color="#00000055", lw=0.8, zorder=5))
    _text(c, (cx, cy + r + 0.35), _("seen from above"), size=12, align=("center", "bottom"))
    _text(c, (cx + r + 0.3, cy), _("flat side:\ncathode (−)"), size=12, align=("left", "center"))
    _text(c, (cx - r - 0.3, cy), _("round side:\nanode (+)"), size=12, align=("right", "center"))
    d.add(c)
    x0 = 4.2
    d.add(elm.LED().at((x0, 1.2)).right().length(3).label(_("anode (+)"), loc="left", ofst=0.2)
          .label(_("cathode (−)"), loc="right", ofst=0.2))
    d.add(elm.Label().at((x0 + 1.5, 0.3)).label(_("the symbol: current flows\nfrom the triangle to the bar"),
                                                 fontsize=12))
    return Picture(_scaled_svg(d, scale), _("LED pin-out"))


# -- the lessons' builds ----------------------------------------------------------------------------
def _rail_row(row: int) -> int:
    """The row beside ``row`` that has a rail hole (the rails skip every sixth)."""
    return row + 1 if (row - 1) % 6 == 0 else row


def _led_loop(title: str, *, pin: str, resistance: float, colour: str, row: int, then: tuple[float, ...] = (),
              names: tuple[str, str] = ("R1", "D1"), circuit: Any = None, sources: dict[str, Any] | None = None,
              wire_colour: str = "red") -> Wiring:
    """Pin -> resistor -> LED -> GND, starting at breadboard row ``row``."""
    r, led = names
    parts = [Component(r, "resistor", (f"B{row}", f"B{row + 4}"), resistance, then=then),
             Component(led, "led", (f"C{row + 4}", f"C{row + 5}"), colour=colour)]
    wires = [Wire(f"uno.{pin}", f"A{row}", wire_colour),
             Wire(f"A{row + 5}", f"bottom-{_rail_row(row + 5)}", "black"),
             Wire("uno.GND", "bottom-3", "black")]
    return Wiring(title, parts, wires, sources=sources or {}, circuit=circuit)


def _e01(circuit: Any = None) -> Wiring:
    return _led_loop(_("A red LED and its resistor on 5 V"), pin="5V", resistance=330, colour="red", row=10,
                     then=(1000,), circuit=circuit)


def _wiring(title: str, parts: list[Component], wires: list[Wire], circuit: Any = None, **kw: Any) -> Wiring:
    return Wiring(title, parts, wires, circuit=circuit, **kw)


def _e03(circuit: Any = None) -> Wiring:
    parts = [Component("R1", "resistor", ("B8", "B12"), 10e3),
             Component("R2", "resistor", ("C12", "C16"), 10e3),
             Component("R3", "resistor", ("E12", "E17"), 10e3),
             Component("P1", "potentiometer", ("B22", "B23", "B24"), 10e3)]
    wires = [Wire("uno.5V", "bottom+3", "red"), Wire("uno.GND", "bottom-4", "black"),
             Wire("bottom+8", "A8", "red"), Wire("A16", "bottom-16", "black"), Wire("A17", "bottom-17", "black"),
             Wire("bottom+21", "A22", "red"), Wire("A24", "bottom-23", "black")]
    return _wiring(_("A divider, its load R3 (step 2) and a potentiometer"), parts, wires, circuit,
                   nodes={"A12": "middle", "A23": "wiper"})


def _e04(circuit: Any = None) -> Wiring:
    parts = [Component("R1", "resistor", ("B6", "B10"), 330, then=(1000,)),
             Component("D1", "led", ("C10", "C11"), colour="red"),
             Component("R2", "resistor", ("B18", "B22"), 1000, then=(330,)),
             Component("D2", "led", ("C22", "C23"), colour="blue")]
    wires = [Wire("uno.5V", "bottom+3", "red"), Wire("uno.GND", "bottom-4", "black"),
             Wire("bottom+5", "A6", "red"), Wire("A11", "bottom-11", "black"),
             Wire("bottom+17", "A18", "red"), Wire("A23", "bottom-23", "black")]
    return _wiring(_("A red and a blue LED, each with its resistor"), parts, wires, circuit)


def _e05(circuit: Any = None) -> Wiring:
    parts = [Component("R1", "resistor", ("B5", "B9"), 1e3),
             Component("R2", "resistor", ("C9", "C12"), 2.2e3),
             Component("R5", "resistor", ("E9", "E15"), 470),
             Component("R3", "resistor", ("B15", "B20"), 1.5e3),
             Component("R4", "resistor", ("D15", "D18"), 1.8e3)]
    wires = [Wire("uno.5V", "bottom+3", "red"), Wire("uno.GND", "bottom-4", "black"),
             Wire("bottom+5", "A5", "red"), Wire("A12", "bottom-12", "black"),
             Wire("bottom+20", "A20", "red"), Wire("A18", "bottom-18", "black")]
    return _wiring(_("A Wheatstone bridge on the Uno's 5 V"), parts, wires, circuit,
                   pins={"top": "5V"}, nodes={"A9": "a", "A15": "b"})


def _e06_timer(circuit: Any = None) -> Wiring:
    parts = [Component("R1", "resistor", ("B10", "B14"), 100e3),
             Component("C1", "capacitor", ("C14", "C15"), 100e-6)]
    wires = [Wire("uno.5V", "bottom+3", "red"), Wire("uno.GND", "bottom-4", "black"),
             Wire("bottom+9", "A10", "red"), Wire("A15", "bottom-15", "black")]
    return _wiring(_("RC timer: 100 kΩ and 100 µF on 5 V"), parts, wires, circuit, nodes={"A14": "plus"})


def _e06_button(circuit: Any = None) -> Wiring:
    parts = [Component("R2", "resistor", ("B4", "B8"), 10e3),
             Component("C2", "capacitor", ("C8", "C9"), 100e-9),
             Component("S1", "button", ("E14", "F14", "E16", "F16"))]
    wires = [Wire("uno.5V", "bottom+3", "red"), Wire("uno.GND", "bottom-2", "black"),
             Wire("bottom+4", "A4", "red"), Wire("uno.D2", "A8", "blue"), Wire("D8", "D14", "blue"),
             Wire("A9", "bottom-9", "black"), Wire("A16", "bottom-16", "black")]
    return _wiring(_("Button on pin 2 with its 10 kΩ pull-up and the 100 nF capacitor"), parts, wires, circuit)


def _e07(circuit: Any = None) -> Wiring:
    from stemkit.electronics.sensors import ldr_resistance

    parts = [Component("R1", "resistor", ("B6", "B10"), 10e3),
             Component("RT", "thermistor", ("C10", "C11"), 10e3),
             Component("LDR", "ldr", ("C18", "C19"), ldr_resistance(illuminance=300)),   # room light
             Component("R2", "resistor", ("B19", "B23"), 10e3)]
    wires = [Wire("uno.5V", "bottom+3", "red"), Wire("uno.GND", "bottom-4", "black"),
             Wire("bottom+5", "A6", "red"), Wire("A11", "bottom-11", "black"),
             Wire("bottom+17", "A18", "red"), Wire("A23", "bottom-23", "black"),
             Wire("uno.A0", "E10", "blue"), Wire("uno.A1", "E19", "orange")]
    return _wiring(_("Thermistor divider on A0, photoresistor divider on A1"), parts, wires, circuit,
                   pins={"a0": "A0", "a1": "A1", "5v": "5V"})


def _e08_leds(circuit: Any = None) -> Wiring:
    from stemkit.electronics.circuit import PWM

    parts = [Component("R1", "resistor", ("B4", "B8"), 330), Component("D1", "led", ("C8", "C9"), colour="red"),
             Component("R3", "resistor", ("E4", "F4"), 10e3), Component("C1", "capacitor", ("H4", "H5"), 10e-6),
             Component("R2", "resistor", ("B12", "B16"), 330), Component("D2", "led", ("C16", "C17"), colour="red")]
    wires = [Wire("uno.5V", "bottom+3", "red"), Wire("uno.GND", "bottom-4", "black"),
             Wire("uno.D9", "A4", "orange"), Wire("A9", "bottom-9", "black"),
             Wire("J5", "top-5", "black"), Wire("bottom-2", "top-2", "black"), Wire("uno.A0", "J4", "blue"),
             Wire("bottom+11", "A12", "red"), Wire("A17", "bottom-17", "black")]
    return _wiring(_("Pin 9 LED, reference LED on 5 V, and the averaging filter on A0"), parts, wires, circuit,
                   sources={"D9": PWM(frequency=490.2, duty=0.25)}, nodes={"J4": "A0"})


def _e09(circuit: Any = None) -> Wiring:
    from stemkit.electronics.circuit import PWM

    parts = [Component("R1", "resistor", ("B10", "B14"), 10e3),
             Component("C1", "capacitor", ("C14", "C15"), 10e-6, then=(1e-6,))]
    wires = [Wire("uno.GND", "bottom-4", "black"), Wire("uno.D9", "A10", "orange"),
             Wire("A15", "bottom-15", "black"), Wire("uno.A0", "E14", "blue")]
    return _wiring(_("Pin 9 through 10 kΩ and 10 µF, read on A0"), parts, wires, circuit,
                   pins={"output": "A0"}, sources={"D9": PWM(frequency=490.2, duty=0.25)}, nodes={"A14": "output"})


def _start01(circuit: Any = None) -> Wiring:
    return _led_loop(_("Blink: pin 13, a 330 Ω resistor and a red LED"), pin="D13", resistance=330, colour="red",
                     row=10, circuit=circuit, sources={"D13": 5.0}, wire_colour="orange")


#: The builds of the lessons: ``"<lesson-id>/<build>"`` -> a function ``(circuit=None) -> Wiring``.
BUILDS: dict[str, Callable[..., Wiring]] = {
    "electronics-01/led": _e01,
    "electronics-03/divider": _e03,
    "electronics-04/leds": _e04,
    "electronics-05/bridge": _e05,
    "electronics-06/timer": _e06_timer,
    "electronics-06/button": _e06_button,
    "electronics-07/sensors": _e07,
    "electronics-08/leds": _e08_leds,
    "electronics-09/filter": _e09,
    "start-01/blink": _start01,
}


def build(name: str, *, circuit: Any = None) -> Wiring:
    """The wiring of a lesson's build, ``"electronics-06/timer"``; checked against ``circuit`` when given.

    Raises
    ------
    WiringError
        When there is no such build, or the circuit and the breadboard differ (the message
        lists how).
    """
    if name not in BUILDS:
        raise WiringError(_("there is no build called {name!r}; the builds are {names}").format(
            name=name, names=", ".join(BUILDS)))
    return BUILDS[name](circuit=circuit)
