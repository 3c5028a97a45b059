"""How long each lesson takes to run top to bottom in a fresh kernel (teacher source).

Each lesson runs REPEATS times with nbclient; the median per lesson and the median
over lessons are reported. The reference is an empty notebook with the same kernel
start, so ``ratio`` shows how much a lesson adds to the fixed cost. Target: the median
lesson <= 4 s on 2 cores.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from stemkit.curriculum.notebook import find_lessons

REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def run_once(nb: nbformat.NotebookNode, cwd: Path) -> float:
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    t0 = time.perf_counter()
    client.execute()
    return time.perf_counter() - t0


def main() -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ["STEMKIT_PROGRESS"] = os.devnull
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    empty_s = statistics.median(run_once(empty, Path.cwd()) for _ in range(REPEATS))
    medians = {}
    for lesson in find_lessons():
        times = [run_once(nbformat.read(lesson.path, as_version=4), lesson.path.parent) for _ in range(REPEATS)]
        medians[lesson.lesson_id] = statistics.median(times)
        print(json.dumps({"name": f"lesson {lesson.lesson_id}", "stemkit_s": round(medians[lesson.lesson_id], 3),
                          "reference_s": round(empty_s, 3), "ratio": round(medians[lesson.lesson_id] / empty_s, 2),
                          "target": None}), flush=True)
    overall = statistics.median(medians.values())
    print(json.dumps({"name": "median lesson (s), target 4 s", "stemkit_s": round(overall, 3),
                      "reference_s": round(empty_s, 3), "ratio": round(overall / 4.0, 3), "target": 1.0,
                      "note": "ratio here is median / 4 s", "lessons": len(medians)}))


if __name__ == "__main__":
    sys.exit(main())
