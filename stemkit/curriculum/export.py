"""``stemkit export``: a lesson as one HTML page that needs no internet.

``jupyter nbconvert --to html`` writes a page whose template loads require.js and
MathJax from a CDN (and, when the notebook holds widget state, the widget manager),
so a lesson opened with no network shows its formulas as raw ``$...$``. This module
writes the same page (nbconvert's ``lab`` template) without any of that:

- the template's ``<script src=...>`` blocks (require.js, MathJax, mermaid, the
  widget manager) are left out;
- every formula in a markdown cell (``$...$``, ``$$...$$``, ``\\(...\\)``,
  ``\\[...\\]``, ``\\begin{env}...\\end{env}``) becomes MathML when the page is written
  (latex2mathml), which the browser draws itself: Chromium and Firefox render MathML
  Core with the fonts the computer has. The TeX source travels inside each formula as
  an annotation, for copying and for screen readers. A formula that cannot be converted
  keeps its TeX source visible in a ``<code class="stemkit-tex">``, and is reported;
- outputs stay as the notebook holds them: an explorer's vector still (its widget
  state is dropped, so no widget manager is needed), figures as SVG or PNG, and the
  3D views with the one copy of plotly.js their first view carries;
- the finished page is checked: no script, style sheet, font, image or frame it would
  fetch from the internet (:func:`external_resources`). Links a reader may follow
  (``<a href>``) are fine.

With ``execute=True`` the notebook is run first (nbclient, the ``python3`` kernel) in a
scratch folder holding a copy of the lesson's ``sketches/``, so nothing is written
beside the lesson. Pages go to an output folder that follows
:mod:`stemkit.curriculum.outputs`: never into ``lessons/`` or a folder kept in git, and
never over a file stemkit did not write.

Examples
--------
>>> html = tex_to_mathml(r"I = \\frac{V}{R}")
>>> html.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')
True
>>> "<mfrac>" in html and 'encoding="application/x-tex">I = \\\\frac{V}{R}</annotation>' in html
True
>>> tex_to_mathml(r"x^")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stemkit.curriculum.export.FormulaError: ...MissingSuperScriptOrSubscriptError...
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from stemkit.curriculum.notebook import NotebookError, find_lessons, read_notebook, repo_root
from stemkit.i18n import _

__all__ = ["ExportError", "FormulaError", "Fallback", "Page", "tex_to_mathml", "markdown_formulas",
           "notebook_html", "external_resources", "execute_notebook", "export", "EXPORT_LANGUAGES",
           "CELL_TIMEOUT_S"]

#: Languages a lesson page can be written in (a translation comes from the lesson's PO catalogue).
EXPORT_LANGUAGES = ("en", "ru", "kk")
#: Time limit for one cell when a notebook is run before it is exported [s].
CELL_TIMEOUT_S = 120.0

_MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_TOKENS = {"mi", "mn", "mo", "mtext", "ms", "mspace"}
_ROWS = {"math", "mrow", "mstyle", "mtd", "msqrt", "menclose", "mpadded", "mphantom", "merror"}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# \operatorname{atan2}: latex2mathml splits a name holding a digit into italic letters; a function name is one <mi>
_OPERATORNAME = re.compile(r"\\operatorname\s*\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}")
# \mathrel{+}= (x += dx): latex2mathml nests an <mo> inside an <mo>; the whole relation is one operator
_MATHREL = re.compile(r"\\mathrel\s*\{\s*([-+*/:<>=!|]{1,3})\s*\}(=?)")

# nbconvert's lab page, less everything it would load from elsewhere
_TEMPLATE_NAME = "stemkit-offline.html.j2"
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
/* formulas are MathML, drawn by the browser with a math font the computer has (Windows: Cambria Math,
   Mac: STIX Two Math, Linux: the DejaVu or Latin Modern ones); none is fetched */
.jp-RenderedHTMLCommon math { font-size: 1.1em; font-family: math, "Cambria Math", "STIX Two Math",
  "Latin Modern Math", "DejaVu Math TeX Gyre", "TeX Gyre Pagella Math", "Noto Sans Math", serif; }
.jp-RenderedHTMLCommon math[display="block"] { margin: 0.7em 0; overflow-x: auto; overflow-y: hidden; }
code.stemkit-tex { white-space: pre-wrap; background: #fff4e0; border-bottom: 1px dashed #b35900; }
</style>
{%- endblock extra_css -%}
"""


