"""Colour codes (IEC 60062) and E-series (IEC 60063): round trips, exactness, bad input."""

from fractions import Fraction

import numpy as np
import pytest

from stemkit import units
from stemkit.electronics import resistors as rs

DECADES = range(-1, 7)  # 0.1 Ω ... 9.88 MΩ


def _all_values(series, with_digits=False):
    sig = rs.E_SERIES[series]
    width = len(str(sig[0])) - 1
    for decade in DECADES:
        for s in sig:
            # exact value, built independently of the module: s × 10^(decade - width)
            exact = Fraction(s) * Fraction(10) ** (decade - width)
            yield (exact, len(str(s).rstrip("0"))) if with_digits else exact


@pytest.mark.parametrize("series", list(rs.E_SERIES))
@pytest.mark.parametrize("bands", [3, 4, 5, 6])
def test_round_trip_every_series_value_every_band_count(series, bands):
    for exact, digits in _all_values(series, with_digits=True):
        value = float(exact)
        if bands <= 4 and digits > 2:
            with pytest.raises(ValueError, match="significant digits"):
                rs.encode(value, bands=bands)
            continue
        colours = rs.encode(value, bands=bands)
        assert len(colours) == bands
        code = rs.decode(colours)
        assert code.exact == exact, (value, colours)
        assert code.resistance == value  # bit for bit
        assert rs.encode(code.resistance, bands=bands) == colours
        if bands == 3:
            assert code.tolerance == pytest.approx(0.20)


@pytest.mark.parametrize("series", list(rs.E_SERIES))
def test_every_series_value_is_in_its_series(series):
    values = np.array([float(v) for v in _all_values(series)])
    assert np.all(rs.in_series(values, series=series))
    np.testing.assert_array_equal(rs.nearest(values, series=series), values)
    np.testing.assert_array_equal(rs.next_up(values, series=series), values)
    np.testing.assert_array_equal(rs.next_down(values, series=series), values)


def test_float_band_maths_would_be_wrong_but_ours_is_exact():
    assert 56 * 0.1 != 5.6 and 82 * 0.1 != 8.2  # why integer arithmetic is needed
    assert rs.decode("green blue gold gold").resistance == 5.6
    assert rs.decode("grey red gold gold").resistance == 8.2
    assert rs.decode("green blue gold gold").resistance == units.parse("5R6")
    assert rs.decode("grey red black silver brown").resistance == 8.2
    assert rs.decode("brown black pink brown").resistance == 0.01


def test_known_codes():
    code = rs.decode("yellow violet red gold")
    assert code.resistance == 4700 and code.tolerance == 0.05 and code.temperature_coefficient is None
    assert code.limits == (4465.0, 4935.0)
    code = rs.decode(["Brown", "Black", "Black", "Brown", "Brown", "Red"])
    assert code.resistance == 1000 and code.tolerance == 0.01
    assert code.temperature_coefficient == pytest.approx(50e-6)
    assert rs.decode("red red orange").tolerance == pytest.approx(0.2)
    assert rs.decode("gray purple red gold").bands == ("grey", "violet", "red", "gold")
    assert rs.encode("4k7") == ("yellow", "violet", "red", "gold")
    assert rs.encode(1e6, bands=5, tolerance="1 %") == ("brown", "black", "black", "yellow", "brown")
    assert rs.encode(47, bands=6, temperature_coefficient=15e-6)[-1] == "orange"
    assert str(rs.decode("brown black orange gold")) == "10 kΩ ±5 %"


@pytest.mark.parametrize("colour,tol", [("brown", 0.01), ("red", 0.02), ("green", 0.005),
                                         ("blue", 0.0025), ("violet", 0.001), ("grey", 0.0005),
                                         ("gold", 0.05), ("silver", 0.10)])
def test_tolerance_colours_round_trip(colour, tol):
    bands = rs.encode(220, bands=5, tolerance=tol)
    assert bands[-1] == colour
    assert rs.decode(bands).tolerance == pytest.approx(tol)


def test_tcr_colours_round_trip():
    for colour, ppm in rs.TEMPERATURE_COEFFICIENTS.items():
        bands = rs.encode(100, bands=6, temperature_coefficient=ppm * 1e-6)
        assert bands[-1] == colour
        assert rs.decode(bands).temperature_coefficient == pytest.approx(ppm * 1e-6)


