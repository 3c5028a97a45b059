"""Update time of the components explorers (Ohm's law, colour code, divider, LED resistor, sensor).

For each explorer a control is moved 20 times; ``stemkit_s`` is the median of
``explorer.last_update_s`` (core maths + artist updates). There is no reference tool:
``reference_s`` is the 50 ms budget an explorer may take, so ``ratio`` <= 1 meets it.
``with_draw_s`` adds a full Agg redraw of the figure, an upper bound of what a
browser's widget canvas costs.
"""

from __future__ import annotations

import json
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from stemkit.electronics.explorers import (  # noqa: E402
    ColourCodeExplorer,
    DividerExplorer,
    LEDResistorExplorer,
    OhmsLawExplorer,
    SensorExplorer,
)

BUDGET_S = 0.050
CASES = [
    (OhmsLawExplorer, "voltage", [1.0, 3.3, 5.0, 9.0, 12.0]),
    (ColourCodeExplorer, "band1", ["red", "green", "blue", "brown"]),
    (DividerExplorer, "bottom_resistance", [1e3, 4.7e3, 22e3, 100e3]),
    (LEDResistorExplorer, "supply_voltage", [3.3, 5.0, 9.0, 12.0]),
    (SensorExplorer, "temperature_c", [0.0, 20.0, 40.0, 80.0]),
]


def main() -> None:
    for cls, control, values in CASES:
        explorer = cls()
        canvas = FigureCanvasAgg(explorer.figure)  # a real renderer (a bare Figure's canvas draws nothing)
        updates, with_draw = [], []
        for k in range(20):
            t0 = time.perf_counter()
            explorer.controls[control].value = values[k % len(values)]
            canvas.draw()
            with_draw.append(time.perf_counter() - t0)
            updates.append(explorer.last_update_s)
        median = statistics.median(updates)
        print(json.dumps({
            "name": f"electronics explorer update: {cls.__name__}",
            "stemkit_s": median,
            "reference_s": BUDGET_S,
            "ratio": median / BUDGET_S,
            "target": 1.0,
            "with_draw_s": statistics.median(with_draw),
        }))


if __name__ == "__main__":
    main()
