"""Wiring diagrams of the robotics builds: one description per build, drawn as SVG.

A :class:`Wiring` is a list of :class:`Part` boxes (an Arduino, a motor driver, a
sensor board, servos, a battery pack, a breadboard) with named pins, and a list of
:class:`Wire` s between two pins. The description is plain data; :meth:`Wiring.svg`
lays the boxes out in columns and draws every wire in the colour of its role (power
red, ground black, signals in the colour-blind-safe colours of
:data:`stemkit.ui.figure.PALETTE`), labelled with the pins at both of its ends.
A notebook cell that ends with a wiring shows the picture.

:func:`sketch_pins` reads the pins an Arduino sketch uses (``const int TRIG_PIN = 9;``,
``pinMode(5, OUTPUT)``, ``{A0, A1}``), and :func:`check_sketch` says where a picture
and a sketch disagree. The lessons' tests run it for every build.

The builds: :func:`kit_car` (robotics-01, -02), :func:`encoders` (-03),
:func:`ultrasonic` (-04), :func:`line_follower` (-05, -09) and :func:`servo_arm`
(-06, -07); :func:`for_lesson` finds a lesson's. :func:`pwm_motor` is the motor of
electronics-08's build: one motor on an L298N, its speed from pin 9.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from stemkit.i18n import N_, _

__all__ = ["Part", "Wire", "Wiring", "ROLES", "SketchPins", "sketch_pins", "check_sketch",
           "kit_car", "encoders", "ultrasonic", "line_follower", "servo_arm", "pwm_motor", "for_lesson", "LESSONS"]

#: Wire roles: (colour name in stemkit.ui.figure.PALETTE, what the colour means).
ROLES = {
    "power": ("vermillion", N_("power (+)")),
    "ground": ("black", N_("ground (GND, −)")),
    "output": ("orange", N_("signal from the Arduino")),
    "input": ("sky", N_("signal to the Arduino")),
    "pwm": ("blue", N_("PWM: motor speed")),
    "analog": ("green", N_("analog reading")),
    "motor": ("purple", N_("motor current")),
}

# Drawing sizes in CSS pixels: the picture is shown at this size, never stretched.
_PITCH = 26          # between two pins of a box
_HEADER = 44         # box title and note above the first pin
_FOOT = 10
_FONT = 13
_SMALL = 11
_MARGIN = 16
_CHANNEL = 12        # between two bent wires in one gap


def _text_width(text: str, size: float) -> float:
    return 0.6 * size * len(text)


@dataclass(frozen=True)
class Part:
    """A box with named pins.

    Parameters
    ----------
    key : str
        How wires name the part (``"uno"``).
    title : str
        The name in the box (``"Arduino Uno"``).
    column : int
        Where the box goes: 0 is the middle, negative columns to its left.
    left, right : tuple of str
        The pins on the box's left and right edges, top to bottom. ``""`` leaves a gap.
        A pin id may end in ``#n`` to have several pins of one name (``"GND#2"``). A pin
        listed on both edges is a breadboard row that runs across the box (``rails``).
    kit : tuple of str
        Words that name this part in a lesson's kit list (``("L298N", "motor driver")``).
    note : str
        A second line under the title.
    rails : bool
        A breadboard: its pins are rows across it.
    on_breadboard : bool
        The part is pushed into a breadboard, drawn behind it.
    align : str, optional
        The pin whose wire runs straight; by default the first pin wired to a part
        already placed (parts are placed in the order the wiring lists them).
    short : str
        A short name for wire labels when a pin's name alone says little (``"+"`` of the
        ``"motor"``).
    """

    key: str
    title: str
    column: int
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    kit: tuple[str, ...] = ()
    note: str = ""
    rails: bool = False
    on_breadboard: bool = False
    align: str | None = None
    short: str = ""

    @property
    def pins(self) -> tuple[str, ...]:
        seen = dict.fromkeys(p for p in self.left + self.right if p)
        return tuple(seen)


@dataclass(frozen=True)
class Wire:
    """A wire from ``start`` to ``end``, each ``(part key, pin)``.

    ``role`` picks the colour (see :data:`ROLES`); ``sketch`` names the sketch's
    constant that holds the Arduino pin of this wire (``"TRIG_PIN"``).
    ``bend`` chooses the gap where a wire that cannot run straight turns: next to its
    ``"start"`` or its ``"end"``; ``lane`` orders bent wires within a gap (smaller is
    nearer the left column).
    """

    start: tuple[str, str]
    end: tuple[str, str]
    role: str
    sketch: str | None = None
    bend: str = "end"
    lane: float | None = None


def pin_label(pin: str) -> str:
    """The name printed on the board: ``"GND#2"`` is a second ``GND``."""
    return pin.split("#")[0]


@dataclass
class Wiring:
    """One build's parts and wires (see the module notes)."""

    name: str
    title: str
    parts: tuple[Part, ...]
    wires: tuple[Wire, ...]
    _layout: dict = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = [p.key for p in self.parts]
        if len(set(keys)) != len(keys):
            raise ValueError(_("two parts of the wiring {name} have the same key").format(name=self.name))
        by_key = {p.key: p for p in self.parts}
        for wire in self.wires:
            if wire.role not in ROLES:
                raise ValueError(_("wire role must be one of {roles}, got {role!r}").format(
                    roles=", ".join(ROLES), role=wire.role))
            for key, pin in (wire.start, wire.end):
                if key not in by_key or pin not in by_key[key].pins:
                    raise ValueError(_("the wiring {name} has a wire to {key} pin {pin}, which it does not list")
                                     .format(name=self.name, key=key, pin=pin))
            if by_key[wire.start[0]].column == by_key[wire.end[0]].column:
                raise ValueError(_("a wire must join parts in different columns: {a} and {b}").format(
                    a=wire.start[0], b=wire.end[0]))

    # -- what the picture says -------------------------------------------------
    def part(self, key: str) -> Part:
        """The part with this key."""
        return next(p for p in self.parts if p.key == key)

    @property
    def arduino(self) -> Part:
        """The Arduino's box (the part whose kit words name an Arduino)."""
        return next(p for p in self.parts if "Arduino" in p.kit)

    def arduino_wires(self) -> list[tuple[str, Wire]]:
        """(Arduino pin, wire) for every wire with one end on the Arduino."""
        key = self.arduino.key
        out = []
        for wire in self.wires:
            for (k, pin), _other in ((wire.start, wire.end), (wire.end, wire.start)):
                if k == key:
                    out.append((pin_label(pin), wire))
        return out

    def signal_pins(self) -> dict[str, Wire]:
        """The Arduino's digital and analog pins this build uses (``"D9"``, ``"A0"``) and their wires."""
        return {pin: wire for pin, wire in self.arduino_wires() if re.fullmatch(r"[DA]\d+", pin)}

    def kit_words(self) -> list[tuple[str, ...]]:
        """Each part's kit words: at least one of each must be in the lesson's kit list."""
        words = [p.kit for p in self.parts if p.kit]
        if any(p.on_breadboard for p in self.parts):
            words.append(("breadboard",))
        return words

    def connections(self) -> list[str]:
        """One line per wire: ``"Arduino Uno D9 – HC-SR04 TRIG (signal from the Arduino)"``."""
        lines = []
        for wire in self.wires:
            a, b = self.part(wire.start[0]), self.part(wire.end[0])
            lines.append(_("{a} {pa} – {b} {pb} ({role})").format(
                a=a.title, pa=pin_label(wire.start[1]), b=b.title, pb=pin_label(wire.end[1]),
                role=_(ROLES[wire.role][1])))
        return lines

    def __repr__(self) -> str:
        return f"<Wiring {self.name}: {len(self.parts)} parts, {len(self.wires)} wires>"

    def _repr_svg_(self) -> str:
        return self.svg()

    # -- layout ------------------------------------------------------------------
    def _box_width(self, part: Part) -> float:
        names = max((_text_width(pin_label(p), _FONT) for p in part.left), default=0) + \
            max((_text_width(pin_label(p), _FONT) for p in part.right), default=0)
        if part.rails:
            names = max((_text_width(pin_label(p), _FONT) for p in part.pins), default=0) + 40
        return max(96.0, _text_width(part.title, _FONT + 1) + 20, _text_width(part.note, _SMALL) + 20, names + 36)

    def _side_of(self, part: Part, pin: str, other: Part) -> str:
        if pin in part.left and pin in part.right:
            return "right" if other.column > part.column else "left"
        return "left" if pin in part.left else "right"

    def layout(self) -> dict:
        """Box positions, pin points and wire paths [px] (computed once)."""
        if self._layout is not None:
            return self._layout
        columns = sorted({p.column for p in self.parts})
        width = {c: max(self._box_width(p) for p in self.parts if p.column == c) for c in columns}
        # each gap is as wide as the longest wire label that sits in it, plus room for bends
        label_w: dict[int, float] = {}
        for wire in self.wires:
            ca, cb = sorted((self.part(wire.start[0]).column, self.part(wire.end[0]).column))
            text = self._wire_text(wire)
            label_w[ca] = max(label_w.get(ca, 0), _text_width(text, _SMALL))
        x, left_x = _MARGIN, {}
        for c in columns:
            left_x[c] = x
            x += width[c] + max(100.0, label_w.get(c, 0) + 56)
        total_w = x - max(100.0, label_w.get(columns[-1], 0) + 56) + _MARGIN

        boxes: dict[str, tuple[float, float, float, float]] = {}
        pin_y: dict[tuple[str, str], float] = {}

        def place(part: Part, top: float) -> None:
            h = _HEADER + _PITCH * max(len(part.left), len(part.right)) + _FOOT - _PITCH / 2
            boxes[part.key] = (left_x[part.column], top, width[part.column], h)
            for side in (part.left, part.right):
                for i, pin in enumerate(side):
                    if pin:
                        pin_y[(part.key, pin)] = top + _HEADER + i * _PITCH

        top0 = _MARGIN + 30
        bottoms: dict[int, float] = {}
        for part in self.parts:
            want = None
            for wire in self.wires:
                for mine, other in ((wire.start, wire.end), (wire.end, wire.start)):
                    if mine[0] != part.key or other not in pin_y or want is not None:
                        continue
                    if part.align is not None and mine[1] != part.align:
                        continue
                    side = part.left if mine[1] in part.left else part.right
                    want = pin_y[other] - _HEADER - side.index(mine[1]) * _PITCH
            floor = bottoms.get(part.column, top0 - 24) + 24
            top = floor if want is None else max(want, floor)
            place(part, top)
            bottoms[part.column] = top + boxes[part.key][3]

        # wire paths: horizontal, then a bend in a gap, then horizontal
        def point(end: tuple[str, str], other: tuple[str, str]) -> tuple[float, float, str]:
            part, far = self.part(end[0]), self.part(other[0])
            bx, _by, bw, _bh = boxes[part.key]
            side = self._side_of(part, end[1], far)
            return (bx + bw if side == "right" else bx), pin_y[end], side

        bent: dict[int, list] = {}
        paths = []
        for n, wire in enumerate(self.wires):
            a, b = point(wire.start, wire.end), point(wire.end, wire.start)
            (xa, ya, _), (xb, yb, _) = sorted((a, b))
            paths.append([(xa, ya), (xb, yb)])
            if abs(ya - yb) > 0.5:
                ca, cb = sorted((self.part(wire.start[0]).column, self.part(wire.end[0]).column))
                at_start = (wire.bend == "start") == (a[0] <= b[0])
                gap = ca if at_start else columns[columns.index(cb) - 1]
                bent.setdefault(gap, []).append(n)
        for gap, members in bent.items():
            gx0 = left_x[gap] + width[gap]
            gx1 = left_x[columns[columns.index(gap) + 1]]
            keyed = sorted(members, key=lambda n: (self.wires[n].lane if self.wires[n].lane is not None else n))
            mid = (gx0 + gx1) / 2
            for i, n in enumerate(keyed):
                lane = self.wires[n].lane
                if lane is not None and 0 < lane < 1:
                    cx = gx0 + lane * (gx1 - gx0)
                else:
                    cx = mid + (i - (len(keyed) - 1) / 2) * _CHANNEL
                (xa, ya), (xb, yb) = paths[n]
                paths[n] = [(xa, ya), (cx, ya), (cx, yb), (xb, yb)]
        height = max(y + h for (_x, y, _w, h) in boxes.values()) + _MARGIN
        self._layout = {"boxes": boxes, "pins": pin_y, "paths": paths, "width": total_w, "height": height,
                        "gaps": {c: (left_x[c] + width[c]) for c in columns}}
        return self._layout

    def _end_text(self, end: tuple[str, str]) -> str:
        part, pin = self.part(end[0]), pin_label(end[1])
        return f"{part.short} {pin}" if part.short and len(pin) <= 2 else pin

    def _wire_text(self, wire: Wire) -> str:
        return f"{self._end_text(wire.start)} → {self._end_text(wire.end)}"

    # -- drawing -------------------------------------------------------------------
    def svg(self) -> str:
        """The wiring diagram as an SVG document, at its natural size in CSS pixels."""
        from stemkit.ui.figure import PALETTE

        lay = self.layout()
        legend_roles = [r for r in ROLES if any(w.role == r for w in self.wires)]
        legend_rows, row, row_w = [], [], 0.0
        for r in legend_roles:
            w = 34 + _text_width(_(ROLES[r][1]), _SMALL + 1)
            if row and row_w + w > lay["width"] - 2 * _MARGIN:
                legend_rows.append(row)
                row, row_w = [], 0.0
            row.append((r, w))
            row_w += w
        if row:
            legend_rows.append(row)
        width, height = lay["width"], lay["height"] + 8 + 22 * len(legend_rows)
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
               f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="DejaVu Sans, Arial, sans-serif" '
               f'role="img" aria-label="{html.escape(self.title)}">',
               f'<rect width="{width:.0f}" height="{height:.0f}" fill="white"/>',
               f'<text x="{_MARGIN}" y="{_MARGIN + 12}" font-size="15" font-weight="bold" '
               f'fill="{PALETTE["black"]}">{html.escape(self.title)}</text>']
        for part in self.parts:
            if part.on_breadboard:
                x, y, w, h = lay["boxes"][part.key]
                out.append(f'<rect x="{x - 10:.1f}" y="{y - 8:.1f}" width="{w + 20:.1f}" height="{h + 30:.1f}" '
                           f'rx="6" fill="#f1f1ec" stroke="#b5b5a8" stroke-dasharray="4,3"/>')
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + h + 16:.1f}" font-size="{_SMALL}" '
                           f'text-anchor="middle" fill="#555555">{html.escape(_("breadboard"))}</text>')
        for part in self.parts:
            out.extend(self._svg_box(part, lay, PALETTE))
        for wire, path in zip(self.wires, lay["paths"], strict=True):
            # a white edge under each wire: where two wires cross, the later one shows a gap in the other
            colour = PALETTE[ROLES[wire.role][0]]
            d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(path))
            out.append(f'<path d="{d}" fill="none" stroke="white" stroke-width="9" stroke-linejoin="round"/>')
            out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="3" stroke-linejoin="round"/>')
        out.extend(self._svg_junctions(lay, PALETTE))
        for wire, path in zip(self.wires, lay["paths"], strict=True):
            out.extend(self._svg_wire_label(wire, path, lay, PALETTE))
        y = lay["height"] + 8
        for row in legend_rows:
            x = _MARGIN
            for r, w in row:
                colour = PALETTE[ROLES[r][0]]
                out.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 24:.1f}" y2="{y:.1f}" stroke="{colour}" '
                           f'stroke-width="4"/>')
                out.append(f'<text x="{x + 30:.1f}" y="{y + 4:.1f}" font-size="{_SMALL + 1}" '
                           f'fill="{PALETTE["black"]}">{html.escape(_(ROLES[r][1]))}</text>')
                x += w
            y += 22
        out.append("</svg>")
        return "\n".join(out)

    def _svg_box(self, part: Part, lay: dict, palette: dict) -> list[str]:
        x, y, w, h = lay["boxes"][part.key]
        fill = "#eef5fb" if "Arduino" in part.kit else "#fbfbfb"
        out = [f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="5" fill="{fill}" '
               f'stroke="#444444" stroke-width="1.5"/>',
               f'<text x="{x + w / 2:.1f}" y="{y + 18:.1f}" font-size="{_FONT + 1}" font-weight="bold" '
               f'text-anchor="middle" fill="{palette["black"]}">{html.escape(part.title)}</text>']
        if part.note:
            out.append(f'<text x="{x + w / 2:.1f}" y="{y + 32:.1f}" font-size="{_SMALL}" text-anchor="middle" '
                       f'fill="#555555">{html.escape(part.note)}</text>')
        if part.rails:
            for pin in part.pins:
                py = lay["pins"][(part.key, pin)]
                colour = palette["vermillion"] if pin.startswith("+") else palette["black"]
                out.append(f'<line x1="{x + 6:.1f}" y1="{py:.1f}" x2="{x + w - 6:.1f}" y2="{py:.1f}" '
                           f'stroke="{colour}" stroke-width="2" stroke-dasharray="2,4"/>')
                out.append(f'<text x="{x + w / 2:.1f}" y="{py - 5:.1f}" font-size="{_FONT}" text-anchor="middle" '
                           f'fill="{palette["black"]}">{html.escape(pin_label(pin))}</text>')
            return out
        for side, anchor, tx in ((part.left, "start", x + 9), (part.right, "end", x + w - 9)):
            for pin in side:
                if not pin:
                    continue
                py = lay["pins"][(part.key, pin)]
                px = x if anchor == "start" else x + w
                out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="white" stroke="#444444"/>')
                out.append(f'<text x="{tx:.1f}" y="{py + 4.5:.1f}" font-size="{_FONT}" text-anchor="{anchor}" '
                           f'fill="{palette["black"]}">{html.escape(pin_label(pin))}</text>')
        return out

    def _svg_junctions(self, lay: dict, palette: dict) -> list[str]:
        # two wires from one pin: a dot where the second one leaves the first
        out = []
        for n, (wire, path) in enumerate(zip(self.wires, lay["paths"], strict=True)):
            if len(path) < 4:
                continue
            for k, (x, y) in ((0, path[1]), (3, path[2])):
                end = path[0] if k == 0 else path[3]
                for m, other in enumerate(lay["paths"]):
                    if m == n or self.wires[m].role != wire.role:
                        continue
                    for seg in zip(other[:-1], other[1:], strict=True):
                        (x0, y0), (x1, y1) = seg
                        if abs(y0 - y) < 0.5 and abs(y1 - y) < 0.5 and min(x0, x1) - 0.5 <= x <= max(x0, x1) + 0.5 \
                                and (min(x0, x1) - 0.5 <= end[0] <= max(x0, x1) + 0.5):
                            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" '
                                       f'fill="{palette[ROLES[wire.role][0]]}"/>')
        return out

    def _end_x(self, end: tuple[str, str], wire: Wire, lay: dict) -> float:
        other = wire.end if end == wire.start else wire.start
        part = self.part(end[0])
        x, _y, w, _h = lay["boxes"][part.key]
        return x + w if self._side_of(part, end[1], self.part(other[0])) == "right" else x

    def _svg_wire_label(self, wire: Wire, path: list, lay: dict, palette: dict) -> list[str]:
        text = self._wire_text(wire)
        segments = [(a, b) for a, b in zip(path[:-1], path[1:], strict=True) if abs(a[1] - b[1]) < 0.5]
        if len(path) == 4:
            # a bent wire: its label goes on the run to the end that no other wire shares
            shared = [sum(1 for w in self.wires if end in (w.start, w.end)) > 1
                      for end in sorted((wire.start, wire.end), key=lambda e: self._end_x(e, wire, lay))]
            if shared[0] != shared[1]:
                segments = [segments[1]] if shared[0] else [segments[0]]
        (x0, y0), (x1, _y1) = max(segments, key=lambda s: abs(s[1][0] - s[0][0]))
        lo, hi = min(x0, x1), max(x0, x1)
        gaps = [g for g in lay["gaps"].values() if lo - 1 <= g < hi]
        start = gaps[0] if gaps else lo
        end = min(hi, start + max(100.0, _text_width(text, _SMALL) + 56))
        w = _text_width(text, _SMALL) + 8
        cx = (start + end) / 2
        if end - start < w + 8:
            cx = end - 6 - w / 2 if hi - lo < w + 8 else cx
        # slide it along its run, off any other wire's upright part
        uprights = [(a[0], min(a[1], b[1]), max(a[1], b[1])) for other in lay["paths"] if other is not path
                    for a, b in zip(other[:-1], other[1:], strict=True) if abs(a[0] - b[0]) < 0.5]

        def clear(c: float) -> bool:
            return not any(c - w / 2 - 3 <= x <= c + w / 2 + 3 and y_lo < y0 - 3 and y_hi > y0 - 16
                           for x, y_lo, y_hi in uprights)

        if not clear(cx):
            options = [c for c in range(int(lo + w / 2 + 2), int(hi - w / 2 - 1), 2) if clear(c)]
            if options:
                cx = min(options, key=lambda c: abs(c - cx))
        return [f'<rect x="{cx - w / 2:.1f}" y="{y0 - 16:.1f}" width="{w:.1f}" height="13" rx="3" fill="white" '
                f'fill-opacity="0.9"/>',
                f'<text x="{cx:.1f}" y="{y0 - 6:.1f}" font-size="{_SMALL}" text-anchor="middle" '
                f'fill="{palette["black"]}">{html.escape(text)}</text>']


