"""Every static figure a lesson shows is sharp at device scale 1 and 2 and never stretched.

Lessons run here as a student runs them: in a fresh kernel with the notebook's inline
matplotlib backend (not the Agg backend the other lesson tests use, which shows no figure
at all). Then every image output is checked:

- ``image/svg+xml``: vectors, sharp at any scale;
- ``image/png``: its output metadata gives the size it is displayed at (CSS px), and the PNG
  has at least twice as many pixels each way. So at device scale 2 every screen pixel has an
  image pixel (sharp), and at scale 1 it is shown smaller than its pixels, never stretched.
  A PNG without a displayed size is shown one image pixel per CSS pixel: soft at scale 2, so
  it fails;
- ``<img>`` inside an HTML output, with a PNG data URI: the same rule, using the tag's
  ``width``/``height`` attributes.

While the lesson runs, every figure it saves or shows is also checked for a legend drawn over
its data (:func:`stemkit.ui.style.legend_overlaps`, right after the figure was drawn).

A sample of lessons runs by default (one or two per track, chosen for their many figures);
``STEMKIT_AUDIT_ALL=1`` runs every lesson.
"""

from __future__ import annotations

import base64
import os
import re
import struct
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.lessons

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"
SAMPLE = ["start/01-welcome", "electronics/01-ohms-law", "electronics/07-sensors-and-the-arduino-adc",
          "robotics/01-coordinates-and-motion", "robotics/06-arm-forward-kinematics", "design3d/01-coordinates-and-units",
          "design3d/07-slicing"]
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_DATA_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\\n]+)")
#: Smaller PNGs inside HTML are not pictures: a script library's placeholder pixel (plotly.js has a 1×1 one).
PICTURE_MIN = 8
_ATTR = re.compile(r"""\b(width|height|src)\s*=\s*(["'])(.*?)\2""", re.I | re.S)


def _lessons() -> list[str]:
    if os.environ.get("STEMKIT_AUDIT_ALL"):
        return sorted(str(p.relative_to(LESSONS).with_suffix("")) for p in LESSONS.glob("[a-z]*/[0-9][0-9]-*.ipynb"))
    return [name for name in SAMPLE if (LESSONS / f"{name}.ipynb").is_file()]


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels, from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def _number(value: object) -> float | None:
    try:
        return float(str(value).removesuffix("px"))
    except (TypeError, ValueError):
        return None


def png_problem(pixels: tuple[int, int], shown: tuple[float | None, float | None], where: str) -> str:
    """'' when a PNG of ``pixels`` displayed at ``shown`` CSS px is sharp at scale 2 and not stretched."""
    (pw, ph), (w, h) = pixels, shown
    if w is None and h is None:
        return f"{where}: PNG {pw}×{ph} px has no displayed size, so it shows at {pw}×{ph} CSS px, soft at device scale 2"
    w = w if w is not None else h * pw / ph
    h = h if h is not None else w * ph / pw
    if pw + 1 < 2 * w or ph + 1 < 2 * h:
        return (f"{where}: PNG {pw}×{ph} px is displayed at {w:g}×{h:g} CSS px: fewer than 2 pixels per CSS px "
                f"(soft at device scale 2{', stretched at scale 1' if pw < w else ''})")
    return ""


def image_problems(nb) -> list[str]:
    """Every image output of an executed notebook that breaks the rule in the module docstring."""
    problems = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            meta = output.get("metadata", {})
            where = f"cell {index} ({cell.get('id', '')})"
            if "image/svg+xml" in data:
                continue
            if "image/png" in data:
                raw = base64.b64decode(data["image/png"])
                size = meta.get("image/png", meta) if isinstance(meta.get("image/png", meta), dict) else {}
                problem = png_problem(png_size(raw), (_number(size.get("width")), _number(size.get("height"))), where)
                if problem:
                    problems.append(problem)
            problems += html_problems(str(data.get("text/html", "")), where)
    return problems


