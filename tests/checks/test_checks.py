"""Each check: right, wrong, and the common slips each give the intended message."""

import json
import math

import numpy as np
import pytest

from stemkit import checks
from stemkit.checks import CheckFailed, NotAttempted

EX = "electronics-01-ex1-1"


def fails(call, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as info:
        call(*args, **kwargs)
    assert isinstance(info.value, AssertionError)  # nbval and nbgrader must see a failure
    return info.value.message


def test_right_number_prints_one_tick_line(capsys):
    checks.number(EX, "current", expected=9 / 470, unit="A", points=2, value=9 / 470)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("✓ Exercise 1.1") and "2/2 points" in out


# names read from this module's globals, the way a notebook cell's are
answer_right = 0.0191
answer_milli = 19.1


def test_reads_the_answer_by_name_from_the_caller():
    checks.number(EX, "answer_right", expected=0.0191, unit="A")
    msg = fails(checks.number, EX, "answer_milli", expected=0.0191, unit="A")
    assert "1000 times too big" in msg and "mA" in msg


def test_undefined_name_is_not_attempted():
    with pytest.raises(NotAttempted) as info:
        checks.number(EX, "no_such_name_here", expected=1.0)
    assert "not attempted yet" in info.value.message
    assert "no_such_name_here" in info.value.message


@pytest.mark.parametrize("value, expected, words", [
    (19.1, 0.0191, "1000 times too big"),
    (0.0000191, 0.0191, "1000 times too small"),
    (19100.0, 0.0191, "1,000,000 times too big"),
    (math.degrees(0.5), 0.5, "degrees"),
    (math.radians(30), 30.0, "radians"),
    (-0.0191, 0.0191, "sign"),
    (float("nan"), 0.0191, "NaN"),
    (None, 0.0191, "None"),
    ("hello", 0.0191, "not a number"),
    (True, 1.0, "yes/no"),
    ([1.0, 2.0], 1.0, "2 values"),
    (1 / 0.0191, 0.0191, "upside down"),
    (0.03, 0.0191, "too big"),
    (0.01, 0.0191, "too small"),
])
def test_number_diagnoses_common_slips(value, expected, words):
    msg = fails(checks.number, EX, "x", expected=expected, value=value, unit="A")
    assert words in msg
    assert str(expected) not in msg  # never gives the answer away


def test_prefix_hint_for_compound_units_names_only_the_unit():
    msg = fails(checks.number, EX, "v", expected=12.5, value=12500.0, unit="cm³")
    assert "1000 times too big" in msg and "It is wanted in cm³." in msg and "mcm" not in msg


def test_number_off_by_one_for_counts():
    assert "off by one" in fails(checks.number, EX, "n", expected=10, value=11)


def test_number_accepts_a_string_with_a_unit_and_tolerance(capsys):
    checks.number(EX, "current", expected=0.0191, unit="A", value="19.1 mA")
    checks.number(EX, "current", expected=0.0191, unit="A", rel=0.01, value=0.0192)
    assert capsys.readouterr().out.count("✓") == 2


def test_lesson_specific_mistake_message():
    msg = fails(checks.number, EX, "r", expected=150.0, value=250.0, mistakes={250.0: "You forgot the LED's 2 V."})
    assert "forgot the LED" in msg


def test_hint_tiers_climb_with_each_failed_attempt():
    tiers = ["Which two voltages share the supply?", "Ohm's law on the resistor's own voltage.", "Divide by I."]
    exercise = "electronics-01-ex9-1"   # its own id: attempts are counted per exercise in this kernel
    said = [fails(checks.number, exercise, "r", expected=150.0, value=151.0, rel=1e-6, hints=tiers) for _ in range(4)]
    # the prompt shows tier 1, so the first failure shows tier 2, then 3, then 3 again
    assert "Hint 2 of 3: Ohm's law" in said[0]
    assert "Hint 3 of 3: Divide by I." in said[1] and "Hint 3 of 3" in said[3]
    assert checks.attempts(exercise) == 4
    checks.number(exercise, "r", expected=150.0, value=150.0, hints=tiers)
    assert checks.attempts(exercise) == 5


def test_not_attempted_is_no_attempt_and_shows_no_hint():
    with pytest.raises(NotAttempted) as info:
        checks.number("electronics-01-ex9-2", "no_such_name_here", expected=1.0, hints=["a", "b"])
    assert "Hint" not in info.value.message and checks.attempts("electronics-01-ex9-2") == 0


def test_hints_must_be_texts():
    with pytest.raises(ValueError, match="hints must be a list of texts"):
        checks.number(EX, "r", expected=1.0, value=1.0, hints=["ok", 3])


def test_attempts_reach_the_progress_log(tmp_path, monkeypatch):
    log = tmp_path / "progress.jsonl"
    monkeypatch.setenv("STEMKIT_PROGRESS", str(log))
    exercise = "electronics-01-ex9-3"
    fails(checks.number, exercise, "r", expected=2.0, value=3.0)
    checks.number(exercise, "r", expected=2.0, value=2.0)
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(r["ok"], r["attempt"]) for r in records] == [(False, 1), (True, 2)]


