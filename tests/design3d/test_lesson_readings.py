"""Bad readings typed into the design3d build cells: a short message, never a traceback.

Each lesson whose build cell reads measurements (d01, d03, d05, d06, d07, d08) runs in
an IPython shell, cell by cell as in a notebook, up to that build cell. Then the build
cell runs again with one reading changed, the way a student would type it:

- ``0`` (a length, a mass or a time cannot be 0),
- ``"forty"`` (a word, not a number),
- ``"3.9 g"`` where the cell asks for millimetres or minutes (the wrong unit).

The shell must show the :class:`~stemkit.units.ReadingError` message, which names the
reading and says what to type, and no traceback. ``"3.9 g"`` typed for a mass in grams
is a good reading and must be used as 3.9.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from stemkit.units import ReadingError

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons" / "design3d"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Reading:
    lesson: str          # file name in lessons/design3d
    cell: str            # id of the build cell that reads it
    assign: str          # the statement that types the value, with {value}
    after: str           # it goes after the first assignment to this name in the cell, or before the cell
    name: str            # how the message names the reading
    unit: str

    def __str__(self) -> str:
        return f"{self.lesson[:2]}-{self.name}"


READINGS = [
    Reading("01-coordinates-and-units.ipynb", "design3d-01-44-0b8ad344", 'my_readings["x"][1] = {value}',
            "my_readings", 'my_readings["x"]', "mm"),
    Reading("03-moving-parts.ipynb", "design3d-03-33-b7c41e02", "measured_side_mm[1.5] = {value}",
            "measured_side_mm", "measured_side_mm[1.5]", "mm"),
    Reading("03-moving-parts.ipynb", "design3d-03-33-b7c41e02", "measured_mass_g[2.0] = {value}",
            "measured_mass_g", "measured_mass_g[2.0]", "g"),
    Reading("05-measuring-a-part.ipynb", "design3d-05-46-fa6d8f1b", "measured_sides_mm = (20.05, {value}, 19.92)",
            "measured_sides_mm", "measured_sides_mm", "mm"),
    Reading("05-measuring-a-part.ipynb", "design3d-05-46-fa6d8f1b", "measured_mass_g = {value}",
            "measured_mass_g", "measured_mass_g", "g"),
    Reading("05-measuring-a-part.ipynb", "design3d-05-46-fa6d8f1b", "slicer_mass_g_said = {value}",
            "slicer_mass_g_said", "slicer_mass_g_said", "g"),
    Reading("06-designing-with-parameters.ipynb", "design3d-06-32-edab4302", "peg_mm = {value}",
            "peg_mm", "peg_mm", "mm"),
    Reading("06-designing-with-parameters.ipynb", "design3d-06-32-edab4302", "measured[2] = {value}",
            "measured", "measured[2]", "mm"),
    Reading("07-slicing.ipynb", "design3d-07-42-e8b2f6a0", "measured_length = {value}",
            "measured_length", "measured_length", "mm"),
    Reading("07-slicing.ipynb", "design3d-07-42-e8b2f6a0", "measured_hole_1 = {value}",
            "measured_hole_1", "measured_hole_1", "mm"),
    Reading("08-gcode.ipynb", "design3d-08-46-e0afaf24", "measured_time_min = {value}",
            "measured_time_min", "measured_time_min", "min"),
    Reading("08-gcode.ipynb", "design3d-08-46-e0afaf24", "measured_mass_g = {value}",
            "measured_mass_g", "measured_mass_g", "g"),
    Reading("08-gcode.ipynb", "design3d-08-46-e0afaf24", "measured_diameter_mm = {value}",
            "measured_diameter_mm", "measured_diameter_mm", "mm"),
    Reading("08-gcode.ipynb", "design3d-08-46-e0afaf24", "measured_wall_mm = {value}",
            "measured_wall_mm", "measured_wall_mm", "mm"),
]

# what a student may type, and the words the message must then hold
BAD = {0: "cannot be right", "forty": "'forty' is not a reading", "3.9 g": "'3.9 g' is not a reading"}


def _cases():
    for r in READINGS:
        for value, words in BAD.items():
            if value == "3.9 g" and r.unit == "g":
                continue        # a good reading there: see the test below
            yield pytest.param(r, value, words, id=f"{r}={value!r}")


class _Lesson:
    """A lesson run in an IPython shell up to one build cell, which can then be run again."""

    def __init__(self, shell, path: Path, cell_id: str):
        import nbformat

        self.shell = shell
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        index = next(k for k, c in enumerate(code) if c.get("id") == cell_id)
        self.source = code[index].source
        shell.reset(new_session=True)
        for c in code[:index]:
            out = self.run(c.source)
            if out[0] is not None:
                raise AssertionError(f"{path.name}: cell {c.get('id')} failed before the build cell:\n{out[1]}")
        self.namespace = dict(shell.user_ns)

    def run(self, source: str):
        """Run code as a notebook cell; (the error raised or None, what the shell showed)."""
        shown = io.StringIO()
        with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(shown):
            result = self.shell.run_cell(source, store_history=False)
        error = result.error_in_exec or result.error_before_exec
        return error, ANSI.sub("", shown.getvalue())

    def restore(self) -> None:
        """The lesson's namespace as it was before the build cell."""
        self.shell.user_ns.clear()
        self.shell.user_ns.update(self.namespace)
        for k, v in list(self.namespace.items()):      # the readings' dicts and lists: fresh copies
            if isinstance(v, (dict, list)) and not k.startswith("_"):
                self.shell.user_ns[k] = type(v)(v)

    def run_with(self, reading: Reading, value) -> tuple[BaseException | None, str]:
        """The build cell with one reading typed as ``value``."""
        self.restore()
        typed = ast.parse(reading.assign.format(value=repr(value))).body
        tree = ast.parse(self.source)
        where = next((k + 1 for k, node in enumerate(tree.body) if isinstance(node, ast.Assign)
                      and any(isinstance(t, ast.Name) and t.id == reading.after for t in node.targets)), 0)
        tree.body[where:where] = typed
        return self.run(ast.unparse(tree))


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("STEMKIT_PROGRESS", os.devnull)
    main = sys.modules.get("__main__")
    sh = InteractiveShell.instance()   # it puts its own module in sys.modules["__main__"]
    yield sh
    sh.reset(new_session=True)
    InteractiveShell.clear_instance()
    if main is not None:
        sys.modules["__main__"] = main   # the next test file in this worker gets the real one back
    import matplotlib.pyplot as plt

    plt.close("all")