def html_problems(text: str, where: str) -> list[str]:
    """PNG pictures inside HTML: in an ``<img>`` with a size, by the rule; anywhere else (the frames of an
    animation player, put in by script) they have no displayed size, so they are named."""
    problems = []
    for tag in _IMG.findall(text):
        attrs = {k.lower(): v for k, _q, v in _ATTR.findall(tag)}
        src = attrs.get("src", "")
        if not src.startswith("data:image/png;base64,"):
            continue
        raw = base64.b64decode(src.split(",", 1)[1])
        problem = png_problem(png_size(raw), (_number(attrs.get("width")), _number(attrs.get("height"))),
                              where + " <img>")
        if problem:
            problems.append(problem)
    loose = []
    for encoded in _DATA_PNG.findall(_IMG.sub(" ", text)):   # the ones not in an <img> checked above
        pw, ph = png_size(base64.b64decode(encoded.replace("\\", "")[:32]))   # the header is enough
        if pw >= PICTURE_MIN and ph >= PICTURE_MIN:
            loose.append((pw, ph))
    if loose:
        pw, ph = loose[0]
        problems.append(f"{where}: {len(loose)} PNG frame(s) of {pw}×{ph} px shown by script with no displayed size "
                        f"(an animation player?): soft at device scale 2")
    return problems


#: Run in the lesson's kernel after its first code cell (the imports, so matplotlib is set up as the
#: lesson sets it up): after each figure is drawn for the page, name what its legends cover.
LEGEND_HOOK = """
import matplotlib.backend_bases as _stemkit_bases, sys as _stemkit_sys
_stemkit_drawn = _stemkit_bases.FigureCanvasBase.print_figure


def _stemkit_checked(self, *args, **kwargs):
    out = _stemkit_drawn(self, *args, **kwargs)
    from stemkit.ui.style import legend_overlaps
    for problem in legend_overlaps(self.figure, draw=False):
        print("LEGEND-CHECK:", problem, file=_stemkit_sys.stderr)
    return out


_stemkit_bases.FigureCanvasBase.print_figure = _stemkit_checked
"""


