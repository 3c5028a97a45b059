"""Every lesson sketch compiles for the Uno; a broken one names its file and line."""

from __future__ import annotations

import pytest

from stemkit.hardware import build

from .conftest import SKETCHES

# The Arduino builds of issue 14, one sketch each, in the Arduino IDE's folder layout.
EXPECTED = {
    "electronics-06": "press_counter", "electronics-07": "sensor_logger", "electronics-08": "pwm_steps",
    "robotics-03": "encoder_counter", "robotics-04": "ultrasonic_logger", "robotics-05": "line_follower",
    "robotics-06": "servo_centre", "robotics-07": "arm_square",
}


def test_every_arduino_build_has_its_sketch_next_to_its_lesson():
    found = {s.parent.parent.name: s.stem for s in SKETCHES}
    assert found == EXPECTED
    for s in SKETCHES:
        track, lesson = s.parents[3], s.parents[1].name
        assert s.parents[2].name == "sketches"
        assert lesson.startswith(track.name + "-"), f"{s}: lesson id and track disagree"
        number = lesson.rsplit("-", 1)[1]
        assert list(track.glob(f"{number}-*.ipynb")), f"{s}: no lesson {lesson} beside it"


@pytest.mark.parametrize("sketch", SKETCHES, ids=[s.stem for s in SKETCHES])
def test_sketch_compiles_and_fits_an_uno(sketch, toolchain, firmware):
    fw = firmware(sketch.stem)
    assert fw.elf.is_file() and fw.hex.read_text().startswith(":")
    # flash holds the code; a sketch with Serial needs at least the core's ~1.5 kB
    assert 1500 < fw.flash_bytes <= build.UNO_FLASH_BYTES
    # static RAM: Serial's two 64-byte buffers at least, and room left for the stack
    assert 128 < fw.ram_bytes < build.UNO_RAM_BYTES // 2
    text = sketch.read_text(encoding="utf-8")
    assert "Serial.begin(115200)" in text, "the lessons' sketches all talk at 115200 baud"
    assert text.lstrip().startswith("//"), "a sketch starts with a comment saying what it does"


def test_memory_use_agrees_with_the_sections_of_the_image(firmware):
    fw = firmware("sensor_logger")
    flash, ram = build.memory_use(fw.elf)
    assert (flash, ram) == (fw.flash_bytes, fw.ram_bytes)
    # the Intel HEX file holds exactly the flash bytes: 16 data bytes per full record
    data = sum(int(line[1:3], 16) for line in fw.hex.read_text().split() if line[7:9] == "00")
    assert data == fw.flash_bytes


def test_a_compile_error_names_the_sketch_and_the_line(toolchain, build_dir, tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "broken.ino").write_text(
        "// a sketch with a typo\n"
        "void setup() {\n"
        "  Serial.begin(115200);\n"
        "  Serial.printn(42);\n"
        "}\n"
        "void loop() {}\n")
    with pytest.raises(build.SketchCompileError) as err:
        build.compile_sketch(folder, build_dir=build_dir)
    assert err.value.line == 4
    assert "broken.ino line 4" in str(err.value) and "printn" in str(err.value)


def test_functions_may_be_used_before_they_are_defined(toolchain, build_dir, tmp_path):
    folder = tmp_path / "later"
    folder.mkdir()
    (folder / "later.ino").write_text(
        "const int LED = 13;\n"
        "void setup() { pinMode(LED, OUTPUT); }\n"
        "void loop() { blink(250); }\n"
        "// defined after its first use, as the Arduino IDE allows\n"
        "void blink(unsigned long ms) { digitalWrite(LED, !digitalRead(LED)); delay(ms); }\n")
    fw = build.compile_sketch(folder, build_dir=build_dir)
    assert fw.flash_bytes > 0
    source = build.sketch_source((folder / "later.ino").read_text(), filename="later.ino")
    prototypes = source.split('#line 2 "later.ino"')[0]   # before the first definition
    assert "void blink(unsigned long ms);" in prototypes


def test_a_sketch_must_sit_in_a_folder_of_its_own_name(tmp_path):
    (tmp_path / "wrong").mkdir()
    (tmp_path / "wrong" / "sketch.ino").write_text("void setup(){}\nvoid loop(){}\n")
    with pytest.raises(ValueError, match="folder named sketch"):
        build.compile_sketch(tmp_path / "wrong" / "sketch.ino", build_dir=tmp_path / "b")
    with pytest.raises(FileNotFoundError, match="no sketch"):
        build.compile_sketch(tmp_path / "missing", build_dir=tmp_path / "b")


def test_a_missing_compiler_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(build.ToolchainMissingError, match="apt install gcc-avr"):
        build.memory_use(tmp_path / "x.elf")
    with pytest.raises(build.ToolchainMissingError, match="arduino-core-avr"):
        build.find_core(tmp_path)
