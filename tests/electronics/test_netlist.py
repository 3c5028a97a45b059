"""Reading SPICE-style netlists: values, sources, models, and errors with line numbers."""

import math
import warnings

import numpy as np
import pytest

from stemkit.electronics.circuit import PWM, Circuit, Pulse, Sine
from stemkit.electronics.netlist import NetlistError, NetlistWarning, parse_netlist, spice_value


@pytest.mark.parametrize("text, value", [
    ("330", 330.0), ("4.7k", 4700.0), ("4k7", 4700.0), ("4K7", 4700.0), ("1meg", 1e6), ("2MEG", 2e6),
    ("10m", 10e-3), ("100n", 100e-9), ("10uF", 10e-6), ("22pF", 22e-12), ("1e3", 1000.0), ("4R7", 4.7),
    ("4.7kohm", 4700.0), ("1.5V", 1.5), ("2mA", 2e-3), ("-5", -5.0), ("1g", 1e9), ("3f", 3e-15),
])
def test_spice_values(text, value):
    assert spice_value(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize("text", ["1M", "4M7", "10MF"])
def test_capital_m_is_refused_with_the_spice_meaning(text):
    with pytest.raises(NetlistError, match=r"line 9: .* is ambiguous: in SPICE 'M' means milli"):
        spice_value(text, line=9)


@pytest.mark.parametrize("text", ["4k7k", "abc", "1..2", "5 V", "1kk"])
def test_unparsable_values(text):
    with pytest.raises(NetlistError, match=r"line 2: cannot read"):
        spice_value(text, line=2)


def test_full_netlist():
    c = parse_netlist("""* RC blink timer
V1 in 0 PULSE(0 5 1m 1u 1u 5m 10m)
R1 in out 10k ; the timing resistor
C1 out 0 100n IC=0
L1 out x 1m IC=2m
+
I1 x 0 DC 1m AC 1
D1 x 0 red
D2 x y DFAST
.model DFAST D(IS=1e-12 N=1.5 RS=2)
S1 y 0 closed
V2 y z SIN(0 1 1k)
V3 z 0 PWM(490 0.25 5)
.tran 1u 10m
.end
R9 this line is after .end and ignored
""")
    assert c.title == "RC blink timer"
    assert list(c.parts) == ["V1", "R1", "C1", "L1", "I1", "D1", "D2", "S1", "V2", "V3"]
    w = c.part("V1").params["waveform"]
    assert isinstance(w, Pulse) and (w.low, w.high, w.delay, w.width, w.period) == (0, 5, 1e-3, 5e-3, 10e-3)
    assert c.part("R1").value == 10e3
    assert c.part("C1").params["initial_voltage"] == 0.0
    assert c.part("L1").params["initial_current"] == pytest.approx(2e-3)
    assert c.part("I1").value == pytest.approx(1e-3) and c.part("I1").params["ac"] == 1.0
    assert c.part("D1").params["colour"] == "red"
    d2 = c.part("D2").params
    assert (d2["saturation_current"], d2["emission_coefficient"], d2["series_resistance"]) == (1e-12, 1.5, 2.0)
    assert c.part("S1").params["closed"] is True
    assert isinstance(c.part("V2").params["waveform"], Sine)
    assert isinstance(c.part("V3").params["waveform"], PWM)
    assert c.part("V3").params["waveform"].duty == 0.25


def test_round_trip_through_to_spice():
    c = Circuit("round trip")
    c.add_voltage_source("V1", "in", "0", 5, ac=1)
    c.add_resistor("R1", "in", "out", "1M")
    c.add_capacitor("C1", "out", "0", "47n", initial_voltage=1)
    c.add_inductor("L1", "out", "x", "2.2m")
    c.add_resistor("R2", "x", "0", "4k7")
    c.add_led("D1", "x", "0", colour="green")
    back = parse_netlist(c.to_spice(".op"))
    assert back.title == "round trip"
    for name, p in c.parts.items():
        q = back.part(name)
        assert q.kind == p.kind and q.nodes == p.nodes
        if p.kind != "D":
            assert q.value == pytest.approx(p.value, rel=1e-12)
    assert back.part("R1").value == 1e6   # "1M" became mega in stemkit and is written as 1000000
    assert back.part("D1").params["saturation_current"] == pytest.approx(
        c.part("D1").params["saturation_current"], rel=1e-11)
    assert back.operating_point().voltage("x") == pytest.approx(c.operating_point().voltage("x"), rel=1e-9)


@pytest.mark.parametrize("text, message", [
    ("V1 a 0 5\nQ1 a 0 0 2N2222", r"line 2: unknown part 'Q1': stemkit knows R \(resistor\)"),
    ("R1 a 0 -5", r"line 1: R1: resistance must be > 0 Ω, got -5"),
    ("R1 a 0 0", r"line 1: R1: resistance must be > 0 Ω, got 0"),
    ("* t\nR1 a 0 4k7k", r"line 2: cannot read '4k7k' as a value"),
    ("R1 a", r"line 1: R1 needs two nodes"),
    ("R1 a b", r"line 1: R1 needs a value after its two nodes"),
    ("C1 a b 1u TC=3", r"line 1: C1 does not understand TC"),
    ("D1 a 0 NOPE", r"line 1: D1 uses model 'NOPE', which is neither in a .model line nor built in"),
    ("S1 a 0 c 0 SWMOD", r"line 1: write a switch as 'S1 a b open'"),
    ("V1 a 0 PULSE 0 5", r"line 1: PULSE needs its values in brackets"),
    ("V1 a 0 PULSE(0 5 0 0 0 2 1)", r"line 1: PULSE: pulse rise \+ width \+ fall"),
    (".subckt foo a b", r"line 1: .subckt is not supported"),
    ("+ R1 a 0 1", r"line 1: a '\+' continuation line needs a line above it"),
    (".model X Q(IS=1)", r"line 1: only diode models are supported"),
    ("R1 a 0 1\nr1 a 0 2", r"line 2: there is already a part named 'R1'"),
])
def test_errors_name_the_line(text, message):
    with pytest.raises(NetlistError, match=message):
        parse_netlist(text)


def test_control_blocks_and_directives_are_skipped_with_a_warning_naming_them():
    with pytest.warns(NetlistWarning, match=r"not run: line 2 \(\.control\), line 7 \(\.options\), line 9 \(\.print\)"):
        c = parse_netlist("V1 a 0 1\n.control\nrun\nR5 nonsense\n.endc\nR1 a 0 1k\n.options reltol=1e-6\n.op\n"
                          ".print v(a)\n")
    assert list(c.parts) == ["V1", "R1"]
    assert [a.kind for a in c.analyses] == ["op"]


@pytest.mark.parametrize("text, parts", [(",", []), ("R1 a 0 1k\n,,", ["R1"])])
def test_lines_of_only_separators_are_blank(text, parts):
    assert list(parse_netlist(text).parts) == parts


def test_analysis_lines_run_what_the_deck_says():
    deck = ("* RC\nV1 in 0 DC 5 AC 1\nR1 in out 1k\nC1 out 0 1u IC=0\n"
            ".op\n.tran 10u 5m uic\n.ac dec 10 10 100k\n.end\n")
    c = parse_netlist(deck)
    assert [(a.kind, a.line) for a in c.analyses] == [("op", ".op"), ("transient", ".tran 10u 5m uic"),
                                                      ("ac", ".ac dec 10 10 100k")]
    op, tran, ac = c.run()
    assert op.voltage("out") == pytest.approx(5.0)
    direct = c.transient(stop_time=5e-3, time_step=10e-6, initial="given")
    assert np.array_equal(tran.voltage("out"), direct.voltage("out"))
    assert tran.voltage("out")[0] == pytest.approx(0.0, abs=1e-12)   # uic: the capacitor starts empty
    assert tran.voltage("out")[-1] == pytest.approx(5 * (1 - math.exp(-5)), rel=1e-4)
    assert ac.frequency[0] == pytest.approx(10) and ac.frequency[-1] == pytest.approx(1e5)
    assert ac.frequency.size == 41
    fc = 1 / (2 * math.pi * 1e3 * 1e-6)
    k = int(np.argmin(abs(ac.frequency - fc)))
    assert ac.magnitude_db("out")[k] == pytest.approx(-10 * math.log10(1 + (ac.frequency[k] / fc) ** 2))


def test_tran_max_step_and_other_sweeps():
    c = parse_netlist("V1 a 0 1\nR1 a 0 1k\n.tran 1m 10m 0 0.1m\n.ac oct 2 100 800\n.ac lin 5 0 100")
    assert c.analyses[0].options == {"stop_time": 0.01, "time_step": 1e-4, "initial": "op"}
    assert np.allclose(c.analyses[1].options["frequencies"], [100, 141.42, 200, 282.84, 400, 565.69, 800], rtol=1e-4)
    assert c.analyses[2].options["frequencies"].tolist() == [0, 25, 50, 75, 100]


@pytest.mark.parametrize("line, words", [
    (".tran 1m", "write a transient as .tran STEP STOP"), (".tran 0 1m", "step must be > 0 s"),
    (".tran 1u 1m 0.5m", "always start at 0 s"), (".ac 10 1 1k", "write an AC sweep"),
    (".ac dec 2.5 1 1k", "whole number"), (".ac dec 10 1k 1", "0 < FROM < TO"), (".op now", "takes nothing"),
    (".tran 1u 5x", "cannot read"),
])
def test_bad_analysis_lines_name_the_line(line, words):
    with pytest.raises(NetlistError, match=f"line 2: .*{words}"):
        parse_netlist("R1 a 0 1\n" + line)


def test_what_stemkit_writes_reads_back_without_a_warning():
    from stemkit.electronics.spice import to_spice

    c = parse_netlist("V1 a 0 5\nR1 a b 1k\nD1 b 0 red")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = parse_netlist(to_spice(c, analysis=".op"))
    assert list(again.parts) == ["V1", "R1", "D1"] and [a.kind for a in again.analyses] == ["op"]


def test_netlist_text_types():
    assert list(parse_netlist(b"R1 a 0 1k").parts) == ["R1"]
    with pytest.raises(NetlistError, match="not UTF-8"):
        parse_netlist(b"R1 a 0 \xff")
    with pytest.raises(TypeError, match="needs the netlist as text, got NoneType"):
        parse_netlist(None)


def test_a_circuit_without_analyses_says_how_to_add_one():
    with pytest.raises(ValueError, match="no analyses to run: add a .op, .tran or .ac line"):
        parse_netlist("R1 a 0 1k").run()


def test_title_directive_and_explicit_title():
    assert parse_netlist(".title My circuit\nR1 a 0 1").title == "My circuit"
    assert parse_netlist("* first comment\nR1 a 0 1", title="given").title == "given"