class ExportError(ValueError):
    """A notebook that cannot be exported as asked: missing, unreadable, or not a lesson where one is needed."""


class FormulaError(ValueError):
    """A TeX formula latex2mathml cannot turn into good MathML."""


@dataclass
class Fallback:
    """A formula left as TeX source in the page, with why."""

    tex: str
    display: bool
    reason: str
    cell: int | None = None      # 1-based position of the cell in the notebook


@dataclass
class Page:
    """One page :func:`export` wrote (``path``), or did not (``error``)."""

    source: Path
    name: str                    # relative to the output folder, with /
    lang: str
    path: Path | None = None
    formulas: int = 0
    fallbacks: list[Fallback] = field(default_factory=list)
    error: str | None = None


# -- formulas ---------------------------------------------------------------------------------------
def _prepare(tex: str) -> tuple[str, dict[str, str]]:
    """``tex`` with the constructs latex2mathml gets wrong replaced by marks, and the MathML for each mark."""
    marks: dict[str, str] = {}

    def mark(mathml: str) -> str:
        key = f"stemkitmark{len(marks)}x"
        marks[f"<mtext>{key}</mtext>"] = mathml
        return rf"\text{{{key}}}"

    tex = _OPERATORNAME.sub(lambda m: mark(f"<mi>{m[1]}</mi>"), tex)
    tex = _MATHREL.sub(lambda m: mark(f"<mo>{html_lib.escape(m[1] + m[2], quote=False)}</mo>"), tex)
    return tex, marks


