"""Schematics of the circuits the lessons use, drawn with schemdraw.

Imported lazily (by :meth:`Circuit._repr_svg_` and by lessons), never by the core.
One shape is recognised, which covers the lesson circuits (series loop, voltage
divider, divider with a load, LED with resistor, RC charge, RC filter, RC and
resistor ladders, sensor divider into an ADC pin, parallel branches): a
*ladder*. One source stands on the left; *series* parts run along the top from
its + side, and at each top node *shunt* chains go down to ground. Every node
between parts gets a dot and its name (a node called ``A0`` .. ``A5`` is marked
as an Arduino analog input).

Anything else raises :class:`ValueError` (and ``_repr_svg_`` then shows the
netlist text instead).
"""

from __future__ import annotations

import re
from typing import Any

from stemkit.electronics.circuit import PWM, Circuit, Part, Pulse, Sine
from stemkit.i18n import N_, _
from stemkit.units import format_si

# LED colour words, translated when a schematic labels an LED
_COLOUR_WORDS = (N_("red"), N_("green"), N_("blue"), N_("white"))

__all__ = ["draw_schematic", "schematic_svg", "ladder", "bridge", "draw_breadboard", "breadboard_svg"]

_UNIT = {"R": "Ω", "C": "F", "L": "H", "V": "V", "I": "A"}
_ADC_PIN = re.compile(r"^[Aa][0-7]$")


def _source_top(src: Part) -> tuple[str, str]:
    # Voltage source: + on top. Current source: the node it pushes current into on top.
    return (src.nodes[0], src.nodes[1]) if src.kind == "V" else (src.nodes[1], src.nodes[0])


Chain = list[tuple[Part, bool]]


def ladder(circuit: Circuit) -> tuple[Part, list[tuple[str, Chain]]]:
    """Split a circuit into its source and the steps of a ladder drawing.

    Returns
    -------
    source : Part
    steps : list of (kind, chain)
        ``kind`` is ``"shunt"`` (a chain from a top node down to ground) or
        ``"series"`` (a chain along the top to the next top node), in drawing
        order. A chain is a list of (part, reversed) in order along it;
        ``reversed`` is True when the part's second node comes first (a diode
        drawn cathode-first).

    Raises
    ------
    ValueError
        When the circuit is not a ladder.

    Examples
    --------
    >>> from stemkit.electronics.circuit import Circuit
    >>> c = Circuit().add_voltage_source("V1", "in", "0", 5)
    >>> c = c.add_resistor("R1", "in", "out", "1k").add_resistor("R2", "out", "0", "1k")
    >>> _src, steps = ladder(c)
    >>> [(kind, [p.name for p, _ in chain]) for kind, chain in steps]
    [('series', ['R1']), ('shunt', ['R2'])]
    """
    parts = list(circuit.parts.values())
    sources = [p for p in parts if p.kind in ("V", "I")]
    if len(sources) != 1:
        raise ValueError(_("a schematic is drawn for circuits with exactly one source; this one has {n}").format(
            n=len(sources)))
    src = sources[0]
    top, bottom = _source_top(src)
    if bottom != "0":
        raise ValueError(_("a schematic needs the source's negative side on ground"))
    rest = [p for p in parts if p is not src]
    touching: dict[str, list[Part]] = {}
    for p in rest:
        for n in set(p.nodes):
            touching.setdefault(n, []).append(p)
    used: set[str] = set()

    def follow(node: str, part: Part) -> tuple[Chain, str]:
        # Walk through nodes that join exactly two parts; stop at ground or at a junction.
        chain: Chain = []
        while True:
            used.add(part.name)
            rev = part.nodes[1] == node and part.nodes[0] != node
            chain.append((part, rev))
            node = part.nodes[0] if rev else part.nodes[1]
            if node == "0" or node == top or len(touching.get(node, [])) != 2:
                return chain, node
            nxt = [p for p in touching[node] if p.name not in used]
            if not nxt:
                return chain, node
            part = nxt[0]

    steps: list[tuple[str, Chain]] = []
    node = top
    seen_nodes = {top}
    while True:
        shunts, onward = [], []
        for p in touching.get(node, []):
            if p.name in used:
                continue
            saved = set(used)
            chain, end = follow(node, p)
            if end == "0":
                shunts.append(chain)
            else:
                used.clear()
                used.update(saved)
                onward.append(p)
        steps += [("shunt", chain) for chain in shunts]
        onward = [p for p in onward if p.name not in used]
        if not onward:
            break
        if len(onward) > 1:
            raise ValueError(_("node {node!r} branches into more than one path that does not go straight to "
                               "ground: this shape is not drawn").format(node=node))
        chain, end = follow(node, onward[0])
        if end in seen_nodes or end == "0":
            raise ValueError(_("the circuit loops back to node {node!r}: this shape is not drawn").format(node=end))
        steps.append(("series", chain))
        seen_nodes.add(end)
        node = end
    if len(used) != len(rest) or not any(kind == "shunt" for kind, _chain in steps):
        raise ValueError(_("some parts are not on a path from the source to ground: this shape is not drawn"))
    # The classic look: the last chain runs along the top and only its last part goes down.
    kind, chain = steps[-1]
    if kind == "shunt" and len(chain) > 1:
        steps[-1:] = [("series", chain[:-1]), ("shunt", chain[-1:])]
    return src, steps