# ---------------------------------------------------------------------------
# Reading a sketch

_PIN_CALLS = re.compile(r"\b(?:pinMode|digitalWrite|digitalRead|analogWrite|analogRead|pulseIn|attach|"
                        r"digitalPinToInterrupt)\s*\(\s*([A-Za-z_][\w]*(?:\s*\[[^\]]*\])?|\d+)")
_DECL = re.compile(r"\b(?:const\s+)?(?:unsigned\s+)?(?:int|byte|uint8_t|short|long)\s+"
                   r"((?:[A-Za-z_]\w*\s*(?:\[[^\]]*\])?\s*=\s*(?:\{[^}]*\}|[^,;{}]+)\s*,?\s*)+);")
_ITEM = re.compile(r"([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*=\s*(\{[^}]*\}|[^,;{}]+)")
_RANGE_FOR = re.compile(r"for\s*\(\s*(?:const\s+)?(?:int|byte|auto)\s*&?\s*(\w+)\s*:\s*(\w+)\s*\)")


@dataclass(frozen=True)
class SketchPins:
    """What :func:`sketch_pins` found: pin constants by name, and every pin the sketch uses."""

    named: dict[str, str]
    used: frozenset[str]


def _pin_name(value: str, table: dict[str, list[str]]) -> list[str]:
    value = value.strip()
    if re.fullmatch(r"\d+", value):
        return [f"D{int(value)}"]
    if re.fullmatch(r"A\d", value):
        return [value]
    if value in table:
        return [p for v in table[value] for p in _pin_name(v, {k: t for k, t in table.items() if k != value})]
    return []


