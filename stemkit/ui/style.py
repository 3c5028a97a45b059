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

__all__ = ["FIGURE_FORMATS", "crisp_figures", "retina_bundle", "retina_png"]

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
