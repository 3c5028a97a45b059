"""The 3D view in headless Chromium: drawn (not blank), and turned by a mouse drag.

Three times: in JupyterLab (the view's own HTML, with plotly.js from the first view),
on a RISE slide of the saved notebook (jupyterlab-rise), and in a static HTML export
made by nbconvert, opened from a file with every network request refused, so the
export must carry what it needs. Screenshots go to build/screenshots/. Skipped with
the reason when Chromium or Playwright is missing.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser.test_jupyterlab import CHROMIUM, CHROMIUM_ARGS, NB, SHOTS, lab  # noqa: F401  (lab: a fixture)

pytestmark = pytest.mark.browser

CELLS = [
    "from stemkit.design3d import gcode, primitives",
    "primitives.bracket()",
    "gcode.parse_gcode(gcode.part_gcode(primitives.box(size=(20, 20, 2))))",
]


def _notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nbformat.write(nb, path)


def _picture(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB")


def _not_blank(png: bytes) -> int:
    """The number of colours in the picture: a blank (or one-colour) canvas has one or two."""
    img = _picture(png).quantize(colors=64)
    return len([c for c in img.getcolors() if c[0] > 20])


def _changed_fraction(a: bytes, b: bytes) -> float:
    from PIL import ImageChops

    diff = ImageChops.difference(_picture(a), _picture(b)).convert("L").point(lambda v: 255 if v > 24 else 0)
    hist = diff.histogram()
    return hist[255] / max(1, sum(hist))


def _drag(page, plot) -> tuple[bytes, bytes]:
    """A screenshot of the plot, a drag across its middle, and a screenshot after."""
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    before = plot.screenshot()
    box = plot.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.45
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(x + 14 * k, y + 4 * k)
    page.mouse.up()
    page.wait_for_timeout(800)
    return before, plot.screenshot()


def _check_turns(page, plot, name: str) -> None:
    before, after = _drag(page, plot)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"view3d-{name}-before.png").write_bytes(before)
    (SHOTS / f"view3d-{name}-after.png").write_bytes(after)
    assert _not_blank(before) >= 4, f"the 3D view in {name} looks blank"
    assert _changed_fraction(before, after) > 0.02, f"dragging the 3D view in {name} did not turn it"


def _skip_without_browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")


def test_the_3d_view_draws_and_turns_in_a_static_html_export_with_no_network(tmp_path):
    _skip_without_browser()
    from playwright.sync_api import sync_playwright

    nb = tmp_path / "view3d.ipynb"
    _notebook(nb)
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--execute", str(nb)],
                   check=True, capture_output=True, timeout=300, cwd=tmp_path)
    page_file = tmp_path / "view3d.html"
    asked = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})

            def refuse(route):
                asked.append(route.request.url)
                route.abort()

            page.route("http*://**/*", refuse)
            page.goto(page_file.as_uri(), wait_until="load", timeout=120_000)
            page.wait_for_function("() => document.querySelectorAll('.stemkit-view3d .gl-container canvas')"
                                   ".length >= 2", timeout=120_000)
            plots = page.locator(".stemkit-view3d .js-plotly-plot")
            _check_turns(page, plots.nth(0), "export")
            # the toolpath's layer slider works with no kernel: layer 1 only looks different
            tp = plots.nth(1)
            tp.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            full = tp.screenshot()
            tp.locator(".slider-step-label, .slider-label").first.wait_for(timeout=10_000)
            page.evaluate("""() => { const el = document.querySelectorAll('.stemkit-view3d .js-plotly-plot')[1];
                                      return window.Plotly.animate(el, ['0'], {mode: 'immediate',
                                        frame: {duration: 0, redraw: true}, transition: {duration: 0}}); }""")
            page.wait_for_timeout(800)
            assert _changed_fraction(full, tp.screenshot()) > 0.01, "the layer slider did not change the view"
        finally:
            browser.close()
    # nbconvert's own page template asks for require.js and MathJax; the 3D views ask for nothing
    assert not [u for u in asked if "plot" in u.lower()], asked


def test_the_3d_view_draws_and_turns_in_jupyterlab(lab):  # noqa: F811
    from playwright.sync_api import sync_playwright

    _notebook(lab["root"] / "view3d.ipynb")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{lab['base']}/lab/tree/view3d.ipynb?token={lab['token']}&reset",
                      wait_until="domcontentloaded", timeout=180_000)
            page.wait_for_function(f"() => window.jupyterapp && {NB} && {NB}.sessionContext.session"
                                   f" && {NB}.sessionContext.session.kernel"
                                   f" && {NB}.sessionContext.session.kernel.status === 'idle'", timeout=180_000)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function("() => document.querySelectorAll('.jp-OutputArea .js-plotly-plot"
                                   " .gl-container canvas').length >= 2", timeout=180_000)
            plot = page.locator(".jp-OutputArea .js-plotly-plot").first
            _check_turns(page, plot, "jupyterlab")
            caption = plot.locator(".gtitle").first.text_content()
            assert "triangles" in caption and "mm" in caption, json.dumps(caption)
            # JupyterLab draws the view's HTML, not plotly's renderer (which redraws every view into a PNG)
            assert plot.evaluate("e => !!e.closest('.jp-RenderedHTMLCommon')")
            assert page.locator(".jp-RenderedPlotly").count() == 0
            # its place gets narrower (a side panel opened, a slide shown): the view fits it again
            page.evaluate("e => { e.closest('.stemkit-view3d').style.width = '420px'; }", plot.element_handle())
            page.wait_for_function("e => Math.abs(e._fullLayout.width - 420) < 2", arg=plot.element_handle(),
                                   timeout=10_000)
            assert plot.locator(".main-svg").first.bounding_box()["width"] == pytest.approx(420, abs=2)
        finally:
            browser.close()


SLIDES = [("markdown", "# The 3D view on slides", "slide"),
          ("code", "from stemkit.design3d import gcode, primitives", "skip"),
          ("markdown", "## A part", "slide"),
          ("code", "primitives.bracket()", "-"),
          ("markdown", "## A toolpath", "slide"),
          ("code", "gcode.parse_gcode(gcode.part_gcode(primitives.box(size=(20, 20, 2))))", "-")]


def test_the_3d_view_draws_and_turns_on_a_rise_slide(lab):  # noqa: F811
    import nbformat
    from playwright.sync_api import sync_playwright

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, source, slide in SLIDES:
        cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(source)
        cell.metadata["slideshow"] = {"slide_type": slide}
        nb.cells.append(cell)
    nbformat.write(nb, lab["root"] / "slides.ipynb")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{lab['base']}/lab/tree/slides.ipynb?token={lab['token']}&reset",
                      wait_until="domcontentloaded", timeout=180_000)
            page.wait_for_function(f"() => window.jupyterapp && {NB} && {NB}.sessionContext.session"
                                   f" && {NB}.sessionContext.session.kernel"
                                   f" && {NB}.sessionContext.session.kernel.status === 'idle'", timeout=180_000)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function("() => document.querySelectorAll('.jp-OutputArea .js-plotly-plot"
                                   " .gl-container canvas').length >= 2", timeout=180_000)
            # RISE shows the saved notebook
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_timeout(2000)
            page.evaluate(f"() => {NB}.content.activeCellIndex = 0")
            page.evaluate("() => window.jupyterapp.commands.execute('RISE:preview')")
            frame_el = page.locator("iframe").last
            frame_el.wait_for(state="attached", timeout=60_000)
            frame = frame_el.content_frame
            frame.locator(".reveal .slides section.present").first.wait_for(state="visible", timeout=90_000)
            frame.locator(".reveal").first.click()
            present = frame.locator(".reveal .slides section.present:not(.stack)")
            page.keyboard.press("Space")          # to the part's slide
            time.sleep(1.0)
            assert "A part" in present.first.inner_text()
            plot = present.locator(".js-plotly-plot").first
            plot.locator(".gl-container canvas").first.wait_for(state="attached", timeout=60_000)
            _check_turns(page, plot, "rise")
            page.keyboard.press("Space")          # the toolpath, with its layer slider on the slide
            time.sleep(1.0)
            assert "A toolpath" in present.first.inner_text()
            tp = present.locator(".js-plotly-plot").first
            tp.locator(".gl-container canvas").first.wait_for(state="attached", timeout=60_000)
            tp.locator(".slider-container").first.wait_for(state="visible", timeout=10_000)
            shot = tp.screenshot()
            (SHOTS / "view3d-rise-toolpath.png").write_bytes(shot)
            assert _not_blank(shot) >= 4, "the toolpath view on the slide looks blank"
            # the whole view is on the slide, not cut off at its side
            slide_box, view_box = present.first.bounding_box(), tp.bounding_box()
            assert view_box["x"] >= slide_box["x"] - 2 and view_box["width"] <= slide_box["width"] + 2
        finally:
            browser.close()


def test_seen_from_the_top_the_view_hides_its_z_numbers_and_shows_them_again(tmp_path):
    _skip_without_browser()
    from playwright.sync_api import sync_playwright

    from stemkit.design3d import primitives
    from stemkit.design3d.view import view

    page_file = tmp_path / "plate.html"
    view(primitives.box(size=(60, 10, 4)), title="plate").write_html(page_file)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.goto(page_file.as_uri(), wait_until="load", timeout=120_000)
            page.wait_for_function("() => document.querySelector('.stemkit-view3d .js-plotly-plot')"
                                   " && document.querySelector('.stemkit-view3d .js-plotly-plot')._fullLayout",
                                   timeout=120_000)

            def turn_to(eye: dict) -> bool:
                page.evaluate("""(eye) => { const el = document.querySelector('.stemkit-view3d .js-plotly-plot');
                                            return window.Plotly.relayout(el, {'scene.camera': {eye: eye,
                                              up: {x: 0, y: 0, z: 1}}}); }""", eye)
                page.wait_for_timeout(400)
                z = page.evaluate("() => document.querySelector('.stemkit-view3d .js-plotly-plot')"
                                  "._fullLayout.scene.zaxis")
                assert bool(z["title"]["text"]) == z["showticklabels"]    # the axis name goes with its numbers
                return z["showticklabels"]

            assert page.evaluate("() => document.querySelector('.stemkit-view3d .js-plotly-plot')"
                                 "._fullLayout.scene.zaxis.showticklabels") is True
            assert turn_to({"x": 0.1, "y": -0.1, "z": 2.5}) is False      # from the top: one heap of numbers
            assert turn_to({"x": 0.1, "y": 0.1, "z": -2.5}) is False      # from below, the same
            assert turn_to({"x": 1.45, "y": -1.85, "z": 1.1}) is True     # back to the first view
            SHOTS.mkdir(parents=True, exist_ok=True)
            turn_to({"x": 0.05, "y": -0.05, "z": 2.5})
            page.screenshot(path=str(SHOTS / "view3d-top.png"))
        finally:
            browser.close()
