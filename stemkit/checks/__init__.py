"""Exercise checks that graded test cells call.

Each check reads the student's answer by *name* from the notebook, so an
undefined name or a still-blank answer cell is reported as "not attempted yet"
instead of a NameError. A right answer prints one ✓ line with the points; a wrong
one raises :class:`CheckFailed` (an ``AssertionError``, so nbval and nbgrader see
the failure) whose message says what is off and, for common slips, why.

Examples
--------
>>> current = 9 / 470
>>> number("electronics-01-ex1-1", "current", expected=9 / 470, unit="A", points=2)
✓ Exercise 1.1: current is right. 2/2 points
>>> current = 9 / 470 * 1000
>>> number("electronics-01-ex1-1", "current", expected=9 / 470, unit="A", points=2)
Traceback (most recent call last):
...
stemkit.checks.feedback.CheckFailed: ✗ Exercise 1.1: current is not right yet.
  Your answer is 1000 times too big: a unit prefix slip? It is wanted in A (not mA).
"""

from __future__ import annotations

import math
import numbers
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from stemkit.checks.feedback import (
    CheckFailed,
    NotAttempted,
    exercise_label,
    log_attempt,
    parse_exercise,
)
from stemkit.i18n import _, format_number

__all__ = [
    "CheckFailed",
    "NotAttempted",
    "number",
    "array",
    "function",
    "choice",
    "text",
    "exact",
]

_MISSING = object()
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))

# prefix factor -> (bigger name, smaller name) for the hint; factor = student / expected
_PREFIX_FACTORS = {1e3: "m", 1e6: "µ", 1e9: "n", 1e-3: "k", 1e-6: "M"}
_DEG = 180.0 / math.pi
# Units that take an SI prefix directly, so "mA instead of A" makes sense; "mcm³" would not.
_PLAIN_UNITS = {"A", "V", "Ω", "W", "F", "H", "s", "m", "g", "Hz", "J", "N", "C"}


# ---------------------------------------------------------------------------
# plumbing
def _caller_namespace() -> dict[str, Any]:
    # The first frame outside this package is the notebook cell (or grader) that called the check.
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


class _Check:
    """One check call: knows the exercise, the name, points, and how to pass or fail."""

    def __init__(self, exercise: str, name: str, points: float, hint: str | None, hidden: bool):
        parse_exercise(exercise)
        if not isinstance(name, str) or not name:
            raise ValueError(_("the answer name must be the variable's name as text, like \"current\", got {value!r}").format(value=name))
        self.exercise = exercise
        self.name = name
        self.points = points
        self.hint = hint
        self.hidden = hidden
        self.label = exercise_label(exercise)

    def fetch(self, value: Any) -> Any:
        if value is not _MISSING:
            return value
        namespace = _caller_namespace()
        if self.name not in namespace:
            message = _(
                "✗ {label}: not attempted yet: `{name}` is not defined.\n"
                "  Write your answer in the cell above, store it in `{name}`, run that cell (Shift+Enter), then run this one."
            ).format(label=self.label, name=self.name)
            self._log(False, "not attempted")
            raise NotAttempted(message, exercise=self.exercise)
        return namespace[self.name]

    def fail(self, detail: str, *, reason: str = "wrong") -> None:
        if self.hidden:
            head = _("✗ {label}: `{name}` passed the first test but not a further one.").format(
                label=self.label, name=self.name)
        else:
            head = _("✗ {label}: {name} is not right yet.").format(label=self.label, name=self.name)
        lines = [head]
        if detail:
            lines += ["  " + line for line in detail.splitlines()]
        if self.hint:
            lines.append("  " + _("Hint: {hint}").format(hint=self.hint))
        self._log(False, reason)
        raise CheckFailed("\n".join(lines), exercise=self.exercise, reason=reason)

    def passed(self) -> None:
        self._log(True, "")
        if not self.hidden:
            print(_("✓ {label}: {name} is right. {points}/{points} points").format(
                label=self.label, name=self.name, points=format_number(self.points)))

    def _log(self, ok: bool, reason: str) -> None:
        if self.hidden and ok:
            return
        log_attempt(exercise=self.exercise, ok=ok, points=self.points if ok else 0,
                    max_points=self.points, reason=reason)


def _times(factor: float) -> str:
    """1000 -> "1000", 1e6 -> "1,000,000": big factors grouped so they can be read at a glance."""
    return f"{factor:.0f}" if factor < 1e4 else f"{factor:,.0f}"


