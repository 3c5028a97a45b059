"""The lint's slide rule: no slide is a wall."""

from __future__ import annotations

from stemkit.curriculum.authoring import Lesson
from stemkit.curriculum.lint import MAX_SLIDE_LINES, lint_notebook, slide_sizes


def cell(kind, source, slide):
    return {"cell_type": kind, "metadata": {"slideshow": {"slide_type": slide}}, "source": source}


def test_slide_sizes_count_lines_headings_wrapping_and_code():
    cells = [
        cell("markdown", "# Title\n\nOne line.\n" + "x" * 121, "slide"),     # 2 + 1 + 2
        cell("code", "a = 1\n\nb = 2\nprint(a + b)", "-"),                    # 3 lines + 1 frame
        cell("markdown", "A fragment line.", "fragment"),                    # 1
        cell("markdown", "\n".join(["teacher note"] * 50), "notes"),          # not on the slide
        cell("code", "import this", "skip"),                                 # not on the slide
        cell("markdown", "## Next\ntext", "subslide"),                       # 2 + 1
    ]
    assert slide_sizes(cells) == [(0, 5 + 4 + 1), (5, 3)]


def lesson_with_a_long_slide(split: bool):
    L = Lesson("start-91", title="Walls", track="start", level=1, duration_min=45,
               objectives=["o"], keypoints=["k"])
    L.intro(hook="Hook.")
    L.setup("from stemkit import checks")
    body = "\n".join(f"- point {i} about something worth saying" for i in range(MAX_SLIDE_LINES - 10))
    L.markdown("## A long section\n\n" + body, slide="slide")
    L.markdown(body, slide="subslide" if split else "fragment")
    L.teacher("\n\n".join(["A long note for the teacher, never shown on a slide."] * 60))
    return L


def test_a_wall_is_reported_at_its_first_cell_and_splitting_fixes_it(tmp_path):
    walls = lesson_with_a_long_slide(split=False)
    path = walls.save(tmp_path / "lessons" / "start" / "91-walls.ipynb")
    problems, _nb = lint_notebook(path)
    wall = [p for p in problems if "is a wall" in p.message]
    assert len(wall) == 1
    first = next(i for i, c in enumerate(walls.notebook()["cells"]) if "A long section" in "".join(c["source"]))
    assert wall[0].cell == first
    assert "subslide" in wall[0].fix
    split = lesson_with_a_long_slide(split=True).save(tmp_path / "lessons" / "start" / "91-walls.ipynb")
    problems, _nb = lint_notebook(split)
    assert not [p for p in problems if "is a wall" in p.message]