def _local(el: ElementTree.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _check_mathml(root: ElementTree.Element) -> None:
    for el in root.iter():
        tag = _local(el)
        text = el.text or ""
        if "\\" in text and tag != "annotation":   # latex2mathml writes a command it does not know as text
            raise FormulaError(_("unknown TeX command {command}").format(command=text.strip()))
        if tag in _TOKENS and len(el):
            raise FormulaError(_("latex2mathml wrote MathML a browser cannot draw ({error})").format(
                error=f"<{tag}> holding elements"))


def _is_function(el: ElementTree.Element) -> bool:
    """A function name (sin, ln, atan2), alone or with a script (sin², log₂): latex2mathml writes it as one <mi>."""
    if _local(el) in ("msub", "msup", "msubsup") and len(el):
        el = el[0]
    return _local(el) == "mi" and len((el.text or "").strip()) > 1 and (el.text or "").strip().isalnum()


def _space_like_tex(root: ElementTree.Element) -> None:
    """Spacing TeX gives and MathML Core does not: a thin space between a function name and what it
    multiplies or applies to (``L sin q``, not ``Lsinq``), none around a slash (``V/R``)."""
    for parent in root.iter():
        children = list(parent)
        if _local(parent) not in _ROWS:   # in <msub>, <mfrac>, <mtr>... each child has its place
            continue
        for i in range(len(children) - 1, -1, -1):
            el = children[i]
            if _local(el) == "mo" and (el.text or "").strip() == "/":
                el.set("lspace", "0")
                el.set("rspace", "0")
            if not _is_function(el):
                continue
            after = children[i + 1] if i + 1 < len(children) else None
            before = children[i - 1] if i > 0 else None
            if after is not None and _local(after) not in ("mo", "mspace"):
                parent.insert(i + 1, ElementTree.Element(f"{{{_MATHML_NS}}}mspace", width="0.167em"))
            if before is not None and _local(before) not in ("mo", "mspace"):
                parent.insert(i, ElementTree.Element(f"{{{_MATHML_NS}}}mspace", width="0.167em"))


def tex_to_mathml(tex: str, *, display: bool = False) -> str:
    """A TeX formula (no ``$``) as one MathML ``<math>`` element, its TeX kept as an annotation.

    Parameters
    ----------
    tex : str
        The formula, as written between ``$`` signs.
    display : bool
        True for a formula on its own line (``$$...$$``).

    Raises
    ------
    FormulaError
        When latex2mathml cannot convert it, or writes MathML a browser would not draw
        (a command it does not know, a token element holding elements).
    """
    from latex2mathml.converter import convert

    prepared, marks = _prepare(tex)
    try:
        mathml = convert(prepared, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises a bare Exception subclass (or an IndexError) per kind of mistake
        detail = str(exc).strip()
        raise FormulaError(type(exc).__name__ + (f": {detail}" if detail else "")) from None
    for key, value in marks.items():
        mathml = mathml.replace(key, value)
    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError as exc:
        raise FormulaError(_("latex2mathml wrote MathML a browser cannot draw ({error})").format(error=exc)) from None
    _check_mathml(root)
    _space_like_tex(root)
    # the TeX rides along: copied with the formula, read by screen readers; the browser draws the first child only
    semantics = ElementTree.Element(f"{{{_MATHML_NS}}}semantics")
    body = ElementTree.SubElement(semantics, f"{{{_MATHML_NS}}}mrow")
    body.extend(list(root))
    ElementTree.SubElement(semantics, f"{{{_MATHML_NS}}}annotation", encoding="application/x-tex").text = tex
    for child in list(root):
        root.remove(child)
    root.append(semantics)
    # MathML as the default namespace of this element only: registering it for the whole process would
    # take the empty prefix from SVG, and every SVG drawn after it (schemdraw's) would come out as <ns0:svg>
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
    attributes = dict(root.attrib)
    root.attrib.clear()
    root.set("xmlns", _MATHML_NS)
    root.attrib.update(attributes)
    return ElementTree.tostring(root, encoding="unicode")


def _tex_fallback(tex: str, display: bool) -> str:
    delim = "$$" if display else "$"
    code = f'<code class="stemkit-tex">{html_lib.escape(delim + tex + delim, quote=False)}</code>'
    return f"<p>{code}</p>" if display else code


def _renderer_class():
    from nbconvert.filters.markdown_mistune import IPythonRenderer

    class MathMLRenderer(IPythonRenderer):
        """nbconvert's markdown renderer, with formulas as MathML instead of TeX left for MathJax."""

        def __init__(self, *args, on_formula: Callable[[str, bool, str | None], None] | None = None, **kwargs):
            super().__init__(*args, **kwargs)
            self._on_formula = on_formula

        def _formula(self, tex: str, display: bool) -> str:
            try:
                out = tex_to_mathml(tex, display=display)
            except FormulaError as exc:
                if self._on_formula:
                    self._on_formula(tex, display, str(exc))
                return _tex_fallback(tex, display)
            if self._on_formula:
                self._on_formula(tex, display, None)
            return out

        def block_math(self, body: str) -> str:
            return self._formula(body, True)

        def inline_math(self, body: str) -> str:
            return self._formula(body, False)

        def latex_environment(self, name: str, body: str) -> str:
            return self._formula(f"\\begin{{{name}}}{body}\\end{{{name}}}", True)

    return MathMLRenderer


def markdown_formulas(source: str) -> list[tuple[str, bool]]:
    """Every formula nbconvert finds in a markdown text, as ``(tex, display)``, in order.

    >>> markdown_formulas("Ohm: $V = I R$, and\\n\\n$$P = V I$$")
    [('V = I R', False), ('P = V I', True)]
    """
    from nbconvert.filters.markdown_mistune import MarkdownWithMath

    found: list[tuple[str, bool]] = []
    renderer = _renderer_class()(escape=False, on_formula=lambda tex, display, _e: found.append((tex, display)))
    MarkdownWithMath(renderer=renderer).render(source)
    return found


# -- the page ------------------------------------------------------------------------------------------
def _exporter(lang: str, on_formula):
    from jinja2 import DictLoader, pass_context
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import MarkdownWithMath

    renderer_class = _renderer_class()

    class OfflineHTMLExporter(HTMLExporter):
        @pass_context
        def markdown2html(self, context, source):
            cell = context.get("cell", {})
            renderer = renderer_class(
                escape=False, attachments=cell.get("attachments", {}), embed_images=self.embed_images,
                path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                anchor_link_text=self.anchor_link_text, exclude_anchor_links=self.exclude_anchor_links,
                on_formula=lambda tex, display, error: on_formula(cell, tex, display, error), **self.lexer_options)
            return MarkdownWithMath(renderer=renderer).render(source)

    return OfflineHTMLExporter(template_name="lab", template_file=_TEMPLATE_NAME,
                               extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
                               embed_images=True, theme="light", language_code=lang,
                               require_js_url="", mathjax_url="", jupyter_widgets_base_url="")


def _latex_outputs_as_html(nb) -> None:
    """A ``text/latex`` output shown as MathML (the page has no MathJax to draw it)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data") or {}
            if "text/latex" not in data or {"text/html", "text/markdown", "image/svg+xml"} & set(data):
                continue
            text = data["text/latex"]
            text = "".join(text) if isinstance(text, list) else str(text)
            m = re.fullmatch(r"\s*(\$\$?)(.*?)\1\s*", text, re.S)
            tex, display = (m[2], m[1] == "$$") if m else (text, True)
            try:
                data["text/html"] = tex_to_mathml(tex, display=display)
            except FormulaError:
                continue


def notebook_html(nb: dict[str, Any], *, name: str = "notebook", lang: str | None = None,
                  resources_path: str | Path = "") -> tuple[str, list[Fallback], int]:
    """The offline page of a notebook: ``(html, formulas left as TeX, formulas drawn as MathML)``.

    ``nb`` is not changed. ``lang`` (default: the notebook's ``metadata.stemkit.lang``, else
    ``en``) goes into ``<html lang>``. Widget state is dropped, so a widget shows the
    still picture it carries.
    """
    import nbformat

    node = nbformat.reads(json.dumps(nb), as_version=4)   # a copy, with multi-line texts joined as nbconvert wants
    meta = node.metadata.get("stemkit", {}) or {}
    lang = lang or str(meta.get("lang") or "en")
    node.metadata.pop("widgets", None)
    if meta.get("title") and "title" not in node.metadata:
        node.metadata["title"] = meta["title"]
    _latex_outputs_as_html(node)
    # nbconvert renders a copy of the notebook: find a cell again by its id, else by its text
    positions: dict[Any, int] = {}
    for i, c in enumerate(node.cells):
        positions.setdefault(("id", c.get("id")), i + 1)
        positions.setdefault(("source", c.get("source")), i + 1)
    fallbacks: list[Fallback] = []
    drawn = [0]

    def on_formula(cell, tex, display, error):
        if error is None:
            drawn[0] += 1
        else:
            where = positions.get(("id", cell.get("id"))) if cell.get("id") else None
            where = where or positions.get(("source", cell.get("source")))
            fallbacks.append(Fallback(tex=tex, display=display, reason=error, cell=where))

    exporter = _exporter(lang.split("-")[0], on_formula)
    page, _res = exporter.from_notebook_node(node, resources={"metadata": {"name": name, "path": str(resources_path)}})
    return page, fallbacks, drawn[0]


_FETCHING = [  # (tag, attribute): what a browser fetches by itself when it shows the page
    ("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"), ("iframe", "src"), ("embed", "src"),
    ("object", "data"), ("input", "src"), ("image", "href"), ("image", "xlink:href"), ("use", "href"),
    ("use", "xlink:href"), ("feimage", "href"), ("feimage", "xlink:href"),
]
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


def external_resources(page: str) -> list[str]:
    """What the page would fetch from the internet when opened: ``"<tag attr> URL"`` for each.

    Scripts, style sheets (and any other ``<link>``), images, media, frames and CSS
    ``url(...)``/``@import``. Links a reader may click (``<a href>``) do not count.

    >>> external_resources('<p><a href="https://example.org">a source</a></p>')
    []
    >>> external_resources('<script src="https://cdn.example.org/x.js"></script><img src="//example.org/a.png">')
    ['<script src> https://cdn.example.org/x.js', '<img src> //example.org/a.png']
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, features="html.parser")
    found: list[str] = []

    def remote(url: str) -> bool:
        return bool(re.match(r"\s*(?:https?:)?//", url, re.I))

    for tag, attr in _FETCHING:
        for el in soup.find_all(tag):
            value = el.get(attr)
            if not value:
                continue
            urls = [u.strip().split()[0] for u in value.split(",") if u.strip()] if attr == "srcset" else [value]
            found += [f"<{tag} {attr}> {u.strip()}" for u in urls if remote(u)]
    for el in soup.find_all("style"):
        found += [f"<style> {u}" for u in _CSS_URL.findall(el.get_text())]
    for el in soup.find_all(style=True):
        found += [f"<{el.name} style> {u}" for u in _CSS_URL.findall(el["style"])]
    return found


# -- running a notebook ------------------------------------------------------------------------------------
def execute_notebook(nb: dict[str, Any], *, source: Path, cell_timeout: float = CELL_TIMEOUT_S,
                     lang: str = "en") -> dict[str, Any]:
    """Run every cell of ``nb`` in a fresh ``python3`` kernel and return the notebook with its outputs.

    The kernel runs in a scratch folder with a copy of the ``sketches/`` folder beside
    ``source`` (where lessons read their Arduino sketches), so a cell that saves a file
    does not write beside the lesson. Figures use the inline backend; stemkit speaks
    ``lang``; progress logs go nowhere.

    Raises
    ------
    ExportError
        Naming the notebook and the cell that failed, ran out of time, or stopped the kernel.
    """
    import nbformat
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    node = nbformat.reads(json.dumps(nb), as_version=4)
    env = dict(os.environ)
    env.update(STEMKIT_PROGRESS=os.devnull, STEMKIT_LANG=lang, PYDEVD_DISABLE_FILE_VALIDATION="1",
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    index = 0
    with tempfile.TemporaryDirectory(prefix="stemkit-export-") as tmp:
        sketches = Path(source).parent / "sketches"
        if sketches.is_dir():
            shutil.copytree(sketches, Path(tmp) / "sketches")
        client = NotebookClient(node, timeout=max(1, round(cell_timeout)), allow_errors=False, kernel_name="python3",
                                shutdown_kernel="immediate", record_timing=False, startup_timeout=60,
                                store_widget_state=False, resources={"metadata": {"path": tmp}})
        try:
            with client.setup_kernel(env=env, cwd=tmp, stderr=subprocess.DEVNULL):
                for index, cell in enumerate(node.cells):
                    client.execute_cell(cell, index)
        except CellExecutionError as exc:
            error = _cell_error(node.cells[index]) or _ANSI.sub("", str(exc)).strip().splitlines()[-1]
            raise ExportError(_("{path}: cell {cell} failed when it ran ({error})").format(
                path=source, cell=index + 1, error=error)) from None
        except CellTimeoutError:
            raise ExportError(_("{path}: cell {cell} did not finish within {seconds} s; give more time with "
                                "--cell-timeout").format(path=source, cell=index + 1, seconds=round(cell_timeout))) from None
        except DeadKernelError:
            raise ExportError(_("{path}: the Python kernel stopped while cell {cell} ran").format(
                path=source, cell=index + 1)) from None
        except (NoSuchKernel, RuntimeError, TimeoutError, OSError) as exc:   # not installed, or it would not start
            raise ExportError(_("{path}: the Python kernel (python3) did not start: {error}").format(
                path=source, error=exc)) from None
    return json.loads(nbformat.writes(node))


def _cell_error(cell) -> str | None:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            value = _ANSI.sub("", str(out.get("evalue", ""))).strip().splitlines()
            return f"{out.get('ename', 'Error')}: {value[0] if value else ''}".rstrip(": ")
    return None


# -- the command -------------------------------------------------------------------------------------------
@dataclass
class _Job:
    source: Path
    nb: dict[str, Any]
    lang: str
    name: str


def _read(path: Path) -> dict[str, Any]:
    import nbformat

    try:
        nb = read_notebook(path)   # an unreadable file raises OSError, which names it
    except NotebookError as exc:
        raise ExportError(str(exc)) from None
    try:
        node = nbformat.from_dict(nb)
        with warnings.catch_warnings():   # a missing cell id is not the reader's problem: the page does not need it
            warnings.simplefilter("ignore")
            nbformat.validate(node, relax_add_props=True)
    except nbformat.ValidationError as exc:
        where = "/".join(str(p) for p in getattr(exc, "absolute_path", []) or [])
        message = str(getattr(exc, "message", exc)).splitlines()[0]
        raise ExportError(_("{path}: not a valid notebook ({where}: {error})").format(
            path=path, where=where or "top", error=message)) from None
    return nb


def _lesson_for(path: Path, root: Path | None):
    try:
        lessons = find_lessons(root or repo_root())
    except FileNotFoundError:
        return None
    resolved = Path(path).resolve()
    return next((lf for lf in lessons if lf.path.resolve() == resolved), None)


def _plan(sources: Iterable[Path], langs: tuple[str, ...] | None, root: Path | None) -> list[_Job]:
    from stemkit.curriculum.release import teacher_source_in

    jobs: list[_Job] = []
    for source in sources:
        source = Path(source)
        nb = _read(source)
        meta = nb.get("metadata", {}).get("stemkit", {}) or {}
        own = str(meta.get("lang") or "en")
        track = str(meta.get("track") or "")
        lesson = _lesson_for(source, root)
        if lesson is not None:
            track = lesson.track
        for lang in langs or (own,):
            page_nb = nb
            if lang != own:
                if lesson is None:
                    raise ExportError(_("{path}: --lang {lang} needs a lesson from lessons/ (its translation comes "
                                        "from the lesson's catalogue); this notebook is in {own}").format(
                        path=source, lang=lang, own=own))
                page_nb, _stats = teacher_source_in(nb, lang)
            prefix = f"{lang}/" if langs and tuple(langs) != ("en",) else ""
            folder = f"{track}/" if track else ""
            jobs.append(_Job(source=source, nb=page_nb, lang=lang, name=f"{prefix}{folder}{source.stem}.html"))
    seen: dict[str, Path] = {}
    for job in jobs:
        if job.name in seen and seen[job.name].resolve() != job.source.resolve():
            raise ExportError(_("{first} and {second} would both be written as {name}; export them to different "
                                "folders").format(first=seen[job.name], second=job.source, name=job.name))
        seen[job.name] = job.source
    unique: dict[str, _Job] = {}
    for job in jobs:
        unique.setdefault(job.name, job)
    return list(unique.values())


def export(sources: Iterable[str | Path], *, out: str | Path, execute: bool = False, force: bool = False,
           langs: tuple[str, ...] | None = None, cell_timeout: float = CELL_TIMEOUT_S, root: Path | None = None,
           on_start: Callable[[Path, str], None] | None = None) -> list[Page]:
    """Write the offline page of each notebook to ``out``; returns one :class:`Page` per page.

    A lesson's page goes to ``out/<track>/<file>.html`` (``out/<lang>/<track>/...`` when
    ``langs`` names any language other than English alone), another notebook's to
    ``out/<its metadata track>/`` or ``out/``. ``langs=None``: each notebook in its own
    language; a translation (``ru``, ``kk``) is made from the lesson's catalogue, as
    ``stemkit release`` does, so it needs a lesson from ``lessons/``.

    Every notebook is read and every output file checked before anything is run or
    written (:class:`ExportError`, :class:`~stemkit.curriculum.outputs.OutputError`). A
    notebook whose run fails, or whose page would still fetch something from the
    internet, gets no page: its :attr:`Page.error` says why, and the others are written.
    """
    from stemkit.curriculum.outputs import open_output

    for lang in langs or ():
        if lang not in EXPORT_LANGUAGES:
            raise ExportError(_("language must be one of {langs}, got {value!r}").format(
                langs=", ".join(EXPORT_LANGUAGES), value=lang))
    jobs = _plan([Path(s) for s in sources], langs, root)
    folder = open_output(out, command="export", force=force, root=root, example="build/html")
    folder.check([job.name for job in jobs])
    pages: list[Page] = []
    for job in jobs:
        page = Page(source=job.source, name=job.name, lang=job.lang)
        pages.append(page)
        nb = job.nb
        if execute:
            if on_start:
                on_start(job.source, job.lang)
            try:
                nb = execute_notebook(nb, source=job.source, cell_timeout=cell_timeout, lang=job.lang)
            except ExportError as exc:
                page.error = str(exc)
                continue
        text, page.fallbacks, page.formulas = notebook_html(nb, name=job.source.stem, lang=job.lang,
                                                            resources_path=job.source.parent)
        fetched = external_resources(text)
        if fetched:
            page.error = _("{path}: the page would load {what} from the internet, so it was not written").format(
                path=job.source, what=fetched[0] + ("" if len(fetched) == 1 else f" (+{len(fetched) - 1})"))
            continue
        page.path = folder.write_text(job.name, text)
    return pages
