"""The lessons' sketches: compile time and memory, simulated Uno speed, and lines per second over a pty.

1. Every sketch is compiled for the Uno (the Arduino core once, then each sketch); the
   line gives its compile time, flash and RAM.
2. Each sketch runs on the libsimavr harness (tests/hardware/harness/simuno.c) as fast
   as it can: simulated seconds per wall second. The reference is real time (1 s per s):
   a ratio (wall / simulated) below 1 means the simulator can feed a pty in real time.
3. The fastest-printing sketch (pwm_steps, a line every 2-3 ms) runs paced to real time
   behind a pty and stemkit's Board reads it: lines per second, and lines lost compared
   with an unpaced run of the same firmware (must be 0). The reference is the time the
   firmware took to print them (its millis()); the ratio is the computer's time from the
   first line to the last over that.

Prints JSON lines for run_all.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "hardware" / "harness" / "simuno.c"
SERVO = ROOT / "tests" / "hardware" / "libraries" / "Servo"
sys.path.insert(0, str(ROOT))

from stemkit.hardware import Board, BoardWarning, build  # noqa: E402

# inputs that keep each sketch busy the way its lesson does
RUNS = {
    "press_counter": ["-q", "2=20000:10000"],
    "sensor_logger": ["-a", "0=2500", "-a", "1=1200"],
    "pwm_steps": ["-f", "0=9:100000", "-r", "9"],
    "encoder_counter": ["-q", "2=25000:12500", "-q", "3=20000:10000"],
    "ultrasonic_logger": ["-e", "9:10=50,120,0,30"],
    "line_follower": ["-a", "0=700@0,3800@1000,700@2000,1200@3000", "-a", "1=700@0,3800@1000,700@2000,3000@3000",
                      "-a", "2=700", "-a", "3=700", "-a", "4=700"],
    "servo_centre": ["-r", "9", "-r", "10"],
    "arm_square": ["-r", "9", "-r", "10"],
}
SIM_SECONDS = 4.0
PTY_SECONDS = 3.0


def emit(record: dict) -> None:
    print(json.dumps(record), flush=True)


def harness(tmp: Path) -> Path:
    out = tmp / "simuno"
    subprocess.run(["gcc", "-O2", "-o", str(out), str(HARNESS), "-lsimavr", "-lelf", "-lm"], check=True)
    return out


def simulate(simuno: Path, elf: Path, seconds: float, options: list[str]) -> tuple[float, float, bytes]:
    proc = subprocess.run([str(simuno), str(elf), "-t", str(seconds), *options], capture_output=True, check=True)
    end = [ln.split() for ln in proc.stderr.decode().splitlines() if ln.startswith("end ")][-1]
    return float(end[1]) * 1e-6, float(end[2]), proc.stdout


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        start = time.perf_counter()
        sketches = build.find_sketches(ROOT / "lessons")
        firmware = {}
        for k, sketch in enumerate(sketches):
            libs = [SERVO] if "#include <Servo.h>" in sketch.read_text() else []
            t0 = time.perf_counter()
            fw = build.compile_sketch(sketch.parent, build_dir=tmp / "build", libraries=libs)
            firmware[sketch.stem] = fw
            emit({"name": f"hardware: compile {sketch.stem}", "stemkit_s": round(time.perf_counter() - t0, 3),
                  "reference_s": None, "ratio": None, "target": "-", "core_included": k == 0,
                  "flash_bytes": fw.flash_bytes, "flash_percent": round(100 * fw.flash_fraction, 1),
                  "ram_bytes": fw.ram_bytes, "ram_percent": round(100 * fw.ram_fraction, 1)})
        emit({"name": "hardware: compile all sketches", "stemkit_s": round(time.perf_counter() - start, 3),
              "reference_s": None, "ratio": None, "target": "-", "sketches": len(sketches)})

        simuno = harness(tmp)
        for name, options in RUNS.items():
            sim_s, wall_s, _out = simulate(simuno, firmware[name].elf, SIM_SECONDS, options)
            emit({"name": f"hardware: simulated Uno, {name}", "stemkit_s": round(wall_s / sim_s, 4),
                  "reference_s": 1.0, "ratio": round(wall_s / sim_s, 4), "target": 1.0,
                  "simulated_s_per_wall_s": round(sim_s / wall_s, 2)})

        # lines per second over the pty, none lost
        fw = firmware["pwm_steps"]
        _sim, _wall, out = simulate(simuno, fw.elf, PTY_SECONDS, RUNS["pwm_steps"][:2])
        printed = [ln for ln in out.decode().replace("\r", "").split("\n")[1:-1] if ln]
        proc = subprocess.Popen([str(simuno), str(fw.elf), "-t", str(PTY_SECONDS), "-u", *RUNS["pwm_steps"][:2]],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        pty = proc.stdout.readline().decode().split()[1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", BoardWarning)
            board = Board(pty, autosave=False)
            t0 = time.perf_counter()
            data = board.read(seconds=PTY_SECONDS + 5)
            reading = time.perf_counter() - t0
        proc.wait(timeout=10)
        got = [f"{int(t)},{int(v)},{int(a)}" for t, v, a in zip(data["t_ms"], data["pwm"], data["a0"], strict=True)]
        lost = len(printed) - sum(1 for a, b in zip(printed, got, strict=False) if a == b)
        # the computer's time from the first line to the last, against the firmware's own
        span = float(data.time[-1] - data.time[0])
        printing = float(data["t_ms"][-1] - data["t_ms"][0]) / 1000
        emit({"name": "hardware: Board over a pty, lines per second", "stemkit_s": round(span, 3),
              "reference_s": round(printing, 3), "ratio": round(span / printing, 3), "target": 1.1,
              "read_call_s": round(reading, 3),
              "lines": len(got), "lines_per_s": round((len(got) - 1) / span, 1),
              "printed": len(printed), "lost": lost, "skipped": data.skipped})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