def sketch_pins(source: str) -> SketchPins:
    """The Arduino pins a sketch uses.

    Pins are found where the sketch uses them (``pinMode``, ``digitalWrite``,
    ``digitalRead``, ``analogWrite``, ``analogRead``, ``pulseIn``, ``attach``,
    ``digitalPinToInterrupt``), as numbers, ``A0``-style names, integer constants,
    elements of an integer array, or the variable of a ``for (int p : pins)`` loop.

    Returns
    -------
    SketchPins
        ``named``: each constant used as a pin and its pin (``{"TRIG_PIN": "D9"}``;
        array elements as ``"SENSOR_PINS[0]"``); ``used``: every pin used (``"D9"``, ``"A0"``).

    Examples
    --------
    >>> pins = sketch_pins("const int TRIG = 9;\\nvoid setup() { pinMode(TRIG, OUTPUT); analogRead(A0); }")
    >>> pins.named, sorted(pins.used)
    ({'TRIG': 'D9'}, ['A0', 'D9'])
    """
    code = re.sub(r"/\*.*?\*/", " ", source, flags=re.S)
    code = re.sub(r"//[^\n]*", " ", code)
    table: dict[str, list[str]] = {}
    for decl in _DECL.finditer(code):
        for name, _index, value in _ITEM.findall(decl.group(1)):
            value = value.strip()
            table[name] = [v.strip() for v in value.strip("{}").split(",")] if value.startswith("{") else [value]
    for var, array in _RANGE_FOR.findall(code):
        table.setdefault(var, [array])
    named: dict[str, str] = {}
    used: set[str] = set()

    def leaves(name: str, seen: frozenset = frozenset()) -> None:
        # follow a name down to pin numbers; a constant that holds one pin is recorded by its name
        if name in seen:
            return
        values = table.get(name, [])
        for i, value in enumerate(values):
            pins = _pin_name(value, {})
            if pins:
                named[name if len(values) == 1 else f"{name}[{i}]"] = pins[0]
                used.update(pins)
            elif value in table:
                leaves(value, seen | {name})

    for arg in _PIN_CALLS.findall(code):
        base = re.sub(r"\s*\[.*", "", arg)
        literal = _pin_name(base, {})
        if literal:
            used.update(literal)
        else:
            leaves(base)
    # a loop variable or a local array is a way to a pin, not a pin's name
    for var, _array in _RANGE_FOR.findall(code):
        named.pop(var, None)
    return SketchPins(named=named, used=frozenset(used))


