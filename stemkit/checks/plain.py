"""Plain data that crosses between kernels: answers, expected values and function cases.

A sealed answer key and a graded answer both travel as JSON. Python and numpy
values that JSON cannot hold on its own (tuples, sets, dicts with number keys,
complex numbers, NaN, numpy arrays, compiled regular expressions) are written as
small tagged objects, so a value reads back as the same kind of value.

Reading a student's answer (``strict=False``) never trusts the object: numbers
and strings are copied through their base types (``float.__float__``), so a
subclass that redefines ``__eq__`` or ``__float__`` arrives as the plain value it
really holds, and any other object arrives as an :class:`Opaque` that only knows
its type name. Nothing of the student's object survives the trip.

>>> decode(encode((1, 2.5, "b")))
(1, 2.5, 'b')
>>> decode(encode({0.5: "half", 2: "two"}))
{0.5: 'half', 2: 'two'}
>>> class Yes:
...     def __eq__(self, other): return True
>>> decode(encode(Yes(), strict=False))
<Yes object>
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from stemkit.i18n import _

__all__ = ["Opaque", "PlainError", "encode", "decode", "dumps", "loads", "MAX_ITEMS"]

#: The most items (array elements and container items together) one value may hold.
MAX_ITEMS = 2_000_000
_MAX_DEPTH = 32


class PlainError(TypeError):
    """A value that cannot be written as plain data (in a teacher's check)."""


class Opaque:
    """Stands in for an object of a kind plain data cannot hold; keeps only its type name."""

    __slots__ = ("type_name", "as_float")

    def __init__(self, type_name: str, as_float: float | None = None):
        self.type_name = type_name
        self.as_float = as_float

    def __float__(self) -> float:
        if self.as_float is None:
            raise TypeError(f"{self.type_name} is not a number")
        return self.as_float

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_ITEMS

    def take(self, n: int) -> bool:
        self.left -= n
        return self.left >= 0


def _number(value: float) -> Any:
    if math.isnan(value):
        return {"$f": "nan"}
    if math.isinf(value):
        return {"$f": "inf" if value > 0 else "-inf"}
    return value


def _opaque(value: Any, strict: bool, where: str) -> dict[str, Any]:
    name = type(value).__name__
    if strict:
        raise PlainError(_("{where}: a {kind} cannot be sealed as plain data; use numbers, text, lists, tuples, "
                           "dicts, sets or numpy arrays").format(where=where or "value", kind=name))
    as_float = None
    try:
        as_float = float(value)
    except Exception:  # noqa: BLE001 - any failure just means "not a number"
        as_float = None
    return {"$o": str(name)[:80], "f": None if as_float is None else _number(as_float)}


def _encode(value: Any, strict: bool, depth: int, budget: _Budget, where: str) -> Any:
    if depth > _MAX_DEPTH or not budget.take(1):
        return _opaque(value, strict, where) if strict else {"$o": "too big", "f": None}
    if value is None or type(value) is bool:
        return value
    if isinstance(value, bool):  # pragma: no cover - bool cannot be subclassed
        return bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return _number(float.__float__(value))
    if isinstance(value, complex):
        return {"$c": [_number(complex.__complex__(value).real), _number(complex.__complex__(value).imag)]}
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, re.Pattern):
        return {"$re": value.pattern if isinstance(value.pattern, str) else str(value.pattern), "flags": value.flags}
    numpy = _numpy()
    if numpy is not None:
        if isinstance(value, numpy.ndarray):
            return _encode_array(numpy, value, strict, depth, budget, where)
        if isinstance(value, numpy.bool_):
            return bool(value)
        if isinstance(value, numpy.integer):
            return int(value)
        if isinstance(value, numpy.floating):
            return _number(float(value))
        if isinstance(value, numpy.complexfloating):
            return {"$c": [_number(float(value.real)), _number(float(value.imag))]}
    if isinstance(value, tuple):
        return {"$t": [_encode(v, strict, depth + 1, budget, f"{where}[{i}]") for i, v in enumerate(tuple.__iter__(value))]}
    if isinstance(value, list):
        return [_encode(v, strict, depth + 1, budget, f"{where}[{i}]") for i, v in enumerate(list.__iter__(value))]
    if isinstance(value, (set, frozenset)):
        items = [_encode(v, strict, depth + 1, budget, where) for v in (set.__iter__(value) if isinstance(value, set)
                                                                       else frozenset.__iter__(value))]
        return {"$s": sorted(items, key=lambda x: json.dumps(x, sort_keys=True))}
    if isinstance(value, dict):
        pairs = [[_encode(k, strict, depth + 1, budget, where), _encode(v, strict, depth + 1, budget, f"{where}[{k!r}]")]
                 for k, v in dict.items(value)]
        return {"$d": pairs}
    return _opaque(value, strict, where)


