"""The answer key of a lesson: what every check of the teacher source compares against.

:func:`record_lesson` runs the teacher source once, top to bottom, in a fresh
kernel, with ``STEMKIT_RECORD`` set, so every check call writes its evaluated
spec (expected values, accepted options, each case's expected output, the
``mistakes`` table, hint tiers) as plain data. Both ``stemkit release`` (which
seals the public part into the student edition) and ``stemkit grade`` (which
compares answers with it in its own process) use this key, never values computed
in a student's kernel.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stemkit.checks.seal import RECORD_ENV
from stemkit.curriculum.notebook import cell_source, read_notebook
from stemkit.i18n import _

__all__ = ["LessonKey", "KeyError_", "record_lesson", "record_lessons", "exercise_of_check", "fingerprint",
           "cache_dir"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Time limit for one cell of a teacher source while its key is recorded [s].
CELL_TIMEOUT_S = 120


class KeyError_(ValueError):
    """The teacher source could not be turned into an answer key (a check failed, or a value cannot be sealed)."""


def exercise_of_check(grade_id: str) -> str:
    return grade_id[: -len("-check")] if grade_id.endswith("-check") else grade_id


@dataclass
class LessonKey:
    """Every check spec of one lesson, in the order the teacher source runs them."""

    lesson_id: str
    path: Path
    specs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)   # exercise -> encoded specs
    seconds: float = 0.0

    def public(self) -> dict[str, list[dict[str, Any]]]:
        """The specs a student edition may carry: no hidden test."""
        return {ex: [s for s in specs if not s.get("hidden")] for ex, specs in self.specs.items()}


def _run(nb: dict[str, Any], *, cwd: Path, record: Path) -> list[list[dict[str, Any]]]:
    import nbformat
    from nbclient import NotebookClient

    node = nbformat.from_dict(nb)
    client = NotebookClient(node, timeout=CELL_TIMEOUT_S, allow_errors=True, kernel_name="python3",
                            shutdown_kernel="immediate", record_timing=False, startup_timeout=60,
                            resources={"metadata": {"path": str(cwd)}})
    env = dict(os.environ)
    env.update({RECORD_ENV: str(record), "STEMKIT_PROGRESS": os.devnull, "MPLBACKEND": "Agg",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    with client.setup_kernel(env=env, cwd=str(cwd), stderr=subprocess.DEVNULL):
        for index, cell in enumerate(node.cells):
            client.execute_cell(cell, index)
    return [[dict(o) for o in c.get("outputs", [])] for c in node.cells]


def record_lesson(path: str | Path) -> LessonKey:
    """Run the teacher source at ``path`` once and return its answer key.

    Raises :class:`KeyError_` naming the cell when a cell fails (a check of the
    teacher's own solution must pass), when a check reads ``value=`` instead of
    the answer's name, or when an exercise recorded no check.
    """
    path = Path(path)
    nb = read_notebook(path)
    meta = nb.get("metadata", {}).get("stemkit", {}) or {}
    lesson_id = str(meta.get("id") or path.stem)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="stemkit-key-") as tmp:
        record = Path(tmp) / "record.jsonl"
        record.touch()
        outputs = _run(nb, cwd=path.parent.resolve(), record=record)
        lines = record.read_text(encoding="utf-8").splitlines()
    for index, (cell, outs) in enumerate(zip(nb["cells"], outputs, strict=True)):
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        for o in outs:
            if o.get("output_type") == "error":
                detail = _ANSI.sub("", str(o.get("evalue", "")))
                raise KeyError_(_("{path}: cell {index} fails in the teacher source ({error}: {message}); "
                                  "every cell, checks included, must pass with the solutions").format(
                    path=path, index=index, error=o.get("ename"), message=detail[:400]))
    key = LessonKey(lesson_id=lesson_id, path=path)
    for line in lines:
        spec = json.loads(line)
        if spec.get("by_value"):
            raise KeyError_(_("{path}: the check of {exercise} is given value=...; a sealed check reads the answer by "
                              "its name, so pass the name instead").format(path=path, exercise=spec["exercise"]))
        key.specs.setdefault(spec["exercise"], []).append(spec)
    for index, cell in enumerate(nb["cells"]):
        nbg = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if cell.get("cell_type") == "code" and nbg.get("grade") and nbg.get("grade_id"):
            exercise = exercise_of_check(nbg["grade_id"])
            if exercise not in key.specs:
                raise KeyError_(_("{path}: cell {index} ({grade_id}) ran no check of {exercise}; "
                                  "a test cell calls stemkit.checks for its own exercise").format(
                    path=path, index=index, grade_id=nbg["grade_id"], exercise=exercise))
            if "### BEGIN HIDDEN TESTS" in cell_source(cell) and all(not s.get("hidden") for s in key.specs[exercise]):
                raise KeyError_(_("{path}: cell {index}: the checks between BEGIN/END HIDDEN TESTS must pass "
                                  "hidden=True").format(path=path, index=index))
    key.seconds = time.monotonic() - started
    return key


def fingerprint(path: Path) -> str:
    """What a key depends on: the teacher source, the stemkit package and the data sets, hashed."""
    import stemkit

    digest = hashlib.sha256(Path(path).read_bytes())
    package = Path(stemkit.__file__).resolve().parent
    folders = [package, package.parent / "datasets"]
    for folder in folders:
        if not folder.is_dir():
            continue
        for f in sorted(folder.rglob("*")):
            if f.is_file() and f.suffix in (".py", ".json", ".csv", ".txt", ".stl", ".md", ".npz", ".gcode") \
                    and "__pycache__" not in f.parts:
                digest.update(str(f.relative_to(folder)).encode("utf-8"))
                digest.update(f.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """Where recorded keys are kept between runs: ``$STEMKIT_CACHE/keys``, else ``build/cache/keys``
    of the checkout (None when there is no checkout to keep them in)."""
    env = os.environ.get("STEMKIT_CACHE")
    if env:
        return Path(env).expanduser() / "keys"
    from stemkit.curriculum.notebook import repo_root

    try:
        return repo_root() / "build" / "cache" / "keys"
    except FileNotFoundError:
        return None


def _cached(path: Path) -> LessonKey:
    folder = cache_dir()
    mark = fingerprint(path)
    if folder is not None:
        file = folder / f"{mark}.json"
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            return LessonKey(lesson_id=data["lesson_id"], path=path, specs=data["specs"], seconds=0.0)
        except (OSError, ValueError, KeyError):
            pass
    key = record_lesson(path)
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            part = folder / f"{mark}.{os.getpid()}.part"
            part.write_text(json.dumps({"lesson_id": key.lesson_id, "specs": key.specs}), encoding="utf-8")
            part.replace(folder / f"{mark}.json")
        except OSError:
            pass   # a read-only checkout only loses the cache
    return key


def record_lessons(paths: list[Path], *, jobs: int | None = None, cache: bool = False) -> list[LessonKey]:
    """Keys of several lessons, ``jobs`` at a time (default: up to 2, as many as there are cores).

    With ``cache=True`` a key recorded before from the same teacher source, package and data
    (see :func:`fingerprint`) is reused instead of running the lesson again. ``stemkit grade``
    never uses the cache: it records every key itself.
    """
    jobs = jobs or max(1, min(2, os.cpu_count() or 1))
    work = _cached if cache else record_lesson
    if jobs == 1 or len(paths) < 2:
        return [work(p) for p in paths]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=spawn_context()) as pool:
        return list(pool.map(work, paths))


def spawn_context():
    """A multiprocessing context whose workers start clean: no event loop or ZMQ socket copied from
    this process. Works from a notebook too, whose stand-in ``__main__`` module has no ``__spec__``
    (the spawn start method reads it)."""
    import multiprocessing
    import sys

    main = sys.modules.get("__main__")
    if main is not None and not hasattr(main, "__spec__"):
        main.__spec__ = None
    return multiprocessing.get_context("spawn")