def check_sketch(wiring: Wiring, source: str) -> list[str]:
    """Where a wiring picture and a sketch disagree; an empty list when they agree.

    Each wire that names a sketch constant must go to the pin the sketch gives it,
    every pin the sketch uses must have a wire, and every digital or analog pin the
    picture wires must be used by the sketch.
    """
    found = sketch_pins(source)
    problems = []
    wired = wiring.signal_pins()
    for pin, wire in sorted(wired.items()):
        if wire.sketch is None:
            continue
        if wire.sketch not in found.named:
            problems.append(_("the picture says {name} is pin {pin}, but the sketch has no pin called {name}")
                            .format(name=wire.sketch, pin=pin))
        elif found.named[wire.sketch] != pin:
            problems.append(_("the sketch puts {name} on pin {sketch_pin}, but the picture wires it to {pin}")
                            .format(name=wire.sketch, sketch_pin=found.named[wire.sketch], pin=pin))
    for pin in sorted(found.used - set(wired)):
        problems.append(_("the sketch uses pin {pin}, but no wire in the picture goes to it").format(pin=pin))
    for pin in sorted(set(wired) - found.used):
        problems.append(_("the picture wires pin {pin}, but the sketch never uses it").format(pin=pin))
    return problems


# ---------------------------------------------------------------------------
# The builds

