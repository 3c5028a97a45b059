"""What a student waits for when a 3D view opens: JupyterLab in headless Chromium.

Starts JupyterLab on a free loopback port in a temporary folder and opens a notebook
whose setup cell makes a mesh of 1,000,000 triangles (four finely divided balls; not
timed). Then, in the same open notebook:

1. the **first view** of the session, a 12-triangle box: JupyterLab loads the plotly
   extension's JavaScript (plotly.js, about 5 MB) for it;
2. ``repeats`` times each, in turn, a 12-triangle box and the 1M-triangle mesh (shown
   as about 51,000 triangles: the view simplifies it for the screen and says so),
   with plotly.js already loaded. The box is the floor any view pays at that moment.

A second page, with a fresh kernel, shows the 1M-triangle mesh as its first view, and
a third draws the same figures with plotly's own JupyterLab renderer
(``application/vnd.plotly.v1+json``) for comparison: that renderer draws every view
a second time into a PNG it keeps with the output.

Each time is from running the cell (``notebook:run-cell``) to the frame after the
first WebGL draw call on the view's canvas, that is, to the part being on the screen.
The page counts draw calls with a small wrapper around WebGL's ``drawArrays`` and
``drawElements``, installed before any page script runs. ``output`` is when the
kernel had sent the view, on the kernel's own clock (JupyterLab's ``recordTiming``);
the kernel's share (simplifying the mesh and writing the figure) is also measured
in this process.

Then the mouse drags the last box and the last 1M-triangle view round for 3 s each:
``turning_fps`` is how many frames per second each drew meanwhile (the page's own
frame rate is the ceiling).

The run records which output JupyterLab drew and how big each view's message was.
The load averages before and after are part of the result: Chromium runs without a
GPU (SwiftShader) on a shared 2-core machine, slower than a student's laptop.
Skipped with the reason when Chromium or Playwright is missing.

Run: ``.venv/bin/python benchmarks/bench_view3d.py [--repeats 5]``
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TARGET_S = 2.0
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

SETUP = """import numpy as np
from stemkit.design3d.mesh import Mesh
from stemkit.design3d.primitives import box, sphere
import stemkit.ui.figure   # the colours; a lesson's setup cell imports it with its explorers
ball = sphere(radius=50, subdivisions=7)          # 327,680 triangles
parts = [ball.translated((110.0 * i, 0, 0)) for i in range(4)]
big = Mesh.merge(*parts)
big = Mesh(big.vertices, big.faces[:1_000_000])
big.n_faces"""

# notes each canvas's first WebGL draw call, and counts the animation frames it drew in;
# installed before any page script runs
DRAW_HOOK = """(() => {
  window.__firstDraw = new WeakMap();
  window.__frames = new WeakMap();
  window.__lastFrame = new WeakMap();
  window.__frameNo = 0;
  const tick = () => { window.__frameNo += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  for (const C of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!C) continue;
    for (const fn of ['drawArrays', 'drawElements']) {
      const orig = C.prototype[fn];
      C.prototype[fn] = function (...args) {
        const c = this.canvas;
        if (!window.__firstDraw.has(c)) window.__firstDraw.set(c, performance.now());
        if (window.__lastFrame.get(c) !== window.__frameNo) {
          window.__lastFrame.set(c, window.__frameNo);
          window.__frames.set(c, (window.__frames.get(c) || 0) + 1);
        }
        return orig.apply(this, args);
      };
    }
  }
})();"""

NB = "window.jupyterapp.shell.currentWidget"

# run cell i; resolve with ms to its output, to the first draw on its canvas, and to the frame after
OPEN = """async (i) => {
  const nb = window.jupyterapp.shell.currentWidget;
  const cell = nb.content.widgets[i];
  nb.content.activeCellIndex = i;
  cell.node.scrollIntoView();
  let drawn = null;
  const t0 = performance.now(), epoch0 = Date.now();
  window.jupyterapp.commands.execute('notebook:run-cell');
  while (drawn === null) {
    for (const c of cell.node.querySelectorAll('.js-plotly-plot .gl-container canvas')) {
      const t = window.__firstDraw.get(c);
      if (t !== undefined && t >= t0) { drawn = t - t0; break; }
    }
    if (performance.now() - t0 > 300000) throw new Error('no WebGL frame within 300 s');
    await new Promise(r => setTimeout(r, 5));
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const painted = performance.now() - t0;
  // the kernel's own clock (recordTiming): when it started the cell and when it had sent the view
  const timing = cell.model.getMetadata('execution') || {};
  const since = key => timing[key] ? Date.parse(timing[key]) - epoch0 : null;
  const sent = cell.model.outputs.get(cell.model.outputs.length - 1).data;
  const types = Object.keys(sent);
  const bytes = Object.fromEntries(Object.entries(sent).map(([k, v]) =>
                   [k, (typeof v === 'string' ? v : JSON.stringify(v)).length]));
  const area = cell.node.querySelector('.jp-OutputArea-output');
  const plotlyRenderer = area.classList.contains('jp-RenderedPlotly');
  // plotly's own JupyterLab renderer then draws the view again into a PNG it keeps with the
  // output; wait for that, and for a quiet second, so that it does not slow the next view down
  let png = null;
  while (plotlyRenderer && png === null && performance.now() - t0 < painted + 120000) {
    if (cell.model.outputs.get(0).data['image/png']) png = performance.now() - t0;
    else await new Promise(r => setTimeout(r, 20));
  }
  await new Promise(r => setTimeout(r, 1000));
  return {kernel_start_ms: since('shell.execute_reply.started'), output_ms: since('shell.execute_reply'),
          drawn_ms: drawn, painted_ms: painted, png_ms: png,
          renderer: plotlyRenderer ? 'application/vnd.plotly.v1+json'
                    : area.classList.contains('jp-RenderedHTMLCommon') ? 'text/html' : area.className,
          mime_types: types, bytes: bytes};
}"""

# the same figure as plotly's own JupyterLab renderer draws it (for comparison)
RENDERER = """from IPython.display import display
from stemkit.design3d.view import MIME_TYPE, view
def plotly_renderer(thing):
    v = view(thing)
    display({MIME_TYPE: {**v.figure, "config": v.config}, "text/plain": v.caption}, raw=True)"""


# frames drawn on the canvas of cell i's view so far, and frames of the page
FRAMES = """(i) => {
  const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
  const c = cell.node.querySelector('.js-plotly-plot .gl-container canvas');
  return [window.__frames.get(c) || 0, window.__frameNo];
}"""


def _turn_rate(page, i: int, seconds: float = 3.0) -> dict:
    """Frames per second the view of cell i draws while the mouse drags it round (and the page's)."""
    plot = page.locator(".jp-Notebook .jp-Cell").nth(i).locator(".js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    box = plot.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5
    page.mouse.move(x, y)
    page.mouse.down()
    before, t0 = page.evaluate(FRAMES, i), time.perf_counter()
    k = 0
    while time.perf_counter() - t0 < seconds:
        k += 1
        page.mouse.move(x + 120 * math.sin(k / 8), y + 40 * math.cos(k / 8))
        page.wait_for_timeout(10)
    after, dt = page.evaluate(FRAMES, i), time.perf_counter() - t0
    page.mouse.up()
    return {"view": round((after[0] - before[0]) / dt, 1), "page": round((after[1] - before[1]) / dt, 1)}


def big_mesh():
    ns: dict = {}
    exec(SETUP, ns)   # the same mesh as in the notebook
    return ns["big"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_notebook(path: Path, cells: list[str]) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SETUP)] + [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)


def _kernel_side() -> dict:
    from stemkit.design3d.view import view

    mesh = big_mesh()
    best = None
    for _ in range(3):
        t = time.perf_counter()
        v = view(mesh)
        v._repr_mimebundle_()
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return {"kernel_s": round(best, 3), "shown_triangles": v.shown_triangles, "total_triangles": v.total_triangles}


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class _Lab:
    """JupyterLab on a free port in a temporary folder; stopped on exit."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.root = tmp / "class"
        self.root.mkdir()

    def __enter__(self):
        tmp = self.tmp
        settings = tmp / "settings" / "@jupyterlab"
        (settings / "apputils-extension").mkdir(parents=True)
        (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
        (settings / "notebook-extension").mkdir(parents=True)
        # every cell in the page, so a cell's output is drawn as soon as it arrives
        # (and the kernel's timestamps of each run in the cell's metadata)
        (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
            json.dumps({"windowingMode": "none", "recordTiming": True}), encoding="utf-8")
        port, self.token = _free_port(), secrets.token_hex(16)
        env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
        env.update(STEMKIT_PROGRESS=os.devnull, JUPYTER_CONFIG_DIR=str(tmp / "config"),
                   JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), PYDEVD_DISABLE_FILE_VALIDATION="1")
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={self.root}",
               "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--ServerApp.port_retries=0"] + (["--allow-root"] if os.geteuid() == 0 else [])
        self.log = open(tmp / "lab.log", "wb")
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            time.sleep(0.5)
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()

    def open(self, browser, name: str):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(DRAW_HOOK)
        page.goto(f"{self.base}/lab/tree/{name}?token={self.token}&reset", timeout=180_000)
        page.wait_for_function(f"() => window.jupyterapp && {NB} && {NB}.sessionContext.session"
                               f" && {NB}.sessionContext.session.kernel"
                               f" && {NB}.sessionContext.session.kernel.status === 'idle'", timeout=180_000)
        page.evaluate(f"""async () => {{ const nb = {NB}; nb.content.activeCellIndex = 0;
                          await window.jupyterapp.commands.execute('notebook:run-cell'); }}""")
        page.wait_for_function(f"() => {NB}.content.widgets[0].model.executionCount", timeout=300_000)
        page.wait_for_function(f"() => {NB}.sessionContext.session.kernel.status === 'idle'", timeout=60_000)
        return page


def _p50(runs: list[dict], key: str = "painted_ms") -> float:
    return round(statistics.median(r[key] for r in runs) / 1000.0, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    name = "3D view: open a 1M-triangle mesh in an open notebook (JupyterLab, Chromium)"
    if not Path(CHROMIUM).exists():
        print(json.dumps({"name": name, "error": f"{CHROMIUM} is not installed"}))
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print(json.dumps({"name": name, "error": "playwright is not installed"}))
        return
    load_before = _load()
    kernel = _kernel_side()
    n = args.repeats
    with tempfile.TemporaryDirectory() as tmp_name, _Lab(Path(tmp_name)) as lab:
        _write_notebook(lab.root / "warm.ipynb", ["box()"] + ["box()", "big"] * n)
        _write_notebook(lab.root / "cold.ipynb", ["big"])
        _write_notebook(lab.root / "renderer.ipynb", [RENDERER + "\nplotly_renderer(box())"]
                        + ["plotly_renderer(box())", "plotly_renderer(big)"] * n)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            runs = {}
            for nb in ("warm", "cold", "renderer"):
                page = lab.open(browser, f"{nb}.ipynb")
                cells = 1 if nb == "cold" else 1 + 2 * n
                runs[nb] = [page.evaluate(OPEN, i) for i in range(1, cells + 1)]
                if nb == "warm":
                    fps = {"box": _turn_rate(page, cells - 1), "million": _turn_rate(page, cells)}
                page.close()
            browser.close()
    first, box_runs, big_runs = runs["warm"][0], runs["warm"][1::2], runs["warm"][2::2]
    first_big = runs["cold"][0]
    r_first, r_box, r_big = runs["renderer"][0], runs["renderer"][1::2], runs["renderer"][2::2]
    big_s = _p50(big_runs)
    result = {
        "name": name, "stemkit_s": big_s, "reference_s": TARGET_S, "ratio": round(big_s / TARGET_S, 3),
        "target": 1.0,
        "million_p50_s": big_s, "million_runs_s": [round(r["painted_ms"] / 1000, 3) for r in big_runs],
        "box_p50_s": _p50(box_runs), "box_runs_s": [round(r["painted_ms"] / 1000, 3) for r in box_runs],
        "million_output_p50_s": _p50(big_runs, "output_ms"), "box_output_p50_s": _p50(box_runs, "output_ms"),
        "first_view_box_s": round(first["painted_ms"] / 1000, 3),
        "first_view_box_output_s": round(first["output_ms"] / 1000, 3),
        "first_view_million_s": round(first_big["painted_ms"] / 1000, 3),
        "turning_fps": fps,
        "renderer": sorted({r["renderer"] for r in [first, first_big, *box_runs, *big_runs]}),
        "message_bytes": {"first_view": first["bytes"], "box": box_runs[0]["bytes"], "million": big_runs[0]["bytes"]},
        "plotly_renderer": {
            "million_p50_s": _p50(r_big), "million_runs_s": [round(r["painted_ms"] / 1000, 3) for r in r_big],
            "box_p50_s": _p50(r_box), "box_runs_s": [round(r["painted_ms"] / 1000, 3) for r in r_box],
            "first_view_box_s": round(r_first["painted_ms"] / 1000, 3),
            "renderer": sorted({r["renderer"] for r in [r_first, *r_box, *r_big]}),
            "message_bytes": {"first_view": r_first["bytes"], "million": r_big[0]["bytes"]}},
        **kernel, "repeats": n, "load_before": load_before, "load_after": _load(),
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