def _label(p: Part) -> str:
    if p.kind == "D":
        colour = p.params.get("colour")
        return f"{p.name}\n" + (_("{colour} LED").format(colour=_(colour)) if colour else _("diode"))
    if p.kind == "S":
        return f"{p.name}\n" + (_("closed") if p.params.get("closed") else _("open"))
    if p.kind in ("V", "I"):
        wave = p.params["waveform"]
        if isinstance(wave, PWM):
            return f"{p.name}\nPWM {format_si(wave.frequency, 'Hz')}, {round(100 * wave.duty)} %"
        if isinstance(wave, Pulse):
            return f"{p.name}\n" + _("pulse {low} to {high}").format(
                low=format_si(wave.low, _UNIT[p.kind]), high=format_si(wave.high, _UNIT[p.kind]))
        if isinstance(wave, Sine):
            return f"{p.name}\n" + _("sine {amplitude}, {frequency}").format(
                amplitude=format_si(wave.amplitude, _UNIT[p.kind]), frequency=format_si(wave.frequency, "Hz"))
    return f"{p.name}\n{format_si(p.value, _UNIT[p.kind])}"


def _element(p: Part, elm: Any) -> Any:
    if p.kind == "R":
        # a resistor named like a sensor gets the sensor's symbol
        if p.name.upper().startswith("LDR"):
            return elm.Photoresistor()
        if p.name.upper().startswith(("NTC", "RT")):
            return elm.Thermistor()
        return elm.Resistor()
    if p.kind == "C":
        return elm.Capacitor()
    if p.kind == "L":
        return elm.Inductor2()
    if p.kind == "D":
        return elm.LED() if p.params.get("colour") else elm.Diode()
    if p.kind == "S":
        return elm.Switch(action="close" if p.params.get("closed") else None)
    wave = p.params["waveform"]
    if p.kind == "I":
        return elm.SourceI()
    if isinstance(wave, (PWM, Pulse)):
        return elm.SourceSquare()
    if isinstance(wave, Sine):
        return elm.SourceSin()
    return elm.SourceV()


def _node_label(d: Any, elm: Any, at: Any, node: str, *, right: bool) -> None:
    d.add(elm.Dot().at(at))
    if _ADC_PIN.match(node):
        d.add(elm.Line().at(at).right(1.5))
        d.add(elm.Dot(open=True).label(_("to Arduino {pin}").format(pin=node.upper()), loc="right"))
    elif not node.isdigit() and not node.startswith("n"):
        if right:
            d.add(elm.Label().at((at[0] + 0.25, at[1])).label(node, halign="left"))
        else:
            d.add(elm.Label().at((at[0], at[1] + 0.35)).label(node))


def draw_schematic(circuit: Circuit, *, canvas: str = "svg") -> Any:
    """A ``schemdraw.Drawing`` of ``circuit`` (see the module notes for the shapes drawn).

    Parameters
    ----------
    canvas : {"svg", "matplotlib"}
        schemdraw backend: ``"svg"`` needs no matplotlib; ``"matplotlib"`` can be
        saved as PNG.

    Raises
    ------
    ValueError
        When the circuit is not a shape this module draws.
    """
    import schemdraw
    import schemdraw.elements as elm

    try:
        src, steps = ladder(circuit)
    except ValueError:
        parts = bridge(circuit)      # the other shape drawn; raises ValueError when it is not one
        return _draw_bridge(parts, canvas=canvas)
    d = schemdraw.Drawing(canvas=canvas, show=False)
    d.config(fontsize=11, unit=3)
    longest = max(len(chain) for kind, chain in steps if kind == "shunt")
    height = 3.0 * longest
    d.add(_element(src, elm).at((0, 0)).up().length(height).label(_label(src), loc="top"))
    x = 0.0
    last_shunt_x = 0.0
    wide = False          # the last shunt had an "Arduino A0" label going right: leave room for it
    for k, (kind, chain) in enumerate(steps):
        if wide:
            d.add(elm.Line().at((x, height)).right(3))
            x += 3.0
            wide = False
        if kind == "series":
            for p, rev in chain:
                e = _element(p, elm).at((x, height)).right()
                d.add((e.reverse() if rev else e).label(_label(p)))
                x += 3.0
                _node_label(d, elm, (x, height), p.nodes[0] if rev else p.nodes[1], right=False)
            continue
        # a shunt chain, down to ground from the current top node
        if k == 0 or steps[k - 1][0] == "shunt" or x == 0.0:
            d.add(elm.Line().at((x, height)).right(3))
            if x > 0:
                d.add(elm.Dot().at((x, height)))
            x += 3.0
        step = height / len(chain)
        y = height
        for j, (p, rev) in enumerate(chain):
            e = _element(p, elm).at((x, y)).down().length(step)
            d.add((e.reverse() if rev else e).label(_label(p), loc="bottom"))
            y -= step
            if j < len(chain) - 1:
                node = p.nodes[0] if rev else p.nodes[1]
                _node_label(d, elm, (x, y), node, right=True)
                wide = wide or bool(_ADC_PIN.match(node))
        if last_shunt_x > 0:
            d.add(elm.Dot().at((last_shunt_x, 0)))
        last_shunt_x = x
    d.add(elm.Line().at((last_shunt_x, 0)).left(last_shunt_x))
    d.add(elm.Ground().at((0, 0)))
    return d


