"""What ``stemkit grade`` takes from a student's kernel: plain data, nothing else.

In the notebook the grader runs, each test cell is replaced by a call of
:func:`collect`. It reads the answer names the teacher's checks read and writes
them as plain data (:mod:`stemkit.checks.plain`) on one output line; for a
function answer it calls the student's function on every case, public and
hidden, and writes what came back (or which error it raised). The grader then
judges that data in its own process against its own answer key, so nothing the
student's code changed in this kernel (a stemkit module, numpy, builtins, an
object whose ``__eq__`` always says yes) takes part in the comparison.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from stemkit.checks import _call, plain

__all__ = ["collect", "PREFIX"]

PREFIX = "answers:"
_MAX_MESSAGE = 300


def _text(exc: BaseException) -> str:
    try:
        return str(exc)[:_MAX_MESSAGE]
    except Exception:  # noqa: BLE001 - a student's exception whose str() fails
        return ""


def _answer(item: dict[str, Any], namespace: dict[str, Any]) -> dict[str, Any]:
    name = item["name"]
    if name not in namespace:
        return {"missing": True}
    obj = namespace[name]
    if item.get("cases") is None or not callable(obj):
        return {"value": plain.encode(obj, strict=False)}
    calls: list[dict[str, Any]] = []
    for case in plain.decode(item["cases"]):
        try:
            result = _call(obj, case)
        except NotImplementedError:
            calls.append({"todo": True})
            break
        except Exception as exc:  # noqa: BLE001 - the student's function failed: record how
            calls.append({"error": [type(exc).__name__, _text(exc)]})
            break
        calls.append({"ok": plain.encode(result, strict=False)})
    return {"calls": calls}


def collect(token: str, plan: str, namespace: dict[str, Any]) -> None:
    """Write the answers ``plan`` asks for as one line ``<token>answers:<json>`` on stdout.

    ``plan`` is JSON: a list of ``{"name": ..., "cases": <plain data> or null}``, one per check spec.
    """
    out = []
    for item in json.loads(plan):
        try:
            out.append(_answer(item, namespace))
        except Exception as exc:  # noqa: BLE001 - an answer that cannot even be read counts as wrong, not as a crash
            out.append({"unreadable": [type(exc).__name__, _text(exc)]})
    sys.stdout.write(token + PREFIX + json.dumps(out, separators=(",", ":"), allow_nan=False) + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------
# the grader's side: turn the collected data back into answers to judge
def plan_for(specs: list[dict[str, Any]]) -> str:
    """The ``plan`` for :func:`collect` that reads what ``specs`` (decoded) check."""
    items = []
    for spec in specs:
        cases = None
        if spec["kind"] == "function":
            cases = plain.encode([case["args"] for case in spec["params"]["cases"]])
        items.append({"name": spec["name"], "cases": cases})
    return json.dumps(items, separators=(",", ":"), allow_nan=False)


_ERRORS: dict[str, type[Exception]] = {}


def _error_class(name: str) -> type[Exception]:
    name = name if name.isidentifier() else "Error"
    if name not in _ERRORS:
        _ERRORS[name] = type(name, (Exception,), {})
    return _ERRORS[name]


class Replay:
    """Stands in for a student's function: gives back, call by call, what the real one returned."""

    def __init__(self, calls: list[dict[str, Any]]):
        self.calls = calls
        self.index = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.index >= len(self.calls):
            raise RuntimeError("no further result was recorded")
        record = self.calls[self.index]
        self.index += 1
        if "ok" in record:
            return plain.decode(record["ok"])
        if "todo" in record:
            raise NotImplementedError()
        name, message = record["error"]
        raise _error_class(str(name))(message)


def namespaces(specs: list[dict[str, Any]], answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One namespace per spec holding what the student's kernel gave for it (empty: not defined)."""
    out: list[dict[str, Any]] = []
    for spec, answer in zip(specs, answers, strict=False):
        name = spec["name"]
        if not isinstance(answer, dict) or answer.get("missing"):
            out.append({})
        elif "calls" in answer:
            out.append({name: Replay(list(answer["calls"]))})
        elif "value" in answer:
            out.append({name: plain.decode(answer["value"])})
        else:
            out.append({name: plain.Opaque("unreadable value")})
    while len(out) < len(specs):
        out.append({})
    return out