def _close(a: float, b: float, rel: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


def _describe_type(value: Any) -> str:
    return type(value).__name__


def _to_number(check: _Check, value: Any, unit: str | None) -> float:
    import numpy as np

    if value is None:
        check.fail(_("It is None. Did you assign the result (name = ...), not print() it?"), reason="none")
    if isinstance(value, bool):
        check.fail(_("It is {value}, a yes/no value; a number is wanted.").format(value=value), reason="type")
    if isinstance(value, str):
        from stemkit.units import parse

        try:
            return parse(value, unit=unit)
        except ValueError:
            check.fail(_("It is the text {value!r}, which is not a number. Write a number like 0.02 (without quotes).").format(
                value=value), reason="type")
    if isinstance(value, (np.ndarray, list, tuple)):
        arr = np.asarray(value)
        if arr.size != 1:
            check.fail(_("It holds {count} values (shape {shape}); one number is wanted.").format(
                count=arr.size, shape=tuple(arr.shape)), reason="shape")
        value = arr.reshape(-1)[0]
    if isinstance(value, (complex, np.complexfloating)) and value.imag != 0:
        check.fail(_("It is a complex number; a real number is wanted."), reason="type")
    try:
        return float(value)
    except (TypeError, ValueError):
        check.fail(_("It is a {kind}; a number is wanted.").format(kind=_describe_type(value)), reason="type")
    raise AssertionError("unreachable")  # pragma: no cover


def _diagnose_number(got: float, expected: float, *, unit: str | None, rel: float, abs_tol: float,
                     mistakes: Mapping[float, str] | None, integer_like: bool) -> tuple[str, str]:
    """Explain a wrong number without giving the answer: (detail, reason)."""
    if math.isnan(got):
        return _("It is NaN (not a number): something divided 0 by 0 or used a missing value."), "nan"
    if math.isinf(got):
        return _("It is infinite: is something divided by zero?"), "inf"
    for wrong, why in (mistakes or {}).items():
        if _close(got, float(wrong), rel, abs_tol):
            return why, "known mistake"
    if expected != 0:
        for factor, prefix in _PREFIX_FACTORS.items():
            if _close(got, expected * factor, rel, 0.0):
                unit_text = unit or ""
                if factor > 1:
                    detail = _("Your answer is {factor} times too big: a unit prefix slip?").format(
                        factor=_times(factor))
                else:
                    detail = _("Your answer is {factor} times too small: a unit prefix slip?").format(
                        factor=_times(1 / factor))
                if unit_text in _PLAIN_UNITS:
                    detail += " " + _("It is wanted in {unit} (not {prefix}{unit}).").format(unit=unit_text, prefix=prefix)
                elif unit_text:
                    detail += " " + _("It is wanted in {unit}.").format(unit=unit_text)
                return detail, "prefix"
        if _close(got, expected * _DEG, rel, 0.0):
            return _("It looks like degrees; this answer is wanted in radians (use math.radians or np.radians)."), "deg/rad"
        if _close(got, expected / _DEG, rel, 0.0):
            return _("It looks like radians; this answer is wanted in degrees (use math.degrees or np.degrees)."), "deg/rad"
        if _close(got, -expected, rel, abs_tol):
            return _("The size is right but the sign is wrong: check the direction (+/-)."), "sign"
        if _close(got, 1 / expected, rel, 0.0) and abs(expected) != 1:
            return _("It looks upside down: did you divide the wrong way round?"), "inverted"
    if integer_like and abs(got - expected) == 1:
        return _("It is off by one: check where your count starts and stops."), "off by one"
    if unit:
        kind = _("It is too big.") if got > expected else _("It is too small.")
        return kind + " " + _("Give it in {unit} as a plain number.").format(unit=unit), "wrong"
    return (_("It is too big.") if got > expected else _("It is too small.")), "wrong"


# ---------------------------------------------------------------------------
# public checks
def number(exercise: str, name: str, *, expected: float, unit: str | None = None, rel: float = 0.01,
           abs_tol: float = 0.0, points: float = 1, hint: str | None = None,
           mistakes: Mapping[float, str] | None = None, hidden: bool = False, value: Any = _MISSING) -> None:
    """Check a single number, with a relative tolerance ``rel`` and optional unit.

    A string answer with a unit (``"20 mA"``) is read with :func:`stemkit.units.parse`.
    """
    check = _Check(exercise, name, points, hint, hidden)
    got = _to_number(check, check.fetch(value), unit)
    expected = float(expected)
    if math.isnan(got) or not _close(got, expected, rel, abs_tol):
        integer_like = float(expected).is_integer() and float(got).is_integer()
        detail, reason = _diagnose_number(got, expected, unit=unit, rel=rel, abs_tol=abs_tol,
                                          mistakes=mistakes, integer_like=integer_like)
        check.fail(detail, reason=reason)
    check.passed()


def _compare_arrays(check: _Check, got_raw: Any, expected_raw: Any, *, rel: float, abs_tol: float,
                    unit: str | None, what: str | None = None) -> None:
    import numpy as np

    prefix = (what + " ") if what else ""
    if got_raw is None:
        check.fail(prefix + _("It is None. Did you assign the result (name = ...), not print() it?"), reason="none")
    try:
        got = np.asarray(got_raw, dtype=float)
    except (TypeError, ValueError):
        check.fail(prefix + _("It cannot be read as numbers (it is a {kind}).").format(kind=_describe_type(got_raw)),
                   reason="type")
    expected = np.asarray(expected_raw, dtype=float)
    if got.shape != expected.shape:
        if got.ndim == 2 and got.T.shape == expected.shape and np.allclose(got.T, expected, rtol=rel, atol=abs_tol):
            check.fail(prefix + _("Rows and columns are swapped (shape {got} instead of {want}): transpose it with .T.").format(
                got=got.shape, want=expected.shape), reason="transposed")
        check.fail(prefix + _("It has shape {got}, but shape {want} is wanted.").format(
            got=tuple(got.shape), want=tuple(expected.shape)), reason="shape")
    if np.isnan(got).any() and not np.isnan(expected).any():
        where = tuple(int(i) for i in np.argwhere(np.isnan(got))[0])
        check.fail(prefix + _("It contains NaN (not a number), first at index {index}.").format(
            index=where if len(where) > 1 else where[0]), reason="nan")
    ok = np.isclose(got, expected, rtol=rel, atol=abs_tol, equal_nan=True)
    if ok.all():
        return
    nz = expected != 0
    if nz.any():
        ratio = got[nz] / expected[nz]
        for factor in _PREFIX_FACTORS:
            if np.allclose(ratio, factor, rtol=rel):
                size = _("big") if factor > 1 else _("small")
                shown = factor if factor > 1 else 1 / factor
                msg = _("Every value is {factor} times too {size}: a unit prefix slip?").format(
                    factor=_times(shown), size=size)
                if unit:
                    msg += " " + _("Values are wanted in {unit}.").format(unit=unit)
                check.fail(prefix + msg, reason="prefix")
        if np.allclose(got, -expected, rtol=rel, atol=abs_tol):
            check.fail(prefix + _("Every value has the wrong sign."), reason="sign")
        if np.allclose(got, expected * _DEG, rtol=rel, atol=abs_tol):
            check.fail(prefix + _("The values look like degrees; radians are wanted."), reason="deg/rad")
        if np.allclose(got, expected / _DEG, rtol=rel, atol=abs_tol):
            check.fail(prefix + _("The values look like radians; degrees are wanted."), reason="deg/rad")
    if got.ndim == 1 and np.allclose(got[::-1], expected, rtol=rel, atol=abs_tol):
        check.fail(prefix + _("The values are right but in reverse order."), reason="order")
    bad = np.argwhere(~ok)
    first = tuple(int(i) for i in bad[0])
    check.fail(prefix + _("{wrong} of {total} values are off; the first is at index {index}.").format(
        wrong=len(bad), total=ok.size, index=first if len(first) > 1 else first[0]), reason="wrong")


def array(exercise: str, name: str, *, expected: Any, rel: float = 1e-6, abs_tol: float = 0.0,
          unit: str | None = None, points: float = 1, hint: str | None = None, hidden: bool = False,
          value: Any = _MISSING) -> None:
    """Check an array (list, tuple or numpy array) element by element."""
    check = _Check(exercise, name, points, hint, hidden)
    _compare_arrays(check, check.fetch(value), expected, rel=rel, abs_tol=abs_tol, unit=unit)
    check.passed()


def _call(func: Callable[..., Any], case: Any) -> Any:
    if isinstance(case, Mapping):
        return func(**case)
    if isinstance(case, tuple):
        return func(*case)
    return func(case)


def _show_case(case: Any) -> str:
    if isinstance(case, Mapping):
        return ", ".join(f"{k}={v!r}" for k, v in case.items())
    if isinstance(case, tuple):
        return ", ".join(repr(v) for v in case)
    return repr(case)


def _swapped(case: Any) -> Any:
    if isinstance(case, Mapping) and len(case) == 2:
        (k1, v1), (k2, v2) = case.items()
        return {k1: v2, k2: v1}
    if isinstance(case, tuple) and len(case) == 2:
        return (case[1], case[0])
    return None


def _results_match(a: Any, b: Any, rel: float, abs_tol: float) -> bool:
    import numpy as np

    try:
        return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rel, atol=abs_tol))
    except (TypeError, ValueError):
        return a == b