@pytest.mark.parametrize("bands,message", [
    ("yellow violet red glod", "band 4: unknown colour 'glod'"),
    ("yellow violet", "3, 4, 5 or 6 bands, got 2"),
    ("gold violet red yellow", "band 1: gold cannot be a digit"),
    ("black violet red gold", "band 1 cannot be black"),
    ("yellow violet red white", "band 4: white is not a tolerance colour"),
    ("brown black black red brown white", "band 6: white is not a temperature-coefficient colour"),
])
def test_decode_bad_input(bands, message):
    with pytest.raises(ValueError, match=message):
        rs.decode(bands)


@pytest.mark.parametrize("typed,band,word,nearest", [
    ("brwn black red gold", 1, "brwn", "brown"),
    ("yellow violett red gold", 2, "violett", "violet"),
    ("orange orange Rd gold", 3, "Rd", "red"),
    ("brown black red sliver", 4, "sliver", "silver"),
    ("red red gry red brown", 3, "gry", "grey"),
    (["red", "purpl", "brown", "gold"], 2, "purpl", "purple"),     # purple is accepted for violet
])
def test_a_mistyped_colour_word_names_the_band_the_word_and_the_nearest_colour(typed, band, word, nearest):
    with pytest.raises(rs.ColourCodeError) as caught:
        rs.decode(typed)
    error = caught.value
    assert isinstance(error, units.ReadingError) and isinstance(error, ValueError)
    first, colours = str(error).splitlines()
    text = typed if isinstance(typed, str) else " ".join(typed)
    assert first == f"band {band}: unknown colour {word!r} in {text!r}. Did you mean {nearest!r}?"
    assert colours == "The colour words are: " + ", ".join(rs.COLOURS) + "."
    # the suggestion really is a colour decode accepts, in the band that was mistyped
    fixed = text.replace(word, nearest)
    assert rs.decode(fixed).bands[band - 1] == rs._ALIASES.get(nearest, nearest)
    # in a notebook the message is shown in place of a traceback: red first line, no stack
    shown = error._render_traceback_()
    assert shown[0] == "\x1b[31m" + first + "\x1b[0m" and shown[1:] == [colours]


def test_a_word_far_from_every_colour_gets_no_guess():
    with pytest.raises(rs.ColourCodeError, match=r"band 2: unknown colour 'xyz' in 'red xyz red gold'\. "
                                                 r"Type one colour word for each band\.") as caught:
        rs.decode("red xyz red gold")
    assert "Did you mean" not in str(caught.value) and "black, brown, red" in str(caught.value)


@pytest.mark.parametrize("typed,words", [
    ("", "no colours were typed"),
    (1000, "the colour bands must be text, like 'brown black red gold', got 1000"),
    (["red", 2, "red", "gold"], "band 2 must be a colour name, got 2"),
    ("red red", "3, 4, 5 or 6 bands, got 2"),
    ("blue pink red gold", "band 2: pink cannot be a digit"),
])
def test_every_decode_error_is_a_friendly_reading_error(typed, words):
    with pytest.raises(rs.ColourCodeError, match=words):
        rs.decode(typed)


