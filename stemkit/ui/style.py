"""How static matplotlib figures show in a notebook: sharp at device scale 1 and 2, never stretched.

JupyterLab shows a plain PNG at one image pixel per CSS pixel: it is soft on a HiDPI
screen (device scale 2), and nothing tells the page its natural size. :func:`crisp_figures`
switches the notebook's inline backend to ``retina``: every figure is drawn with twice the
pixels and displayed at half, with its width and height in the output's metadata, so it
is sharp at scale 1 and 2 and never drawn larger than it is.

This module imports nothing heavy: it only touches IPython and matplotlib when a notebook
has already loaded them, so a lesson's first import stays quick and a core module that
calls it stays free of plotting code.
"""

from __future__ import annotations

import sys

from stemkit.i18n import _

__all__ = ["FIGURE_FORMATS", "crisp_figures", "legend_overlaps", "retina_bundle", "retina_png"]

#: Inline-backend formats that stay sharp at device scale 2 (``retina``: a PNG with twice the pixels).
FIGURE_FORMATS = ("retina", "svg")
_PRINT_KWARGS = {"bbox_inches": "tight"}   # the inline backend's own default


def _retina(fig: object) -> tuple[str, dict[str, int]]:
    from IPython.core.pylabtools import retina_figure

    return retina_figure(fig, base64=True, **_PRINT_KWARGS)


def crisp_figures(figure_format: str = "retina") -> bool:
    """In a notebook, show matplotlib figures sharp at device scale 2 and at their natural size.

    Sets the inline backend's figure format (now, and for when ``matplotlib.pyplot`` is first
    imported), and the notebook's formatter for every ``matplotlib.figure.Figure``, so a figure
    that shows itself (a Figure subclass with its own PNG) is drawn the same way. Outside
    IPython it does nothing. Returns True when it was set.

    Parameters
    ----------
    figure_format : {"retina", "svg"}
        ``retina``: PNG with twice the pixels, displayed at half (the default: right for
        meshes and images too); ``svg``: vectors.
    """
    if figure_format not in FIGURE_FORMATS:
        raise ValueError(_("figure_format must be one of {options}, got {value!r}").format(
            options=", ".join(FIGURE_FORMATS), value=figure_format))
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "display_formatter") or not hasattr(shell, "config"):
        return False
    # read by the inline backend when pyplot loads it later in this kernel
    shell.config.InlineBackend.figure_formats = {figure_format}
    inline = sys.modules.get("matplotlib_inline.config")
    if inline is not None and inline.InlineBackend.initialized():
        inline.InlineBackend.instance().figure_formats = {figure_format}
    if "matplotlib.figure" in sys.modules:
        from IPython.core.pylabtools import select_figure_formats

        select_figure_formats(shell, {figure_format}, **_PRINT_KWARGS)
    else:   # matplotlib is not loaded yet: name the type, so registering costs no import
        formatters = shell.display_formatter.formatters
        if figure_format == "retina":
            formatters["image/png"].for_type_by_name("matplotlib.figure", "Figure", _retina)
        else:
            def _svg(fig: object) -> str:
                from IPython.core.pylabtools import print_figure

                return print_figure(fig, "svg", **_PRINT_KWARGS)

            formatters["image/svg+xml"].for_type_by_name("matplotlib.figure", "Figure", _svg)
    return True


