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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from stemkit.checks.feedback import (
    CheckFailed,
    NotAttempted,
    exercise_label,
    install_friendly_errors,
    log_attempt,
    parse_exercise,
)
from stemkit.i18n import _, format_number, ngettext
from stemkit.ui.style import crisp_figures

__all__ = [
    "CheckFailed",
    "NotAttempted",
    "attempts",
    "check",
    "judge",
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


class _Wrong(Exception):
    """Inside a check: the answer is wrong; carries the detail and the reason, not yet the hint."""

    def __init__(self, detail: str, reason: str):
        super().__init__(detail)
        self.detail = detail
        self.reason = reason


class _Context:
    """Attempts per exercise, and whether to log and print (the grader does neither)."""

    def __init__(self, *, log: bool = True, quiet: bool = False):
        self.log = log
        self.quiet = quiet
        self.attempts: dict[str, int] = {}
        self.failures: dict[str, int] = {}


_KERNEL = _Context()
install_friendly_errors()
crisp_figures()   # in a notebook: figures sharp at device scale 2, shown at their natural size


def attempts(exercise: str) -> int:
    """How many times this exercise was checked in this kernel (answers given, right or wrong)."""
    return _KERNEL.attempts.get(exercise, 0)


class _Check:
    """One spec being judged: knows the exercise, the name and how to read the answer."""

    def __init__(self, spec: dict[str, Any], namespace: dict[str, Any]):
        self.exercise = spec["exercise"]
        self.name = spec["name"]
        self.hidden = bool(spec.get("hidden"))
        self.label = exercise_label(self.exercise)
        self.namespace = namespace

    def fetch(self, value: Any) -> Any:
        if value is not _MISSING:
            return value
        if self.name not in self.namespace:
            message = _(
                "✗ {label}: not attempted yet: `{name}` is not defined.\n"
                "  Write your answer in the cell above, store it in `{name}`, run that cell (Shift+Enter), then run this one."
            ).format(label=self.label, name=self.name)
            raise NotAttempted(message, exercise=self.exercise)
        return self.namespace[self.name]

    def fail(self, detail: str, *, reason: str = "wrong") -> None:
        raise _Wrong(detail, reason)


def _hints(hint: str | None, hints: str | Sequence[str] | None) -> list[str]:
    tiers = [hints] if isinstance(hints, str) else list(hints or [])
    if hint:
        tiers.append(hint)
    for tier in tiers:
        if not isinstance(tier, str) or not tier.strip():
            raise ValueError(_("hints must be a list of texts (nudge, method, ...), got {value!r}").format(value=tier))
    return tiers


def _spec(kind: str, exercise: str, name: str, *, points: float, hint: str | None, hints: Any, hidden: bool,
          params: dict[str, Any], by_value: bool) -> dict[str, Any]:
    parse_exercise(exercise)
    if not isinstance(name, str) or not name:
        raise ValueError(_("the answer name must be the variable's name as text, like \"current\", got {value!r}").format(value=name))
    spec = {"kind": kind, "exercise": exercise, "name": name, "points": points, "hidden": bool(hidden),
            "hints": _hints(hint, hints), "params": params}
    if by_value:
        spec["by_value"] = True
    return spec


def _record(spec: dict[str, Any]) -> None:
    from stemkit.checks import seal

    if os.environ.get(seal.RECORD_ENV):
        seal.record_spec(seal.encode_spec(spec))


def _hint_line(spec: dict[str, Any], failures: int) -> str:
    tiers = spec.get("hints") or []
    if not tiers:
        return ""
    # The prompt shows tier 1; each failed attempt shows the next one, up to the last.
    index = min(failures, len(tiers) - 1)
    return _("Hint {tier} of {count}: {hint}").format(tier=index + 1, count=len(tiers), hint=tiers[index])


def _run(specs: list[dict[str, Any]], value: Any, namespace_of: Callable[[int], dict[str, Any]],
         ctx: _Context | None = None) -> None:
    """Judge one exercise's specs in order; print ✓ or raise CheckFailed / NotAttempted."""
    ctx = ctx or _KERNEL
    exercise = specs[0]["exercise"]
    points = specs[0].get("points", 1)
    public = any(not s.get("hidden") for s in specs)
    note = ""
    for index, spec in enumerate(specs):
        check = _Check(spec, namespace_of(index))
        try:
            got = check.fetch(value)
            if ctx is _KERNEL and index == 0 and value is _MISSING:
                note = _stale_note(check.name, check.namespace)
            try:
                _JUDGES[spec["kind"]](check, got, **spec["params"])
            except (_Wrong, NotAttempted, CheckFailed):
                raise
            except Exception as exc:  # a fault in the check itself must never reach the student as a traceback
                if ctx.log:
                    log_attempt(exercise=exercise, ok=False, points=0, max_points=points,
                                reason=f"check error: {type(exc).__name__}: {exc}"[:300],
                                attempt=ctx.attempts.get(exercise, 0))
                raise CheckFailed(_("✗ {label}: this answer could not be checked (a problem in the check, not "
                                    "necessarily in your answer: {error}). Tell your teacher.").format(
                    label=check.label, error=type(exc).__name__), exercise=exercise, reason="check error") from None
        except NotAttempted:
            if ctx.log:
                log_attempt(exercise=exercise, ok=False, points=0, max_points=points, reason="not attempted",
                            attempt=ctx.attempts.get(exercise, 0))
            raise
        except _Wrong as wrong:
            ctx.attempts[exercise] = ctx.attempts.get(exercise, 0) + 1
            ctx.failures[exercise] = ctx.failures.get(exercise, 0) + 1
            if check.hidden:
                head = _("✗ {label}: `{name}` passed the first test but not a further one.").format(
                    label=check.label, name=check.name)
            else:
                head = _("✗ {label}: {name} is not right yet.").format(label=check.label, name=check.name)
            lines = [head] + ["  " + line for line in wrong.detail.splitlines() if wrong.detail]
            hint = _hint_line(specs[0] if not spec.get("hints") else spec, ctx.failures[exercise])
            if hint:
                lines.append("  " + hint)
            if note:
                lines.append("  " + note)
            if ctx.log:
                log_attempt(exercise=exercise, ok=False, points=0, max_points=points, reason=wrong.reason,
                            attempt=ctx.attempts[exercise])
            raise CheckFailed("\n".join(lines), exercise=exercise, reason=wrong.reason) from None
    if not public:
        return
    ctx.attempts[exercise] = ctx.attempts.get(exercise, 0) + 1
    if ctx.log:
        log_attempt(exercise=exercise, ok=True, points=points, max_points=points, reason="",
                    attempt=ctx.attempts[exercise])
    if not ctx.quiet:
        # a fraction of a point takes the plural form a whole 2 takes (Russian: "1,5 балла")
        count = int(points) if float(points).is_integer() else 2
        print(ngettext("✓ {label}: {name} is right. {points}/{points} point",
                       "✓ {label}: {name} is right. {points}/{points} points", count).format(
            label=exercise_label(exercise), name=specs[0]["name"], points=format_number(points)))
        if note:
            print("  " + note)


def _stale_note(name: str, namespace: dict[str, Any]) -> str:
    """A note when the cell run just before the check only printed the answer: the value checked is older."""
    import ast

    previous = namespace.get("_i")   # IPython keeps the source of the cell run before this one
    if not isinstance(previous, str) or not re.search(rf"\bprint\s*\(.*\b{re.escape(name)}\b", previous):
        return ""
    try:
        tree = ast.parse(previous)
    except SyntaxError:
        return ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            return ""
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return ""
    return _("Note: the cell you ran last only prints `{name}`; the value checked was set earlier, by another "
             "cell. Store your answer with {name} = ...").format(name=name)


def _judge_here(spec: dict[str, Any], value: Any) -> None:
    """A teacher's check call: record it when a release is recording, then judge it in this kernel."""
    _record(spec)
    namespace = _caller_namespace()
    _run([spec], value, lambda _i: namespace)


def _times(factor: float) -> str:
    """1000 -> "1000", 1e6 -> "1,000,000": big factors grouped so they can be read at a glance."""
    return f"{factor:.0f}" if factor < 1e4 else f"{factor:,.0f}"


def _close(a: float, b: float, rel: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


def _describe_type(value: Any) -> str:
    from stemkit.checks.plain import Opaque

    return value.type_name if isinstance(value, Opaque) else type(value).__name__


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
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError):
            check.fail(_("It is a {kind} of mixed items; one number is wanted.").format(kind=_describe_type(value)),
                       reason="type")
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
# judges: one per kind of check, shared by the teacher's calls, sealed checks and the grader
def _judge_number(check: _Check, value: Any, *, expected: float, unit: str | None, rel: float, abs_tol: float,
                  mistakes: Mapping[float, str] | None) -> None:
    got = _to_number(check, value, unit)
    expected = float(expected)
    if math.isnan(got) or not _close(got, expected, rel, abs_tol):
        integer_like = float(expected).is_integer() and float(got).is_integer()
        detail, reason = _diagnose_number(got, expected, unit=unit, rel=rel, abs_tol=abs_tol,
                                          mistakes=mistakes, integer_like=integer_like)
        check.fail(detail, reason=reason)


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
    if ok.ndim == 0:
        check.fail(prefix + (_("It is too big.") if float(got) > float(expected) else _("It is too small.")), reason="wrong")
    bad = np.argwhere(~ok)
    first = tuple(int(i) for i in bad[0])
    check.fail(prefix + _("{wrong} of {total} values are off; the first is at index {index}.").format(
        wrong=len(bad), total=ok.size, index=first if len(first) > 1 else first[0]), reason="wrong")


def _judge_array(check: _Check, value: Any, *, expected: Any, rel: float, abs_tol: float, unit: str | None,
                 mistakes: Any = None) -> None:
    import numpy as np

    for wrong, why in mistakes or []:
        try:
            same = np.shape(value) == np.shape(wrong) and np.allclose(np.asarray(value, dtype=float), wrong,
                                                                      rtol=max(rel, 1e-9), atol=abs_tol)
        except (TypeError, ValueError):
            same = False
        if same and not np.allclose(np.asarray(wrong, dtype=float), expected, rtol=rel, atol=abs_tol):
            check.fail(why, reason="known mistake")
    _compare_arrays(check, value, expected, rel=rel, abs_tol=abs_tol, unit=unit)


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
        return bool(a == b)


def _judge_function(check: _Check, func: Any, *, cases: list[dict[str, Any]], rel: float, abs_tol: float) -> None:
    if not callable(func):
        check.fail(_("It is a {kind}, not a function. Define it with def {name}(...):").format(
            kind=_describe_type(func), name=check.name), reason="type")
    for case in cases:
        args, expected = case["args"], case["expected"]
        shown = "" if check.hidden else _show_case(args)
        try:
            got = _call(func, args)
        except NotImplementedError:
            raise NotAttempted(_("✗ {label}: not attempted yet: `{name}` still raises NotImplementedError.\n"
                                 "  Replace that line with your code, run the cell, then run this one.").format(
                label=check.label, name=check.name), exercise=check.exercise) from None
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
        for wrong, why in case.get("mistakes") or []:
            if _results_match(got, wrong, rel, abs_tol):
                what = _("For ({args}) the result:").format(args=shown) if shown else _("For one test input the result:")
                check.fail(what + " " + why, reason="known mistake")
        if "swapped" in case and _results_match(got, case["swapped"], rel, abs_tol):
            check.fail(_("The result matches the two inputs swapped: check the order you use them in."),
                       reason="swapped")
        what = _("For ({args}) the result:").format(args=shown) if shown else _("For one test input the result:")
        if isinstance(expected, _bool_types()) and isinstance(got, _bool_types()):
            check.fail(what + " " + _("It gives the opposite yes/no answer: check the comparison (<, <=, >, >=) "
                                     "and which way round it is."), reason="wrong")
        if _is_real(expected) and _is_real(got):
            detail, reason = _diagnose_number(float(got), float(expected), unit=None, rel=rel, abs_tol=abs_tol,
                                              mistakes=None, integer_like=False)
            check.fail(what + " " + detail, reason=reason)
        _compare_arrays(check, got, expected, rel=rel, abs_tol=abs_tol, unit=None, what=what)


def _normalise_text(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().strip(".!").casefold())


def _judge_choice(check: _Check, got: Any, *, expected: Any, options: Any, mistakes: Any = None) -> None:
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
        return
    for option in sorted(picked - want):
        if mistakes and option in mistakes:
            check.fail(mistakes[option], reason="known mistake")
    if many:
        if picked < want:
            check.fail(_("Right so far, but more than these are true."), reason="incomplete")
        if picked > want:
            check.fail(_("You picked one or more that are not true."), reason="too many")
        check.fail(_("Not that combination: read each option again."), reason="wrong")
    if len(picked) > 1:
        check.fail(_("Pick one option only."), reason="too many")
    check.fail(_("Not that one. Read the options again and think about why each could be wrong."), reason="wrong")


def _judge_text(check: _Check, got: Any, *, accept: list[Any]) -> None:
    if not isinstance(got, str):
        check.fail(_("It is a {kind}; a short text in quotes is wanted, like \"resistor\".").format(
            kind=_describe_type(got)), reason="type")
    if not got.strip():
        check.fail(_("It is empty: write your answer between the quotes."), reason="empty")
    norm = _normalise_text(got)
    for item in accept:
        if isinstance(item, re.Pattern):
            if item.search(got):
                return
            continue
        if norm == _normalise_text(str(item)):
            return
        if re.search(r"[\\^$|()\[\]*+?]", str(item)):
            try:
                if re.search(str(item), got, flags=re.IGNORECASE):
                    return
            except re.error:
                pass
    check.fail(_("That is not the word or phrase wanted. Check the spelling, or reread the section."), reason="wrong")


def _bool_types() -> tuple[type, ...]:
    """Python's and numpy's yes/no types (numpy is always there when a function check runs)."""
    import numpy as np

    return (bool, np.bool_)


def _is_whole(x: Any) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _is_real(x: Any) -> bool:
    """A plain number: an int or float, or a numpy scalar of one (not a bool)."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _whole_float(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, numbers.Integral)) and math.isfinite(float(x)) \
        and float(x).is_integer()


def _exactly_equal(got: Any, expected: Any) -> bool:
    """Equal and of the same kind; a list and a tuple with the same items count as equal,
    and so do a Python int and a numpy integer (np.sum of ints gives one)."""
    if isinstance(got, (list, tuple)) and isinstance(expected, (list, tuple)):
        return len(got) == len(expected) and all(_exactly_equal(a, b) for a, b in zip(got, expected, strict=True))
    if _is_whole(got) and _is_whole(expected):
        return int(got) == int(expected)
    if _whole_float(got) and _is_whole(expected):   # 24 * 7.0 is 168 hours all the same
        return int(float(got)) == int(expected)
    return type(got) is type(expected) and bool(got == expected)


def _judge_exact(check: _Check, got: Any, *, expected: Any) -> None:
    if _exactly_equal(got, expected):
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
        wrong = [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if not _exactly_equal(a, b)]
        check.fail(_("{count} of {total} items differ; the first is item {index}.").format(
            count=len(wrong), total=len(expected), index=wrong[0]), reason="wrong")
    if _is_real(expected) and _is_real(got):
        if _is_whole(expected) and not _is_whole(got) and math.isclose(float(got), float(expected), abs_tol=1e-6):
            check.fail(_("It is a hair off a whole number ({value!r}): computer arithmetic left a tiny error. "
                         "Round it with round(...).").format(value=got), reason="rounding")
        if abs(got - expected) == 1:
            check.fail(_("It is off by one: check where your count starts and stops."), reason="off by one")
        check.fail(_("It is too big.") if got > expected else _("It is too small."), reason="wrong")
    if isinstance(expected, str) and isinstance(got, str) and _normalise_text(got) == _normalise_text(expected):
        check.fail(_("Almost: check capital letters and spaces."), reason="case")
    check.fail(_("That is not it."), reason="wrong")


_JUDGES: dict[str, Callable[..., None]] = {
    "number": _judge_number, "array": _judge_array, "function": _judge_function,
    "choice": _judge_choice, "text": _judge_text, "exact": _judge_exact,
}


# ---------------------------------------------------------------------------
# public checks: what a teacher writes in a test cell
def number(exercise: str, name: str, *, expected: float, unit: str | None = None, rel: float = 0.01,
           abs_tol: float = 0.0, points: float = 1, hints: str | Sequence[str] | None = None,
           hint: str | None = None, mistakes: Mapping[float, str] | None = None, hidden: bool = False,
           value: Any = _MISSING) -> None:
    """Check a single number, with a relative tolerance ``rel`` and optional unit.

    A string answer with a unit (``"20 mA"``) is read with :func:`stemkit.units.parse`.
    ``mistakes`` maps a wrong value that students often give to the reason why it is wrong.
    ``hints`` are the hint tiers: a nudge, a method, optionally a last near-code tier.
    """
    params = {"expected": float(expected), "unit": unit, "rel": rel, "abs_tol": abs_tol,
              "mistakes": {float(k): str(v) for k, v in (mistakes or {}).items()} or None}
    _judge_here(_spec("number", exercise, name, points=points, hint=hint, hints=hints, hidden=hidden,
                      params=params, by_value=value is not _MISSING), value)


def array(exercise: str, name: str, *, expected: Any, rel: float = 1e-6, abs_tol: float = 0.0,
          unit: str | None = None, points: float = 1, hints: str | Sequence[str] | None = None,
          hint: str | None = None, mistakes: Sequence[tuple[Any, str]] = (), hidden: bool = False,
          value: Any = _MISSING) -> None:
    """Check an array (list, tuple or numpy array) element by element.

    ``mistakes`` lists ``(wrong_array, why)``: a typical wrong result and what to say about it.
    """
    import numpy as np

    params = {"expected": np.asarray(expected, dtype=float), "rel": rel, "abs_tol": abs_tol, "unit": unit,
              "mistakes": [[np.asarray(w, dtype=float), str(why)] for w, why in mistakes] or None}
    _judge_here(_spec("array", exercise, name, points=points, hint=hint, hints=hints, hidden=hidden,
                      params=params, by_value=value is not _MISSING), value)


def function(exercise: str, name: str, *, cases: Iterable[Any], reference: Callable[..., Any] | None = None,
             rel: float = 1e-6, abs_tol: float = 0.0, points: float = 1, hints: str | Sequence[str] | None = None,
             hint: str | None = None, mistakes: Sequence[tuple[Callable[..., Any], str]] = (), hidden: bool = False,
             value: Any = _MISSING) -> None:
    """Check a function the student wrote by calling it on ``cases``.

    ``cases`` holds kwargs dicts or args tuples. With ``reference`` the expected
    value of each case is ``reference(case)`` (worked out here, once); without it
    each case is a pair ``(args_or_kwargs, expected)``. ``mistakes`` lists
    ``(wrong_function, why)``: a typical wrong way to compute it and what to say
    when the student's function gives the same result.
    """
    table = []
    for case in cases:
        if reference is None:
            args, expected = case
            entry = {"args": args, "expected": expected}
        else:
            entry = {"args": case, "expected": _call(reference, case)}
        known = []
        for wrong, why in mistakes:
            try:
                known.append([_call(wrong, entry["args"]), str(why)])
            except Exception:  # noqa: BLE001 - a slip that cannot even run on this case says nothing here
                pass
        if known:
            entry["mistakes"] = known
        if reference is None:
            table.append(entry)
            continue
        swapped = _swapped(case)
        if swapped is not None:
            import warnings

            try:
                with warnings.catch_warnings():   # the probe is ours: what the reference warns of here is no news
                    warnings.simplefilter("ignore")
                    entry["swapped"] = _call(reference, swapped)
            except Exception:  # noqa: BLE001 - a swapped case the reference refuses cannot be the student's slip
                pass
        table.append(entry)
    params = {"cases": table, "rel": rel, "abs_tol": abs_tol}
    _judge_here(_spec("function", exercise, name, points=points, hint=hint, hints=hints, hidden=hidden,
                      params=params, by_value=value is not _MISSING), value)


def choice(exercise: str, name: str, *, expected: str | set[str] | frozenset[str],
           options: Iterable[str] | Mapping[str, str] | None = None, points: float = 1,
           hints: str | Sequence[str] | None = None, hint: str | None = None,
           mistakes: Mapping[str, str] | None = None, hidden: bool = False, value: Any = _MISSING) -> None:
    """Check a multiple-choice answer: one letter (``"b"``) or a set of letters.

    ``mistakes`` maps a wrong option to why it is wrong, said when a student picks it.
    """
    many = isinstance(expected, (set, frozenset))
    params = {"expected": frozenset(str(e) for e in expected) if many else str(expected),
              "options": None if options is None else [str(o) for o in options],
              "mistakes": {str(k).casefold(): str(v) for k, v in (mistakes or {}).items()} or None}
    _judge_here(_spec("choice", exercise, name, points=points, hint=hint, hints=hints, hidden=hidden,
                      params=params, by_value=value is not _MISSING), value)


def text(exercise: str, name: str, *, accept: Iterable[Any], points: float = 1,
         hints: str | Sequence[str] | None = None, hint: str | None = None, hidden: bool = False,
         value: Any = _MISSING) -> None:
    """Check a short text answer against accepted answers (case and spaces ignored).

    An accepted answer may be a compiled regular expression, or a string with
    regex syntax, which is searched for in the answer.
    """
    params = {"accept": list(accept)}
    _judge_here(_spec("text", exercise, name, points=points, hint=hint, hints=hints, hidden=hidden,
                      params=params, by_value=value is not _MISSING), value)


def exact(exercise: str, name: str, *, expected: Any, points: float = 1, hints: str | Sequence[str] | None = None,
          hint: str | None = None, hidden: bool = False, value: Any = _MISSING) -> None:
    """Check a value that must match exactly: an int, a string, a tuple or a list."""
    _judge_here(_spec("exact", exercise, name, points=points, hint=hint, hints=hints, hidden=hidden,
                      params={"expected": expected}, by_value=value is not _MISSING), value)


# ---------------------------------------------------------------------------
# sealed checks: what a student edition's test cell calls
def check(exercise: str) -> None:
    """Check an exercise against the answer key sealed in this notebook (a student edition).

    The key is in the notebook's metadata, written by ``stemkit release``; the
    check finds the notebook file in the folder it runs from.
    """
    from stemkit.checks import seal

    lesson = parse_exercise(exercise)["lesson"]
    namespace = _caller_namespace()
    key = seal.find_key(lesson, session=namespace.get("__session__"))
    label = exercise_label(exercise)
    if key is None:
        raise CheckFailed(_("✗ {label}: this notebook's answer key was not found.\n"
                            "  Open the lesson file your teacher handed out (it carries the key) from its own folder, "
                            "then run this cell again.").format(label=label), exercise=exercise, reason="no key")
    specs = key.get(exercise)
    if not specs:
        raise CheckFailed(_("✗ {label}: the answer key in this notebook has no such exercise. "
                            "Ask your teacher for a fresh copy of the lesson.").format(label=label),
                          exercise=exercise, reason="no key")
    decoded = [seal.decode_spec(s) for s in specs]
    _run(decoded, _MISSING, lambda _i: namespace)


def judge(specs: list[dict[str, Any]], namespaces: Sequence[dict[str, Any]]) -> tuple[bool, str, str]:
    """Judge decoded specs against plain answers, in this process, logging and printing nothing.

    Returns ``(right, reason, message)``. This is how ``stemkit grade`` compares
    a student's answers with its own expected values.
    """
    ctx = _Context(log=False, quiet=True)
    try:
        _run(specs, _MISSING, lambda i: namespaces[i], ctx)
    except NotAttempted as exc:
        return False, "not attempted", exc.message
    except CheckFailed as exc:
        return False, exc.reason, exc.message
    return True, "", ""
