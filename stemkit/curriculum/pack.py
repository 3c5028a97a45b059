"""Student editions packed as one zip per track, to hand out on a USB stick, a class drive or an LMS.

Each zip holds ``<track>/<NN>-<slug>.ipynb`` student editions (made by
:func:`stemkit.curriculum.release.student_edition`, straight from the teacher
sources, never from files on disk that someone may have edited) and a short
``README.txt`` on how to open them. The zip is the same byte for byte each time
it is made from the same lessons (fixed file times, sorted names), so a teacher
can tell whether a pack changed.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from stemkit.curriculum.catalog import TRACK_TITLES
from stemkit.curriculum.key import KeyError_, record_lessons
from stemkit.curriculum.notebook import TRACKS, find_lessons, lessons_dir, read_notebook, repo_root
from stemkit.curriculum.outputs import OutputError, open_output
from stemkit.curriculum.release import ReleaseError, student_edition
from stemkit.i18n import _

__all__ = ["pack_track", "pack", "PACK_NAME"]

PACK_NAME = "stemkit-{track}-student.zip"
_EPOCH = (2020, 1, 1, 0, 0, 0)   # fixed time stamp in the zip: the same lessons give the same bytes


def _readme(track: str, names: list[str]) -> str:
    lines = [
        _("stemkit: {title}, student notebooks").format(title=TRACK_TITLES.get(track, track)),
        "",
        _("Open these notebooks in JupyterLab (on a stemkit machine: `make lab`; or upload them to your class JupyterHub)."),
        _("Run the cells from the top with Shift+Enter. Each exercise has a check cell below it that tells you what is right."),
        "",
        _("Lessons in this pack:"),
    ]
    lines += [f"- {track}/{n}" for n in names]
    return "\n".join(lines) + "\n"


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def pack_track(track: str, out: str | Path, *, root: Path | None = None) -> Path:
    """Write ``out/stemkit-<track>-student.zip`` with the track's student editions; returns its path."""
    if track not in TRACKS:
        raise ValueError(_("track must be one of {tracks}, got {value!r}").format(tracks=", ".join(TRACKS), value=track))
    root = root or repo_root()
    out = Path(out).resolve()
    src = lessons_dir(root).resolve()
    if out == src or out.is_relative_to(src):
        raise ReleaseError(_("refusing to write packs into {out}: it is inside the teacher sources in {src}. "
                             "Choose another folder, e.g. build/packs").format(out=out, src=src))
    lessons = [lf for lf in find_lessons(root) if lf.track == track]
    if not lessons:
        raise ValueError(_("track {track!r} has no lessons yet").format(track=track))
    try:
        folder = open_output(out, command="pack", root=root, example="build/packs")
        target = folder.target(PACK_NAME.format(track=track))
    except OutputError as exc:
        raise ReleaseError(str(exc)) from None
    tmp = target.with_suffix(".zip.part")
    names = []
    lessons = sorted(lessons, key=lambda lf: lf.path.name)
    try:
        keys = record_lessons([lf.path for lf in lessons], cache=True)
    except KeyError_ as exc:
        raise ReleaseError(str(exc)) from None
    with zipfile.ZipFile(tmp, "w") as zf:
        for lf, key in zip(lessons, keys, strict=True):
            nb = student_edition(read_notebook(lf.path), key)
            _add(zf, f"{track}/{lf.path.name}", (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
            names.append(lf.path.name)
        _add(zf, f"{track}/README.txt", _readme(track, names).encode("utf-8"))
    tmp.replace(target)
    folder.record(target)
    return target


def pack(out: str | Path, tracks: list[str] | None = None, *, root: Path | None = None) -> list[Path]:
    """One zip per track (default: every track that has lessons); returns the paths written."""
    root = root or repo_root()
    present = [t for t in TRACKS if any(lf.track == t for lf in find_lessons(root))]
    return [pack_track(t, out, root=root) for t in (tracks or present)]
