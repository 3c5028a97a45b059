"""Compile an Arduino sketch for the Uno with avr-gcc, the way the Arduino IDE does, minus the IDE.

The Arduino IDE turns ``name/name.ino`` into C++ (it adds ``#include <Arduino.h>`` and
a prototype for every function), compiles it with the Arduino core for the board and
links a firmware image. :func:`compile_sketch` does the same with Debian's packages
(``gcc-avr``, ``avr-libc``, ``binutils-avr`` and ``arduino-core-avr``), so a test can
check that every sketch in the lessons compiles and how much of the Uno it uses::

    firmware = compile_sketch("lessons/electronics/sketches/electronics-07/sensor_logger",
                              build_dir="/tmp/stemkit-build")
    firmware.flash_bytes, firmware.ram_bytes

A compile error raises :class:`SketchCompileError` naming the sketch file and the line.

Two facts about Debian's toolchain are built in: the Debian Arduino core (1.8.7) needs
``-DDECIMAL_DIG=__DECIMAL_DIG__`` with its avr-gcc (5.4), and the core is compiled once
per build folder and reused by every sketch.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from stemkit.i18n import _

__all__ = [
    "Firmware", "SketchCompileError", "ToolchainMissingError", "compile_sketch", "sketch_source",
    "find_core", "memory_use", "find_sketches", "UNO_FLASH_BYTES", "UNO_RAM_BYTES", "CORE_DIR",
]

#: Where Debian's ``arduino-core-avr`` puts the AVR core.
CORE_DIR = Path("/usr/share/arduino/hardware/arduino/avr")
#: Flash a sketch may use on an Uno (32 KiB minus the 512-byte bootloader) [bytes].
UNO_FLASH_BYTES = 32256
#: The ATmega328P's RAM [bytes].
UNO_RAM_BYTES = 2048

_MCU = "atmega328p"
_CLOCK_HZ = 16_000_000
_IDE_VERSION = "10807"
_COMMON = [
    f"-mmcu={_MCU}", f"-DF_CPU={_CLOCK_HZ}L", f"-DARDUINO={_IDE_VERSION}", "-DARDUINO_AVR_UNO",
    "-DARDUINO_ARCH_AVR",
    # Debian's core 1.8.7 with avr-gcc 5.4: <float.h> needs this name spelled out.
    "-DDECIMAL_DIG=__DECIMAL_DIG__",
    "-Os", "-g", "-ffunction-sections", "-fdata-sections", "-flto",
]
_C_FLAGS = ["-std=gnu11", "-fno-fat-lto-objects"]
_CPP_FLAGS = ["-std=gnu++11", "-fpermissive", "-fno-exceptions", "-fno-threadsafe-statics",
              "-Wno-error=narrowing"]
_LINK_FLAGS = [f"-mmcu={_MCU}", "-Os", "-g", "-flto", "-fuse-linker-plugin", "-Wl,--gc-sections"]
_SOURCE_SUFFIXES = (".c", ".cpp", ".S")


class SketchCompileError(ValueError):
    """A sketch did not compile. ``sketch`` and ``line`` say where; ``output`` is the compiler's text."""

    def __init__(self, message: str, *, sketch: Path, line: int | None, output: str):
        super().__init__(message)
        self.sketch = sketch
        self.line = line
        self.output = output


class ToolchainMissingError(FileNotFoundError):
    """avr-gcc or the Arduino core is not installed."""


