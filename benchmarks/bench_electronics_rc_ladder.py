"""Transient of a 50-section RC ladder, 10,000 fixed steps: stemkit vs ngspice.

Each section is 100 Ω in series and 1 µF to ground, driven by a 0-1 V pulse.
stemkit steps with h = 1 µs (trapezoidal, matrix factored once); ngspice runs
``.tran 1u 10m 0 1u`` (TMAX = the step, so it takes at least 10,000 steps), timed
as the wall time of ``ngspice -b -r out.raw`` (binary raw file; without an output
ngspice's batch mode refuses a transient) including its start-up.
Best of 3 each. The answers are compared before timing. Prints one JSON line;
the target is ratio <= 2.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from timing import best_of  # noqa: E402  (benchmarks/timing.py, beside this script)

from stemkit.electronics.circuit import Circuit, Pulse
from stemkit.electronics.spice import run_ngspice

SECTIONS = 50
STEP = 1e-6
STEPS = 10_000
REPEATS = 3


def ladder() -> Circuit:
    c = Circuit("RC ladder")
    c.add_voltage_source("V1", "n0", "0", Pulse(low=0, high=1, rise=1e-6, fall=1e-6, width=5e-3, period=10e-3))
    for k in range(SECTIONS):
        c.add_resistor(f"R{k + 1}", f"n{k}", f"n{k + 1}", 100)
        c.add_capacitor(f"C{k + 1}", f"n{k + 1}", "0", 1e-6)
    return c


def main() -> int:
    ngspice = shutil.which("ngspice")
    if ngspice is None:
        print(json.dumps({"name": "electronics_rc_ladder", "skipped": "ngspice is not installed"}))
        return 0
    c = ladder()
    analysis = f".tran {STEP:g} {STEP * STEPS:g} 0 {STEP:g}"
    stemkit_s, res = best_of(lambda: c.transient(stop_time=STEP * STEPS, time_step=STEP), REPEATS)
    ref = run_ngspice(c, analysis)
    worst = 0.0
    for node in ("n1", "n25", "n50"):
        got = np.interp(ref.time, res.time, res.voltage(node))
        worst = max(worst, float(np.max(np.abs(got - np.real(ref.voltage(node))))))
    if worst > 5e-3:
        print(f"stemkit and ngspice disagree by {worst} V", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        cir = Path(tmp) / "ladder.cir"
        cir.write_text(c.to_spice(analysis) + "\n")

        def run() -> None:
            subprocess.run([ngspice, "-b", "-r", str(Path(tmp) / "out.raw"), str(cir)], capture_output=True,
                           check=True, cwd=tmp)

        reference_s, _ = best_of(run, REPEATS)
    print(json.dumps({"name": "electronics_rc_ladder", "sections": SECTIONS, "steps": STEPS,
                      "stemkit_s": round(stemkit_s, 4), "reference_s": round(reference_s, 4),
                      "ratio": round(stemkit_s / reference_s, 3), "target": 2.0, "max_difference_V": worst}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