_UNO_KIT = ("Arduino",)


def _car_parts(extra_right: tuple[str, ...] = ()) -> list[Part]:
    return [
        Part("uno", "Arduino Uno", 0, left=("D5", "D4", "D7", "D8", "D12", "D6", "", "VIN", "GND"),
             right=extra_right, kit=_UNO_KIT, note=_("USB to the computer")),
        Part("driver", "L298N", -1, left=("OUT1", "OUT2", "", "", "", "OUT3", "OUT4"),
             right=("ENA", "IN1", "IN2", "IN3", "IN4", "ENB", "", "12V", "GND"),
             kit=("L298N", "TB6612", "motor driver"), note=_("motor driver")),
        Part("left", _("left motor"), -2, right=("+", "−"), kit=("TT gear motor", "motor"), note=_("TT gear motor"),
             short=_("motor")),
        Part("right", _("right motor"), -2, right=("+", "−"), kit=("TT gear motor", "motor"),
             note=_("TT gear motor"), short=_("motor"), align="+"),
        Part("battery", _("battery pack"), 0, left=("+", "−"), kit=("4 × AA", "battery"), note="4 × AA, 6 V",
             short=_("pack")),
    ]


def _car_wires() -> list[Wire]:
    return [
        Wire(("uno", "D5"), ("driver", "ENA"), "pwm", sketch="LEFT_PWM"),
        Wire(("uno", "D4"), ("driver", "IN1"), "output", sketch="LEFT_IN1"),
        Wire(("uno", "D7"), ("driver", "IN2"), "output", sketch="LEFT_IN2"),
        Wire(("uno", "D8"), ("driver", "IN3"), "output", sketch="RIGHT_IN1"),
        Wire(("uno", "D12"), ("driver", "IN4"), "output", sketch="RIGHT_IN2"),
        Wire(("uno", "D6"), ("driver", "ENB"), "pwm", sketch="RIGHT_PWM"),
        Wire(("driver", "12V"), ("uno", "VIN"), "power"),
        Wire(("driver", "GND"), ("uno", "GND"), "ground"),
        Wire(("driver", "OUT1"), ("left", "+"), "motor"),
        Wire(("driver", "OUT2"), ("left", "−"), "motor"),
        Wire(("driver", "OUT3"), ("right", "+"), "motor"),
        Wire(("driver", "OUT4"), ("right", "−"), "motor"),
        Wire(("battery", "+"), ("driver", "12V"), "power", lane=0.3),
        Wire(("battery", "−"), ("driver", "GND"), "ground", lane=0.2),
    ]