def function(exercise: str, name: str, *, cases: Iterable[Any], reference: Callable[..., Any] | None = None,
             rel: float = 1e-6, abs_tol: float = 0.0, points: float = 1, hint: str | None = None,
             hidden: bool = False, value: Any = _MISSING) -> None:
    """Check a function the student wrote by calling it on ``cases``.

    ``cases`` holds kwargs dicts or args tuples. With ``reference`` the expected
    value of each case is ``reference(case)``; without it each case is a pair
    ``(args_or_kwargs, expected)``.
    """
    check = _Check(exercise, name, points, hint, hidden)
    func = check.fetch(value)
    if not callable(func):
        check.fail(_("It is a {kind}, not a function. Define it with def {name}(...):").format(
            kind=_describe_type(func), name=name), reason="type")
    for case in cases:
        if reference is not None:
            args, expected = case, _call(reference, case)
        else:
            args, expected = case
        shown = "" if hidden else _show_case(args)
        try:
            got = _call(func, args)
        except NotImplementedError:
            raise NotAttempted(_("✗ {label}: not attempted yet: `{name}` still raises NotImplementedError.\n"
                                 "  Replace that line with your code, run the cell, then run this one.").format(
                label=check.label, name=name), exercise=exercise) from None
        except Exception as exc:  # the student's code failed: say how, without a traceback
            if shown:
                detail = _("Calling it for ({args}) raised {error}: {message}").format(
                    args=shown, error=type(exc).__name__, message=exc)
            else:
                detail = _("Calling it raised {error}: {message}").format(error=type(exc).__name__, message=exc)
            check.fail(detail, reason="error")
        if got is None and expected is not None:
            check.fail(_("It returned None. Does it end with return ...?"), reason="none")
        if _results_match(got, expected, rel, abs_tol):
            continue
        swapped = _swapped(args)
        if swapped is not None and reference is not None:
            try:
                if _results_match(got, _call(reference, swapped), rel, abs_tol):
                    check.fail(_("The result matches the two inputs swapped: check the order you use them in."),
                               reason="swapped")
            except CheckFailed:
                raise
            except Exception:
                pass
        what = _("For ({args}) the result:").format(args=shown) if shown else _("For one test input the result:")
        if isinstance(expected, (int, float)) and not isinstance(expected, bool) and isinstance(got, (int, float)):
            detail, reason = _diagnose_number(float(got), float(expected), unit=None, rel=rel, abs_tol=abs_tol,
                                              mistakes=None, integer_like=False)
            check.fail(what + " " + detail, reason=reason)
        _compare_arrays(check, got, expected, rel=rel, abs_tol=abs_tol, unit=None, what=what)
    check.passed()