def test_hidden_check_does_not_reveal_and_does_not_print(capsys):
    checks.number(EX, "r", expected=2.0, value=2.0, hidden=True)
    assert capsys.readouterr().out == ""
    msg = fails(checks.number, EX, "r", expected=2.0, value=3.0, hidden=True)
    assert "further" in msg and "2.0" not in msg


def test_array_shape_transpose_nan_and_elementwise():
    expected = np.arange(6.0).reshape(2, 3)
    assert "shape" in fails(checks.array, EX, "a", expected=expected, value=np.zeros(3))
    assert "transpose" in fails(checks.array, EX, "a", expected=expected, value=expected.T)
    with_nan = expected.copy()
    with_nan[1, 2] = np.nan
    assert "NaN" in fails(checks.array, EX, "a", expected=expected, value=with_nan)
    off = expected.copy()
    off[0, 1] += 1
    assert "1 of 6 values are off" in fails(checks.array, EX, "a", expected=expected, value=off)
    assert "1000 times too big" in fails(checks.array, EX, "a", expected=[1.0, 2.0], value=[1000.0, 2000.0])
    assert "reverse" in fails(checks.array, EX, "a", expected=[1.0, 2.0, 3.0], value=[3.0, 2.0, 1.0])
    checks.array(EX, "a", expected=expected, value=expected.tolist())


def divide(a, b):
    return a / b


def test_function_right_wrong_swapped_raising_and_blank():
    checks.function(EX, "f", cases=[(6.0, 3.0), (1.0, 4.0)], reference=divide, value=lambda a, b: a / b)
    assert "swapped" in fails(checks.function, EX, "f", cases=[(6.0, 3.0)], reference=divide, value=lambda a, b: b / a)
    msg = fails(checks.function, EX, "f", cases=[(6.0, 0.0)], reference=lambda a, b: 0.0, value=divide)
    assert "ZeroDivisionError" in msg
    assert "return" in fails(checks.function, EX, "f", cases=[((1.0,), 2.0)], value=lambda x: None)
    assert "not a function" in fails(checks.function, EX, "f", cases=[(1.0, 2.0)], value=3)

    def blank(x):
        raise NotImplementedError()

    with pytest.raises(NotAttempted):
        checks.function(EX, "f", cases=[(1.0, 1.0)], value=blank)


def test_function_with_kwargs_cases_and_expected_pairs():
    cases = [({"voltage": 9.0, "resistance": 450.0}, 0.02)]
    checks.function(EX, "f", cases=cases, value=lambda voltage, resistance: voltage / resistance)
    msg = fails(checks.function, EX, "f", cases=cases, value=lambda voltage, resistance: voltage * resistance)
    assert "voltage=9.0" in msg  # the visible case is shown; the expected value is not
    assert "0.02" not in msg