def test_the_e02_build_cell_shows_the_colour_message(capsys):
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "lessons" / "electronics" / "02-resistor-colour-codes.ipynb"
    code = [c["source"] for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    build = next(c for c in code if "for colours, measured in my_resistors:" in c)
    ns: dict = {}
    exec(code[0], ns)
    exec(build, ns)                                          # the lesson's own examples run
    assert "1 kΩ" in capsys.readouterr().out
    with pytest.raises(rs.ColourCodeError, match="band 1: unknown colour 'brwn'.*Did you mean 'brown'"):
        exec(build.replace('("brown black red gold", None)', '("brwn black red gold", None)'), ns)


def test_encode_bad_input():
    with pytest.raises(ValueError, match="4k7k"):
        rs.encode("4k7k")
    with pytest.raises(ValueError, match="resistance must be > 0"):
        rs.encode(0)
    with pytest.raises(ValueError, match="resistance must be > 0"):
        rs.encode(-470)
    with pytest.raises(ValueError, match="needs 3 significant digits"):
        rs.encode(4750, bands=4)
    with pytest.raises(ValueError, match="round it to a value from E192"):
        rs.encode(4751, bands=5)
    with pytest.raises(ValueError, match="out of the colour code's range"):
        rs.encode(2e11)
    with pytest.raises(ValueError, match="tolerance is a fraction"):
        rs.encode(100, tolerance=5)
    with pytest.raises(ValueError, match="no colour band means ±3 %"):
        rs.encode(100, tolerance=0.03)
    with pytest.raises(ValueError, match="ppm/K"):
        rs.encode(100, bands=6, temperature_coefficient=42e-6)
    with pytest.raises(ValueError, match="bands must be"):
        rs.encode(100, bands=7)


def test_series_are_geometric_within_rounding():
    # independent check of the tables: each value is 10^(i/n) rounded, within the
    # historical deviations of IEC 60063 (never more than 5 % for E24 and below, 0.6 % above)
    for name, sig in rs.E_SERIES.items():
        n = len(sig)
        width = len(str(sig[0]))
        ideal = 10 ** (np.arange(n) / n) * 10 ** (width - 1)
        err = np.abs(np.array(sig) / ideal - 1)
        assert err.max() < (0.05 if n <= 24 else 0.006), name
        assert list(sig) == sorted(set(sig))
    assert set(rs.E_SERIES["E12"]) == set(rs.E_SERIES["E24"][::2])
    assert set(rs.E_SERIES["E6"]) == set(rs.E_SERIES["E24"][::4])
    assert rs.E_SERIES["E96"] == rs.E_SERIES["E192"][::2]
    assert len(rs.E_SERIES["E192"]) == 192


def test_nearest_next_up_next_down():
    assert rs.nearest(5000, series="E12") == 4700
    assert rs.nearest(5200, series="E12") == 5600  # ratio distance: 5600/5200 < 5200/4700
    assert rs.nearest(9.8, series="E6") == 10.0
    assert rs.next_up(300) == 330 and rs.next_down(300) == 270
    assert rs.next_up(9.9e3, series="E6") == 10e3
    assert rs.next_up(4701, series="E96") == 4750
    assert rs.next_up("5R5", series="E24") == 5.6
    r = np.geomspace(0.5, 5e6, 2000)
    up = rs.next_up(r, series="E24")
    down = rs.next_down(r, series="E24")
    near = rs.nearest(r, series="E24")
    assert np.all(up >= r) and np.all(down <= r)
    assert np.all((near == up) | (near == down))
    assert np.all(rs.in_series(up, series="E24")) and np.all(rs.in_series(down, series="E24"))
    # no series value strictly between down and up
    values = rs.series_values("E24", minimum=0.1, maximum=1e7)
    for lo, hi in zip(down[::97], up[::97], strict=True):
        assert not np.any((values > lo) & (values < hi))


def test_series_values():
    v = rs.series_values("E12", minimum=100, maximum=1000)
    assert v.tolist() == [100, 120, 150, 180, 220, 270, 330, 390, 470, 560, 680, 820, 1000]
    assert rs.series_values("E192", minimum=1, maximum=10).size == 193
    small = rs.series_values("E24", minimum=1, maximum=9.99)
    assert 5.6 in small.tolist() and 8.2 in small.tolist()  # exact floats, not 5.6000000000000005


def test_series_bad_input():
    with pytest.raises(ValueError, match="unknown series 'E13'"):
        rs.nearest(100, series="E13")
    with pytest.raises(ValueError, match="4.8 kΩ is not an E12 value: the nearest are 4.7 kΩ and 5.6 kΩ"):
        rs.require_in_series(4800, series="E12")
    with pytest.raises(ValueError, match="not an E6 value"):
        rs.tolerance_limits(5600, series="E6")
    with pytest.raises(ValueError, match="resistance must be > 0"):
        rs.nearest(0)
    with pytest.raises(ValueError, match="4k7k"):
        rs.nearest("4k7k")


def test_tolerance_limits():
    assert rs.tolerance_limits(1000, tolerance=0.05) == (950.0, 1050.0)
    assert rs.tolerance_limits(1000, tolerance="±1 %") == (990.0, 1010.0)
    lo, hi = rs.tolerance_limits(4700, series="E12")
    assert (lo, hi) == pytest.approx((4230, 5170))
    # neighbouring E12 values with ±10 % overlap or touch: the series covers every resistance
    v = rs.series_values("E12", minimum=10, maximum=100)
    lows, highs = rs.tolerance_limits(v, series="E12")
    assert np.all(highs[:-1] >= lows[1:] * 0.97)
    with pytest.raises(ValueError, match="either a tolerance or a series"):
        rs.tolerance_limits(100)
