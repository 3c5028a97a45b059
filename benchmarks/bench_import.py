"""Start-up cost: ``python -c "import stemkit"`` against ``python -c "import numpy"``.

Each command runs in a fresh interpreter, best of 7, so the ratio compares what a
student waits for when a lesson's first cell runs. Target: ratio <= 1.5.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

REPEATS = 7


def best(code: str) -> float:
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    baseline = best("pass")
    numpy_s = best("import numpy")
    # Only `import stemkit` has a target; the other two lines say what a lesson's setup cell adds.
    for name, code, target in [("import stemkit", "import stemkit", 1.5),
                               ("import stemkit + checks", "import stemkit, stemkit.checks", None),
                               ("import every core room", "import stemkit.electronics, stemkit.robotics, stemkit.design3d", None)]:
        s = best(code)
        print(json.dumps({"name": f"{name} vs import numpy", "stemkit_s": round(s, 4), "reference_s": round(numpy_s, 4),
                          "ratio": round(s / numpy_s, 3), "target": target,
                          "note": f"bare interpreter start {baseline:.4f} s included in both"}))


if __name__ == "__main__":
    main()