def test_choice_single_and_multiple():
    checks.choice(EX, "c", expected="b", options=["a", "b", "c"], value=" B ")
    assert "Not that one" in fails(checks.choice, EX, "c", expected="b", options=["a", "b", "c"], value="a")
    assert "not one of the options" in fails(checks.choice, EX, "c", expected="b", options=["a", "b", "c"], value="d")
    checks.choice(EX, "c", expected={"a", "c"}, value="c, a")
    assert "more than these" in fails(checks.choice, EX, "c", expected={"a", "c"}, value="a")
    assert "not true" in fails(checks.choice, EX, "c", expected={"a", "c"}, value=["a", "b", "c"])


def test_text_normalises_and_accepts_patterns():
    checks.text(EX, "t", accept=["Nothing"], value="  nothing. ")
    checks.text(EX, "t", accept=[r"kirchhoff'?s? (current )?law"], value="Kirchhoffs law")
    assert "empty" in fails(checks.text, EX, "t", accept=["x"], value="   ")
    assert "not the word" in fails(checks.text, EX, "t", accept=["nothing"], value="everything")


def test_exact_ints_lists_and_text_slips():
    checks.exact(EX, "n", expected=168, value=168)
    assert "without quotes" in fails(checks.exact, EX, "n", expected=168, value="168")
    assert "off by one" in fails(checks.exact, EX, "n", expected=168, value=167)
    assert "wrong order" in fails(checks.exact, EX, "n", expected=["red", "red", "brown"], value=["brown", "red", "red"])
    assert "3 items" in fails(checks.exact, EX, "n", expected=[1, 2], value=[1, 2, 3])


def test_bad_exercise_id_is_an_author_error():
    with pytest.raises(ValueError, match="exercise id"):
        checks.number("ex1", "x", expected=1.0, value=1.0)


def test_renders_without_traceback_in_ipython():
    err = CheckFailed("✗ Exercise 1.1: x is not right yet.\n  It is too big.")
    lines = err._render_traceback_()
    assert "Exercise 1.1" in lines[0] and lines[1] == "  It is too big."
    assert not any("Traceback" in line for line in lines)


def test_attempts_are_logged_as_json_lines(tmp_path, monkeypatch):
    log = tmp_path / "sub" / "progress.jsonl"
    monkeypatch.setenv("STEMKIT_PROGRESS", str(log))
    checks.number(EX, "x", expected=1.0, value=1.0, points=2)
    with pytest.raises(CheckFailed):
        checks.number(EX, "x", expected=1.0, value=5.0, points=2)
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["lesson"], r["exercise"], r["ok"], r["points"]) for r in records] == [
        ("electronics-01", EX, True, 2), ("electronics-01", EX, False, 0)]
    assert all("time" in r for r in records)


def test_read_only_log_location_is_skipped_silently(tmp_path, monkeypatch):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    monkeypatch.setenv("STEMKIT_PROGRESS", str(ro / "deeper" / "progress.jsonl"))
    try:
        checks.number(EX, "x", expected=1.0, value=1.0)  # must not raise
    finally:
        ro.chmod(0o700)


def test_exact_accepts_numpy_integers_and_tuples_for_lists(capsys):
    checks.exact(EX, "n", expected=168, value=np.int64(168))
    checks.exact(EX, "n", expected=["red", "red", "brown"], value=("red", "red", "brown"))
    assert capsys.readouterr().out.count("✓") == 2
    assert "without quotes" in fails(checks.exact, EX, "n", expected=168, value="168")
    assert "1 of 2 items differ" in fails(checks.exact, EX, "n", expected=[1, 2], value=[1, 3])
    fails(checks.exact, EX, "n", expected=1, value=True)  # True is not the number 1


def test_complex_answer_is_named():
    assert "complex" in fails(checks.number, EX, "x", expected=1.0, value=1 + 2j)


def test_a_whole_float_is_the_right_count():
    checks.exact(EX, "hours", expected=168, value=24 * 7.0)
    assert "off by one" in fails(checks.exact, EX, "hours", expected=168, value=167.0)
    assert "too big" in fails(checks.exact, EX, "hours", expected=168, value=170.5)


