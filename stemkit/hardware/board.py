"""An Arduino on a USB cable: find it, read the CSV lines its sketch prints, keep them safe.

In a lesson one call is enough::

    board = hardware.connect()        # the Arduino on USB, or a simulated board
    data = board.read(seconds=10)     # a Recording: data["a0"], data.time
    data.save("my_thermistor.csv", what="thermistor divider on A0")

:class:`Board` reads through pyserial, so it works with a real port (``/dev/ttyACM0``,
``COM3``), a pty, or a pyserial URL such as ``loop://``. What can go wrong at a bench
is handled in plain words:

- no board: the message lists the ports the computer sees and what to check
  (the cable, the driver, the Arduino IDE's Serial Monitor holding the port);
- several boards: the message lists them so you can choose one;
- the cable is pulled out while reading: everything read so far is kept, saved to a
  CSV file, and a note says so;
- garbled or partial lines: counted, skipped, and reported once;
- the wrong baud rate: recognised from the garbage; the board finds the right one
  (and names it) or tells you to make ``Serial.begin(...)`` and ``baudrate=`` agree;
- Ctrl+C or a notebook's stop button: reading stops and the data are returned.
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
import time as _time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stemkit.hardware.lines import LineReader, text_fraction
from stemkit.hardware.recording import Recording
from stemkit.i18n import _, format_number

__all__ = [
    "Board", "BoardInfo", "find_boards", "connect", "BoardWarning", "NoBoardError", "SeveralBoardsError",
    "BoardBusyError", "BoardDisconnectedError", "WrongBaudError", "COMMON_BAUDRATES", "DEFAULT_BAUDRATE",
]

#: The lessons' sketches all call ``Serial.begin(115200)``.
DEFAULT_BAUDRATE = 115200
#: Speeds tried, in this order, when the bytes look like a wrong baud rate.
COMMON_BAUDRATES = (115200, 9600, 57600, 38400, 19200, 230400, 250000, 500000, 1000000, 4800, 2400)

# USB vendor ids of Arduinos and of the USB-serial chips on their clones.
_KNOWN_VENDORS = {0x2341: "Arduino", 0x2A03: "Arduino", 0x1A86: "CH340 (Arduino clone)",
                  0x0403: "FTDI (Arduino clone or adapter)", 0x10C4: "CP210x (Arduino clone or adapter)"}


class BoardWarning(UserWarning):
    """Something a person at the bench should know (simulated board in use, lines skipped, ...)."""


class NoBoardError(ValueError):
    """No Arduino is plugged in (the message lists the ports seen and what to check)."""


class SeveralBoardsError(ValueError):
    """More than one board is plugged in; the message lists them to choose from."""


class BoardBusyError(ValueError):
    """The port exists but another program (often the Serial Monitor) has it open."""


class BoardDisconnectedError(ValueError):
    """The board went away (unplugged); connect again."""


class WrongBaudError(ValueError):
    """The board's bytes are not text at any common speed: the baud rates do not match."""


@dataclass(frozen=True)
class BoardInfo:
    """A serial port that looks like a board: its device name and what the USB says about it."""

    device: str
    description: str = ""
    vid: int | None = None
    pid: int | None = None

    @property
    def maker(self) -> str:
        return _KNOWN_VENDORS.get(self.vid or -1, "")

    def __str__(self) -> str:
        what = self.maker or self.description
        return f"{self.device} ({what})" if what else self.device


def _fix_text() -> str:
    return _("Check that the USB cable carries data (some only charge), that the driver is installed "
             "(CH340 clones need one on Windows and macOS), and that the Arduino IDE's Serial Monitor "
             "is closed: only one program can use the port.")


def _all_ports() -> list[Any]:
    from serial.tools import list_ports

    return list(list_ports.comports())