def _normalise_text(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().strip(".!").casefold())


def choice(exercise: str, name: str, *, expected: str | set[str] | frozenset[str],
           options: Iterable[str] | Mapping[str, str] | None = None, points: float = 1,
           hint: str | None = None, hidden: bool = False, value: Any = _MISSING) -> None:
    """Check a multiple-choice answer: one letter (``"b"``) or a set of letters."""
    check = _Check(exercise, name, points, hint, hidden)
    got = check.fetch(value)
    allowed = [str(o).casefold() for o in options] if options is not None else None
    many = isinstance(expected, (set, frozenset))
    want = {str(e).casefold() for e in expected} if many else {str(expected).casefold()}
    if got is None:
        check.fail(_("It is None. Store your choice as text, like \"b\"."), reason="none")
    if isinstance(got, str):
        picked = {p.strip().casefold() for p in re.split(r"[,\s]+", got) if p.strip()}
    elif isinstance(got, (set, frozenset, list, tuple)):
        picked = {str(p).strip().casefold() for p in got}
    else:
        check.fail(_("It is a {kind}; write your choice as text, like \"b\".").format(kind=_describe_type(got)),
                   reason="type")
    if allowed is not None:
        unknown = sorted(picked - set(allowed))
        if unknown:
            check.fail(_("{picked} is not one of the options ({options}).").format(
                picked=", ".join(repr(u) for u in unknown), options=", ".join(allowed)), reason="not an option")
    if picked == want:
        check.passed()
        return
    if many:
        if picked < want:
            check.fail(_("Right so far, but more than these are true."), reason="incomplete")
        if picked > want:
            check.fail(_("You picked one or more that are not true."), reason="too many")
        check.fail(_("Not that combination: read each option again."), reason="wrong")
    if len(picked) > 1:
        check.fail(_("Pick one option only."), reason="too many")
    check.fail(_("Not that one. Read the options again and think about why each could be wrong."), reason="wrong")


