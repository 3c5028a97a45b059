"""The hardware room of stemkit: an Arduino on USB, a simulated board, and the sketches' build.

In a lesson::

    from stemkit import hardware
    board = hardware.connect()          # the Arduino on USB, or a simulated board (with a note)
    data = board.read(seconds=10)       # data["a0"], data.time; data.save("log.csv")
    board.live()                        # a live plot with a stop button

Core modules (no plotting, no widgets): :mod:`~stemkit.hardware.board` (Board,
connect, the faults), :mod:`~stemkit.hardware.simulated` (SimulatedBoard and its
models), :mod:`~stemkit.hardware.lines` (reading CSV lines), :mod:`~stemkit.hardware.recording`
(what was read, saved with a card), :mod:`~stemkit.hardware.servo` (servo pulse widths),
:mod:`~stemkit.hardware.build` (compiling a sketch for the Uno) and
:mod:`~stemkit.hardware.wiring` (the breadboard picture and schematic of each build, drawn
from one description). ``plots.py`` and ``explorers.py`` draw and animate a recording.
"""

from stemkit.hardware import board, build, lines, recording, servo, simulated, wiring  # noqa: E402
from stemkit.hardware.board import (  # noqa: E402
    Board,
    BoardBusyError,
    BoardDisconnectedError,
    BoardWarning,
    NoBoardError,
    SeveralBoardsError,
    WrongBaudError,
    connect,
    find_boards,
)
from stemkit.hardware.recording import Recording, load_recording  # noqa: E402
from stemkit.hardware.servo import servo_pulse_width  # noqa: E402
from stemkit.hardware.simulated import (  # noqa: E402
    Button,
    Divider,
    Encoder,
    Led,
    PwmFilter,
    SimulatedBoard,
    Thermistor,
    UltrasonicTarget,
)

__all__ = [
    "Board", "SimulatedBoard", "connect", "find_boards", "Recording", "load_recording",
    "Divider", "Led", "Thermistor", "UltrasonicTarget", "Button", "PwmFilter", "Encoder", "servo_pulse_width",
    "BoardWarning", "NoBoardError", "SeveralBoardsError", "BoardBusyError", "BoardDisconnectedError",
    "WrongBaudError",
    "board", "build", "lines", "recording", "servo", "simulated", "wiring",
]
