"""A lesson page from `stemkit export`, opened from a file in headless Chromium with no network.

The real command exports the slicing lesson (design3d-07: formulas, figures, an explorer and
a 3D view) after running it. Chromium opens the page from its file with every request that
is not for that file refused and recorded: the page must ask for nothing, its formulas must
be laid out as MathML (a fraction's numerator above its denominator), and the 3D view must
draw and turn. Screenshots go to build/screenshots/. Skipped with the reason when Chromium or
Playwright is missing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.test_jupyterlab import CHROMIUM, CHROMIUM_ARGS, REPO, SHOTS
from tests.browser.test_view3d import _check_turns

pytestmark = pytest.mark.browser

LESSON = "design3d-07"
PAGE = Path("design3d") / "07-slicing.html"


def test_an_exported_lesson_draws_its_formulas_and_3d_view_with_no_network(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    from playwright.sync_api import sync_playwright

    out = tmp_path / "html"
    done = subprocess.run([sys.executable, "-m", "stemkit", "export", LESSON, "--execute", "--out", str(out)],
                          capture_output=True, text=True, timeout=900, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert "0 left as TeX" in done.stdout, done.stdout
    page_file = out / PAGE
    asked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900}, offline=True)
            page = context.new_page()

            def only_the_file(route):
                if route.request.url == page_file.as_uri():
                    route.continue_()
                else:
                    asked.append(route.request.url)
                    route.abort()

            page.route("**/*", only_the_file)
            page.on("request", lambda r: None if r.url.startswith(("data:", "blob:")) or r.url == page_file.as_uri()
                    else asked.append(r.url))
            page.goto(page_file.as_uri(), wait_until="load", timeout=120_000)
            # the 3D view draws from the plotly.js the page carries
            page.wait_for_function("() => document.querySelectorAll('.stemkit-view3d .gl-container canvas').length"
                                   " >= 1", timeout=120_000)
            maths = page.evaluate("""() => [...document.querySelectorAll('.jp-RenderedMarkdown math')].map(m => {
                    const r = m.getBoundingClientRect();
                    return {display: getComputedStyle(m).display, width: r.width, height: r.height,
                            block: m.getAttribute('display')}; })""")
            assert len(maths) >= 10
            for m in maths:
                assert m["width"] > 0 and m["height"] > 0, m
                # laid out by the browser's MathML engine, not shown as plain inline text
                assert m["display"] in (("block math",) if m["block"] == "block" else ("math", "inline math")), m
            fraction = page.locator(".jp-RenderedMarkdown math mfrac").first
            fraction.scroll_into_view_if_needed()
            top, bottom = fraction.evaluate("f => [f.children[0].getBoundingClientRect(), "
                                            "f.children[1].getBoundingClientRect()].map(r => [r.top, r.bottom])")
            assert top[1] <= bottom[0] + 1, f"the fraction's numerator {top} is not above its denominator {bottom}"
            formula = fraction.locator("xpath=ancestor::*[local-name()='math']").first
            SHOTS.mkdir(parents=True, exist_ok=True)
            (SHOTS / "export-offline-formula.png").write_bytes(formula.screenshot())
            # the 3D view is drawn and turns with the mouse (screenshots view3d-export-offline-*.png)
            _check_turns(page, page.locator(".stemkit-view3d .js-plotly-plot").first, "export-offline")
        finally:
            browser.close()
    assert asked == [], f"the exported page asked for {asked}"