def kit_car() -> Wiring:
    """The 2WD kit car: Arduino Uno, L298N motor driver, two TT motors, a 4 × AA pack (robotics-01, -02).

    The pins are the ``line_follower`` sketch's, so the car is wired once for every lesson.
    """
    return Wiring("kit_car", _("Wiring: the 2WD kit car"), tuple(_car_parts()), tuple(_car_wires()))


def line_follower() -> Wiring:
    """The kit car with a 5-channel TCRT5000 line-sensor board on A0-A4 (robotics-05, -09)."""
    parts = _car_parts(extra_right=("5V", "GND#2", "A0", "A1", "A2", "A3", "A4"))
    parts.append(Part("sensors", _("line sensors"), 1, left=("VCC", "GND", "OUT1", "OUT2", "OUT3", "OUT4", "OUT5"),
                      kit=("TCRT5000", "line-sensor board"), note=_("5 × TCRT5000")))
    wires = _car_wires() + [
        Wire(("uno", "5V"), ("sensors", "VCC"), "power"),
        Wire(("uno", "GND#2"), ("sensors", "GND"), "ground"),
    ] + [Wire(("sensors", f"OUT{i + 1}"), ("uno", f"A{i}"), "analog", sketch=f"SENSOR_PINS[{i}]") for i in range(5)]
    return Wiring("line_follower", _("Wiring: the line follower"), tuple(parts), tuple(wires))


