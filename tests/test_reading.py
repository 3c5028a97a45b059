"""Measurements typed into build cells: what a student types is read, or named in a clear message."""

import math

import pytest

from stemkit.units import ReadingError, reading


@pytest.mark.parametrize("typed, unit, want", [
    (3.9, "g", 3.9), ("3.9 g", "g", 3.9), ("3,9", "g", 3.9), ("20,1 mm", "mm", 20.1),
    ("0.0201 m", "mm", 20.1), ("4k7", "Ω", 4700.0), ("4.7 kΩ", "Ω", 4700.0), ("20 mA", "mA", 20.0),
    ("0.02 A", "mA", 20.0), ("46 cm", "m", 0.46), ("4,6 cm", "mm", 46.0), ("46", "cm", 46.0), ("0.46 m", "cm", 46.0), ("12 min", "min", 12.0), ("21 °C", "°C", 21.0), (" 7 ", "", 7.0),
])
def test_typed_readings_are_read_in_the_unit_wanted(typed, unit, want):
    assert math.isclose(reading(typed, unit), want, rel_tol=1e-12)


def test_none_means_not_measured_yet():
    assert reading(None, "V") is None


@pytest.mark.parametrize("typed, words", [
    ("Red", ["measured_width", "'Red'", "mm"]),
    ("3.9 kg g", ["measured_width"]),
    (float("nan"), ["not a reading"]),
    (True, ["not a reading"]),
    ([1, 2], ["not a reading"]),
    (0, ["cannot be right", "more than 0"]),
    (250.0, ["outside", "1 to 100", "decimal point"]),
])
def test_bad_readings_name_the_variable_the_value_and_the_fix(typed, words):
    with pytest.raises(ReadingError) as caught:
        reading(typed, "mm", name="measured_width", low=1, high=100)
    for word in words:
        assert word in str(caught.value)
    # in a notebook the student sees the message, not a traceback
    assert caught.value._render_traceback_()[0].endswith(str(caught.value).splitlines()[0] + "\x1b[0m")


def test_zero_is_allowed_where_it_is_a_real_reading():
    assert reading(0, "°C", zero=True) == 0.0
    assert reading("0", "", zero=True) == 0.0


def test_a_plain_unit_takes_only_its_own_symbol():
    for typed, unit in [("3.9 g", "min"), ("12 s", "min"), ("5 V", "°C"), ("4k7", "")]:
        with pytest.raises(ReadingError):
            reading(typed, unit, name="x")
    assert reading("21 °", "°C") == 21.0 and reading("90 deg", "°") == 90.0
