"""A student's first minutes, in a real browser: JupyterLab + headless Chromium driven by Playwright.

The test starts JupyterLab on a free loopback port with a random token, in a
temporary folder holding the *student edition* of the welcome lesson (so
nothing is ever saved into lessons/), with its own settings, workspace and
runtime folders. It opens the lesson with ``&reset`` (no old layout), runs all
cells, waits for the explorer, moves a slider and checks that the figure and the
numbers change, types a wrong answer and reads the friendly message, and starts
the RISE slideshow. Screenshots go to build/screenshots/. The server is always
stopped. Skipped with the reason when Chromium or Playwright is missing.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SHOTS = REPO / "build" / "screenshots"
LESSON = REPO / "lessons" / "start" / "01-welcome.ipynb"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {timeout:.0f} s")


@pytest.fixture
def lab(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    from stemkit.curriculum.key import record_lessons
    from stemkit.curriculum.notebook import read_notebook, write_notebook
    from stemkit.curriculum.release import student_edition

    root = tmp_path / "class"
    key = record_lessons([LESSON], jobs=1, cache=True)[0]
    write_notebook(student_edition(read_notebook(LESSON), key), root / LESSON.name)
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # every cell in the page (no virtual scrolling), so the test can reach the exercises
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    apputils = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True)
    # no "get notified about Jupyter news?" pop-up over the screenshots, and no network
    (apputils / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}   # the lesson's own backend, as a student has
    env.update(
        STEMKIT_PROGRESS=os.devnull,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    log = open(tmp_path / "jupyterlab.log", "wb")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
           "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")   # CI containers run as root
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for_server(f"{base}/api/status?token={token}", proc, timeout=90)
        except (RuntimeError, TimeoutError) as exc:
            log.flush()
            tail = (tmp_path / "jupyterlab.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{exc}\n--- end of the JupyterLab log ---\n{tail}") from None
        yield {"base": base, "token": token, "root": root, "log": tmp_path / "jupyterlab.log"}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)    # JupyterLab shuts its kernels down on Ctrl+C (twice)
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)   # our own session: the server and its kernels
                proc.wait(timeout=10)
        log.close()


NB = "window.jupyterapp.shell.currentWidget"


def _open_lesson(page, lab) -> None:
    url = f"{lab['base']}/lab/tree/{LESSON.name}?token={lab['token']}&reset"
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.content"
                           " && window.jupyterapp.shell.currentWidget.content.widgets.length > 30", timeout=90_000)
    page.wait_for_function(f"() => {NB}.sessionContext.session && {NB}.sessionContext.session.kernel"
                           f" && {NB}.sessionContext.session.kernel.status === 'idle'", timeout=90_000)


def _cell(page, index: int):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(index)


def _cell_index(page, grade_id: str) -> int:
    return page.evaluate(f"""() => {NB}.content.widgets.findIndex(
        c => (c.model.getMetadata('nbgrader') || {{}}).grade_id === {json.dumps(grade_id)})""")


def _figure_picture(explorer) -> str | None:
    """The explorer's figure as the browser drew it (its SVG paths); None if it shows no drawn figure."""
    figure = explorer.locator(".stemkit-figure")
    if figure.count() == 0 or figure.first.locator("svg path").count() == 0:
        return None
    return figure.first.evaluate("f => [...f.querySelectorAll('svg path')].map(p => p.getAttribute('d')).join('|')")