_RUN: dict[tuple[str, str], _Lesson] = {}


@pytest.fixture
def lesson(shell, request):
    reading = request.node.callspec.params["reading"]
    key = (reading.lesson, reading.cell)
    if key not in _RUN:
        _RUN.clear()            # one lesson's namespace at a time
        _RUN[key] = _Lesson(shell, LESSONS / reading.lesson, reading.cell)
    return _RUN[key]


@pytest.mark.parametrize(("reading", "value", "words"), list(_cases()))
def test_a_bad_reading_gives_the_message_and_no_traceback(lesson, reading, value, words):
    error, shown = lesson.run_with(reading, value)
    assert isinstance(error, ReadingError), f"{reading} = {value!r} gave {error!r}:\n{shown}"
    assert "Traceback" not in shown and 'File "' not in shown and "----> " not in shown, shown
    assert reading.name in shown and words in shown, shown
    assert len(shown.strip().splitlines()) <= 3, shown          # the message, not pages of code


@pytest.mark.parametrize("reading", [r for r in READINGS if r.unit == "g"], ids=str)
def test_a_mass_typed_with_its_unit_is_read(lesson, reading):
    error, shown = lesson.run_with(reading, "3.9 g")
    assert error is None, shown
    assert "Traceback" not in shown


@pytest.mark.parametrize("reading", READINGS, ids=str)
def test_the_build_cell_runs_with_the_readings_as_given(lesson, reading):
    lesson.restore()
    error, shown = lesson.run(lesson.source)
    assert error is None, shown