def find_boards() -> list[BoardInfo]:
    """The serial ports with a USB device behind them, Arduinos and known clone chips first."""
    found = [BoardInfo(p.device, p.description or "", p.vid, p.pid) for p in _all_ports() if p.vid is not None]
    return sorted(found, key=lambda b: (b.maker == "", b.device))


def _choose_port() -> str:
    boards = find_boards()
    if len(boards) == 1:
        return boards[0].device
    if not boards:
        seen = ", ".join(p.device for p in _all_ports()) or _("none")
        raise NoBoardError(_("No Arduino found. Ports the computer sees: {ports}. {fix}").format(
            ports=seen, fix=_fix_text()))
    known = [b for b in boards if b.maker.startswith("Arduino")]
    if len(known) == 1:
        return known[0].device
    raise SeveralBoardsError(_("{count} boards are plugged in: {boards}. Choose one, for example "
                               "hardware.connect({example!r})").format(
        count=len(boards), boards="; ".join(map(str, boards)), example=boards[0].device))


def _open_serial(port: str, baudrate: int, timeout: float) -> Any:
    import serial

    try:
        return serial.serial_for_url(port, baudrate=baudrate, timeout=timeout)
    except serial.SerialException as exc:
        text = str(exc)
        if any(word in text for word in ("Errno 16", "busy", "Access is denied", "PermissionError(13")):
            raise BoardBusyError(_("{port} is in use by another program. Close the Arduino IDE's Serial "
                                   "Monitor (or another notebook reading the board), then try again.").format(
                port=port)) from None
        if "Errno 13" in text or "Permission denied" in text:
            raise BoardBusyError(_("No permission to open {port}. On Linux add yourself to the dialout group "
                                   "(sudo usermod -aG dialout $USER) and log in again.").format(port=port)) from None
        seen = ", ".join(p.device for p in _all_ports()) or _("none")
        raise NoBoardError(_("Cannot open {port} ({error}). Ports the computer sees: {ports}. {fix}").format(
            port=port, error=text, ports=seen, fix=_fix_text())) from None