def _encode_array(numpy: Any, value: Any, strict: bool, depth: int, budget: _Budget, where: str) -> Any:
    arr = numpy.ndarray.view(value, numpy.ndarray)
    if arr.dtype.kind in "biuf":
        if not budget.take(int(arr.size)):
            return _opaque(value, strict, where) if strict else {"$o": "too big", "f": None}
        flat = [_number(float(x)) if arr.dtype.kind == "f" else (bool(x) if arr.dtype.kind == "b" else int(x))
                for x in arr.reshape(-1).tolist()]
        return {"$nd": arr.dtype.kind, "shape": list(arr.shape), "data": flat}
    if arr.dtype.kind == "c":
        pairs = [[_number(float(x.real)), _number(float(x.imag))] for x in arr.reshape(-1).tolist()]
        return {"$nd": "c", "shape": list(arr.shape), "data": pairs}
    if arr.dtype.kind == "U":
        return {"$nd": "U", "shape": list(arr.shape), "data": [str(x) for x in arr.reshape(-1).tolist()]}
    items = [_encode(x, strict, depth + 1, budget, where) for x in arr.reshape(-1).tolist()]
    return {"$nd": "O", "shape": list(arr.shape), "data": items}


def _numpy() -> Any:
    import sys

    return sys.modules.get("numpy")


def encode(value: Any, *, strict: bool = True, where: str = "") -> Any:
    """``value`` as JSON-ready plain data.

    ``strict=True`` (a teacher's value) raises :class:`PlainError` for a kind plain
    data cannot hold; ``strict=False`` (a student's answer) writes it as an Opaque.
    """
    return _encode(value, strict, 0, _Budget(), where)


def _float(x: Any) -> float:
    if isinstance(x, dict):
        return float(x["$f"])
    return float(x)


def decode(data: Any) -> Any:
    """The value that :func:`encode` wrote."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$f" in data:
        return float(data["$f"])
    if "$c" in data:
        return complex(_float(data["$c"][0]), _float(data["$c"][1]))
    if "$t" in data:
        return tuple(decode(v) for v in data["$t"])
    if "$s" in data:
        items = [decode(v) for v in data["$s"]]
        try:
            return frozenset(items)
        except TypeError:
            return Opaque("set")
    if "$d" in data:
        out = {}
        for k, v in data["$d"]:
            key = decode(k)
            try:
                out[key] = decode(v)
            except TypeError:
                return Opaque("dict")
        return out
    if "$re" in data:
        return re.compile(data["$re"], int(data.get("flags", 0)))
    if "$nd" in data:
        import numpy as np

        kind, shape, flat = data["$nd"], tuple(int(s) for s in data["shape"]), data["data"]
        if kind in "biuf":
            dtype = {"b": bool, "i": np.int64, "u": np.uint64, "f": float}[kind]
            values = [_float(x) for x in flat] if kind == "f" else flat
            return np.array(values, dtype=dtype).reshape(shape)
        if kind == "c":
            return np.array([complex(_float(a), _float(b)) for a, b in flat], dtype=complex).reshape(shape)
        if kind == "U":
            return np.array(flat, dtype=str).reshape(shape)
        out = np.empty(len(flat), dtype=object)
        for i, v in enumerate(flat):
            out[i] = decode(v)
        return out.reshape(shape)
    if "$o" in data:
        f = data.get("f")
        return Opaque(str(data["$o"]), None if f is None else _float(f))
    return {k: decode(v) for k, v in data.items()}


def dumps(value: Any, *, strict: bool = True) -> str:
    """JSON text of :func:`encode` (compact, key order kept)."""
    return json.dumps(encode(value, strict=strict), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def loads(text: str) -> Any:
    """The value :func:`dumps` wrote."""
    return decode(json.loads(text))
