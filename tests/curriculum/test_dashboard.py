"""The class heatmap, the stuck list and the common wrong answers, on logs built by hand."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest

from stemkit.curriculum import dashboard as d
from stemkit.curriculum.progress import Attempt, demo_class

T0 = datetime(2026, 9, 7, 9, 0, tzinfo=timezone.utc)
SVG = "{http://www.w3.org/2000/svg}"


def att(user, exercise, ok, minute, reason="", answer=""):
    return Attempt(user=user, lesson=exercise.split("-ex")[0], exercise=exercise, ok=ok, points=float(ok),
                   max_points=1.0, reason="" if ok else (reason or "wrong"), time=T0 + timedelta(minutes=minute),
                   answer=answer)


E1, E2, E3 = "start-01-ex1-1", "start-01-ex1-2", "start-01-ex2-1"


def cells_of(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None]


# --- statuses --------------------------------------------------------------------------------
def test_grid_statuses_from_a_log():
    log = [
        att("ana", E1, False, 0, "prefix"), att("ana", E1, False, 1, "sign"), att("ana", E1, True, 2),  # right, 3 tries
        att("ana", E2, False, 3, "not attempted"),                   # only a blank run: not attempted
        att("ana", E3, False, 4, "error"),                           # the check could not run: broken
        att("ben", E1, True, 0), att("ben", E1, False, 5, "sign", answer="-2.5"),   # latest answer wrong
        att("ben", E2, False, 1, "not attempted"), att("ben", E2, False, 2, "prefix", answer="2500"),
        att("ben", E2, False, 3, "prefix", answer="2500"),
    ]
    grid = d.grid_from_log(log)
    assert grid.students == ["ana", "ben"] and grid.exercises == [E1, E2, E3]
    assert grid.cell("ana", E1) == d.Cell(d.RIGHT, 3)
    assert grid.cell("ana", E2).status == d.NOT_ATTEMPTED
    assert grid.cell("ana", E3) == d.Cell(d.BROKEN, 1, "error")
    assert grid.cell("ben", E1) == d.Cell(d.WRONG, 2, "-2.5")
    assert grid.cell("ben", E2) == d.Cell(d.WRONG, 2, "2500")         # the blank run is not a try
    assert grid.cell("ben", E3) == d.Cell()                           # no record at all
    assert grid.counts() == {d.RIGHT: 1, d.WRONG: 2, d.NOT_ATTEMPTED: 2, d.BROKEN: 1}


def test_every_status_has_its_own_colour_and_its_own_mark():
    from stemkit.ui.figure import PALETTE

    colours = d.status_colours()
    assert len({colours[s] for s in d.STATUSES}) == 4
    assert {colours[d.RIGHT], colours[d.WRONG], colours[d.BROKEN]} <= set(PALETTE.values())
    grid = d.Grid(["s"], [E1, E2, E3, "start-01-ex2-2"], {("s", E1): d.Cell(d.RIGHT, 1), ("s", E2): d.Cell(d.WRONG, 4),
                                                         ("s", E3): d.Cell(d.BROKEN, 1, "error")})
    marks = {}
    for g in cells_of(d.heatmap(grid).svg):
        title = g.find(f"{SVG}title").text
        shapes = [child.tag.removeprefix(SVG) for child in g if child.tag != f"{SVG}title"]
        marks[title.split(": ", 1)[1]] = (shapes, [t.text for t in g.iter(f"{SVG}text")])
    assert marks["right"] == (["rect", "polyline"], [])                       # a tick
    assert marks["wrong after 4 tries"] == (["rect", "text"], ["4"])          # the number of tries
    assert marks["broken (error)"] == (["rect", "path"], [])                  # stripes
    assert marks["not attempted"] == (["rect"], [])                           # nothing


def test_a_class_of_30_by_60_fits_a_1366_screen_with_no_warning():
    attempts = demo_class(seed=2026, students=30, lessons=6, exercises_per_lesson=10)
    import stemkit.ui.figure  # noqa: F401  - the palette's module, loaded before the strict part
    err = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stderr(err), contextlib.redirect_stdout(err):
        warnings.simplefilter("error")
        grid = d.grid_from_log(attempts)
        picture = d.heatmap(grid, title="Who got what (DEMO)")
        stuck = d.stuck_table(d.stuck_students(attempts))._repr_html_()
        common = d.wrong_answers_table(d.wrong_answers(attempts))._repr_html_()
    assert err.getvalue() == ""
    assert (len(grid.students), len(grid.exercises)) == (30, 60)
    root = ET.fromstring(picture.svg)
    width, height = int(root.get("width")), int(root.get("height"))
    assert (width, height) == (picture.width, picture.height)
    assert width <= 1000 and height <= 640          # beside JupyterLab's file browser, on one 1366 × 768 screen
    assert root.get("viewBox") == f"0 0 {width} {height}"
    cells = cells_of(picture.svg)
    assert len(cells) == 30 * 60
    rects = [g.find(f"{SVG}rect") for g in cells]
    xs = sorted({float(r.get("x")) for r in rects})
    cell_w, cell_h = float(rects[0].get("width")), float(rects[0].get("height"))
    assert cell_w >= 12 and cell_h >= 14            # big enough to read a digit in
    assert max(xs) + cell_w <= width
    top = min(float(r.get("y")) for r in rects)
    # the legend (and every label) sits outside the data: above the first row or left of the first column
    for text in ET.fromstring(picture.svg).iter(f"{SVG}text"):
        if text.text and not re.fullmatch(r"\d|9\+", text.text):
            x, y = text.get("x"), text.get("y")
            if x is not None and y is not None:
                assert float(y) < top or float(x) <= min(xs), text.text
    fonts = {float(t.get("font-size")) for t in root.iter(f"{SVG}text")}
    assert min(fonts) >= 10
    assert "student30" in picture.svg and "electronics-06" in picture.svg
    assert "<table>" in stuck and "<table>" in common


def test_long_names_are_cut_to_fit_and_text_is_escaped():
    grid = d.Grid(["<b>a very long student name indeed, far too long</b>"], [E1])
    svg = d.heatmap(grid).svg
    ET.fromstring(svg)                  # still well-formed XML
    assert "<b>" not in svg and "…" in svg


# --- stuck -------------------------------------------------------------------------------------
def test_stuck_students_on_a_constructed_log():
    log = [
        # ana: 3 wrong tries on E2, never solved, though she solved E1 at minute 18
        att("ana", E1, True, 18), *[att("ana", E2, False, m, "sign") for m in (19, 20, 21)],
        # ben: solved E1 at minute 5, then nothing solved for 17 minutes
        att("ben", E1, True, 5), att("ben", E2, False, 12, "prefix"),
        # cai: everything solved long ago: done, not stuck
        att("cai", E1, True, 1), att("cai", E2, True, 2), att("cai", E3, True, 3),
        # dan: two wrong tries, then right, recently
        att("dan", E1, False, 19), att("dan", E1, False, 20), att("dan", E1, True, 21),
        # eve: both reasons at once: 4 wrong tries, first check 20 minutes ago, nothing solved
        *[att("eve", E3, False, m, "type") for m in (2, 8, 14, 20)],
        # the latest line of the log, "now"
        att("dan", E2, True, 22),
    ]
    rows = d.stuck_students(log, min_tries=3, idle_minutes=10)
    by = {s.user: s for s in rows}
    assert [s.user for s in rows] == ["eve", "ana", "ben"]          # both reasons first, then most tries
    assert by["eve"].many_tries and by["eve"].no_progress and by["eve"].tries == 4 and by["eve"].exercises == (E3,)
    assert by["eve"].idle_minutes == pytest.approx(20.0) and by["eve"].last_reason == "type"
    assert by["ana"].many_tries and not by["ana"].no_progress and by["ana"].exercises == (E2,)
    assert by["ana"].idle_minutes == pytest.approx(4.0)
    assert by["ben"].no_progress and not by["ben"].many_tries and by["ben"].idle_minutes == pytest.approx(17.0)
    assert by["ben"].current == E2
    # a stricter teacher: ana's 3 tries are not enough, ben is still idle
    assert [s.user for s in d.stuck_students(log, min_tries=4, idle_minutes=10)] == ["eve", "ben"]
    # only the last 10 minutes count (from minute 12): eve has 2 tries there and her first is 8 minutes old;
    # ben's first check there is 10 minutes old, with nothing solved since
    late = {s.user: s for s in d.stuck_students(log, min_tries=3, idle_minutes=10, window_minutes=10)}
    assert sorted(late) == ["ana", "ben"] and late["ben"].idle_minutes == pytest.approx(10.0)
    table = str(d.stuck_table(rows))
    assert "eve" in table and "4 wrong tries; nothing solved for 20 min" in table
    assert "Nobody is stuck" in str(d.stuck_table([]))


def test_stuck_refuses_bad_settings():
    with pytest.raises(ValueError, match="min_tries must be >= 1, got 0"):
        d.stuck_students([], min_tries=0)
    with pytest.raises(ValueError, match="idle_minutes must be > 0 min, got -1"):
        d.stuck_students([], idle_minutes=-1)
    assert d.stuck_students([]) == []


# --- wrong answers -----------------------------------------------------------------------------
def test_most_common_wrong_answers_per_exercise():
    log = [att("a", E1, False, 0, "prefix", "4700"), att("b", E1, False, 1, "prefix", "4700"),
           att("c", E1, False, 2, "sign"), att("d", E1, False, 3, "not attempted"), att("e", E1, True, 4),
           att("a", "start-01-ex1-10", False, 5, "type"), att("a", E2, False, 6, "sign")]
    common = d.wrong_answers(log, top=2)
    assert list(common) == [E1, E2, "start-01-ex1-10"]          # lesson order, 10 after 2
    assert common[E1] == [("4700 (prefix)", 2), ("sign", 1)]
    assert d.wrong_answers(log, top=1)[E1] == [("4700 (prefix)", 2)]
    text = str(d.wrong_answers_table(common))
    assert "start-01 1.1" in text and "4700 (prefix) × 2; sign × 1" in text
    with pytest.raises(ValueError, match="top must be >= 1"):
        d.wrong_answers(log, top=0)
