"""Offline HTML pages: formulas become MathML, the page fetches nothing, outputs stay, files are safe."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import pytest
from bs4 import BeautifulSoup

from stemkit.cli import main
from stemkit.curriculum.export import (
    FormulaError,
    export,
    external_resources,
    markdown_formulas,
    notebook_html,
    tex_to_mathml,
)
from stemkit.curriculum.notebook import cell_source, find_lessons, read_notebook, repo_root
from stemkit.curriculum.translate import translate_notebook

ROOT = repo_root(Path(__file__).parent)
LESSONS = find_lessons(ROOT)
M = "{http://www.w3.org/1998/Math/MathML}"


def _notebook(path: Path, cells: list[tuple[str, str]], **meta) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.update(meta)
    for kind, source in cells:
        nb.cells.append(nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _markdown_text(page: str) -> str:
    """What a reader sees of the markdown cells: no code, no formulas."""
    soup = BeautifulSoup(page, features="html.parser")
    for el in soup.select(".jp-RenderedMarkdown code, .jp-RenderedMarkdown pre, .jp-RenderedMarkdown math"):
        el.decompose()
    return " ".join(el.get_text(" ") for el in soup.select(".jp-RenderedMarkdown"))


def _run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# -- every formula of the curriculum -----------------------------------------------------------------
def _formulas(nb) -> list[tuple[str, bool]]:
    return [f for c in nb["cells"] if c["cell_type"] == "markdown" for f in markdown_formulas(cell_source(c))]


def _check_mathml(tex: str, display: bool) -> None:
    out = tex_to_mathml(tex, display=display)
    root = ElementTree.fromstring(out)
    assert root.tag == M + "math" and root.get("display") == ("block" if display else "inline")
    drawn, note = list(root[0])
    assert note.tag == M + "annotation" and note.text == tex
    tokens = [el for el in drawn.iter() if el.tag in {M + t for t in ("mi", "mn", "mo", "mtext")}]
    assert tokens, f"nothing drawn for {tex!r}"
    # every letter and digit of the formula outside its commands reaches the page (none is swallowed)
    plain = re.sub(r"\\[A-Za-z]+|\\.", " ", re.sub(r"\\(?:begin|end)\{\w+\*?\}", " ", tex))
    drawn_text = "".join(el.text or "" for el in drawn.iter())
    for ch in set(re.findall(r"[A-Za-z0-9]", plain)):
        assert ch in drawn_text, f"{ch!r} of {tex!r} is missing from {out}"


def test_every_formula_of_every_lesson_becomes_mathml():
    count = 0
    for lesson in LESSONS:
        nb = read_notebook(lesson.path)
        formulas = _formulas(nb)
        for tex, display in formulas:
            _check_mathml(tex, display)
        page, fallbacks, drawn = notebook_html(nb, name=lesson.path.stem)
        assert fallbacks == [], f"{lesson.lesson_id}: {fallbacks}"
        assert drawn == len(formulas) == page.count("<math ")
        # no TeX is left for a reader to puzzle over
        assert "$" not in _markdown_text(page), lesson.lesson_id
        count += len(formulas)
    assert len(LESSONS) >= 27 and count > 200


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_formula_of_every_translated_lesson_becomes_mathml(lang):
    for lesson in LESSONS:
        nb, _stats = translate_notebook(read_notebook(lesson.path), lang)
        for tex, display in _formulas(nb):
            _check_mathml(tex, display)


# -- formulas -----------------------------------------------------------------------------------------
def test_inline_display_and_matrix_formulas_become_math_elements():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(
        "Ohm's law: $I = \\frac{V}{R}$, so\n\n$$P = V I = I^2 R$$\n\nand\n\n"
        "$$\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}$$\n\nWith *price* tags as \\$5 text.")]
    page, fallbacks, drawn = notebook_html(nb)
    assert fallbacks == [] and drawn == 3
    soup = BeautifulSoup(page, features="html.parser")
    maths = soup.find_all("math")
    assert [m.get("display") for m in maths] == ["inline", "block", "block"]
    assert maths[0].find("mfrac") is not None and maths[2].find("mtable") is not None
    assert [m.find("annotation").get_text() for m in maths][:2] == ["I = \\frac{V}{R}", "P = V I = I^2 R"]
    text = _markdown_text(page)
    assert "\\frac" not in text and "I^2" not in text and "$5" in text


def test_function_names_relations_and_slashes_are_drawn_as_tex_draws_them():
    atan2 = ElementTree.fromstring(tex_to_mathml(r"\operatorname{atan2}(y, x)"))
    assert [el.text for el in atan2.iter(M + "mi")] == ["atan2", "y", "x"]       # one name, not a t a n 2
    step = ElementTree.fromstring(tex_to_mathml(r"x \mathrel{+}= v\,dt"))
    assert [el.text for el in step.iter(M + "mo")] == ["+="]
    assert not [el for el in step.iter(M + "mo") if len(el)]                      # no <mo> inside an <mo>
    sine = ElementTree.fromstring(tex_to_mathml(r"L_2 \sin q_2"))
    row = [el.tag.replace(M, "") for el in sine[0][0][0]]
    assert row == ["msub", "mspace", "mi", "mspace", "msub"]                      # L₂ sin q₂, not L₂sinq₂
    call = ElementTree.fromstring(tex_to_mathml(r"\sin(x)"))
    assert [el.tag.replace(M, "") for el in call[0][0][0]][:2] == ["mi", "mo"]    # no space before a bracket
    ratio = ElementTree.fromstring(tex_to_mathml(r"V / R"))
    slash = next(el for el in ratio.iter(M + "mo") if el.text == "/")
    assert slash.get("lspace") == slash.get("rspace") == "0"


@pytest.mark.parametrize("tex, words", [("x^", "MissingSuperScriptOrSubscriptError"),
                                        (r"\frac{1}{", "NoAvailableTokensError"),
                                        (r"\left( x", "ExtraLeftOrMissingRightError"),
                                        (r"\foo x", "unknown TeX command \\foo")])
def test_a_formula_that_cannot_be_converted_says_why(tex, words):
    with pytest.raises(FormulaError, match=re.escape(words)):
        tex_to_mathml(tex)


def test_a_formula_that_cannot_be_converted_keeps_its_tex_visible_and_is_reported():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"),
                nbformat.v4.new_markdown_cell("Fine $a + b$, broken $x^$ and $a < \\foo$.\n\n$$\\left( x$$")]
    page, fallbacks, drawn = notebook_html(nb)
    assert drawn == 1
    assert [(f.tex, f.display, f.cell) for f in fallbacks] == [("x^", False, 2), ("a < \\foo", False, 2),
                                                              ("\\left( x", True, 2)]
    assert "unknown TeX command" in fallbacks[1].reason
    soup = BeautifulSoup(page, features="html.parser")
    codes = [c.get_text() for c in soup.select("code.stemkit-tex")]
    assert codes == ["$x^$", "$a < \\foo$", "$$\\left( x$$"]
    assert "$a &lt; \\foo$" in page                      # the TeX is text, not markup


def test_a_latex_output_is_drawn_as_mathml():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("Math(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/latex": "$$x^2 + y^2$$",
                                                                 "text/plain": "<IPython.core.display.Math object>"})]
    nb.cells = [cell]
    page, _fallbacks, _drawn = notebook_html(nb)
    soup = BeautifulSoup(page, features="html.parser")
    assert soup.select_one(".jp-OutputArea-output math[display=block] msup") is not None
    assert "$$x^2" not in soup.get_text()


# -- nothing from the internet ---------------------------------------------------------------------------
def test_the_page_has_no_external_script_link_or_widget_manager():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"m1": {
        "model_name": "VBoxModel", "model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
        "state": {}}}, "version_major": 2, "version_minor": 0}}
    widget = nbformat.v4.new_code_cell("explorer")
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    widget.outputs = [nbformat.v4.new_output("execute_result", execution_count=1, data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "m1", "version_major": 2, "version_minor": 0},
        "image/svg+xml": svg, "text/plain": "Ohm's law"})]
    nb.cells = [nbformat.v4.new_markdown_cell("A [reference](https://en.wikipedia.org/wiki/Ohm%27s_law), $V = IR$."),
                nbformat.v4.new_markdown_cell("```mermaid\ngraph LR; A-->B\n```"), widget]
    page, _f, _d = notebook_html(nb)
    soup = BeautifulSoup(page, features="html.parser")
    assert external_resources(page) == []
    assert not soup.select("script[src], link[href], iframe, embed, object")
    for word in ("cdnjs", "unpkg", "jsdelivr", "require.js", "require.min.js", "MathJax", "mermaid.esm"):
        assert word.lower() not in page.lower(), word
    # the widget shows its still picture; no widget state, so no manager is needed
    assert not soup.select('script[type="application/vnd.jupyter.widget-view+json"]')
    assert soup.select_one('.jp-OutputArea-output img[src^="data:image/svg+xml"]') is not None
    # links a reader may follow are kept
    assert soup.select_one('a[href="https://en.wikipedia.org/wiki/Ohm%27s_law"]') is not None


def test_external_resources_finds_what_a_browser_would_fetch():
    page = """<html><head><script src="https://cdn.example.org/a.js"></script>
    <link rel="stylesheet" href="http://example.org/s.css"><link rel="icon" href="//example.org/i.ico">
    <style>@import "https://fonts.example.org/f.css"; .x { background: url('https://example.org/b.png') }</style>
    </head><body><img src="data:image/png;base64,AAAA"><img srcset="a.png 1x, https://example.org/c.png 2x">
    <p style="background-image: url(https://example.org/d.png)">x</p>
    <svg><image href="https://example.org/e.png"/></svg><iframe src="https://example.org/f"></iframe>
    <a href="https://example.org/read-more">read more</a><script>var u = "https://example.org/in-a-string";</script>
    </body></html>"""
    found = external_resources(page)
    assert found == ["<script src> https://cdn.example.org/a.js", "<link href> http://example.org/s.css",
                     "<link href> //example.org/i.ico", "<img srcset> https://example.org/c.png",
                     "<iframe src> https://example.org/f", "<image href> https://example.org/e.png",
                     "<style> https://fonts.example.org/f.css", "<style> https://example.org/b.png",
                     "<p style> https://example.org/d.png"]


def test_a_page_that_would_still_fetch_something_is_not_written(tmp_path):
    nb = _notebook(tmp_path / "src" / "pic.ipynb", [("md", '<img src="https://example.org/x.png"> $a$')])
    pages = export([nb], out=tmp_path / "html")
    assert pages[0].path is None and "https://example.org/x.png" in pages[0].error
    assert not (tmp_path / "html" / "pic.html").exists()


# -- running the notebook ---------------------------------------------------------------------------------
def test_an_executed_page_keeps_figures_explorer_stills_and_3d_views_and_writes_nothing_beside_it(tmp_path):
    src = tmp_path / "course"
    (src / "sketches" / "demo").mkdir(parents=True)
    (src / "sketches" / "demo" / "demo.ino").write_text("void setup() {}\n", encoding="utf-8")
    good = _notebook(src / "good.ipynb", [
        ("md", "# Outputs\n\nThe line: $I = V / R$."),
        ("code", "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(3, 2))\nax.plot([0, 1], [0, 1])\n"
                 "plt.show()"),
        ("code", "from stemkit.electronics.explorers import OhmsLawExplorer\nOhmsLawExplorer(voltage=3, resistance=1000)"),
        ("code", "from stemkit.design3d import primitives\nprimitives.box(size=(20, 20, 2))"),
        ("code", "from pathlib import Path\nPath('made.txt').write_text('x')\n"
                 "print(Path('sketches/demo/demo.ino').read_text())"),
    ], stemkit={"track": "demo", "title": "All the outputs"})
    bad = _notebook(src / "bad.ipynb", [("md", "# Broken"), ("code", "1 / 0")])
    pages = export([good, bad], out=tmp_path / "html", execute=True)
    ok, failed = pages
    assert ok.error is None and ok.path == (tmp_path / "html" / "demo" / "good.html").resolve()
    assert failed.path is None and "bad.ipynb: cell 2 failed when it ran (ZeroDivisionError" in failed.error
    assert not (tmp_path / "html" / "bad.html").exists()
    page = ok.path.read_text(encoding="utf-8")
    soup = BeautifulSoup(page, features="html.parser")
    assert soup.title.get_text() == "All the outputs"
    outputs = soup.select(".jp-OutputArea-output")
    images = [img["src"][:14] for o in outputs for img in o.select("img")]
    assert images == ["data:image/png", "data:image/svg"]       # the matplotlib figure and the explorer's still
    assert "VBox(" not in page and "HBox(" not in page
    view = soup.select_one(".stemkit-view3d")
    assert view is not None and "Plotly.newPlot" in page
    assert "void setup() {}" in soup.get_text()                  # the sketch beside the notebook was there
    assert external_resources(page) == []
    assert not soup.select("script[src]")
    # the cell that saved a file saved it in a scratch folder, not beside the notebook
    assert not (src / "made.txt").exists() and sorted(p.name for p in src.iterdir()) == ["bad.ipynb", "good.ipynb",
                                                                                        "sketches"]


# -- the command ---------------------------------------------------------------------------------------------
def test_the_command_refuses_to_overwrite_what_it_did_not_write(tmp_path, capsys):
    nb = _notebook(tmp_path / "src" / "lesson.ipynb", [("md", "# A lesson\n\n$a^2 + b^2 = c^2$")])
    out = tmp_path / "html"
    out.mkdir()
    (out / "lesson.html").write_text("my own page", encoding="utf-8")
    code, _o, err = _run(capsys, ["export", str(nb), "--out", str(out)])
    assert code == 2 and "did not write" in err and "lesson.html" in err and "Traceback" not in err
    assert (out / "lesson.html").read_text(encoding="utf-8") == "my own page"
    code, _o, err = _run(capsys, ["export", str(nb), "--out", str(out), "--force"])    # not even with --force
    assert code == 2 and (out / "lesson.html").read_text(encoding="utf-8") == "my own page"
    (out / "lesson.html").unlink()
    code, printed, _e = _run(capsys, ["export", str(nb), "--out", str(out)])
    assert code == 0 and "1 page written" in printed and "1 formulas drawn as MathML, 0 left as TeX" in printed
    assert "<math" in (out / "lesson.html").read_text(encoding="utf-8")
    code, _o, _e = _run(capsys, ["export", str(nb), "--out", str(out)])                # its own page, unchanged
    assert code == 0
    (out / "lesson.html").write_text("edited by hand", encoding="utf-8")
    code, _o, err = _run(capsys, ["export", str(nb), "--out", str(out)])
    assert code == 2 and "--force" in err and (out / "lesson.html").read_text(encoding="utf-8") == "edited by hand"
    code, _o, _e = _run(capsys, ["export", str(nb), "--out", str(out), "--force"])
    assert code == 0 and "<math" in (out / "lesson.html").read_text(encoding="utf-8")


def test_the_command_never_writes_into_lessons(capsys):
    before = sorted(p.name for p in (ROOT / "lessons" / "start").iterdir())
    code, _o, err = _run(capsys, ["export", "start-01", "--out", str(ROOT / "lessons" / "start" / "html")])
    assert code == 2 and "teacher sources" in err
    assert sorted(p.name for p in (ROOT / "lessons" / "start").iterdir()) == before


@pytest.mark.parametrize("make, args, words", [
    (None, ["{tmp}/nope.ipynb"], "{tmp}/nope.ipynb: no such file or folder"),
    (None, ["electronics-99"], "no lesson 'electronics-99'"),
    ("notes.txt", ["{tmp}/notes.txt"], "is not a notebook"),
    ("broken.ipynb", ["{tmp}/broken.ipynb"], "{tmp}/broken.ipynb: not valid JSON at line 1"),
    ("nocells.ipynb", ["{tmp}/nocells.ipynb"], "{tmp}/nocells.ipynb: not a notebook (no list of cells)"),
    ("invalid.ipynb", ["{tmp}/invalid.ipynb"], "{tmp}/invalid.ipynb: not a valid notebook"),
    ("plain.ipynb", ["{tmp}/plain.ipynb", "--lang", "ru"], "--lang ru needs a lesson from lessons/"),
    (None, ["start-01", "--lang", "fr"], "--lang must be en, ru, kk"),
    (None, ["start-01", "--cell-timeout", "0"], "more than 0 seconds"),
])
def test_bad_input_is_one_clear_line_naming_the_file_and_exit_code_2(tmp_path, capsys, make, args, words):
    texts = {"notes.txt": "not a notebook\n", "broken.ipynb": '{"cells": [', "nocells.ipynb": '{"metadata": {}}',
             "invalid.ipynb": json.dumps({"cells": [{"source": "x"}], "metadata": {}, "nbformat": 4,
                                          "nbformat_minor": 5})}
    if make == "plain.ipynb":
        _notebook(tmp_path / make, [("md", "# Plain")])
    elif make:
        (tmp_path / make).write_text(texts[make], encoding="utf-8")
    code, out, err = _run(capsys, ["export", *[a.format(tmp=tmp_path) for a in args], "--out", str(tmp_path / "html")])
    assert code == 2, (out, err)
    assert "Traceback" not in out + err
    assert words.format(tmp=tmp_path) in err
    assert len(err.strip().splitlines()) == 1 or err.startswith("usage:")
    assert not (tmp_path / "html").exists()


def test_a_lesson_page_in_russian_is_written_in_its_own_folder(tmp_path, capsys):
    code, printed, err = _run(capsys, ["export", "electronics-01", "--lang", "en,ru", "--out", str(tmp_path)])
    assert code == 0, err
    en = (tmp_path / "en" / "electronics" / "01-ohms-law.html").read_text(encoding="utf-8")
    ru = (tmp_path / "ru" / "electronics" / "01-ohms-law.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en and '<html lang="ru">' in ru
    assert re.search("[А-Яа-я]{4}", _markdown_text(ru)) and not re.search("[А-Яа-я]{4}", _markdown_text(en))
    assert ru.count("<math ") == en.count("<math ") > 0
    assert "2 pages written" in printed


def test_a_formula_leaves_the_svg_of_other_drawings_as_it_was():
    from xml.etree import ElementTree

    from stemkit.curriculum.export import tex_to_mathml

    svg = "http://www.w3.org/2000/svg"
    ElementTree.register_namespace("", svg)   # as schemdraw does for its drawings
    out = tex_to_mathml("V = I R")
    assert out.startswith("<math ") and 'xmlns="http://www.w3.org/1998/Math/MathML"' in out.split(">")[0], out[:80]
    drawing = ElementTree.tostring(ElementTree.Element(f"{{{svg}}}svg"), encoding="unicode")
    assert drawing.startswith("<svg"), drawing
