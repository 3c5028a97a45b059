"""Fuzzing the netlist reader: random, built and mutated decks.

Whatever the text, ``parse_netlist`` either gives a Circuit with finite values or
raises a :class:`NetlistError` naming the line; the circuit it gives solves to
finite numbers or raises the documented ``ValueError`` kinds. A few seconds in
``make test``; ``make fuzz`` runs many more examples (``STEMKIT_FUZZ=long``).
"""

from __future__ import annotations

import math
import os
import warnings

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stemkit.electronics.netlist import NetlistError, parse_netlist, spice_value

LONG = os.environ.get("STEMKIT_FUZZ") == "long"


def fuzz(long_examples: int, quick_examples: int = 150):
    """A few seconds per test in ``make test``; about two minutes each in ``make fuzz``."""
    return settings(max_examples=long_examples if LONG else quick_examples, deadline=None, derandomize=not LONG,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

NODES = st.sampled_from(["0", "gnd", "a", "b", "in", "out", "vcc", "n1"])
NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**400, 10**400).map(str),
    st.builds(lambda m, p, u: f"{m}{p}{u}", st.sampled_from(["1", "4.7", "0", "-5", "100", "2", ".5", "1e3", "1e308",
                                                           "1e-320", "4e400", "10"]),
              st.sampled_from(["", "k", "meg", "m", "u", "µ", "n", "p", "f", "g", "t", "M", "K", "R", "mil"]),
              st.sampled_from(["", "ohm", "F", "H", "V", "A", "s", "Hz", "x", "Ω"])),
    st.sampled_from(["4k7", "2M2", "4R7", "1n5", "4k7k", "1..2", "k", "", "1e", "e5", "(", ")", "=", "IC=0"]),
)
WAVE = st.builds(lambda name, args: f"{name}({' '.join(args)})", st.sampled_from(["PULSE", "SIN", "PWM", "pulse", "XYZ"]),
                 st.lists(NUMBER, max_size=8))


def _part_line(kind: str, n: int, a: str, b: str, rest: list[str]) -> str:
    return " ".join([f"{kind}{n}", a, b, *rest])


PART = st.builds(
    _part_line, st.sampled_from(list("RCLVIDSQXrcl")), st.integers(0, 9), NODES, NODES,
    st.lists(st.one_of(NUMBER, WAVE, st.sampled_from(["DC", "AC", "open", "closed", "red", "1N4148", "D1mod",
                                                      "IC=1", "default", "blue"])), max_size=4))
DIRECTIVE = st.one_of(
    st.builds(lambda a: f".op {a}".rstrip(), st.sampled_from(["", "", "now"])),
    st.builds(lambda xs: ".tran " + " ".join(xs), st.lists(st.one_of(NUMBER, st.just("uic")), max_size=5)),
    st.builds(lambda m, xs: f".ac {m} " + " ".join(xs), st.sampled_from(["dec", "oct", "lin", "log", ""]),
              st.lists(NUMBER, max_size=4)),
    st.builds(lambda xs: ".model D1mod D(" + " ".join(xs) + ")",
              st.lists(st.builds(lambda k, v: f"{k}={v}", st.sampled_from(["IS", "N", "RS", "BV"]), NUMBER), max_size=3)),
    st.sampled_from([".end", ".control", ".endc", ".title fuzz", ".options temp=27 tnom=27", ".options reltol=1e-3",
                     ".dc V1 0 5 1", ".print tran v(out)", ".subckt x", ".include y", ".param r=1k", ".ends", "."]),
)
LINE = st.one_of(PART, PART, DIRECTIVE, st.sampled_from(["* comment", "+ 1k", "", "  ", ",", ";", "R1 a", "V"]),
                 st.text(alphabet="RCLVIDS.01ab knmuMgt=(),+-*;\t ", max_size=20))
DECK = st.lists(LINE, max_size=12).map("\n".join)

GOOD = """* LED on 5 V
V1 vcc 0 DC 5 AC 1
R1 vcc a 150 ; limit
D1 a 0 red
C1 a 0 100n IC=0
L1 vcc b 10m
R2 b 0 1k
S1 b 0 open
V2 p 0 PULSE(0 5 0 1u 1u 1m 2m)
R3 p 0 1k
.model dmod D(IS=1e-14 N=1 RS=0)
.op
.tran 10u 1m
.ac dec 5 10 10k
.end
"""


def _check_circuit(c) -> None:
    for p in c.parts.values():
        if p.kind in "RCLVI":
            assert math.isfinite(p.value), (p, "non-finite value")
        for key, value in p.params.items():
            if isinstance(value, float):
                assert math.isfinite(value), (p.name, key, value)
    if not c.parts:
        return
    try:
        op = c.operating_point()
    except ValueError:          # CircuitError (floating node, loop of sources, ...) or a refused value
        return
    for node, v in op.voltages.items():
        assert math.isfinite(v), (node, v)
    for name, i in op.currents.items():
        assert math.isfinite(i), (name, i)


def _parse(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # warnings are fine; only exceptions and non-finite values are not
        try:
            c = parse_netlist(text)
        except NetlistError as exc:
            assert str(exc), "an empty message"
            return None
        _check_circuit(c)
        return c


@fuzz(15_000)
@given(DECK)
@example(",")
@example("R1 a 0 1k\n,,")
@example("R1 a 0 1e-320")
@example("C1 a 0 1e308\nV1 a 0 1\n")
def test_built_decks_parse_or_name_the_line(text):
    _parse(text)


@fuzz(100_000, 300)
@given(st.text(max_size=200))
def test_random_text(text):
    _parse(text)


@fuzz(30_000)
@given(st.lists(st.tuples(st.integers(0, len(GOOD)), st.integers(0, 3), st.text(max_size=3)), max_size=6))
def test_mutated_decks(edits):
    text = GOOD
    for pos, cut, insert in edits:
        pos = min(pos, len(text))
        text = text[:pos] + insert + text[pos + cut:]
    _parse(text)


@fuzz(50_000, 300)
@given(st.one_of(NUMBER, st.text(max_size=30)))
def test_spice_values_are_finite_or_refused(token):
    try:
        value = spice_value(token)
    except NetlistError:
        return
    assert math.isfinite(value), (token, value)


def test_the_good_deck_really_is_good():
    c = _parse(GOOD)
    assert c is not None and len(c.parts) == 9 and [a.kind for a in c.analyses] == ["op", "transient", "ac"]


@pytest.mark.parametrize("bad", [None, 5, ["R1 a 0 1"]])
def test_non_text_is_a_type_error(bad):
    with pytest.raises(TypeError, match="as text"):
        parse_netlist(bad)