def schematic_svg(circuit: Circuit) -> str | None:
    """The schematic as SVG text, or None when the circuit is not a shape drawn here."""
    try:
        d = draw_schematic(circuit)
    except ValueError:
        return None
    return d.get_imagedata("svg").decode("utf-8")


def bridge(circuit: Circuit) -> dict[str, Part]:
    """Recognise a bridge: a source feeding two dividers whose middles a part joins.

    Returns
    -------
    dict
        ``source``, ``top_left``, ``bottom_left``, ``top_right``, ``bottom_right``,
        ``middle``: the parts in those places.

    Raises
    ------
    ValueError
        When the circuit is not a bridge.

    Examples
    --------
    >>> from stemkit.electronics.circuit import Circuit
    >>> c = Circuit().add_voltage_source("V1", "t", "0", 12)
    >>> for name, a, b in [("R1", "t", "a"), ("R2", "a", "0"), ("R3", "t", "b"), ("R4", "b", "0"), ("R5", "a", "b")]:
    ...     c = c.add_resistor(name, a, b, 1000)
    >>> bridge(c)["middle"].name
    'R5'
    """
    not_bridge = ValueError(_("this circuit is neither a ladder nor a bridge: this shape is not drawn"))
    parts = list(circuit.parts.values())
    sources = [p for p in parts if p.kind in ("V", "I")]
    if len(sources) != 1 or len(parts) != 6:
        raise not_bridge
    src = sources[0]
    top, bottom = _source_top(src)
    if bottom != "0":
        raise not_bridge
    rest = [p for p in parts if p is not src]

    def other(p: Part, node: str) -> str:
        return p.nodes[1] if p.nodes[0] == node else p.nodes[0]

    tops = [p for p in rest if top in p.nodes]
    if len(tops) != 2:
        raise not_bridge
    a, b = other(tops[0], top), other(tops[1], top)
    if len({a, b, "0", top}) != 4:
        raise not_bridge
    left = [p for p in rest if set(p.nodes) == {a, "0"}]
    right = [p for p in rest if set(p.nodes) == {b, "0"}]
    middle = [p for p in rest if set(p.nodes) == {a, b}]
    if len(left) != 1 or len(right) != 1 or len(middle) != 1:
        raise not_bridge
    return {"source": src, "top_left": tops[0], "bottom_left": left[0], "top_right": tops[1],
            "bottom_right": right[0], "middle": middle[0]}


def _draw_bridge(parts: dict[str, Part], *, canvas: str) -> Any:
    import schemdraw
    import schemdraw.elements as elm

    d = schemdraw.Drawing(canvas=canvas, show=False)
    d.config(fontsize=11, unit=3)
    h = 6.0
    src = parts["source"]
    top = _source_top(src)[0]
    d.add(_element(src, elm).at((0, 0)).up().length(h).label(_label(src), loc="top"))
    d.add(elm.Line().at((0, h)).right(9))
    d.add(elm.Line().at((0, 0)).right(9))
    d.add(elm.Ground().at((0, 0)))
    d.add(elm.Dot().at((3, h)))
    d.add(elm.Dot().at((3, 0)))
    for x, upper, lower in ((3.0, parts["top_left"], parts["bottom_left"]),
                            (9.0, parts["top_right"], parts["bottom_right"])):
        mid = upper.nodes[1] if upper.nodes[0] == top else upper.nodes[0]
        e = _element(upper, elm).at((x, h)).down().length(h / 2)
        d.add((e if upper.nodes[0] == top else e.reverse()).label(_label(upper), loc="bottom"))
        e = _element(lower, elm).at((x, h / 2)).down().length(h / 2)
        d.add((e if lower.nodes[0] == mid else e.reverse()).label(_label(lower), loc="bottom"))
        d.add(elm.Dot().at((x, h / 2)))
        if x > 3.0:
            d.add(elm.Label().at((x + 0.25, h / 2)).label(mid, halign="left"))
        else:
            d.add(elm.Label().at((x - 0.25, h / 2)).label(mid, halign="right"))
    m = parts["middle"]
    a = parts["top_left"].nodes[1] if parts["top_left"].nodes[0] == top else parts["top_left"].nodes[0]
    e = _element(m, elm).at((3.0, h / 2)).right().length(6.0)
    d.add((e if m.nodes[0] == a else e.reverse()).label(_label(m)))
    return d


