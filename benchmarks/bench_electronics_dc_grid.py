"""DC operating point of a 30×30 resistor grid (900 nodes): stemkit vs ngspice on the same netlist.

The grid has 1 kΩ resistors between neighbours, a 1 V source at one corner and a
1 kΩ resistor to ground at the opposite corner. Both sides start from the same
netlist text: stemkit's time is parse_netlist + operating_point; ngspice's is the
wall time of ``ngspice -b`` on the file (its start-up included), with no output
file written. Best of 9 each, interleaved. The answers are compared before timing. Prints one
JSON line; the target is ratio <= 1.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import best_of  # noqa: E402  (benchmarks/timing.py, beside this script)

from stemkit.electronics.netlist import parse_netlist
from stemkit.electronics.spice import run_ngspice

N = 30
REPEATS = 9


def grid_netlist(n: int = N) -> str:
    lines = [f"* {n}x{n} resistor grid", "V1 n0_0 0 DC 1"]
    k = 0
    for i in range(n):
        for j in range(n):
            if j + 1 < n:
                k += 1
                lines.append(f"R{k} n{i}_{j} n{i}_{j + 1} 1000")
            if i + 1 < n:
                k += 1
                lines.append(f"R{k} n{i}_{j} n{i + 1}_{j} 1000")
    lines.append(f"Rload n{n - 1}_{n - 1} 0 1000")
    return "\n".join(lines) + "\n"


def main() -> int:
    text = grid_netlist()
    ngspice = shutil.which("ngspice")
    if ngspice is None:
        print(json.dumps({"name": "electronics_dc_grid", "skipped": "ngspice is not installed"}))
        return 0
    stemkit_s, op = best_of(lambda: parse_netlist(text).operating_point(), REPEATS)
    ref = run_ngspice(text + ".options temp=27 tnom=27\n.op\n.end\n")
    worst = max(abs(op.voltage(f"n{i}_{j}") - float(ref.voltage(f"n{i}_{j}")[0]))
                for i in range(N) for j in range(N))
    if worst > 1e-9:
        print(f"stemkit and ngspice disagree by {worst} V", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        cir = Path(tmp) / "grid.cir"
        cir.write_text(text + ".op\n.end\n")

        def run() -> None:
            subprocess.run([ngspice, "-b", str(cir)], capture_output=True, check=True, cwd=tmp)

        # Interleave the two so that a busy machine slows both alike; keep the best of each.
        stemkit_s, reference_s = math.inf, math.inf
        for _ in range(REPEATS):
            stemkit_s = min(stemkit_s, best_of(lambda: parse_netlist(text).operating_point(), 1)[0])
            reference_s = min(reference_s, best_of(run, 1)[0])
    print(json.dumps({"name": "electronics_dc_grid", "nodes": N * N, "stemkit_s": round(stemkit_s, 4),
                      "reference_s": round(reference_s, 4), "ratio": round(stemkit_s / reference_s, 3),
                      "target": 1.0, "max_difference_V": worst}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
