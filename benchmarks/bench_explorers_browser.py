"""Key press to drawn update of every explorer in JupyterLab in headless Chromium.

Starts JupyterLab on a free loopback port (a temporary folder, its own settings and
runtime folders), opens each explorer alone in its own notebook and kernel, as a lesson
shows one (``--one-page``: all of them in one notebook, a much heavier page), runs it, and
presses the arrow keys on its first slider ``MOVES`` times at 2 Hz, as a student would. The time of each key press is taken in the page; the update counts as drawn at the
first animation frame after the explorer's figure changed (a MutationObserver on the
figure's SVG). It also reads the kernel's CPU time per move from /proc, and splits each
move (medians, ms): key press to the slider's message leaving the page (``key_to_send_ms``),
from there until the kernel is idle again, with all its answers in the page
(``send_to_idle_ms``: the server both ways and the kernel's work), and on to drawn
(``idle_to_drawn_ms``); ``messages_per_move`` counts the kernel's widget messages per move.

The first row, ``Baseline``, is a bare ipywidgets slider whose value the kernel writes into
a label: the round trip every explorer pays before it draws anything, under the machine's
load at the time. ``stemkit_s`` is the p50 key-to-draw time; ``reference_s`` is the 50 ms target, so ``ratio``
<= 1 meets it; ``p95_s`` has its own target of 100 ms. ``--scale 2`` runs at device scale 2
(a HiDPI laptop) and ``--shots DIR`` saves a screenshot of each explorer.
Skipped with the reason when Chromium or Playwright is missing.
"""

from __future__ import annotations

import argparse
import json
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

P50_TARGET_S = 0.050
P95_TARGET_S = 0.100
MOVES = 20
CHROMIUM = "/usr/bin/chromium"

#: (explorer, the code that builds it) in the order they appear in the notebook.
EXPLORERS = [
    # the floor: a bare slider whose value the kernel writes into a label, no figure at all
    ("Baseline", "import ipywidgets as w\n_s = w.FloatSlider(); _h = w.HTML('0')\n"
                 "_s.observe(lambda c: setattr(_h, 'value', str(c['new'])), 'value')\n"
                 "_b = w.VBox([_s, _h]); _b.add_class('stemkit-Baseline'); _h.add_class('stemkit-figure'); _b"),
    ("BlinkExplorer", "from stemkit.ui.welcome import BlinkExplorer\nBlinkExplorer()"),
    ("OhmsLawExplorer", "from stemkit.electronics.explorers import *\nOhmsLawExplorer()"),
    ("ColourCodeExplorer", None),   # dropdowns only: no slider to press
    ("DividerExplorer", "DividerExplorer()"),
    ("LEDResistorExplorer", "LEDResistorExplorer()"),
    ("SensorExplorer", "SensorExplorer()"),
    ("RCExplorer", "RCExplorer()"),
    ("LowPassExplorer", "LowPassExplorer()"),
    ("PWMExplorer", "PWMExplorer()"),
    ("MotionExplorer", "from stemkit.robotics.explorers import *\nMotionExplorer()"),
    ("DriveExplorer", "DriveExplorer()"),
    ("OdometryExplorer", "OdometryExplorer()"),
    ("SensorFilterExplorer", "SensorFilterExplorer()"),
    ("PIDExplorer", "PIDExplorer()"),
    ("PlaybackExplorer", "import numpy as np\n_t = np.linspace(0, 10, 201)\n"
                         "PlaybackExplorer({'arc': np.column_stack([np.sin(_t / 10), 1 - np.cos(_t / 10), _t / 10])},"
                         " times=_t)"),
    ("ArmExplorer", "ArmExplorer()"),
    ("PlannerExplorer", "PlannerExplorer()"),
    ("TransformExplorer", "from stemkit.design3d.explorers import *\nTransformExplorer()"),
    ("MeshViewerExplorer", "MeshViewerExplorer()"),
    ("PartExplorer", "PartExplorer()"),
    ("PrintCostExplorer", "PrintCostExplorer()"),
    ("SliceExplorer", "SliceExplorer()"),
    ("GCodeExplorer", "GCodeExplorer()"),
]

