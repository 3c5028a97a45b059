"""Update time of every explorer in every room, against the 50 ms budget.

Each explorer is built with its defaults, then each of its controls is moved through
up to 20 values (an explorer that needs data to start is listed, not guessed at). ``stemkit_s`` is
the median of ``explorer.last_update_s`` (core maths + artist updates) over all moves;
``reference_s`` is the 50 ms budget, so ``ratio`` <= 1 meets it. ``redraw_s`` adds the
median PNG render of the figure that a student's browser receives.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import statistics

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["STEMKIT_PROGRESS"] = os.devnull

import ipywidgets as widgets  # noqa: E402

from stemkit.ui import Explorer  # noqa: E402

BUDGET_S = 0.050
MODULES = ["stemkit.ui.welcome", "stemkit.electronics.explorers", "stemkit.robotics.explorers",
           "stemkit.design3d.explorers"]
MOVES = 20


def values_for(control: widgets.ValueWidget) -> list:
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons, widgets.SelectionSlider)):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [options[i % len(options)] for i in range(MOVES)]
    if isinstance(control, widgets.Checkbox):
        return [i % 2 == 0 for i in range(MOVES)]
    if isinstance(control, widgets.FloatLogSlider):
        lo, hi = control.min, control.max
        return [control.base ** (lo + (hi - lo) * i / (MOVES - 1)) for i in range(MOVES)]
    if isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
        span = range(control.min, control.max + 1)
        step = max(1, len(span) // MOVES)
        return list(span)[::step][:MOVES]
    if isinstance(control, (widgets.FloatSlider, widgets.BoundedFloatText)):
        lo, hi = control.min, control.max
        return [lo + (hi - lo) * i / (MOVES - 1) for i in range(MOVES)]
    return []


def explorers():
    for name in MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Explorer) and cls is not Explorer and cls.__module__ == module.__name__:
                yield cls


def main() -> None:
    for cls in explorers():
        try:
            ex = cls()
        except Exception as exc:  # an explorer that needs an argument is reported, not guessed at
            print(json.dumps({"name": f"explorer {cls.__name__}", "error": f"cannot build with defaults: {exc}"}))
            continue
        times, renders = [], []
        for control in list(ex.controls.values()):
            start = control.value
            for v in values_for(control):
                try:
                    control.value = v
                except Exception:
                    continue
                times.append(ex.last_update_s)
            try:
                control.value = start
            except Exception:
                pass
        if ex.figure is not None:
            for _ in range(5):
                import time

                t0 = time.perf_counter()
                ex.render_png()
                renders.append(time.perf_counter() - t0)
        if not times:
            continue
        median = statistics.median(times)
        print(json.dumps({"name": f"explorer {cls.__module__.split('.')[1]}.{cls.__name__}", "stemkit_s": round(median, 5),
                          "reference_s": BUDGET_S, "ratio": round(median / BUDGET_S, 3), "target": 1.0,
                          "moves": len(times), "max_s": round(max(times), 4),
                          "redraw_s": round(statistics.median(renders), 4) if renders else None}), flush=True)


if __name__ == "__main__":
    main()
