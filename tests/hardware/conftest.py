"""Shared set-up of the hardware tests: the toolchain, the sketches compiled once, the simulated Uno.

Every sketch is compiled once per test session into a temporary folder, and the
libsimavr harness (``harness/simuno.c``) is built once with gcc. On CI (``CI`` set)
a missing avr-gcc, Arduino core or simavr fails the tests: ``.ci/run`` installs them.
Elsewhere the tests that need them are skipped with the command that installs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from stemkit.hardware import build

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
HARNESS_SOURCE = HERE / "harness" / "simuno.c"
SERVO_LIBRARY = HERE / "libraries" / "Servo"
SKETCHES = build.find_sketches(ROOT / "lessons")
INSTALL = "sudo apt install gcc-avr binutils-avr avr-libc arduino-core-avr simavr libsimavr-dev libelf-dev"


def need(ok: bool, what: str) -> None:
    """Fail on CI, skip elsewhere, when a tool the test needs is missing."""
    if ok:
        return
    message = f"{what} is not installed ({INSTALL})"
    if os.environ.get("CI"):
        pytest.fail(message + ": .ci/run installs it, so on CI this is an error")
    pytest.skip(message)


def sketch_path(name: str) -> Path:
    """The sketch folder called ``name`` anywhere under lessons/."""
    matches = [s.parent for s in SKETCHES if s.stem == name]
    assert matches, f"no sketch {name} under lessons/*/sketches"
    return matches[0]


def libraries_for(folder: Path) -> list[Path]:
    """The CI stand-in libraries a sketch folder's sketch includes (only Servo)."""
    text = (folder / (folder.name + ".ino")).read_text(encoding="utf-8")
    return [SERVO_LIBRARY] if "#include <Servo.h>" in text else []


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sketch-build")


@pytest.fixture(scope="session")
def toolchain() -> None:
    need(shutil.which("avr-gcc") is not None and shutil.which("avr-size") is not None, "avr-gcc")
    need((build.CORE_DIR / "cores" / "arduino" / "Arduino.h").is_file(), "the Arduino AVR core")


@pytest.fixture(scope="session")
def firmware(toolchain, build_dir):
    """``firmware("press_counter")``: that sketch compiled (once per session)."""
    cache: dict[str, build.Firmware] = {}

    def get(name: str) -> build.Firmware:
        if name not in cache:
            folder = sketch_path(name)
            cache[name] = build.compile_sketch(folder, build_dir=build_dir, libraries=libraries_for(folder))
        return cache[name]

    return get


@pytest.fixture(scope="session")
def simuno(tmp_path_factory) -> Path:
    """The harness binary, built from harness/simuno.c with gcc and libsimavr."""
    need(Path("/usr/include/simavr/sim_avr.h").is_file(), "libsimavr-dev")
    need(shutil.which("gcc") is not None, "gcc")
    out = tmp_path_factory.mktemp("harness") / "simuno"
    result = subprocess.run(["gcc", "-O2", "-Wall", "-o", str(out), str(HARNESS_SOURCE), "-lsimavr", "-lelf", "-lm"],
                            capture_output=True, text=True)
    assert result.returncode == 0, "the harness did not build:\n" + result.stderr
    return out


@dataclass
class SimRun:
    """What one run of the simulated Uno gave: the UART text and the harness's records."""

    text: str
    pulses: dict[int, np.ndarray] = field(default_factory=dict)   # pin -> rows (rise [µs], width [µs])
    echoes: list[tuple[int, float, float]] = field(default_factory=list)   # (n, rise [µs], width [µs])
    simulated_s: float = 0.0
    wall_s: float = 0.0

    def csv(self) -> tuple[list[str], np.ndarray, list[str]]:
        """The header, the numeric rows, and the ``#`` note lines the sketch printed."""
        complete = self.text.replace("\r", "").split("\n")[:-1]   # the run may stop mid-line
        lines = [ln.strip() for ln in complete if ln.strip()]
        notes = [ln for ln in lines if ln.startswith("#")]
        data = [ln for ln in lines if not ln.startswith("#")]
        header = data[0].split(",")
        rows = np.array([[float(x) for x in ln.split(",")] for ln in data[1:]], dtype=float)
        return header, rows.reshape(-1, len(header)), notes


def parse_records(stderr: str, run: SimRun) -> None:
    pulses: dict[int, list[tuple[float, float]]] = {}
    for line in stderr.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "pulse":
            pulses.setdefault(int(parts[1]), []).append((float(parts[2]), float(parts[3])))
        elif parts[0] == "echo":
            run.echoes.append((int(parts[1]), float(parts[2]), float(parts[3])))
        elif parts[0] == "end":
            run.simulated_s, run.wall_s = float(parts[1]) * 1e-6, float(parts[2])
    run.pulses = {pin: np.array(rows) for pin, rows in pulses.items()}


@pytest.fixture(scope="session")
def simulate(simuno):
    """``simulate(firmware, seconds, "-a", "0=2500", ...)``: run it on the simulated Uno."""

    def run(fw: build.Firmware, seconds: float, *options: str) -> SimRun:
        result = subprocess.run([str(simuno), str(fw.elf), "-t", str(seconds), *options],
                                capture_output=True, timeout=120)
        assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
        out = SimRun(result.stdout.decode("ascii", errors="replace"))
        parse_records(result.stderr.decode(errors="replace"), out)
        assert out.simulated_s == pytest.approx(seconds, abs=1e-3)
        return out

    return run