class Board:
    """A board on a serial port, read as CSV lines.

    Parameters
    ----------
    port : str, optional
        ``"/dev/ttyACM0"``, ``"COM3"``, a pty path or a pyserial URL (``"loop://"``).
        None: the one Arduino plugged in (see :func:`find_boards`).
    baudrate : int
        Serial speed [baud]; must match the sketch's ``Serial.begin(...)``.
    columns : sequence of str, optional
        Column names, for a sketch that prints no header line.
    autosave : bool or path
        Where to save what was read when the board is unplugged mid-read: a folder
        (default: the current folder), or False for no file.
    find_baudrate : bool
        When the bytes look like a wrong baud rate, try the common speeds and keep the
        one that gives text (a note names it).
    """

    kind = "board"
    #: Seconds without a byte before a note asks whether the sketch is uploaded.
    silence_note_after = 3.0

    def __init__(self, port: str | None = None, *, baudrate: int = DEFAULT_BAUDRATE,
                 columns: Sequence[str] | None = None, autosave: bool | str | os.PathLike = True,
                 find_baudrate: bool = True, timeout: float = 0.05, _serial: Any = None):
        if isinstance(baudrate, bool) or not isinstance(baudrate, int) or baudrate <= 0:
            raise ValueError(_("baudrate must be a whole number of baud > 0, like 115200, got {value!r}").format(
                value=baudrate))
        if _serial is None:
            port = port or os.environ.get("STEMKIT_BOARD") or _choose_port()
            _serial = _open_serial(port, baudrate, timeout)
        self._port = _serial
        self.port = str(port or getattr(_serial, "port", "") or getattr(_serial, "name", ""))
        self.baudrate = baudrate
        self._columns = tuple(columns) if columns else None
        self.autosave = autosave
        self.find_baudrate = find_baudrate
        self.recording: Recording | None = None
        self._reader = LineReader(self._columns)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._closed = False
        self._unplugged = False
        self._carry: list = []
        self.error: Exception | None = None

    # -- clock -------------------------------------------------------------------
    def _clock(self) -> float:
        return _time.monotonic()

    def _sleep(self, seconds: float) -> None:
        _time.sleep(seconds)

    # -- reading -----------------------------------------------------------------
    def _new_recording(self) -> Recording:
        rec = Recording(self._reader.columns or (), source=self.describe(), baudrate=self.baudrate)
        self.recording = rec
        return rec

    def describe(self) -> str:
        """The board in a few words (its port, or "simulated board")."""
        return self.port

    def read(self, seconds: float | None = None, *, lines: int | None = None) -> Recording:
        """Read for ``seconds`` [s] or until ``lines`` data lines arrived, whichever comes first.

        Ctrl+C (or the notebook's stop button) ends the reading early; what arrived is
        returned, never lost. The data stay on ``board.recording`` too.
        """
        self._check_open()
        if seconds is None and lines is None:
            raise ValueError(_("say how long to read: read(seconds=10) or read(lines=100)"))
        if seconds is not None and not seconds > 0:
            raise ValueError(_("seconds must be > 0 s, got {value}").format(value=seconds))
        rec = self._new_recording()
        start = self._clock()
        try:
            self._collect(rec, until=None if seconds is None else start + float(seconds), lines=lines,
                          stop=None)
        except KeyboardInterrupt:
            rec.add_note(_("stopped by you after {rows} lines ({seconds} s); everything read is kept").format(
                rows=len(rec), seconds=format_number(self._clock() - start, 3)))
        self._report(rec)
        return rec

    def start(self, seconds: float | None = None) -> Recording:
        """Read in the background (for a live plot) until :meth:`stop` or ``seconds`` [s]."""
        self._check_open()
        if self._thread is not None and self._thread.is_alive():
            return self.recording   # type: ignore[return-value]
        rec = self._new_recording()
        self._stop.clear()
        until = None if seconds is None else self._clock() + float(seconds)
        self._thread = threading.Thread(target=self._collect_in_background, args=(rec,),
                                        kwargs=dict(until=until, lines=None, stop=self._stop),
                                        name="stemkit-board", daemon=True)
        self._thread.start()
        return rec

    @property
    def reading(self) -> bool:
        """True while a background reading runs."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> Recording | None:
        """Stop a background reading; returns its Recording."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        return self.recording

    def live(self, seconds: float | None = None, **options: Any):
        """A live plot of the readings with a stop button (a :class:`BoardExplorer`)."""
        from stemkit.hardware.explorers import BoardExplorer

        return BoardExplorer(self, seconds=seconds, **options)

    def _collect_in_background(self, rec: Recording, **options: Any) -> None:
        try:
            self._collect(rec, **options)
        except Exception as exc:   # shown with the data: a thread's exception would be lost
            self.error = exc
            rec.add_note(str(exc))
        if rec.skipped:
            rec.add_note(_("skipped {count} garbled or partial lines, for example {example!r}").format(
                count=rec.skipped, example=rec.skipped_examples[0] if rec.skipped_examples else ""))

    def _collect(self, rec: Recording, *, until: float | None, lines: int | None,
                 stop: threading.Event | None) -> None:
        start = self._clock()
        last_data = start
        silence_noted = False
        carried, self._carry = self._carry, []
        self._apply(rec, carried, start=start, lines=lines)   # lines that came after the last read ended
        while True:
            now = self._clock()
            if (stop is not None and stop.is_set()) or (until is not None and now >= until):
                break
            if lines is not None and len(rec) >= lines:
                break
            try:
                waiting = self._port.in_waiting
                data = self._port.read(max(1, min(waiting, 4096)))
            except Exception as exc:   # pyserial raises SerialException or OSError when unplugged
                if not _is_disconnect(exc):
                    raise
                self._on_unplug(rec, start)
                return
            now = self._clock()
            if data:
                last_data = now
                self._apply(rec, self._reader.feed(data, time=now), start=start, lines=lines)
                if self._reader.wrong_baud_suspected():
                    self._wrong_baud(rec)
            elif not silence_noted and now - last_data > self.silence_note_after and len(rec) == 0:
                silence_noted = True
                rec.add_note(_("nothing came from {port} for {seconds} s: is the sketch uploaded, and does it "
                               "call Serial.begin({baud})?").format(port=self.describe(), baud=self.baudrate,
                                                                   seconds=format_number(self.silence_note_after)))

    def _apply(self, rec: Recording, events, *, start: float, lines: int | None) -> None:
        for k, e in enumerate(events):
            if lines is not None and len(rec) >= lines:
                self._carry = list(events[k:])   # kept for the next read, not lost
                return
            if e.kind == "row":
                if not rec.columns:
                    rec.set_columns(self._reader.columns or ())
                rec.add_row(max(0.0, e.time - start), e.values)
            elif e.kind == "header":
                if not rec.columns:
                    rec.set_columns(e.columns)
                elif tuple(rec.columns) != e.columns:
                    rec.add_skipped(e.text)
            elif e.kind == "note":
                rec.add_note(_("the sketch says: {text}").format(text=e.text))
            elif e.kind == "restart":
                rec.add_note(_("the board restarted at {seconds} s (it printed its header again)").format(
                    seconds=format_number(max(0.0, e.time - start), 3)))
            else:
                rec.add_skipped(e.text)

    def _report(self, rec: Recording) -> None:
        if rec.skipped:
            rec.add_note(_("skipped {count} garbled or partial lines, for example {example!r}").format(
                count=rec.skipped, example=rec.skipped_examples[0] if rec.skipped_examples else ""))
        for note in rec.notes:
            warnings.warn(BoardWarning(note), stacklevel=3)

    # -- faults ------------------------------------------------------------------
    def _on_unplug(self, rec: Recording, start: float) -> None:
        self._unplugged = True
        where = ""
        if self.autosave and len(rec):
            folder = Path.cwd() if self.autosave is True else Path(self.autosave)
            stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = rec.save(folder / f"board-{stamp}.csv", what=_("Lines read before the board was unplugged"))
            where = " " + _("Saved to {path}.").format(path=path)
        rec.add_note(_("the board stopped answering after {rows} lines ({seconds} s): was it unplugged? "
                       "Everything read so far is kept.{saved} Plug it in and run hardware.connect() "
                       "again.").format(rows=len(rec), seconds=format_number(self._clock() - start, 3),
                                        saved=where))
        try:
            self._port.close()
        except Exception:   # a port that is already gone may fail to close
            pass

    def _wrong_baud(self, rec: Recording) -> None:
        tried = [self.baudrate]
        if self.find_baudrate and self._can_change_baud():
            for candidate in COMMON_BAUDRATES:
                if candidate in tried:
                    continue
                tried.append(candidate)
                if self._probe(candidate):
                    old = self.baudrate
                    self.baudrate = rec.baudrate = candidate
                    self._reader.reset()
                    rec.skipped = 0
                    rec.skipped_examples.clear()
                    rec.add_note(_("the sketch sends at {found} baud, not {asked}: now reading at {found}. "
                                   "(Or change Serial.begin({found}) to Serial.begin({asked}) in the sketch.)").format(
                        found=candidate, asked=old))
                    self._restart_board()
                    return
            self._set_baud(self.baudrate)
        raise WrongBaudError(_("The bytes from {port} are not text at {baud} baud (tried {tried}): the sketch's "
                               "Serial.begin(...) and this board's baudrate must be the same number. The lessons' "
                               "sketches use 115200.").format(
            port=self.describe(), baud=self.baudrate, tried=", ".join(map(str, tried))))

    def _restart_board(self) -> None:
        # An Uno restarts when DTR drops (as when the Serial Monitor opens), so its sketch
        # prints the header line again, this time at a speed we read.
        try:
            self._port.dtr = False
            self._sleep(0.05)
            self._port.reset_input_buffer()
            self._port.dtr = True
        except Exception:   # a port without modem lines: carry on without the header
            pass

    def _can_change_baud(self) -> bool:
        return not str(self.port).startswith("loop://")

    def _set_baud(self, baudrate: int) -> None:
        self._port.baudrate = baudrate

    def _probe(self, baudrate: int, seconds: float = 2.5) -> bool:
        # Listen at one speed until two line ends arrived (a sketch may print only once a
        # second) or ``seconds`` passed; text there means this is the sketch's speed.
        self._set_baud(baudrate)
        self._port.reset_input_buffer()
        data = b""
        end = self._clock() + seconds
        while self._clock() < end and data.count(b"\n") < 2 and len(data) < 1024:
            data += self._port.read(max(1, self._port.in_waiting))
        return data.count(b"\n") >= 2 and text_fraction(data) > 0.95

    # -- lifetime ----------------------------------------------------------------
    def _check_open(self) -> None:
        if self._unplugged:
            raise BoardDisconnectedError(_("{port} was unplugged. Plug the board in and run "
                                           "board = hardware.connect() again.").format(port=self.describe()))
        if self._closed:
            raise BoardDisconnectedError(_("this board was closed; run board = hardware.connect() again"))

    def close(self) -> None:
        """Stop reading and let go of the port (so the Arduino IDE can upload again)."""
        self.stop()
        if not self._closed:
            self._closed = True
            try:
                self._port.close()
            except Exception:   # already gone
                pass

    def __enter__(self) -> Board:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.describe()!r}, baudrate={self.baudrate})"


