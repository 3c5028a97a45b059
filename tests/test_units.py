import math

import pytest

from stemkit.units import format_si, parse, to_degrees, to_radians


@pytest.mark.parametrize("text, value", [
    ("4k7", 4700.0), ("4.7k", 4700.0), ("4.7 kΩ", 4700.0), ("4.7kohm", 4700.0), ("100n", 1e-7), ("2M2", 2.2e6),
    ("1e3", 1000.0), ("330R", 330.0), ("4R7", 4.7), ("1n5", 1.5e-9), ("10 µF", 1e-5), ("10 uF", 1e-5),
    ("20 mA", 0.02), ("-3.3V", -3.3), ("1meg", 1e6), ("0,5", 0.5), ("  12  ", 12.0), (".5", 0.5),
])
def test_parse_maker_notation(text, value):
    assert parse(text) == pytest.approx(value, rel=1e-12)


def test_parse_exact_for_infix_values():
    # the infix form must not pick up float noise: 4k7 is exactly 4700
    assert parse("4k7") == 4700.0
    assert parse("5k6") == 5600.0
    assert parse("8k2") == 8200.0


def test_parse_with_unit_metres_vs_milli():
    assert parse("5 m", unit="m") == 5.0
    assert parse("5 mm", unit="m") == pytest.approx(0.005)
    assert parse("5m") == pytest.approx(0.005)


@pytest.mark.parametrize("bad", ["4k7k", "", "abc", "1.2.3", "k", "5 V A"])
def test_parse_rejects_with_the_text_named(bad):
    with pytest.raises(ValueError, match="cannot read"):
        parse(bad)


def test_parse_rejects_wrong_unit():
    with pytest.raises(ValueError):
        parse("20 V", unit="A")


@pytest.mark.parametrize("value, unit, text", [
    (4700, "Ω", "4.7 kΩ"), (0.02, "A", "20 mA"), (1e-7, "F", "100 nF"), (2.2e6, "Ω", "2.2 MΩ"),
    (0, "V", "0 V"), (999.96, "Ω", "1 kΩ"), (-5e-4, "A", "-500 µA"), (3.3, "V", "3.3 V"),
])
def test_format_si(value, unit, text):
    assert format_si(value, unit) == text


@pytest.mark.parametrize("value", [4700.0, 0.02, 1e-7, 2.2e6, 47e3, 1.5e-9, 330.0])
def test_format_then_parse_round_trip(value):
    assert parse(format_si(value, "")) == pytest.approx(value, rel=1e-9)


def test_angles_round_trip_and_reject_unknown_units():
    assert to_radians(180) == pytest.approx(math.pi)
    assert to_degrees(to_radians(37.5)) == pytest.approx(37.5)
    assert to_radians(1.0, "rad") == 1.0
    with pytest.raises(ValueError, match="'deg' or 'rad'"):
        to_radians(1.0, "grad")


@pytest.mark.parametrize("bad, words", [
    ("4e400", "too large"), ("1" * 400, "too large"), ("1e308k", "too large"), ("-1e308M", "too large"),
    (float("nan"), "not a number"), (float("inf"), "too large"), (float("-inf"), "too large"), ("1e-400", "too small"),
])
def test_parse_never_returns_a_non_finite_value(bad, words):
    with pytest.raises(ValueError, match=words) as info:
        parse(bad)
    assert len(str(info.value)) < 200          # a pasted page is shortened in the message


def test_parse_accepts_numpy_numbers():
    np = pytest.importorskip("numpy")
    assert parse(np.int64(3)) == 3.0 and parse(np.float32(2.5)) == 2.5


@pytest.mark.parametrize("digits", [0, -2, 2.0, 18, True, "3"])
def test_format_si_names_bad_digits(digits):
    with pytest.raises(ValueError, match="digits must be a whole number from 1 to 17"):
        format_si(1.1, "A", digits)


def test_format_si_reads_text_and_refuses_other_things():
    assert format_si("1k", "Ω") == "1 kΩ"
    assert format_si("4k7") == "4.7 k"
    assert format_si(1, "A", 1) == "1 A"
    with pytest.raises(ValueError, match="cannot read 'lots'"):
        format_si("lots", "Ω")
    for bad in (None, [1, 2], True):
        with pytest.raises(TypeError, match="format_si needs a number"):
            format_si(bad, "A")