def test_student_runs_the_welcome_lesson_in_jupyterlab(lab):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("[0-9][0-9]-*.png"):   # only the screenshots this test writes
        old.unlink()
    started = time.monotonic()
    widgets_on_slides = ""   # set when the slideshow cannot show the explorer live
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            # device scale 2, as on a HiDPI laptop: the figure must be drawn at device pixels, not stretched
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, device_scale_factor=2)
            for attempt in (1, 2):   # the first load builds JupyterLab's caches and can be slow
                try:
                    _open_lesson(page, lab)
                    break
                except PlaywrightError:
                    if attempt == 2:
                        raise
            page.screenshot(path=str(SHOTS / "01-lesson-open.png"))

            # Run all cells: the student edition stops at the first blank answer, after the explorer
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            ei = page.evaluate(f"() => {NB}.content.widgets.findIndex("
                               "c => (c.model.getMetadata('tags') || []).includes('explore'))")
            assert ei > 0
            explorer = _cell(page, ei)
            slider = explorer.locator(".widget-slider, .widget-hslider").first
            slider.wait_for(state="visible", timeout=60_000)
            figure_area = explorer.locator(".stemkit-figure").first
            figure_area.wait_for(state="visible", timeout=60_000)
            explorer.scroll_into_view_if_needed()
            readout = explorer.locator(".widget-html").filter(has_text="one blink lasts").first
            readout.wait_for(state="visible", timeout=30_000)
            numbers_before = readout.inner_text()
            figure_before = _figure_picture(explorer)
            assert figure_before is not None, (
                f"the explorer shows {figure_area.inner_text().strip()!r} instead of a picture of its figure")
            page.screenshot(path=str(SHOTS / "02-explorer.png"))

            # Move the frequency slider with the keyboard, as a student can
            handle = explorer.locator(".noUi-handle").first
            handle.click()
            for _ in range(6):
                page.keyboard.press("ArrowRight")
            page.wait_for_function(
                """([sel, index, before]) => { const el = document.querySelectorAll(sel)[index];
                     const box = el && [...el.querySelectorAll('.widget-html')].find(h => h.innerText.includes('one blink lasts'));
                     return box && box.innerText !== before; }""",
                arg=[".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell", ei, numbers_before], timeout=30_000)
            page.wait_for_function(
                """([before]) => { const f = document.querySelector('.stemkit-BlinkExplorer .stemkit-figure');
                     return f && [...f.querySelectorAll('svg path')].map(p => p.getAttribute('d')).join('|') !== before; }""",
                arg=[figure_before], timeout=10_000)   # the browser redraws the plot from the new numbers
            numbers_after = readout.inner_text()
            assert numbers_after != numbers_before
            figure_after = _figure_picture(explorer)
            assert figure_after is not None and figure_after != figure_before, "the plot did not change"
            page.screenshot(path=str(SHOTS / "03-slider-moved.png"))
            # the figure is vector graphics drawn by the browser: crisp at device scale 2
            figure = explorer.locator(".stemkit-figure").first
            figure.screenshot(path=str(SHOTS / "03-explorer-figure-x2.png"))
            assert explorer.locator(".stemkit-figure img").count() == 0, "the figure is a picture, not drawn"
            css_width = figure.evaluate("e => e.getBoundingClientRect().width")
            from PIL import Image

            with Image.open(SHOTS / "03-explorer-figure-x2.png") as shot:
                assert shot.width >= 2 * css_width - 2, "the screenshot is not at device scale 2"

            # Type a wrong answer (250 ms left in milliseconds) and run it and its check
            i = _cell_index(page, "start-01-ex1-2")
            assert i > 0
            answer = _cell(page, i)
            answer.scroll_into_view_if_needed()
            answer.locator(".cm-content").click()
            page.keyboard.press("Control+A")
            page.keyboard.type("wait_seconds = 250")
            page.keyboard.press("Shift+Enter")
            page.keyboard.press("Shift+Enter")
            message = _cell(page, i + 1).locator(".jp-OutputArea-output").filter(has_text="1000 times too big")
            message.wait_for(state="visible", timeout=30_000)
            text = message.inner_text()
            assert "not right yet" in text and "unit prefix" in text
            assert "Traceback" not in text
            message.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "04-wrong-answer.png"))

            # Present: the RISE slideshow of the same notebook
            page.evaluate(f"() => {NB}.content.activeCellIndex = 0")
            page.evaluate("() => window.jupyterapp.commands.execute('RISE:preview')")
            frame_el = page.locator("iframe").last
            frame_el.wait_for(state="attached", timeout=60_000)
            frame = frame_el.content_frame
            frame.locator(".reveal .slides section.present").first.wait_for(state="visible", timeout=90_000)
            time.sleep(1.0)
            assert "Welcome" in frame.locator(".reveal .slides section.present").first.inner_text()
            page.screenshot(path=str(SHOTS / "05-slideshow.png"))

            # Walk the slides to the explorer, run its cell on the slide, and see it live there
            frame.locator(".reveal").first.click()
            present = frame.locator(".reveal .slides section.present:not(.stack)")   # the slide on screen
            for _ in range(30):
                if "BlinkExplorer(" in present.first.inner_text():
                    break
                page.keyboard.press("Space")   # next slide, down into subslides first
                time.sleep(0.4)
            assert "BlinkExplorer(" in present.first.inner_text(), "no slide shows the explorer cell"
            live = present.locator(".widget-slider, .widget-hslider").first
            try:
                live.wait_for(state="visible", timeout=10_000)
            except PlaywrightError:   # the slideshow shows the saved notebook: run the explorer cell on the slide
                present.locator(".jp-CodeCell .cm-content").first.click()
                page.keyboard.press("Shift+Enter")
                try:
                    live.wait_for(state="visible", timeout=30_000)
                except PlaywrightError:
                    # jupyterlab-rise 0.43 draws no ipywidgets 8 widget (github.com/jupyterlab-contrib/rise/issues/126):
                    # the slide must then show the explorer's vector still of the figure it drew, never
                    # "VBox(...)" text and never a PNG
                    still = present.locator(".jp-OutputArea-output img, .jp-OutputArea-output svg").first
                    still.wait_for(state="visible", timeout=30_000)
                    width = still.evaluate("e => e.naturalWidth || e.getBoundingClientRect().width")
                    assert width > 100, "the slide shows no picture of the explorer"
                    source = still.evaluate("e => decodeURIComponent(e.getAttribute('src') || '') || e.outerHTML")
                    assert "svg" in source and "image/png" not in source, "the slide's still is not the vector one"
                    # the still is the figure itself: axes labels and the plotted line, drawn as vectors
                    assert "<polyline" in source or "polyline" in source, "the slide's still shows no plotted line"
                    assert "VBox(" not in present.first.inner_text()
                    widgets_on_slides = ("the slide shows the explorer's vector still (live sliders wait for "
                                         "jupyterlab-rise issue 126)")
            time.sleep(1.0)
            page.screenshot(path=str(SHOTS / "06-slideshow-explorer.png"))
        except Exception:
            if "explorer" in locals():
                try:
                    explorer.scroll_into_view_if_needed(timeout=5_000)
                except PlaywrightError:
                    pass
            page.screenshot(path=str(SHOTS / "99-failure.png"))   # what the page showed when it failed
            raise
        finally:
            browser.close()
    wall = time.monotonic() - started
    print(f"\nbrowser test: {wall:.1f} s in the browser; screenshots in {SHOTS}")
    assert not list(Path(REPO / "lessons").rglob(".ipynb_checkpoints"))
    if widgets_on_slides:
        print(widgets_on_slides)
