"""Run every benchmark script in this folder and print one table of ratios.

Each ``bench_*.py`` prints JSON lines ``{"name", "stemkit_s", "reference_s", "ratio",
"target", ...}``. The lines are collected into ``benchmarks/results/latest.jsonl``.
A benchmark is a measurement, not a test: a missed target is reported, not failed.

    make bench                      # all of them
    python benchmarks/run_all.py robotics   # only the scripts whose name contains "robotics"
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = argv[1:] if len(argv) > 1 else []
    scripts = sorted(p for p in HERE.glob("bench_*.py") if not wanted or any(w in p.name for w in wanted))
    results = []
    for script in scripts:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=HERE.parent)
        wall = time.perf_counter() - start
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or not lines:
            print(f"{script.name}: failed (exit {proc.returncode}) {proc.stderr.strip()[-500:]}", file=sys.stderr)
            results.append({"name": script.stem, "error": proc.stderr.strip()[-500:]})
            continue
        for line in lines:
            record = json.loads(line)
            record.setdefault("script", script.name)
            record["script_wall_s"] = round(wall, 2)
            results.append(record)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.jsonl").write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")
    print(f"{'benchmark':44} {'stemkit':>10} {'reference':>10} {'ratio':>7} {'target':>8}  met")
    for r in results:
        if "error" in r:
            print(f"{r['name']:44} {'error':>10}")
            continue
        ratio, target = r.get("ratio"), r.get("target")
        numeric = isinstance(target, (int, float)) and isinstance(ratio, (int, float))
        met = ("yes" if ratio <= target else "NO") if numeric else ""
        fmt = lambda v: "-" if v is None else (f"{v:.4g}" if isinstance(v, (int, float)) else str(v))  # noqa: E731
        print(f"{r['name'][:44]:44} {fmt(r.get('stemkit_s')):>10} {fmt(r.get('reference_s')):>10} "
              f"{fmt(ratio):>7} {fmt(target):>8}  {met}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