OBSERVE = """(cls) => {
  const fig = document.querySelector('.stemkit-' + cls + ' .stemkit-figure');
  window.__lat = []; window.__t0 = null; window.__rec = [];
  if (window.__obs) window.__obs.disconnect();
  window.__obs = new MutationObserver(() => {
    if (window.__t0 === null) return;
    const t0 = window.__t0; window.__t0 = null;
    const r = window.__rec[window.__rec.length - 1];
    requestAnimationFrame(() => setTimeout(() => {
      const now = performance.now(); window.__lat.push(now - t0); if (r) r.drawn = now; }, 0));
  });
  window.__obs.observe(fig, {subtree: true, childList: true, attributes: true, characterData: true});
  if (!window.__keys) {
    window.__keys = true;
    document.addEventListener('keydown', () => {
      window.__t0 = performance.now();
      window.__rec.push({t0: window.__t0, send: null, id: null, first: null, idle: null, msgs: 0, drawn: null});
    }, {capture: true});
    // where the time goes: the slider's message leaving, the kernel's answers arriving, the kernel idle
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    kernel.anyMessage.connect((_k, a) => {
      const r = window.__rec[window.__rec.length - 1];
      if (!r) return;
      const m = a.msg, now = performance.now();
      if (a.direction === 'send') {
        if (m.header.msg_type === 'comm_msg' && r.send === null) { r.send = now; r.id = m.header.msg_id; }
      } else if (r.id && m.parent_header && m.parent_header.msg_id === r.id) {
        if (m.header.msg_type === 'comm_msg') { r.msgs += 1; if (r.first === null) r.first = now; }
        else if (m.header.msg_type === 'status' && m.content.execution_state === 'idle') r.idle = now;
      }
    });
  }
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(path: Path, names) -> None:
    """A notebook with the set-up cell and one cell per explorer in ``names``."""
    import nbformat

    cells = [nbformat.v4.new_code_cell("import os\nos.environ['STEMKIT_PROGRESS'] = os.devnull\n"
                                       "from stemkit.ui.welcome import *\nfrom stemkit.electronics.explorers import *\n"
                                       "from stemkit.robotics.explorers import *\nfrom stemkit.design3d.explorers import *")]
    cells += [nbformat.v4.new_code_cell(code) for name, code in EXPLORERS if code and name in names]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def _kernel_cpu_s(server_pid: int) -> float:
    """CPU seconds (user + system) of the server's kernel processes, from /proc."""
    total, ticks = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"ipykernel" in cmd and int(stat[1]) > 0 and _descends(int(entry.name), server_pid):
            total += (int(stat[11]) + int(stat[12])) / ticks
    return total


def _descends(pid: int, ancestor: int) -> bool:
    for _ in range(10):
        if pid == ancestor:
            return True
        try:
            pid = int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            return False
        if pid <= 1:
            return False
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="device scale factor (2 for a HiDPI laptop)")
    parser.add_argument("--shots", type=Path, help="save one screenshot per explorer into this folder")
    parser.add_argument("--moves", type=int, default=MOVES)
    parser.add_argument("--one-page", action="store_true",
                        help="all explorers in one notebook (a heavier page than any lesson); by default each "
                             "explorer is alone in its own notebook and kernel, as in a lesson")
    parser.add_argument("names", nargs="*", help="only these explorers (default: all of them)")
    args = parser.parse_args()
    args.names = [n for n, code in EXPLORERS if code and (not args.names or n in args.names)]
    if not Path(CHROMIUM).exists():
        print(json.dumps({"name": "explorers in the browser", "error": f"{CHROMIUM} is not installed"}))
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print(json.dumps({"name": "explorers in the browser", "error": "playwright is not installed"}))
        return

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        root = tmp / "class"
        root.mkdir()
        if args.one_page:
            _notebook(root / "explorers.ipynb", args.names)
        else:
            for name in args.names:
                _notebook(root / f"{name}.ipynb", [name])
        settings = tmp / "settings" / "@jupyterlab"
        # JupyterLab's own windowing: cells far out of view are taken out of the page, so a
        # notebook of 23 explorers weighs about what a lesson with one or two does
        (settings / "apputils-extension").mkdir(parents=True)
        (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
        port, token = _free_port(), secrets.token_hex(16)
        env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
        env.update(STEMKIT_PROGRESS=os.devnull, JUPYTER_CONFIG_DIR=str(tmp / "config"),
                   JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), PYDEVD_DISABLE_FILE_VALIDATION="1")
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
               "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--ServerApp.port_retries=0"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        log = open(tmp / "lab.log", "wb")
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                    break
                except OSError:
                    time.sleep(0.3)
            _measure(sync_playwright, base, token, proc.pid, args)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                time.sleep(0.5)
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
            log.close()