@dataclass(frozen=True)
class Firmware:
    """A compiled sketch.

    Attributes
    ----------
    sketch : Path
        The ``.ino`` file.
    elf, hex : Path
        The firmware image (ELF for the simulator, Intel HEX for an uploader).
    flash_bytes, ram_bytes : int
        Program memory (code + initial data) and static RAM (data + bss) the sketch uses [bytes].
    compile_seconds : float
        Wall time of this compile, the shared core excluded [s].
    """

    sketch: Path
    elf: Path
    hex: Path
    flash_bytes: int
    ram_bytes: int
    compile_seconds: float

    @property
    def flash_fraction(self) -> float:
        """Share of the Uno's flash used (0-1)."""
        return self.flash_bytes / UNO_FLASH_BYTES

    @property
    def ram_fraction(self) -> float:
        """Share of the Uno's RAM used by static variables (0-1)."""
        return self.ram_bytes / UNO_RAM_BYTES


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise ToolchainMissingError(_(
            "{tool} is not installed, so sketches cannot be compiled here. On Debian or Ubuntu: "
            "sudo apt install gcc-avr binutils-avr avr-libc arduino-core-avr").format(tool=name))
    return found


def find_core(core_dir: str | os.PathLike | None = None) -> Path:
    """The Arduino AVR core folder (``$STEMKIT_ARDUINO_CORE``, else Debian's), checked to exist."""
    base = Path(core_dir or os.environ.get("STEMKIT_ARDUINO_CORE") or CORE_DIR)
    if not (base / "cores" / "arduino" / "Arduino.h").is_file():
        raise ToolchainMissingError(_(
            "no Arduino AVR core in {folder}. On Debian or Ubuntu: sudo apt install arduino-core-avr").format(
            folder=base))
    return base


def find_sketches(root: str | os.PathLike) -> list[Path]:
    """Every sketch under ``root`` in the Arduino layout ``<name>/<name>.ino``, sorted."""
    return sorted(p for p in Path(root).rglob("*.ino") if p.parent.name == p.stem)


def _sketch_file(sketch: str | os.PathLike) -> Path:
    path = Path(sketch)
    if path.is_dir():
        path = path / (path.name + ".ino")
    if path.suffix != ".ino" or not path.is_file():
        raise FileNotFoundError(_("no sketch at {path}: a sketch is a folder <name> with <name>.ino in it").format(
            path=path))
    if path.parent.name != path.stem:
        raise ValueError(_("the Arduino IDE wants {file} in a folder named {name}, not {folder}").format(
            file=path.name, name=path.stem, folder=path.parent.name))
    return path.resolve()


# A function definition at the top level, on one line: "type name(args) {".
_DEFINITION = re.compile(
    r"^(?P<head>(?:(?:static|inline|unsigned|signed|const|volatile)\s+)*[A-Za-z_][\w:<>]*[\s\*&]+)"
    r"(?P<name>[A-Za-z_]\w*)\s*\((?P<args>[^;(){}]*)\)\s*\{")
# A prototype the sketch wrote itself: "type name(args);".
_DECLARATION = re.compile(
    r"^(?:(?:static|inline|unsigned|signed|const|volatile)\s+)*[A-Za-z_][\w:<>]*[\s\*&]+"
    r"(?P<name>[A-Za-z_]\w*)\s*\([^;(){}]*\)\s*;")
_KEYWORDS = {"if", "for", "while", "switch", "return", "else", "do", "sizeof"}