def encoders() -> Wiring:
    """Two slotted speed-sensor boards (LM393) on the interrupt pins 2 and 3 (robotics-03)."""
    parts = (
        Part("uno", "Arduino Uno", 0, right=("5V", "GND", "", "D2") + ("",) * 6 + ("D3",), kit=_UNO_KIT,
             note=_("USB to the computer")),
        Part("board", _("breadboard"), 1, left=("+ row", "− row"), right=("+ row", "− row"), rails=True,
             kit=("breadboard",)),
        Part("left", _("left encoder"), 2, left=("VCC", "GND", "", "D0"), kit=("speed-sensor board",),
             note=_("LM393 slot sensor")),
        Part("right", _("right encoder"), 2, left=("VCC", "GND", "", "D0"), kit=("speed-sensor board",),
             note=_("LM393 slot sensor"), align="D0"),
    )
    wires = (
        Wire(("uno", "5V"), ("board", "+ row"), "power"),
        Wire(("uno", "GND"), ("board", "− row"), "ground"),
        Wire(("board", "+ row"), ("left", "VCC"), "power"),
        Wire(("board", "− row"), ("left", "GND"), "ground"),
        Wire(("board", "+ row"), ("right", "VCC"), "power", lane=0.25),
        Wire(("board", "− row"), ("right", "GND"), "ground", lane=0.15),
        Wire(("left", "D0"), ("uno", "D2"), "input", sketch="LEFT_PIN"),
        Wire(("right", "D0"), ("uno", "D3"), "input", sketch="RIGHT_PIN"),
    )
    return Wiring("encoders", _("Wiring: two wheel encoders"), parts, wires)


def ultrasonic() -> Wiring:
    """An HC-SR04 on a breadboard: Trig on pin 9, Echo on pin 10 (robotics-04)."""
    parts = (
        Part("uno", "Arduino Uno", 0, right=("5V", "D9", "D10", "GND"), kit=_UNO_KIT, note=_("USB to the computer")),
        Part("sonar", "HC-SR04", 1, left=("VCC", "TRIG", "ECHO", "GND"), kit=("HC-SR04",),
             note=_("ultrasonic sensor"), on_breadboard=True),
    )
    wires = (
        Wire(("uno", "5V"), ("sonar", "VCC"), "power"),
        Wire(("uno", "D9"), ("sonar", "TRIG"), "output", sketch="TRIG_PIN"),
        Wire(("sonar", "ECHO"), ("uno", "D10"), "input", sketch="ECHO_PIN"),
        Wire(("uno", "GND"), ("sonar", "GND"), "ground"),
    )
    return Wiring("ultrasonic", _("Wiring: the HC-SR04 ultrasonic sensor"), parts, wires)