def draw_breadboard(circuit: Circuit, *, canvas: str = "svg") -> Any:
    """A breadboard picture of a single series loop: source, then parts in a row to ground.

    The parts sit on rows B and C from right to left, starting at column 28: a red
    wire brings the + rail (the outer bottom rail) to the first part, a black wire
    takes the last one to the - rail (the inner bottom rail). Resistors and diodes
    span four columns, LEDs and capacitors stand with their legs in neighbouring
    columns; the + leg (LED anode, electrolytic +) is on the right, towards the
    supply. Electrolytic capacitors are drawn for 1 µF and more.

    Parameters
    ----------
    circuit : Circuit
        One source and one chain of resistors, capacitors, diodes and LEDs.
    canvas : {"svg", "matplotlib"}

    Raises
    ------
    ValueError
        When the circuit is not a single series loop of those parts.
    """
    import schemdraw
    import schemdraw.elements as elm
    import schemdraw.pictorial as pictorial

    src, steps = ladder(circuit)
    shunts = [chain for kind, chain in steps if kind == "shunt"]
    if len(shunts) != 1 or steps[-1][0] != "shunt":
        raise ValueError(_("a breadboard picture is drawn for a single loop of parts only"))
    chain = [pr for _kind, ch in steps for pr in ch]
    d = schemdraw.Drawing(canvas=canvas, show=False)
    bb = pictorial.Breadboard().up()
    d.add(bb)
    col = 28
    d.add(elm.Line().at(getattr(bb, f"L1_{col + 1}")).to(getattr(bb, f"A{col}")).color("#d62828").linewidth(3))
    d.add(elm.Label().at(getattr(bb, f"L1_{col + 1}")).label(_("+ from {source}").format(source=src.name),
                                                             loc="right", color="#d62828", fontsize=10))
    colours = {"red": "#dd4433", "green": "#4be317", "blue": "#3892bc", "white": "#e5e5e5"}
    for p, rev in chain:
        if p.kind in ("R", "D") and not (p.kind == "D" and p.params.get("colour")):
            if col - 4 < 2:
                raise ValueError(_("too many parts for one breadboard row"))
            if p.kind == "R":
                part = pictorial.Resistor(p.value)
            else:
                part = pictorial.Diode()
            # a diode's band (cathode) is at its end: anode towards the supply unless reversed
            start, end = (col - 4, col) if rev else (col, col - 4)
            d.add(part.at(getattr(bb, f"B{start}")).to(getattr(bb, f"B{end}")))
            label_col = col - 2
            col -= 4
        elif p.kind in ("C", "D"):
            if col - 1 < 2:
                raise ValueError(_("too many parts for one breadboard row"))
            if p.kind == "D":
                # schemdraw's LED has its anode on its first (left) leg: mirror it so the anode
                # faces the supply, unless the LED itself is in backwards
                led = pictorial.LED(fill=colours.get(p.params["colour"], "#dd4433"))
                d.add(led.at(getattr(bb, f"C{col - 1}")) if rev else led.at(getattr(bb, f"C{col}")).reverse())
            else:
                # an electrolytic's stripe (its - leg) is its first (left) leg, towards ground
                part = pictorial.CapacitorElectrolytic() if p.value >= 1e-6 else pictorial.CapacitorCeramic()
                d.add(part.at(getattr(bb, f"C{col - 1}")))
            label_col = col
            col -= 1
        else:
            raise ValueError(_("{part} cannot be drawn on a breadboard picture yet").format(part=p.name))
        d.add(elm.Label().at(getattr(bb, f"J{label_col}")).label(p.name, fontsize=9, loc="top"))
    d.add(elm.Line().at(getattr(bb, f"A{col}")).to(getattr(bb, f"L2_{col - 1}")).color("black").linewidth(3))
    x, y = getattr(bb, f"L2_{col - 1}")
    d.add(elm.Label().at((x - 0.25, y)).label(_("− to GND"), halign="right", fontsize=10))
    return d


def breadboard_svg(circuit: Circuit) -> str | None:
    """The breadboard picture as SVG text, or None when the circuit is not a single loop."""
    try:
        d = draw_breadboard(circuit)
    except ValueError:
        return None
    return d.get_imagedata("svg").decode("utf-8")