def legend_problems(nb) -> list[str]:
    """The legend findings the hook printed while the lesson ran, with their cells."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                found += [f"cell {index} ({cell.get('id', '')}): {line.split(':', 1)[1].strip()}"
                          for line in output.get("text", "").splitlines() if line.startswith("LEGEND-CHECK:")]
    return sorted(set(found))


def run_as_a_student(path: Path):
    """Execute a lesson in a fresh kernel with the inline backend, in an empty folder; returns the notebook."""
    nbformat = pytest.importorskip("nbformat")
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}   # the kernel picks the inline backend itself
    env.update(STEMKIT_PROGRESS=os.devnull, PYDEVD_DISABLE_FILE_VALIDATION="1")
    with tempfile.TemporaryDirectory() as tmp:
        client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=True, record_timing=False)
        with client.setup_kernel(env=env, cwd=tmp):
            hooked = False
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index)
                    if not hooked:   # straight to the kernel: no cell of the lesson gets its output
                        run_sync(client.kc.execute_interactive)(LEGEND_HOOK, timeout=60, output_hook=lambda _m: None)
                        hooked = True
    return nb


# --- the rule itself, on made-up outputs -------------------------------------------------------
def test_the_rule_accepts_retina_and_vectors_and_refuses_plain_and_stretched_pngs():
    assert png_problem((1200, 800), (600, 400), "x") == ""
    assert png_problem((1201, 801), (600, 400), "x") == ""          # bbox rounding
    assert png_problem((1200, 800), (None, None), "x").startswith("x: PNG 1200×800 px has no displayed size")
    assert "fewer than 2 pixels" in png_problem((640, 480), (640, 480), "x")
    assert "stretched at scale 1" in png_problem((640, 480), (900, 675), "x")
    assert png_problem((1200, 800), (600, None), "x") == ""          # height follows the aspect ratio
    frame = base64.b64encode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + struct.pack(">II", 288, 288)).decode()
    player = f'<img id="anim_img"><script>frames[0] = "data:image/png;base64,{frame}";</script>'
    assert "1 PNG frame(s) of 288×288 px shown by script" in html_problems(player, "x")[0]
    assert html_problems(f"<img width='144' height='144' src='data:image/png;base64,{frame}'>", "x") == []
    pixel = base64.b64encode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + struct.pack(">II", 1, 1)).decode()
    library = f'<script>img.src="data:image/png;base64,{pixel}"</script>'
    assert html_problems(library, "x") == []                          # a library's placeholder pixel
    assert len(html_problems(library + player, "x")) == 1              # ... does not hide a real frame


def test_a_kernel_figure_is_retina_after_stemkit_ui_is_imported(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import stemkit.ui\nimport matplotlib.pyplot as plt\n"
                                          "fig, ax = plt.subplots(figsize=(4, 3))\nax.plot([0, 1], [1, 0]);"),
                nbformat.v4.new_code_cell("from matplotlib.figure import Figure\n"
                                          "class Own(Figure):\n    def _repr_png_(self):\n        return b''\n"
                                          "f = Own(figsize=(3, 2)); f.add_subplot().plot([1, 2]); f")]
    path = tmp_path / "figure.ipynb"
    nbformat.write(nb, path)
    done = run_as_a_student(path)
    pngs = [o for c in done.cells for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == 2, [o.get("output_type") for c in done.cells for o in c.outputs]
    assert image_problems(done) == []
    for output in pngs:
        w = output["metadata"]["image/png"]["width"] if "image/png" in output["metadata"] else output["metadata"]["width"]
        pw, _ph = png_size(base64.b64decode(output["data"]["image/png"]))
        assert 2 * w - 1 <= pw <= 2 * w + 1


@pytest.mark.parametrize("lesson", _lessons())
def test_every_static_figure_is_sharp_at_device_scale_2_and_never_stretched(lesson):
    nb = run_as_a_student(LESSONS / f"{lesson}.ipynb")
    problems = image_problems(nb) + legend_problems(nb)
    assert not problems, f"{lesson}:\n" + "\n".join(problems)


def test_a_legend_over_the_data_is_found_in_a_running_lesson(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import matplotlib.pyplot as plt"),
                nbformat.v4.new_code_cell("fig, ax = plt.subplots(figsize=(4, 3))\n"
                                          "ax.plot([0, 1], [0, 1], label='rising')\nax.legend(loc='center');"),
                nbformat.v4.new_code_cell("fig, ax = plt.subplots(figsize=(4, 3))\n"
                                          "ax.plot([0, 1], [0, 1], label='rising')\nax.legend(loc='upper left');")]
    path = tmp_path / "legend.ipynb"
    nbformat.write(nb, path)
    assert legend_problems(run_as_a_student(path)) == ["cell 1 (" + nb.cells[1].id + "): the legend of axes 1 "
                                                       "covers the line 'rising'"]


def test_legend_overlaps_names_points_bars_and_lines_under_the_legend_only():
    from matplotlib.figure import Figure

    from stemkit.ui.style import legend_overlaps

    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.scatter([0.5], [0.5], label="dot")
    ax.legend(loc="center")
    assert legend_overlaps(fig) == ["the legend of axes 1 covers points of 'dot'"]
    ax.legend(loc="upper left")
    assert legend_overlaps(fig) == []
    fig2 = Figure(figsize=(4, 3))
    ax2 = fig2.add_subplot(title="bars")
    ax2.bar([0, 1, 2], [3, 3, 3], label="tall")
    ax2.legend(loc="center")
    assert legend_overlaps(fig2) == ["the legend of bars covers a bar or shape"]
    ax2.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))   # beside the plot: never over the data
    assert legend_overlaps(fig2) == []