def _strip_comments(text: str) -> str:
    # Blank out comments and strings but keep every newline, so line numbers stay right.
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return re.sub(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", blank, text, flags=re.S)


def sketch_source(text: str, *, filename: str) -> str:
    """The C++ the compiler sees for a sketch: Arduino.h, prototypes, ``#line`` marks.

    Like the Arduino IDE, this lets a sketch call a function that is defined further
    down. The ``#line`` marks make compiler messages name the ``.ino`` file and its lines.

    Examples
    --------
    >>> print(sketch_source("void setup() { blink(); }\\nvoid blink() {}\\nvoid loop() {}\\n",
    ...                     filename="demo.ino"))
    #include <Arduino.h>
    #line 1 "demo.ino"
    void setup();
    void blink();
    void loop();
    #line 1 "demo.ino"
    void setup() { blink(); }
    void blink() {}
    void loop() {}
    <BLANKLINE>
    """
    clean = _strip_comments(text)
    lines = text.split("\n")
    clean_lines = clean.split("\n")
    prototypes: list[str] = []
    first_definition: int | None = None
    declared: set[str] = set()
    depth = 0
    for number, line in enumerate(clean_lines):
        if depth == 0 and not line.lstrip().startswith("#"):
            m = _DEFINITION.match(line.strip())
            d = _DECLARATION.match(line.strip())
            if d:
                declared.add(d.group("name"))
            elif m and m.group("name") not in _KEYWORDS:
                head = re.sub(r"\s+", " ", m.group("head")).strip()
                proto = f"{head} {m.group('name')}({m.group('args').strip()});".replace("* ", "*")
                if proto not in prototypes and m.group("name") not in declared:
                    prototypes.append(proto)
                if first_definition is None:
                    first_definition = number
        depth += line.count("{") - line.count("}")
    if first_definition is None:
        first_definition = len(lines)
    mark = f'#line {{}} "{filename}"'
    out = ["#include <Arduino.h>", mark.format(1), *lines[:first_definition], *prototypes,
           mark.format(first_definition + 1), *lines[first_definition:]]
    return "\n".join(out)


_ERROR_LINE = re.compile(r"^(?P<file>[^:\n]+\.ino):(?P<line>\d+):(?:\d+:)?\s*(?:fatal )?error:\s*(?P<msg>.*)$", re.M)


def _run(command: Sequence[str], *, sketch: Path | None = None, what: str = "") -> str:
    result = subprocess.run(list(command), capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        if sketch is None:
            raise RuntimeError(_("{what} failed:\n{output}").format(what=what, output=output))
        m = _ERROR_LINE.search(output)
        line = int(m.group("line")) if m else None
        if m:
            message = _("{sketch} line {line}: {error}").format(sketch=sketch.name, line=line, error=m.group("msg"))
        else:
            last = [ln for ln in output.splitlines() if "error" in ln.lower()] or output.splitlines()[-1:]
            message = _("{sketch} did not build: {error}").format(sketch=sketch.name, error=last[0] if last else "")
        raise SketchCompileError(message, sketch=sketch, line=line, output=output)
    return result.stdout + result.stderr


def _compile_command(source: Path, obj: Path, includes: Iterable[Path], defines: Iterable[str]) -> list[str]:
    flags = _C_FLAGS if source.suffix == ".c" else _CPP_FLAGS
    compiler = "avr-g++" if source.suffix == ".cpp" else "avr-gcc"
    if source.suffix == ".S":
        flags = ["-x", "assembler-with-cpp"]
    return [_tool(compiler), "-c", *_COMMON, *flags, *(f"-D{d}" for d in defines),
            *(f"-I{p}" for p in includes), str(source), "-o", str(obj)]


def _sources(folder: Path) -> list[Path]:
    base = folder / "src" if (folder / "src").is_dir() else folder
    return sorted(p for p in base.rglob("*") if p.suffix in _SOURCE_SUFFIXES)


def _compile_many(jobs: list[tuple[Path, Path]], includes: list[Path], defines: Sequence[str],
                  workers: int) -> list[Path]:
    def one(job: tuple[Path, Path]) -> Path:
        source, obj = job
        if not obj.exists():
            obj.parent.mkdir(parents=True, exist_ok=True)
            tmp = obj.with_suffix(f".{os.getpid()}.tmp.o")
            _run(_compile_command(source, tmp, includes, defines), what=source.name)
            tmp.replace(obj)   # atomic: a parallel test never sees half an object
        return obj

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, jobs))


def _core_objects(core: Path, build_dir: Path, workers: int) -> tuple[list[Path], list[Path]]:
    includes = [core / "cores" / "arduino", core / "variants" / "standard"]
    key = hashlib.sha256(" ".join([str(core), *_COMMON]).encode()).hexdigest()[:10]
    out = build_dir / f"core-{key}"
    jobs = [(src, out / (src.name + ".o")) for src in _sources(core / "cores" / "arduino")]
    return _compile_many(jobs, includes, (), workers), includes


