"""Sealed checks: the key round trip, plain data that trusts nothing, and judging outside the student's kernel."""

import json
import re

import numpy as np
import pytest

from stemkit import checks
from stemkit.checks import harvest, plain, seal
from stemkit.checks.feedback import CheckFailed, NotAttempted

EX = "electronics-77-ex1-1"


def test_plain_data_keeps_kinds():
    values = [None, True, 3, -2.5, float("nan"), float("inf"), 1 + 2j, "120 Ω", (1, 2), [1, [2, 3]],
              frozenset({"a", "b"}), {0.5: "half", "k": (1,)}, re.compile("r(ed)?", re.I),
              np.arange(6.0).reshape(2, 3), np.array([1, 2], dtype=np.int32), np.float32(0.25), np.int64(7)]
    for value in values:
        back = plain.loads(plain.dumps(value))
        if isinstance(value, np.ndarray):
            assert back.shape == value.shape and np.array_equal(back, value) and back.dtype.kind == value.dtype.kind
        elif isinstance(value, float) and value != value:
            assert back != back
        elif isinstance(value, re.Pattern):
            assert back.pattern == value.pattern and back.flags == value.flags
        else:
            assert back == value and type(back) is type(value) or isinstance(value, (np.generic, frozenset))


def test_a_student_object_arrives_as_nothing_but_its_type_name():
    class Yes(float):
        def __eq__(self, other):
            return True

        def __float__(self):
            return 42.0

    class Always:
        def __eq__(self, other):
            return True

    assert plain.decode(plain.encode(Yes(1.5), strict=False)) == 1.5   # the value it really holds
    back = plain.decode(plain.encode(Always(), strict=False))
    assert isinstance(back, plain.Opaque) and back.type_name == "Always" and back != 1
    with pytest.raises(plain.PlainError, match="cannot be sealed"):
        plain.encode(Always(), strict=True, where="electronics-01-ex1-1")


def test_a_huge_answer_is_cut_off_not_sent():
    back = plain.decode(plain.encode(list(range(plain.MAX_ITEMS + 10)), strict=False))
    assert isinstance(back[-1], plain.Opaque)


def spec(kind, name, hidden=False, **params):
    return {"kind": kind, "exercise": EX, "name": name, "points": 2, "hidden": hidden, "hints": ["nudge", "method"],
            "params": params}


def test_the_key_hides_every_value_and_comes_back_whole():
    specs = {EX: [seal.encode_spec(spec("number", "current", expected=0.0191489, unit="A", rel=0.01, abs_tol=0.0,
                                        mistakes={19.1489: "That is mA."}))]}
    entry = seal.seal(specs, "electronics-77")
    text = json.dumps(entry)
    for word in ("0.0191", "current", "mA", "expected", "mistakes"):
        assert word not in text
    assert seal.unseal(entry) == specs
    with pytest.raises(ValueError):
        seal.unseal({"format": 1, "lesson": "x", "data": "plain text"})


def test_check_finds_its_key_in_the_notebook_beside_it(tmp_path, monkeypatch, capsys):
    specs = {EX: [seal.encode_spec(spec("number", "current", expected=0.02, unit="A", rel=0.01, abs_tol=0.0,
                                        mistakes=None))]}
    nb = {"cells": [], "metadata": {seal.KEY_FIELD: seal.seal(specs, "electronics-77")}}
    (tmp_path / "77-lesson.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (tmp_path / "other.ipynb").write_text("{not json", encoding="utf-8")   # an unreadable neighbour is skipped
    monkeypatch.chdir(tmp_path)
    ns = {"current": 20.0}
    with pytest.raises(CheckFailed) as info:
        exec('from stemkit.checks import check\ncheck("electronics-77-ex1-1")', ns)
    assert "1000 times too big" in info.value.message and "Hint 2 of 2: method" in info.value.message
    ns["current"] = 0.02
    exec('from stemkit.checks import check\ncheck("electronics-77-ex1-1")', ns)
    assert "✓ Exercise 1.1: current is right. 2/2 points" in capsys.readouterr().out


def test_check_without_a_key_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CheckFailed, match="answer key was not found") as info:
        checks.check("electronics-78-ex1-1")
    assert info.value.reason == "no key"


def judged(specs, namespace_values):
    """Collect from a namespace as the grader's cell does, then judge in this process."""
    decoded = [seal.decode_spec(seal.encode_spec(s)) for s in specs]
    lines = []
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        harvest.collect("T0K:", harvest.plan_for(decoded), namespace_values)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("T0K:answers:")]
    collected = json.loads(lines[-1][len("T0K:answers:"):])
    return checks.judge(decoded, harvest.namespaces(decoded, collected))


def test_judging_plain_data_gives_the_teachers_messages():
    number = spec("number", "current", expected=0.0191, unit="A", rel=0.01, abs_tol=0.0, mistakes=None)
    assert judged([number], {"current": 0.0191}) == (True, "", "")
    right, reason, message = judged([number], {"current": 19.1})
    assert not right and reason == "prefix" and "1000 times too big" in message
    assert judged([number], {})[1] == "not attempted"


def test_function_answers_are_called_in_the_students_kernel_and_judged_here():
    cases = [{"args": (1000, 1000), "expected": 500.0}, {"args": (10, 30), "expected": 7.5, "swapped": 7.5}]
    public = spec("function", "parallel_two", cases=cases[:1], rel=1e-6, abs_tol=0.0)
    hidden = spec("function", "parallel_two", hidden=True, cases=cases[1:], rel=1e-6, abs_tol=0.0)
    assert judged([public, hidden], {"parallel_two": lambda a, b: a * b / (a + b)})[0]
    right, _reason, message = judged([public, hidden], {"parallel_two": lambda a, b: 500.0})
    assert not right and "passed the first test but not a further one" in message and "10, 30" not in message

    def boom(a, b):
        raise ZeroDivisionError("division by zero")

    assert "raised ZeroDivisionError: division by zero" in judged([public], {"parallel_two": boom})[2]

    def todo(a, b):
        raise NotImplementedError()

    assert judged([public], {"parallel_two": todo})[1] == "not attempted"


def test_an_object_that_equals_everything_earns_nothing():
    class Yes:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    for s in (spec("number", "x", expected=2.0, unit=None, rel=0.01, abs_tol=0.0, mistakes=None),
              spec("exact", "x", expected=[0, 1, 4]), spec("choice", "x", expected="b", options=["a", "b"]),
              spec("text", "x", accept=["red"]), spec("array", "x", expected=np.ones(3), rel=0, abs_tol=0, unit=None),
              spec("function", "x", cases=[{"args": (1,), "expected": 2}], rel=0, abs_tol=0)):
        value = Yes() if s["kind"] != "function" else (lambda *a: Yes())
        right, _reason, message = judged([s], {"x": value})
        assert not right, f"{s['kind']} accepted an always-equal object"


def test_judge_counts_nothing_in_this_kernel(monkeypatch, tmp_path):
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("STEMKIT_PROGRESS", str(log))
    own = {**spec("number", "x", expected=2.0, unit=None, rel=0.01, abs_tol=0.0, mistakes=None),
           "exercise": "electronics-77-ex5-5"}
    assert not judged([own], {"x": 3.0})[0]
    assert not log.exists() and checks.attempts("electronics-77-ex5-5") == 0
    with pytest.raises(NotAttempted):
        checks.number(EX, "not_defined_anywhere", expected=1.0)