def servo_arm() -> Wiring:
    """Two SG90 servos on pins 9 and 10, powered from their own 5 V supply (robotics-06, -07)."""
    servo_pins = ("+ (red)", "− (brown)") + ("",) * 4 + ("signal (orange)",)
    parts = (
        Part("supply", _("servo supply"), 0, right=("+", "−"), kit=("5 V supply",), note=_("4 × AA NiMH or 5 V USB"),
             short=_("supply")),
        Part("board", _("breadboard"), 1, left=("+ row", "− row"), right=("+ row", "− row"), rails=True,
             kit=("breadboard",)),
        Part("shoulder", _("shoulder servo"), 2, left=servo_pins, kit=("SG90",), note=_("SG90"), short=_("servo")),
        Part("uno", "Arduino Uno", 0, right=("GND", "D9") + ("",) * 9 + ("D10",), kit=_UNO_KIT,
             note=_("USB to the computer"), align="D9"),
        Part("elbow", _("elbow servo"), 2, left=servo_pins, kit=("SG90",), note=_("SG90"), short=_("servo"),
             align="signal (orange)"),
    )
    wires = (
        Wire(("supply", "+"), ("board", "+ row"), "power"),
        Wire(("supply", "−"), ("board", "− row"), "ground"),
        Wire(("board", "+ row"), ("shoulder", "+ (red)"), "power"),
        Wire(("board", "− row"), ("shoulder", "− (brown)"), "ground"),
        Wire(("uno", "D9"), ("shoulder", "signal (orange)"), "output", sketch="SHOULDER_PIN"),
        Wire(("uno", "GND"), ("board", "− row"), "ground", lane=0.5),
        Wire(("uno", "D10"), ("elbow", "signal (orange)"), "output", sketch="ELBOW_PIN"),
        Wire(("board", "+ row"), ("elbow", "+ (red)"), "power", lane=0.25),
        Wire(("board", "− row"), ("elbow", "− (brown)"), "ground", lane=0.15),
    )
    return Wiring("servo_arm", _("Wiring: the 2-servo arm"), parts, wires)


def pwm_motor() -> Wiring:
    """One TT motor on an L298N, its speed from pin 9's PWM (electronics-08, step 3 of the build).

    Pin 9, 5V and GND of the Uno already go to the breadboard of the LED build (row 4, the
    + rail and the − rail), so the driver takes them from there: ENA from row 4, IN1 from
    the + rail and IN2 from the − rail (one fixed direction). A wire from the driver's GND
    screw to the Uno's second GND pin joins the grounds; the 4 × AA pack feeds the driver's
    motor supply only. The driver's one GND screw is drawn on both edges of its box.
    """
    rows = ("row 4", "+ rail", "− rail")
    parts = (
        Part("uno", "Arduino Uno", 1, left=("D9", "5V", "GND", "", "", "", "GND#2"), kit=_UNO_KIT,
             note=_("USB to the computer")),
        Part("board", _("breadboard"), 0, left=rows, right=rows, rails=True, kit=("breadboard",)),
        Part("driver", "L298N", -1, left=("OUT1", "OUT2", "", "", "", "12V", "GND"),
             right=("ENA", "IN1", "IN2", "", "", "", "GND"), kit=("L298N", "motor driver"),
             note=_("motor driver"), align="ENA"),
        Part("motor", _("DC motor"), -2, right=("+", "−"), kit=("TT motor", "DC gear motor", "motor"),
             note=_("TT gear motor"), short=_("motor")),
        Part("battery", _("battery pack"), -2, right=("+", "−"), kit=("4×AA", "4 × AA", "battery pack"),
             note="4 × AA, 6 V", short=_("pack")),
    )
    wires = (
        Wire(("uno", "D9"), ("board", rows[0]), "output", sketch="PWM_PIN"),
        Wire(("uno", "5V"), ("board", rows[1]), "power"),
        Wire(("uno", "GND"), ("board", rows[2]), "ground"),
        Wire(("board", rows[0]), ("driver", "ENA"), "pwm"),
        Wire(("board", rows[1]), ("driver", "IN1"), "power"),
        Wire(("board", rows[2]), ("driver", "IN2"), "ground"),
        Wire(("driver", "GND"), ("uno", "GND#2"), "ground"),
        Wire(("driver", "OUT1"), ("motor", "+"), "motor"),
        Wire(("driver", "OUT2"), ("motor", "−"), "motor"),
        Wire(("battery", "+"), ("driver", "12V"), "power"),
        Wire(("battery", "−"), ("driver", "GND"), "ground"),
    )
    return Wiring("pwm_motor", _("Wiring: a motor on an L298N, its speed from pin 9"), parts, wires)


#: The wiring of each lesson's build.
LESSONS = {"robotics-01": kit_car, "robotics-02": kit_car, "robotics-03": encoders, "robotics-04": ultrasonic,
           "robotics-05": line_follower, "robotics-06": servo_arm, "robotics-07": servo_arm,
           "robotics-09": line_follower}


def for_lesson(lesson_id: str) -> Wiring:
    """The wiring diagram of a lesson's build (``"robotics-04"``)."""
    if lesson_id not in LESSONS:
        raise ValueError(_("no wiring diagram for {lesson}; lessons with one: {lessons}").format(
            lesson=lesson_id, lessons=", ".join(LESSONS)))
    return LESSONS[lesson_id]()