def memory_use(elf: str | os.PathLike) -> tuple[int, int]:
    """Flash and static RAM of a firmware image, from its sections (avr-size) [bytes].

    Flash holds ``.text`` and ``.data`` (the initial values); RAM holds ``.data`` and ``.bss``.
    """
    out = _run([_tool("avr-size"), "-A", str(elf)], what="avr-size")
    sizes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            sizes[parts[0]] = int(parts[1])
    text, data, bss = sizes.get(".text", 0), sizes.get(".data", 0), sizes.get(".bss", 0)
    return text + data, data + bss


def compile_sketch(sketch: str | os.PathLike, *, build_dir: str | os.PathLike,
                   libraries: Sequence[str | os.PathLike] = (), defines: Sequence[str] = (),
                   core_dir: str | os.PathLike | None = None, jobs: int = 2) -> Firmware:
    """Compile a sketch for the Arduino Uno (ATmega328P at 16 MHz).

    Parameters
    ----------
    sketch : path
        The sketch folder ``name/`` or its ``name/name.ino``.
    build_dir : path
        Where objects and images go. The Arduino core is compiled there once and reused.
    libraries : sequence of paths
        Library folders the sketch includes (their ``.c``/``.cpp`` files are compiled in).
    defines : sequence of str
        Extra ``NAME=value`` macros.
    core_dir : path, optional
        The Arduino AVR core (default: Debian's, see :func:`find_core`).
    jobs : int
        Compiler processes to run at once for the core.

    Returns
    -------
    Firmware

    Raises
    ------
    SketchCompileError
        The sketch has an error; the message names the file and the line.
    ToolchainMissingError
        avr-gcc or the core is not installed.
    ValueError
        The firmware does not fit in the Uno's flash or RAM.
    """
    ino = _sketch_file(sketch)
    core = find_core(core_dir)
    build = Path(build_dir).resolve()
    build.mkdir(parents=True, exist_ok=True)
    core_objs, includes = _core_objects(core, build, jobs)
    start = time.perf_counter()
    lib_dirs = [Path(p).resolve() for p in libraries]
    lib_includes = [d / "src" if (d / "src").is_dir() else d for d in lib_dirs]
    tag = hashlib.sha256(str(ino).encode()).hexdigest()[:8]
    out = build / f"{ino.stem}-{tag}"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    cpp = out / (ino.stem + ".ino.cpp")
    cpp.write_text(sketch_source(ino.read_text(encoding="utf-8"), filename=str(ino)), encoding="utf-8")
    all_includes = [*includes, *lib_includes]
    objs = [out / (ino.stem + ".ino.o")]
    _run(_compile_command(cpp, objs[0], all_includes, defines), sketch=ino)
    for lib in lib_dirs:
        for src in _sources(lib):
            obj = out / "libraries" / lib.name / (src.name + ".o")
            obj.parent.mkdir(parents=True, exist_ok=True)
            _run(_compile_command(src, obj, all_includes, defines), sketch=ino)
            objs.append(obj)
    elf = out / (ino.stem + ".elf")
    _run([_tool("avr-gcc"), *_LINK_FLAGS, "-o", str(elf), *map(str, objs), *map(str, core_objs), "-lm"],
         sketch=ino)
    hex_file = out / (ino.stem + ".hex")
    _run([_tool("avr-objcopy"), "-O", "ihex", "-R", ".eeprom", str(elf), str(hex_file)], what="avr-objcopy")
    flash, ram = memory_use(elf)
    seconds = time.perf_counter() - start
    if flash > UNO_FLASH_BYTES:
        raise ValueError(_("{sketch} needs {used} bytes of flash; an Uno has {limit}").format(
            sketch=ino.name, used=flash, limit=UNO_FLASH_BYTES))
    if ram > UNO_RAM_BYTES:
        raise ValueError(_("{sketch} needs {used} bytes of RAM for its variables; an Uno has {limit}").format(
            sketch=ino.name, used=ram, limit=UNO_RAM_BYTES))
    return Firmware(sketch=ino, elf=elf, hex=hex_file, flash_bytes=flash, ram_bytes=ram, compile_seconds=seconds)