def retina_png(fig: object, *, dpi: float | None = None) -> tuple[bytes, dict[str, int]]:
    """A matplotlib figure as a PNG with twice the pixels, and the CSS size to show it at.

    For a domain object's ``_repr_png_``: returning this pair makes a notebook show the
    picture at ``width`` × ``height`` CSS px, sharp at device scale 2::

        def _repr_png_(self):
            return retina_png(self.figure())

    (:func:`retina_bundle` gives the same as a ``_repr_mimebundle_``, for a class whose
    ``_repr_png_`` should stay plain bytes.)

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : float, optional
        CSS pixels per inch of the figure (its own ``dpi`` by default); the PNG has twice this.
    """
    import io
    import struct

    buffer = io.BytesIO()
    scale = float(dpi if dpi is not None else fig.dpi)  # type: ignore[attr-defined]
    fig.savefig(buffer, format="png", dpi=2 * scale, bbox_inches="tight")  # type: ignore[attr-defined]
    data = buffer.getvalue()
    width, height = struct.unpack(">II", data[16:24])   # the PNG header's pixel size
    return data, {"width": width // 2, "height": height // 2}


def retina_bundle(fig: object, *, dpi: float | None = None) -> tuple[dict[str, bytes], dict[str, dict[str, int]]]:
    """:func:`retina_png` as ``(data, metadata)`` for a ``_repr_mimebundle_``.

    A notebook shows the picture at its natural size, sharp at device scale 2, while the
    object's ``_repr_png_`` can go on returning plain PNG bytes for code that saves them::

        def _repr_mimebundle_(self, include=None, exclude=None):
            return retina_bundle(self.figure())
    """
    data, size = retina_png(fig, dpi=dpi)
    return {"image/png": data}, {"image/png": size}


def _segments_cross(x0, y0, x1, y1, box) -> object:
    """For each segment (x0, y0)-(x1, y1) [display px], whether it enters ``box`` (Liang-Barsky clipping)."""
    import numpy as np

    t_in, t_out = np.zeros(x0.shape), np.ones(x0.shape)
    ok = np.ones(x0.shape, dtype=bool)
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 - box.x0), (dx, box.x1 - x0), (-dy, y0 - box.y0), (dy, box.y1 - y0)):
        flat = p == 0
        ok &= ~(flat & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(flat, 0.0, q / np.where(flat, 1.0, p))
        t_in = np.where(~flat & (p < 0), np.maximum(t_in, t), t_in)
        t_out = np.where(~flat & (p > 0), np.minimum(t_out, t), t_out)
    return ok & (t_in <= t_out)


def legend_overlaps(fig: object, *, margin: float = 2.0, draw: bool = True) -> list[str]:
    """What a legend inside its axes covers: the lines, points and bars drawn under it.

    Empty when every legend sits over empty space or outside the plot. A line counts when one
    of its drawn segments passes under the legend box shrunk by ``margin`` CSS px (a line that
    only touches its edge does not). For checking lesson figures; the explorers draw their
    legends in a band above the plot, where nothing can be under them. ``draw=False`` reads
    the positions of the last drawing (right after the figure was saved or shown).

    Examples
    --------
    >>> import matplotlib
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(4, 3))
    >>> ax = fig.add_subplot()
    >>> _ = ax.plot([0, 1], [0, 1], label="rising")
    >>> _ = ax.legend(loc="upper left")
    >>> legend_overlaps(fig)
    []
    >>> _ = ax.legend(loc="center")
    >>> legend_overlaps(fig)
    ["the legend of axes 1 covers the line 'rising'"]
    """
    import numpy as np

    if draw:
        fig.draw_without_rendering()  # type: ignore[attr-defined]
    found = []
    for k, ax in enumerate(fig.axes, start=1):  # type: ignore[attr-defined]
        legend = ax.get_legend()
        if legend is None or not legend.get_visible():
            continue
        frame, area = legend.get_window_extent(), ax.get_window_extent()
        if frame.x1 <= area.x0 or frame.x0 >= area.x1 or frame.y1 <= area.y0 or frame.y0 >= area.y1:
            continue   # beside or below the plot: nothing drawn can be under it
        box = frame.padded(-margin * fig.dpi / 100)  # type: ignore[attr-defined]
        title = ax.get_title() or f"axes {k}"
        name = f"the legend of {title}"

        def inside(xy, box=box):
            return (xy[:, 0] > box.x0) & (xy[:, 0] < box.x1) & (xy[:, 1] > box.y0) & (xy[:, 1] < box.y1)

        for line in ax.get_lines():
            if not line.get_visible():
                continue
            xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
            xy = xy[np.isfinite(xy).all(axis=1)]
            if xy.size == 0:
                continue
            hit = bool(inside(xy).any()) if line.get_marker() not in (None, "", "None", " ") else False
            if not hit and line.get_linestyle() not in ("None", "", " ") and len(xy) > 1:
                hit = bool(_segments_cross(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1], box).any())
            if hit:
                label = line.get_label()
                found.append(f"{name} covers the line {label!r}" if not label.startswith("_")
                             else f"{name} covers an unlabelled line")
        for points in ax.collections:
            offsets = getattr(points, "get_offsets", lambda: np.empty((0, 2)))()
            if not points.get_visible() or len(offsets) == 0 or not hasattr(points, "get_sizes"):
                continue
            xy = points.get_offset_transform().transform(np.asarray(offsets, dtype=float))
            if inside(xy[np.isfinite(xy).all(axis=1)]).any():
                found.append(f"{name} covers points of {points.get_label()!r}")
        for patch in ax.patches:
            extent = patch.get_window_extent()
            if patch.get_visible() and extent.overlaps(box):
                found.append(f"{name} covers a bar or shape")
                break
    return found