def _parts(records: list[dict]) -> dict:
    """Median split of a move [ms]: key press to the slider's message sent, sent to the kernel idle
    again (the server both ways and the kernel's work), idle to drawn; and messages per move."""
    def med(values):
        values = [v for v in values if v is not None]
        return round(statistics.median(values), 1) if values else None

    full = [r for r in records if r.get("send") is not None and r.get("idle") is not None]
    return {"key_to_send_ms": med([r["send"] - r["t0"] for r in full]),
            "send_to_idle_ms": med([r["idle"] - r["send"] for r in full]),
            "idle_to_drawn_ms": med([r["drawn"] - r["idle"] if r.get("drawn") else None for r in full]),
            "messages_per_move": med([r["msgs"] for r in full])}


NB = "window.jupyterapp.shell.currentWidget"


def _open(page, base: str, token: str, notebook: str) -> None:
    """Open a notebook in JupyterLab (no old layout), run all its cells and wait until they ran."""
    page.goto(f"{base}/lab/tree/{notebook}?token={token}&reset", timeout=120_000)
    page.wait_for_function(f"() => window.jupyterapp && {NB} && {NB}.sessionContext.session"
                           f" && {NB}.sessionContext.session.kernel"
                           f" && {NB}.sessionContext.session.kernel.status === 'idle'", timeout=120_000)
    page.evaluate("() => { if (window.jupyterapp.shell.leftCollapsed === false)"
                  " window.jupyterapp.commands.execute('application:toggle-left-area'); }")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"() => {NB}.sessionContext.session.kernel.status === 'idle'"
                           f" && {NB}.content.widgets.every(c => c.model.type !== 'code'"
                           " || c.model.executionCount)", timeout=180_000)
    time.sleep(2)


def _shut_kernels(base: str, token: str) -> None:
    """Stop every kernel of the server (each explorer gets a fresh one, as each lesson does)."""
    with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as r:
        kernels = json.loads(r.read())
    for k in kernels:
        req = urllib.request.Request(f"{base}/api/kernels/{k['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(req, timeout=30).close()


def _measure(sync_playwright, base: str, token: str, server_pid: int, args) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_context(viewport={"width": 1366, "height": 768},
                                       device_scale_factor=args.scale).new_page()
            if args.one_page:
                _open(page, base, token, "explorers.ipynb")
            for index, name in enumerate(args.names, start=1):
                if not args.one_page:
                    _open(page, base, token, f"{name}.ipynb")
                    index = 1
                _measure_one(page, name, index, server_pid, args)
                if not args.one_page:
                    page.goto("about:blank")
                    _shut_kernels(base, token)
        finally:
            browser.close()


def _measure_one(page, name: str, index: int, server_pid: int, args) -> None:
    page.evaluate(f"() => {{ {NB}.content.activeCellIndex = {index}; "
                  f"{NB}.content.scrollToItem({index}, 'start'); }}")
    box = page.locator(f".stemkit-{name}").first
    box.wait_for(state="visible", timeout=60_000)
    box.scroll_into_view_if_needed()
    handle = box.locator(".noUi-handle:visible").first
    time.sleep(0.5)
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
        box.screenshot(path=str(args.shots / f"{name}-x{args.scale:g}.png"))
    page.evaluate(OBSERVE, name)
    handle.click()
    time.sleep(0.6)
    page.evaluate("() => { window.__lat = []; window.__t0 = null; window.__rec = []; }")
    cpu0 = _kernel_cpu_s(server_pid)
    for k in range(args.moves):
        page.keyboard.press("ArrowRight" if (k // 10) % 2 == 0 else "ArrowLeft")
        time.sleep(0.5)
    cpu = (_kernel_cpu_s(server_pid) - cpu0) / args.moves
    lat = sorted(page.evaluate("() => window.__lat"))
    parts = _parts(page.evaluate("() => window.__rec"))
    if not lat:
        print(json.dumps({"name": f"browser {name}", "error": "no move was drawn"}), flush=True)
        return
    p50 = statistics.median(lat) / 1e3
    p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))] / 1e3
    print(json.dumps({"name": f"browser {name}", "stemkit_s": round(p50, 4), "reference_s": P50_TARGET_S,
                      "ratio": round(p50 / P50_TARGET_S, 3), "target": 1.0, "p95_s": round(p95, 4),
                      "p95_target_s": P95_TARGET_S, "drawn": f"{len(lat)}/{args.moves}",
                      "kernel_cpu_s_per_move": round(cpu, 4), "device_scale": args.scale,
                      "page": "all explorers" if args.one_page else "alone",
                      "load_average_1min": round(os.getloadavg()[0], 1), **parts}), flush=True)


if __name__ == "__main__":
    main()
