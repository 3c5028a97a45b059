"""Fuzzing units.parse and units.format_si: a finite float or a ValueError naming the text, never anything else.

A few seconds in ``make test``; ``make fuzz`` runs many more examples (``STEMKIT_FUZZ=long``).
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from stemkit.units import PREFIXES, format_si, format_si_all, parse

LONG = os.environ.get("STEMKIT_FUZZ") == "long"
#: A few seconds per test in ``make test``; about two minutes each in ``make fuzz``.
FUZZ = settings(max_examples=25_000 if LONG else 200, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.too_slow])

UNITS = ["", "Ω", "ohm", "ohms", "R", "V", "A", "F", "H", "Hz", "W", "s", "g", "m", "N", "J", "C", "mm", "x"]
MAKER = st.builds(
    lambda sign, whole, prefix, frac, space, unit: f"{sign}{whole}{prefix}{frac}{space}{unit}",
    st.sampled_from(["", "-", "+", "−"]), st.one_of(st.integers(0, 10**6).map(str), st.just("1" * 400), st.just("")),
    st.sampled_from(["", ".", ",", *PREFIXES, "e", "e400", "e-400", "E3"]),
    st.one_of(st.integers(0, 999).map(str), st.just("")), st.sampled_from(["", " ", "  "]), st.sampled_from(UNITS))
TEXT = st.one_of(MAKER, st.text(alphabet="0123456789.,eE+-− kMmunpfGTRµμΩohmVAFHzWs", max_size=30), st.text(max_size=30))


@FUZZ
@given(TEXT, st.sampled_from([None, *UNITS]))
@example("4e400", None)
@example("1" * 400, None)
@example("1e308k", None)
@example("1e-400", "V")
def test_parse_gives_a_finite_number_or_names_the_text(text, unit):
    try:
        value = parse(text, unit=unit)
    except ValueError as exc:
        assert "cannot read" in str(exc)
        assert len(str(exc)) < 300
        return
    assert isinstance(value, float) and math.isfinite(value), (text, unit, value)


@FUZZ
@given(st.one_of(st.floats(), st.integers(-10**400, 10**400), st.none(), st.booleans(), st.binary(max_size=4),
                 st.lists(st.integers(), max_size=2)))
def test_parse_of_things_that_are_not_text(value):
    try:
        result = parse(value)
    except ValueError:
        return
    except OverflowError:  # pragma: no cover - the assertion below says what went wrong
        pytest.fail(f"parse({value!r}) overflowed instead of naming the value")
    assert math.isfinite(result)


@FUZZ
@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(UNITS), st.integers(-3, 20))
@example(1.0, "A", 0)
@example(1.1, "A", -2)
def test_format_si_returns_text_or_names_the_digits(value, unit, digits):
    try:
        text = format_si(value, unit, digits)
    except ValueError as exc:
        assert not 1 <= digits <= 17 and "digits must be a whole number from 1 to 17" in str(exc)
        return
    assert 1 <= digits <= 17 and isinstance(text, str) and text.endswith(unit)


@FUZZ
@given(st.floats(min_value=1e-15, max_value=1e14), st.booleans(), st.integers(6, 17))
def test_format_then_parse_gives_the_value_back(magnitude, negative, digits):
    value = -magnitude if negative else magnitude
    text = format_si(value, "", digits)
    # the digits asked for, and never closer than float arithmetic allows
    assert parse(text) == pytest.approx(value, rel=max(10.0 ** (1 - digits), 1e-15))


@FUZZ
@given(st.lists(st.floats(min_value=-1e12, max_value=1e12), min_size=1, max_size=5))
def test_format_si_all_shares_one_prefix(values):
    assume(any(v != 0 for v in values))
    texts = format_si_all(values, "m")
    assert len({t.split(" ")[-1] for t in texts}) == 1
    for text, value in zip(texts, values, strict=True):
        number, unit = text.split(" ")
        assert parse(number + unit[:-1]) == pytest.approx(value, rel=0.01, abs=1e-3 * max(abs(v) for v in values))
