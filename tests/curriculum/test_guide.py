"""Teacher guides: kit lists summed per track, lesson sections with notes and the answer key."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stemkit.curriculum.authoring import Lesson
from stemkit.curriculum.guide import (
    answer_key,
    parse_kit_item,
    render_guide,
    track_kit,
    write_guides,
)
from stemkit.curriculum.notebook import TRACKS, cell_source, find_lessons, read_notebook

REPO = Path(__file__).resolve().parents[2]


def make_root(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    for n, kit in ((1, ["2 × red LED", "breadboard", "330 Ω resistor"]), (2, ["3 red LEDs", "a breadboard", "multimeter"])):
        L = Lesson(f"electronics-0{n}", title=f"Lesson {n}", track="electronics", level=1, duration_min=45,
                   objectives=[f"Objective {n}"], keypoints=["k"], kit=kit)
        L.intro(hook="Hook.")
        L.setup("from stemkit import checks")
        L.teacher(f"**Timing:** 10 min talk, 35 min build for lesson {n}.\n\n**Misconception:** volts flow.")
        L.exercise("1.1", points=2, prompt="Store 2.",
                   answer=f"### BEGIN SOLUTION\nanswer_number_{n} = 2\n### END SOLUTION",
                   check=f'checks.exact("electronics-0{n}-ex1-1", "answer_number_{n}", expected=2, points=2)\n'
                         "### BEGIN HIDDEN TESTS\n"
                         f'checks.exact("electronics-0{n}-ex1-1", "answer_number_{n}", expected=2, hidden=True)\n'
                         "### END HIDDEN TESTS")
        L.save(tmp_path / "lessons" / "electronics" / f"0{n}-lesson-{n}.ipynb")
    return tmp_path


class _Checker(HTMLParser):
    """Fails on tags closed out of order (a cheap well-formedness check)."""

    VOID = {"meta", "br", "img", "hr", "input", "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def test_kit_items_read_counts_but_not_values_with_units():
    assert parse_kit_item("10 resistors of mixed values")[:2] == (10, "resistors of mixed values")
    assert parse_kit_item("4 × AA battery")[:2] == (4, "AA battery")
    assert parse_kit_item("two SG90 servos")[:2] == (2, "SG90 servos")
    assert parse_kit_item("a breadboard")[0] == 1
    assert parse_kit_item("330 Ω resistor")[:2] == (1, "330 Ω resistor")
    assert parse_kit_item("a 30 cm ruler")[:2] == (1, "30 cm ruler")
    assert parse_kit_item("2WD car kit")[:2] == (1, "2WD car kit")
    assert parse_kit_item("3 red LEDs")[2] == parse_kit_item("2 × red LED")[2]
    assert parse_kit_item("digital calipers (0.01 mm)")[2] == parse_kit_item("Digital calipers")[2]
    with pytest.raises(ValueError, match="kit item"):
        parse_kit_item("  ")


def test_track_kit_sums_and_keeps_the_most_one_lesson_needs():
    kit = {k.key: k for k in track_kit([
        {"id": "electronics-01", "kit": ["2 × red LED", "breadboard"]},
        {"id": "electronics-02", "kit": ["3 red LEDs", "a breadboard", "multimeter"]},
    ])}
    led = kit[parse_kit_item("red LED")[2]]
    assert (led.most_in_one_lesson, led.total, led.lessons) == (3, 5, ["electronics-01", "electronics-02"])
    board = kit["breadboard"]
    assert (board.most_in_one_lesson, board.total) == (1, 2)
    assert kit["multimeter"].lessons == ["electronics-02"]


def test_guide_has_every_part_of_each_lesson(tmp_path):
    root = make_root(tmp_path)
    page = render_guide("electronics", root)
    _Checker().feed(page)
    for n in (1, 2):
        assert f"electronics-0{n}: Lesson {n}" in page
        assert f"Objective {n}" in page
        assert f"10 min talk, 35 min build for lesson {n}." in page    # timing, pulled out of the notes
        assert f"answer_number_{n} = 2" in page                       # the answer key
    assert "volts flow" in page and "BEGIN SOLUTION" not in page
    row = re.search(r"<tr><td>red LED</td><td class='num'>(\d+)</td><td class='num'>(\d+)</td>", page)
    assert row and row.groups() == ("3", "5")
    assert "Do not hand it out" in page


def test_write_guides_for_present_tracks_and_refuses_unknown(tmp_path):
    root = make_root(tmp_path)
    written = write_guides(tmp_path / "out", root=root)
    assert [p.name for p in written] == ["electronics-teacher-guide.html"]
    with pytest.raises(ValueError, match="track must be one of"):
        write_guides(tmp_path / "out", ["chemistry"], root=root)


def test_write_guides_follows_the_output_rule(tmp_path):
    from stemkit.curriculum.outputs import OutputError

    root = make_root(tmp_path)
    target = tmp_path / "out" / "electronics-teacher-guide.html"
    write_guides(tmp_path / "out", root=root)
    first = target.read_text(encoding="utf-8")
    write_guides(tmp_path / "out", root=root)          # its own guide is simply written again
    assert target.read_text(encoding="utf-8") == first
    for bad in (root / "lessons", root / "lessons" / "electronics"):
        with pytest.raises(OutputError, match="teacher sources"):
            write_guides(bad, root=root)
    assert sorted(p.name for p in (root / "lessons" / "electronics").iterdir()) == [
        "01-lesson-1.ipynb", "02-lesson-2.ipynb"]
    target.write_text("my notes on the guide", encoding="utf-8")
    with pytest.raises(OutputError, match="changed after stemkit wrote it"):
        write_guides(tmp_path / "out", root=root)
    assert target.read_text(encoding="utf-8") == "my notes on the guide"
    write_guides(tmp_path / "out", root=root, force=True)
    assert target.read_text(encoding="utf-8") == first
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "electronics-teacher-guide.html").write_text("someone else's", encoding="utf-8")
    with pytest.raises(OutputError, match="did not write"):
        write_guides(tmp_path / "other", root=root, force=True)


@pytest.mark.parametrize("track", TRACKS)
def test_guide_of_every_committed_track_holds_each_lessons_answers(track):
    lessons = [lf for lf in find_lessons(REPO) if lf.track == track]
    if not lessons:
        pytest.skip(f"no {track} lessons yet")
    page = render_guide(track, REPO)
    _Checker().feed(page)
    for lf in lessons:
        nb = read_notebook(lf.path)
        lid = nb["metadata"]["stemkit"]["id"]
        assert f"id='{lid}'" in page
        for ex in answer_key(nb):
            assert html.escape(ex["answer"]) in page
        for cell in nb["cells"]:
            if "teacher" in cell.get("metadata", {}).get("tags", []):
                words = re.findall(r"[A-Za-z]{6,}", cell_source(cell))
                assert all(w in page for w in words[:5]), lid


def test_a_translated_guide_keeps_every_exercise_number_and_the_class_plan():
    english = render_guide("start")
    russian = render_guide("start", lang="ru")
    numbers = re.findall(r"<h4>[^<(]*?(\d+\.\d+) \(", english)
    assert numbers and re.findall(r"<h4>[^<(]*?(\d+\.\d+) \(", russian) == numbers
    assert "?" not in "".join(re.findall(r"<h4>(.*?)<code>", russian))
    nb = read_notebook(find_lessons()[0].path) if find_lessons()[0].track == "start" else None
    plan = nb["metadata"]["stemkit"]["timing"] if nb else []
    # with the teacher's timing paragraph translated, the plan comes from the lesson's metadata, minutes kept
    for part in plan:
        assert f": {part['min']} " in html.unescape(russian)
