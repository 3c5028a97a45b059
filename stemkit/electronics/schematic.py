"""Schematics of the circuits the lessons use, drawn with schemdraw.

Imported lazily (by :meth:`Circuit._repr_svg_` and by lessons), never by the core.
Two shapes are recognised, which cover the lesson circuits (series loop, voltage
divider, LED with resistor, RC charge, RC filter, sensor divider into an ADC pin,
parallel branches):

* a *series loop*: one source, then a chain of parts back to ground; the last part
  is drawn going down to ground, the others along the top, and every node between
  parts gets a dot and its name (a node called ``A0`` .. ``A5`` is marked as an
  Arduino analog input);
* *parallel branches*: one source and several chains, each from the source's top
  node down to ground.

Anything else raises :class:`ValueError` (and ``_repr_svg_`` then shows the
netlist text instead).
"""

from __future__ import annotations

import re
from typing import Any

from stemkit.electronics.circuit import PWM, Circuit, Part, Pulse, Sine
from stemkit.i18n import _
from stemkit.units import format_si

__all__ = ["draw_schematic", "schematic_svg", "chains"]

_UNIT = {"R": "Ω", "C": "F", "L": "H", "V": "V", "I": "A"}
_ADC_PIN = re.compile(r"^[Aa][0-7]$")


def _source_top(src: Part) -> tuple[str, str]:
    # Voltage source: + on top. Current source: the node it pushes current into on top.
    return (src.nodes[0], src.nodes[1]) if src.kind == "V" else (src.nodes[1], src.nodes[0])


def chains(circuit: Circuit) -> tuple[Part, list[list[tuple[Part, bool]]]]:
    """Split a circuit into its source and the chains of parts from the source's top node to ground.

    Returns
    -------
    source : Part
    branches : list of list of (Part, reversed)
        Each chain in order from the top node to ground; ``reversed`` is True when the
        part's second node comes first along the chain (a diode drawn cathode-first).

    Raises
    ------
    ValueError
        When the circuit is not one of the shapes this module draws.
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
    branches: list[list[tuple[Part, bool]]] = []
    for first in touching.get(top, []):
        if first.name in used:
            continue
        chain: list[tuple[Part, bool]] = []
        node, part = top, first
        while True:
            used.add(part.name)
            rev = part.nodes[1] == node and part.nodes[0] != node
            chain.append((part, rev))
            node = part.nodes[0] if rev else part.nodes[1]
            if node == "0":
                break
            nxt = [p for p in touching.get(node, []) if p.name not in used]
            if node == top or len(nxt) != 1 or len(touching.get(node, [])) != 2:
                raise ValueError(_("node {node!r} joins more than two parts: this shape is not drawn").format(node=node))
            part = nxt[0]
        branches.append(chain)
    if not branches or len(used) != len(rest):
        raise ValueError(_("some parts are not on a path from the source to ground: this shape is not drawn"))
    return src, branches


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
        d.add(elm.Label().at(at).label(node, loc="right" if right else "top", ofst=0.15))


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

    src, branches = chains(circuit)
    d = schemdraw.Drawing(canvas=canvas, show=False)
    d.config(fontsize=11, unit=3)
    if len(branches) == 1:
        chain = branches[0]
        height = 3.0
        d.add(_element(src, elm).at((0, 0)).up().length(height).label(_label(src), loc="top"))
        x = 0.0
        top_parts, last = chain[:-1], chain[-1]
        node = _source_top(src)[0]
        if not top_parts:
            d.add(elm.Line().at((0, height)).right(3))
            x = 3.0
        for k, (p, rev) in enumerate(top_parts):
            e = _element(p, elm).at((x, height)).right()
            if rev:
                e = e.reverse()
            d.add(e.label(_label(p)))
            x += 3.0
            node = p.nodes[0] if rev else p.nodes[1]
            _node_label(d, elm, (x, height), node, right=k == len(top_parts) - 1)
        p, rev = last
        e = _element(p, elm).at((x, height)).down().length(height)
        if rev:
            e = e.reverse()
        d.add(e.label(_label(p), loc="bottom"))
        d.add(elm.Line().at((x, 0)).left(x))
        d.add(elm.Ground().at((0, 0)))
    else:
        longest = max(len(c) for c in branches)
        height = 3.0 * longest
        d.add(_element(src, elm).at((0, 0)).up().length(height).label(_label(src), loc="top"))
        x = 0.0
        for chain in branches:
            d.add(elm.Line().at((x, height)).right(3))
            x += 3.0
            if x > 3.0:
                d.add(elm.Dot().at((x - 3.0, height)))
            step = height / len(chain)
            y = height
            for j, (p, rev) in enumerate(chain):
                e = _element(p, elm).at((x, y)).down().length(step)
                if rev:
                    e = e.reverse()
                d.add(e.label(_label(p), loc="bottom"))
                y -= step
                if j < len(chain) - 1:
                    _node_label(d, elm, (x, y), p.nodes[0] if rev else p.nodes[1], right=True)
        d.add(elm.Line().at((x, 0)).left(x))
        for k in range(1, len(branches)):
            d.add(elm.Dot().at((3.0 * k, 0)))
        d.add(elm.Ground().at((0, 0)))
    return d


def schematic_svg(circuit: Circuit) -> str | None:
    """The schematic as SVG text, or None when the circuit is not a shape drawn here."""
    try:
        d = draw_schematic(circuit)
    except ValueError:
        return None
    return d.get_imagedata("svg").decode("utf-8")
