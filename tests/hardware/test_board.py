"""Board reads real firmware bytes (simulated Uno over a pty, and through loop://) and survives the bench's faults."""

from __future__ import annotations

import subprocess
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
import serial

from stemkit.electronics import arduino
from stemkit.hardware import (
    Board,
    BoardDisconnectedError,
    BoardWarning,
    NoBoardError,
    SeveralBoardsError,
    SimulatedBoard,
    Thermistor,
    WrongBaudError,
    connect,
    load_recording,
)
from stemkit.hardware import board as board_module
from stemkit.hardware.simulated import uart_misread


def _start_pty(simuno, fw, seconds, *options):
    proc = subprocess.Popen([str(simuno), str(fw.elf), "-t", str(seconds), "-u", *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline().decode().split()
    assert first[:1] == ["pty"] and first[1].startswith("/dev/pts/"), first
    return proc, first[1]


def _firmware_bytes(simulate, fw, seconds, *options) -> bytes:
    return simulate(fw, seconds, *options).text.encode("ascii")


# -- the simulated Uno over a pty -----------------------------------------------------------

def test_board_reads_the_sensor_logger_over_a_pty_and_keeps_it_when_unplugged(
        simuno, firmware, tmp_path, recwarn):
    # 2.2 s of firmware, then the harness ends: to the Board that is a cable pulled out
    proc, pty = _start_pty(simuno, firmware("sensor_logger"), 2.2, "-a", "0=2500", "-a", "1=1200")
    try:
        board = Board(pty, autosave=tmp_path)
        data = board.read(seconds=8)
    finally:
        proc.wait(timeout=10)
    assert data.columns == ["t_ms", "a0", "a1"]
    assert data["t_ms"].tolist() == [0, 1000, 2000]
    assert np.all(np.abs(data["a0"] - arduino.adc_counts(voltage=2.5)) <= 1)
    assert np.all(np.abs(data["a1"] - arduino.adc_counts(voltage=1.2)) <= 1)
    # the computer's clock saw the lines come one by one (the harness is paced to real time;
    # on a busy machine it may fall behind, never run ahead)
    assert np.all(np.diff(data.time) > 0.75)
    # unplugged: a note, a saved file with every line, and the board refuses more reads
    assert any("unplugged" in n for n in data.notes)
    saved = load_recording(data.saved_to)
    assert saved["a0"].tolist() == data["a0"].tolist()
    assert saved.notes == [] or all(isinstance(n, str) for n in saved.notes)
    assert (data.saved_to.with_suffix(".md")).read_text().count("a0") >= 1
    assert any(isinstance(w.message, BoardWarning) and "unplugged" in str(w.message) for w in recwarn)
    with pytest.raises(BoardDisconnectedError, match="connect"):
        board.read(seconds=1)


def test_no_line_is_lost_over_the_pty(simuno, firmware, simulate):
    # pwm_steps prints a line every 2-3 ms: the fastest sketch; compare with a run without the pty
    fw = firmware("pwm_steps")
    reference = simulate(fw, 0.5, "-f", "0=9:100000").csv()[1]
    proc, pty = _start_pty(simuno, fw, 0.5, "-f", "0=9:100000")
    try:
        with Board(pty, autosave=False) as board, warnings.catch_warnings():
            warnings.simplefilter("ignore", BoardWarning)
            data = board.read(seconds=3)
    finally:
        proc.wait(timeout=10)
    assert data.skipped == 0
    got = np.column_stack([data["t_ms"], data["pwm"], data["a0"]])
    # the reference run stops mid-line at 0.5 s as well, so both hold the same complete lines
    assert got.shape == reference.shape, (got[:3], reference[:3], got[-2:], reference[-2:])
    assert np.array_equal(got, reference)


# -- loop:// ---------------------------------------------------------------------------------

def _loop_board(payload: bytes, **options) -> Board:
    board = Board("loop://", autosave=False, **options)
    board._port.write(payload)
    return board


def test_board_reads_firmware_bytes_through_loop(firmware, simulate):
    run = simulate(firmware("ultrasonic_logger"), 0.3, "-e", "9:10=50,0,75")
    payload, expected = run.text.encode("ascii"), run.csv()[1]
    data = _loop_board(payload).read(lines=len(expected))
    assert data.columns == ["t_ms", "echo_us", "distance_cm"]
    assert np.array_equal(np.column_stack([data[c] for c in data.columns]), expected)
    assert data["distance_cm"][1] == 0          # the missed echo
    assert data.skipped == 0 and data.notes == []


def test_garbled_and_partial_lines_are_counted_skipped_and_reported_once(firmware, simulate):
    clean = _firmware_bytes(simulate, firmware("sensor_logger"), 3.1, "-a", "0=2500", "-a", "1=1000")
    lines = clean.split(b"\n")                 # header, 4 readings, and the end of the run
    expected = [float(lines[k].split(b",")[0]) for k in (1, 4)]
    lines[2] = lines[2][:3]                     # cut short
    lines[3] = lines[3].replace(b",", b"\xf7")  # scrambled on the cable
    payload = b"0,5" + b"\n" + b"\n".join(lines)   # and a piece of a line before the header
    with pytest.warns(BoardWarning) as caught:
        data = _loop_board(payload).read(lines=2)
    assert data["t_ms"].tolist() == expected
    assert data.skipped == 3
    reports = [w for w in caught if "skipped" in str(w.message)]
    assert len(reports) == 1 and "3 garbled" in str(reports[0].message)


def test_a_wrong_baud_rate_is_named(firmware, simulate):
    clean = _firmware_bytes(simulate, firmware("sensor_logger"), 1.1, "-a", "0=2500")
    garbage = uart_misread(clean, sent_baudrate=9600, read_baudrate=115200)
    assert garbage and garbage != clean
    with pytest.raises(WrongBaudError, match="115200 baud") as err:
        _loop_board(garbage).read(seconds=0.5)
    assert "Serial.begin" in str(err.value)


def test_the_board_finds_the_sketchs_baud_rate_and_names_it():
    board = SimulatedBoard(Thermistor(temperature=25.0), speed=20, seed=3, sketch_baudrate=9600)
    with pytest.warns(BoardWarning, match="sends at 9600 baud, not 115200"):
        data = board.read(seconds=8)
    assert board.baudrate == 9600 and data.baudrate == 9600
    assert data.columns == ["t_ms", "a0"]               # the board was restarted for its header
    assert len(data) >= 3 and np.all(np.abs(data["a0"] - 512) <= 2)


# -- Ctrl+C, no board, several boards, a busy port ---------------------------------------------

def test_ctrl_c_keeps_everything_read(monkeypatch):
    board = SimulatedBoard(Thermistor(temperature=25.0), speed=50, seed=1)
    real_read = board._port.read
    calls = {"n": 0}

    def read(size=1):
        calls["n"] += 1
        if calls["n"] > 40:
            raise KeyboardInterrupt
        return real_read(size)

    monkeypatch.setattr(board._port, "read", read)
    with pytest.warns(BoardWarning, match="stopped by you"):
        data = board.read(seconds=60)
    assert len(data) >= 2 and board.recording is data


def _ports(*devices):
    return [SimpleNamespace(device=d, description=desc, vid=vid, pid=pid) for d, desc, vid, pid in devices]


def test_no_board_lists_the_ports_and_the_fixes(monkeypatch):
    monkeypatch.delenv("STEMKIT_BOARD", raising=False)
    monkeypatch.setattr(board_module, "_all_ports", lambda: _ports(("/dev/ttyS0", "n/a", None, None)))
    with pytest.raises(NoBoardError) as err:
        Board()
    text = str(err.value)
    assert "/dev/ttyS0" in text and "cable" in text and "driver" in text and "Serial Monitor" in text
    with pytest.warns(BoardWarning, match="simulated board"):
        fallback = connect(simulate=Thermistor(temperature=30.0), speed=100)
    assert isinstance(fallback, SimulatedBoard)
    assert fallback.read(lines=2).columns == ["t_ms", "a0"]


def test_several_boards_ask_for_a_choice(monkeypatch):
    monkeypatch.delenv("STEMKIT_BOARD", raising=False)
    monkeypatch.setattr(board_module, "_all_ports", lambda: _ports(
        ("/dev/ttyUSB0", "USB Serial", 0x1A86, 0x7523), ("/dev/ttyUSB1", "USB Serial", 0x1A86, 0x7523)))
    with pytest.raises(SeveralBoardsError, match=r"2 boards.*ttyUSB0.*ttyUSB1.*connect\('/dev/ttyUSB0'\)"):
        connect()
    # one real Arduino among adapters is chosen
    monkeypatch.setattr(board_module, "_all_ports", lambda: _ports(
        ("/dev/ttyACM0", "Arduino Uno", 0x2341, 0x0043), ("/dev/ttyUSB0", "USB Serial", 0x0403, 0x6001)))
    assert board_module._choose_port() == "/dev/ttyACM0"


def test_a_busy_port_names_the_serial_monitor(monkeypatch):
    def busy(*args, **kwargs):
        raise serial.SerialException("[Errno 16] could not open port /dev/ttyACM0: Device or resource busy")

    monkeypatch.setattr(serial, "serial_for_url", busy)
    with pytest.raises(board_module.BoardBusyError, match="Serial Monitor"):
        Board("/dev/ttyACM0")


def test_bad_arguments_say_what_to_give():
    with pytest.raises(ValueError, match="baudrate"):
        Board("loop://", baudrate=0)
    board = Board("loop://", autosave=False)
    with pytest.raises(ValueError, match="read\\(seconds=10\\)"):
        board.read()
    board.close()
    with pytest.raises(BoardDisconnectedError):
        board.read(seconds=1)


def test_a_silent_board_gets_a_note():
    board = Board("loop://", autosave=False)
    board.silence_note_after = 0.2
    with pytest.warns(BoardWarning, match="nothing came"):
        data = board.read(seconds=0.4)
    assert len(data) == 0