def text(exercise: str, name: str, *, accept: Iterable[Any], points: float = 1, hint: str | None = None,
         hidden: bool = False, value: Any = _MISSING) -> None:
    """Check a short text answer against accepted answers (case and spaces ignored).

    An accepted answer may be a compiled regular expression, or a string with
    regex syntax, which is searched for in the answer.
    """
    check = _Check(exercise, name, points, hint, hidden)
    got = check.fetch(value)
    if not isinstance(got, str):
        check.fail(_("It is a {kind}; a short text in quotes is wanted, like \"resistor\".").format(
            kind=_describe_type(got)), reason="type")
    if not got.strip():
        check.fail(_("It is empty: write your answer between the quotes."), reason="empty")
    norm = _normalise_text(got)
    for item in accept:
        if isinstance(item, re.Pattern):
            if item.search(got):
                check.passed()
                return
            continue
        if norm == _normalise_text(str(item)):
            check.passed()
            return
        if re.search(r"[\\^$|()\[\]*+?]", str(item)):
            try:
                if re.search(str(item), got, flags=re.IGNORECASE):
                    check.passed()
                    return
            except re.error:
                pass
    check.fail(_("That is not the word or phrase wanted. Check the spelling, or reread the section."), reason="wrong")


def _is_whole(x: Any) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _exactly_equal(got: Any, expected: Any) -> bool:
    """Equal and of the same kind; a list and a tuple with the same items count as equal,
    and so do a Python int and a numpy integer (np.sum of ints gives one)."""
    if isinstance(got, (list, tuple)) and isinstance(expected, (list, tuple)):
        return len(got) == len(expected) and all(_exactly_equal(a, b) for a, b in zip(got, expected, strict=True))
    if _is_whole(got) and _is_whole(expected):
        return int(got) == int(expected)
    return type(got) is type(expected) and got == expected


def exact(exercise: str, name: str, *, expected: Any, points: float = 1, hint: str | None = None,
          hidden: bool = False, value: Any = _MISSING) -> None:
    """Check a value that must match exactly: an int, a string, a tuple or a list."""
    check = _Check(exercise, name, points, hint, hidden)
    got = check.fetch(value)
    if _exactly_equal(got, expected):
        check.passed()
        return
    if got is None:
        check.fail(_("It is None. Did you assign the result (name = ...), not print() it?"), reason="none")
    if isinstance(got, str) and not isinstance(expected, str) and got.strip() == str(expected):
        check.fail(_("It is text ({value!r}); write it without quotes.").format(value=got), reason="type")
    if isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            check.fail(_("It is a {kind}; a list is wanted.").format(kind=_describe_type(got)), reason="type")
        if len(got) != len(expected):
            check.fail(_("It has {got} items; {want} are wanted.").format(got=len(got), want=len(expected)),
                       reason="length")
        if sorted(map(repr, got)) == sorted(map(repr, expected)):
            check.fail(_("The items are right but in the wrong order."), reason="order")
        wrong = [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
        check.fail(_("{count} of {total} items differ; the first is item {index}.").format(
            count=len(wrong), total=len(expected), index=wrong[0]), reason="wrong")
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)) and not isinstance(got, bool):
        if abs(got - expected) == 1:
            check.fail(_("It is off by one: check where your count starts and stops."), reason="off by one")
        check.fail(_("It is too big.") if got > expected else _("It is too small."), reason="wrong")
    if isinstance(expected, str) and isinstance(got, str) and _normalise_text(got) == _normalise_text(expected):
        check.fail(_("Almost: check capital letters and spaces."), reason="case")
    check.fail(_("That is not it."), reason="wrong")