def test_a_numpy_number_from_a_function_is_diagnosed_not_an_index_error():
    import numpy as np

    def volume_without_sixth(a):
        return np.int64(6 * a)

    msg = fails(checks.function, EX, "volume", cases=[((1,), 1)], reference=None, value=volume_without_sixth)
    assert "too big" in msg or "times" in msg
    msg = fails(checks.function, EX, "volume", cases=[((2,), np.float64(2.0))], value=lambda a: np.float64(-2.0))
    assert "sign" in msg


def test_a_container_of_mixed_items_is_not_a_crash():
    assert "mixed items" in fails(checks.number, EX, "b", expected=3.0, value=[1.0, "a", [2]])


def test_function_and_choice_name_the_teachers_mistakes():
    def pick(supply, led, current):
        return int((supply - led) / current)          # int() cuts 499.99 down where round() would not

    msg = fails(checks.function, EX, "pick", cases=[(12, 2.0, 0.02)], reference=lambda s, v, i: round((s - v) / i),
                mistakes=[(lambda s, v, i: int((s - v) / i - 0.5), "int() cuts the decimals off; round() is wanted.")],
                value=lambda s, v, i: int((s - v) / i - 0.5))
    assert "int() cuts the decimals off" in msg and "(12, 2.0, 0.02)" in msg
    msg = fails(checks.choice, EX, "key", expected="b", options=["a", "b", "c"],
                mistakes={"a": "Ctrl+S saves the notebook; it runs nothing."}, value="A")
    assert "Ctrl+S saves" in msg
    assert "Not that one" in fails(checks.choice, EX, "key", expected="b", options=["a", "b", "c"],
                                   mistakes={"a": "Ctrl+S saves."}, value="c")
    assert pick(12, 2.0, 0.02) == 500


def test_more_slips_get_their_own_words():
    assert "opposite yes/no" in fails(checks.function, EX, "fits", cases=[((1,), True)], value=lambda x: False)
    assert "hair off a whole number" in fails(checks.exact, EX, "layers", expected=29, value=28.999999999999996)
    msg = fails(checks.array, EX, "p", expected=[8.66, 5, 5], rel=1e-3,
                mistakes=[([1.54, -9.88, 5], "That used degrees where radians are wanted.")], value=[1.54, -9.88, 5.0])
    assert "degrees where radians" in msg
    assert "values are off" in fails(checks.array, EX, "p", expected=[8.66, 5, 5], rel=1e-3,
                                     mistakes=[([1.54, -9.88, 5], "deg")], value=[1.0, 2.0, 3.0])


def test_the_swapped_probe_keeps_the_references_warnings_to_itself(recwarn):
    import warnings

    def reference(a, b):
        if a < b:
            warnings.warn("a below b", UserWarning, stacklevel=2)
        return a - b

    checks.function(EX, "diff", cases=[(5, 2)], reference=reference, value=lambda a, b: a - b)
    assert not [w for w in recwarn if "a below b" in str(w.message)]


def test_a_fault_in_the_check_itself_is_a_plain_message(monkeypatch):
    def broken(*args, **kwargs):
        raise IndexError("tuple index out of range")

    monkeypatch.setitem(checks._JUDGES, "number", broken)
    with pytest.raises(CheckFailed) as info:
        checks.number(EX, "x", expected=1.0, value=1.0)
    assert "could not be checked" in info.value.message and info.value.reason == "check error"


def test_printing_instead_of_storing_is_pointed_out(capsys):
    ns = {"_i": "print(stale_answer * 2)", "stale_answer": 3.0}
    exec("from stemkit import checks\nchecks.number('electronics-01-ex9-9', 'stale_answer', expected=3.0)", ns)
    assert "only prints `stale_answer`" in capsys.readouterr().out
    ns["_i"] = "stale_answer = 3.0\nprint(stale_answer)"
    exec("from stemkit import checks\nchecks.number('electronics-01-ex9-9', 'stale_answer', expected=3.0)", ns)
    assert "only prints" not in capsys.readouterr().out
