"""The sealed answer key of a student edition.

``stemkit release`` runs the teacher source once and records what every check
compares against (:func:`record_spec` writes one line per check call while
``STEMKIT_RECORD`` names a file). The public part of that record becomes the
key: it travels in the student edition's notebook metadata
(``metadata.stemkit_key``), encoded so that opening the file shows no answer.

The encoding stops a student from *reading* answers in the file. It is not
encryption: a determined programmer can decode it, since the check itself must.
Grades never depend on it: ``stemkit grade`` takes expected values from its own
run of the teacher source.

A check in the student's kernel finds the key in the notebook file it runs
from: the file JupyterLab names (``__session__``), else the lesson's notebooks in
the kernel's working folder, which is the notebook's own folder.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zlib
from pathlib import Path
from typing import Any

from stemkit.checks import plain

__all__ = ["KEY_FIELD", "FORMAT", "seal", "unseal", "record_spec", "find_key", "use_key", "RECORD_ENV"]

KEY_FIELD = "stemkit_key"
FORMAT = 1
RECORD_ENV = "STEMKIT_RECORD"
_PREFIX = "sk1:"

_registered: dict[str, dict[str, list[dict[str, Any]]]] = {}
_file_cache: dict[tuple[str, int, int], tuple[str, dict[str, list[dict[str, Any]]]] | None] = {}


def _stream(lesson: str, size: int) -> bytes:
    out = bytearray()
    counter = 0
    seed = ("stemkit sealed key v1 " + lesson).encode("utf-8")
    while len(out) < size:
        out += hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:size])


def seal(specs: dict[str, list[dict[str, Any]]], lesson: str) -> dict[str, Any]:
    """The metadata entry that carries ``specs`` (exercise -> list of encoded check specs)."""
    raw = zlib.compress(json.dumps(specs, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                   allow_nan=False).encode("utf-8"), 9)
    mixed = bytes(a ^ b for a, b in zip(raw, _stream(lesson, len(raw)), strict=True))
    return {"format": FORMAT, "lesson": lesson, "data": _PREFIX + base64.b64encode(mixed).decode("ascii")}


def unseal(entry: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The specs that :func:`seal` put in ``entry``; ValueError if it is not a key of this format."""
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or not str(entry.get("data", "")).startswith(_PREFIX):
        raise ValueError("not a stemkit answer key of format 1")
    lesson = str(entry.get("lesson", ""))
    mixed = base64.b64decode(entry["data"][len(_PREFIX):])
    raw = bytes(a ^ b for a, b in zip(mixed, _stream(lesson, len(mixed)), strict=True))
    specs = json.loads(zlib.decompress(raw).decode("utf-8"))
    if not isinstance(specs, dict):
        raise ValueError("not a stemkit answer key of format 1")
    return specs


def record_spec(spec: dict[str, Any]) -> None:
    """While ``STEMKIT_RECORD`` names a file, append this evaluated check spec to it."""
    path = os.environ.get(RECORD_ENV)
    if not path:
        return
    line = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def use_key(entry: dict[str, Any]) -> None:
    """Use this key in this kernel (for tests and tools; lessons find theirs on disk)."""
    specs = unseal(entry)
    _registered[str(entry.get("lesson", ""))] = specs


def _read_key(path: Path) -> tuple[str, dict[str, list[dict[str, Any]]]] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    token = (str(path), st.st_mtime_ns, st.st_size)
    if token in _file_cache:
        return _file_cache[token]
    found = None
    try:
        with open(path, encoding="utf-8") as fh:
            nb = json.load(fh)
        entry = nb.get("metadata", {}).get(KEY_FIELD)
        if entry:
            found = (str(entry.get("lesson", "")), unseal(entry))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, zlib.error):
        found = None
    _file_cache[token] = found
    return found


def find_key(lesson: str, session: str | None = None) -> dict[str, list[dict[str, Any]]] | None:
    """The key of ``lesson``: registered, in the notebook JupyterLab names, or in the working folder."""
    if lesson in _registered:
        return _registered[lesson]
    candidates: list[Path] = []
    for name in (session, os.environ.get("JPY_SESSION_NAME")):
        if name and str(name).endswith(".ipynb"):
            candidates.append(Path(name))
    try:
        here = sorted(Path.cwd().glob("*.ipynb"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        here = []
    candidates += here
    for path in candidates:
        found = _read_key(path)
        if found is not None and found[0] == lesson:
            return found[1]
    return None


def encode_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A check spec with its values written as plain data (raises plain.PlainError on other kinds)."""
    out = dict(spec)
    out["params"] = plain.encode(spec.get("params", {}), strict=True, where=spec.get("exercise", ""))
    return out


def decode_spec(spec: dict[str, Any]) -> dict[str, Any]:
    out = dict(spec)
    out["params"] = plain.decode(spec.get("params", {}))
    return out