def _is_disconnect(exc: BaseException) -> bool:
    try:
        import serial
    except ImportError:   # pragma: no cover - pyserial is a dependency
        return isinstance(exc, OSError)
    return isinstance(exc, (serial.SerialException, OSError))


def connect(port: str | None = None, *, baudrate: int = DEFAULT_BAUDRATE, simulate: Any = None,
            columns: Sequence[str] | None = None, **options: Any) -> Board:
    """The board a lesson reads: the Arduino on USB, or else a simulated one (with a note).

    Parameters
    ----------
    port : str, optional
        A port to use (``"/dev/ttyACM0"``, ``"COM3"``); None finds the board. The
        environment variable ``STEMKIT_BOARD`` may name one, or ``sim`` for the simulated board.
    baudrate : int
        Serial speed [baud]; the lessons' sketches use 115200.
    simulate : model or list of models, optional
        What the simulated board measures when no board is plugged in (see
        :mod:`stemkit.hardware.simulated`); default: a 10 kΩ / 10 kΩ divider on A0.
    columns : sequence of str, optional
        Column names for a sketch that prints no header line.
    **options
        Passed to :class:`Board` or :class:`SimulatedBoard`.

    Returns
    -------
    Board or SimulatedBoard
    """
    from stemkit.hardware.simulated import SimulatedBoard, default_model

    chosen = port or os.environ.get("STEMKIT_BOARD") or None
    if chosen != "sim":
        try:
            return Board(chosen, baudrate=baudrate, columns=columns,
                         **{k: v for k, v in options.items() if k in ("autosave", "find_baudrate", "timeout")})
        except NoBoardError as exc:
            if chosen:
                raise
            reason = str(exc)
    else:
        reason = _("STEMKIT_BOARD=sim asks for the simulated board.")
    models = simulate if isinstance(simulate, (list, tuple)) else [simulate or default_model()]
    board = SimulatedBoard(*models, baudrate=baudrate, **options)
    warnings.warn(BoardWarning(_("Using a simulated board: it prints what the real sketch would, from the lesson's "
                                 "model. {reason}").format(reason=reason)), stacklevel=2)
    return board
